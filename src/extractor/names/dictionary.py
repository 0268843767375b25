"""jieba's dictionary as the name tests read it: where it is, each word's tag (WordTags), and
which of its proper-noun words are common words (how often its corpus used them)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Optional

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


@lru_cache(maxsize=1)
def dictionary_digest() -> bytes:
    """The SHA-256 of dict.txt, the part of each table's key (disk cache) built from it: read and
    hashed once a process (each of the five tables read and hashed the 5 MB file again, 0.14 G
    instructions apiece under cachegrind)."""
    return hashlib.sha256(jieba_dictionary().read_bytes()).digest()


def dictionary_text() -> str:
    """dict.txt's text, for a table the disk cache does not hold yet."""
    return jieba_dictionary().read_bytes().decode("utf-8")


# A word's tag in the packed dictionary: one character from "A" on (never a newline nor a tab).
FIRST_TAG_CHAR = 0x41
# Words WordTags keeps: every word found, and the words not found until the table holds this
# many (as many entries as the whole table had when it was built eagerly; a document looks up a
# few thousand distinct words, a hundred short reports about 4,000, the 31 work reports 6,600).
KEPT_LOOKUPS = 300_000
BUCKETS = 1 << 16  # groups of the packed table: about 27 characters searched a look-up


def parse_tags(text: str, wanted: str) -> dict[str, str]:
    """word -> tag of dict.txt's words whose tag is one of `wanted` (an alternation)."""
    # One pass of the standard re over the 350,000-line file instead of a Python loop (0.7 s
    # -> 0.3 s); `regex` is slower at this one.
    return dict(re.findall(rf"(?m)^(\S+)[ \t]+\d+[ \t]+({wanted})[ \t]*\r?$", text))


def bucket(word: str) -> int:
    """The group of the packed table that holds `word` (a non-empty string): its first, middle and
    last characters and its length, hashed. Python's own str hash changes with each process's
    seed; by first character alone the groups ran to 20,000 characters, searched at every look-up."""
    return (ord(word[0]) * 1000003 ^ ord(word[len(word) // 2]) * 8191 ^ ord(word[-1]) * 131 ^ len(word)) % BUCKETS


def packed_tags(tags: dict[str, str]) -> tuple[str, tuple[str, ...], bytes]:
    """The table as WordTags reads it: one string of "\\n" + word + "\\t" + its tag's character
    for every word, grouped by bucket(word); the tags; where each group starts (BUCKETS + 1
    unsigned ints, the last the string's end)."""
    kinds = tuple(sorted(set(tags.values())))
    letter = {tag: chr(FIRST_TAG_CHAR + k) for k, tag in enumerate(kinds)}
    groups: list[list[str]] = [[] for _ in range(BUCKETS)]
    for word, tag in tags.items():
        groups[bucket(word)].append(f"\n{word}\t{letter[tag]}")
    parts, starts, at = [], array("I"), 0
    for group in groups:
        starts.append(at)
        part = "".join(group)
        parts.append(part)
        at += len(part)
    starts.append(at)
    return "".join(parts), kinds, starts.tobytes()


class WordTags(dict):
    """jieba's tag of a dictionary word, `get(word)` (None for a word it does not hold), found
    in the packed table (packed_tags) at a word's first look-up and kept.

    Building the 218,000 words as a dict took 0.33 G instructions (about 0.1 s) of every
    process's start-up; a document looks up a few thousand distinct words."""

    __slots__ = ("_packed", "_kinds", "_starts")

    def __init__(self, packed: str, kinds: tuple[str, ...], starts: bytes) -> None:
        super().__init__()
        self._packed, self._kinds, self._starts = packed, kinds, memoryview(starts).cast("I")

    def __missing__(self, word: str) -> Optional[str]:
        tag = None
        if word and "\n" not in word and "\t" not in word:  # (no word holds either)
            k = bucket(word)
            at = self._packed.find(f"\n{word}\t", self._starts[k], self._starts[k + 1])
            if at >= 0:
                tag = self._kinds[ord(self._packed[at + len(word) + 2]) - FIRST_TAG_CHAR]
        if tag is not None or len(self) < KEPT_LOOKUPS:
            self[word] = tag
        return tag

    # `tags.get(word)` at a dict's speed: dict's own subscript, which calls __missing__ for a word
    # not looked up before. One argument only (no default).
    get = dict.__getitem__  # type: ignore[assignment]


def _counted_words(tags: str) -> list[tuple[str, int]]:
    """(word, how often jieba's corpus used it) of dict.txt's words of two or more characters whose
    tag is one of `tags` (an alternation), for a table the disk cache does not hold yet."""
    return [(word, int(used)) for word, used in re.findall(
        rf"(?m)^(\S{{2,}})[ \t]+(\d+)[ \t]+(?:{tags})[ \t]*\r?$", dictionary_text())]


def _common_words(name: str, tags: str, count: int) -> frozenset[str]:
    """Words of two or more characters jieba tags one of `tags` that its corpus used more than
    `count` times (read once, kept in the disk cache)."""
    key = cache_key(dictionary_digest(), tags.encode(), str(count).encode())
    words = cached(name, key, lambda: "\n".join(word for word, used in _counted_words(tags) if used > count))
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


# Tags under which jieba's dictionary holds a division's short name as a common word (怀化/v,
# 遵义/v, 三门/m, 义乌/nz, 平凉/a, 永定/d, 五常/t, 天水/n, 信阳/n): not a place's (ns) nor a
# person's (tested otherwise), nor a space's (市北/s, 路南/s: words of a street).
MISREAD_PLACE_TAGS = "v|m|nz|a|d|t|n"


@lru_cache(maxsize=1)
def misread_divisions() -> dict[str, bool]:
    """Short names of divisions that jieba's dictionary tags a common word's class
    (MISREAD_PLACE_TAGS) and its corpus used rarely (兴化/v 73, not 振兴/v 659 nor 比如/v 5621: common
    words first), or a prefecture's whatever its count (开封/v 1696): word -> True for a province's or
    a prefecture's, False for a county's (安居/v: a county's name and a common word alike, which
    the document must show a place's)."""
    from ..ruleset.divisions import divisions, short_form, table_key
    from ..ruleset.rules import engine_digest

    # (the division table and the code that reads it are sources too: an edit to either builds it again)
    key = cache_key(dictionary_digest(), MISREAD_PLACE_TAGS.encode(), str(COMMON_PLACE_COUNT).encode(),
                    table_key().encode(), engine_digest().encode())

    def build() -> str:
        counts = dict(_counted_words(MISREAD_PLACE_TAGS))
        words: dict[str, str] = {}
        for division in divisions():
            short = short_form(division.name)
            high = division.level in ("province", "city")
            if short in counts and (high or counts[short] <= COMMON_PLACE_COUNT) and words.get(short) != "1":
                words[short] = "1" if high else "0"
        return "\n".join(f"{word}\t{level}" for word, level in sorted(words.items()))

    return {word: level == "1" for word, level in (line.split("\t") for line in cached("misread_divisions", key, build).split("\n"))}
