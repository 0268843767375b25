"""分别 after a list of figures: 接待游客1.5亿人次、旅游收入1800亿元，分别增长12.1%、9.6% - the k-th
figure of a clause that opens with 分别 measures what the k-th figure of the clause before measures,
when both clauses hold as many figures, or what the figure of the k-th of as many clauses right before measures,
one figure a clause (粮食总产量45万吨，肉类总产量6.8万吨，分别增长2%和3%)."""

from __future__ import annotations

import re
from typing import Optional

from ..model import Fact, Mention, changed
from ..text.marks import last_mark

CLAUSE_ENDS = "，,；;。\n"
REACH = 200  # characters read back for a figure's clause mark (bounded: a clause of a long run costs no more)
OPENING = re.compile(r"[\s　]*(?:同比|比上年|较上年|比上年同期|较上年同期)?分别")


def respective_figures(folded: str, facts: list[Fact], by_id: dict[str, Mention], rate_word: str = "") -> list[Fact]:
    """The facts, with the figures of a 分别 clause named after the figures of the clause before, or
    after the figures of as many clauses before, one figure each (粮食总产量45万吨，肉类总产量6.8万吨，分别增长2%和3%);
    a change in points after growths moves their rates (`rate_word`, 增速)."""
    groups: list[tuple[int, list[int]]] = []  # (clause start, indices of its facts), in text order
    for index, fact in enumerate(facts):
        start = by_id[fact.mention_id].start
        clause = last_mark(folded, CLAUSE_ENDS, max(0, start - REACH), start)
        if groups and groups[-1][0] == clause:
            groups[-1][1].append(index)
        else:
            groups.append((clause, [index]))
    out = list(facts)
    for at, ((_, listed), (clause, respective)) in enumerate(zip(groups, groups[1:])):
        first = by_id[facts[respective[0]].mention_id]
        last_listed = by_id[facts[listed[-1]].mention_id]
        if clause < 0 or len(respective) < 2 or not OPENING.match(folded, clause + 1, first.start):
            continue
        if len(listed) == 1 and at + 1 >= len(respective):
            listed = _one_a_clause(folded, facts, by_id, [group for _, group in groups[at + 1 - len(respective):at + 1]], clause)
            if listed is None:
                continue
        elif (len(listed) != len(respective) or len(listed) < 2
                or any(mark in folded[last_listed.end:clause] for mark in CLAUSE_ENDS)):
            continue
        names: list[Optional[str]] = [facts[k].indicator for k in listed]
        if len(set(names)) != len(names) or None in names:
            continue  # the figures before name no distinct indicators: nothing to hand on
        growths = all(facts[k].measure == "growth" for k in listed)
        for k, name in zip(respective, names):
            if facts[k].measure in ("growth", "change", "ratio"):
                moved = growths and facts[k].measure == "change" and rate_word and not name.endswith(rate_word)
                out[k] = changed(facts[k], indicator=name + rate_word if moved else name)
    return out


def _one_a_clause(folded: str, facts: list[Fact], by_id: dict[str, Mention], clauses: list[list[int]],
                  clause: int) -> Optional[list[int]]:
    """The figures of as many clauses right before the 分别 clause (at `clause`), one a clause, of one measure and one
    sentence, each clause next to the one before (粮食总产量45万吨，肉类总产量6.8万吨，分别…); else None."""
    if any(len(group) != 1 for group in clauses):
        return None
    listed = [group[0] for group in clauses]
    mentions = [by_id[facts[k].mention_id] for k in listed]
    gaps = [folded[a.end:b.start] for a, b in zip(mentions, mentions[1:])] + [folded[mentions[-1].end:clause]]
    if (len({m.sentence for m in mentions}) != 1 or len({facts[k].measure for k in listed}) != 1
            or any(sum(gap.count(mark) for mark in CLAUSE_ENDS) > 1 for gap in gaps[:-1])
            or any(mark in gaps[-1] for mark in CLAUSE_ENDS)):
        return None
    return listed
