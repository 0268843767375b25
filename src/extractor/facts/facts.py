"""Link stage: each number -> a Fact with its subject, period and owner (rules/facts.yaml).

Works on one document's folded text and its mentions; reads nothing else and changes no
mention. Heuristics, each in one function, in the order a reader resolves them:
subject (counted noun after a measure word, else the indicator phrase before the number,
else the subject of the number it changes from), period (nearest time expression before,
in the sentence), owner (nearest org or project before, in the sentence or the one before).
"""

from __future__ import annotations

from datetime import date
from typing import Optional

import regex

from ..model import Decided, Fact, Mention, changed
from ..ruleset.fact_rules import FactRules
from ..text.marks import Matches
from ..text.segment import Segmenter
from .context import (LIST_END, LOOKBACK, OPENING_WORD, SHORT_REACH, DocumentMarks, NamedPlaces, PeriodCuts, _after_semicolon, _event_clause,
                      _fact, _heading, _inside_span, _in_quoted_name, _looks_ahead, _name_right_before, _that_year, _without_kind,
                      WHOLE_YEAR_WORDS, year_in_force)
from .indicator import SHARE_NAMES, indicator_name, with_owner, with_quantity
from .list_units import list_units
from .measure import UNIT_SHARING_JOINERS, Measure, MeasureClassifier, clause_before
from .modality_steps import ModalitySteps
from .outline import counts_the_list_after
from .owners import SentenceNames
from .period_carry import PeriodSteps, paragraph_periods
from .periods import YEAR, DocumentDate, inside_title, names_its_year, resolve_period, small_numeral
from .region_step import RegionSteps
from .respective import respective_figures
from .regions import PlaceIndex
from .sections import CLAUSE_CHARS, find_sections, over_the_years
from .respective_items import QUANTITY_ENDS
from .subject import SubjectSteps


NOTE_OPEN, NOTE_CLOSE = ("[", "［"), ("]", "］")
# 较2013年增长五成，年均增速7%: an average a year over the years after the base, up to the figure's year
# (bounded: the base and 年均 within one clause run of the sentence, before the figure)
AVERAGE_SINCE_BASE = regex.compile(r"(?:比|较)((?:19|20)[0-9]{2})年[^。；;\n]{0,40}?年均[^。；;\n，,]{0,20}$")
SINCE = "以来"  # 建厂以来, 开园以来: a span from an event to the time of writing
WHOLE_YEAR = ("全年",)  # the whole of the year a text speaks of, with no year of its own
LIST_ITEM_ENDS = "、，,；;"  # marks after a count's noun that end its item
# a bracket opening right after a figure, with a few words and no verb or clause mark before its own figure: (全市11.1%)
BRACKETED_PEER = regex.compile(r"[（(][^）)，,。；;：:\d]{1,6}(?:为|是)?$")


class FactLinker(SubjectSteps, PeriodSteps, RegionSteps, ModalitySteps):
    """Builds facts for one document at a time; POS tags come from the shared Segmenter."""

    def __init__(self, rules: FactRules, segmenter: Segmenter) -> None:
        self.rules = rules
        self._segmenter = segmenter
        self._measures = MeasureClassifier(rules.measures, rules.period_tail)
        self._places: Optional[PlaceIndex] = None  # the division table, loaded on first use

    # --- the three questions ---

    def owner(self, folded: str, mention: Mention, names: SentenceNames) -> Optional[str]:
        """The nearest org or project before the number in its sentence that an owner verb follows
        (…有限公司投资), else the last such in the sentence before; bisected, not scanned."""
        best = (names.owners(mention.sentence, folded, self.rules.owner_followed_by).last_before(mention.start)
                or names.owners(mention.sentence - 1, folded, self.rules.owner_followed_by).last())
        return (best.canonical or best.name or best.text) if best else None

    def link(self, folded: str, mentions: list[Mention], sentence_starts: list[int],
             when: Optional[DocumentDate] = None) -> list[Fact]:
        """Facts of one document; `when` is its date (default: found in `folded`, see periods.py)."""
        periods = [(m.start(), m.end(), m.group()) for m in self.rules.period.finditer(folded) if m.end() > m.start()]
        # 于2010年, 1997年5月撤地设市: event dates, by start (see `period`)
        after_yu = {start for start, _, _ in periods if self.rules.event_before.search(folded, max(0, start - 3), start)}
        events = after_yu | {start for start, end, _ in periods if _event_clause(folded, end)}
        cuts = PeriodCuts(Matches(folded, self.rules.event_ends), Matches(folded, self.rules.yu_ends),
                          Matches(folded, self.rules.period_breaks))
        facts = self._link(folded, mentions, sentence_starts, periods, events, after_yu, cuts)
        not_events = [p for p in periods if p[0] not in after_yu]  # a 于-date carries to no other sentence
        return self._observe(folded, facts, mentions, sentence_starts, not_events,
                             when if when is not None else self.document_date(folded))

    def _link(self, folded: str, mentions: list[Mention], sentence_starts: list[int], periods, events: set[int],
              after_yu: set[int], cuts: "PeriodCuts") -> list[Fact]:
        ends = [end for _, end, _ in periods]
        names = SentenceNames([m for m in mentions if m.type in ("org", "project")])
        # ［1］: a note's marker in square brackets measures nothing
        numeric = [m for m in mentions if m.type in ("number", "ratio")
                   and not (folded[m.start - 1:m.start] in NOTE_OPEN and folded[m.end:m.end + 1] in NOTE_CLOSE)
                   and not self._grade(folded, m) and not _in_quoted_name(folded, m)
                   and not counts_the_list_after(folded, m, self.rules)]
        facts: list[Fact] = []
        previous: Optional[tuple[Mention, Optional[str]]] = None  # last number of this sentence
        previous_left = 0  # where the text before that number began
        for mention in numeric:
            start_of_sentence = sentence_starts[mention.sentence]
            if previous is not None and previous[0].sentence != mention.sentence:
                previous = None
            left = previous[0].end if previous else start_of_sentence
            if previous is not None and previous[1] and folded.startswith(previous[1], left) \
                    and folded[left + len(previous[1]):left + len(previous[1]) + 1] in LIST_ITEM_ENDS:
                left += len(previous[1])  # 新增1个产业集群、加工企业20家: the count's noun closes its item
            found = self.period(folded, periods, ends, events, after_yu, start_of_sentence, mention, cuts)
            period = found[2] if found else None
            written = {"period_by": Decided("sentence", folded[found[0]:found[1]], found[0], found[1])} if found else {}
            owner = self.owner(folded, mention, names)
            if mention.type == "ratio":
                facts.extend(changed(f, **written) for f in self._ratio_facts(folded, mention, left, period, owner))
                previous, previous_left = (mention, None), left
                continue
            subject = self._subject(folded, mention, left, previous, names.ends(mention.sentence), start_of_sentence)
            if previous is not None and subject and self._counted_inside(folded, previous, mention):
                # 全市工业三个优势产业增加值318.6亿元: the count qualifies this figure's subject, which opens before it
                subject = self._nouns_before(self.indicator_before(folded, previous_left, previous[0].start)) + subject
            previous_left = left
            facts.append(changed(_fact(mention, mention.id, subject, mention.value, mention.value_high, period, owner), **written))
            previous = (mention, subject)
        return facts


    def _grade(self, folded: str, mention: Mention) -> bool:
        """Whether the number names a class of the noun after its 级/型 (30万吨级泊位), not a quantity."""
        mark = self.rules.grade.match(folded, mention.end)
        if mark is None and mention.unit not in self.rules.grade_units:
            return False
        if (mark and mark.group().endswith("级") and mention.unit and mention.dimension not in ("count", "percent")
                and folded.startswith("、", mark.end())):
            return True  # 30万吨级、20万吨级航道: an amount and its unit before 级, in a list of classes sharing a noun
        noun_at = mark.end() if mark else mention.end
        after = self._segmenter.tag(folded[noun_at:noun_at + 8])
        return bool(after) and after[0][1] not in self.rules.grade_not_before

    def _counted_inside(self, folded: str, previous: tuple[Mention, Optional[str]], mention: Mention) -> bool:
        """Whether the count before runs, through its counted noun and no mark, into this figure."""
        count, noun = previous
        return (count.dimension == "count" and bool(noun) and folded.startswith(noun, count.end)
                and self.rules.stops.search(folded, count.end, mention.start) is None)

    @staticmethod
    def _done_by_count(folded: str, subject: str, position: int) -> bool:
        """被国家部委推广的改革经验 of 8项改革经验被国家部委推广: a predicate after the counted noun, moved
        before it (SubjectSteps.predicate_with_object), says which members are counted and stays."""
        done, _, noun = subject.rpartition("的")
        return folded.startswith(noun, position) and folded.startswith(done, position + len(noun))

    @staticmethod
    def _ends_its_clause(folded: str, end: int) -> bool:
        """新增就业3.2万人。, 竣工85个、: a verb alone right before a figure that ends its clause names what is
        counted or measured (a verbal noun: 就业, 招生, 竣工); one acting on the figure goes on (筹措8亿元用于…)."""
        return end >= len(folded) or folded[end] in LIST_END + "、"

    def _noun_phrase(self, text: str) -> bool:
        """规上工业企业, 限额以上零售业: nouns and their modifiers only, no verb, preposition or 的."""
        return not text.endswith("的") and all(self._is_noun(word, flag) or flag in ("a", "b", "f", "j", "eng", "m", "q")
                                                for word, flag in self._segmenter.tag(text))

    def _last_quantity(self, text: str) -> Optional[str]:
        """价格 of 居民消费价格: the last word when it names a quantity (ends as 价格, 总额, 投资 do)."""
        tagged = self._segmenter.tag(text)
        word = tagged[-1][0] if len(tagged) > 1 else ""
        return word if word.endswith(QUANTITY_ENDS) else None

    def _nouns_before(self, text: str) -> str:
        """The text when it is a noun phrase (全市工业, 每千人), else nothing (推动…, 用好, 甲、乙)."""
        tagged = self._segmenter.tag(text)
        return "" if "、" in text or any(flag[:1] == "v" or flag in ("p", "c", "d") for _, flag in tagged) else text

    # --- observations: period dates, measure, region, indicator (SPEC version 2) ---

    def _observe(self, folded: str, facts: list[Fact], mentions: list[Mention], sentence_starts: list[int],
                 periods, when: DocumentDate) -> list[Fact]:
        index = self.places()
        orgs = sorted((m.start, m.end) for m in mentions if m.type == "org")
        org_starts = [s for s, _ in orgs]
        # 丹佛斯(天津)有限公司, 贵州省发改委: a place inside an org's name is the org's, not the figure's;
        # 《杭州惠企18条》 names a policy, not a place
        places = [p for p in index.find(folded, self.rules.zones) if not _inside_span(orgs, org_starts, p)
                  and not inside_title(folded, p.start) and self.stands_alone(folded, p)]
        named = NamedPlaces(places, [p.start for p in places], {p.start for p in places}, {p.end for p in places})
        sections = find_sections(folded, sentence_starts, self.rules.sections, when.year)
        # a work report's title year is the year it is delivered in, not every figure's period
        title_period = None if sections.delivered else self._title_period(folded, periods)
        title_year = int(title_period.words[:4]) if title_period is not None and YEAR.match(title_period.words) else None
        own = self.title_region(folded) or index.own_region(folded, places)
        own_name = own.name if own else self.national_title(folded)  # 全市, and a figure of no place of its own
        province_name = index.province_of(own).name if own else None  # 全省
        marks = DocumentMarks(folded)
        units = list_units(folded, places, self.rules, marks.line)
        place_names = tuple(sorted({folded[p.start:p.end] for p in places} | units, key=len, reverse=True))
        unit_names = regex.compile("|".join(map(regex.escape, sorted(units, key=len, reverse=True)))) if units else None
        carried, continues, carried_by = self._carried_periods(folded, sentence_starts, periods)
        opening = {} if sections.delivered else paragraph_periods(folded, sentence_starts, periods,
                                                                    frozenset((p.start, p.end) for p in places))
        by_id = {m.id: m for m in mentions}
        numbers = sorted((m for m in mentions if m.type == "number"), key=lambda m: m.start)
        # 比重分别下降3.1和0.4个百分点: a bare number joined to the next one shares its unit, for its measure
        shared_unit = {a.id: b.unit for a, b in zip(numbers, numbers[1:])
                       if a.unit is None and b.unit and folded[a.end:b.start] in UNIT_SHARING_JOINERS}
        named_by_end = {m.end: m for m in mentions if m.type in ("org", "project")}
        out: list[Fact] = []
        previous: Optional[tuple[Mention, Fact, Measure]] = None
        last_modality: dict[int, str] = {}  # sentence -> modality of its last figure
        plans: dict[int, bool] = {}  # sentence -> whether the plan of the one before goes on into it
        region_words = self._region_words(folded, own_name, province_name, unit_names)
        named_starts = {start for start, _ in orgs} | named.starts  # where an org or a place is named
        starts_from = self.from_values(folded, sorted({by_id[f.mention_id] for f in facts}, key=lambda m: m.start)) \
            if sections.delivered else set()
        for fact in facts:
            mention = by_id[fact.mention_id]
            sentence_start = sentence_starts[mention.sentence]
            # words of the sentence before the figure, read back at most LOOKBACK characters: a
            # sentence of a million characters costs each of its figures no more than a normal one
            near_start = max(sentence_start, mention.start - LOOKBACK)
            period, period_by = fact.period, fact.period_by
            if period is None and continues[mention.sentence]:
                period, period_by = carried[mention.sentence - 1], carried_by[mention.sentence - 1]
            if period is None and title_period is not None:
                period, period_by = title_period.words, title_period
            # the period opening the paragraph dates the figure; it is not written in its sentence
            # …; 建厂以来累计…: a span since an event is of no year the paragraph opened with
            dated_by = period if period is not None else \
                None if SINCE in folded[near_start:mention.start] else opening.get(mention.sentence)
            if period is None and dated_by is not None:
                period_by = Decided("paragraph opening", dated_by)
            if dated_by is None and sections.kind(mention.sentence):
                clause = clause_before(folded, near_start, mention.start, marks.measure_clause)
                spans = bool(self.rules.cumulative.search(folded, near_start, mention.start)
                             or self.rules.measures.no_base.search(clause)
                             or over_the_years(clause, self._segmenter.tag(clause[-CLAUSE_CHARS:].lstrip()), self.rules.sections))
                start, end = sections.dates(mention.sentence, spans)  # 累计, 年均, 建成…: over the section's years
                from_dates = sections.before_dates(mention.sentence) if mention.id in starts_from else (None, None)
                if from_dates[0] is not None:
                    start, end = from_dates  # 从4.2万元增至…: the year before
                section_dated = start is not None and not spans
                period_by = Decided("section heading") if start is not None else None
            else:
                section_dated = False
                speaks_of = when
                if dated_by and dated_by.startswith("当年"):
                    speaks_of = _that_year(folded, mention.start, when)
                elif dated_by and sections.reviewed_year(mention.sentence) and not names_its_year(dated_by):
                    speaks_of = DocumentDate(sections.reviewed_year(mention.sentence))  # 全年 in a review: the year reviewed
                elif dated_by in WHOLE_YEAR_WORDS and not sections.delivered \
                        and (in_force := year_in_force(folded, mention.start, title_year)) is not None:
                    speaks_of = DocumentDate(in_force)  # 2018年…。全年…, 2022年某区统计公报: the year the text speaks of
                elif dated_by in WHOLE_YEAR and when.reported is not None and not sections.delivered:
                    speaks_of = DocumentDate(when.reported)  # a year's bulletin written after it: its 全年 is the year reported
                start, end = resolve_period(dated_by, speaks_of)
            if start is not None:
                years = self.rules.cumulative.search(clause_before(folded, near_start, mention.start, marks.measure_clause))
                count = small_numeral(years.group("years")) if years else None
                if years and years.group().endswith("平均") and (end - start).days < 360:
                    count = None  # 1-7月两年平均增长: the same months of two years, no one span
                if count and count < 50:  # 五年累计 up to 2015年: 2011-2015
                    start = date(end.year - count + 1, 1, 1)
                averaged = AVERAGE_SINCE_BASE.search(folded, near_start, mention.start)
                if averaged and not count and (end - start).days >= 360 and int(averaged.group(1)) < start.year:
                    start = date(int(averaged.group(1)) + 1, 1, 1)  # 较2013年…年均增速… (of 2018年): 2014-2018
            same_sentence = previous is not None and previous[0].sentence == mention.sentence
            left = previous[0].end if same_sentence and previous[0].end <= mention.start else sentence_start
            part_of_year = None if start is None else (end - start).days < 360
            prior = previous[2] if same_sentence else None
            before = clause_before(folded, left, mention.start, marks.measure_clause)
            planned = _looks_ahead(folded, near_start, mention.start, when)
            measure = self._measures.classify(before, folded[near_start:mention.start], shared_unit.get(mention.id, mention.unit),
                                              mention.type == "ratio", part_of_year, prior, planned,
                                              folded[mention.end:mention.end + OPENING_WORD])
            share_reached = (prior is not None and prior.measure == "share" and measure.measure == "level"
                             and mention.unit == previous[0].unit and self.changes_from_previous(folded, previous[0].end, mention.start))
            if share_reached:  # 占比由45%提高到52%: the share reached is the same share
                measure = changed(measure, measure="share")
            if (prior is not None and measure.measure == "level" and mention.unit == previous[0].unit
                    and BRACKETED_PEER.match(folded, previous[0].end, mention.start)):
                # 下降2.5%（全省4.2%）: the same kind of figure for a peer, its way from its own sign (none written: up)
                moves = prior.measure in ("growth", "change")
                measure = changed(measure, measure=prior.measure, base=prior.base,
                                  direction=("down" if (mention.value or 0) < 0 else "up") if moves else None)
            if measure.direction == "up" and mention.value is not None and mention.value < 0:
                measure = changed(measure, direction="down")  # 增长-12.5%, 增速为-2%: a fall written as a negative rise
                fact = changed(fact, value=-fact.value, value_high=None if fact.value_high is None else -fact.value_high)
            if section_dated and measure.measure in ("growth", "change"):
                start, end = sections.dates(mention.sentence, True)  # 五年来…增长1.7倍: a change over the plan's years
            clause_start = mention.start - len(before)
            modality_by = self._modality_by(folded, measure, clause_start, near_start, mention.start, planned)
            reviewed = sections.reviewed_year(mention.sentence)
            # one answer for both questions below: a plan word inside a word (计划单列市) plans nothing anywhere,
            # and in a review neither does a name's or a won sum's (人才计划入选者, 争取)
            clause_plans = self._plans(folded, clause_start, mention.start, reviewed,
                                       when.day.year if when.day is not None else None)
            if (modality_by.words is not None and modality_by.start is not None and modality_by.start >= clause_start
                    and not clause_plans and not self.rules.measures.target_sentence.search(folded, near_start, mention.start)):
                measure, modality_by = changed(measure, modality="actual", governs=False), Decided("no plan word")
            if (measure.modality == "actual" and previous is not None and previous[1].modality == "target"
                    and mention.sentence == previous[0].sentence + 1 and _after_semicolon(folded, sentence_start)
                    and not self.rules.measures.actual.search(folded, near_start, mention.start)):
                measure = changed(measure, modality="target")  # …年度计划投资300亿元；资金来源为公共预算280亿元
                modality_by = Decided("plan goes on from sentence", sentence=mention.sentence - 1)
            if (measure.modality == "actual" and sections.sets_targets(mention.sentence)
                    and (end is None or end.year >= sections.delivered)):
                measure = changed(measure, modality="target")  # a work report's targets section, unless dated before
                modality_by = Decided("section heading")
            if mention.sentence not in plans:
                plans[mention.sentence] = self._plan_goes_on(folded, mention.sentence, sentence_starts, continues,
                                                             last_modality, named_starts)
            if (measure.modality == "actual" and fact.period is None and plans[mention.sentence]
                    and not self.rules.measures.actual.search(folded, near_start, mention.start)):
                measure = changed(measure, modality="target")  # 深圳还将推动…。开工建设5个…项目: the plan goes on
                modality_by = Decided("plan goes on from sentence", sentence=mention.sentence - 1)
            if measure.modality == "target" and reviewed and not clause_plans:
                measure = changed(measure, modality="actual")  # a review reports what was done: a plan word elsewhere in the sentence is not this figure's
                modality_by = Decided("no plan word")
            if mention.id in starts_from and measure.modality == "target" and end is not None and end.year < (sections.delivered or 0):
                measure = changed(measure, modality="actual")  # 力争从2.4%提高到2.6%: where it stands now is no target
                modality_by = Decided("section heading")
            last_modality[mention.sentence] = measure.modality
            if (start is None and period is None and measure.modality == "target" and fact.owner is None
                    and when.year is not None and not self.rules.period_breaks.search(folded, near_start, mention.start)):
                # a region's plan figure with no date of its own is for the year the plan is written in
                # (新增高新技术企业500家); an org's plan or a figure after 投产后 stays undated
                start, end = date(when.year, 1, 1), date(when.year, 12, 31)
                period_by = Decided("document date", str(when.year))
            near = previous is not None and mention.sentence - previous[0].sentence <= 1
            subject = fact.subject or _name_right_before(folded, mention.start, named_by_end)
            if measure.measure == "level" and mention.unit == "%" and folded.startswith("的", mention.end):
                whole = self.nouns_at(folded, mention.end + 1)
                if whole:  # 全县65%的人口居住在城镇: a share of the population
                    measure, subject = changed(measure, measure="share"), whole
                    fact = changed(fact, subject=whole)
            if subject and self.rules.indicator.noun_after.search(subject):
                subject = _without_kind(self.counted_noun(folded, mention), self.rules.noun_kind) or subject
            if subject and "的" in subject and not self._done_by_count(folded, subject, mention.end):
                subject = self._without_relative_clause(subject)
            indicator = indicator_name(subject, self.rules.indicator, place_names, measure.measure,
                                       previous[1].indicator if near else None,
                                       _heading(folded, sentence_start, mention.start, marks), mention.unit == "%",
                                       counted=bool(subject) and folded.startswith(subject, mention.end),
                                       noun_phrase=self._noun_phrase, word_ends_at=self._word_ends_at, preposition=self._preposition)
            if (indicator and self._ends_in_verb(indicator) and len(self._segmenter.tag(indicator)) == 1
                    and not (len(indicator) > 1 and self._ends_its_clause(folded, mention.end))):
                indicator = None  # 筹措8亿元用于…: a verb alone acting on the figure names no indicator
            if (measure.measure == "level" and mention.dimension in self.rules.indicator.price_dimensions and indicator
                    and not indicator.endswith(QUANTITY_ENDS)):
                indicator += self.rules.indicator.price_word  # 鸡蛋9.3元/公斤: the price of eggs
            elif near and indicator and previous[1].indicator == indicator + self.rules.indicator.price_word:
                indicator = previous[1].indicator  # 鸡蛋9.3元/公斤，同比上涨3%: the price rose
            if near and measure.measure in ("growth", "level", "change") and mention.dimension != "count":
                indicator = with_quantity(indicator, previous[1].indicator, self._last_quantity, self.rules.indicator.growth_suffix)  # 制造业增长6.4%
            if near and measure.measure in ("level", "growth"):  # a sentence may end at ； (…；实现利润总额…)
                indicator = with_owner(indicator, previous[1].indicator, lambda text: len(self._segmenter.tag(text)), folded[previous[0].end:mention.start])
            if (measure.measure == "share" and same_sentence and before.lstrip(" ，,、").startswith("占")
                    and not before.lstrip(" ，,、").startswith("占比") and not (indicator or "").endswith(SHARE_NAMES)):
                indicator = previous[1].indicator  # 竣工面积52万平方米，占住房竣工面积的31.5%: the part is the figure before's
            if share_reached:
                indicator = previous[1].indicator
            if (same_sentence and measure.measure == "change" and mention.unit == "pp" and previous[2].measure == "growth"
                    and indicator and indicator == previous[1].indicator):
                indicator += self.rules.indicator.rate_word  # 增长41.1%，较上年提高12.28个百分点: the growth rate moved
            if (measure.measure == "level" and mention.dimension in self.rules.indicator.size_dimensions
                    and not (indicator and self._noun_phrase(indicator) and self._segmenter.tag(indicator)[-1][1] != "m")):
                words = list(self._segmenter.tag(self.nouns_at(folded, mention.end) or ""))
                while words and (words[-1][1] == "vn" or not self._is_noun(*words[-1])):
                    words.pop()  # 机组并网发电: what is sized ends in a noun, not in what is done with it
                sized = "".join(word for word, _ in words)
                if sized and len(sized) > 1:  # 建设30万千瓦风电场: the wind farm's size, not 建设 nor nothing
                    indicator = sized + self.rules.indicator.size_word
            if indicator and indicator == subject and mention.dimension != "count":
                indicator = self._in_topic(folded, sentence_start, mention.start, indicator)
            if indicator is None and mention.dimension == "count":
                among = self.rules.among.match(folded, sentence_start, min(mention.start, sentence_start + SHORT_REACH))
                if among and among.end() <= mention.start:
                    indicator = among.group("set")  # 全省十佳旅游城市中，本市就占3个: members of the named set
            region, region_by = self._region(folded, mention, left, previous[1].region if same_sentence else None,
                                             named, own_name, marks, region_words)
            fact = changed(fact, period=period, period_start=start and start.isoformat(), period_end=end and end.isoformat(),
                           measure=measure.measure, direction=measure.direction, base=measure.base,
                           modality=measure.modality, indicator=indicator, region=region, region_code=index.code_of(region),
                           period_by=period_by, region_by=region_by, modality_by=modality_by)
            out.append(fact)
            previous = (mention, fact, measure)
        return respective_figures(folded, out, by_id, self.rules.indicator.rate_word, tag=self._segmenter.tag)

    def _in_topic(self, folded: str, sentence_start: int, position: int, indicator: str) -> str:
        """煤炭生产方面，…产量13亿吨: a quantity named by one word alone, in a sentence opening with its topic,
        measures the topic's noun (its first, with the modifiers before it); else the indicator as it is."""
        topic = self.rules.indicator.topic.match(folded, sentence_start, min(position, sentence_start + SHORT_REACH))
        if topic is None or len(indicator) > 2 or len(self._segmenter.tag(indicator)) != 1:
            return indicator
        words = []
        for word, flag in self._segmenter.tag(topic.group("topic")):
            if flag[:1] == "n" and flag != "vn":
                return "".join(words) + word + indicator
            if flag not in ("a", "b"):
                break
            words.append(word)
        return indicator
