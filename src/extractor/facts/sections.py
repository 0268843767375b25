"""Document genre and sections: which year a figure without a period of its own speaks of.

A government work report (its title block names the genre) is delivered early in a year: it
reviews the year before (过去一年, 2025年 often unwritten), sometimes the five years before
(过去五年), and sets targets for the delivery year (主要预期目标, 重点抓好以下工作). Each section
runs across sentences and paragraphs until another opens. Other documents have no sections here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..ruleset.fact_rules import SectionRules
from ..ruleset.rule_files import Pattern
from .periods import PLAN as PLAN_PERIOD
from .periods import YEAR, five_year_plan, small_numeral

REVIEW, FIVE_YEARS, PLAN, NEXT_PLAN = "review", "five_years", "plan", "next_plan"
TITLE_MAX = 60  # characters: a longer line is a paragraph, not a title line
SENTENCE_ENDS = ("。", "；", ";", "！", "？")  # a line ending so is a paragraph, however short
HEAD_MAX = 400  # characters of short lines before the first paragraph (a web page's menu, title, date, byline)


@dataclass(frozen=True)
class Sections:
    """Per sentence, the section of a work report it sits in (None: before any, or not a work report)."""

    delivered: Optional[int]  # the year a work report is delivered in
    kinds: tuple[Optional[str], ...]

    def kind(self, sentence: int) -> Optional[str]:
        return self.kinds[sentence] if 0 <= sentence < len(self.kinds) else None

    def sets_targets(self, sentence: int) -> bool:
        """Whether the sentence sits in a section of targets (the delivery year's or the next plan's)."""
        return self.kind(sentence) in (PLAN, NEXT_PLAN)

    def reviewed_year(self, sentence: int) -> Optional[int]:
        """The year a review section reports on (全年, 年末 there are of that year), else None."""
        return self.delivered - 1 if self.kind(sentence) in (REVIEW, FIVE_YEARS) and self.delivered else None

    def dates(self, sentence: int, spans_years: bool) -> tuple[Optional[date], Optional[date]]:
        """The period of a figure that names none in `sentence`: the reviewed year, the delivery
        year, or in a five-year review the five years (a total or average, `spans_years`) or
        their last year (a level reached)."""
        kind = self.kind(sentence)
        if kind is None or self.delivered is None:
            return None, None
        if kind == PLAN:
            return date(self.delivered, 1, 1), date(self.delivered, 12, 31)
        if kind == NEXT_PLAN:  # the plan period that starts in the delivery year: its targets span it
            return (date(self.delivered, 1, 1), date(self.delivered + 4, 12, 31)) if spans_years \
                else (date(self.delivered + 4, 1, 1), date(self.delivered + 4, 12, 31))
        last = self.delivered - 1
        first = last - 4 if kind == FIVE_YEARS and spans_years else last
        return date(first, 1, 1), date(last, 12, 31)


    def before_dates(self, sentence: int) -> tuple[Optional[date], Optional[date]]:
        """The period of the figure a change starts from (从4.2万元增至5.1万元): in a review the year before the
        years reviewed (the plan period's, in a five-year review); in a plan the reviewed year (where it stands)."""
        kind = self.kind(sentence)
        if kind is None or self.delivered is None:
            return None, None
        year = self.delivered - {FIVE_YEARS: 6, REVIEW: 2}.get(kind, 1)  # a plan's: the reviewed year, an actual
        return date(year, 1, 1), date(year, 12, 31)


NO_SECTIONS = Sections(None, ())


def title_block(folded: str, heading: Optional[Pattern] = None) -> str:
    """The short lines before the document's first paragraph, sentence or top-level `heading`
    (一、): title, date or session line, byline (after a web page's menu words), at most HEAD_MAX characters."""
    end = 0
    for line in folded[:HEAD_MAX].split("\n"):
        if len(line.strip()) > TITLE_MAX or line.rstrip().endswith(SENTENCE_ENDS) or (heading and heading.match(line)):
            break
        end += len(line) + 1
    return folded[:min(end, HEAD_MAX)]


def find_sections(folded: str, sentence_starts: list[int], rules: SectionRules, year: Optional[int]) -> Sections:
    """The sections of a work report delivered in `year` (the document's year); NO_SECTIONS for
    any other document, or a work report whose year is unknown (never a guessed year)."""
    head = len(title_block(folded, rules.heading))
    if year is None or not rules.genre.search(folded, 0, head):
        return NO_SECTIONS
    kinds: list[Optional[str]] = []
    current: Optional[str] = None
    ends = sentence_starts[1:] + [len(folded)]
    for start, end in zip(sentence_starts, ends):
        sentence = folded[start:end]
        # before any section, or opening a paragraph of a plan-period review (在刚结束的2025年，…): the year it opens with
        by_year = current is None or (current == FIVE_YEARS and folded.startswith("\n", start - 1))
        opened = None if end <= head else _opens(sentence, rules, year, by_year)
        if opened is None and end > head and folded.startswith("\n", start - 1):
            opened = _paragraph_plan(sentence, year)  # “十四五”时期是…: a paragraph opening on a plan period
        if opened is not None:
            current = opened
        kinds.append(current)
    return Sections(year, tuple(kinds))


def _opens(sentence: str, rules: SectionRules, year: int, by_year: bool) -> Optional[str]:
    """The section a sentence opens: a top-level heading by the year or plan period it names (一、2025年
    工作回顾; 三、2026年重点工作; 二、“十五五”时期主要目标任务), else by its words, else (`by_year`:
    before any section, or opening a paragraph of a plan-period review) by the year it opens with."""
    if rules.heading.match(sentence):
        named = _heading_section(sentence, year)
        if named is not None:
            return named
    if rules.plan.search(sentence):
        return PLAN
    if rules.five_years.search(sentence):
        return FIVE_YEARS
    if rules.review.search(sentence):
        return REVIEW
    opening = rules.opening_year.match(sentence) if by_year else None
    if opening:
        written = int(opening.group(1))
        if written == year - 1:
            return REVIEW
        if written == year:
            return PLAN
    return None


def _paragraph_plan(sentence: str, year: int) -> Optional[str]:
    """The section a paragraph opens by the plan period it opens with (“十四五”时期是…五年, 十五五期间…):
    as a heading naming it would (a heading without its 一、)."""
    plan = PLAN_PERIOD.match(sentence.lstrip(" \u3000"))
    return _heading_section(plan.group(), year) if plan and plan.group(2) in ("时期", "期间", "以来") else None


def _heading_section(heading: str, year: int) -> Optional[str]:
    """The section a heading's years name: a year before the delivery year, or a plan period ended
    before it, is reviewed; the delivery year is planned; a plan period starting in it is the next plan."""
    plan = PLAN_PERIOD.search(heading)
    if plan:
        first, last = five_year_plan(small_numeral(plan.group(1)))
        if last < year:
            written = [int(y) for y in YEAR.findall(heading)]
            return REVIEW if year - 1 in written else FIVE_YEARS
        if first >= year:
            return NEXT_PLAN
    written = [int(y) for y in YEAR.findall(heading)]
    if year in written:
        return PLAN
    if year - 1 in written:
        return REVIEW
    return None


OPENING_SKIP = ("其中", "共", "先后", "新", "全省", "全区", "全市", "全县", "我省", "我区", "我市", "我县")  # scope and
# manner words before a clause's verb: they do not change what it does
CLAUSE_CHARS = 40  # characters of a clause (its last ones) tagged for its verbs (bounded)
OPENING_TAGS = ("v",)  # jieba's verb tag (not vn: a verbal noun opens a subject, 综合指数)


def over_the_years(clause: str, opening: tuple[tuple[str, str], ...], rules: SectionRules) -> bool:
    """In a plan-period review (or the next plan's targets), whether a figure that names no period is a
    total of the period's years: its clause (`clause`, the words before it) counts over them (累计, 新增,
    比“十三五”时期), or opens (`opening`: the (word, tag) pairs of its words) with a verb that did
    something (实施科技专项120项, 建成示范村80个), and no verb of it reaches or holds a level (达到, 增至, 保持)."""
    if rules.over_years.search(clause):
        return True
    if clause.rstrip("的").endswith(("到", "至")) or any(rules.reach.fullmatch(word) for word, _ in opening):
        return False  # 水功能区达标率达到93.5%, 提高到96%: a level reached, whatever opens its subject
    for word, tag in opening:
        if word in OPENING_SKIP or not word.strip():
            continue
        return tag in OPENING_TAGS
    return False
