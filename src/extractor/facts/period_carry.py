"""The period step: the time expression a figure belongs to (the last one before it in its
sentence), carried into sentences that continue one (其中, 同时, after ；) and given by a title line."""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

import regex

from ..model import Decided, Mention
from .context import CLAUSE_MARKS, EVENT_GAP, OPENING_REACH, QUOTES, TITLE_MAX, PeriodCuts, _after_semicolon
from .periods import YEAR, DocumentDate, after_closed_years, document_date

FROM_REACH = 6  # characters before a figure searched for the 从/由 a change starts from (bounded)
FROM_BEFORE = regex.compile(r"[从由][^\s，,。；;：:、0-9]{0,4}$")  # 从4.2万元, 从每人每月820元: the figure a change starts from
# A clause that only says where figures come from, before the period opening a paragraph
# (据测算，2021年全区…; 据统计，1-8月…): no figure, no clause mark inside, a few characters.
LEAD_IN = regex.compile(r"[^\s，,。；;：:、0-9]{2,8}[，,]")
# Months, quarters and halves of the year (1-8月份, 一季度, 上半年) that open a paragraph date it as a year does.
# Not one month (3月25日, 8月当月): a day's event or the month alone, not the paragraph's span.
PART_OF_YEAR = regex.compile(r"(?:[0-9]{1,2}[-—–~至][0-9]{1,2}月份?|第?[一二三四1-4]季度|上半年|下半年|前三季度)")
MOVED_TO = regex.compile(r"[^\s，,。；;：:、0-9]{1,4}[至到]$")  # 增至, 整合至: a short verb and its 至/到 up to the next figure


class PeriodSteps:
    """The period of a figure and the periods sentences carry; a part of FactLinker (needs self.rules)."""

    def period(self, folded: str, periods: list[tuple[int, int, str]], ends: list[int], events: set[int],
               after_yu: set[int], sentence_start: int, mention: Mention, cuts: "PeriodCuts") -> Optional[tuple[int, int, str]]:
        """The last time expression ending before the number in its sentence (periods are sorted
        and do not overlap, so their ends are sorted too: bisect, not a scan). An event's date
        (`events`: 于2010年完成, 2019年8月撤县设区) reaches no further than a word of another time
        (此次, 现辖); a 于-date also dates the figure right before it (600MW于2010年建成); an event
        word between (投产后) ends any period's reach. (start, end, text without quotes) or None."""
        index = bisect_right(ends, mention.start) - 1
        found: Optional[tuple[int, int, str]] = None
        if index >= 0 and periods[index][0] >= sentence_start:
            found = periods[index]
            if ((found[0] in events and cuts.event_ends.within(found[1], mention.start))
                    or (found[0] in after_yu and cuts.yu_ends.within(found[1], mention.start))
                    or cuts.breaks.within(found[1], mention.start)):
                found = None
        after = periods[index + 1] if index + 1 < len(periods) else None
        if after is not None and after[0] in after_yu and after[0] - mention.end <= EVENT_GAP \
                and not any(mark in folded[mention.end:after[0]] for mark in CLAUSE_MARKS):
            found = after
        return (found[0], found[1], found[2].translate(QUOTES)) if found else None


    def from_values(self, folded: str, figures: list[Mention]) -> set[str]:
        """Ids of the figures a change starts from (从4.2万元增至5.1万元, 由60户整合至15户: the first): written
        shortly after 从/由 and followed in their sentence by a change verb to the next figure (`figures` in text order)."""
        return {first.id for first, then in zip(figures, figures[1:])
                if first.sentence == then.sentence and FROM_BEFORE.search(folded, max(0, first.start - FROM_REACH), first.start)
                and (self.changes_from_previous(folded, first.end, then.start)
                     or MOVED_TO.match(folded, first.end, then.start) is not None)}

    def document_date(self, folded: str, year: Optional[int] = None) -> DocumentDate:
        """When the text was written (periods.document_date), after any year it reports as ended."""
        return after_closed_years(document_date(folded, year), folded, self.rules.closed_year,
                                  self.rules.measures.target_clause)

    def _carried_periods(self, folded: str, sentence_starts: list[int],
                         periods) -> tuple[list[Optional[str]], list[bool], list[Optional[Decided]]]:
        """Per sentence, the period that a following 其中/同时/此外 sentence continues (its own
        last period, or the one it continued itself), and whether the sentence continues the one
        before: it opens with such a word, follows a ；, or is an item of a list that a sentence
        ending in ： opened (三大领域：…其中，产业类项目180个…基础设施类项目205个…); and per
        sentence where its carried period is written (`carried from sentence N`)."""
        last: dict[int, str] = {}
        written: dict[int, Decided] = {}
        ends = sentence_starts[1:] + [len(folded) + 1]
        sentence = 0
        for start, stop, text in periods:
            while start >= ends[sentence]:
                sentence += 1
            last[sentence] = text.translate(QUOTES)
            written[sentence] = Decided("carried from sentence", text, start, stop, sentence)
        carried: list[Optional[str]] = []
        carried_by: list[Optional[Decided]] = []
        continues: list[bool] = []
        in_list = False  # inside the items of a list opened by a sentence ending in ：
        for i, begin in enumerate(sentence_starts):
            end = ends[i] if ends[i] <= len(folded) else len(folded)
            continues.append(i > 0 and (in_list or self._continues(folded, begin)))
            if i in last:
                carried.append(last[i])
                carried_by.append(written[i])
            elif continues[i]:
                carried.append(carried[i - 1])
                carried_by.append(carried_by[i - 1])
            else:
                carried.append(None)
                carried_by.append(None)
            opens_list = folded[begin:end].rstrip().endswith(("：", ":"))
            in_list = opens_list or (in_list and i not in last)
        return carried, continues, carried_by

    @staticmethod
    def _title_period(folded: str, periods) -> Optional[Decided]:
        """1—9月全市重大项目推进情况: the period a title line gives every figure
        below it that names none of its own (as `title` evidence: its words are the period)."""
        line_end = folded.find("\n")
        first = folded[: line_end if line_end >= 0 else len(folded)]
        if not first.strip() or len(first) > TITLE_MAX or any(mark in first for mark in "。；;"):
            return None
        inside = [(start, end, text) for start, end, text in periods if end <= len(first)]
        return Decided("title", inside[0][2].translate(QUOTES), inside[0][0], inside[0][1]) if inside else None

    def _continues(self, folded: str, sentence_start: int) -> bool:
        """Whether a sentence goes on with the one before: it opens with 其中/同时/此外, or the
        one before ended with ；(a list of figures of one period)."""
        return (self.rules.continuation.match(folded, sentence_start, sentence_start + OPENING_REACH) is not None
                or _after_semicolon(folded, sentence_start))


def paragraph_periods(folded: str, sentence_starts: list[int], periods,
                      place_spans: frozenset = frozenset()) -> dict[int, str]:
    """Sentence -> the period that opens its paragraph or one of its sentences (2021年，全市…。工业增加值…):
    the period the paragraph's later sentences speak of when they name none (a paragraph is one line); one
    that opens a later sentence (…。2021年全市…。新兴产业…), the next sentence's only. Only a written year:
    a plan period (十三五期间) dates a level to its last year, not to the span. A place named right before
    the year (`place_spans`: (start, end) of places) is the sentence's subject, the year still opens it
    (某市2021年全年…。某市GDP首次…)."""
    out: dict[int, str] = {}
    for start, end, text in periods:
        own = bisect_right(sentence_starts, start) - 1  # the period's own sentence
        opening = sentence_starts[own] if own >= 0 else 0
        before = folded[opening:start]
        lead = opening + len(before) - len(before.lstrip())
        if (before.strip() and (lead, start) not in place_spans and not LEAD_IN.fullmatch(before.strip())) \
                or not (YEAR.match(text) or PART_OF_YEAR.fullmatch(text)):
            continue  # the period opens its sentence: 2021年，…, …。2021年全市…, 某市2021年…, 据测算，2021年…
        line_end = folded.find("\n", end)
        line_end = len(folded) if line_end < 0 else line_end
        sentence = bisect_right(sentence_starts, start)  # the sentence after the period's own
        led = folded[folded.rfind("\n", 0, start) + 1:start].strip()
        opens_line = not led or LEAD_IN.fullmatch(led) is not None
        last = len(sentence_starts) if opens_line else min(sentence + 1, len(sentence_starts))
        while sentence < last and sentence_starts[sentence] < line_end:
            out[sentence] = text.translate(QUOTES)
            sentence += 1
    return out
