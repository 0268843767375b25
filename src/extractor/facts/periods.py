"""Period resolver: a period as written (2022年上半年, 1-9月, 十三五期间, 目前) -> ISO start/end dates.

Relative periods resolve against the document's own date (`document_date`); a period that
cannot be placed in time gives (None, None), never a guessed year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Optional

import regex

CN_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
# Parts of a year, as written after the year (or alone: then the document's year).
PARTS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "全年": (1, 12)}
RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "全年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
NOW_WORDS = ("截至目前", "目前", "当前", "现在", "至今")

# 2011年3月29日, 2011-03-29, 2011/3/29, 2011.3.29: one way of writing throughout (2024年1.6个百分点 is no date)
FULL_DATE = regex.compile(r"((?:19|20)[0-9]{2})(?|年([0-9]{1,2})月([0-9]{1,2})(?:日|(?![0-9]))|-([0-9]{1,2})-([0-9]{1,2})(?![0-9])"
                          r"|/([0-9]{1,2})/([0-9]{1,2})(?![0-9])|\.([0-9]{1,2})\.([0-9]{1,2})(?![0-9]))")
YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?!代)")
# A year after 到/至/力争 (or in a 《title》) is a plan's horizon, not when the text was written.
HORIZON_BEFORE = regex.compile(r"(?:(?<!截|截止)到|(?<!截)至|-|~|—|力争|争取|预计|计划|目标|规划|力争在|争取在)$")  # 截至2024年6月底: a date reached, no horizon

@dataclass(frozen=True)
class DocumentDate:
    """When a document was written: a full date when it gives one, else only a year."""

    year: Optional[int]
    day: Optional[date] = None
    given: bool = False  # the year came from --year, not from the text: nothing in the text moves it
    reported: Optional[int] = None  # the whole year the text reports as ended (after_closed_years), if any


def document_date(text: str, year: Optional[int] = None) -> DocumentDate:
    """The first full date of the text; else its latest year that is not a plan's horizon.

    Not the first year: a 十三五 retrospective opens with 2015年 and is written in 2020.
    `year` (the --year option) wins over the text.
    """
    if year is not None:
        return DocumentDate(year, given=True)
    found = FULL_DATE.search(text)
    if found:
        y, m, d = (int(g) for g in found.groups())
        try:
            return DocumentDate(y, date(y, m, d))
        except ValueError:  # 2月30日 in a typo'd text: keep the year only
            return DocumentDate(y)
    years = []
    for match in YEAR.finditer(text):
        if HORIZON_BEFORE.search(text, max(0, match.start() - 4), match.start()) or inside_title(text, match.start()):
            continue
        years.append(int(match.group(1)))
    return DocumentDate(max(years) if years else None)


def after_closed_years(when: DocumentDate, text: str, closed: regex.Pattern, target: regex.Pattern) -> DocumentDate:
    """A text that reports a whole year's actual results (2016年，全市完成地区生产总值…，增长8.1%)
    was written after that year ended: its 今年 and 目前 are a later year than its latest written one.

    `closed` finds such a year (group 1) with the rest of its sentence; a sentence with a target
    word (`target`) is a plan, which is written before its year, and is not counted.
    """
    if when.day is not None or when.given or when.year is None:
        return when
    latest = when.year
    for found in closed.finditer(text):
        year = int(found.group(1))
        if year >= latest and not target.search(found.group()) and not inside_title(text, found.start()) \
                and not HORIZON_BEFORE.search(text, max(0, found.start() - 4), found.start()):
            latest = year + 1
    return DocumentDate(latest, reported=latest - 1) if latest != when.year else when


def inside_title(text: str, position: int) -> bool:
    """Whether `position` is inside a 《title》 (of a plan, a notice) that opened shortly before."""
    opened = text.rfind("《", max(0, position - 60), position)
    return opened >= 0 and text.find("》", opened, position) < 0


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), _month_end(year, last)


def small_numeral(text: str) -> Optional[int]:
    """1-99 as digits or 一..九十九 (a count of years, a quarter, a plan); None for anything else (一二三)."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return CN_DIGITS.get(text) if len(text) == 1 else None
    if (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS) or "十" in (tens, ones):
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def five_year_plan(n: int) -> tuple[int, int]:
    """十三五 -> 2016-2020 (from the third plan, 1966-1970, every five years)."""
    first = 1966 + 5 * (n - 3) if n >= 3 else 1953 + 5 * (n - 1)
    return first, first + 4


PLAN = regex.compile(r"[“\"]?(十[一二三四五六七八九]|[一二三四五六七八九])五[”\"]?(期间|时期|以来|规划期|末|初)?")
WITH_YEAR = regex.compile(r"((?:19|20)[0-9]{2})年(.*)")
MONTHS = regex.compile(r"([0-9]{1,2})(?:(?:-|至|~|—)([0-9]{1,2}))?月(份|底|末|初)?(?:([0-9]{1,2})日)?$")
FIRST_MONTHS = regex.compile(r"前([0-9一两二三四五六七八九十]{1,2})个?月份?$")
QUARTER = regex.compile(r"(?:第)?([一二三四1-4])季度(末)?$")
RECENT = regex.compile(r"近([0-9一二三四五六七八九十]+)年(?:来)?$|([0-9一二三四五六七八九十]+)年来$")


def names_its_year(period: str) -> bool:
    """Whether a period places itself in time (2025年, 十四五, 今年, 去年, 目前); one that does not
    (全年, 年末, 1-5月, 一年来, 近三年, 十四五以来) is of, or ends in, the year its text speaks of."""
    plan = PLAN.search(period)
    return bool(YEAR.search(period) or (plan and plan.group(2) != "以来")  # 十四五以来 runs to the text's own year
                or any(word in period for word in RELATIVE_YEAR if word != "全年")
                or any(word in period for word in NOW_WORDS))


def resolve_period(period: Optional[str], when: DocumentDate) -> tuple[Optional[date], Optional[date]]:
    """(start, end) of a period as written, or (None, None) when it cannot be dated."""
    if not period:
        return None, None
    text = period.replace("截至", "").replace("截止", "").replace("“", "").replace("”", "").replace('"', "")
    if text.startswith("的"):
        text = text[1:]
    plan = PLAN.fullmatch(text)
    if plan:
        first, last = five_year_plan(small_numeral(plan.group(1)))
        if plan.group(2) == "末":
            return date(last, 12, 31), date(last, 12, 31)
        if plan.group(2) == "初":
            return date(first, 1, 1), date(first, 12, 31)
        if plan.group(2) == "以来" and when.year is not None and when.year > last:
            return date(first, 1, 1), date(when.year, 12, 31)
        return date(first, 1, 1), date(last, 12, 31)
    if text in NOW_WORDS:
        if when.day is not None:
            return when.day, when.day
        return (None, None) if when.year is None else (date(when.year, 1, 1), date(when.year, 12, 31))
    recent = RECENT.fullmatch(text)
    if recent:
        count = small_numeral(recent.group(1) or recent.group(2))
        if when.year is None or count is None or not 0 < count < 50:
            return None, None
        return date(when.year - count + 1, 1, 1), date(when.year, 12, 31)
    explicit = WITH_YEAR.fullmatch(text)
    if explicit:
        return _within_year(int(explicit.group(1)), explicit.group(2))
    for word, shift in RELATIVE_YEAR.items():
        if text.startswith(word):
            if when.year is None:
                return None, None
            return _within_year(when.year + shift, text[len(word):])
    if when.year is None:
        return None, None
    return _within_year(when.year, text)


def _within_year(year: int, rest: str) -> tuple[Optional[date], Optional[date]]:
    """The part of `year` that `rest` names: '' (the year), 底, 上半年, 1-9月, 一季度 …"""
    if rest in ("", "全年", "年", "年度", "度"):
        return _span(year, 1, 12)
    if rest in ("底", "末", "年底", "年末"):
        return date(year, 12, 31), date(year, 12, 31)
    if rest in ("初", "年初"):
        return date(year, 1, 1), date(year, 1, 31)
    if rest in PARTS:
        return _span(year, *PARTS[rest])
    quarter = QUARTER.fullmatch(rest)
    if quarter:
        first, last = QUARTERS[small_numeral(quarter.group(1))]
        if quarter.group(2):
            return _month_end(year, last), _month_end(year, last)
        return _span(year, first, last)
    first_months = FIRST_MONTHS.fullmatch(rest)
    if first_months:  # 前5个月: from January to that month
        last = small_numeral(first_months.group(1))
        return _span(year, 1, last) if last is not None and 1 <= last <= 12 else (None, None)
    months = MONTHS.fullmatch(rest)
    if months:
        first = int(months.group(1))
        last = int(months.group(2) or first)
        if not 1 <= first <= last <= 12:
            return None, None
        if months.group(4):  # 6月30日: that day
            try:
                day = date(year, first, int(months.group(4)))
            except ValueError:
                return None, None
            return day, day
        if months.group(3) in ("底", "末"):
            return _month_end(year, last), _month_end(year, last)
        return _span(year, first, last)
    return None, None
