"""Measure classifier: what kind of figure a number is (level, growth, change, share, ratio),
which way it moves, what it compares with and whether it is a target (rules/facts.yaml).

Reads only the words of the number's clause before it; knows nothing of subjects or places.
"""

from __future__ import annotations

from typing import Optional

import regex

from ..model import record
from ..text.marks import Marks
from ..ruleset.fact_rules import MeasureRules
from ..ruleset.rule_files import Pattern

GROWTH_UNITS = ("%", "x")
SHARE_UNITS = ("%", None)  # a share is a percentage (or a bare fraction like 三分之一)  # a change in % or 倍 is a growth rate; any other unit, an absolute change
CLAUSE_MARKS = ",，;；。:：!?！？\n"

@record  # not frozen=True (model.record): every figure makes two or three
class Measure:
    measure: str
    direction: Optional[str] = None
    base: Optional[str] = None
    modality: str = "actual"
    governs: bool = False  # a target word opens the clause (计划新开工项目98个，…): it scopes over the list

LEVEL = Measure("level")
LIST_JOINER = regex.compile(r"^(?:和|、|及|与|,|，)$")
UNIT_SHARING_JOINERS = ("和", "、", "及", "与")  # 3.1和0.4个百分点: the first number's unit is the last's

def clause_before(folded: str, left: int, position: int, marks: Marks) -> str:
    """The text from the last clause mark (or `left`, the previous number) up to `position`;
    `marks`: the text's CLAUSE_MARKS, found once per document."""
    return folded[max(left, marks.last(left, position) + 1):position]


class MeasureClassifier:
    def __init__(self, rules: MeasureRules, period_tail: Pattern) -> None:
        self.rules = rules
        self._period_tail = period_tail

    def classify(self, before: str, sentence_before: str, unit: Optional[str], is_ratio: bool,
                 part_of_year: Optional[bool], previous: Optional[Measure], planned: bool = False,
                 after: str = "") -> Measure:
        """`before`: the clause before the number; `part_of_year`: whether its period is shorter
        than a year (None: not dated), for the implied base of a growth rate; `planned`: the
        sentence looks ahead to a year after the document's own (到2015年实现…); `after`: the
        words right after the number (6.5%的增长)."""
        modality = "target" if planned else self.modality(before, sentence_before)
        governs = modality == "target" and self.rules.target_clause.match(before.lstrip("其中,，、 ")) is not None
        if previous is not None and previous.governs and not self.rules.actual.search(before):
            modality, governs = "target", True  # 计划新开工项目74个，续建项目412个: the list goes on
        measure = self._kind(before, unit, is_ratio, part_of_year, previous, modality, after)
        return Measure(measure.measure, measure.direction, measure.base, measure.modality, governs)

    def _kind(self, before: str, unit: Optional[str], is_ratio: bool, part_of_year: Optional[bool],
              previous: Optional[Measure], modality: str, after: str = "") -> Measure:
        if is_ratio:
            return Measure("ratio", modality=modality)
        words = self._strip_period(before)
        if any(rule.ends_list and rule.before.search(words) for rule in self.rules.rules):
            return Measure("level", modality=modality)  # 增长6.2%、达到2.4万亿元: the level the rate led to
        if previous is not None and previous.measure in ("growth", "change") and (
                LIST_JOINER.match(words.strip()) or words.startswith("、") or words.endswith("、")) and not any(
                rule.before.search(words.lstrip("、")) for rule in self.rules.rules if not rule.ends_list):  # 新增A 500家、B 100家; 新增9家A、38家B
            return Measure(previous.measure, previous.direction, previous.base, modality)  # 分别增长8%和9%, but 增长5%、高于全国0.4个百分点
        if previous is not None and previous.measure == "share" and LIST_JOINER.match(words.strip()) and unit in SHARE_UNITS:
            return Measure("share", modality=modality)  # 贡献率分别为4.1%、61.3%和34.6%: a list of shares, item by item
        for rule in self.rules.rules:
            if rule.before.search(words) or (rule.after is not None and unit in GROWTH_UNITS and rule.after.match(after)):
                measure = rule.measure or ("growth" if unit in GROWTH_UNITS else "change")
                if measure == "share" and unit not in SHARE_UNITS:
                    continue  # 十大品牌中龙岩就占2个: a count, not a share
                if (measure in ("growth", "change") and previous is not None and previous.modality == "target"
                        and not self.rules.actual.search(before)):
                    modality = "target"  # 年度计划投资300亿元、增长8.0%: the growth of a target is one
                if measure not in ("growth", "change"):
                    return Measure(measure, modality=modality)
                return Measure(measure, rule.direction, self.base(before, measure, part_of_year), modality)
        return Measure("level", modality=modality)

    def base(self, before: str, measure: str, part_of_year: Optional[bool]) -> Optional[str]:
        if self.rules.same_period.search(before):
            return self.rules.same_period_name
        written = self.rules.written_base.search(before)
        if written:
            return written.group("base") or written.group("over")
        if measure != "growth" or self.rules.no_base.search(before):
            return None
        return self.rules.implied_part if part_of_year else self.rules.implied_year

    def modality(self, before: str, sentence_before: str) -> str:
        if self.rules.target_clause.search(before) or self.rules.target_sentence.search(sentence_before):
            return "target"
        return "actual"

    def _strip_period(self, text: str) -> str:
        """增加至目前的 -> 增加至: a period (and 的) right before the number is not a verb."""
        found = self._period_tail.search(text)
        if found and found.start() < len(text):
            text = text[: found.start()]
        return text
