"""The folded text of one document as the entity recognizers see it: clauses segmented
lazily (jieba, once per clause), word tests from the lexicon and jieba's tags (stop word,
place, proper-name evidence); where a name may start (`trim_left`) is name_start.py's. Also
`EntitySpan`, the span every recognizer proposes.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from ..ruleset.disk_cache import cache_key, cached
from ..ruleset.entity_rules import EntityLexicon
from .dictionary import WordTags, dictionary_digest, dictionary_text, packed_tags, parse_tags
from ..model import record
from ..ruleset.rule_files import _alternation
from ..text.segment import Segmenter
from .word_classes import BODY_LEVELS, NUMERAL_CHARS, PROPER_TAGS, RESULT_TAGS, WordClasses
from .name_start import FIRST_STOP_TAGS, NameStart

# (a unit's count times its size, a capacity a year inside a project's name: 江城2×66万千瓦煤电项目,
# 某公司30万吨/年乙二醇项目)
NAME_UNIT = r"(?:[\p{Han}A-Za-z0-9&·]|\([\p{Han}]{2,8}\)|—(?=\p{Han})|(?<=[0-9０-９])×(?=[0-9０-９])|(?<=[吨瓦台套件辆米方])/(?=年))"  # 中国—东盟
NAME_UNIT_RE = regex.compile(NAME_UNIT)
CLAUSE_EDGE = re.compile(r"[，,。；;！!？?：:\n“”\"‘’《》【】]")  # `re`: plain classes scan ~2x faster than in `regex`
PARENTHESIS = regex.compile(r"\([^()]*\)")
OPEN_QUOTES, CLOSE_QUOTES = "“\"‘'「", "”\"’'」"
SCOPE_CHARS = "全各每本该"  # before a level they say "every" or "this", no place's name (全省, 各市)
MAX_WORD = 32  # longer than any word of jieba's or the rules' dictionaries
# Closed-class tags (particles, prepositions, pronouns, adverbs, numerals …): a name never
# runs across them. Proper-noun tags are evidence that a word is part of a name.
CLOSED_TAGS = frozenset({"p", "c", "r", "d", "m", "q", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o"})


@lru_cache(maxsize=1)
def dictionary_tags() -> WordTags:
    """jieba's own part-of-speech tags for closed-class and proper-noun words (read once).

    Kept in the disk cache keyed by dict.txt's bytes and the tags wanted, packed (packed_tags):
    loading it takes a few milliseconds where parsing the file takes 0.47 s, and each word is
    looked up in it at its first use (WordTags)."""
    # Sorted fully (not by length alone): a set's order changes with each process's hash seed.
    wanted = "|".join(sorted(CLOSED_TAGS | PROPER_TAGS | FIRST_STOP_TAGS | RESULT_TAGS, key=lambda tag: (-len(tag), tag)))
    return WordTags(*cached("dictionary_tags", cache_key(dictionary_digest(), wanted.encode(), PACKED_TAGS),
                            lambda: packed_tags(parse_tags(dictionary_text(), wanted))))


# The cached form (part of its key)
PACKED_TAGS = b"newline, word, tab, its tag's character; grouped by bucket(); the tags; the groups' starts"


@lru_cache(maxsize=8)
def _region_patterns(region_ends: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    """A word that is a region (武清区), and a run of regions just before a position (backwards)."""
    region = _alternation(list(region_ends))
    return (regex.compile(rf"\p{{Han}}{{1,8}}?(?:{region})"),
            regex.compile(rf"(?r)(?:\p{{Han}}{{2,6}}?(?:{region}))+\Z"))


@lru_cache(maxsize=8)
def _zone_head_words(zone_heads: frozenset[str]) -> tuple[str, ...]:
    """The zones' heads for str.startswith, made once a lexicon (not once a document); none is
    the empty word, which starts anywhere (as the empty alternation it replaced matched)."""
    return tuple(sorted(zone_heads)) or ("",)


@record
class EntitySpan:
    """An org or project found in the folded text; `canonical` is set by short-form rules."""

    start: int
    end: int
    type: str
    rule_id: str
    canonical: Optional[str] = None
    priority: int = 0  # equal spans: the lower wins (a curated name beats a suffix guess)


class SegmentedClauses(NamedTuple):
    """The clauses a SegmentedText segmented, as flat arrays (a large file's first pass hands
    them to its second, which would segment the same clauses of the same text again)."""

    starts: array  # clause i is text[starts[i]:ends[i]]
    ends: array
    first_word: array  # its words are words[first_word[i]:first_word[i + 1]]
    word_starts: array
    word_ends: array


class SegmentedText(WordClasses, NameStart):
    """The folded text with lazily segmented clauses and the lexicon's word tests."""

    def __init__(self, text: str, segmenter: Segmenter, lexicon: EntityLexicon,
                 segmented: Optional[SegmentedClauses] = None) -> None:
        """`segmented`: clauses of this same text that another SegmentedText segmented."""
        self.text = text
        self.segmenter = segmenter
        self.lex = lexicon
        self.tags = dictionary_tags()
        self.word_tests = lexicon.word_tests  # (is_stop, is_place: the memo read before _word_test is called)
        # clause start -> (start, end, (end, words, word edges, word starts for bisection))
        self._clauses: dict[int, tuple[int, int, tuple]] = {}
        self._segmented = segmented
        # clause start -> its index in `segmented`
        self._known = {start: i for i, start in enumerate(segmented.starts)} if segmented is not None else {}
        self._edges = [m.start() for m in CLAUSE_EDGE.finditer(text)]
        self._region_word, self.region_before = _region_patterns(lexicon.region_ends)
        self._last: tuple = (1, 0, None)  # (lo, hi, result) of the last clause looked up
        # Brands by their shape that the text did not show to be companies (高村|科技): no org,
        # but a proper core of a project around them (高村科技创新园).
        self.brand_shapes: list[tuple[int, int]] = []
        self.zone_head_words = _zone_head_words(lexicon.zone_heads)  # (WordClasses.shown_place)
        self.shown_places: dict[str, bool] = {}  # word -> evidence that it is a place (WordClasses.shown_place)
        self.modifiers: dict[str, bool] = {}  # word -> a common modifier in this text (WordClasses.modifier)
        # (test, word) -> whether the text's occurrences of the word pass it (WordClasses.series, before_site …)
        self.text_tests: dict[tuple[str, str], bool] = {}
        self.brand_end_starts: Optional[list[int]] = None  # where a legal form or 集团 starts (shown_names.py)
        self.before_brand_ends: dict[int, set[str]] = {}  # length -> the texts of that length before one

    def _clause(self, position: int) -> tuple[int, list[tuple[int, int]], set[int]]:
        """(end, words, word edges) of the clause holding `position`, segmented once."""
        hi, spans, edges, _ = self._clause_with_starts(position)
        return hi, spans, edges

    def _clause_with_starts(self, position: int) -> tuple[int, list[tuple[int, int]], set[int], tuple[int, ...]]:
        last = self._last
        if last[0] <= position <= last[1]:
            return last[2]  # most look-ups fall in the clause of the one before
        edges = self._edges
        i = bisect_right(edges, position - 1)
        lo = edges[i - 1] + 1 if i > 0 else 0
        entry = self._clauses.get(lo)
        if entry is None or position > entry[1]:
            hi = max(edges[i] if i < len(edges) else len(self.text), position)
            spans = self._known_words(lo, hi) if self._known else None
            if spans is None:
                spans = self.segmenter.clause_words(self.text, lo, hi)
            starts, ends = zip(*spans) if spans else ((), ())
            entry = self._clauses[lo] = (lo, hi, (hi, spans, {*starts, *ends}, starts))
        self._last = entry
        return entry[2]

    def _known_words(self, lo: int, hi: int) -> Optional[list[tuple[int, int]]]:
        """The words of clause [lo, hi) when `segmented` holds that very clause."""
        index = self._known.get(lo)
        if index is None:
            return None
        known = self._segmented
        assert known is not None
        if known.ends[index] != hi:
            return None
        a, b = known.first_word[index], known.first_word[index + 1]
        return list(zip(known.word_starts[a:b], known.word_ends[a:b]))

    def segmented(self) -> SegmentedClauses:
        """Every clause segmented so far, for a later SegmentedText of the same text."""
        starts, ends, first = array("q"), array("q"), array("q")
        word_starts, word_ends = array("q"), array("q")
        for lo, hi, (_, spans, _, _) in self._clauses.values():
            starts.append(lo)
            ends.append(hi)
            first.append(len(word_starts))
            word_starts.extend(s for s, _ in spans)
            word_ends.extend(e for _, e in spans)
        first.append(len(word_starts))
        return SegmentedClauses(starts, ends, first, word_starts, word_ends)

    def words(self, start: int, end: int) -> list[tuple[int, int]]:
        """Word spans of the clauses that cover [start, end)."""
        hi, spans, _ = self._clause(start)
        if end <= hi:
            return spans
        spans = list(spans)
        while end > hi:
            hi, more, _ = self._clause(hi + 1)
            spans.extend(more)
        return spans

    def boundaries(self, start: int, end: int) -> set[int]:
        last = self._last  # _clause_with_starts' own first test, inlined (as in starting)
        hi, _, edges, _ = last[2] if last[0] <= start <= last[1] else self._clause_with_starts(start)
        if end <= hi:
            return edges
        spans = self.words(start, end)
        return {s for s, _ in spans} | {e for _, e in spans}

    def starting(self, start: int, end: int) -> list[tuple[int, int]]:
        """Words that start in [start, end), found by bisection: a long clause (a page with no
        punctuation) is not scanned whole for every candidate."""
        last = self._last  # _clause_with_starts' own first test, inlined: this runs for most look-ups
        hi, spans, _, starts = last[2] if last[0] <= start <= last[1] else self._clause_with_starts(start)
        found = spans[bisect_left(starts, start) : bisect_left(starts, end)]
        while end > hi and hi < len(self.text):
            hi, spans, _, starts = self._clause_with_starts(hi + 1)
            found.extend(spans[bisect_left(starts, start) : bisect_left(starts, end)])
        return found

    def word_at(self, position: int) -> Optional[tuple[int, int]]:
        """The word that starts at `position`, or None (a clause's words never overlap: one at most)."""
        found = self.starting(position, position + 1)
        return found[0] if found else None

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """Words that may touch [start, end]: those starting from a long word's length before it,
        within the clauses that hold [start, end] (no other clause is segmented for it)."""
        i = bisect_right(self._edges, start - 1)
        lo = self._edges[i - 1] + 1 if i > 0 else 0
        j = bisect_right(self._edges, end - 1)
        hi = self._edges[j] if j < len(self._edges) else len(self.text)
        return self.starting(max(lo, start - MAX_WORD), min(end + 1, max(hi, end)))

    def inner_words(self, start: int, end: int) -> list[tuple[int, int]]:
        """Words inside [start, end); a word running past `end` is cut there (生物|谷)."""
        words = self.starting(start, end)  # a new list, in order: only its last word can run past `end`
        if words and words[-1][1] > end:
            words[-1] = (words[-1][0], end)
        return words

    def is_stop(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        return (self.word_tests.get(word) or self._word_test(word))[0]  # (the memo first: one call less a look-up)

    def is_place(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        return (self.word_tests.get(word) or self._word_test(word))[1]

    def _word_test(self, word: str) -> tuple[bool, bool]:
        """(stop word, place) for a word, computed once per lexicon: the same words come back
        in every document."""
        memo = self.lex.word_tests
        found = memo.get(word)
        if found is None:
            if len(memo) > 200_000:
                memo.clear()  # a bound, so memory stays flat over any corpus
            found = memo[word] = (self._stop(word), self._place(word))
        return found

    def _stop(self, word: str) -> bool:
        if word in ("(", ")"):
            return False  # inside a name run a parenthesis holds a region: 丹佛斯(天津)有限公司
        if word in self.lex.places:
            return False  # jieba tags a few cities as adverbs (大连/d)
        return word in self.lex.left_stop or self.tags.get(word) in CLOSED_TAGS or not NAME_UNIT_RE.match(word)

    def tag_at(self, start: int, end: int) -> Optional[str]:
        """jieba's tag of text[start:end], except that a single character tagged a numeral that
        writes no number and follows none (日 in 湖北|新|日|电动车, not 月 in 7|月) is a name's."""
        word = self.text[start:end]
        tag = self.tags.get(word)
        if tag == "m" and end - start == 1 and word not in NUMERAL_CHARS and start > 0 and not (
                self.text[start - 1].isdigit() or self.text[start - 1] in NUMERAL_CHARS):
            return None
        return tag

    def _place(self, word: str) -> bool:
        if word[:1] in SCOPE_CHARS or all(c in SCOPE_CHARS or c in BODY_LEVELS for c in word):
            return False  # 全省, 各市, 省市县: a scope of places, not one
        return self.tags.get(word) == "ns" or word in self.lex.places or (
            word not in self.lex.region_ends and self._region_word.fullmatch(word) is not None)

    def is_region_text(self, start: int, end: int) -> bool:
        """天津市武清区, 武清开发区: place words only, or a run ending in a region word."""
        words = self.inner_words(start, end)
        if words and all(self.is_place(s, e) for s, e in words):
            return True
        return end - start >= 3 and self._region_word.fullmatch(self.text, start, end) is not None

    def evidence(self, start: int, end: int) -> bool:
        """Part of a proper name: a proper-noun word, a place, or two or more single characters
        in a row that jieba knows only one by one (高村, 新伟祥)."""
        run = 0
        for s, e in self.inner_words(start, end):
            if self.tags.get(self.text[s:e]) in PROPER_TAGS or self.is_place(s, e):
                return True
            run = run + 1 if e - s == 1 and not self.is_stop(s, e) else 0
            if run >= 2:
                return True
        return False

    def quoted(self, start: int, end: int) -> bool:
        return start > 0 and end < len(self.text) and self.text[start - 1] in OPEN_QUOTES and self.text[end] in CLOSE_QUOTES
