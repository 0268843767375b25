"""Indicator namer: a fact's subject without place, period, scope and comparison words, so the
same indicator from two districts joins (光明区上半年固定资产投资 -> 固定资产投资)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import regex


@dataclass(frozen=True)
class IndicatorRules:
    comparison: regex.Pattern  # 增速比上半年 -> 增速
    relative: frozenset[str]  # 增速, 比重: a property of the indicator named before
    growth_suffix: regex.Pattern  # GDP增速 with a growth measure -> GDP
    tail: regex.Pattern  # 地区生产总值预期 -> 地区生产总值
    heads: tuple[regex.Pattern, ...]  # scope words and periods that open a subject


def indicator_name(subject: Optional[str], rules: IndicatorRules, places: Iterable[str], measure: str,
                   previous: Optional[str]) -> Optional[str]:
    """`places`: the place names written in the document; `previous`: the indicator of the
    number before in the same or the previous sentence (for 增速, 比重 standing alone)."""
    text = (subject or "").strip()
    names = sorted(set(places), key=len, reverse=True)
    changed = True
    while changed and text:
        changed = False
        for name in names:
            if text.startswith(name) and len(text) > len(name):
                text, changed = text[len(name):].lstrip("的"), True
                break
        for head in rules.heads:
            found = head.match(text)
            if found and 0 < found.end() < len(text):
                text, changed = text[found.end():].lstrip("的,，"), True
    found = rules.tail.search(text)
    if found and found.start() > 0:
        text = text[: found.start()]
    found = rules.comparison.search(text)
    if found and found.start() > 0:
        text = text[: found.start()]
    if measure == "growth":
        found = rules.growth_suffix.search(text)
        if found and found.start() > 0:
            text = text[: found.start()]
    if text in rules.relative and previous:
        text = previous if measure == "growth" else previous + text
    return text or None
