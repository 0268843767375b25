"""Works built as projects (SPEC): lines, roads, airports, reservoirs, plants, named by a proper
core right before their head (雁平|高铁, 岚北|高速, 石滩子|水库), with the route they join
(贵阳至南宁高速铁路) and the section or phase built after them."""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterator, Optional

import regex

from ...ruleset.entity_rules import EntityRule
from ..entity_text import OPEN_QUOTES, EntitySpan, SegmentedText
from ..word_classes import NUMERAL_CHARS
from .projects import CLAUSE_MARKS
from .edges import VEHICLE_ENDS
from .base import ENUMERATION_REACH, PAREN_PHASE, _head_chains, _name_start

# The section of a line or bridge written after it: （厦门段）, 银川至惠农南段, 川渝段, 武张段, 北段.
WORK_SECTION = regex.compile(r"\([\p{Han}]{1,8}段\)|[\p{Han}]{2,4}至[\p{Han}]{2,4}?[东南西北中]?段|[\p{Han}]{2}[东南西北中]?段|[东南西北中]段")
# A phase or a numbered line written after a work: 江城港五期, 江城地铁3号线, 地铁二号线 (not 三期工程: its own head).
WORK_PHASE = regex.compile(r"[一二三四五六七八九十]{1,2}期(?!工程|项目)|(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})号线")
# The works done on a work, then a project's head, inside its name: …高速公路|改扩建|工程, …处理厂|提标改造|工程 (a closed
# class of works on what exists; jieba tags these words nothing a class could test)
LINE_WORKS = regex.compile(r"(?:改扩建|扩建|改建|改造|扩容|扩能|拓宽|提质|提标|升级|除险加固|迁建){1,2}(?:工程|项目)")
# …and a work's building done on it closing the item with no head after it (江城机场|改扩建。, …|迁建和):
# the project is that building (the nouns of building anew; 改造, 提质 are verbs of a clause too)
BARE_WORKS = regex.compile(r"(?:改扩建|扩建|迁建|改建)(?=[、，,。；;：:等和及与)]|$)")
APPOSITION_HEADS = ("工程", "项目")  # a project's head inside a work's words ends a category before it
NEGATIONS = "不未"  # a word opening with a negation (不通, 未通) states what a place lacks
NATION = "全国"  # the whole nation's scope opens a title (全国最美公路), never a work's name
# A city's rail line by its number (地铁4号线, 二号线, 7号线, Z4线, M102线), with its extension, phase and
# section (东延伸, 一期, 北段, 红庙至平谷段, 先行段): in the city's own report a named work. Not a
# national road's number (G219线 + its route: the line's name runs on, see _numbered_lines).
NUMBERED_LINE = regex.compile(
    r"(?<![0-9A-Za-z第一二三四五六七八九十])(?:地铁|轨道交通|轨交|城轨)?(?:[A-FH-Z][0-9]{1,3}|(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})号)线"
    r"(?:[东西南北]延伸线?|延伸线|延长线|支线)?(?:[一二三四五六七八九十]期)?"
    r"(?:[东西南北中]段|[\p{Han}]{2,4}至[\p{Han}]{2,4}段|[\p{Han}]{2}段)?")
# A national or provincial road by its code (G214, S312) and the part of it built: a route and
# its section (…加卡至邦达段, 线乌兰至奇台 closing an item), or its extension (高速延长线): a work's
# name, the code its proper core. The code alone (G331通车) names the whole road, no works on it.
ROAD_CODE = regex.compile(
    r"(?<![0-9A-Za-z])[GS][0-9]{1,4}线?(?:[\p{Han}]{2,6}?至[\p{Han}]{2,8}?段|[\p{Han}]{2,6}?至[\p{Han}]{2,8}(?=[、，,。；;和及等])"
    r"|(?:高速|国道|省道)?(?:[东西南北]?延长线|[东西南北]?延伸段|复线))")
# A section written before the head (…至然乌段|铁路): the destination and 段 right before it.
SECTION_BEFORE = regex.compile(r"(至)[\p{Han}]{2,4}段$")
SECTION_CHARS = 6  # 至 + a destination of up to four characters + 段
# Tags of two single characters that name a work's site (景|腊/t, 榆/ns|安/v): a place's, a name's or
# a time's character, or none; the second may read as a verb. Not a
# modifier's (新/a|建), a verb's first (扩|建), a numeral, measure, preposition or direction.
SITE_FIRST_TAGS = frozenset({None, "ns", "nr", "nz", "t"})
SITE_SECOND_TAGS = SITE_FIRST_TAGS | {"v"}
ADVERB_TAGS = ("d", "ad")
AIRPORT_PART = regex.compile(r"[东西南北]?第?[二三四五]跑道|T[0-9]航站[楼区]")  # the part of an airport built: 二跑道, 东二跑道, T3航站楼
# Lines named by one character of each end (雁平高铁, 宁坪高速); a verb, numeral, measure or
# function character is no end (新|建, 两|条).
ROUTE_HEADS = ("高速", "高铁", "铁路", "城际", "快线")
ROUTE_STOP_TAGS = frozenset({"v", "vn", "m", "q", "p", "c", "r", "u", "uj", "d", "f"})
# A line named by one character of each city it joins (集|宁|原高铁, 和|岚铁路, 青|自高速): jieba
# reads such characters as anything (集/q, 和/c, 自/p, 花/v), so their tags prove nothing; the
# structure does: two to four single characters between a clause's edge (a mark, a list's 、, a
# verb of the clause, a conjunction) and the line's head, and after the line (its section or
# phase) the clause goes on with a mark, a list, a verb or a project's head.
ROUTE_CHARS = 4
ROUTE_BREAK_TAGS = frozenset({"u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "r", "x"})  # 的, 了, 等, 各, 这
ROUTE_AFTER = "、，,。；;：:）)”\"等和及与并"
REPEAT_REACH = 20000  # characters on each side where a term written again is looked for (a long report)
TECHNIQUE_CHARS = 3  # single characters of a technique after its verb (抽水|蓄|能): a verb + object, short
STATION_HEADS = ("东站", "西站", "南站", "北站")  # a station is named by its city alone (江城|东站), never by a title before it


def _repeated(doc: SegmentedText, at: int, words: str) -> bool:
    """`words` (at `at`) stand once more within REPEAT_REACH characters on either side: bounded
    per candidate, so a one-sentence text of many such phrases stays linear (issue 26)."""
    text, size = doc.text, len(words)
    before = text.rfind(words, max(0, at - REPEAT_REACH), at + size - 1)
    return before >= 0 or text.find(words, at + 1, at + size + REPEAT_REACH) >= 0


class WorksRecognizer:
    """A part of Recognizers (reads the patterns RecognizerBase compiles and ProjectRecognizers'
    start helpers)."""

    def works(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        org_starts = [o.start for o in orgs]  # sorted, non-overlapping (resolve_overlaps): bisected per work
        for first, _, end in _head_chains(doc, self.heads[rule.id]):
            quoted = self._quoted_name(doc, first)
            field = next((w for w in doc.near(max(0, first - 3), first) if w[1] == first and w[1] - w[0] == 2), None)
            if quoted is None and field is not None and doc.tags.get(doc.text[field[0]:first]) != "v":
                quoted = self._quoted_name(doc, field[0])  # “青环”|旅游|公路: a quoted name + the work's field + its head
            start = quoted if quoted is not None else self._work_start(doc, first, orgs, org_starts)
            head_end = end
            city = next((w for w in doc.near(max(0, first - 4), first) if w[1] == first), None)
            if city is not None and doc.text[first:end] in STATION_HEADS and doc.is_place(*city):
                start = max(start, city[0])  # 东方枢纽|江城东站: a hub's title before the station is no part of its name
            tail = WORK_SECTION.match(doc.text, end) or PAREN_PHASE.match(doc.text, end) or WORK_PHASE.match(doc.text, end) or (
                AIRPORT_PART.match(doc.text, end) if doc.text.endswith("机场", first, end) else None)  # …机场二跑道, …机场T3航站楼
            end = tail.end() if tail else end  # 东江大桥（北岸段）, 雁平高铁雁城至平川段, …机场(三期), …港五期, 地铁3号线
            section = self._section_before(doc, first) if quoted is None else None
            start = section if section is not None and section < start else start  # 波密至然乌段|铁路
            route = self._route_abbreviation(doc, first, head_end, end) if quoted is None else None
            if route is None and start >= first:
                continue
            end = end + 2 if doc.text.startswith(APPOSITION_HEADS, end) and end + 2 in doc.boundaries(end, end + 2) else end  # …水利枢纽|工程
            works = LINE_WORKS.match(doc.text, end) or BARE_WORKS.match(doc.text, end)
            end = works.end() if works else end  # …污水处理厂|提标改造工程, …高速|改扩建项目, …机场|迁建、
            if route is not None:
                yield EntitySpan(route, end, rule.type, rule.id, priority=3)  # 集|宁|原高铁
                continue
            # a line in a list of projects named by one word of its two ends (洪大|高速、…等项目)
            line = doc.text.startswith(ROUTE_HEADS, first) and self.project_enumeration.match(
                doc.text, end, end + ENUMERATION_REACH) is not None and self._site_words(doc, start, first)
            if doc.text[end:end + 2] in VEHICLE_ENDS:
                continue  # “江城陆港”号, “江城陆港号”: a train's or a ship's name, no work
            if doc.text.startswith(NATION, start):
                continue  # 获评|全国最美公路: a title over the whole nation, no work's name
            if any(doc.text[a] in NEGATIONS and b - a > 1 and doc.tags.get(doc.text[a:b]) in ("a", "d", "v")
                   for a, b in doc.inner_words(start, first)):
                continue  # 改变江城|不通|铁路|的历史: a negated state of a place, a clause's, no work's name
            if doc.counted(doc.inner_words(start, first)):
                continue  # 青川|4|县|高速项目: the works of counted places, no one work's name
            core_end = self._core_end(doc, start, first) if quoted is None else first
            # a work jieba knows as one place word, its head included (广州白云机场/ns): a named work
            known = any(a < first and b == head_end and a >= start and doc.tags.get(doc.text[a:b]) == "ns"
                        for a, b in doc.near(first, head_end))
            if quoted is not None or known or doc.text[start:end] not in self.lex.stop_phrases and (line or self._work_core(
                    doc, [(s, e) for s, e in doc.inner_words(start, core_end) if not self._project_generic(doc.text[s:e])])):
                yield EntitySpan(start, end, rule.type, rule.id, priority=3)
        yield from self._numbered_lines(doc, rule)
        for road in ROAD_CODE.finditer(doc.text):
            works = LINE_WORKS.match(doc.text, road.end())
            yield EntitySpan(road.start(), works.end() if works else road.end(), rule.type, rule.id, priority=3)

    def _numbered_lines(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """Rail lines by their number (NUMBERED_LINE), opened by the cities' characters or a
        place before them (厦漳泉|R1线先行段, 江城|地铁2号线) or standing alone after the clause's
        edge or verb (建成|2号线西延伸), and followed by a mark, a list's end or a verb (…|建成通车):
        not a count (3条|2号线), nor a line the sentence runs on about (4号线|站点)."""
        text = doc.text
        for match in NUMBERED_LINE.finditer(text):
            start, end = match.span()
            if end < len(text) and text[end] not in ROUTE_AFTER and text[end] != "\n":
                after = next((w for w in doc.near(end, end + 1) if w[0] == end), None)
                if after is None or not doc.is_verb(text[after[0]:after[1]]) and not LINE_WORKS.match(text, end):
                    continue
            words = [w for w in doc.near(max(0, start - ROUTE_CHARS - 4), start) if w[1] <= start]
            k, left = len(words) - 1, start
            while k >= 0 and words[k][1] == left and start - words[k][0] <= ROUTE_CHARS and (
                    doc.is_place(*words[k]) or words[k][1] - words[k][0] == 1 and "\u4e00" <= text[words[k][0]] <= "\u9fff"
                    and doc.tags.get(text[words[k][0]]) not in ROUTE_BREAK_TAGS | {"v", "m", "q"}):
                left, k = words[k][0], k - 1
            before = words[k] if k >= 0 and words[k][1] == left else None
            if not (left == 0 or text[left - 1] in CLAUSE_MARKS + OPEN_QUOTES or before is not None and (
                    doc.is_verb(text[before[0]:left]) or text[before[0]:left] in self.lex.clause_words)):
                continue  # the line opens no clause (江城|3条|2号线: a count; a noun before the number)
            yield EntitySpan(left, end, rule.type, rule.id, priority=3)

    def _section_before(self, doc: SegmentedText, first: int) -> Optional[int]:
        """The start of a section written before the work's head (青岭至白沙段|铁路, 加卡至邦达段|公路):
        an origin of two to four characters opening the clause's words (after a mark or a verb),
        至, a destination of two to four characters (jieba reads them as anything: 然/c 乌/nr),
        段; or None. Bounded: SECTION_CHARS characters before the head."""
        text = doc.text
        found = SECTION_BEFORE.search(text, max(0, first - SECTION_CHARS), first)
        if found is None:
            return None
        to = found.start(1)
        edges = doc.boundaries(max(0, to - 5), to)
        for origin in range(to - 2, max(-1, to - 5), -1):
            if origin not in edges:
                continue
            verb = next((w for w in doc.near(max(0, origin - 4), origin) if w[1] == origin), None)
            if origin == 0 or text[origin - 1] in CLAUSE_MARKS or verb is not None and doc.is_verb(text[verb[0]:origin]):
                return origin if not any(doc.is_verb(text[a:b]) for a, b in doc.inner_words(origin, to)) else None
        return None

    def _route_abbreviation(self, doc: SegmentedText, first: int, head_end: int, end: int) -> Optional[int]:
        """The start of a line named by one character of each city it joins (集|宁|原高铁, 和|岚铁路,
        沿江高铁 is no such name), or None: see ROUTE_CHARS. Not a count (三|大高速), nor a slogan
        whose first two characters are one (县|县|通高速), nor a word of the clause (结束|不|通高铁|历史:
        a noun after the line). A line jieba knows as one proper noun (宝成铁路/nz) is one too."""
        text = doc.text
        if not text.startswith(ROUTE_HEADS, first):
            return None
        known = next((a for a, b in doc.near(max(0, first - ROUTE_CHARS), head_end) if a < first and b == head_end), None)
        if known is not None and first - known >= 2 and doc.tags.get(text[known:head_end]) in ("nz", "ns"):  # (not 超|高速/nz)
            return known
        words = [w for w in doc.near(max(0, first - ROUTE_CHARS - 4), first) if w[1] <= first]
        start, k = first, len(words) - 1
        while k >= 0 and words[k][1] == start and first - start < ROUTE_CHARS and words[k][1] - words[k][0] == 1 and (
                "\u4e00" <= text[words[k][0]] <= "\u9fff" and doc.tags.get(text[words[k][0]]) not in ROUTE_BREAK_TAGS):
            start, k = words[k][0], k - 1
        fused = k >= 0 and words[k][1] == start and words[k][1] - words[k][0] == 3 and doc.is_verb(text[words[k][0]:start - 1])
        if fused and first - start < ROUTE_CHARS:
            start -= 1  # 推进机|荷高速: jieba joined the clause's verb and the line's first character
        if first - start > 2 and doc.tags.get(text[start]) == "c" and start > 0 and text[start - 1] not in CLAUSE_MARKS:
            start += 1  # 风电|和|川岚铁路: a conjunction after a word joins two things (、和岚铁路 opens a name)
        if first - start < 2 or text[start] in NUMERAL_CHARS or text[start] == text[start + 1]:
            return None
        if start > 0 and text[start - 1] not in CLAUSE_MARKS + OPEN_QUOTES and not fused:
            left = next((w for w in reversed(words) if w[1] == start), None)
            word = text[left[0]:left[1]] if left else ""
            if not left or not (left[1] - left[0] > 1 and doc.is_verb(word) or word in self.lex.clause_words
                                or doc.tags.get(word) == "c"):
                return None  # 企业|经中塔铁路: the line's characters run on from a noun of the clause
        if end < len(text) and text[end] not in ROUTE_AFTER and text[end] != "\n":
            after = next((w for w in doc.near(end, end + 1) if w[0] == end), None)
            word = text[after[0]:after[1]] if after else ""
            if not after or not (doc.is_verb(word) or text.startswith(self.project_heads, end) or doc.tags.get(word) == "c"
                                 or LINE_WORKS.match(text, end)):
                return None
        return start

    def _work_start(self, doc: SegmentedText, first: int, orgs: list[EntitySpan], org_starts: list[int]) -> int:
        """Where a work's name starts: as a project's (clause words, verbs, an org's name inside),
        then back over a route's origin (贵阳|至|南宁高速铁路)."""
        start = _name_start(doc, first, "all")
        # The org holding `start`, if any, is the last to start before it (orgs do not overlap): found
        # by bisection, not by reading every org of the text for each work (a list of thousands, issue 26).
        holder = bisect_left(org_starts, start) - 1
        if holder >= 0 and orgs[holder].start < start < orgs[holder].end <= first:
            start = orgs[holder].start  # a name does not start inside an org's name
        start = self._after_clause_words(doc, start, first)
        start = doc.after_clause_verb(start, first, self.lex.project_generic, leading=True)
        start = self._joined_by_dashes(doc, start, first)
        for s, e in doc.inner_words(start, first):
            if doc.text[s:e] in APPOSITION_HEADS:
                start = e  # 国家重点工程|包银高铁: a category set before the work's name
        technique = self._technique(doc, start, first)
        if technique is not None:  # (the name is what stands before the technique's verb, if anything)
            start = self._after_clause_words(doc, _name_start(doc, technique, "all"), technique)
            start = doc.after_clause_verb(start, technique, self.lex.project_generic, leading=True)
            return start if start < technique else first
        return self._after_ranking(doc, self._glued_start(doc, self._route_start(doc, start, first), first), first)

    def _technique(self, doc: SegmentedText, start: int, first: int) -> Optional[int]:
        """抽水|蓄|能|电站: a verb of two characters, then two or three single characters with a
        verb among them, before a works' head name the technique of a kind of plant (a verb +
        object chain), no coined name: the verb's start, or None. The work is named only by the
        words before the verb (青川|抽水蓄能电站)."""
        text = doc.text
        words = doc.inner_words(start, first)
        if not 2 <= len(words) <= TECHNIQUE_CHARS or not all(e - s == 1 for s, e in words) or not any(
                doc.is_verb(text[s:e]) for s, e in words):
            return None
        verb = next((w for w in doc.near(max(0, start - 2), start) if w[1] == start and w[1] - w[0] == 2), None)
        if verb is None or not doc.is_verb(text[verb[0]:verb[1]]):
            return None
        # A verb right after the clause's own verb or edge may be that clause's (提速|建设|藻|渡|水库):
        # a technique then is a term the document writes again (抽水蓄能 twice or more); after a
        # place, a count or a modifier (江城|, 8个|, 在建|抽水…) it is the technique.
        before = next((w for w in doc.near(max(0, verb[0] - 4), verb[0]) if w[1] == verb[0]), None)
        word = text[before[0]:before[1]] if before else ""
        opens = before is None or doc.is_verb(word) or doc.is_stop(*before) and doc.tags.get(word) not in ("m", "q")  # (8个|抽水: a count of a kind)
        return verb[0] if not opens or _repeated(doc, verb[0], doc.text[verb[0]:first]) else None

    def _core_end(self, doc: SegmentedText, start: int, first: int) -> int:
        """Where the words that must show a work's name end: before a technique (青川|抽水蓄能电站),
        else at the head."""
        for s, e in doc.inner_words(start, first):
            if e - s == 2 and doc.is_verb(doc.text[s:e]) and self._technique(doc, e, first) == s:
                return s
        return first

    def _route_start(self, doc: SegmentedText, start: int, first: int) -> int:
        """Back over a route's origin before 至 (贵阳|至|南宁高速铁路): a name's words, or two to four
        name characters with no verb when the destination names a place (富裕|至|加格达奇铁路)."""
        if start >= 3 and doc.text[start - 1] == "到" and start < first:
            return self._place_to_place(doc, start)
        if start < 3 or doc.text[start - 1] != "至" or start >= first:
            return start
        origin = doc.after_clause_verb(_name_start(doc, start - 1, "all"), start - 1, self.lex.project_generic, leading=True)
        if start - 1 - origin < 2:
            return start
        short = start - 1 - origin <= 4 and not any(doc.is_verb(doc.text[a:b]) for a, b in doc.inner_words(origin, start - 1))
        return origin if doc.evidence(origin, start - 1) or short and doc.proper_core(start, first) else start

    def _place_to_place(self, doc: SegmentedText, start: int) -> int:
        """A route written with 到 (a verb to jieba, so only between two places: 陇西|到|江城特高压…
        工程): the origin's start when one place stands on each side, else `start`."""
        before = next((w for w in doc.near(max(0, start - 5), start - 1) if w[1] == start - 1), None)
        after = next((w for w in doc.near(start, start + 1) if w[0] == start), None)
        if before is None or after is None or not (doc.names_place(*before) and doc.names_place(*after)):
            return start
        return before[0] if before[0] == 0 or doc.text[before[0] - 1] in CLAUSE_MARKS or doc.is_stop(before[0] - 1, before[0]) or any(
            b == before[0] and doc.is_verb(doc.text[a:b]) for a, b in doc.near(max(0, before[0] - 4), before[0])) else start

    def _work_core(self, doc: SegmentedText, words: list[tuple[int, int]]) -> bool:
        """No count (4|条), verb or adverb word among the words, and a place, a person's or an
        institution's name, or two characters jieba knows only one by one (雄|忻, 花|滩|子)."""
        text = doc.text
        if doc.counted(words):
            return False  # 5|条|铁路: a count of works
        for k, (s, e) in enumerate(words):
            tag = doc.tags.get(text[s:e])
            if e - s > 1 and (tag in ADVERB_TAGS or doc.is_verb(text[s:e])) and text[s:e] not in self.lex.name_words and (
                    text[s:e] not in self.lex.places):  # (大连/d: a city of the lexicon)
                return False
            following = doc.tags.get(text[words[k + 1][0]:words[k + 1][1]]) if k + 1 < len(words) else None
            if e - s > 1 and len(set(text[s:e])) == 1:
                return False  # 县县|通|高速: "every county", a slogan
            if e - s > 1 and doc.is_place(s, e) and following == "v" and words[k + 1][1] - words[k + 1][0] == 1:
                return False  # 厦门|走|高速公路: the place is the subject of a verb
        if len(words) == 2 and all(e - s == 1 and doc.tags.get(text[s:e]) not in ROUTE_STOP_TAGS for s, e in words) and (
                words[1][1] < len(text) and text.startswith(ROUTE_HEADS, words[1][1])):
            return True  # 洪|坪|高速, 宁|坪|高速: a route's two ends by one character each
        if len(words) == 1 and words[0][1] - words[0][0] == 2 and doc.tags.get(text[words[0][0]:words[0][1]]) == "a" and (
                not doc.modifier(text[words[0][0]:words[0][1]])):
            return True  # 平凉/a|机场, 洪大/a|高速: a place's name jieba reads as an adjective, used once
        if 2 <= len(words) <= 3 and all(e - s == 1 for s, e in words) and doc.tags.get(text[words[0][0]]) == "a" and all(
                doc.tags.get(text[s:e]) is None and not doc.is_stop(s, e) and text[s:e] not in self.lex.region_ends
                for s, e in words[1:]) and not doc.abbreviation(words[0][0], words[-1][1]):
            return True  # 红|岭|水库, 黄|茅|峡|水库: a colour's or a size's character opens a place's name jieba knows only by its characters
        if len(words) == 2 and all(e - s == 1 and text[s] not in NUMERAL_CHARS for s, e in words) and (
                doc.tags.get(text[words[0][0]]) in SITE_FIRST_TAGS and doc.tags.get(text[words[1][0]]) in SITE_SECOND_TAGS
                and not doc.abbreviation(words[0][0], words[1][1])):
            return True  # 景|腊/t|大型灌区, 榆/ns|安/v|…: a site's name jieba knows only by its characters
        # (a site's coined pair, 中|皋|水库: ProjectSites'; a line's two characters are its ends', tested above)
        return doc.has_proper_core(words) or self._coined_pair(doc, words) and not text.startswith(ROUTE_HEADS, words[-1][1])
