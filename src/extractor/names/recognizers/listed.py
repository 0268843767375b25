"""Projects listed before 等 + a project category (A、B、C等项目): items that end in a facility
word, name a route by its two ends, a site, a work by its place and class, or a company's
project by its brand and what it makes."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterator

from ...ruleset.divisions import division_names
from ...ruleset.entity_rules import EntityRule
from ..evidence import LIST_REACH
from ..entity_text import NAME_UNIT_RE, PROPER_TAGS, EntitySpan, SegmentedText
from ..name_start import _is_phase
from ..word_classes import COMMON_REGION_ENDS, LANDFORM_ENDS, NUMERAL_CHARS
from .base import PERIOD_INSIDE, _all_generic
from .edges import RANKING
from .projects import DIVERSION
from .works import ROUTE_BREAK_TAGS, ROUTE_HEADS

LEADING_COUNT = re.compile(r"[0-9一二三四五六七八九十百]+个")  # an item that opens with a count
JOINED_AFTER_HEAD = re.compile(r"[和及与](?=[^\W\d_]{2})")  # 和, 及, 与 inside an item, before a name
# A plant's capacity inside a company's project (60万吨, 年产10GWh): a number and a unit of output
CAPACITY = re.compile(r"(?:年产)?[0-9][0-9.]*万?(?:吨|千瓦|兆瓦|GWh|MWh|GW|MW|台|辆|套|片)")
TREATMENT = re.compile(r"治理|整治|修复|保护")  # works done on a river, a lake, a mountain
# An item that ends in a class (30万吨级, 一级) before a shared works head (…、…等航道): the head
# the class describes is not written after it, so the item names a grade of works, not one work
WORK_CLASS = re.compile(r"(?:[0-9.]+万?吨|[一二三四五六七八九])级")

LIST_OPENING_MARKS = "，,。；;：:！!？?等"  # marks a list's first item opens after (等: an earlier list of the clause ends there)


def list_items(text: str, close: int) -> list[tuple[int, int]]:
    """The (start, end) of the items of a list that ends at `close` (…、…等项目), split at 、 and read back to
    the line, the clause's mark or an earlier list's 等, LIST_REACH characters at most (bounded)."""
    floor = max(0, close - LIST_REACH)
    lo = max(floor, text.rfind("\n", floor, close) + 1)
    for mark in LIST_OPENING_MARKS:
        lo = max(lo, text.rfind(mark, lo, close) + 1)
    items, position = [], lo
    for item in text[lo:close].split("、"):
        items.append((position, position + len(item)))
        position += len(item) + 1
    return items


class ListedRecognizer:
    """A part of Recognizers (reads the patterns RecognizerBase compiles and ProjectRecognizers'
    start helpers)."""

    def listed(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        """Items of a list closed by 等 + a project category (重点推进A、B、C等项目建设) that end in
        a facility word (rule.words: 线, 改造, 医院, 大楼 …): 万科南岭旧村改造, 第三儿童医院. Items
        ending in a project head are left to `head`."""
        org_starts = [o.start for o in orgs]  # sorted (resolve_overlaps): an item's orgs by bisection (issue 26)
        for close in self.project_list_end.finditer(doc.text):
            items = list_items(doc.text, close.start())
            single = len(items) < 2  # 建设A至B等特高压工程: only a route is one work's name alone
            works = doc.text.endswith(self.works_heads, close.start(), close.end())  # …等水电站
            for k, (start, e) in enumerate(items):
                s = start
                joined = JOINED_AFTER_HEAD.search(doc.text, s, e)
                if joined and doc.text.endswith(self.project_heads, s, joined.start()):
                    s = joined.end()  # 江渝高铁|和|眉太: a named work and the next item, joined
                route = opened = s
                if k == 0:  # the clause before the list: 重点|推进|第8.5代…生产线, 建成投产|长鑫存储…
                    words = doc.inner_words(s, e)
                    while len(words) > 1 and self._opens_list(doc.text[words[0][0] : words[0][1]], doc):
                        s, words = words[1][0], words[1:]
                    diversion = DIVERSION.search(doc.text, max(start, s - 3), e)
                    opened = diversion.start() if diversion and diversion.start() < s else s  # 实施|引大济岷: 引 opens the name
                    route = doc.after_clause_verb(route, e, self.lex.project_generic, leading=True)  # 推进|东村至西坪
                    route = self._after_clause_words(doc, route, e)  # 新开工|东村至西坪
                    route = self._route_origin(doc, route, e)  # 建成|通车|东村至西坪
                    route = self._origin_read_as_verb(doc, start, route)  # 建成|安定/v|至…
                else:
                    route = self._route_origin(doc, route, e)  # 、改扩建|东村至西坪: the works' stage opens no route
                if RANKING.search(doc.text, s, e):
                    continue  # 成渝世界级机场群, 全国首个…: a positioning, no item's name
                if LEADING_COUNT.match(doc.text, s, e):
                    continue  # 10个国家物流枢纽: a count of projects, no item
                if any(m.end() == e for m in WORK_CLASS.finditer(doc.text, max(s, e - 10), e)):
                    continue  # 江城港10万吨级、青州至海门二级|等航道: the class of a work whose head is not written
                if self._route_item(doc, route, e):
                    yield EntitySpan(route, e, rule.type, rule.id, priority=4)
                    continue
                if doc.text[s:e] in division_names():
                    continue  # 青州、宝鸡|等4个…冷链物流基地: a division alone hosts the projects, names none of them
                if single:
                    lines = any(doc.text.find(h, close.start(), close.end()) >= 0 for h in ROUTE_HEADS)
                    if self._capacity_item(doc, s, e) or lines and self._route_chars(doc, s, e):
                        yield EntitySpan(opened, e, rule.type, rule.id, priority=4)  # 推动|江城海辰40万吨蛋氨酸|等项目
                    continue
                if works and self._site_words(doc, s, e):
                    yield EntitySpan(opened, e, rule.type, rule.id, priority=4)  # 青岩、石门等水电站
                    continue
                if self._treated_landform(doc, s, e, close.start(), close.end()):
                    continue  # 清水河、苦水河、青湖等综合治理工程: the rivers and lakes treated, no project's name
                held = orgs[bisect_left(org_starts, s) : bisect_right(org_starts, s)]  # an org opening the item
                if self._site_item(doc, s, e) or self._described_item(doc, s, e, max((o.end for o in held), default=s)):
                    yield EntitySpan(opened, e, rule.type, rule.id, priority=4)  # 东坪、磐北等煤电项目
                    continue
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
                # (a common noun jieba tags a place, 城市/ns, names none: no proper core)
                if (any(self._proper_word(doc, a, b) or doc.text[a:b] in self.lex.places for a, b in words)
                        or any(c.isdigit() for c in doc.text[s:e])
                        or any(o.end <= e for o in orgs[bisect_left(org_starts, s) : bisect_right(org_starts, e)])):
                    yield EntitySpan(opened, e, rule.type, rule.id, priority=4)

    def _proper_word(self, doc: SegmentedText, start: int, end: int) -> bool:
        """A proper noun's word: jieba's proper tag, but not a common noun of two characters that
        ends as regions do (城市/ns, 城区/ns: any town has one; names_place's first test)."""
        word = doc.text[start:end]
        return doc.tags.get(word) in PROPER_TAGS and not (
            end - start == 2 and word[-1] in COMMON_REGION_ENDS and word not in self.lex.places)

    @staticmethod
    def _treated_landform(doc: SegmentedText, start: int, end: int, close: int, close_end: int) -> bool:
        """An item ending in a landform's character (河, 湖, 山) before 等 + works that treat or
        protect (治理, 整治, 修复, 保护): the place the works are done on, not a project's name."""
        return end > start and doc.text[end - 1] in LANDFORM_ENDS and TREATMENT.search(doc.text, close, close_end) is not None

    def _site_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        """An item of a list of projects named by the site it is built at: its last word a place
        (东坪, 磐|北, 国电|湖东), short, all name characters; an item ending in a common noun names
        a company by its product (横滨|轮胎) and is left to the org recognizers."""
        words = doc.inner_words(start, end)
        if not words or not 2 <= end - start <= 6 or not all(NAME_UNIT_RE.match(c) for c in doc.text[start:end]):
            return False
        s, e = words[-1]
        edges = doc.boundaries(start, end)
        return start in edges and end in edges and (doc.tags.get(doc.text[s:e]) == "ns" or doc.text[s:e] in self.lex.places) and not (
            len(words) == 1 and e - s > 2 and doc.is_region_text(s, e))

    def _site_words(self, doc: SegmentedText, start: int, end: int) -> bool:
        """A work named by its site alone (an item of 青岩、石|门等水电站; 洪|安|高速 in a list of
        projects): one to three words of two to five name characters on word edges with a proper
        core (a place, characters jieba knows only alone: 风电, 光伏, 中型 are kinds), none a verb,
        an adverb, a word the document uses as a modifier, a generic word or a head."""
        words = doc.inner_words(start, end)
        if not words or len(words) > 3 or not 2 <= end - start <= 5 or not all(NAME_UNIT_RE.match(c) for c in doc.text[start:end]):
            return False
        edges = doc.boundaries(start, end)
        if start not in edges or end not in edges:
            return False
        for s, e in words:
            word = doc.text[s:e]
            if (doc.is_verb(word) or doc.tags.get(word) in ("d", "ad", "m", "q", "p", "c", "r", "f") or doc.is_stop(s, e)
                    or self._project_generic(word) or word in self.works_heads or e - s > 1 and doc.modifier(word) or word.isdigit()):
                return False
        return doc.has_proper_core(words, abbreviations=True)

    def _route_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        """An item of a list of works that names a route by its two ends (东村至西坪): two to six
        name characters on each side, one side a place or characters jieba knows one by one."""
        middle = doc.text.find("至", start + 2, end - 1)
        return 0 < middle and middle - start <= 6 and 2 <= end - middle - 1 <= 6 and all(
            NAME_UNIT_RE.match(c) for c in doc.text[start:end]) and (
            doc.proper_core(start, middle) or doc.proper_core(middle + 1, end))

    def _route_chars(self, doc: SegmentedText, start: int, end: int) -> bool:
        """The one item before 等 + a category of lines (…等4个在建铁路项目) written as two or three
        characters jieba knows one by one (黄|百): a line named by a character of each city it joins."""
        words = doc.inner_words(start, end)
        return 2 <= end - start <= 3 and len(words) == end - start and doc.text[start] not in NUMERAL_CHARS and all(
            "\u4e00" <= doc.text[a] <= "\u9fff" and doc.tags.get(doc.text[a:b]) not in ROUTE_BREAK_TAGS | {"v"}
            and not doc.is_stop(a, b) for a, b in words) and start in doc.boundaries(start, end)

    def _capacity_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        """The one item before 等 + a project category that names a company's plant: a proper core
        (a brand, a place), its capacity, and what it makes (江城海辰|40万吨|蛋氨酸): a project,
        though no list shows it among others."""
        capacity = CAPACITY.search(doc.text, start, end)
        if capacity is None or capacity.start() - start < 2 or end - capacity.end() < 2:
            return False
        edges = doc.boundaries(start, end)
        return start in edges and all(NAME_UNIT_RE.match(c) for c in doc.text[start:end] if c != ".") and (
            doc.proper_core(start, capacity.start(), abbreviations=True)) and not _all_generic(
            doc, capacity.end(), end, self.lex.project_generic)

    def _origin_read_as_verb(self, doc: SegmentedText, lo: int, route: int) -> int:
        """A route's origin that jieba reads as a verb (安定/v|至江城), right after the clause's verb
        (建成|安定|至…): two verbs in a row before 至, the second is the origin's name; else `route`."""
        text = doc.text
        if route - lo < 2 or text[route] != "至":
            return route  # (the clause's verbs were cut up to 至: the origin went with them)
        origin = next((w for w in doc.near(max(lo, route - 4), route) if w[1] == route), None)
        if origin is None or origin[1] - origin[0] < 2 or origin[0] <= lo or not doc.is_verb(text[origin[0]:origin[1]]):
            return route
        verb = next((w for w in doc.near(max(lo, origin[0] - 4), origin[0]) if w[1] == origin[0]), None)
        return origin[0] if verb is not None and doc.is_verb(text[verb[0]:verb[1]]) and (
            text[verb[0]:verb[1]] not in self.lex.name_words) else route

    def _route_origin(self, doc: SegmentedText, start: int, end: int) -> int:
        """A route's origin is a place: words of the clause before it (通车|东村至西坪, 续建|…) are not."""
        middle = doc.text.find("至", start, end)
        words = doc.inner_words(start, middle) if middle > 0 else []
        while len(words) > 1 and not doc.is_place(*words[0]) and (doc.is_place(*words[1]) or words[0][1] - words[0][0] > 1 and (
                self._project_generic(doc.text[words[0][0]:words[0][1]]) or doc.is_verb(doc.text[words[0][0]:words[0][1]]))):
            words = words[1:]  # (续建|, 改扩建|: the stage of the works, no end of the route)
        return words[0][0] if words else start

    def _described_item(self, doc: SegmentedText, start: int, end: int, org_end: int) -> bool:
        """An item of a list of projects that is a company's brand + what it builds, in two or
        more words (瑞驰达|新能源|商用车, 华科信|高端|新材料): the company's project. A brand + one
        word (三菱|树脂) or a name with a company's ending (莱峰电气…) is the company. An org found
        from the item's start to `org_end` (a catalogue's short name: 五矿, jieba's common words)
        is a brand too: the item is the org's project, and both are named (SPEC)."""
        words = doc.inner_words(start, end)
        if len(words) < 3 or not all(NAME_UNIT_RE.match(c) for c in doc.text[start:end]):
            return False
        if any(doc.text.find(x, start, end) >= 0 for x in self.lex.brand_suffixes):
            return False
        edges = doc.boundaries(start, end)
        if start not in edges or end not in edges:
            return False
        text, core = doc.text, 0  # the brand: a proper-noun word, or characters jieba knows one by one
        if self._proper_word(doc, *words[0]):
            core = 1  # (城市/ns: a place's tag on a common noun is no brand)
        elif org_end > start:
            core = next((k + 1 for k, (_, b) in enumerate(words) if b == org_end), 0)
        else:
            while core < len(words) and words[core][1] - words[core][0] == 1 and not doc.is_stop(*words[core]):
                core += 1
            core = core if core >= 2 else 0
        brand = words[0][1] - words[0][0] > 1 and doc.tags.get(text[words[0][0]:words[0][1]]) == "ns" and all(
            (b - a == 1 or doc.tags.get(text[a:b]) == "nrt") and text[a:b] not in self.lex.region_ends
            for a, b in words[1:])  # 韩国|晓|星, 意大利|世|科姆: a place + a brand is a company
        # (a plant's capacity, 10|万吨, and its phase, 一期, are words of its name, no stop of the clause)
        sized = [(m.start(), m.end()) for m in CAPACITY.finditer(text, start, end)]
        return core > 0 and len(words) - core >= 2 and not brand and not any(
            (doc.is_verb(text[a:b]) or b - a > 1 and doc.is_stop(a, b)) and not _is_phase(text[a:b]) and not any(
                x <= a and b <= y for x, y in sized) for a, b in words)

    def _opens_list(self, word: str, doc: SegmentedText) -> bool:
        """A word of the clause that introduces a list: a verb, a stop or clause word, a generic one, a time (今年)."""
        return (word in self.lex.left_stop or word in self.lex.clause_words or self._project_generic(word)
                or doc.tags.get(word) in ("v", "vn", "vd", "d", "p", "c", "t") or not NAME_UNIT_RE.match(word)
                or word.endswith(self.long_clause_words))
