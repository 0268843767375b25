"""Projects: a name before a project head word (head); the items of a list are listed.py's."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterator, Optional

from ...ruleset.divisions import division_names
from ...ruleset.entity_rules import EntityRule
from ..built import FACILITY_HEADS
from ..word_classes import COUNT_BEFORE, NUMERAL_CHARS, PROVINCE_CHARS, PROVINCES
from ..entity_text import CLOSE_QUOTES, NAME_UNIT_RE, OPEN_QUOTES, EntitySpan, SegmentedText
from ..name_start import _is_phase
from .edges import CLAUSE_MARKS, VEHICLE_ENDS, ProjectEdges
from .project_joins import CAMPUS_HEADS, ProjectJoins
from .project_sites import ProjectSites
from .base import (DASHES, PAREN_PHASE, ENUMERATION_REACH, SLOGAN_NUMERALS, PERIOD_INSIDE, _all_generic, _slogan_count, _head_chains, _name_start)


# A quoted label + 项目 names a class of projects (“白名单”项目, “好房子”项目); a quoted name + 工程
# or a park's head names one (“津城绿肺”工程).
QUOTED_CLASS_HEAD = "项目"
NATIONAL_TITLE = re.compile(r"国家|全国|首批")  # opening a designation with no place: a title
COUNTY_SEAT = "县"  # a county's name + 城 is its seat town (县城), as 县|城 alone is
TOWN = "城"  # a one-character head that jieba fuses into common nouns of towns (县城, 小城, 名城)
BRANCH = "分中心"  # a body's branch (an org's)
BASE = "基地"  # a place alone before it names a base (宁南基地), as before a zone's head
PLANT = "工厂"  # a project head only for a company's plant at a place
# 八大, 三大, 十大, 4大 + a kind: a count of the kinds (not 大学, 大道, 大桥, 大厦: a number names those)
COUNT_OF_KINDS = re.compile(r"(?<![第0-9.])(?:[两二三四五六七八九十百千]+|[0-9]{1,2})大(?![学道桥厦楼街])")
COMPANIES_COUNTED = re.compile(r"等(?:[0-9]+|[一二三四五六七八九十百几多]+)家")  # …等6家: companies or bodies, counted
PLACE_SECTION = re.compile(r"[^\W\d_A-Za-z]{2,3}段")  # 江城段: the section of a work in a place
# A water diversion's name: 引 + the source + 济/入 + where it goes (引大济岷, 引江济淮), or 引 + the
# source + a phase (引洮二期): 引 (a verb to jieba) opens the name, no verb of the clause.
DIVERSION = re.compile(r"引[^\W\d_A-Za-z]{1,2}(?:[济入][^\W\d_A-Za-z]{1,2}|(?=[一二三四]期))")
PAREN_PLACE = re.compile(r"\([^\W\d_A-Za-z]{2,4}\)")  # a place in brackets after a name: （福建）
SITE_HEADS = ("园", "谷", "城", "小镇")  # heads of a site: a park, a valley, a town
SITE_PAIR_HEADS = ("园", "园区", "基地", "小镇", "港", "开发区")  # heads of a site a coined pair names (project_sites._coined_pair)
# A phase written after the head with no bracket (江城港五期; 一期 to 三期 are heads of their own,
# and a phase before 工程, 项目 is followed by its own head)
BARE_PHASE = re.compile(r"[四五六七八九十]期(?!工程|项目)")
# a phase + 工程 that jieba reads as one word (二期工程/l), so no chain of heads runs into it: the name's phase
FUSED_PHASE = re.compile(r"[一二三四五六七八九十]期工程")
PAREN_TYPE = re.compile(r"\([A-Z]型\)")  # the type in brackets after a facility's name: …物流中心(B型)
INDEFINITE = re.compile(r"多个|若干|一些|众多|诸多")  # an indefinite count of projects inside the words
NUMBERED = re.compile(r"[0-9０-９]|[一二三四五六七八九十]期")  # a number or a phase inside a name
KEY_KIND = re.compile(r"(?:重点|重大)(?:项目|工程)$")  # …集群|重点项目: the key projects of a place or a plan, a kind, none
# a count + a kind twice (三山五园, 两湖一城): a slogan of counts, quoted or not
COUNTS_PAIRED = re.compile(r"[一二三四五六七八九十两][^\W\d_]{1,2}[一二三四五六七八九十两][^\W\d_]{1,2}")
WRAPPERS = ("项目", "工程")  # a site's head + 项目 (…产业园|项目, …小镇|项目): the project of that site
HUB = "枢纽"  # a hub after a head makes it a modifier (合作中心|枢纽); works' heads hold it only in longer words


class ProjectRecognizers(ProjectEdges, ProjectJoins, ProjectSites):
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

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
        if inside[0] in SLOGAN_NUMERALS or _slogan_count(doc, opening + 1, first - 1):
            return None  # “两重”项目, “三个一批”项目, “江城一张网”平台: a slogan's count of kinds, not one project
        words = doc.inner_words(opening + 1, first - 1)
        return None if all(self._project_generic(doc.text[s:e]) for s, e in words) else opening

    def _quoted_action(self, doc: SegmentedText, opening: int, closing: int) -> bool:
        """A quoted label of a verb + its object (“增|学位”), a subject + its verb or verb's noun (“乡村|医生|振兴”, “…|融合”),
        a clause with a pronoun (“民|问|我|答”): a slogan, no name (unless a place owns it: the caller's); 蒙/v opens one."""
        words = doc.inner_words(opening + 1, closing)
        (a, b), (y, z) = (words[0], words[-1]) if len(words) > 1 else ((0, 0), (0, 0))
        if len(words) >= 3 and words[-2][1] - words[-2][0] == 1 and doc.tags.get(doc.text[words[-2][0]]) == "v" and z - y >= 2 and not (
                doc.is_place(y, z) or doc.names_place(y, z)):
            return True  # “强县中|增|学位”: a verb and its object closing the label (not 入|江城: where a line goes)
        return doc.tags.get(doc.text[a:b]) == "v" and doc.text[a] not in PROVINCE_CHARS or z - y >= 2 and doc.tags.get(
            doc.text[y:z]) in ("v", "vn") or any(doc.tags.get(doc.text[s:e]) == "r" for s, e in words)

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
        if not all(NAME_UNIT_RE.match(c) for c in doc.text[org.end:start]):
            return False  # …有限公司。|花园…: a sentence's end between (no words of a name there to read)
        return all(NAME_UNIT_RE.match(doc.text[s:e]) and doc.text[s:e] not in self.lex.left_stop for s, e in between)

    def _section_after(self, doc: SegmentedText, end: int) -> int:
        """The end of a name with the section after it named by a place (…国家文化公园|江城段),
        or `end`."""
        section = PLACE_SECTION.match(doc.text, end)
        return section.end() if section and doc.is_place(end, section.end() - 1) else end

    def _place_before_quote(self, doc: SegmentedText, quote: int) -> int:
        """A quoted name's start, or the start of the work or place that owns it just before the
        quote (江城机场“换新衣”工程, 江城“绿肺”工程): a place, or a work by a word and its head, right
        before, after the clause's verbs."""
        left = _name_start(doc, quote, "all")
        left = doc.after_clause_verb(self._after_clause_words(doc, left, quote), quote, self.lex.project_generic, leading=True)
        words = doc.inner_words(left, quote)
        owner = any(doc.names_place(a, b) for a, b in words) or len(words) > 1 and doc.text.endswith(self.works_heads, left, quote)
        return left if left < quote and owner and not _all_generic(doc, left, quote, self.lex.project_generic) else quote

    def _common_place(self, doc: SegmentedText, start: int, end: int) -> bool:
        """A word jieba tags a place that the document uses as a common modifier (海洋/ns: 海洋经济,
        海洋牧场, 海洋强省), not written as a region and unknown to the lexicon: no place of a name."""
        word = doc.text[start:end]
        return doc.tags.get(word) == "ns" and word not in self.lex.places and not doc.written_as_region(word) and (
            doc.misread_name(word))

    def _listed_name(self, doc: SegmentedText, start: int, last: int, end: int) -> bool:
        """An item of a list of projects (A、B等项目) is one project when something in it is one
        thing's: a proper core (a brand's too), a number or a phase (中|船|二期, 15号线), or two
        characters in a row that jieba knows only alone, whatever their tags (上|合, 中|拉: a coined
        name); a park or a town (智能科技园, 生物谷, 科技城: a site in a list of sites) is one. Common
        words alone before another head (体育训练|基地, 认证中心) name a kind the list counts. (The words
        before the last head: 临|港 of 盐田|临港|产业带 ends in a head.)"""
        if (national := NATIONAL_TITLE.match(doc.text, start)) and not doc.proper_core(national.end(), last, abbreviations=True):
            return False  # 国家|大学|科技园 in a list of titles: the nation's designation of a kind, no site
        if doc.text.endswith(SITE_HEADS, start, end):
            return True
        words = doc.inner_words(start, last)
        if doc.has_proper_core(words, brands=True, abbreviations=True) or NUMBERED.search(doc.text, start, end):
            return True
        run = 0
        for s, e in words:
            run = run + 1 if e - s == 1 and not doc.is_stop(s, e) and doc.text[s] not in NUMERAL_CHARS else 0
            if run >= 2:
                return True
        return False

    def _own_head_end(self, doc: SegmentedText, first: int, last: int, end: int) -> tuple[int, int]:
        """The end of the first heads of a chain without the phases and wrappers that close it
        (江城基地|一期|项目 → 江城基地, …产业园|二期, …小镇|项目: the site is the thing named, the phase and
        项目 say which part of it is built), and where the last phase peeled starts (-1: none)."""
        core, phase = end, -1
        while last > first and core - first > 2:
            peel = 2 if _is_phase(doc.text[core - 2:core]) else next((len(w) for w in WRAPPERS if doc.text.endswith(w, first, core)), 0)
            if not peel or not doc.text.endswith(self.project_heads, first, core - peel):
                break
            core, phase = core - peel, (core - peel if peel == 2 and _is_phase(doc.text[core - 2:core]) else phase)
        return core, phase

    def _after_clause_words(self, doc: SegmentedText, start: int, first: int) -> int:
        """A project name holds no verb of the sentence around it: 全市|安排|省重点项目,
        市长李某|作|招商项目推介. The name starts after the last clause word (projects.yaml)."""
        for s, e in doc.inner_words(start, first):
            if doc.text[s:e] in self.lex.clause_words or doc.text.endswith(self.long_clause_words, s, e):
                start = e  # (建成投产 is one word of jieba's ending in a clause word)
        return start

    def _after_subject_verb(self, doc: SegmentedText, start: int, first: int) -> int:
        """A place or a zone, a verb, then two or more words before the head: a clause (滨海|创建|
        国际康养旅游试验区, 经开区|纳入|国家级零碳园区), whose subject and verb are no part of a name;
        the name is what follows the verb. A verb right before the head, or after one word, says what
        the thing does (科技|创新|中心, 避险|搬迁|工程; 江城|融合|发展|示范区: a verb after the verb)."""
        words = doc.inner_words(start, first)
        text = doc.text
        for k in range(1, len(words) - 1):
            s, e = words[k]
            # (a place + a verb + 国家, 全国: the title a place is given, one word before the head too: 江城|建设|国家|物流枢纽)
            title = any(NATIONAL_TITLE.fullmatch(text, a, b) for a, b in words[k + 1:])
            a, b = words[k - 1]
            rest = words[k + 1:]
            # (a division + a verb + one word no verb's before a zone's head: a clause, 江城|申报|空港|综保区)
            if k == len(words) - 2 and not title and not (text[a:b] in division_names() and not doc.is_verb(
                    text[rest[0][0]:rest[0][1]]) and any(text.startswith(z, first) for z in self.lex.zone_heads)):
                continue
            if e - s < 2 or doc.tags.get(text[s:e]) not in (("v", "vn") if title else ("v",)) or text[s:e] in self.lex.name_words:
                continue
            if text[rest[0][0]] == "(" or any(text[x:y][-1] in "区" for x, y in rest):
                continue  # 中国智造|(江城)…, 采煤|沉陷区…: the verb names what the place or zone is
            if doc.is_place(a, b) or text.endswith(self.project_heads, a, b) or text[a:b] in self.lex.region_ends:
                return e
        return start

    def head(self, doc: SegmentedText, rule: EntityRule, orgs: list[EntitySpan]) -> Iterator[EntitySpan]:
        org_starts = [o.start for o in orgs]  # sorted, non-overlapping (resolve_overlaps)
        # brand shapes by start, looked up by bisect: a long text has thousands (issue 26: each name
        # once read them all)
        shapes = sorted(doc.brand_shapes)
        shape_starts = [a for a, _ in shapes]
        for first, last, end in _head_chains(doc, self.heads[rule.id]):
            if last > first and any(a < first and b == first + 1 and doc.tags.get(doc.text[a:b]) == "ns"
                                    for a, b in doc.near(first, first + 1)):
                first += 1  # 临|港 of 临港|产业园: a place that ends in a head's character heads nothing
            if any(o.start < first and end < o.end and doc.text.endswith(self.lex.legal_forms, o.start, o.end)
                   for o in orgs[max(0, bisect_right(org_starts, first) - 4) : bisect_right(org_starts, first)]):
                continue  # 浙江花|园|营养…有限公司: a head's characters inside a company's legal name head nothing
            if any(doc.text.endswith(h, 0, end) and len(h) > end - first for h in FACILITY_HEADS):
                continue  # …幼儿|园: a head's character ending a facility's own head (a school's: the orgs' recognizers')
            quoted = self._quoted_name(doc, first)
            if quoted is not None and (not doc.text.startswith(QUOTED_CLASS_HEAD, first) or any(
                    c.isdigit() for c in doc.text[quoted:first])):  # (“118”项目: a number names one)
                owner = self._place_before_quote(doc, quoted)
                if owner < quoted or not self._quoted_action(doc, quoted, first - 1):
                    yield EntitySpan(owner, end, rule.type, rule.id, priority=3)
                continue  # “津城绿肺”工程: a name + its head; “增学位”工程 alone: a slogan of what to do
            if first > 0 and doc.text[first - 1] in CLOSE_QUOTES:
                continue  # “两重”项目: a slogan's head, with nothing of a name before it
            start = _name_start(doc, first, "all")
            head_end = end  # (the head's own end: a zone is told by its head, not by the phase after it)
            fused = FUSED_PHASE.match(doc.text, end)
            fused = fused if fused and any(a == end and b == fused.end() for a, b in doc.near(end, end + 1)) else None
            phase = PAREN_PHASE.match(doc.text, end) or BARE_PHASE.match(doc.text, end) or fused or PAREN_TYPE.match(doc.text, end)
            end = phase.end() if phase else self._section_after(doc, end)  # 动力电池项目(一期), 江城港五期, …文化公园江城段
            seat = PAREN_PLACE.match(doc.text, end)  # …转化中心(江城): the place a national body's branch is at
            seat = seat if seat and doc.names_place(seat.start() + 1, seat.end() - 1) else None
            end = seat.end() if seat else end
            zone = self._zone_chain(doc, first, last, head_end)
            if zone:
                start = self._place_before_singles(doc, start)
            if start >= first and not doc.text.startswith(CAMPUS_HEADS, first):
                continue  # no word of a name before the head: no step below moves the start back (a campus's org may: _campus_of)
            for o in orgs[max(0, bisect_right(org_starts, start) - 8) : bisect_right(org_starts, first)]:
                if o.start < start < o.end <= first:
                    start = o.start  # a name does not start inside an org's name: 长鑫存储…有限公司12英寸…
                elif o.end <= start < first and self._owner_before(doc, o, start):
                    start = o.start  # 海辰化工有限公司|正|丁醇项目: the company's project
                elif start < o.end < first and doc.text[o.end] in self.lex.left_stop:
                    start = o.end + 1  # 天津分行|为|园区: the org is the subject, not part of the name
                elif start <= o.start and o.end < first and doc.text.endswith(self.lex.legal_forms, o.start, o.end):
                    verb = next((b for a, b in doc.starting(o.end, o.end + 1)
                                 if a == o.end and b - a >= 2 and b <= first and doc.tags.get(doc.text[a:b]) == "v"), None)
                    start = verb if verb else start  # 海辰…有限公司|负责|园区: a company, the subject, and its verb
            start = self._after_clause_words(doc, start, first)
            opened = doc.after_clause_verb(start, first, self.lex.project_generic, leading=True)
            # (海辰|重工/vn|江城产业园: a "verb" that ends an org's name right before the name is the owner's word, no clause's)
            opened = next((o.start for o in orgs[max(0, bisect_right(org_starts, opened) - 4) : bisect_right(org_starts, opened)]
                           if o.end == opened and start <= o.start and doc.text[opened - 1] not in CLAUSE_MARKS), opened)
            # (…技术创新|中心|林芝基地: a verb before a head word is that head's, no clause's; a name never opens on a head)
            start = start if opened > start and any(a == opened and b - a >= 2 and doc.text[a:b] in self.project_heads
                                                    for a, b in doc.starting(opened, opened + 1)) else opened
            start = self._after_subject_verb(doc, start, first)
            start = self._joined_by_and(doc, start, first, orgs, org_starts, head_end)
            start = self._route_start(doc, self._joined_by_dashes(doc, start, first), first)
            if start > 1 and doc.text[start - 1] in DASHES and doc.text[start - 2] not in DASHES and NAME_UNIT_RE.match(doc.text[start - 2]):
                continue  # 江城道—|中心花园: a dash-joined name whose left side was not read as a name: cut, none
            start = self._inner_quote(doc, start, first)
            while start < first and start > 0 and doc.text[start - 1] not in CLAUSE_MARKS and any(a == start and b <= first and doc.tags.get(doc.text[a:b]) == "c" for a, b in doc.starting(start, start + 1)):
                start = next(b for a, b in doc.starting(start, start + 1) if a == start)  # 数据采集|与|运维平台: a conjunction opens no name
            start = self._after_zone(doc, start, first, head_end, last)
            start = self._after_moved_to(doc, self._after_amount(doc, start, first), first)
            start = self._after_ranking(doc, self._glued_start(doc, self._bracket_start(doc, start, first), first), first)
            start = self._after_heading(doc, start, first)
            diversion = DIVERSION.search(doc.text, max(0, start - 3), first)
            start = diversion.start() if diversion and diversion.start() < start else start  # 引|大|济|岷工程: 引 opens it
            start = self._after_category(doc, self._campus_of(doc, start, first, orgs, org_starts), first)
            start = self._county_opening(doc, self._after_news_lead(doc, start, first), first)  # 道|县|江城工业园: a county jieba cut in two
            if start >= first or doc.text[start:end] in self.lex.stop_phrases or KEY_KIND.search(doc.text, max(start, end - 4), end):
                continue
            if doc.text.endswith(BRANCH, start, first + 2) and start > 0 and doc.text[start - 1] not in CLAUSE_MARKS and all(
                    doc.is_place(a, b) for a, b in doc.inner_words(start, first - 1)):
                continue  # 国家…审评检查|西南分中心: a body's branch by its place alone, the body's words cut off before it
            if start > 0 and doc.text[start - 1] == "等" and (start - 1, start) in doc.starting(start - 1, start):
                continue  # 柳林、西站等|特色宜居片区: the category that closes a list, no name
            if doc.text[end:end + 2] in VEHICLE_ENDS or doc.text.startswith(self.works_heads + (HUB,), head_end):
                continue  # “江城陆港”号: a train's or a ship's name; 疏港|航道, 合作中心|枢纽: a work's or a hub's modifier
            if INDEFINITE.search(doc.text, start, first) or self._title_half(doc, start) or self._counted_or_key_kind(doc, start, first):
                continue  # 残特奥会多个项目: how many of a kind, no one project; 国家…及|…基地: half a title
            if PERIOD_INSIDE.search(doc.text, start, first):
                continue  # 杭州市2023年重大项目, 第三季度新开工项目: a plan's category, not a name
            if COUNTS_PAIRED.fullmatch(doc.text, start, end):
                continue  # 三山五园, 两湖一城: counts of kinds in pairs, a slogan's, no one project's name
            if doc.quoted(start, end) and (doc.text[start] in SLOGAN_NUMERALS or _slogan_count(doc, start, end)):
                continue  # “三区两城”, “五个一”工程, “多港多园” inside quotes: a slogan's count, not a name
            words = doc.inner_words(start, first)
            parallel = doc.parallel_words(words)
            if parallel:  # 防沙|治沙|成果…: a slogan's halves name no place (防沙/ns)
                words = [w for k, w in enumerate(words) if k not in parallel]
            if end - first == 1 and any(a < first and b == end and (doc.tags.get(doc.text[a:b]) == "ns" and not self._city_port(
                    doc, a, b) or doc.text[a:b] in division_names()) for a, b in doc.near(first, end)):
                continue  # 宜城, 香港, 长城, 连云港/nr: a place that ends in 城 or 港, not a project (江州港/ns is a port)
            if doc.text.startswith(TOWN, first) and end - first == 1 and any(
                    a == first - 1 and b == end and doc.tags.get(doc.text[a:b]) is None for a, b in doc.near(first, end)):
                continue  # 县|城, 小|城, 名|城 (one word jieba knows as a common noun): a kind of town
            if doc.text.startswith(TOWN, first) and end - first == 1 and doc.text.endswith(COUNTY_SEAT, 0, first) and any(
                    b == first and doc.is_place(a, b) for a, b in doc.near(max(0, first - 6), first)):
                continue  # 江城县|城: a county's seat town (县城 cut by the county's name), no project
            if end - start == 2 and self._paired_item(doc, start, end):
                continue  # 湘琼、粤琼、琼港: places paired by one character each, 港 as Hong Kong's, no port
            if COMPANIES_COUNTED.match(doc.text, end):
                continue  # 江城生态园等6家|企业: a company in a list that 家 counts (projects are counted by 个, 项)
            if COUNT_OF_KINDS.search(doc.text, start, first):
                continue  # 越南八大生产基地, 三大产业园区: a count of kinds of project, not one's name
            # (a zone or base named by a place with a count after it holds what is counted: 宁南基地|3个)
            site = any(doc.names_place(s, e) for s, e in words) and (zone or doc.text.endswith(BASE, first, self._own_head_end(doc, first, last, end)[0]) and all(
                doc.is_place(s, e) for s, e in words))  # (江城老工业基地: a kind of base at a place)
            if doc.counted(words) or doc.counted_kind(start, end) and not doc.quoted(start, end) and not (
                    site and COUNT_BEFORE.search(doc.text, max(0, start - 8), start) is None):
                continue  # 宜昌3家高新区, 西线6个工程: a count of projects, not a name
            distinct = [(s, e) for s, e in words if not self._project_generic(doc.text[s:e]) and not doc.is_place(s, e)]
            has_place = seat is not None or any(doc.names_place(s, e) for s, e in words)
            # (…and a park: 临港|产业园, 江城|科技园; a count before or after it still makes it a kind)
            # (…and with words of its field after the place: 江城|数字|经济|产业园, a park the place names)
            # (a park's head of its own, 产业园, not 园 ending a word: 家园; a place's word, not a modifier)
            heads_end, phase_at = self._own_head_end(doc, first, last, head_end)  # (…产业园|二期, …小镇|项目, …基地|一期|项目)
            fielded = bool(words) and words[0][1] - words[0][0] >= 2 and doc.names_place(*words[0]) and (not self._common_place(
                doc, *words[0]) or doc.text[words[0][0]:words[0][1]] in division_names()) and all(  # (a city the text uses often: 杭州)
                doc.names_place(s, e) or self._project_generic(doc.text[s:e]) for s, e in words)
            park = bool(words) and doc.text.endswith("园", first, heads_end) and (
                all(doc.names_place(s, e) for s, e in words) or heads_end - first >= 3 and fielded) or (
                fielded and len(words) >= 2 and doc.text.endswith(("城", "谷", "小镇"), first, heads_end))  # (江城|科创|城, 江城|文旅|小镇)
            # a second or later phase after the head (…会议中心|二期) is one built thing's: a kind has no phase
            # (a first phase too, or after one word, when a place names the thing and opens the clause's object:
            # 。江城|产业基地|一期, 建成|江城…; not after a word of a longer name: 国家超|算|深圳…, one character a verb)
            phased = phase_at >= 0 and (len(words) >= 2 and doc.text[phase_at] != "一" or any(
                doc.names_place(s, e) for s, e in words) and (start == 0 or not NAME_UNIT_RE.match(doc.text[start - 1]) or any(
                    b == start and b - a >= 2 and doc.is_verb(doc.text[a:b]) for a, b in doc.near(max(0, start - 4), start))))
            if not distinct and not site and not park and not phased:  # (a place alone names a zone or a base: 江城开发区, 宁南基地)
                continue
            org_inside = any(o.start >= start and o.end <= first
                             for o in orgs[bisect_right(org_starts, start - 1) : bisect_right(org_starts, first)]) or any(
                b <= first for _, b in shapes[bisect_left(shape_starts, start) : bisect_right(shape_starts, first)])
            if len(words) == 1 and not org_inside and _is_phase(doc.text[first:end]) and (
                    doc.text[words[0][0]:words[0][1]] in self.works_heads + self.project_heads):
                continue  # 机场|三期, 港区|二期: a kind of facility and its phase, no name says which one
            listed = self.project_enumeration.match(doc.text, end, end + ENUMERATION_REACH) is not None
            # A designation before the head (…试验示范工程) marks a named project when the name
            # says what it is in three or more words of its own (柔性|直流|电网|试验).
            named_as = max((d for d in self.lex.designations if doc.text.endswith(d, start, first)), key=len, default="")
            designated = len(distinct) >= 3 and bool(named_as) and not any(b == first - len(named_as) and doc.is_verb(doc.text[a:b]) for a, b in words)  # (…升级|示范基地: an aim)
            after_verb = len(words) == 1 and any(b == start and doc.is_verb(doc.text[a:b]) for a, b in doc.near(max(0, start - 4), start))
            if not has_place and not org_inside and (len(words) >= 2 or after_verb) and not doc.quoted(start, end) and not doc.is_verb(
                    doc.text[words[-1][0]:words[-1][1]]) and not _is_phase(doc.text[first:end]) and doc.series(words[-1][0], end):
                continue  # 社保|惠民工程, 科教|惠民工程, 交通|惠民工程: one kind of program by sector (就业|惠民工程 too: a verb of the clause left one word)
            national = NATIONAL_TITLE.search(doc.text, start, first)
            if national and not org_inside and any(doc.text.find(d, start, end) >= 0 for d in self.lex.designations) and not (
                    doc.quoted(start, end) or doc.proper_core(start, national.start(), abbreviations=True)
                    or any(doc.names_place(s, e) and not self._common_place(doc, s, e) for s, e in words)):
                continue  # 国家海洋经济发展示范区, 智慧农业类国家…示范区: a title a place is given, not a name
            if doc.text.endswith(PLANT, start, end) and not (has_place and distinct and distinct[0][0] < next(
                    a for a, b in words if doc.names_place(a, b))):
                continue  # 新星|无锡|工厂: a company's plant at a place; 智能工厂, “灯塔工厂”, 工信部5G工厂 are kinds, titles
            role = next((r for r in self.lex.roles if doc.text.endswith(r, start, end)), None)
            if role and all(doc.is_place(s, e) or doc.names_place(s, e) or self._project_generic(doc.text[s:e]) or doc.tags.get(doc.text[s:e]) in ("f", "s")
                            or doc.text[s:e] in ("(", ")") or doc.text[s] in PROVINCES and e - s == 1 or NATIONAL_TITLE.fullmatch(doc.text, s, e) or doc.is_verb(doc.text[s:e]) or doc.text.endswith(self.project_heads, s, e)
                            for s, e in doc.inner_words(start, end - len(role))):
                continue  # 宁波|国际航运中心, 面向|南亚|辐射中心, 江城港|国际枢纽港, 江城(川北)|…, 鲁|豫|…: a role places aim at, not a thing built
            if not org_inside and not designated and not self._coined_opening(doc, words, first) and self._programme(doc, words, start, first, end):
                continue  # 中医药振兴发展工程, 湖湘工匠培育工程: a programme of what a policy does, no work (a
                # designation, …电网|试验|示范|工程, marks a named one)
            listed = listed and self._listed_name(doc, start, last, end)
            designated = designated or self._national_park(doc, start, first)
            # (a zone named by a two-character word jieba tags a brand's, nz, and generic words: 大丰|经济|开发区)
            if has_place or org_inside or listed or designated or phased or doc.proper_core(start, first, abbreviations=True) or (
                    zone and bool(words) and words[0][1] - words[0][0] == 2 and doc.tag_at(*words[0]) == "nz" and all(
                        self._project_generic(doc.text[a:b]) for a, b in words[1:])) or self._coined_opening(doc, words, first) or (
                    doc.text.endswith(SITE_PAIR_HEADS, first, heads_end) and self._coined_pair(doc, words)):
                yield EntitySpan(start, end, rule.type, rule.id, priority=3)
