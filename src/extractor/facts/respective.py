"""分别 after a list of figures: 接待游客1.5亿人次、旅游收入1800亿元，分别增长12.1%、9.6% - the k-th
figure of a clause that opens with 分别 measures what the k-th figure of the clause before measures,
when both clauses hold as many figures."""

from __future__ import annotations

import re
from typing import Optional

from ..model import Fact, Mention, changed
from ..text.marks import last_mark

CLAUSE_ENDS = "，,；;。\n"
REACH = 200  # characters read back for a figure's clause mark (bounded: a clause of a long run costs no more)
OPENING = re.compile(r"[\s　]*(?:同比|比上年|较上年|比上年同期|较上年同期)?分别")


def respective_figures(folded: str, facts: list[Fact], by_id: dict[str, Mention]) -> list[Fact]:
    """The facts, with the figures of a 分别 clause named after the figures of the clause before."""
    groups: list[tuple[int, list[int]]] = []  # (clause start, indices of its facts), in text order
    for index, fact in enumerate(facts):
        start = by_id[fact.mention_id].start
        clause = last_mark(folded, CLAUSE_ENDS, max(0, start - REACH), start)
        if groups and groups[-1][0] == clause:
            groups[-1][1].append(index)
        else:
            groups.append((clause, [index]))
    out = list(facts)
    for (_, listed), (clause, respective) in zip(groups, groups[1:]):
        first = by_id[facts[respective[0]].mention_id]
        last_listed = by_id[facts[listed[-1]].mention_id]
        if (clause < 0 or len(listed) != len(respective) or len(listed) < 2
                or not OPENING.match(folded, clause + 1, first.start)
                or any(mark in folded[last_listed.end:clause] for mark in CLAUSE_ENDS)):
            continue
        names: list[Optional[str]] = [facts[k].indicator for k in listed]
        if len(set(names)) != len(names) or None in names:
            continue  # the figures before name no distinct indicators: nothing to hand on
        for k, name in zip(respective, names):
            if facts[k].measure in ("growth", "change"):
                out[k] = changed(facts[k], indicator=name)
    return out
