"""Known names: the curated words of the rules and org_gazetteer.txt."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from ...ruleset.entity_rules import EntityRule
from ..entity_text import EntitySpan, SegmentedText
from ..word_classes import BODY_LEVELS as LEVELS  # one-character levels that may precede a known body: 县纪委
from .base import ORG_HEAD_CHARS, PARTY_PREFIXES, PARTY_COMMITTEE_ENDS
from .government import GOVERNMENT, OF_KIND, written_region


NUMBERED_BUREAU = re.compile(r"[一二三四五六七八九十]{1,3}局")
NUMBERED_FIRM = re.compile(r"[一二三四五六七八九十]{1,2}公司")  # a numbered bureau's numbered company
BUREAU = "局"
CLOUD = "云"  # a company's cloud unit written as its name + 云 (a name of its own in the trade)
STATIONED = "驻"  # 驻 + a place: where a body is stationed (驻浙|人民解放军), no part of its name


class GazetteerRecognizer:
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

    def gazetteer(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        titles = self.lex.titles | set(rule.not_before)
        for s, e in self._known_matches(doc, rule):
            end = e
            if doc.text.startswith(OF_KIND, e) and doc.text.endswith(GOVERNMENT, s, e):
                continue
            if doc.text[s:e] in rule.parents:
                child = self.patterns[rule.id + ".children"].match(doc.text, e)
                if child and (child.end() in doc.boundaries(e, child.end()) or any(
                        a < child.end() < b and doc.text[child.end():b] in titles for a, b in doc.near(e, child.end()))):
                    end = child.end()  # 国务院 + 外办, 中共中央 + 政治局|常委 (not 县政府|办理)
            numbered = NUMBERED_BUREAU.match(doc.text, e)
            if numbered is not None and end == e:
                end = numbered.end()  # 中建 + 三局, 中铁 + 十一局: a group's numbered bureau, one name with it
            firm = NUMBERED_FIRM.match(doc.text, end) if doc.text.endswith(BUREAU, s, end) else None
            if firm is not None:
                end = firm.end()  # 中建三局 + 一公司: a bureau's numbered company, one name with it
            if end == e and doc.text.startswith(CLOUD, e) and e + 1 in doc.boundaries(e, e + 1):
                end = e + 1  # 某某 + 云 standing as a word: the company's cloud business, one name (not 云南)
            own = next((f for f in self.lex.brand_suffixes if doc.text.startswith(f, e) and f not in self.brand_ends), "") if (
                end == e) else ""  # (a legal form or 集团 after it: the legal name's rule, 吉利控股|集团)
            if own and e + len(own) in doc.boundaries(e, e + len(own)) and doc.text[e - 1] not in ORG_HEAD_CHARS and not (
                    doc.text.startswith(self.brand_ends, e + len(own))):  # (吉利|控股|集团: the legal name's rule)
                end = e + len(own)  # 中船 + 重工, 国电 + 电力: a curated short name + a company's own ending, one name
            words = doc.near(max(0, s - 1), end)
            edges = {a for a, _ in words} | {b for _, b in words}

            def closes(x: int) -> bool:  # a word edge, or a title glued to the name: 中央政治局|常委
                return x in edges or any(a < x < b and doc.text[x:b] in titles for a, b in words)

            if not closes(e) and not (end > e and closes(end)):
                continue
            region = None  # where a region's name that ends in a level right before the body starts
            if doc.text[s] in LEVELS and s > 0 and doc.text[s - 1] in LEVELS:
                region = self._region_before_level(doc, s)
                if region is None:
                    continue  # 省市|县政府, 市县|政府: a run of levels says every body of those levels, no one body
            start = s if region is None else region
            if region is None and s > 0 and doc.text[s - 1] in LEVELS and s - 1 in edges and not doc.text.endswith(
                    STATIONED, 0, s - 1):
                start = s - 1  # 县 + 纪委, 市 + 政协
            if s not in edges:  # only after a place glued to the name: 天津市|委, 天津|市委 as one word
                crossing = [(a, b) for a, b in words if a < s < b]
                party = next((p for p in PARTY_PREFIXES if crossing and doc.text.startswith(p, crossing[0][0], s)), "")
                if not crossing or not (crossing[0][1] == s + 1 and doc.is_place(*crossing[0])
                                        or crossing[0][1] == e and doc.is_place(crossing[0][0] + len(party), s)):
                    continue  # (中共天津市委 is one jieba word: a party, a place, the body)
                start = crossing[0][0]
            before = [w for w in doc.near(max(0, start - 8), start) if w[1] <= start]
            for k in range(len(before) - 1, -1, -1):
                ws, we = before[k]
                if we != start or not doc.is_place(ws, we) or doc.text.endswith(STATIONED, 0, ws) or (
                        we - ws == 2 and doc.text.startswith(STATIONED, ws)):
                    break  # 驻|浙, 驻京 + 人民解放军: where a force is stationed, not a part of its name
                if we - ws == 1 and k > 0 and before[k - 1][1] == ws and before[k - 1][1] - before[k - 1][0] == 1 and not (
                        doc.is_stop(*before[k - 1]) or doc.is_place(*before[k - 1])):
                    break  # 深|汕 + 比亚迪: one character of a place the text writes with another, not that place
                start = ws  # 天津 + 市委
            if start in (s, s - 1) and doc.text[start] in LEVELS:
                start = written_region(doc, start, self.lex.org_generic)  # 金岭/nr + 区委: a region the text writes
            if start < s and doc.text.endswith(PARTY_COMMITTEE_ENDS, s, e):
                party = next((p for p in PARTY_PREFIXES if doc.text.endswith(p, 0, start)), None)
                start -= len(party) if party else 0  # 中共 + 故城 + 县委
            # 市委书记, 县委常委, 纪委委员: the title is held in that body, an org (issue 22), with or
            # without a place of its own (天津市委书记).
            yield EntitySpan(start, end, rule.type, rule.id, priority=0)

    def _region_before_level(self, doc: SegmentedText, s: int) -> int | None:
        """临川县|县委书记, 白石/nr|县|县委: a level before a body's own level ends a region's name
        (a place word of three or more characters, or a region the text writes alone with its
        level) and no run of levels: where that region starts, else None."""
        for a, b in doc.near(max(0, s - 8), s):
            if b == s and b - a > 2 and doc.is_place(a, b) and doc.text[a] not in LEVELS:
                return a
        found = written_region(doc, s - 1, self.lex.org_generic)
        return found if found < s - 1 else None

    def _known_matches(self, doc: SegmentedText, rule: EntityRule) -> Iterator[tuple[int, int]]:
        """Matches of the curated names; a match that does not end at a word edge (区人大|常委会)
        is tried again one character on, so a name inside it (人大常委会) is not skipped."""
        starts, longest = self.known_words[rule.id].longest_at(doc.text)
        k = 0
        while k < len(starts):  # as a search of the names from `position`: the leftmost start, its longest name
            s = starts[k]
            e = longest[s]
            edges = doc.boundaries(s, e)
            position = e if e in edges or e == len(doc.text) else s + 1
            yield s, e
            k = bisect_left(starts, position, k + 1)
