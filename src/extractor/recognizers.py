"""Recognizers: one method per `recognizer:` name of rules/orgs.yaml and rules/projects.yaml,
each proposing EntitySpans for a whole document (suffix, regional, government, gazetteer,
brand, enumeration, pattern for orgs; head for projects). Patterns are compiled once per
RuleSet. Which candidates survive is decided in joins.py and entities.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Iterator, Optional

import regex

from .entity_rules import EntityRule
from .evidence import names_before_roles
from .entity_text import (CLOSE_QUOTES, NAME_UNIT, NAME_UNIT_RE, OPEN_QUOTES, PHASE_NUMBERS, PROPER_TAGS, EntitySpan,
                          SegmentedText)
from .rule_files import _alternation, trie_alternation
from .rules import RuleSet

NAME_RUN_BEFORE = regex.compile(rf"(?r){NAME_UNIT}+\Z")  # the name characters just before a head
PAREN_PHASE = re.compile(rf"\([{PHASE_NUMBERS}]期\)")  # …项目(一期)
LEVELS = "省市区县镇乡"  # one-character levels that may precede a known body: 县纪委
ATTACHED = regex.compile(r"(?:附属|附设)[^\P{Han}与和及同、]{0,6}\Z")  # 医学院|附属第一|医院, 医学院|附属瑞金|医院
ORG_HEAD_CHARS = frozenset("局委部办厅署院所会党队社行司站台府校馆团军处中心")
PARTY_PREFIXES = ("中国共产党", "中共")  # before a region + a party committee: 中共天津市委
PARTY_COMMITTEE_ENDS = ("委", "党组", "工委")  # bodies a party prefix may head: 中共 + 故城 + 县委
MAX_NAME = 24  # characters of name before a head word
AMOUNT_START = re.compile(r"[0-9０-９一二三四五六七八九十百千万两逾约近超]")  # 投资15亿元, 投资约3亿元
# A match at a position gets an end bound: `regex` looks ahead through the rest of the text for a
# pattern's required literal (the 等 of …、B、C等项目), which made each candidate cost O(text).
ENUMERATION_REACH = 400  # characters a list of projects after a name may run to its 等
SLOGAN_NUMERALS = "一二两三四五六七八九十百千"
DASHES = "-—–"  # 罗田水库-铁岗水库, 东湖水库—西岭水库
# A year, quarter or half-year inside a would-be name: a plan's category (2023年重大项目).
PERIOD_INSIDE = re.compile(r"[0-9０-９]{2,4}年|[一二三四1-4１-４]季度|[上下]半年|年度")
ENUM_ITEM = r"[^\s、，,。；;：:！!？?“”\"'‘’()（）《》【】等]{2,14}"


def _word_pattern(words: Iterable[str]) -> re.Pattern:
    """Any of `words`, longest first, as a prefix tree. Literal words only, so the standard
    `re` engine does it (about 3x faster than `regex`); no leading lookahead, which would
    hide the tree's first characters from `re`'s fast scan (a third slower)."""
    words = list(words)
    if not words:
        return re.compile("(?!)")
    return re.compile(f"(?:{trie_alternation(words)})")


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
        self.titles = tuple(sorted(lex.titles))  # for str.startswith: 红日药业|董事长
        self.brand_ends = (*lex.legal_forms, "集团")  # where a brand's name ends: 林达集团|投资
        self.brand_end_initials = frozenset(f[0] for f in self.brand_ends)
        # Up to eight name characters, then a unit word: 交警|支队, 经济犯罪侦查|局, 办公室.
        self.subunit = regex.compile(rf"(?:[^\P{{Han}}与和及、的]{{0,8}}?)(?P<unit>{_alternation(list(lex.subunits))})")
        self.appositions = tuple(lex.appositions)  # 社会团体 ends with 团体
        self.known = frozenset(w for r in rules.entity_rules if r.recognizer == "gazetteer" for w in (*r.words, *lex.gazetteer))
        heads = [w for r in rules.entity_rules if r.recognizer == "head" for w in r.words]
        self.project_heads = tuple(heads)
        enum_heads = _alternation(list(lex.org_enumeration_heads))
        # 等 + a category noun closes a list; the list itself is matched backwards from 等.
        self.enumeration_end = regex.compile(rf"等(?=[^，,。；;！!？?\n]{{0,10}}?(?:{enum_heads}))")
        self.enumeration_items = regex.compile(rf"(?r)(?P<items>{ENUM_ITEM}(?:、{ENUM_ITEM})*)\Z")
        project_enum = _alternation(list(lex.project_enumeration_heads))
        self.long_clause_words = tuple(w for w in lex.clause_words if len(w) > 1)
        # 等 (+ a count) + a few words + a project category: the end of a list of projects.
        self.project_list_end = regex.compile(
            rf"(?:和|及)?等(?:[0-9]+|[一二三四五六七八九十百]+)?个?[^，,。；;！!？?\n、]{{0,6}}?(?:{project_enum})")
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
                unit = self._unit_of_company(doc, company.end(), first)
                if doc.text.endswith(self.lex.legal_forms, first, end) and not doc.text.endswith(
                        self.lex.branch_forms, first, end) and not unit:  # 股份有限公司|子公司|中车唐山…有限公司
                    start = max(start, doc.trim_left(company.end(), first, "ordinal"))
            start = self._extend_left(doc, start, first, end, rule)
            start = self._after_verb(doc, start, first, rule)
            start = self._after_apposition(doc, start, first)
            if first == start or _all_generic(doc, start, first, self.lex.org_generic):
                continue
            glued = [a for a, b in doc.near(first, end) if a == first - 1 and b == end]
            if glued and (glued[0] == start or _all_generic(doc, start, glued[0], self.lex.org_generic)):
                continue  # 全国|中小学: one generic word around the head, not a name + 小学
            # One character (党, 厂) ends a name only as the end of a word (国民党, 机床厂):
            # in 忠于党, 贯彻党的 it is the party, not a name.
            if end - first == 1 and (first - start < 2 or not any(s < first and e == end for s, e in doc.near(first, end))):
                continue
            yield EntitySpan(start, end, rule.type, rule.id, priority=3)

    def _unit_of_company(self, doc: SegmentedText, start: int, first: int) -> bool:
        """…工程局有限公司|交通|公司: one or two plain words between a company's legal form and
        another 公司 name a unit of that company (one org with it), not a company of its own
        (股份有限公司|子公司中车唐山机车车辆|有限公司 has a place: two names)."""
        words = doc.inner_words(start, first)
        return 1 <= len(words) <= 2 and not doc.evidence(start, first) and not any(
            doc.is_stop(s, e) and not doc.text.startswith("第", s)  # 第三|工程|公司: an ordinal may number it
            or doc.text[s:e] in self.lex.left_stop or doc.tags.get(doc.text[s:e]) in ("v", "vn")
            for s, e in words)

    def _ends_org(self, doc: SegmentedText, start: int, end: int, rule: EntityRule) -> bool:
        """The text ends with an org's head or a curated name (…大学, …政府, 中国电信)."""
        word = doc.text[start:end]
        return word[-1:] in ORG_HEAD_CHARS or word.endswith(rule.words) or any(
            word.endswith(k) for k in self.known if len(k) <= len(word))

    def _extend_left(self, doc: SegmentedText, start: int, first: int, end: int, rule: EntityRule) -> int:
        """Names that run on across a word that usually starts one:
        浙江大学医学院 + 附属(第一)医院, 中国农业科学院农业资源 + 与 + 农业区划研究所,
        圭亚那 + — + 中国友好协会."""
        attached = ATTACHED.search(doc.text, max(0, first - 12), first)
        if attached is not None:  # …大学|附属第一医院: the hospital of that university
            left = _name_start(doc, attached.start(), "ordinal")
            if left < attached.start() and doc.text.endswith(rule.words, left, attached.start()):
                return left
            return start
        if start >= 2 and doc.text[start - 1] in "与和" and first - start >= 2:
            left = _name_start(doc, start - 1, "ordinal")
            words = doc.inner_words(left, start - 1)
            # The left side is an org + a short topic (中国农业科学院|农业资源), and neither topic
            # is a name of its own (美国中国商会, 最高人民检察院 are names: two orgs).
            parent = any(b - left >= 2 and 2 <= start - 1 - b <= 4 and self._ends_org(doc, left, b, rule)
                         and not doc.evidence(b, start - 1) for _, b in words[:-1])
            if (parent and not self._ends_org(doc, left, start - 1, rule) and not doc.evidence(start, first)
                    and doc.text[start:end] not in self.known
                    and not any(doc.text[a:b] in self.lex.titles for a, b in words)
                    and not _all_generic(doc, words[-1][0], start - 1, self.lex.org_generic)):
                return left  # 农业资源与农业区划: one topic of one institute
            return start
        if start >= 2 and doc.text[start - 1] == "—" and doc.is_place(*(doc.inner_words(start, first) or [(start, start)])[0]):
            left = start - 1
            for ws, we in reversed([w for w in doc.near(max(0, left - 8), left) if w[1] <= left]):
                if we != left or not doc.is_place(ws, we):
                    break
                left = ws
            return left if left < start - 1 else start
        return start

    def _after_apposition(self, doc: SegmentedText, start: int, first: int) -> int:
        """著名学府|哈佛大学, 民间团体|海峡两岸关系协会: a category noun before a name is not part
        of it when a proper name (a place, a proper noun, characters jieba knows one by one) follows."""
        for s, e in doc.inner_words(start, first):
            if not doc.text.endswith(self.appositions, s, e) or first - e < 2:
                continue  # the cheap tests first: most words are no category noun
            if doc.evidence(e, first) or any(a == e and doc.tags.get(doc.text[a:b]) in PROPER_TAGS
                                             for a, b in doc.starting(e, e + 1)):
                return e
        return start

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
            if start < first and doc.is_region_text(start, first) and not _all_generic(
                    doc, start, first, self.lex.org_generic):  # 两国政府 is no one body
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
            if start == body:  # a country or city word before the body: 俄罗斯|外交部
                for ws, we in reversed([w for w in doc.near(max(0, start - 8), start) if w[1] <= start]):
                    if we != start or not doc.is_place(ws, we) or doc.text[ws:we] in self.lex.org_generic:
                        break
                    start = ws
            if rule.needs_level and start == match.start("core"):
                continue  # 疾控中心 alone is a kind of body; 区疾控中心 is one
            yield EntitySpan(start, match.end(), rule.type, rule.id, priority=1)

    def gazetteer(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        titles = self.lex.titles | set(rule.not_before)
        for s, e in self._known_matches(doc, rule):
            end = e
            if doc.text[s:e] in rule.parents:
                child = self.patterns[rule.id + ".children"].match(doc.text, e)
                end = child.end() if child else e  # 国务院 + 外办
            words = doc.near(max(0, s - 1), end)
            edges = {a for a, _ in words} | {b for _, b in words}

            def closes(x: int) -> bool:  # a word edge, or a title glued to the name: 中央政治局|常委
                return x in edges or any(a < x < b and doc.text[x:b] in titles for a, b in words)

            if not closes(e) and not (end > e and closes(end)):
                continue
            start = s
            if s > 0 and doc.text[s - 1] in LEVELS and s - 1 in edges:
                start = s - 1  # 县 + 纪委, 市 + 政协
            if s not in edges:  # only after a place glued to the name: 天津市|委, 天津|市委 as one word
                crossing = [(a, b) for a, b in words if a < s < b]
                party = next((p for p in PARTY_PREFIXES if crossing and doc.text.startswith(p, crossing[0][0], s)), "")
                if not crossing or not (crossing[0][1] == s + 1 and doc.is_place(*crossing[0])
                                        or crossing[0][1] == e and doc.is_place(crossing[0][0] + len(party), s)):
                    continue  # (中共天津市委 is one jieba word: a party, a place, the body)
                start = crossing[0][0]
            for ws, we in reversed([w for w in doc.near(max(0, start - 8), start) if w[1] <= start]):
                if we != start or not doc.is_place(ws, we):
                    break
                start = ws  # 天津 + 市委
            if start < s and doc.text.endswith(PARTY_COMMITTEE_ENDS, s, e):
                party = next((p for p in PARTY_PREFIXES if doc.text.endswith(p, 0, start)), None)
                start -= len(party) if party else 0  # 中共 + 故城 + 县委
            # 市委书记, 纪委委员: a body with no place or level of its own before a title is part
            # of the title; a named one is the body (中央军委委员, 天津市委书记).
            bare = start >= s - 1 and doc.text[start] in LEVELS or start == s and end - s <= 2
            if doc.text.startswith(rule.not_before, end) and bare:
                continue
            yield EntitySpan(start, end, rule.type, rule.id, priority=0)

    def _known_matches(self, doc: SegmentedText, rule: EntityRule) -> Iterator[tuple[int, int]]:
        """Matches of the curated names; a match that does not end at a word edge (区人大|常委会)
        is tried again one character on, so a name inside it (人大常委会) is not skipped."""
        pattern, position = self.patterns[rule.id], 0
        while (match := pattern.search(doc.text, position)) is not None:
            s, e = match.span()
            edges = doc.boundaries(s, e)
            position = e if e in edges or e == len(doc.text) else s + 1
            yield s, e

    def brand(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.patterns[rule.id]):
            # A legal form ends the name; heads after it are what the company does (林达集团|投资).
            if not self.brand_end_initials.isdisjoint(doc.text[first : end - 1]):  # most chains hold none
                closing = [k + len(f) for f in self.brand_ends if 0 <= (k := doc.text.find(f, first, end)) and k + len(f) < end]
                end = min(closing, default=end)
            # A head that is a verb when an amount follows ends the chain (海辰电气|投资8亿元).
            verb = next((v for v in self.lex.verb_heads if doc.text.endswith(v, first, end)), None)
            if verb is not None and AMOUNT_START.match(doc.text, end):
                end -= len(verb)
                if end <= first:
                    continue
            start = doc.trim_left(max(0, first - 4), first)
            words = doc.inner_words(start, first)
            if not words or first - start < 2 or all(doc.is_place(s, e) for s, e in words):
                continue
            # A title after it (红日药业|董事长) says it is a company as much as a proper noun does.
            titled = doc.text.startswith(self.titles, end)
            if not _all_generic(doc, start, first, self.lex.org_generic) and (titled or doc.evidence(start, first)):
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
                # A list is of one kind: with half its items brands, an item of three or more
                # characters that is no generic word, place or project is a company too
                # (三菱化学、大阪轮胎 … 等外资项目: 大阪轮胎 is a place + a product).
                for s, e in items:
                    if (s, e) in brands or e - s >= 3 and self._company_like(doc, s, e):
                        yield EntitySpan(s, e, rule.type, rule.id, priority=4)

    def _company_like(self, doc: SegmentedText, start: int, end: int) -> bool:
        words = doc.inner_words(start, end)
        rest = [(s, e) for s, e in words if not doc.is_place(s, e)]
        return bool(rest) and not _all_generic(doc, rest[0][0], end, self.lex.org_generic) and not any(
            doc.text[s:e] in self.lex.left_stop or doc.tags.get(doc.text[s:e]) in ("v", "vn", "p", "c", "u", "uj")
            for s, e in words) and not PERIOD_INSIDE.search(doc.text, start, end)

    def _brand(self, doc: SegmentedText, start: int, end: int) -> bool:
        """忠旺铝业, 新伟祥, 丹佛斯, 新疆特变电工: not only places, not only generic words, and
        with a proper-noun sign or a company ending (铝业, 药业, 电工 …)."""
        words = doc.inner_words(start, end)
        rest = [(s, e) for s, e in words if not doc.is_place(s, e)]
        if not rest or _all_generic(doc, rest[0][0], end, self.lex.org_generic):
            return False
        suffixed = doc.text.endswith(self.lex.brand_suffixes, rest[0][0], end) and end - rest[0][0] > 2
        return suffixed or doc.evidence(rest[0][0], end)

    def role(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """A bare name before a role only an org has (evidence.py): 华商财经|记者."""
        return names_before_roles(doc, rule, self.lex)

    def pattern(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """Names with a fixed structure (中国共产党第十五次全国代表大会, 第九届全国人民代表大会):
        the rule's regex, starting and ending at word edges."""
        assert rule.pattern is not None
        for match in rule.pattern.finditer(doc.text):
            s, e = match.span()
            edges = doc.boundaries(s, e)
            if e not in edges and e != len(doc.text):
                continue
            if s in edges:
                start = s
                if rule.needs_level:  # 天津市武清区 + 第十八届人民代表大会
                    region = doc.region_before.search(doc.text, max(0, s - 14), s)
                    if region is not None:
                        trimmed = doc.trim_left(region.start(), s)
                        start = trimmed if trimmed < s and doc.is_region_text(trimmed, s) else s
                    if start == s:
                        continue  # 人民代表大会 alone is a kind of body
                elif rule.joins_org == "optional":  # a party or society no rule knows: 中国XX会 + 第七次全国代表大会
                    left = _name_start(doc, s, "ordinal")
                    if s - left >= 3 and doc.text[s - 1] in "党会社盟团" and doc.evidence(left, s):
                        yield EntitySpan(left, e, rule.type, rule.id, priority=1)
                yield EntitySpan(start, e, rule.type, rule.id, priority=1)
            elif rule.joins_org:  # jieba glues a known name to it: 中共十五大
                for a, b in doc.near(s, e):
                    if a < s < b and doc.text[a:s] in self.known:
                        yield EntitySpan(a, e, rule.type, rule.id, priority=0)  # already joined
                        break

    def _project_generic(self, word: str) -> bool:
        return word in self.lex.project_generic or word in self.lex.stop_phrases

    def _quoted_name(self, doc: SegmentedText, first: int) -> Optional[int]:
        """The opening quote of a name quoted just before a head (“津城绿肺”工程), or None."""
        if first < 4 or doc.text[first - 1] not in CLOSE_QUOTES:
            return None
        opening = max(doc.text.rfind(q, max(0, first - 14), first - 1) for q in OPEN_QUOTES)
        inside = doc.text[opening + 1 : first - 1]
        if opening < 0 or len(inside) < 2 or not all(NAME_UNIT_RE.match(c) for c in inside):
            return None
        words = doc.inner_words(opening + 1, first - 1)
        return None if all(self._project_generic(doc.text[s:e]) for s, e in words) else opening

    def _place_before_singles(self, doc: SegmentedText, start: int) -> int:
        """合肥|新|站|高新技术产业开发区: a zone's name is a place + characters jieba knows one by
        one, though one of them reads as a verb (站); the name starts at the place."""
        singles = [w for w in doc.near(max(0, start - 8), start) if w[1] <= start]
        position, count = start, 0
        for s, e in reversed(singles):
            if e != position:
                break
            if e - s == 1 and count < 3 and doc.text[s:e] not in self.lex.left_stop and NAME_UNIT_RE.match(doc.text[s:e]):
                position, count = s, count + 1
                continue
            if count >= 2 and e - s > 1 and doc.is_place(s, e):
                return s
            break
        return start

    def _owner_before(self, doc: SegmentedText, org: EntitySpan, start: int) -> bool:
        """A company's full name (legal form) just before a project's words, with no clause mark
        or stop word of the lexicon between, is part of the project's name."""
        if not doc.text.endswith(self.lex.legal_forms, org.start, org.end) or start - org.end > 2:
            return False
        between = doc.inner_words(org.end, start)
        return all(NAME_UNIT_RE.match(doc.text[s:e]) and doc.text[s:e] not in self.lex.left_stop for s, e in between)

    def listed(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        """Items of a list closed by 等 + a project category (重点推进A、B、C等项目建设) that end in
        a facility word (rule.words: 线, 改造, 医院, 大楼 …): 万科南岭旧村改造, 第三儿童医院. Items
        ending in a project head are left to `head`."""
        for close in self.project_list_end.finditer(doc.text):
            lo = doc.text.rfind("\n", 0, close.start()) + 1
            for mark in "，,。；;：:！!？?":
                lo = max(lo, doc.text.rfind(mark, lo, close.start()) + 1)
            position = lo
            items = doc.text[lo : close.start()].split("、")
            if len(items) < 2:
                continue
            for k, item in enumerate(items):
                s, e = position, position + len(item)
                position = e + 1
                if k == 0:  # the clause before the list: 重点|推进|第8.5代…生产线, 建成投产|长鑫存储…
                    words = doc.inner_words(s, e)
                    while len(words) > 1 and self._opens_list(doc.text[words[0][0] : words[0][1]], doc):
                        s, words = words[1][0], words[1:]
                if e - s < 3 or not doc.text.endswith(rule.words, s, e) or doc.text.endswith(self.project_heads, s, e):
                    continue
                if PERIOD_INSIDE.search(doc.text, s, e) or _all_generic(doc, s, e, self.lex.project_generic):
                    continue
                edges = doc.boundaries(s, e)
                if s not in edges or e not in edges:
                    continue
                # The item names one facility: a proper noun or a known place (a word of jieba's
                # dictionary tagged so, not any word ending in 区: 老旧小区改造 is a kind of works),
                # an org or a number inside (万科南岭旧村改造, 长鑫存储12英寸线 are one each).
                words = doc.inner_words(s, e)
                if (any(doc.tags.get(doc.text[a:b]) in PROPER_TAGS or doc.text[a:b] in self.lex.places for a, b in words)
                        or any(c.isdigit() for c in doc.text[s:e])
                        or any(s <= o.start and o.end <= e for o in orgs)):
                    yield EntitySpan(s, e, rule.type, rule.id, priority=4)

    def _opens_list(self, word: str, doc: SegmentedText) -> bool:
        """A word of the clause that introduces a list: a verb, a stop or clause word, a generic one."""
        return (word in self.lex.left_stop or word in self.lex.clause_words or self._project_generic(word)
                or doc.tags.get(word) in ("v", "vn", "vd", "d", "p", "c") or not NAME_UNIT_RE.match(word)
                or word.endswith(self.long_clause_words))

    def _after_clause_words(self, doc: SegmentedText, start: int, first: int) -> int:
        """A project name holds no verb of the sentence around it: 全市|安排|省重点项目,
        市长李某|作|招商项目推介. The name starts after the last clause word (projects.yaml)."""
        for s, e in doc.inner_words(start, first):
            if doc.text[s:e] in self.lex.clause_words or doc.text.endswith(self.long_clause_words, s, e):
                start = e  # (建成投产 is one word of jieba's ending in a clause word)
        return start

    def _joined_by_dash(self, doc: SegmentedText, start: int, first: int) -> int:
        """Two named places joined by a dash are one name: 青龙水库-白石水库引水隧洞工程,
        东湖-西岭片区. The left side is a name run with a proper-name sign, a place, or the same
        last word as the right side."""
        if start < 3 or doc.text[start - 1] not in DASHES or start >= first:
            return start
        left = _name_start(doc, start - 1)
        if start - 1 - left < 2 or _all_generic(doc, left, start - 1, self.lex.project_generic):
            return start
        words = doc.inner_words(left, start - 1)
        parallel = doc.text.find(doc.text[words[-1][0] : start - 1], start, first) >= 0 if words else False
        if parallel or doc.evidence(left, start - 1) or any(doc.is_place(s, e) for s, e in words):
            return left  # (东湖水库—西岭水库: the same kind of place on both sides)
        return start

    def _inner_quote(self, doc: SegmentedText, start: int, first: int) -> int:
        """A quoted part inside a name: 广州市荔湾“三旧”片区更新改造项目."""
        if start < 4 or doc.text[start - 1] not in CLOSE_QUOTES or start >= first:
            return start
        opening = max(doc.text.rfind(q, max(0, start - 12), start - 1) for q in OPEN_QUOTES)
        if opening < 2 or not all(NAME_UNIT_RE.match(c) for c in doc.text[opening + 1 : start - 1]):
            return start
        left = _name_start(doc, opening)
        words = doc.inner_words(left, opening)
        if opening - left >= 2 and any(doc.is_place(s, e) for s, e in words):
            return left
        return start

    def _after_zone(self, doc: SegmentedText, start: int, first: int, end: int, last: int) -> int:
        """A park inside a zone is its own name: 昆山开发区|海辰工业园 (the zone is found by its
        own head). Only for park and zone heads, and when the park's words show a name."""
        if doc.text[last:end] not in self.lex.zone_heads and not doc.text.endswith("园", first, end):
            return start
        for s, e in doc.inner_words(start, first):
            if e < first - 1 and doc.text[s:e] in self.lex.zone_heads and doc.evidence(e, first):
                start = e
        return start

    def head(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        org_starts = [o.start for o in orgs]  # sorted, non-overlapping (resolve_overlaps)
        for first, last, end in _head_chains(doc, self.patterns[rule.id]):
            quoted = self._quoted_name(doc, first)
            if quoted is not None:  # “津城绿肺”工程: a quoted name + its head
                yield EntitySpan(quoted, end, rule.type, rule.id, priority=3)
                continue
            start = _name_start(doc, first, "all")
            phase = PAREN_PHASE.match(doc.text, end)
            end = phase.end() if phase else end  # 动力电池项目(一期)
            if doc.text[first:end] in self.lex.zone_heads or doc.text[last:end] in self.lex.zone_heads:
                start = self._place_before_singles(doc, start)
            for o in orgs[max(0, bisect_right(org_starts, start) - 8) : bisect_right(org_starts, first)]:
                if o.start < start < o.end <= first:
                    start = o.start  # a name does not start inside an org's name: 长鑫存储…有限公司12英寸…
                elif o.end <= start < first and self._owner_before(doc, o, start):
                    start = o.start  # 海辰化工有限公司|正|丁醇项目: the company's project
                elif start < o.end < first and doc.text[o.end] in self.lex.left_stop:
                    start = o.end + 1  # 天津分行|为|园区: the org is the subject, not part of the name
            start = self._after_clause_words(doc, start, first)
            start = self._joined_by_dash(doc, start, first)
            start = self._inner_quote(doc, start, first)
            start = self._after_zone(doc, start, first, end, last)
            if start >= first or doc.text[start:end] in self.lex.stop_phrases:
                continue
            if PERIOD_INSIDE.search(doc.text, start, first):
                continue  # 杭州市2023年重大项目, 第三季度新开工项目: a plan's category, not a name
            if doc.text[start] in SLOGAN_NUMERALS and doc.quoted(start, end):
                continue  # “三区两城”, “五个一”工程 inside quotes: a slogan's count, not a name
            words = doc.inner_words(start, first)
            if len(words) == 1 and end - first == 1 and doc.tags.get(doc.text[start:end]) == "ns":
                continue  # 宜城 is a place that ends in 城, not a project
            distinct = [(s, e) for s, e in words if not self._project_generic(doc.text[s:e]) and not doc.is_place(s, e)]
            has_place = any(doc.is_place(s, e) for s, e in words)
            zone = doc.text[first:end] in self.lex.zone_heads or doc.text[last:end] in self.lex.zone_heads
            if not distinct and not (has_place and zone):
                continue
            org_inside = any(o.start >= start and o.end <= first
                             for o in orgs[bisect_right(org_starts, start - 1) : bisect_right(org_starts, first)])
            listed = self.project_enumeration.match(doc.text, end, end + ENUMERATION_REACH) is not None
            # A designation before the head (…试验示范工程) marks a named project when the name
            # says what it is in three or more words of its own (柔性|直流|电网|试验).
            designated = len(distinct) >= 3 and any(
                doc.text.endswith(d, start, first) for d in self.lex.designations)
            if has_place or org_inside or listed or designated or doc.quoted(start, end) or doc.evidence(start, first):
                yield EntitySpan(start, end, rule.type, rule.id, priority=3)

