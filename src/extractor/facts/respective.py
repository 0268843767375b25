"""分别 after a list of figures: 接待游客1.5亿人次、旅游收入1800亿元，分别增长12.1%、9.6% - the k-th
figure of a clause that opens with 分别 measures what the k-th figure of the clause before measures,
when both clauses hold as many figures, or what the figure of the k-th of as many clauses right before measures,
one figure a clause (粮食总产量45万吨，肉类总产量6.8万吨，分别增长2%和3%)."""

from __future__ import annotations

import re
from typing import Callable, Optional

from ..model import Fact, Mention, changed
from ..text.marks import last_mark
from .indicator import _sector_end, names_a_sector
from .respective_items import QUANTITY_ENDS

CLAUSE_ENDS = "，,；;。\n"
REACH = 200  # characters read back for a figure's clause mark (bounded: a clause of a long run costs no more)
FIGURE_JOINERS = ("和", "、", "及")  # between two figures: a list of them (6.1%和7.4%)
ITEM_JOINER = re.compile("和|、|及")  # between the items of an indicator listed (城镇和农村居民…)
OPENING = re.compile(r"[\s　]*(?:同比|比上年|较上年|比上年同期|较上年同期)?分别")


def respective_figures(folded: str, facts: list[Fact], by_id: dict[str, Mention], rate_word: str = "", *,
                       tag: Callable) -> list[Fact]:
    """The facts, with the figures of a 分别 clause named after the figures of the clause before, or
    after the figures of as many clauses before, one figure each (粮食总产量45万吨，肉类总产量6.8万吨，分别增长2%和3%);
    a change in points after growths moves their rates (`rate_word`, 增速)."""
    facts = _joined_figures(folded, facts, by_id, tag)
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


def _joined_figures(folded: str, facts: list[Fact], by_id: dict[str, Mention], tag: Callable) -> list[Fact]:
    """城镇和农村居民人均消费支出年均增长6.1%和7.4%: figures joined by 和/、/及 alone, of one unit and measure, that
    share an indicator joined of as many items, name one item each, in order, with no 分别 written (`tag`: the
    words of a text and their part-of-speech tags). An item is whole when it ends in a quantity (游客人次、总花费);
    one word stands for the last item's first (城镇 for 农村: 城镇居民人均可支配收入); a longer one takes the last
    item's last word, a quantity (战略性新兴产业和高技术制造业增加值: 增加值). Else the run keeps its name."""
    out = list(facts)
    k = 0
    while k < len(facts):
        run = [k]
        while run[-1] + 1 < len(facts):
            a, b = by_id[facts[run[-1]].mention_id], by_id[facts[run[-1] + 1].mention_id]
            if (folded[a.end:b.start] not in FIGURE_JOINERS or a.unit != b.unit or a.sentence != b.sentence
                    or facts[run[-1]].measure != facts[run[-1] + 1].measure):
                break
            run.append(run[-1] + 1)
        k = run[-1] + 1
        name = facts[run[0]].indicator
        items = ITEM_JOINER.split(name) if name and len(run) > 1 else []
        if len(items) != len(run) or not all(items) or any(facts[j].indicator != name for j in run):
            continue
        last = [word for word, _ in tag(items[-1])]
        names = [_item_name(item, last, tag) for item in items[:-1]] + [items[-1]]
        if len(last) > 1 and None not in names:
            for j, item in zip(run, names):
                out[j] = changed(facts[j], indicator=item)
    return out


def _item_name(item: str, last: list[str], tag: Callable) -> Optional[str]:
    """The name of an item listed before the last (whose words are `last`), or None when it cannot be told."""
    whole = "".join(last)
    own = [word for word, _ in tag(item)]
    if own and own[-1].endswith(QUANTITY_ENDS):
        return item  # 过夜游客人次、总花费: the item names its own quantity
    if names_a_sector(item):  # 战略性新兴产业和高技术制造业增加值: the quantity after the last item's sector
        sector_end = _sector_end(whole)
        return item + whole[sector_end + 1:] if 0 <= sector_end < len(whole) - 1 else None
    if len(own) == 1:  # 城镇和农村居民…: 农村居民 is one word, longer by a word than 城镇: 城镇 stands for 农村
        return item + whole[len(item) if len(last[0]) - len(item) > 1 else len(last[0]):]
    return item + last[-1] if last[-1].endswith(QUANTITY_ENDS) else None
