"""The region step: the place a figure belongs to, from the nearest clause of its list entry
that names one, else the figure before it in the entry, else the document's own region."""

from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from ..model import Mention
from .context import ENUMERATION, SHORT_REACH, DocumentMarks, NamedPlaces, RegionWords, _in_brackets
from .regions import PlaceIndex


class RegionSteps:
    """The region of a figure; a part of FactLinker (needs self.rules and self._places)."""

    def places(self) -> PlaceIndex:
        if self._places is None:
            self._places = PlaceIndex()
        return self._places

    def _region_words(self, folded: str, own, units: Optional[regex.Pattern]) -> "RegionWords":
        """Where the text names a region by a word (全区, 全省, 全国) or by a list unit (前海), once
        per document: (start, end, the region's name), in text order."""
        hits = []
        for pattern, name in ((units, own.name if own else None),  # 前海 listed beside 佛山市: a unit of the document's region
                              (self.rules.own_region, own.name if own else None),
                              (self.rules.province_words, self.places().province_of(own).name if own else None),
                              (self.rules.country_words, self.rules.country_name)):
            if pattern is not None and name:
                hits += [(found.start(), found.end(), name) for found in pattern.finditer(folded)]
        hits.sort()
        return RegionWords(hits, [start for start, _, _ in hits])

    def _region(self, folded: str, mention: Mention, left: int, previous: Optional[str],
                named: "NamedPlaces", own, marks: DocumentMarks, words: "RegionWords") -> Optional[str]:
        """The place of the number's list entry: from `left` (its sentence's start, or the number
        before it in the same list item, since a number closes an entry), the first place or
        own-region word of the nearest clause naming one (浙江省决定对淳安等8个县 -> 浙江省); with
        none, the region of the number before in the item (株洲市…180亿元，完成71.2%), else the
        document's own region. Places in brackets belong to the entry before (…县（连城县）、1个)."""
        item = max(left, marks.item.last(left, mention.start) + 1)
        # 淳安等8个县, 现辖甲区、乙市和丙县…: members of an enumeration are examples, not the figure's place
        starts, ends = named.starts, named.ends
        first = bisect_left(named.offsets, item)
        last = bisect_left(named.offsets, mention.start)
        hits = [(p.start, p.division.name) for p in named.places[first:last]
                if not folded.startswith("等", p.end) and not _in_brackets(folded, item, p.start)
                and not folded.startswith("、", p.end)
                and not (folded.startswith(ENUMERATION, p.end) and p.end + 1 in starts)
                and not (folded[p.start - 1:p.start] in ENUMERATION and p.start - 1 in ends)
                and not self.rules.ranking_frame.match(folded, p.end, p.end + SHORT_REACH)
                and not self.rules.category_before.search(folded, max(0, p.start - 3), p.start)]
        low, high = bisect_left(words.starts, item), bisect_left(words.starts, mention.start)
        hits += [(start, name) for start, end, name in words.hits[low:high] if end <= mention.start]
        if not hits:
            if previous is not None and item == left:
                return previous
            return own.name if own else None
        nearest = max(hits)[0]
        clause = max(item, marks.clause.last(item, nearest) + 1)
        return min(h for h in hits if h[0] >= clause)[1]
