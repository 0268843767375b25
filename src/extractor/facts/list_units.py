"""List units: names that stand where places stand in a list of figures (前海 beside 佛山市),
found per document so that facts can treat them as units of the document's region."""

from __future__ import annotations

from typing import Optional

import regex

from ..ruleset.fact_rules import FactRules
from ..text.marks import Marks
from .regions import Place

ITEM_OPENERS = frozenset("，,；;：:、")  # a list item opens after these
HAN = regex.compile(r"\p{Han}+")
ASCII_DIGITS = frozenset("0123456789")
ITEM_WORDS = regex.compile(r"(\p{Han}{1,4}?)(?=[0-9])")  # 开工率 of 佛山市开工率95%: a list item's words before its figure


def list_units(folded: str, places: list[Place], rules: FactRules, lines: Marks) -> set[str]:
    """Names that stand where a place stands in a list of figures: 佛山市开工率95%，前海开工率88% ->
    前海, a unit (a zone, a base) that is no division. An item opening with a known place gives the
    words between the place and its figure (开工率); another item of the same sentence opening with
    2-4 other characters and those same words names a unit."""
    after_place: dict[int, set[str]] = {}  # sentence end -> words between a place and its figure
    for place in places:
        found = ITEM_WORDS.match(folded, place.end, place.end + 6)  # bounded: see facts.SHORT_REACH
        if found and _item_start(folded, place.start):
            after_place.setdefault(_sentence_end(folded, place.end, lines), set()).add(found.group(1))
    units: set[str] = set()
    place_starts = {p.start for p in places}
    for end, words in after_place.items():
        begin = lines.last(0, end) + 1
        item_starts = [begin] + [i + 1 for i in range(begin, end) if folded[i] in ITEM_OPENERS]
        for start in item_starts:
            while start < end and folded[start].isspace():
                start += 1
            name = _unit_before(folded, start, end, words)
            if name and start not in place_starts and not (
                    rules.own_region.fullmatch(name) or rules.province_words.fullmatch(name)
                    or rules.period.match(name) or rules.scope_head.match(name)):
                units.add(name)
    return units


def _unit_before(folded: str, start: int, end: int, words: set[str]) -> Optional[str]:
    """The 2-4 Han characters at `start` that one of `words` and a figure follow (前海 of 前海开工率88%)."""
    for size in (2, 3, 4):
        after = start + size
        if after > end or not HAN.fullmatch(folded, start, after):
            return None
        for word in words:
            digit = after + len(word)
            if folded.startswith(word, after) and digit < len(folded) and folded[digit] in ASCII_DIGITS:
                return folded[start:after]
    return None


def _item_start(folded: str, position: int) -> bool:
    """Whether `position` opens a list item: after a clause mark or a sentence's start."""
    before = folded[max(0, position - 2):position].strip()
    return not before or before[-1] in "，,；;：:、。\n"


def _sentence_end(folded: str, position: int, lines: Marks) -> int:
    end = lines.after(position, len(folded))
    return end if end >= 0 else len(folded)
