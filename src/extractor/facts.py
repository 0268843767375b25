"""Link stage: each number -> a Fact with its subject, period and owner (rules/facts.yaml).

Works on one document's folded text and its mentions; reads nothing else and changes no
mention. Heuristics, each in one function, in the order a reader resolves them:
subject (counted noun after a measure word, else the indicator phrase before the number,
else the subject of the number it changes from), period (nearest time expression before,
in the sentence), owner (nearest org or project before, in the sentence or the one before).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Optional

import regex

from .fact_rules import FactRules
from .indicator import indicator_name
from .list_units import list_units
from .marks import Marks, Matches, mark_positions
from .measure import CLAUSE_MARKS as MEASURE_CLAUSE_MARKS
from .measure import Measure, MeasureClassifier, clause_before
from .model import Fact, Mention, changed
from .periods import YEAR, small_numeral, DocumentDate, after_closed_years, document_date, inside_title, resolve_period
from .regions import Place, PlaceIndex
from .segment import Segmenter

QUOTES = str.maketrans("", "", "“”\"'‘’")
ITEM_MARKS = "。；;!?！？\n"  # end a list item (株洲市…，完成71.2%；岳阳市…)
CLAUSE_MARKS = "，,：:、"
PIECE_MARKS = "，,、；;"  # end the last piece of a colon heading
LIST_END = "，,；;。：:\n"  # end the figures of a 分别 list
ENUMERATION = ("等", "、", "和", "及")
HEADING_WINDOW = 2000  # characters looked back for a list's colon heading or 当年's year (bounded: large files)
TITLE_MAX = 60  # characters: a longer first line is a paragraph, not a title
WINDOW_AFTER = 12  # characters after a count that may hold the counted noun
# Every match at a position gets an end bound: `regex` looks ahead for a pattern's required
# literal (the 中 of X中，) through the rest of the text, which made each figure cost O(text).
SHORT_REACH = 40  # characters a short pattern at a position may span (X中，, 的销售额, 之一)
OPENING_REACH = 80  # characters of a sentence's opening, indent included, for its continuation word
LOOKBACK = 400  # characters of a sentence read back from a figure for its plan words, event words, horizon
RESPECTIVE_WINDOW = 120  # characters around a figure searched for its 分别 list
EVENT_GAP = 3  # characters between a figure and the 于-date of its event (600MW将于2010年)
OPENING_WORD = 6  # characters of a sentence's start read past its indent
SHARED_HEAD_WINDOW = 30  # characters after a count searched for the head noun its list shares
LISTED_WINDOW = 30  # characters after a counted noun searched for the rest of its list
LISTED_END = ("，", ",", "。", "；", ";", "：", ":", "(", "（", "\n")
NOUN_JOINERS = ("、", "和", "及", "与")
EVENT_CLAUSE = 40  # characters of a period's clause read for its event (bounded: no clause mark in a long run)


class FactLinker:
    """Builds facts for one document at a time; POS tags come from the shared Segmenter."""

    def __init__(self, rules: FactRules, segmenter: Segmenter) -> None:
        self.rules = rules
        self._segmenter = segmenter
        self._measures = MeasureClassifier(rules.measures, rules.period_tail)
        self._places: Optional[PlaceIndex] = None  # the division table, loaded on first use

    # --- the three questions ---

    def period(self, folded: str, periods: list[tuple[int, int, str]], ends: list[int], events: set[int],
               after_yu: set[int], sentence_start: int, mention: Mention, cuts: "PeriodCuts") -> Optional[str]:
        """The last time expression ending before the number in its sentence (periods are sorted
        and do not overlap, so their ends are sorted too: bisect, not a scan). An event's date
        (`events`: 于2010年完成, 2019年8月撤县设区) reaches no further than a word of another time
        (此次, 现辖); a 于-date also dates the figure right before it (600MW于2010年建成); an event
        word between (投产后) ends any period's reach."""
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
        return found[2].translate(QUOTES) if found else None

    def counted_noun(self, folded: str, mention: Mention) -> Optional[str]:
        """4.2万个机架能力 -> 机架: nouns right after a measure word, up to the first non-noun;
        a money noun after the count (12个项目总投资超2亿元) is the next figure's subject, not this one's."""
        noun = self.nouns_at(folded, mention.end)
        if noun is None:  # 8个列入省级示范区的县: a clause with 的 before the counted noun
            clause = self.rules.counted_relative.match(folded, mention.end, mention.end + SHORT_REACH)
            head = self.nouns_at(folded, clause.end()) if clause else None
            if head:
                return folded[mention.end:clause.end()] + head
        return self._listed_nouns(folded, mention.end, noun) if noun else self._shared_head(folded, mention)

    def _listed_nouns(self, folded: str, start: int, noun: str) -> str:
        """4个镇、街道、园区 and 2个国家森林公园和国家湿地公园: a count of a list of nouns
        counts them all; 2万台闸阀、截止阀和隔膜阀等核级阀门 counts the kind after 等."""
        position = start + len(noun)
        if not folded.startswith(NOUN_JOINERS, position):
            return noun
        end = _first_mark(folded, LISTED_END, position, position + LISTED_WINDOW)
        rest = folded[position:end]
        if end < 0 or any(ch.isdigit() for ch in rest):
            return noun  # another count follows: the list is of figures, not of nouns
        for word, flag in self._segmenter.tag(rest):
            if not (self._is_noun(word, flag) or flag in ("", "c", "u", "x", "b")):
                return noun  # a verb: the clause goes on
        kind = rest.rsplit("等", 1)[1] if "等" in rest else ""
        return kind or noun + rest

    def nouns_at(self, folded: str, position: int) -> Optional[str]:
        """The noun phrase that starts at `position` (机架 of 4.2万个机架能力), or None."""
        window = folded[position : position + WINDOW_AFTER]
        words = []
        tagged = self._segmenter.tag(window)
        graded = False
        for i, (word, flag) in enumerate(tagged):
            following = tagged[i + 1] if i + 1 < len(tagged) else None
            flag = flag or "n"  # a word of the entity lexicon (工业项目) has no tag: a name's head, a noun
            if graded or (flag == "eng" and following is not None and following[0] == "级" and words):
                graded = not graded  # 国家4A级旅游区: a grade inside the name, 4A then 级
                words.append(word)
                continue
            if word in self.rules.money_words or (flag == "b" and following and following[0] in self.rules.money_words):
                break
            # a one-character verb or an adjective may open the phrase when a noun follows (1166个驻企工作组, 2个优秀旅游县)
            lead = (i == 0 and self.rules.noun_lead_verb and ((flag == "v" and len(word) == 1) or flag == "a")
                    and following is not None and self._is_noun(*following))
            if not self._is_noun(word, flag) and not lead:
                break
            words.append(word)
        while words and words[-1] in self.rules.noun_generic:
            words.pop()
        return "".join(words) or None

    def _is_noun(self, word: str, flag: str) -> bool:
        """A noun by its tag, or one of the nouns jieba tags as a morpheme (县, 村)."""
        return flag in self.rules.noun_tags or word in self.rules.noun_words

    def _without_relative_clause(self, subject: str) -> str:
        """本次集中签约的重点项目 -> 重点项目, 真实的服务业 -> 服务业: what a verb or an adjective
        before 的 says of the noun is not its name; 制造业的总产值 keeps its noun before 的."""
        before, _, after = subject.rpartition("的")
        tagged = self._segmenter.tag(before) if after and "占" not in before else []  # 在GDP中所占的比重: a share
        return after if tagged and tagged[-1][1][:1] in ("v", "a", "d") else subject  # 真实 is tagged d as well

    def _shared_head(self, folded: str, mention: Mention) -> Optional[str]:
        """3个百亿级、8个五十亿以上重大产业项目: counts that qualify one head noun share it; the
        clause after the count holds only figures, measure words and modifiers up to that head."""
        end = _first_mark(folded, LIST_END, mention.end, mention.end + SHARED_HEAD_WINDOW)
        if end < 0:
            return None
        head: list[tuple[str, str]] = []
        for word, flag in self._segmenter.tag(folded[mention.end:end]):
            if self._is_noun(word, flag) or flag in ("a", ""):
                head.append((word, flag))
            elif flag in ("m", "q", "f") or word in "、和及与":
                head = []  # another count or its measure word: the head comes later
            else:
                return None  # a verb: the clause goes on about something else
        if not any(self._is_noun(word, flag) or flag == "" for word, flag in head):
            return None  # modifiers only
        return "".join(word for word, _ in head)

    def indicator_before(self, folded: str, left: int, position: int, entities: tuple = ()) -> str:
        """规模以上工业企业达到 -> 规模以上工业企业: the phrase before the number, minus link
        words; an org or project name it starts with is the owner, not the subject."""
        # an org or project the subject opens with is the figure's owner (中国电信京津冀大数据基地是…); one
        # that runs straight into a noun names a kind (安排市政府投资项目420个 -> 市政府投资项目)
        left = max([left] + [e.end for e in entities if left <= e.end <= position
                             and not self._runs_into_noun(folded, e.end, position)])
        text = folded[left:position]
        stops = list(self.rules.stops.finditer(text))
        last = len(stops) - 1
        # 海外侨胞、港澳同胞超过30万人 and 甲类产品和乙类产品各占50%: one subject of several nouns
        distributive = bool(self.rules.distributive.search(text))
        while last >= 0 and (stops[last].group() == "、" or (distributive and stops[last].group() in NOUN_JOINERS)):
            segment = text[stops[last - 1].end() if last > 0 else 0 : stops[last].start()]
            if not segment or any(ch.isdigit() for ch in segment):
                break  # …500家、国家级企业100家: the items of a list of figures
            last -= 1
        if last >= 0:
            text = text[stops[last].end() :]
        whole = text
        changed = True
        while changed and text:
            changed = False
            for pattern in (self.rules.period_tail, self.rules.link_tail, self.rules.subject_tail):
                found = pattern.search(text)
                if found and found.start() < len(text):
                    text, changed = text[: found.start()], True
        if self.rules.bare_subject.fullmatch(text):
            text = whole  # 年度计划完成2241亿元: the link word names the figure, not 年度计划 alone
        while True:
            found = (self.rules.scope_head.match(text) or self.rules.link_head.match(text)
                     or self.rules.period.match(text))
            if not found or found.end() >= len(text) - 1:  # never down to a bare suffix (完成率 -> 率)
                break
            text = text[found.end() :]
        return text.strip()

    def _runs_into_noun(self, folded: str, end: int, position: int) -> bool:
        """Whether the name ending at `end` is followed by a noun (not a verb: 莱克电气投资15亿元)."""
        if end >= position:
            return False
        tagged = self._segmenter.tag(folded[end:min(position, end + OPENING_WORD)])
        if not tagged:
            return False
        first = tagged[0][1]
        # 投资项目: a verbal noun before a noun is a noun compound; 投资15亿元 is the verb
        return (first[:1] == "n" and first != "nr") or (first == "vn" and len(tagged) > 1 and tagged[1][1][:1] == "n")

    def changes_from_previous(self, folded: str, left: int, position: int) -> bool:
        """由40家 | 增加至目前的 | 101家: the text between two numbers is a change verb."""
        between = folded[left:position]
        found = self.rules.period_tail.search(between)
        if found and found.start() < len(between):
            between = between[: found.start()]
        return bool(self.rules.change.match(between))

    def owner(self, folded: str, mention: Mention, by_sentence: dict[int, list[Mention]]) -> Optional[str]:
        here = [e for e in by_sentence.get(mention.sentence, ()) if e.end <= mention.start]
        before = by_sentence.get(mention.sentence - 1, [])
        for group in (here, before):
            usable = [e for e in group if self.rules.owner_followed_by.match(folded[e.end : e.end + 8])]
            if usable:
                best = max(usable, key=lambda e: (e.end, e.type == "project", e.end - e.start))
                return best.canonical or best.name or best.text
        return None

    # --- the document ---

    def document_date(self, folded: str, year: Optional[int] = None) -> DocumentDate:
        """When the text was written (periods.document_date), after any year it reports as ended."""
        return after_closed_years(document_date(folded, year), folded, self.rules.closed_year,
                                  self.rules.measures.target_clause)

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
        by_sentence: dict[int, list[Mention]] = {}  # orgs and projects, looked up per sentence
        for m in mentions:
            if m.type in ("org", "project"):
                by_sentence.setdefault(m.sentence, []).append(m)
        numeric = [m for m in mentions if m.type in ("number", "ratio")]
        facts: list[Fact] = []
        previous: Optional[tuple[Mention, Optional[str]]] = None  # last number of this sentence
        for mention in numeric:
            start_of_sentence = sentence_starts[mention.sentence]
            if previous is not None and previous[0].sentence != mention.sentence:
                previous = None
            left = previous[0].end if previous else start_of_sentence
            period = self.period(folded, periods, ends, events, after_yu, start_of_sentence, mention, cuts)
            owner = self.owner(folded, mention, by_sentence)
            if mention.type == "ratio":
                facts.extend(self._ratio_facts(folded, mention, left, period, owner))
                previous = (mention, None)
                continue
            subject = self._subject(folded, mention, left, previous, by_sentence.get(mention.sentence, []),
                                    start_of_sentence)
            facts.append(_fact(mention, mention.id, subject, mention.value, mention.value_high, period, owner))
            previous = (mention, subject)
        return facts

    # --- observations: period dates, measure, region, indicator (SPEC version 2) ---

    def places(self) -> PlaceIndex:
        if self._places is None:
            self._places = PlaceIndex()
        return self._places

    def _observe(self, folded: str, facts: list[Fact], mentions: list[Mention], sentence_starts: list[int],
                 periods, when: DocumentDate) -> list[Fact]:
        index = self.places()
        orgs = sorted((m.start, m.end) for m in mentions if m.type == "org")
        org_starts = [s for s, _ in orgs]
        # 丹佛斯(天津)有限公司, 贵州省发改委: a place inside an org's name is the org's, not the figure's;
        # 《天津惠企21条》 names a policy, not a place
        places = [p for p in index.find(folded, self.rules.zones) if not _inside_span(orgs, org_starts, p)
                  and not inside_title(folded, p.start)]
        named = NamedPlaces(places, [p.start for p in places], {p.start for p in places}, {p.end for p in places})
        title_period = self._title_period(folded, periods)
        own = index.own_region(folded, places)
        marks = DocumentMarks(folded)
        units = list_units(folded, places, self.rules, marks.line)
        place_names = tuple(sorted({folded[p.start:p.end] for p in places} | units, key=len, reverse=True))
        unit_names = regex.compile("|".join(map(regex.escape, sorted(units, key=len, reverse=True)))) if units else None
        carried, continues = self._carried_periods(folded, sentence_starts, periods)
        by_id = {m.id: m for m in mentions}
        named_by_end = {m.end: m for m in mentions if m.type in ("org", "project")}
        out: list[Fact] = []
        previous: Optional[tuple[Mention, Fact, Measure]] = None
        last_modality: dict[int, str] = {}  # sentence -> modality of its last figure
        plans: dict[int, bool] = {}  # sentence -> whether the plan of the one before goes on into it
        region_words = self._region_words(folded, own, unit_names)
        named_starts = {start for start, _ in orgs} | named.starts  # where an org or a place is named
        for fact in facts:
            mention = by_id[fact.mention_id]
            sentence_start = sentence_starts[mention.sentence]
            # words of the sentence before the figure, read back at most LOOKBACK characters: a
            # sentence of a million characters costs each of its figures no more than a normal one
            near_start = max(sentence_start, mention.start - LOOKBACK)
            period = fact.period
            if period is None and continues[mention.sentence]:
                period = carried[mention.sentence - 1]
            if period is None:
                period = title_period
            start, end = resolve_period(period, _that_year(folded, mention.start, when) if period and period.startswith("当年") else when)
            if start is not None:
                years = self.rules.cumulative.search(clause_before(folded, near_start, mention.start, marks.measure_clause))
                count = small_numeral(years.group("years")) if years else None
                if count and count < 50:  # 五年累计 up to 2015年: 2011-2015
                    start = date(end.year - count + 1, 1, 1)
            same_sentence = previous is not None and previous[0].sentence == mention.sentence
            left = previous[0].end if same_sentence and previous[0].end <= mention.start else sentence_start
            part_of_year = None if start is None else (end - start).days < 360
            prior = previous[2] if same_sentence else None
            measure = self._measures.classify(clause_before(folded, left, mention.start, marks.measure_clause),
                                              folded[near_start:mention.start],
                                              mention.unit, mention.type == "ratio", part_of_year, prior,
                                              _looks_ahead(folded, near_start, mention.start, when))
            if (measure.modality == "actual" and previous is not None and previous[1].modality == "target"
                    and mention.sentence == previous[0].sentence + 1 and _after_semicolon(folded, sentence_start)
                    and not self.rules.measures.actual.search(folded, near_start, mention.start)):
                measure = changed(measure, modality="target")  # …年度计划投资300亿元；资金来源为公共预算280亿元
            if mention.sentence not in plans:
                plans[mention.sentence] = self._plan_goes_on(folded, mention.sentence, sentence_starts, continues,
                                                             last_modality, named_starts)
            if (measure.modality == "actual" and fact.period is None and plans[mention.sentence]
                    and not self.rules.measures.actual.search(folded, near_start, mention.start)):
                measure = changed(measure, modality="target")  # 深圳还将推动…。开工建设5个…项目: the plan goes on
            last_modality[mention.sentence] = measure.modality
            if (start is None and period is None and measure.modality == "target" and fact.owner is None
                    and when.year is not None and not self.rules.period_breaks.search(folded, near_start, mention.start)):
                # a region's plan figure with no date of its own is for the year the plan is written in
                # (新增高新技术企业500家); an org's plan or a figure after 投产后 stays undated
                start, end = date(when.year, 1, 1), date(when.year, 12, 31)
            near = previous is not None and mention.sentence - previous[0].sentence <= 1
            subject = fact.subject or _name_right_before(folded, mention.start, named_by_end)
            if measure.measure == "level" and mention.unit == "%" and folded.startswith("的", mention.end):
                whole = self.nouns_at(folded, mention.end + 1)
                if whole:  # 全县65%的人口居住在城镇: a share of the population
                    measure, subject = changed(measure, measure="share"), whole
                    fact = changed(fact, subject=whole)
            if subject and self.rules.indicator.noun_after.search(subject):
                subject = _without_kind(self.counted_noun(folded, mention), self.rules.noun_kind) or subject
            if subject and "的" in subject:
                subject = self._without_relative_clause(subject)
            indicator = indicator_name(subject, self.rules.indicator, place_names, measure.measure,
                                       previous[1].indicator if near else None,
                                       _heading(folded, sentence_start, mention.start, marks), mention.unit == "%")
            if indicator is None and mention.dimension == "count":
                among = self.rules.among.match(folded, sentence_start, min(mention.start, sentence_start + SHORT_REACH))
                if among and among.end() <= mention.start:
                    indicator = among.group("set")  # 全省十佳旅游城市中，本市就占3个: members of the named set
            fact = changed(fact, period=period, period_start=start and start.isoformat(), period_end=end and end.isoformat(),
                           measure=measure.measure, direction=measure.direction, base=measure.base,
                           modality=measure.modality, indicator=indicator,
                           region=self._region(folded, mention, left, previous[1].region if same_sentence else None,
                                               named, own, marks, region_words))
            out.append(fact)
            previous = (mention, fact, measure)
        return out

    def _plan_goes_on(self, folded: str, sentence: int, sentence_starts: list[int], continues: list[bool],
                      last_modality: dict[int, str], named_starts: set[int]) -> bool:
        """Whether the sentence before was a plan (its last figure a target, or a plan word with no
        figure: 深圳还将全力推动…。) and this one goes on with it: it opens with 同时/此外, or in the
        same paragraph without a name of its own at its start (加大…投资力度，开工建设5个…);
        莱克电气公司由…投资15亿元 opens with another subject and states what is."""
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

    def _carried_periods(self, folded: str, sentence_starts: list[int], periods) -> tuple[list[Optional[str]], list[bool]]:
        """Per sentence, the period that a following 其中/同时/此外 sentence continues (its own
        last period, or the one it continued itself), and whether the sentence continues the one
        before: it opens with such a word, follows a ；, or is an item of a list that a sentence
        ending in ： opened (三大领域：…其中，产业类项目180个…基础设施类项目205个…)."""
        last: dict[int, str] = {}
        ends = sentence_starts[1:] + [len(folded) + 1]
        sentence = 0
        for start, _, text in periods:
            while start >= ends[sentence]:
                sentence += 1
            last[sentence] = text.translate(QUOTES)
        carried: list[Optional[str]] = []
        continues: list[bool] = []
        in_list = False  # inside the items of a list opened by a sentence ending in ：
        for i, begin in enumerate(sentence_starts):
            end = ends[i] if ends[i] <= len(folded) else len(folded)
            continues.append(i > 0 and (in_list or self._continues(folded, begin)))
            if i in last:
                carried.append(last[i])
            elif continues[i]:
                carried.append(carried[i - 1])
            else:
                carried.append(None)
            opens_list = folded[begin:end].rstrip().endswith(("：", ":"))
            in_list = opens_list or (in_list and i not in last)
        return carried, continues

    @staticmethod
    def _title_period(folded: str, periods) -> Optional[str]:
        """1—9月全市重大项目推进情况: the period a title line gives every figure
        below it that names none of its own."""
        line_end = folded.find("\n")
        first = folded[: line_end if line_end >= 0 else len(folded)]
        if not first.strip() or len(first) > TITLE_MAX or any(mark in first for mark in "。；;"):
            return None
        inside = [text for start, end, text in periods if end <= len(first)]
        return inside[0].translate(QUOTES) if inside else None

    def _continues(self, folded: str, sentence_start: int) -> bool:
        """Whether a sentence goes on with the one before: it opens with 其中/同时/此外, or the
        one before ended with ；(a list of figures of one period)."""
        return (self.rules.continuation.match(folded, sentence_start, sentence_start + OPENING_REACH) is not None
                or _after_semicolon(folded, sentence_start))

    def _region_words(self, folded: str, own, units: Optional[regex.Pattern]) -> "RegionWords":
        """Where the text names a region by a word (全区, 全省, 全国) or by a list unit (前海), once
        per document: (start, end, the region's name), in text order."""
        hits = []
        for pattern, name in ((units, own.name if own else None),  # 前海 listed beside 佛山市: a unit of the document's region
                              (self.rules.own_region, own.name if own else None),
                              (self.rules.province_words, self.places().province_of(own).name if own else None),
                              (self.rules.country_words, self.rules.country_name)):
            if pattern is not None and name:
                hits += [(found.start(), found.end(), name) for found in pattern.finditer(folded)]
        hits.sort()
        return RegionWords(hits, [start for start, _, _ in hits])

    def _region(self, folded: str, mention: Mention, left: int, previous: Optional[str],
                named: "NamedPlaces", own, marks: DocumentMarks, words: "RegionWords") -> Optional[str]:
        """The place of the number's list entry: from `left` (its sentence's start, or the number
        before it in the same list item, since a number closes an entry), the first place or
        own-region word of the nearest clause naming one (浙江省决定对淳安等8个县 -> 浙江省); with
        none, the region of the number before in the item (株洲市…180亿元，完成71.2%), else the
        document's own region. Places in brackets belong to the entry before (…县（连城县）、1个)."""
        index = self.places()
        item = max(left, marks.item.last(left, mention.start) + 1)
        # 淳安等8个县, 现辖甲区、乙市和丙县…: members of an enumeration are examples, not the figure's place
        starts, ends = named.starts, named.ends
        first = bisect_left(named.offsets, item)
        last = bisect_left(named.offsets, mention.start)
        hits = [(p.start, p.division.name) for p in named.places[first:last]
                if not folded.startswith("等", p.end) and not _in_brackets(folded, item, p.start)
                and not folded.startswith("、", p.end)
                and not (folded.startswith(ENUMERATION, p.end) and p.end + 1 in starts)
                and not (folded[p.start - 1:p.start] in ENUMERATION and p.start - 1 in ends)
                and not self.rules.ranking_frame.match(folded, p.end, p.end + SHORT_REACH)
                and not self.rules.category_before.search(folded, max(0, p.start - 3), p.start)]
        low, high = bisect_left(words.starts, item), bisect_left(words.starts, mention.start)
        hits += [(start, name) for start, end, name in words.hits[low:high] if end <= mention.start]
        if not hits:
            if previous is not None and item == left:
                return previous
            return own.name if own else None
        nearest = max(hits)[0]
        clause = max(item, marks.clause.last(item, nearest) + 1)
        return min(h for h in hits if h[0] >= clause)[1]

    def respective_item(self, folded: str, mention: Mention, sentence_start: int) -> Optional[str]:
        """交通、教育、科技行业分别完成18亿元、16亿元和7亿元: the k-th item before 分别 names the
        k-th figure after it, when there are as many items as figures (else None)."""
        near = max(sentence_start, mention.start - RESPECTIVE_WINDOW)  # bounded: lists are short
        at = folded.rfind(self.rules.respectively, near, mention.start)
        if at < 0:
            return None
        after = at + len(self.rules.respectively)
        if any(mark in folded[after:mention.start] for mark in LIST_END):
            return None  # a later clause than the list's
        reach = min(len(folded), mention.end + RESPECTIVE_WINDOW)
        end = _first_mark(folded, LIST_END, mention.end, reach)
        end = end if end >= 0 else reach
        rank = len(self.rules.respective_joiners.findall(folded, after, mention.start))
        total = rank + 1 + len(self.rules.respective_joiners.findall(folded, mention.end, end))
        begin = max(near, max(folded.rfind(mark, near, at) for mark in CLAUSE_MARKS if mark != "、") + 1)
        listed = folded[begin:at]
        for pattern, names in self.rules.ratio_labels:  # 第一、二、三产业增加值: the ordinal list's own names
            found = pattern.search(listed)
            if found and len(names) == total:
                return names[rank] + listed[found.end():]
        items = self.rules.respective_items.split(listed)
        if len(items) != total:
            items = self.rules.respective_joiners.split(listed)
        if len(items) != total or total < 2 or not all(items):
            return None
        words = [word for word, _ in self._segmenter.tag(items[-1])]
        shared = words[-1] if len(words) > 1 else ""
        item = items[rank] if not shared or items[rank].endswith(shared) else items[rank] + shared
        return self.rules.category_tail.sub("", item) or item

    def _subject(self, folded: str, mention: Mention, left: int, previous, entities: list[Mention],
                 sentence_start: int) -> Optional[str]:
        if previous is not None and self.changes_from_previous(folded, left, mention.start):
            return previous[1]  # 由40家增加至目前的101家: one fact per side, one subject
        item = self.respective_item(folded, mention, sentence_start)
        if item:
            return item
        if mention.dimension == "count" and mention.unit and not mention.unit.isascii():
            noun = self.counted_noun(folded, mention)
            if noun:
                return noun
        if mention.dimension == "money" or mention.unit is None:  # 70亿的销售额: a bare amount names its noun too
            found = self.rules.money_noun.match(folded, mention.end, mention.end + SHORT_REACH)
            if found:
                return found.group("noun")
        subject = self.indicator_before(folded, left, mention.start, tuple(entities))
        if subject:
            return subject
        between = folded[left : mention.start]
        if folded.startswith("的", mention.end):
            return None  # 超过5亿元的项目有6个: a threshold of the noun after, not a figure of the one before
        if previous is not None and between and not self.rules.stops.search(between.lstrip(",，")):
            return previous[1]  # 地区生产总值1234亿元,比上年增长6.5%: the same indicator
        return None

    def _ratio_facts(self, folded: str, ratio: Mention, left: int, period, owner) -> list[Fact]:
        context = folded[max(0, ratio.start - 60) : ratio.start]
        labels: tuple[str, ...] = ()
        for pattern, names in self.rules.ratio_labels:
            if pattern.search(context) and len(names) == len(ratio.values or ()):
                labels = names
                break
        subject = self.indicator_before(folded, left, ratio.start) or None
        return [
            _fact(ratio, f"{ratio.id}:{i}", labels[i] if labels else subject, value, None, period, owner)
            for i, value in enumerate(ratio.values or ())
        ]


LIST_NUMBER = regex.compile(r"^\s*[(（]?[0-9一二三四五六七八九十]{1,3}[)）.．、]\s*")


AHEAD = regex.compile(r"(?:到|至|力争|争取|预计|计划)((?:19|20)[0-9]{2})年")


@dataclass(frozen=True)
class PeriodCuts:
    """Where a document writes the words that end a period's reach (see FactLinker.period)."""

    event_ends: Matches  # 现辖, 如今
    yu_ends: Matches  # 此次
    breaks: Matches  # 投产后


@dataclass(frozen=True)
class RegionWords:
    """A document's region words and units, in text order, with their starts for bisecting."""

    hits: list[tuple[int, int, str]]
    starts: list[int]


class DocumentMarks:
    """A document's punctuation, indexed once: the clause and item bounds every figure looks up."""

    def __init__(self, folded: str) -> None:
        every = mark_positions(folded, MEASURE_CLAUSE_MARKS + CLAUSE_MARKS + ITEM_MARKS + PIECE_MARKS)
        self.measure_clause = Marks(folded, MEASURE_CLAUSE_MARKS, every)  # clause_before's bounds
        self.clause = Marks(folded, CLAUSE_MARKS, every)
        self.item = Marks(folded, ITEM_MARKS, every)
        self.line = Marks(folded, "。\n", every)
        self.piece = Marks(folded, PIECE_MARKS, every)  # a colon heading's last piece
        self.colon = Marks(folded, "：:", every)


@dataclass(frozen=True)
class NamedPlaces:
    """A document's places in text order, with their offsets for bisecting and enumeration checks."""

    places: list[Place]
    offsets: list[int]
    starts: set[int]
    ends: set[int]


def _name_right_before(folded: str, position: int, named_by_end: dict[int, Mention]) -> Optional[str]:
    """计划新开工项目98个: a project name right before a number that has no subject is what it
    counts; so is a name in brackets (《…汇编》(口袋书)15.9万册)."""
    if folded.endswith((")", "）"), 0, position):
        opened = max(folded.rfind("(", max(0, position - 12), position), folded.rfind("（", max(0, position - 12), position))
        if opened >= 0 and position - opened > 2:
            return folded[opened + 1 : position - 1]
    for gap in ("", "共", "有", "共有"):
        found = named_by_end.get(position - len(gap))
        if found is not None and folded[found.end:position] == gap and found.type == "project":
            return folded[found.start:found.end]
    return None


def _without_kind(noun: Optional[str], kinds: frozenset[str]) -> Optional[str]:
    """年产3GW单晶电池项目 -> 单晶电池: what a capacity produces, not the undertaking that will."""
    for kind in kinds:
        if noun and noun.endswith(kind) and len(noun) > len(kind):
            return noun[: -len(kind)]
    return noun


def _event_clause(folded: str, end: int) -> bool:
    """Whether the clause a period opens tells an event (2019年8月撤县设区, 2016年被评为…): words
    follow the period and no figure does before the clause ends (2014年， and 2021年完成投资8亿元 do not)."""
    if end >= len(folded) or folded[end] in CLAUSE_MARKS or folded[end] in ITEM_MARKS:
        return False
    stop = _first_mark(folded, CLAUSE_MARKS + ITEM_MARKS, end, end + EVENT_CLAUSE)
    if stop < 0:
        stop = min(len(folded), end + EVENT_CLAUSE)
    return not any(ch.isdigit() for ch in folded[end:stop])


def _first_mark(folded: str, marks, start: int, end: int) -> int:
    """The first position of any of `marks` (characters) in folded[start:end], else -1."""
    found = [i for i in (folded.find(mark, start, end) for mark in marks) if i >= 0]
    return min(found) if found else -1


def _after_semicolon(folded: str, sentence_start: int) -> bool:
    """Whether the sentence before ended with ；, i.e. this one goes on with its list."""
    return folded[max(0, sentence_start - 16):sentence_start].rstrip().endswith(("；", ";"))


def _inside_span(spans: list[tuple[int, int]], span_starts: list[int], place: Place) -> bool:
    """Whether `place` lies inside one of the sorted `spans` (nested names: the last few that start before it)."""
    index = bisect_right(span_starts, place.start)
    return any(spans[i][1] >= place.end for i in range(max(0, index - 3), index))


def _that_year(folded: str, position: int, when: DocumentDate) -> DocumentDate:
    """当年 (that year): the year written last before it (2018年…全县当年GDP), else the document's."""
    years = list(YEAR.finditer(folded, max(0, position - HEADING_WINDOW), position))
    return DocumentDate(int(years[-1].group(1))) if years else when


def _looks_ahead(folded: str, start: int, position: int, when: DocumentDate) -> bool:
    """到2015年实现… in a text of 2013: the figures that follow are targets."""
    if when.year is None:
        return False
    return any(int(m.group(1)) > when.year for m in AHEAD.finditer(folded, start, position))


def _in_brackets(folded: str, start: int, position: int) -> bool:
    """Whether `position` is inside a bracket opened after `start` and not yet closed."""
    opened = max(folded.rfind("(", start, position), folded.rfind("（", start, position))
    return opened >= 0 and max(folded.find(")", opened, position), folded.find("）", opened, position)) < 0


def _heading(folded: str, sentence_start: int, position: int, marks: DocumentMarks) -> Optional[str]:
    """地级市1—9月投资增速前二名：株洲市增长12.1% -> the text before the colon, if any."""
    # the list may run over several ；-sentences: look back to the sentence's 。 or line start
    floor = max(0, sentence_start - HEADING_WINDOW)
    begin = max(floor, marks.line.last(floor, sentence_start) + 1)
    colon = marks.colon.last(begin, position)
    if colon < 0:
        return None
    start = max(begin, marks.piece.last(begin, colon) + 1)
    if folded.startswith("按", start) and start > begin:  # 投资完成率前十名项目，按主管部门划分分别是：
        colon = start - 1
        start = max(begin, marks.piece.last(begin, colon) + 1)
    return LIST_NUMBER.sub("", folded[start:colon].strip()) or None


def _fact(mention: Mention, fact_id: str, subject, value, value_high, period, owner) -> Fact:
    return Fact(
        doc_id=mention.doc_id, id=fact_id, mention_id=mention.id, subject=subject or None,
        value=value, value_high=value_high, unit=mention.unit, qualifier=mention.qualifier,
        period=period, owner=owner, sentence=mention.sentence,
    )
