"""Counts of the report's own items: 重点做好八个方面工作：一是…八是… counts the list after it, no quantity."""

from __future__ import annotations

from ..model import Mention
from ..ruleset.fact_rules import FactRules
from .periods import small_numeral


def counts_the_list_after(folded: str, mention: Mention, rules: FactRules) -> bool:
    """Whether the count ends its sentence (or opens a colon) and the list right after it has exactly
    that many items, its markers (（一）…, 一是…) running from one to the count."""
    if mention.dimension != "count" or mention.value is None or mention.value != int(mention.value) or mention.value < 2:
        return False
    end = rules.outline_end.match(folded, mention.end)
    if end is None:
        return False
    start = end.end()
    while start < min(len(folded), end.end() + 8) and folded[start].isspace():
        start += 1  # the list opens on the next line
    first = rules.outline_marker.match(folded, start)
    if first is None or _marker_value(first) != 1:
        return False
    kind, expected = first.lastindex, 2
    for marker in rules.outline_marker.finditer(folded, first.end()):
        if marker.lastindex != kind:
            continue  # a list nested in an item (一是… inside （一）) is not this list
        if _marker_value(marker) != expected:
            break
        expected += 1
    return expected - 1 == mention.value


def _marker_value(marker) -> int | None:
    return small_numeral(marker.group(marker.lastindex))
