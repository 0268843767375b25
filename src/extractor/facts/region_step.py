"""The region step: the place a figure belongs to, from the nearest clause of its list entry
that names one, else the figure before it in the entry, else the document's own region."""

from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from ..model import Decided, Mention
from .context import ENUMERATION, OPENING_REACH, OPENING_WORD, SHORT_REACH, DocumentMarks, NamedPlaces, RegionWords, _in_brackets
from .regions import Division, Place, PlaceIndex
from .sections import title_block

SHORT_PLACE = 2  # characters: a place name this short may be part of a longer word (示范县 holds 范县)
NO_DIVISION = "99"  # the division table's code prefix of entries that are no division (海域)
KIND_MODIFIER_TAGS = ("a", "b", "l")  # jieba's adjectives, distinguishing words and set phrases: 全国优秀…, 全国名特优新…


class RegionSteps:
    """The region of a figure; a part of FactLinker (needs self.rules and self._places)."""

    def places(self) -> PlaceIndex:
        if self._places is None:
            self._places = PlaceIndex()
        return self._places

    def _region_words(self, folded: str, own: Optional[str], province: Optional[str],
                      units: Optional[regex.Pattern]) -> "RegionWords":
        """Where the text names a region by a word (全区, 全省, 全国) or by a list unit (前海), once
        per document: (start, end, the region's name), in text order."""
        hits = []
        for pattern, name in ((units, own),  # 前海 listed beside 佛山市: a unit of the document's region
                              (self.rules.own_region, own),
                              (self.rules.province_words, province),
                              (self.rules.country_words, self.rules.country_name)):
            if pattern is not None and name:
                hits += [(found.start(), found.end(), name) for found in pattern.finditer(folded)
                         if not self._frames_a_rank(folded, found.start(), found.end())]
        hits.sort()
        return RegionWords(hits, [start for start, _, _ in hits])

    def _frames_a_rank(self, folded: str, start: int, end: int) -> bool:
        """居全国第二, 占全国三成, 全国第一, 是福建三大茶区之一: the whole a rank or share is taken in,
        or a category, not the figure's place; 高于全国0.4个百分点: the base of a comparison. A count
        right after the word (居全省9个设区市前列) counts the members of that whole: the word is its place."""
        if self.rules.peers_count.match(folded, end, end + SHORT_REACH):
            return False
        return bool(self.rules.ranking_frame.match(folded, end, end + SHORT_REACH)
                    or self.rules.category_before.search(folded, max(0, start - 3), start)
                    or (self.rules.comparative_before.search(folded, max(0, start - 3), start)
                        and self.rules.compared_base.match(folded, end, end + SHORT_REACH)))  # 高于全国0.4个百分点

    def _names_a_national_kind(self, folded: str, mention: Mention, name: str, end: int) -> bool:
        """全国文明城市8个, 全国示范农场12家: the country's word run into a noun (or its modifier) before a count names a national
        grade of the things counted (as 国家级 does), not the place they are in."""
        tagged = self._segmenter.tag(folded[end:min(mention.start, end + OPENING_WORD)]) if end < mention.start else ()
        return (mention.dimension == "count" and name == self.rules.country_name and bool(tagged)
                and (tagged[0][1][:1] == "n" or tagged[0][1] in KIND_MODIFIER_TAGS))

    def _own_clause_hits(self, folded: str, mention: Mention, item: int, marks: DocumentMarks, hits: list) -> list:
        """岳阳东环大桥建成通车，交通投资增长4.8%: a place named in an earlier clause that holds no
        figure is that clause's subject; a figure whose own clause opens with a noun of its own, or with
        the count itself (…推广，首批24个试点区…), is not its."""
        clause = max(item, marks.clause.last(item, mention.start) + 1)
        earlier = [h for h in hits if h[0] < clause]
        if not earlier or any(ch.isdigit() for ch in folded[min(earlier)[0]:clause]):
            return hits
        opening = self._segmenter.tag(folded[clause:min(mention.start, clause + OPENING_WORD)])
        counts = mention.dimension == "count" and all(flag == "m" for _, flag in opening)
        if not counts and (not opening or opening[0][1][:1] != "n" or opening[0][1] == "nr"):
            return hits
        return [h for h in hits if h[0] >= clause]

    def _object_of_verb(self, folded: str, start: int, marks: DocumentMarks) -> bool:
        """推动岳阳港区扩能等7个项目, 新增对接香港地区职业资格5项: a place after its clause's
        verb names what is acted on, not whose figure it is (the clause's subject comes before its verb)."""
        reach = max(0, start - OPENING_REACH)
        clause = max(marks.clause.last(reach, start), marks.item.last(reach, start)) + 1
        return any(flag == "v" for _, flag in self._segmenter.tag(folded[max(clause, reach):start]))

    def title_region(self, folded: str) -> Optional[Division]:
        """The one division a document's title block names, even inside an org's name (2025年某省政府
        工作报告, 某市统计局发布): whose document it is. None when it names none or several."""
        named = {p.division.code: p.division for p in self.places().find(title_block(folded, self.rules.sections.heading), self.rules.zones)
                 if self.stands_alone(folded, p)}
        return next(iter(named.values())) if len(named) == 1 else None

    def national_title(self, folded: str) -> Optional[str]:
        """全国 when a title block that names no division names the country (前三季度全国新设企业…) and
        frames no rank with it (居全国前列): a national article's figures are the country's."""
        head = title_block(folded, self.rules.sections.heading)
        return self.rules.country_name if any(not self._frames_a_rank(folded, found.start(), found.end())
                                              for found in self.rules.country_words.finditer(head)) else None

    def stands_alone(self, folded: str, place: Place) -> bool:
        """A two-character division written in full (和县, 城区) is a place only on word edges (not 范县
        in 示范县, 康县 in 健康县城) and when jieba takes it for a place name, not a common noun (城区,
        矿区); a short form (苏州, 广州) is known by itself. The table's no-division entries (海域) never are."""
        if place.division.code.startswith(NO_DIVISION):
            return False
        written = folded[place.start:place.end]
        if len(written) > SHORT_PLACE or written != place.division.name:
            return True
        spans = self._segmenter.word_spans(folded, place.start, place.end)
        if place.start not in {s for s, _ in spans} or place.end not in {e for _, e in spans}:
            return False
        tagged = self._segmenter.tag(written)
        return len(tagged) == 1 and tagged[0][1] == "ns"

    def _region(self, folded: str, mention: Mention, left: int, previous: Optional[str],
                named: "NamedPlaces", own: Optional[str], marks: DocumentMarks,
                words: "RegionWords") -> tuple[Optional[str], Optional[Decided]]:
        """The place of the number's list entry: from `left` (its sentence's start, or the number
        before it in the same list item, since a number closes an entry), the first place or
        own-region word of the nearest clause naming one (浙江省决定对淳安等8个县 -> 浙江省); with
        none, the region of the number before in the item (株洲市…180亿元，完成71.2%), else the
        document's own region. Places in brackets belong to the entry before (…县（连城县）、1个).
        With the region, what decided it (a place or region word and its offsets, or the rule)."""
        item = max(left, marks.item.last(left, mention.start) + 1)
        # 淳安等8个县, 现辖甲区、乙市和丙县…: members of an enumeration are examples, not the figure's place
        starts, ends = named.starts, named.ends
        first = bisect_left(named.offsets, item)
        last = bisect_left(named.offsets, mention.start)
        hits = [(p.start, p.division.name, p.end, "place") for p in named.places[first:last]
                if not folded.startswith("等", p.end) and not _in_brackets(folded, item, p.start)
                and not folded.startswith("、", p.end)
                and not (folded.startswith(ENUMERATION, p.end) and p.end + 1 in starts)
                and not (folded[p.start - 1:p.start] in ENUMERATION and p.start - 1 in ends)
                and not self._frames_a_rank(folded, p.start, p.end) and not self._object_of_verb(folded, p.start, marks)]
        low, high = bisect_left(words.starts, item), bisect_left(words.starts, mention.start)
        hits += [(start, name, end, "region word") for start, end, name in words.hits[low:high] if end <= mention.start
                 and not self._names_a_national_kind(folded, mention, name, end)]
        hits = self._own_clause_hits(folded, mention, item, marks, hits)
        if not hits:
            if previous is not None and item == left:
                return previous, Decided("figure before")
            return (own, Decided("document region")) if own else (None, None)
        right_before = [h for h in hits if h[2] == mention.start and mention.dimension == "count"]
        if right_before:  # 全省9个设区市, 某市3个开发区: a place written right before a count is the members'
            start, name, end, kind = right_before[0]
            return name, Decided(kind, folded[start:end], start, end)
        nearest = max(hits)[0]
        clause = max(item, marks.clause.last(item, nearest) + 1)
        start, name, end, kind = min(h for h in hits if h[0] >= clause)
        return name, Decided(kind, folded[start:end], start, end)
