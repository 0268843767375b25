"""Folded text -> org and project spans, by the recognizers named in rules/orgs.yaml and
rules/projects.yaml. Patterns are compiled once per RuleSet; jieba is run only on the
clauses that hold a candidate, once per clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import jieba
import regex

from .entity_rules import EntityLexicon, EntityRule
from .rules import RuleSet, _alternation, trie_alternation
from .segment import Segmenter

NAME_UNIT = r"(?:[\p{Han}A-Za-z0-9&·]|\([\p{Han}]{2,8}\)|—(?=\p{Han}))"  # 中国—东盟
NAME_UNIT_RE = regex.compile(NAME_UNIT)
NAME_RUN_BEFORE = regex.compile(rf"(?r){NAME_UNIT}+\Z")  # the name characters just before a head
CLAUSE_EDGE = regex.compile(r"[，,。；;！!？?：:\n“”\"‘’《》【】]")
PARENTHESIS = regex.compile(r"\([^()]*\)")
OPEN_QUOTES, CLOSE_QUOTES = "“\"‘'「", "”\"’'」"
PHASE = regex.compile(r"[一二三四五六七八九十首]期")  # 一期, 二期: a phase of a project
PAREN_PHASE = regex.compile(r"\([一二三四五六七八九十首]期\)")  # …项目(一期)
LEVELS = "省市区县镇乡"  # one-character levels that may precede a known body: 县纪委
MAX_NAME = 24  # characters of name before a head word
MAX_WORD = 32  # longer than any word of jieba's or the rules' dictionaries
ENUM_ITEM = r"[^\s、，,。；;：:！!？?“”\"'‘’()（）《》【】等]{2,14}"
# Closed-class tags (particles, prepositions, pronouns, adverbs, numerals …): a name never
# runs across them. Proper-noun tags are evidence that a word is part of a name.
CLOSED_TAGS = frozenset({"p", "c", "r", "d", "m", "q", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o"})
PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
# Verbs, time and place words, idioms: a name does not start with one (受到|哈佛大学), though
# one may stand inside a name after its first word (铁科|纵横).
FIRST_STOP_TAGS = frozenset({"v", "vn", "vd", "ad", "t", "f", "s", "i", "l"})


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's own part-of-speech tags for closed-class and proper-noun words (read once)."""
    tags: dict[str, str] = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3 and (parts[2] in CLOSED_TAGS or parts[2] in PROPER_TAGS or parts[2] in FIRST_STOP_TAGS):
                tags[parts[0]] = parts[2]
    return tags


@lru_cache(maxsize=8)
def _region_patterns(region_ends: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    """A word that is a region (武清区), and a run of regions just before a position (backwards)."""
    region = _alternation(list(region_ends))
    return (regex.compile(rf"\p{{Han}}{{1,8}}?(?:{region})"),
            regex.compile(rf"(?r)(?:\p{{Han}}{{2,6}}?(?:{region}))+\Z"))


@dataclass(frozen=True)
class EntitySpan:
    """An org or project found in the folded text; `canonical` is set by short-form rules."""

    start: int
    end: int
    type: str
    rule_id: str
    canonical: Optional[str] = None
    priority: int = 0  # equal spans: the lower wins (a curated name beats a suffix guess)


class SegmentedText:
    """The folded text with lazily segmented clauses and the lexicon's word tests."""

    def __init__(self, text: str, segmenter: Segmenter, lexicon: EntityLexicon) -> None:
        self.text = text
        self.segmenter = segmenter
        self.lex = lexicon
        self.tags = dictionary_tags()
        # clause start -> words, word edges, word starts (for bisection)
        self._clauses: dict[int, tuple[list[tuple[int, int]], set[int], list[int]]] = {}
        self._edges = [m.start() for m in CLAUSE_EDGE.finditer(text)]
        self._region_word, self.region_before = _region_patterns(lexicon.region_ends)
        self._last: tuple = (1, 0, None)  # (lo, hi, result) of the last clause looked up

    def _clause(self, position: int) -> tuple[int, list[tuple[int, int]], set[int]]:
        """(end, words, word edges) of the clause holding `position`, segmented once."""
        hi, spans, edges, _ = self._clause_with_starts(position)
        return hi, spans, edges

    def _clause_with_starts(self, position: int) -> tuple[int, list[tuple[int, int]], set[int], list[int]]:
        last = self._last
        if last[0] <= position <= last[1]:
            return last[2]  # most look-ups fall in the clause of the one before
        i = bisect_right(self._edges, position - 1)
        lo = self._edges[i - 1] + 1 if i > 0 else 0
        hi = max(self._edges[i] if i < len(self._edges) else len(self.text), position)
        clause = self._clauses.get(lo)
        if clause is None:
            spans = self.segmenter.clause_words(self.text, lo, hi)
            clause = self._clauses[lo] = (spans, {s for s, _ in spans} | {e for _, e in spans}, [s for s, _ in spans])
        found = (hi, *clause)
        self._last = (lo, hi, found)
        return found

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
        hi, _, edges = self._clause(start)
        if end <= hi:
            return edges
        spans = self.words(start, end)
        return {s for s, _ in spans} | {e for _, e in spans}

    def starting(self, start: int, end: int) -> list[tuple[int, int]]:
        """Words that start in [start, end), found by bisection: a long clause (a page with no
        punctuation) is not scanned whole for every candidate."""
        hi, spans, _, starts = self._clause_with_starts(start)
        found = spans[bisect_left(starts, start) : bisect_left(starts, end)]
        while end > hi and hi < len(self.text):
            hi, spans, _, starts = self._clause_with_starts(hi + 1)
            found.extend(spans[bisect_left(starts, start) : bisect_left(starts, end)])
        return found

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
        return [(s, min(e, end)) for s, e in self.starting(start, end)]

    def is_stop(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        if word in ("(", ")"):
            return False  # inside a name run a parenthesis holds a region: 丹佛斯(天津)有限公司
        if word in self.lex.places:
            return False  # jieba tags a few cities as adverbs (大连/d)
        return word in self.lex.left_stop or self.tags.get(word) in CLOSED_TAGS or not NAME_UNIT_RE.match(word)

    def is_place(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        return self.tags.get(word) == "ns" or word in self.lex.places or (
            word not in self.lex.region_ends and self._region_word.fullmatch(word) is not None)

    def is_region_text(self, start: int, end: int) -> bool:
        """天津市武清区, 武清开发区: place words only, or a run ending in a region word."""
        words = self.inner_words(start, end)
        if words and all(self.is_place(s, e) for s, e in words):
            return True
        return end - start >= 3 and self._region_word.fullmatch(self.text, start, end) is not None

    def _numeric(self, word: str) -> bool:
        """A numeral, ordinal, measure word or phase (6, 第, 第一, 代, 层, 一期) as jieba cuts them."""
        return word.isdigit() or self.tags.get(word) in ("m", "q") or PHASE.fullmatch(word) is not None

    def trim_left(self, lo: int, keep: int, numbers: str = "") -> int:
        """The start of a name that may begin at `lo` and must include `keep`: the first word
        boundary at or after `lo`, moved past the last stop word (走进, 的, 其中 …).

        `numbers` lets numerals stand inside a name after a name word: "ordinal" for orgs
        (中国电子科技集团公司第五十四研究所, 附属第一医院; a bare number still ends a name:
        有限公司|12英寸晶圆厂), "all" for projects (京东方第6代…生产线项目, …公司64层…项目,
        产业园(一期)项目)."""
        start = keep
        words = self.starting(lo, keep)
        previous: Optional[tuple[int, int]] = None
        named = chain = unit = False  # the word before is a name word / an admitted numeral / a cut number
        for s, e in words:
            start = min(start, s)
            if e > keep:
                continue
            word = self.text[s:e]
            if word in ("(", ")"):
                continue
            if unit:  # the unit or measure word of a number that was cut: 12|英寸|晶圆厂
                start, unit = e, False
                continue
            if numbers and self._numeric(word):
                ordinal = word.startswith("第") or chain and word.isdigit()
                if (named or chain) and (numbers == "all" or ordinal):
                    chain = True
                    continue
                if word.isdigit() or s == start or self.is_stop(s, e):
                    start, named, chain, previous, unit = e, False, False, None, word.isdigit()
                    continue
            chain = False
            tag = self.tags.get(word)
            # A one-character verb sits inside a name only after a place (天津|爱|旭), not after
            # a name (中共中央|致|中国致公党); other single characters may be a brand's (融|创|地产).
            single_verb = tag == "v" and e - s == 1 and not (previous and self.is_place(*previous))
            if self.is_stop(s, e) or tag in FIRST_STOP_TAGS and (e - s > 1 and s == start or single_verb):
                start, named = e, False
            else:
                named = True
            previous = (s, e)
        return start

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


def _word_pattern(words: Iterable[str]) -> re.Pattern:
    """Any of `words`, longest first, behind a first-character test that skips most positions
    fast. Literal words only, so the standard `re` engine does it (about 3x faster than `regex`)."""
    words = list(words)
    if not words:
        return re.compile("(?!)")
    initials = "".join(sorted({re.escape(w[0]) for w in words}))
    return re.compile(f"(?=[{initials}])(?:{trie_alternation(words)})")


def _head_chains(doc: SegmentedText, pattern: re.Pattern) -> Iterator[tuple[int, int, int]]:
    """(first head start, last head start, end) of runs of adjacent head words that stand as
    words: the end is a word boundary, and a one-character head starts one (园 not in 园区)."""
    chain: Optional[list[int]] = None
    for match in pattern.finditer(doc.text):
        hs, he = match.span()
        edges = doc.boundaries(max(0, hs - 1), he)
        if he not in edges and not any(
                s < he < e and (doc.text[he:e] in doc.lex.titles or he - hs > 1 and e - he == 1 and doc.is_stop(he, e))
                for s, e in doc.near(hs, he)):
            continue  # 城市: the head runs on into a longer word (but 协会|会长 ends at the title, 分行|为 at a particle)
        if he - hs == 1 and hs not in edges and not any(s < hs and e == he for s, e in doc.near(hs, he)):
            continue  # 围城 is one word; 生物谷 too, but it ends with the head
        if chain is not None and chain[2] == hs:
            chain[1:] = [hs, he]
            continue
        if chain is not None:
            yield chain[0], chain[1], chain[2]
        chain = [hs, hs, he]
    if chain is not None:
        yield chain[0], chain[1], chain[2]


def _name_start(doc: SegmentedText, head_start: int, numbers: str = "") -> int:
    run = NAME_RUN_BEFORE.search(doc.text, max(0, head_start - MAX_NAME), head_start)
    return doc.trim_left(run.start() if run else head_start, head_start, numbers)


def _all_generic(doc: SegmentedText, start: int, end: int, generic: frozenset[str]) -> bool:
    return all(doc.text[s:e] in generic for s, e in doc.inner_words(start, end))


class Recognizers:
    """One method per recognizer name; each yields EntitySpans for the whole document."""

    def __init__(self, rules: RuleSet) -> None:
        lex = rules.entity_lexicon
        assert lex is not None, "entity rules were not loaded"
        self.lex = lex
        self.patterns = {r.id: _word_pattern(r.words) for r in rules.entity_rules if r.words}
        for rule in rules.entity_rules:
            if rule.recognizer == "gazetteer":  # curated words plus every name of org_gazetteer.txt
                self.patterns[rule.id] = _word_pattern(list(rule.words) + list(lex.gazetteer))
            self.patterns[rule.id + ".children"] = _word_pattern(rule.children)
        self.legal_form = _word_pattern(lex.legal_forms)
        heads = [w for r in rules.entity_rules if r.recognizer == "head" for w in r.words]
        self.project_heads = tuple(heads)
        enum_heads = _alternation(list(lex.org_enumeration_heads))
        # 等 + a category noun closes a list; the list itself is matched backwards from 等.
        self.enumeration_end = regex.compile(rf"等(?=[^，,。；;！!？?\n]{{0,10}}?(?:{enum_heads}))")
        self.enumeration_items = regex.compile(rf"(?r)(?P<items>{ENUM_ITEM}(?:、{ENUM_ITEM})*)\Z")
        project_enum = _alternation(list(lex.project_enumeration_heads))
        self.project_enumeration = regex.compile(
            rf"[”\"’']?(?:、[“\"‘']?{ENUM_ITEM}[”\"’']?)*等[^，,。；;！!？?\n]{{0,8}}?(?:{project_enum})")

    def suffix(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.patterns[rule.id]):
            start = _name_start(doc, first, "ordinal")
            company = None  # the last legal form before the head, in the name or just before it
            for company in self.legal_form.finditer(doc.text, max(0, start - 12), first):
                pass
            if company is not None and company.end() < first and all(
                    NAME_UNIT_RE.match(c) for c in doc.text[company.end() : start]):
                if doc.text[company.end()].isdigit():
                    continue  # 有限公司12英寸晶圆厂: a facility of the company, not an org
                if doc.text.endswith(self.lex.legal_forms, first, end) and not doc.text.endswith(
                        self.lex.branch_forms, first, end):  # 股份有限公司|子公司|中车唐山…有限公司
                    start = max(start, doc.trim_left(company.end(), first, "ordinal"))
            start = self._after_verb(doc, start, first, rule)
            if first == start or _all_generic(doc, start, first, self.lex.org_generic):
                continue
            # One character (党, 厂) ends a name only as the end of a word (国民党, 机床厂):
            # in 忠于党, 贯彻党的 it is the party, not a name.
            if end - first == 1 and (first - start < 2 or not any(s < first and e == end for s, e in doc.near(first, end))):
                continue
            yield EntitySpan(start, end, rule.type, rule.id, priority=3)

    def _after_verb(self, doc: SegmentedText, start: int, first: int, rule: EntityRule) -> int:
        """A name does not run on across a complete name and a verb: 大连理工大学化工学院|共建|实验室."""
        previous = ""
        for s, e in doc.inner_words(start, first):
            word = doc.text[s:e]
            if previous.endswith(rule.words) and e - s > 1 and doc.tags.get(word) == "v":
                start = e
            previous = word
        return start

    def regional(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.patterns[rule.id]):
            start = _name_start(doc, first)
            if start < first and doc.is_region_text(start, first):
                child = self.patterns[rule.id + ".children"].match(doc.text, end)
                if child and child.end() in doc.boundaries(end, child.end()):
                    end = child.end()  # 滨海新区人民政府 + 办公室
                yield EntitySpan(start, end, rule.type, rule.id, priority=2)

    def government(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        assert rule.pattern is not None
        for match in rule.pattern.finditer(doc.text):
            body = match.start("level") if match.start("level") >= 0 else match.start("core")
            edges = doc.boundaries(body, match.end())
            if body not in edges and match.start("core") in edges:
                body = match.start("core")  # 武清区|商务局: the level character ends the region
            elif body not in edges:
                continue  # 平台办: the body starts inside a word
            if body == match.start("core") and match.end("core") - body == 1:
                continue  # a one-character core (台办) needs a level
            start = body
            region = doc.region_before.search(doc.text, max(0, body - 14), body)
            if region is not None:
                trimmed = doc.trim_left(region.start(), body)
                if trimmed < body and doc.is_region_text(trimmed, body):
                    start = trimmed
            if rule.needs_level and start == match.start("core"):
                continue  # 疾控中心 alone is a kind of body; 区疾控中心 is one
            yield EntitySpan(start, match.end(), rule.type, rule.id, priority=1)

    def gazetteer(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for match in self.patterns[rule.id].finditer(doc.text):
            s, e = match.span()
            words = doc.near(max(0, s - 1), e)
            edges = {a for a, _ in words} | {b for _, b in words}
            if e not in edges or doc.text.startswith(rule.not_before, e):
                continue
            start = s
            if s > 0 and doc.text[s - 1] in LEVELS and s - 1 in edges:
                start = s - 1  # 县 + 纪委, 市 + 政协
            if s not in edges:  # only after a place glued to the name: 天津市|委, 天津|市委 as one word
                crossing = [(a, b) for a, b in words if a < s < b]
                if not crossing or not (crossing[0][1] == s + 1 and doc.is_place(*crossing[0])
                                        or crossing[0][1] == e and doc.is_place(crossing[0][0], s)):
                    continue
                start = crossing[0][0]
            for ws, we in reversed([w for w in doc.near(max(0, start - 8), start) if w[1] <= start]):
                if we != start or not doc.is_place(ws, we):
                    break
                start = ws  # 天津 + 市委
            if doc.text[s:e] in rule.parents:
                child = self.patterns[rule.id + ".children"].match(doc.text, e)
                e = child.end() if child else e  # 国务院 + 外办
            yield EntitySpan(start, e, rule.type, rule.id, priority=0)

    def brand(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.patterns[rule.id]):
            start = doc.trim_left(max(0, first - 4), first)
            words = doc.inner_words(start, first)
            if not words or first - start < 2 or all(doc.is_place(s, e) for s, e in words):
                continue
            if not _all_generic(doc, start, first, self.lex.org_generic) and doc.evidence(start, first):
                yield EntitySpan(start, end, rule.type, rule.id, priority=5)

    def enumeration(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for end in self.enumeration_end.finditer(doc.text):
            match = self.enumeration_items.search(doc.text, max(0, end.start() - 160), end.start())
            if match is None:
                continue
            items, position = [], match.start("items")
            for k, item in enumerate(match.group("items").split("、")):
                s, e = position, position + len(item)
                position = e + 1
                if k == 0:
                    s = doc.trim_left(s, e)
                if e - s >= 2 and not doc.text.endswith(self.project_heads, s, e):
                    items.append((s, e))
            brands = [(s, e) for s, e in items if self._brand(doc, s, e)]
            if brands and 2 * len(brands) >= len(items):
                for s, e in brands:
                    yield EntitySpan(s, e, rule.type, rule.id, priority=4)

    def _brand(self, doc: SegmentedText, start: int, end: int) -> bool:
        """忠旺铝业, 新伟祥, 丹佛斯, 新疆特变电工: not only places, not only generic words, and
        with a proper-noun sign or a company ending (铝业, 药业, 电工 …)."""
        words = doc.inner_words(start, end)
        rest = [(s, e) for s, e in words if not doc.is_place(s, e)]
        if not rest or _all_generic(doc, rest[0][0], end, self.lex.org_generic):
            return False
        suffixed = doc.text.endswith(self.lex.brand_suffixes, rest[0][0], end) and end - rest[0][0] > 2
        return suffixed or doc.evidence(rest[0][0], end)

    def _project_generic(self, word: str) -> bool:
        return word in self.lex.project_generic or word in self.lex.stop_phrases

    def head(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        org_starts = [o.start for o in orgs]  # sorted, non-overlapping (resolve_overlaps)
        for first, last, end in _head_chains(doc, self.patterns[rule.id]):
            start = _name_start(doc, first, "all")
            phase = PAREN_PHASE.match(doc.text, end)
            end = phase.end() if phase else end  # 动力电池项目(一期)
            for o in orgs[max(0, bisect_right(org_starts, start) - 2) : bisect_right(org_starts, first)]:
                if o.start < start < o.end <= first:
                    start = o.start  # a name does not start inside an org's name: 中芯国际…有限公司12英寸…
                elif start < o.end < first and doc.text[o.end] in self.lex.left_stop:
                    start = o.end + 1  # 天津分行|为|园区: the org is the subject, not part of the name
            if start >= first or doc.text[start:end] in self.lex.stop_phrases:
                continue
            words = doc.inner_words(start, first)
            distinct = [(s, e) for s, e in words if not self._project_generic(doc.text[s:e]) and not doc.is_place(s, e)]
            has_place = any(doc.is_place(s, e) for s, e in words)
            zone = doc.text[first:end] in self.lex.zone_heads or doc.text[last:end] in self.lex.zone_heads
            if not distinct and not (has_place and zone):
                continue
            org_inside = any(o.start >= start and o.end <= first
                             for o in orgs[bisect_right(org_starts, start - 1) : bisect_right(org_starts, first)])
            listed = self.project_enumeration.match(doc.text, end) is not None
            # A designation before the head (…试验示范工程) marks a named project when the name
            # says what it is in three or more words of its own (柔性|直流|电网|试验).
            designated = len(distinct) >= 3 and any(
                doc.text.endswith(d, start, first) for d in self.lex.designations)
            if has_place or org_inside or listed or designated or doc.quoted(start, end) or doc.evidence(start, first):
                yield EntitySpan(start, end, rule.type, rule.id, priority=3)


def resolve_overlaps(spans: list[EntitySpan]) -> list[EntitySpan]:
    """Per type, a non-overlapping set: longer first, then the curated rule, then earlier."""
    kept: list[EntitySpan] = []
    for kind in ("org", "project"):
        taken = bytearray(max((s.end for s in spans), default=0))  # one flag per character
        for span in sorted((s for s in spans if s.type == kind), key=lambda s: (s.start - s.end, s.priority, s.start)):
            if not any(taken[span.start : span.end]):
                kept.append(span)
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    return sorted(kept, key=lambda s: (s.start, -s.end, s.type))


def find_entities(doc: SegmentedText, rules: RuleSet, recognizers: Recognizers) -> list[EntitySpan]:
    """Org and project spans of one text, before short forms: orgs first, because a project
    with an org inside (中国电信 in 中国电信京津冀大数据基地项目) is a named one."""
    orgs: list[EntitySpan] = []
    for rule in (r for r in rules.entity_rules if r.type == "org" and r.recognizer != "short_form"):
        orgs.extend(getattr(recognizers, rule.recognizer)(doc, rule))
    orgs = resolve_overlaps(orgs)
    projects: list[EntitySpan] = []
    for rule in (r for r in rules.entity_rules if r.recognizer == "head"):
        projects.extend(recognizers.head(doc, rule, orgs))
    # A project head inside a company's name is part of that name (中国汽车技术研究中心有限公司);
    # a zone inside the body that runs it is still a project (武清开发区 in 武清开发区管委会).
    bodies = {r.id for r in rules.entity_rules if r.recognizer == "regional"}
    projects = [p for p in resolve_overlaps(projects)
                if not any(o.start <= p.start and p.end < o.end and o.rule_id not in bodies for o in orgs)]
    # A brand guess inside a project name is part of that name (高村科技 in 高村科技创新园).
    guesses = {r.id for r in rules.entity_rules if r.recognizer == "brand"}
    orgs = [o for o in orgs if o.rule_id not in guesses or not any(p.start <= o.start and o.end < p.end for p in projects)]
    return resolve_overlaps(orgs + projects)
