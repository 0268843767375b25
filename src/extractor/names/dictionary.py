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


def jieba_dictionary() -> Path:
    """jieba's dict.txt, found without importing jieba: its import pulls in pkg_resources
    (~0.15 s of every process's start-up), and segmentation runs on rjieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed; its dictionary holds the part-of-speech tags")
    return Path(spec.origin).with_name("dict.txt")


@lru_cache(maxsize=1)
def common_proper_words() -> frozenset[str]:
    """Words of two or more characters jieba tags a person's or an institution's that its corpus
    used more than COMMON_COUNT times: common words (read once, kept in the disk cache)."""
    data = jieba_dictionary().read_bytes()
    key = cache_key(data, COMMON_TAGS.encode(), str(COMMON_COUNT).encode())
    words = cached("common_proper_words", key, lambda: "\n".join(
        word for word, count in re.findall(rf"(?m)^(\S{{2,}})[ \t]+(\d+)[ \t]+(?:{COMMON_TAGS})[ \t]*\r?$", data.decode("utf-8"))
        if int(count) > COMMON_COUNT))
    return frozenset(words.split("\n"))
