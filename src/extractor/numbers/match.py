"""Rules x folded text -> candidates: run patterns, drop excluded spans, check word
boundaries with jieba, resolve overlaps (longest wins)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from ..model import Candidate, Group
from ..ruleset.rules import Rule, RuleSet
from ..text.segment import Segmenter
from .verbs import with_verb_qualifiers

# Groups whose presence at the start of a candidate may be dropped if it cuts a word
# (最近500天: 近 belongs to 最近, so the qualifier goes, not the number).
LEADING_OPTIONAL = ("qual",)


class SpanSet:
    """Sorted, merged spans with an O(log n) overlap test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._ends, start + 1)  # first span ending after `start`
        return i < len(self._starts) and self._starts[i] < end


def excluded_spans(text: str, rules: RuleSet) -> SpanSet:
    """Spans that no number or ratio may overlap (titles, dates, idioms …)."""
    return SpanSet([m.span() for ex in rules.exclusions if ex.may_match(text)
                    for m in ex.pattern.finditer(text) if m.end() > m.start()])


def _candidate(rule: Rule, match) -> Candidate:
    groups = {}
    for name, value in match.groupdict().items():
        if value:  # unmatched groups are None, empty ones ''
            start, end = match.span(name)
            groups[name] = Group(start, end, value)
    parts = ()
    if "part" in match.re.groupindex:
        parts = tuple(Group(s, e, match.string[s:e]) for s, e in match.spans("part"))
    return Candidate(rule.id, rule.type, match.start(), match.end(), groups, parts, rule.unit, rule.scale)


def _respects_words(candidate: Candidate, text: str, segmenter: Segmenter) -> Candidate | None:
    """Reject a candidate that starts inside a word (统一部署) or lies inside one (千家万户).

    A leading qualifier that belongs to the previous word is trimmed instead (最近 500).
    """
    if text[candidate.start].isascii():
        return candidate  # jieba never joins an ASCII run to a Han word; left_edge did the rest
    spans = segmenter.word_spans(text, candidate.start, candidate.end)
    boundaries = {s for s, _ in spans} | {e for _, e in spans}
    # A longer word covering the whole candidate: 千家 in 千家万户, 一成 in 一成不变.
    inside_word = any(s <= candidate.start and candidate.end <= e and e - s > candidate.end - candidate.start
                      for s, e in spans)
    if inside_word:
        return None
    if candidate.start in boundaries:
        return candidate
    for name in LEADING_OPTIONAL:
        group = candidate.groups.get(name)
        if group is not None and group.start == candidate.start and group.end in boundaries:
            groups = {k: v for k, v in candidate.groups.items() if k != name}
            return replace(candidate, start=group.end, groups=groups)
    return None


def _resolve_overlaps(candidates: list[Candidate], order: dict[str, int]) -> list[Candidate]:
    """Keep a non-overlapping set: longer spans first, then earlier, then rule order."""
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start, order[c.rule_id]))
    kept: list[Candidate] = []
    taken = bytearray(max((c.end for c in candidates), default=0))  # one flag per character
    for cand in ranked:
        if not any(taken[cand.start : cand.end]):
            kept.append(cand)
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_candidates(text: str, rules: RuleSet, segmenter: Segmenter) -> list[Candidate]:
    """All surviving candidates in folded `text`, sorted by offset."""
    blocked = excluded_spans(text, rules)
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    found: list[Candidate] = []
    covered = bytearray(len(text) + 1)  # 1 inside a candidate of an earlier rule
    for rule in rules.rules:
        marked = len(found)  # candidates before this rule's are marked in `covered` already
        for match in rule.pattern.finditer(text) if rule.may_match(text) else ():
            start, end = match.span()
            if end == start or blocked.overlaps(start, end):
                continue
            if covered[start] and covered[end - 1] and all(covered[start:end]):
                continue  # inside an earlier rule's candidate: it could never win the overlap
            checked = _respects_words(_candidate(rule, match), text, segmenter)
            if checked is not None:
                found.append(checked)
        for candidate in found[marked:]:
            covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return with_verb_qualifiers(_resolve_overlaps(found, order), text, rules, segmenter)
