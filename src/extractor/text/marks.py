"""Positions of punctuation marks (and of a pattern's matches) in one text, so that the last mark of
a set within a span, or whether a span holds a match, is a bisect: not one `rfind` per mark, or one
search of the span, each time a figure asks (facts ask several times each, and a sentence may be
a million characters long). For one span asked once, `first_mark` and `last_mark` find the first
or last mark of a set in one search."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from typing import Optional

import regex

from ..ruleset.rule_files import Pattern

# Compiled classes of a set of marks, by the marks: one C search finds the first (or, backwards,
# the last) of them in a span, where a str.find per mark read the span once a mark.
_FIRST: dict[str, re.Pattern] = {}
_LAST: dict[str, regex.Pattern] = {}


def _mark_class(marks: str) -> str:
    return "[" + "".join(re.escape(mark) for mark in marks) + "]"


def first_mark(text: str, marks: str, start: int, end: int) -> int:
    """The first position p of a character of `marks` with start <= p < end, else -1: the least
    `text.find(mark, start, end)` of those found (`re`: a plain class scans faster than in `regex`)."""
    if start < 0 or end < 0:  # str.find counts these from the end
        found = [i for i in (text.find(mark, start, end) for mark in marks) if i >= 0]
        return min(found) if found else -1
    pattern = _FIRST.get(marks)
    if pattern is None:
        pattern = _FIRST[marks] = re.compile(_mark_class(marks))
    match = pattern.search(text, start, end)
    return match.start() if match is not None else -1


def last_mark(text: str, marks: str, start: int, end: int) -> int:
    """The last position p of a character of `marks` with start <= p < end, else -1: the greatest
    `text.rfind(mark, start, end)`, in one backward search."""
    if start < 0 or end < 0:
        return max(text.rfind(mark, start, end) for mark in marks)
    pattern = _LAST.get(marks)
    if pattern is None:
        pattern = _LAST[marks] = regex.compile("(?r)" + _mark_class(marks))
    match = pattern.search(text, start, end)
    return match.start() if match is not None else -1


_LITERAL: dict[str, re.Pattern] = {}  # one mark -> its compiled literal search


def mark_positions(text: str, marks: str) -> dict[str, list[int]]:
    """Where each character of `marks` occurs in `text`: one literal search per mark, so no
    Python code runs per character of the text, and no filter per set of marks. (One search of
    their class instead ran Python code per mark found, and took three times as long.)"""
    by_mark = {}
    for mark in set(marks):
        if mark not in text:  # one C scan that stops at the first; most marks of a set are absent from a short text
            by_mark[mark] = []
            continue
        pattern = _LITERAL.get(mark)
        if pattern is None:
            pattern = _LITERAL[mark] = re.compile(re.escape(mark))
        by_mark[mark] = [found.start() for found in pattern.finditer(text)]
    return by_mark


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
