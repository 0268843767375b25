"""The rules of the link stage (rules/facts.yaml), loaded and compiled: what facts.py reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import regex

from ..errors import RuleError
from .patterns import compile_on
from .rules import load_cached
from .rule_files import Pattern, _alternation, _check_keys, _line, _require, load_yaml


@dataclass(frozen=True)
class IndicatorRules:
    comparison: Pattern  # 增速比上半年 -> 增速
    relative: frozenset[str]  # 增速, 比重: a property of the indicator named before
    growth_suffix: Pattern  # GDP增速 with a growth measure -> GDP
    rate_word: str  # 增速: what a change in percentage points after a growth moves
    price_word: str  # 价格: what money per a physical unit measures (鸡蛋9.3元/公斤 -> 鸡蛋价格)
    multiple_of: Pattern  # 是2015年的: what a multiple compares with, no part of its indicator
    price_dimensions: frozenset[str]  # money/mass, money/area …: the units of a price
    tail: Pattern  # 地区生产总值预期 -> 地区生产总值
    share_of: Pattern  # 少数民族人口占总人口的 -> 少数民族人口
    lead: Pattern  # 云舍村已建成农家乐 -> 农家乐
    event_lead: Pattern  # 项目投产后公司年产值 -> 公司年产值
    rank: Pattern  # 投资增速前二名 -> 投资增速
    noun_after: Pattern  # 首期兴建: the indicator is the noun after the number
    heads: tuple[Pattern, ...]  # scope words and periods that open a subject
    duration_head: Pattern  # 五年, 每年 opening a subject before what was done (五年净增…), not a name (九年义务教育)
    topic: Pattern  # 煤炭生产方面，…: a sentence's topic, whose noun a bare quantity after it measures
    size_dimensions: frozenset[str]  # power: an amount of these right before a noun is that noun's size
    size_word: str  # 规模: the word that names such a size
    period: Pattern  # a time expression anywhere
    scope_only: Pattern  # 全市, 全国, 地级市: a scope that names no indicator by itself
    level_only: Pattern  # 地级市, 县区: a level of places, which a count may count (5个县区)


@dataclass(frozen=True)
class MeasureRule:
    name: str
    before: Pattern
    measure: Optional[str]  # None: growth or change by unit
    direction: Optional[str]
    after: Optional[Pattern] = None  # or the words right after the number (6.5%的增长)
    ends_list: bool = False  # tried before a list's figure takes the measure of the figure before it


@dataclass(frozen=True)
class MeasureRules:
    rules: tuple[MeasureRule, ...]
    same_period: Pattern
    same_period_name: str
    written_base: Pattern
    implied_year: str
    implied_part: str
    no_base: Pattern
    target_clause: Pattern
    target_sentence: Pattern
    actual: Pattern  # 完成, 已: an actual figure even in a list of targets


@dataclass(frozen=True)
class SectionRules:
    """A government work report's sections (facts/sections.py)."""

    genre: Pattern  # 政府工作报告 in the title block
    review: Pattern  # 过去一年, 工作回顾: a review of the year before the delivery year
    five_years: Pattern  # 过去五年: a review of the plan period before it
    plan: Pattern  # 主要预期目标, 做好今年工作: the delivery year's targets and tasks
    heading: Pattern  # 一、: a top-level heading, whose year or plan period names its section
    opening_year: Pattern  # a year that opens a sentence (group 1): 2025年，全省… before any section
    obtained: Pattern  # 争取: a plan word that, in a review, reports what was won
    over_years: Pattern  # 累计, 新增, 比“十三五”时期: a figure of a plan-period review counted over its years
    reach: Pattern  # 达到, 增至, 保持: a verb of a level reached or held (fullmatch on one word)


@dataclass(frozen=True)
class FactRules:
    period: Pattern
    period_tail: Pattern
    link_tail: Pattern
    scope_head: Pattern
    stops: Pattern
    subject_tail: Pattern
    change: Pattern
    noun_tags: frozenset[str]
    noun_generic: tuple[str, ...]
    noun_lead_verb: bool
    noun_modifier_tags: frozenset[str]  # time and place words (未来, 海上) that qualify a noun after them
    noun_words: frozenset[str]  # nouns jieba tags as morphemes (县, 村)
    noun_kind: frozenset[str]  # 项目: dropped after a product's name
    noun_pivot: frozenset[str]  # 支持, 帮助: a count after these is the doer of the verb after it
    money_words: frozenset[str]
    money_noun: Pattern
    link_head: Pattern
    ratio_labels: tuple[tuple[Pattern, tuple[str, ...]], ...]
    owner_followed_by: Pattern
    examples: tuple[dict, ...]
    measures: MeasureRules
    indicator: IndicatorRules
    own_region: Pattern  # 全区, 我县 …: the document's own region
    zones: tuple[str, ...]  # 高新区, 开发区 …: zones named on a division
    province_words: Pattern
    country_words: Pattern
    country_name: str
    continuation: Pattern
    grade: Pattern  # 30万吨级泊位, 2型糖尿病: a number naming a class of the noun after it
    grade_not_before: frozenset[str]  # word tags after the grade that make the number a figure (提升2级，)
    grade_units: frozenset[str]  # 英寸: a unit that, before a noun, names a product's size class
    outline_end: Pattern  # the rest of a count's sentence when it announces a list (…方面工作：)
    outline_marker: Pattern  # an item's marker in that list: （一）, 一是
    ranking_frame: Pattern  # 是福建三大林区之一: the place names the peers, not the figure's place
    category_before: Pattern  # 是天津市重点项目: the place names a category, not where the figure is
    peers_count: Pattern  # 位居全省9个设区市前列: a count right after the region word counts its members
    comparative_before: Pattern  # 高于全国0.4个百分点: the place is the base of a comparison …
    compared_base: Pattern  # … when a figure or the clause's end follows it
    bare_subject: Pattern  # 年度计划: words that name no indicator by themselves
    distributive: Pattern  # 各占, 均增长: the figure is each of the nouns joined before
    counted_relative: Pattern  # 纳入…的: a clause before a counted noun
    among: Pattern  # 十大品牌中，…占2个: the set a count is taken from
    closed_year: Pattern  # 2013年，全市实现…: a year the text reports as ended
    event_before: Pattern  # 于 before a date: when an event happened
    period_breaks: Pattern  # 投产后: a figure after it is not of the period before
    event_ends: Pattern  # 现辖: an event's date does not reach past these
    yu_ends: Pattern  # 此次: nor does a 于-date past these
    cumulative: Pattern  # 五年累计: a total over the years up to its period's
    respectively: str  # 分别: items before it name the figures after it, in order
    respective_items: Pattern
    respective_joiners: Pattern
    respective_pairs: tuple[tuple[Pattern, tuple[str, ...]], ...]  # 城乡 -> 城镇, 农村: one word for two items
    category_tail: Pattern
    sections: SectionRules  # a work report's review and plan sections


def load_fact_rules(path: Path) -> FactRules:
    """Read rules/facts.yaml; errors name the file and line. Kept in the disk cache (rules.load_cached)."""
    return load_cached("fact_rules", path, _load_fact_rules)


def _load_fact_rules(path: Path) -> FactRules:
    data = load_yaml(path)
    _check_keys(data, {"periods", "link_words", "scope_words", "subject_stops", "subject_tail", "change",
                       "counted_noun_tags", "counted_noun_lead_verb", "counted_noun_modifier_tags", "counted_noun_words", "counted_noun_kind", "counted_pivot", "counted_relative", "counted_noun_generic", "money_nouns",
                       "ratio_labels", "owner", "measures", "base", "modality", "own_region", "continuation", "grade", "outline",
                       "indicator", "closed_year", "event_period", "respectively", "cumulative", "sections"}, path, 1)

    def compile_(source: str, line: int) -> Pattern:
        # Python's re when it accepts the pattern: facts call their patterns on short spans at
        # given positions, thousands of times a document, and a call costs re less (the facts
        # stage ~8% faster); regex-only syntax (\p{…}, look-behinds of several widths) runs on regex.
        try:
            return compile_on("re", source)
        except (re.error, FutureWarning):
            pass
        try:
            return compile_on("regex", source)
        except regex.error as exc:
            raise RuleError(str(path), line, f"pattern does not compile: {exc}") from None

    periods = _require(data, "periods", dict, path, 1)
    period_source = _require(periods, "pattern", str, path, _line(periods, 1))
    if not periods.get("examples"):
        raise RuleError(str(path), _line(periods, 1), "periods need examples")
    owner = _require(data, "owner", dict, path, 1)
    labels = []
    for entry in _require(data, "ratio_labels", list, path, 1):
        line = _line(entry, 1)
        labels.append((compile_(_require(entry, "pattern", str, path, line), line),
                       tuple(_require(entry, "labels", list, path, line))))
    measure_rules, observation_examples = _measure_rules(data, path, compile_)
    region = _require(data, "own_region", dict, path, 1)
    country = _require(region, "country", dict, path, _line(region, 1))
    indicator = _require(data, "indicator", dict, path, 1)
    closed = _require(data, "closed_year", dict, path, 1)
    event = _require(data, "event_period", dict, path, 1)
    respectively = _require(data, "respectively", dict, path, 1)
    sections = _require(data, "sections", dict, path, 1)
    line_s = _line(sections, 1)
    line_r = _line(respectively, 1)
    observation_examples += tuple(dict(e, kind="observation") for key in ("modality", "own_region", "closed_year", "event_period", "indicator", "respectively", "cumulative", "sections")
                                  for e in data[key].get("examples", []))
    link = _alternation([str(w) for w in _require(data, "link_words", list, path, 1)])
    # the words that name the document's own region or province (我省, 本市, 全旗) only set the scope too
    region_words = [*_require(region, "words", list, path, _line(region, 1)), *_require(region, "province", list, path, _line(region, 1))]
    scope = _alternation([str(w) for w in _require(data, "scope_words", list, path, 1) + region_words])
    return FactRules(
        period=compile_(period_source, _line(periods, 1)),
        period_tail=compile_(f"(?:{period_source}\n)的?$", _line(periods, 1)),
        link_tail=compile_(f"(?:{link})了?$", 1),  # 上涨了: the aspect particle goes with its verb
        scope_head=compile_(f"^(?:{scope})", 1),
        stops=compile_(_require(data, "subject_stops", str, path, 1), 1),
        # a time base (每月) ends a subject like 从 does: 标准提高到每月 -> 标准提高到 -> 标准
        subject_tail=compile_("(?:" + _require(data, "subject_tail", str, path, 1) + ")|(?:"
                              + str(data.get("indicator", {}).get("time_base", "(?!)")) + ")$", 1),
        change=compile_(_require(data, "change", str, path, 1), 1),
        noun_tags=frozenset(_require(data, "counted_noun_tags", list, path, 1)),
        noun_generic=tuple(_require(data, "counted_noun_generic", list, path, 1)),
        noun_lead_verb=bool(data.get("counted_noun_lead_verb", False)),
        noun_modifier_tags=frozenset(str(t) for t in data.get("counted_noun_modifier_tags", [])),
        noun_words=frozenset(str(w) for w in data.get("counted_noun_words", [])),
        noun_kind=frozenset(str(w) for w in data.get("counted_noun_kind", [])),
        noun_pivot=frozenset(str(w) for w in data.get("counted_pivot", [])),
        money_words=frozenset(str(w) for w in _require(data, "money_nouns", list, path, 1)),
        money_noun=compile_("的?(?P<noun>" + _alternation([str(w) for w in _require(data, "money_nouns", list, path, 1)]) + ")", 1),
        link_head=compile_(f"^(?:{link})", 1),
        ratio_labels=tuple(labels),
        owner_followed_by=compile_(_require(owner, "followed_by", str, path, _line(owner, 1)), _line(owner, 1)),
        examples=tuple(dict(e, kind="period") for e in periods["examples"])
        + tuple(dict(e, kind="owner") for e in owner.get("examples", [])) + observation_examples,
        measures=measure_rules,
        indicator=IndicatorRules(
            comparison=compile_(_require(indicator, "comparison", str, path, _line(indicator, 1)), _line(indicator, 1)),
            relative=frozenset(_require(indicator, "relative", list, path, _line(indicator, 1))),
            growth_suffix=compile_(_require(indicator, "growth_suffix", str, path, _line(indicator, 1)), _line(indicator, 1)),
            rate_word=str(_require(indicator, "rate_word", str, path, _line(indicator, 1))),
            price_word=str(indicator.get("price_word", "")),
            multiple_of=compile_(str(indicator.get("multiple_of", "(?!)")), _line(indicator, 1)),
            price_dimensions=frozenset(str(d) for d in indicator.get("price_dimensions", [])),
            tail=compile_("(?:" + _require(indicator, "tail", str, path, _line(indicator, 1)) + ")|(?:"
                          + str(indicator.get("duration", "(?!)")) + "|" + str(indicator.get("time_base", "(?!)")) + ")$",
                          _line(indicator, 1)),
            share_of=compile_(_require(indicator, "share_of", str, path, _line(indicator, 1)), _line(indicator, 1)),
            lead=compile_(_require(indicator, "lead", str, path, _line(indicator, 1)), _line(indicator, 1)),
            event_lead=compile_("^.*?(?:" + _require(event, "breaks", str, path, _line(event, 1)) + ")", _line(event, 1)),
            rank=compile_(_require(indicator, "rank", str, path, _line(indicator, 1)), _line(indicator, 1)),
            noun_after=compile_(_require(indicator, "noun_after", str, path, _line(indicator, 1)), _line(indicator, 1)),
            heads=(compile_(f"^(?:{scope}|{_alternation([str(w) for w in region['words'] + indicator.get('levels', [])])})", 1),
                   compile_(f"^(?:{period_source}\n)", _line(periods, 1)),
                   compile_("^(?:" + str(indicator.get("day", "(?!)")) + ")", _line(indicator, 1)),
                   compile_("^(?:" + str(indicator.get("time_base", "(?!)")) + ")", _line(indicator, 1)),
                   compile_("^(?:" + str(indicator.get("item_marker", "(?!)")) + ")", _line(indicator, 1))),
            duration_head=compile_("^(?:" + str(indicator.get("duration", "(?!)")) + ")", _line(indicator, 1)),
            topic=compile_(str(indicator.get("topic", "(?!)")), _line(indicator, 1)),
            size_dimensions=frozenset(str(d) for d in indicator.get("size_dimensions", [])),
            size_word=str(indicator.get("size_word", "")),
            period=compile_(period_source, _line(periods, 1)),
            scope_only=compile_(_alternation([str(w) for w in region["words"] + region["province"] + country["words"]
                                              + indicator.get("levels", [])]), _line(region, 1)),
            level_only=compile_(_alternation([str(w) for w in indicator.get("levels", [])]), _line(indicator, 1)),
        ),
        own_region=compile_(_alternation([str(w) for w in _require(region, "words", list, path, _line(region, 1))]), _line(region, 1)),
        province_words=compile_(_alternation([str(w) for w in _require(region, "province", list, path, _line(region, 1))]), _line(region, 1)),
        country_words=compile_(_alternation([str(w) for w in _require(country, "words", list, path, _line(country, 1))]), _line(country, 1)),
        country_name=str(_require(country, "name", str, path, _line(country, 1))),
        zones=tuple(str(z) for z in region.get("zones", [])),
        ranking_frame=compile_(_require(region, "ranking_frame", str, path, _line(region, 1)), _line(region, 1)),
        category_before=compile_(_require(region, "category_before", str, path, _line(region, 1)), _line(region, 1)),
        peers_count=compile_(str(region.get("peers_count", "(?!)")), _line(region, 1)),
        comparative_before=compile_(str(region.get("comparative_before", "(?!)")), _line(region, 1)),
        compared_base=compile_(str(region.get("compared_base", "(?!)")), _line(region, 1)),
        bare_subject=compile_(_require(indicator, "bare", str, path, _line(indicator, 1)), _line(indicator, 1)),
        distributive=compile_(_require(indicator, "distributive", str, path, _line(indicator, 1)), _line(indicator, 1)),
        counted_relative=compile_(_require(data, "counted_relative", str, path, 1), 1),
        among=compile_(_require(indicator, "among", str, path, _line(indicator, 1)), _line(indicator, 1)),
        continuation=compile_(_require(data, "continuation", str, path, 1), 1),
        grade=compile_(_require(_require(data, "grade", dict, path, 1), "mark", str, path, 1), 1),
        grade_not_before=frozenset(str(t) for t in _require(data["grade"], "not_before_tags", list, path, 1)),
        grade_units=frozenset(str(u) for u in data["grade"].get("units", [])),
        outline_end=compile_(_require(_require(data, "outline", dict, path, 1), "end", str, path, 1), 1),
        outline_marker=compile_(_require(data["outline"], "marker", str, path, 1), 1),
        closed_year=compile_(_require(closed, "pattern", str, path, _line(closed, 1)), _line(closed, 1)),
        event_before=compile_(_require(event, "before", str, path, _line(event, 1)), _line(event, 1)),
        period_breaks=compile_(_require(event, "breaks", str, path, _line(event, 1)), _line(event, 1)),
        event_ends=compile_(_require(event, "ends", str, path, _line(event, 1)), _line(event, 1)),
        yu_ends=compile_(_require(event, "ends_after_yu", str, path, _line(event, 1)), _line(event, 1)),
        cumulative=compile_(_require(_require(data, "cumulative", dict, path, 1), "pattern", str, path, 1), 1),
        respectively=str(_require(respectively, "word", str, path, line_r)),
        respective_items=compile_(_require(respectively, "items", str, path, line_r), line_r),
        respective_joiners=compile_(_require(respectively, "joiners", str, path, line_r), line_r),
        respective_pairs=tuple((compile_(str(entry["pattern"]), line_r), tuple(entry["labels"]))
                               for entry in respectively.get("pairs", [])),
        category_tail=compile_(_require(respectively, "category_tail", str, path, line_r), line_r),
        sections=SectionRules(**{key: compile_(_require(sections, key, str, path, line_s), line_s)
                                 for key in ("genre", "review", "five_years", "plan", "heading", "opening_year", "obtained",
                                             "over_years", "reach")}),
    )


def _measure_rules(data: dict, path: Path, compile_) -> tuple[MeasureRules, tuple[dict, ...]]:
    """measures, base and modality of rules/facts.yaml, and their examples."""
    rules, examples = [], []
    for entry in _require(data, "measures", list, path, 1):
        line = _line(entry, 1)
        name = _require(entry, "name", str, path, line)
        if not entry.get("examples"):
            raise RuleError(str(path), line, f"measure rule {name!r} needs examples")
        after = entry.get("after")
        rules.append(MeasureRule(name, compile_(_require(entry, "before", str, path, line), line),
                                 entry.get("measure"), entry.get("direction"),
                                 compile_(str(after), line) if after is not None else None,
                                 bool(entry.get("ends_list", False))))
        examples += [dict(e, kind="observation") for e in entry["examples"]]
    base = _require(data, "base", dict, path, 1)
    modality = _require(data, "modality", dict, path, 1)
    line_b, line_m = _line(base, 1), _line(modality, 1)
    return MeasureRules(
        rules=tuple(rules),
        same_period=compile_(_require(base, "same_period", str, path, line_b), line_b),
        same_period_name=str(_require(base, "same_period_name", str, path, line_b)),
        written_base=compile_(_require(base, "written", str, path, line_b), line_b),
        implied_year=str(_require(base, "implied_year", str, path, line_b)),
        implied_part=str(_require(base, "implied_part", str, path, line_b)),
        no_base=compile_(_require(base, "no_base", str, path, line_b), line_b),
        target_clause=compile_(_require(modality, "clause", str, path, line_m), line_m),
        target_sentence=compile_(_require(modality, "sentence", str, path, line_m), line_m),
        actual=compile_(_require(modality, "actual", str, path, line_m), line_m),
    ), tuple(examples)
