"""Joins: overlapping candidates resolved to one name per span, and names written next to
each other made one (an org + its congress, a national body + its office in a place, a body +
its unit), as SPEC's "the longest name as written" asks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from .entity_text import EntitySpan, SegmentedText
from .recognizers.base import ORG_HEAD_CHARS
from .recognizers.government import ZONE_COMMITTEES  # (before a bureau of its own: 江城开发区管委会|招商局)
from .word_classes import BODY_LEVELS

PARENT_BODY_ENDS = ("总局", "总署", "统计局")  # before a body in a place: 国家税务总局|天津市税务局
BODY_ENDS = frozenset("局部厅委院署办学会")  # bodies that may have units written after them (学: a university's 处; 会: a committee's 办公室)


def resolve_overlaps(spans: list[EntitySpan]) -> list[EntitySpan]:
    """Per type, a non-overlapping set: longer first, then the curated rule, then earlier."""
    kept: list[EntitySpan] = []
    for kind in ("org", "project"):
        taken = bytearray(max((s.end for s in spans), default=0))  # one flag per character
        for span in sorted((s for s in spans if s.type == kind), key=lambda s: (s.start - s.end, s.priority, s.start)):
            if not any(taken[span.start : span.end]):
                kept.append(span)
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    return sorted(kept, key=lambda s: (s.start, -s.end, s.type))


def _join_sequels(orgs: list[EntitySpan], sequels: dict[str, str]) -> list[EntitySpan]:
    """An org followed at once by a sequel (a `joins_org` pattern) is one name with it:
    中国共产党 + 第十五次全国代表大会, 民建 + 七大. A "required" sequel with no org before is
    dropped, unless the pattern joined it already (priority 0: 中共十五大 as one jieba word)."""
    if not sequels:
        return orgs
    joined: list[EntitySpan] = []
    for span in orgs:  # sorted by start, non-overlapping
        mode = sequels.get(span.rule_id)
        previous = joined[-1] if joined else None
        if mode and previous is not None and previous.end == span.start and previous.rule_id not in sequels:
            joined[-1] = EntitySpan(previous.start, span.end, span.type, span.rule_id, priority=span.priority)
        elif mode != "required" or span.priority == 0:
            joined.append(span)
    return joined


def _join_parent_bodies(doc: SegmentedText, orgs: list[EntitySpan]) -> list[EntitySpan]:
    """A national body followed at once by its office in a place is one name:
    国家税务总局 + 天津市武清区税务局, 国家统计局 + 天津调查总队."""
    joined: list[EntitySpan] = []
    for span in orgs:
        previous = joined[-1] if joined else None
        if (previous is not None and previous.end == span.start and previous.type == span.type == "org"
                and doc.text.endswith(PARENT_BODY_ENDS, previous.start, previous.end)):
            words = doc.inner_words(span.start, span.end)
            if words and doc.is_place(*words[0]) or _opens_with_region(doc, span.start, span.end):
                joined[-1] = EntitySpan(previous.start, span.end, span.type, span.rule_id, priority=span.priority)
                continue
        if (previous is not None and previous.end == span.start and previous.type == span.type == "org"
                and doc.text.endswith(ZONE_COMMITTEES, previous.start, previous.end) and doc.text[span.end - 1] in "局办"
                and not _opens_with_region(doc, span.start, span.end)):
            # a zone's committee + a bureau or office of no place of its own (管委会|招商局, 管委会|经济发展局):
            # the committee's department, one name (a bureau with its own region is another body)
            joined[-1] = EntitySpan(previous.start, span.end, span.type, previous.rule_id, priority=previous.priority)
            continue
        joined.append(span)
    return joined


def _opens_with_region(doc: SegmentedText, start: int, end: int) -> bool:
    """江城市|税务局: the office's name opens with a region's name ending in its level, though jieba
    cuts it into words of no place (江|城市). Bounded: a region of at most REGION_REACH characters."""
    for k in range(start + 3, min(end, start + REGION_REACH + 1)):
        if doc.text[k - 1] in BODY_LEVELS and doc.is_region_text(start, k):
            return True
    return False


REGION_REACH = 8
BRANCH_REACH = 40  # characters a parent's name may start before its branch's candidate


def _join_branches(doc: SegmentedText, candidates: list[EntitySpan], branch_forms: tuple[str, ...]) -> list[EntitySpan]:
    """A branch (…分院, …分馆) whose candidate starts inside its parent's name (中国考古|博物馆江城
    分馆: the branch's start cut at the parent's verb-like word) takes the parent's start: the parent
    + a place + the branch is one name (SPEC: the longest as written). Only name words between the
    parent's end and the branch's form: no verb, clause word or mark."""
    if not branch_forms:
        return candidates
    ordered = sorted(candidates, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    joined: list[EntitySpan] = []
    for span in candidates:
        if span.type == "org" and doc.text.endswith(branch_forms, span.start, span.end):
            form = next(f for f in branch_forms if doc.text.endswith(f, span.start, span.end))
            head = span.end - len(form)
            first = bisect_left(starts, span.start - BRANCH_REACH)
            parents = [p for p in ordered[first:bisect_left(starts, span.start)]
                       if p.type == "org" and span.start < p.end < head]
            between = doc.inner_words(parents[0].end, head) if parents else []
            if between and not any(doc.is_stop(a, b) or doc.is_verb(doc.text[a:b]) or not doc.text[a:b].isalnum()
                                   for a, b in between):
                span = EntitySpan(parents[0].start, span.end, span.type, span.rule_id, span.canonical, span.priority)
            else:
                words = doc.inner_words(span.start, head)
                first_word = doc.text[words[0][0]:words[0][1]] if words else ""
                if 1 < len(first_word) <= 3 and first_word[-1] in ORG_HEAD_CHARS and doc.tags.get(first_word) in (None, "n"):
                    continue  # 博物馆|临江|分馆: the candidate opens with its parent's head, a common noun (not
                    # 中国农业银行/nt), the parent's name cut off: no name
        joined.append(span)
    return joined


def _join_subunits(doc: SegmentedText, orgs: list[EntitySpan], subunit: regex.Pattern,
                   titles: tuple[str, ...]) -> list[EntitySpan]:
    """A unit written right after its body is one name with it (SPEC: the longest name as
    written): 市公安局 + 交警支队, 公安部 + 经济犯罪侦查局, 区生态环境局 + 武清分局,
    县人民法院 + 办公室. The words between are name words (no verb or particle: 市公安局|联合|
    区公安分局 stays two), the unit ends a word, and no other org starts inside it."""
    starts = sorted(o.start for o in orgs)
    joined: list[EntitySpan] = []
    for span in orgs:
        match = subunit.match(doc.text, span.end) if span.type == "org" and doc.text[span.end - 1] in BODY_ENDS else None
        if match is not None and _is_subunit(doc, span.start, span.end, match.start("unit"), match.end(), starts, titles):
            span = EntitySpan(span.start, match.end(), span.type, span.rule_id, priority=span.priority)
        joined.append(span)
    return joined


def _is_subunit(doc: SegmentedText, body: int, start: int, head: int, end: int, org_starts: list[int],
                titles: tuple[str, ...]) -> bool:
    """[start, end) is a unit of the body [body, start): see _join_subunits."""
    edges = doc.boundaries(start, end)
    titled = doc.text.startswith(titles, end)  # 详规处|处长, though jieba reads 处处
    inside = bisect_left(org_starts, end) - bisect_right(org_starts, start)  # orgs starting within
    if end not in edges and not titled or inside > 0:
        return False
    if end - head == 1 and head not in edges and not titled:
        return False  # 监委|严肃查处: a one-character unit (处, 科) inside a word of the clause is none
    if head == start:
        return end - head > 1  # 办公室 alone; a one-character unit (处, 科) needs a name
    # One dictionary word from the body to the unit (公安部经济犯罪侦查局) is one name.
    whole = any(a <= body and b == end for a, b in doc.near(body, end))
    # Verbs may name a unit (执法|大队, 犯罪|侦查局); closed-class and clause words may not.
    return whole or start in edges and not any(doc.is_stop(s, e) for s, e in doc.inner_words(start, head))



class _Cover:
    """Does some span start at or before `start` and end after `end`? O(log n) per question
    (a pairwise test was quadratic in the names of a 200 MB file)."""

    def __init__(self, spans: list[EntitySpan]) -> None:
        ordered = sorted((s.start, s.end) for s in spans)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []  # the largest end among the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] > end
