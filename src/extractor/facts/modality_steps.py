"""Whether a figure is a target: what made it one, whether a plan word plans, and whether a plan goes on
from the sentence before (a part of FactLinker; reads its rules and segmenter)."""

from __future__ import annotations

from typing import Optional

from ..model import Decided
from .context import AHEAD, OPENING_WORD
from .measure import Measure


class ModalitySteps:
    """Modality helpers of FactLinker."""

    def _modality_by(self, folded: str, measure: Measure, clause_start: int, near_start: int, position: int,
                     planned: bool) -> Decided:
        """What made MeasureClassifier.classify call a figure a target, found as it looks: a year
        past the document's (`planned`), a plan word in the clause, then in the sentence; else an
        earlier target of the same list; an actual figure has no plan word."""
        if measure.modality != "target":
            return Decided("no plan word")
        ahead = AHEAD.search(folded, near_start, position) if planned else None
        if ahead is not None:
            return Decided("looks ahead", ahead.group(), ahead.start(), ahead.end())
        for pattern, start in ((self.rules.measures.target_clause, clause_start), (self.rules.measures.target_sentence, near_start)):
            found = pattern.search(folded[start:position])
            if found is not None:
                return Decided("words", found.group(), start + found.start(), start + found.end())
        return Decided("list of targets")

    def _plans(self, folded: str, start: int, position: int, reviewed: Optional[int], written: Optional[int] = None) -> bool:
        """Whether a plan word in folded[start:position] plans: one inside a word does not (计划单列市,
        计划生育); in a work report's review (`reviewed`: its year) neither does one before a noun, part
        of a name (人均预期寿命, 人才计划入选者), 争取 or 预计 (won, estimated), nor 到2025年 up to the year
        reviewed (提高到2025年的6.3万元); nor anywhere 到2018年 before the year the text is dated in (`written`:
        由1980年的95元提高到2017年的3万元, in a text of 2019)."""
        for found in self.rules.measures.target_clause.finditer(folded, start, position):
            word = found.group()
            year = AHEAD.search(word)
            if reviewed and (self.rules.sections.obtained.fullmatch(word) or (year and int(year.group(1)) <= reviewed)):
                continue
            if written and year and int(year.group(1)) < written:
                continue
            if word.isalpha():
                spans = self._segmenter.word_spans(folded, found.start(), found.end())
                after = next((end for begin, end in spans if begin == found.end()), None)
                if after is None or (reviewed and self._segmenter.tag(folded[found.end():after])[0][1] in ("n", "nr", "ns")):
                    continue
            return True
        return False

    def _plan_goes_on(self, folded: str, sentence: int, sentence_starts: list[int], continues: list[bool],
                      last_modality: dict[int, str], named_starts: set[int]) -> bool:
        """Whether the sentence before was a plan (its last figure a target, or a plan word with no
        figure: 深圳还将全力推动…。) and this one goes on with it: it opens with 同时/此外, or in the
        same paragraph without a name of its own at its start (加大…投资力度，开工建设5个…);
        莱峰电气公司由…投资15亿元 opens with another subject and states what is."""
        if sentence == 0:
            return False
        begin, here = sentence_starts[sentence - 1], sentence_starts[sentence]
        first = here + len(folded[here:here + OPENING_WORD]) - len(folded[here:here + OPENING_WORD].lstrip())
        if first in named_starts or (not continues[sentence] and "\n" in folded[begin:here].rstrip()):
            return False
        if sentence - 1 in last_modality:
            return last_modality[sentence - 1] == "target"
        before = folded[begin:here]
        return bool(self.rules.measures.target_sentence.search(before) or self.rules.measures.target_clause.search(before))
