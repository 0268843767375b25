"""jieba's dictionary as the name tests read it: where it is, and which of its proper-noun words
are common words (how often its corpus used them)."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from ..ruleset.disk_cache import cache_key, cached

# jieba tags a few frequent common words as a person's or an institution's name (文明/nr 6584,
# 康复/nr 1018, 双拥/nr 863, 国际化/nt 689, 养老/nr 651); names it tags so are rarer (张家界/nr 193,
# 白沙/nr 81, 丹佛斯/nr 3). Above this count in its corpus such a word is a common word.
COMMON_COUNT = 250
COMMON_TAGS = "nr|nt"
# Places jieba's corpus used often are common nouns as much as names (旧城/ns 279, 关联/ns 364,
# 深度 1930); China's own places it uses often are divisions, which the tests know otherwise
# (兰州, 赣州). A landform's name it knows is rarer than a landform's common noun (太湖 502,
# 西湖 567 / 大海 1186, 高山 1202, 海峡 1629).
COMMON_PLACE_COUNT = 250
COMMON_LANDFORM_COUNT = 1000


def jieba_dictionary() -> Path:
    """jieba's dict.txt, found without importing jieba: its import pulls in pkg_resources
    (~0.15 s of every process's start-up), and segmentation runs on rjieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed; its dictionary holds the part-of-speech tags")
    return Path(spec.origin).with_name("dict.txt")


def _common_words(name: str, tags: str, count: int) -> frozenset[str]:
    """Words of two or more characters jieba tags one of `tags` that its corpus used more than
    `count` times (read once, kept in the disk cache)."""
    data = jieba_dictionary().read_bytes()
    key = cache_key(data, tags.encode(), str(count).encode())
    words = cached(name, key, lambda: "\n".join(
        word for word, used in re.findall(rf"(?m)^(\S{{2,}})[ \t]+(\d+)[ \t]+(?:{tags})[ \t]*\r?$", data.decode("utf-8"))
        if int(used) > count))
    return frozenset(words.split("\n"))


@lru_cache(maxsize=1)
def common_proper_words() -> frozenset[str]:
    """Words jieba tags a person's or an institution's that its corpus used more than
    COMMON_COUNT times: common words."""
    return _common_words("common_proper_words", COMMON_TAGS, COMMON_COUNT)


@lru_cache(maxsize=1)
def common_place_words() -> frozenset[str]:
    """Words jieba tags a place that its corpus used more than COMMON_PLACE_COUNT times."""
    return _common_words("common_place_words", "ns", COMMON_PLACE_COUNT)


@lru_cache(maxsize=1)
def common_landform_words() -> frozenset[str]:
    """Words jieba tags a place that its corpus used more than COMMON_LANDFORM_COUNT times."""
    return _common_words("common_landform_words", "ns", COMMON_LANDFORM_COUNT)
