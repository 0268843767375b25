"""Positions of punctuation marks (and of a pattern's matches) in one text, so that the last mark of
a set within a span, or whether a span holds a match, is a bisect: not one `rfind` per mark, or one
search of the span, each time a figure asks (facts ask several times each, and a sentence may be
a million characters long)."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from typing import Optional

from ..ruleset.rule_files import Pattern


def mark_positions(text: str, marks: str) -> dict[str, list[int]]:
    """Where each character of `marks` occurs in `text`: one literal search per mark, so no
    Python code runs per character of the text, and no filter per set of marks."""
    return {mark: [found.start() for found in re.finditer(re.escape(mark), text)] for mark in set(marks)}


class Marks:
    """Where the characters of `marks` occur in `text`, in order."""

    def __init__(self, text: str, marks: str, by_mark: Optional[dict[str, list[int]]] = None) -> None:
        """`by_mark`: where each mark occurs in the same text (mark_positions), merged instead of
        searched again: several sets of marks of one document share one search per mark."""
        if by_mark is None:
            by_mark = mark_positions(text, marks)
        self.positions = sorted(chain.from_iterable(by_mark[mark] for mark in set(marks)))

    def last(self, start: int, end: int) -> int:
        """The last position p of a mark with start <= p < end, else -1 (as max of str.rfind per mark)."""
        index = bisect_left(self.positions, end) - 1
        if index >= 0 and self.positions[index] >= start:
            return self.positions[index]
        return -1

    def after(self, start: int, end: int) -> int:
        """The first position p of a mark with start <= p < end, else -1."""
        index = bisect_left(self.positions, start)
        if index < len(self.positions) and self.positions[index] < end:
            return self.positions[index]
        return -1


class Matches:
    """Where a pattern matches in one text (non-overlapping, in order)."""

    def __init__(self, text: str, pattern: Pattern) -> None:
        self.spans = [found.span() for found in pattern.finditer(text)]
        self.starts = [start for start, _ in self.spans]

    def within(self, start: int, end: int) -> bool:
        """Whether a match lies inside [start, end) (as pattern.search(text[start:end]) for words)."""
        index = bisect_left(self.starts, start)
        return index < len(self.spans) and self.spans[index][1] <= end
