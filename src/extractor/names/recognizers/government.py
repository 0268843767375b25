"""Government and party bodies: a region + a known body (regional), and the bodies of government (government)."""

from __future__ import annotations

from typing import Iterator

import regex

from ...ruleset.entity_rules import EntityRule
from ..entity_text import EntitySpan, SegmentedText
from ..word_classes import BODY_LEVELS, COMMON_TAGS, PROPER_TAGS
from .base import _all_generic, _head_chains, _name_start

# A count of bodies before a body's name (5个|产业|招商分局, 三个|分局): how many bodies of a kind, no
# one body; up to four name characters may stand between (the kind's field). Bounded: a look of 8.
COUNTED = regex.compile(r"(?:\d+|[一二三四五六七八九十两几多]+)个[^\W\d_A-Za-z]{0,4}\Z")
COUNT_REACH = 8
# A bracket of levels before a body (县（市、区）|统计局, 市(县)|财政局): the bodies of every region of
# those levels, no one body. Bounded: a look of LEVEL_LIST_REACH characters.
LEVELS = "".join(sorted(BODY_LEVELS))
LEVEL_LIST = regex.compile(rf"[{LEVELS}][（(][{LEVELS}、，,]+[）)]\Z")
LEVEL_LIST_REACH = 12
EVERY = regex.compile(r"各[地级]?\Z")  # 各 (every), 各地, 各级 right before a body or its level
ZONE_COMMITTEES = ("管委会", "管理委员会")  # a zone's committee, which a zone's leader heads beside its party body
PARTY_OF_ZONE = ("党工委", "工委")  # a zone's party body
JOINT_REACH = 8  # characters read before the mark: the party body and its title

# What follows a region's name when the text names one of its bodies, not the region itself
# (金岭区|委, 金岭区|人民政府): a written region is one the text also writes before other words.
BODY_AFTER = ("委", "政府", "人民政府", "党委", "党工委", "工委", "人大", "政协", "纪委", "管委")
EVIDENCE_REACH = 3000  # characters either side read for a region written alone (an article's length)
REGION_WORDS = 3  # words of a region's name jieba does not know as a place (金岭|回族|区)
GOVERNMENT = "政府"  # a head jieba glues into a kind's word after it (政府投资, 政府采购); 政协|提案 is the body's
# 性 after a government makes it a kind's modifier (县政府|性|基金, 政府性债务: funds and debts of
# that kind), no body; jieba cuts 性 off as a word of its own, so the name's edge alone cannot tell.
OF_KIND = "性"
# The bodies that run a zone, and the heads of a zone's name jieba's places and the region ends lack
# (a park, a port, a valley, a base): a named zone before such a body makes it one body.
ZONE_BODIES = ("管委会", "管理委员会", "党工委", "工委", "管委")
ZONE_ENDS = ("园", "港", "谷", "城", "区", "基地")
BODY_HEADS = "委局厅办"  # a body's last character, which no place's name holds (部 is in 西部, 北部湾)


def written_region(doc: SegmentedText, level: int, generic: frozenset[str]) -> int:
    """Where the name of a region starts that ends in the level character at `level` (区 of
    金岭|区委书记, 县 of 白石|县委) though jieba tags its words no place (金岭/nr, 回族/nz): the
    longest run of at most REGION_WORDS name words before the level that the document writes with
    the level elsewhere with no body after it (金岭区|企业, 白石县|项目). Else `level`."""
    text, start, best = doc.text, level, level
    words = [w for w in doc.near(max(0, level - 8), level) if w[1] <= level]
    for ws, we in list(reversed(words))[:REGION_WORDS]:
        word = text[ws:we]
        if we != start or not word.isalpha() or word in generic or (doc.is_stop(ws, we) or doc.is_verb(word) or (
                doc.tags.get(word) in COMMON_TAGS)) and not doc.misread_place(word):
            break  # 落实|好|省委, 是|指|省委: a verb's or a modifier's word is the clause's (but a county's
            # name jieba misreads as an adverb, 通许/d, that the text writes with its level is a place's)
        start = ws
        region = text[ws:level + 1]
        if level - ws < 2:
            continue  # one character before the level names no region of its own (好|省, 各|县)
        found = doc.text_tests.get(("written_region", region))
        if found is None:
            found = doc.text_tests["written_region", region] = _written_alone(text, region, ws)
        if found:
            best = ws
    return best


def _written_alone(text: str, region: str, at: int) -> bool:
    """The text writes `region` with no body after it within EVIDENCE_REACH characters of `at`
    (a bounded scan, kept for the document: linear time whatever the number of regions)."""
    lo, hi = max(0, at - EVIDENCE_REACH), at + EVIDENCE_REACH
    k = text.find(region, lo, hi)
    while k >= 0:
        if not text.startswith(BODY_AFTER, k + len(region)):
            return True
        k = text.find(region, k + 1, hi)
    return False


def _joint_post(doc: SegmentedText, first: int, end: int) -> bool:
    """党工委|委员、管委会|副主任: a zone's committee written bare after a list mark, with a title after
    it, where the zone's party body and its title open the list (a zone's leaders hold a post in
    both): the committee of the zone named there (the scan before it is bounded: JOINT_REACH)."""
    if doc.text[first:end] not in ZONE_COMMITTEES or first < 1 or doc.text[first - 1] != "、":
        return False
    if not doc.text.startswith(tuple(doc.lex.titles), end):
        return False
    before = doc.text[max(0, first - 1 - JOINT_REACH):first - 1]
    return any(before.endswith(body + title) for body in PARTY_OF_ZONE for title in doc.lex.titles)


class GovernmentRecognizers:
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

    def regional(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.heads[rule.id]):
            if _joint_post(doc, first, end):
                yield EntitySpan(first, end, rule.type, rule.id, priority=2)
                continue
            start = self._region_start(doc, _name_start(doc, first), first)
            body = max(doc.text.rfind(c, start, first) for c in BODY_HEADS)
            if body >= 0:
                start = body + 1  # 临川市委|市政府: a body's head ends what went before, no region holds one
            if doc.text.endswith(GOVERNMENT, first, end) and (end not in doc.boundaries(first, end) or doc.text.startswith(
                    OF_KIND, end)):
                continue  # 临川|政府投资|基金: jieba glues 政府 to what follows, a kind's word (a fund, a bond), no body;
                # 县政府|性|基金: 性 makes the government a kind's modifier (a fund or a debt of that kind)
            start = self._after_non_region(doc, start, first)
            if doc.text[start:start + 1] in BODY_LEVELS and start < first and not (
                    first - start > 1 and doc.text.startswith(ZONE_BODIES, first)):  # (市|高新区|管委会: the level opens the zone's name)
                start = written_region(doc, start, self.lex.org_generic)  # 白石/nr + 县 + 人民政府
            if doc.text[start:first] in BODY_LEVELS and start > 0 and doc.text[start - 1] in BODY_LEVELS:
                continue  # 省市|县|政府: a run of levels says every body of those levels, no one body
            words = doc.inner_words(start, first)
            leveled_zone = doc.text.startswith(ZONE_BODIES, first) and doc.text[start:start + 1] in BODY_LEVELS and (
                doc.text.endswith(ZONE_ENDS, start, first))  # 县|产业|集聚区|管委会: the zone of that level's region
            if len(words) > 1 and not all(doc.is_place(a, b) for a, b in words) and not doc.proper_core(start, words[-1][0]) and (
                    not leveled_zone):
                continue  # 高风险|地区|政府, 欠发达|地区|政府: a kind of region before its end word, no place's name
            zone = doc.text[first:end] in ZONE_BODIES and doc.text.endswith(ZONE_ENDS, start, first) and first - start >= 4 and (
                doc.evidence(start, first) or leveled_zone)  # 江城新材料产业园|管委会: the body that runs a named zone
            if start < first and (doc.is_region_text(start, first) or doc.text[start:first] in BODY_LEVELS or zone) and not _all_generic(
                    doc, start, first, self.lex.org_generic):  # 两国政府 is no one body
                child = self.patterns[rule.id + ".children"].match(doc.text, end)
                if child and child.end() in doc.boundaries(end, child.end()):
                    end = child.end()  # 滨海新区人民政府 + 办公室
                yield EntitySpan(start, end, rule.type, rule.id, priority=2)

    def _region_start(self, doc: SegmentedText, start: int, first: int) -> int:
        """A word before a region that is no place is not part of the body's name (代表|自治区
        人民政府, 代表|省|人民政府): the region starts at a place word or a level word."""
        words = doc.inner_words(start, first)
        zone = doc.text.startswith(ZONE_BODIES, first)
        for k, (s, e) in enumerate(words[:-1]):
            if doc.is_place(s, e) and e - s > 1 or zone and (
                    doc.tags.get(doc.text[s:e]) in PROPER_TAGS or doc.text[s:e] in BODY_LEVELS):
                break  # (a zone's body: its zone's name opens at a proper word or a level, 邹城/nr|经济|开发区)
            rest = words[k + 1][0]
            if doc.text[rest:words[k + 1][1]] in BODY_LEVELS or first - rest >= 3 and doc.is_region_text(rest, first):
                start = rest
            else:
                break
        return start

    def _after_non_region(self, doc: SegmentedText, start: int, first: int) -> int:
        """张立国|代表|县|政府: a place word the body's region opened with (立国/ns) but a word of no
        place, level or region's end after it (代表) cut from the level: the region starts after that word."""
        words = doc.inner_words(start, first)
        if doc.text.startswith(ZONE_BODIES, first):
            return start  # (a zone's body: its zone's words, 新能源|新材料|产业园, are its name's)
        cut = [b for a, b in words[:-1] if not (doc.is_place(a, b) or doc.text[a:b] in BODY_LEVELS
                                               or doc.text.endswith(self.lex.region_ends, a, b))]
        return cut[-1] if cut and doc.is_place(*words[0]) else start

    def _level_before(self, doc: SegmentedText, body: int) -> int:
        """县|文体|广电|旅游局, 县|生态|移民局: a core the table lacks runs from a level word over
        plain words (no verb, clause word or place) to the core it has; the body starts at the level."""
        position, text = body, doc.text
        for ws, we in reversed([w for w in doc.near(max(0, body - 8), body) if w[1] <= body]):
            if we != position:
                break
            if text[ws:we] in BODY_LEVELS:
                return ws if position < body else body
            if not text[ws:we].isalpha() or doc.is_stop(ws, we) or doc.is_verb(text[ws:we]) or doc.is_place(ws, we) or (
                    text[ws:we] in self.lex.org_generic):
                break
            position = ws
        return body

    def _unit_of_noun_before(self, doc: SegmentedText, core: int) -> bool:
        """A bare core + kind (no level, no region) glued to a plain noun before it (中心|规划|
        建设部, 集团|规划部, 产业|招商分局): the name runs on to the left over words of no place, so
        the kind is a department or office of some other body, not a government's. The word's
        class says it where no list could: any noun may name the owner (公司, 中心, 产业), and the
        tag table keeps no plain noun's tag, only those of closed, proper, verb, time and place words."""
        if core < 1 or not doc.text[core - 1].isalpha():
            return False  # a mark or a digit before the core: the body's name starts there
        for ws, we in doc.near(max(0, core - 6), core):
            if we == core:
                word = doc.text[ws:we]
                return we - ws >= 2 and word.isalpha() and doc.tags.get(word) is None and not (
                    doc.is_stop(ws, we) or doc.is_place(ws, we) or word.endswith(tuple(self.lex.region_ends))
                    or word.endswith(ZONE_BODIES))  # (管委会|招商局: the committee's bureau, joined to it in joins.py)
        return False

    def government(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        assert rule.pattern is not None
        for match in rule.pattern.finditer(doc.text):
            body = match.start("level") if match.start("level") >= 0 else match.start("core")
            edges = doc.boundaries(body, match.end())
            leveled = False  # the level character ends a place's word right before the core
            if body not in edges and match.start("core") in edges:
                body = match.start("core")  # 武清区|商务局: the level character ends the region
                leveled = match.start("level") >= 0 and any(
                    b == body and doc.is_place(a, b) for a, b in doc.near(max(0, body - 8), body))
            elif body not in edges:
                continue  # 平台办: the body starts inside a word
            last = match.end() - 1
            if match.end() not in doc.boundaries(last, match.end() + 1) and doc.tags.get(doc.text[last]) == "v" and any(
                    a == last < match.end() < b for a, b in doc.near(last, match.end())):
                continue  # 办|公 of 办公, 教育|办学: the kind's last character is a verb that opens a word with
                # what follows (but a noun's does not: 资源部|部将 of 自然资源部将…, 统计局|公布, 改革局|局长)
            if body == match.start("core") and match.end("core") - body == 1 and not leveled:
                continue  # a one-character core (台办) needs a level (临川区|建委: the place's word holds it)
            body = self._level_before(doc, body) if body == match.start("core") else body
            start = body
            region = doc.region_before.search(doc.text, max(0, body - 14), body)
            if region is not None:
                trimmed = doc.trim_left(region.start(), body)
                if trimmed < body and doc.is_region_text(trimmed, body):
                    start = trimmed
            # A country or city word before the body (俄罗斯|外交部), a province's before its city's
            # region (广东|东莞市统计局): the longest name as written.
            for ws, we in reversed([w for w in doc.near(max(0, start - 8), start) if w[1] <= start]):
                if we != start or not doc.is_place(ws, we) or doc.text[ws:we] in self.lex.org_generic or (
                        start < body and doc.tags.get(doc.text[ws:we]) != "ns"):
                    break
                start = ws
            level = start if start == match.start("level") else start - 1  # (a level jieba glued to the word before)
            if start == body and level > 0 and doc.text[level] in BODY_LEVELS and doc.text[level - 1] in BODY_LEVELS:
                continue  # 省市|统计局, 市县|财政局: a run of levels says every body of those levels, no one body
            if start == body and LEVEL_LIST.search(doc.text, max(0, start - LEVEL_LIST_REACH), start):
                continue
            if start == body and EVERY.search(doc.text, max(0, level - 2), max(0, level) if doc.text[level:level + 1] in BODY_LEVELS else start):
                continue  # 各|县|统计局, 各地|统计局: the bodies of every region of a level, no one body
            if rule.needs_level and start == match.start("core"):
                continue  # 疾控中心 alone is a kind of body; 区疾控中心 is one
            if start == body and COUNTED.search(doc.text, max(0, start - COUNT_REACH), start):
                continue  # 5个|产业|招商分局: a count of bodies of a kind, no one body
            if start == match.start("core") and self._unit_of_noun_before(doc, start):
                continue  # 中心|规划|建设部, 集团|规划部: a department of the body the noun before names
            yield EntitySpan(start, match.end(), rule.type, rule.id, priority=1)
