"""What a figure looks up in its document, indexed once per document: punctuation marks,
places in text order, region words, period cuts, headings; and the small text tests the fact
steps share. Every look-up is a bisect or a bounded window, so long sentences stay linear."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

import regex

from ..model import Fact, Mention
from ..text.marks import Marks, Matches, first_mark, mark_positions
from .measure import CLAUSE_MARKS as MEASURE_CLAUSE_MARKS
from .periods import YEAR, DocumentDate
from .regions import Place

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
    stop = first_mark(folded, CLAUSE_MARKS + ITEM_MARKS, end, end + EVENT_CLAUSE)
    if stop < 0:
        stop = min(len(folded), end + EVENT_CLAUSE)
    return not any(ch.isdigit() for ch in folded[end:stop])


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


# A year written right after these compares with it or looks ahead to it (比2012年, 到2025年, 2020年以来):
# it is no year the text is speaking of at that point.
NOT_IN_FORCE_BEFORE = regex.compile(r"(?:比|较|与|同|到|至|于|从|自)$")
NOT_IN_FORCE_AFTER = ("以来", "来", "起", "前", "后", "底前")
WHOLE_YEAR_WORDS = ("全年", "年末", "年底")  # of a year, with no year of their own


def year_in_force(folded: str, position: int, title_year: Optional[int]) -> Optional[int]:
    """The year a 全年 or 年末 at `position` is of when the text names it: the year written last
    before it on its line (2018年，全县…。全年财政收入… in a text of 2019), not one it compares with
    or looks ahead to (比2012年, 到2025年); else the year of the title (2022年某区统计公报, published
    in 2023). None when neither names one (the document's year then stands). Bounded look-back."""
    line_start = folded.rfind("\n", max(0, position - HEADING_WINDOW), position) + 1
    for found in reversed(list(YEAR.finditer(folded, max(line_start, position - HEADING_WINDOW), position))):
        if NOT_IN_FORCE_BEFORE.search(folded, max(0, found.start() - 1), found.start()) \
                or folded.startswith(NOT_IN_FORCE_AFTER, found.end()):
            continue
        return int(found.group(1))
    return title_year


def _looks_ahead(folded: str, start: int, position: int, when: DocumentDate) -> bool:
    """到2015年实现… in a text of 2013: the figures that follow are targets."""
    if when.year is None:
        return False
    return any(int(m.group(1)) > when.year for m in AHEAD.finditer(folded, start, position))


def _in_brackets(folded: str, start: int, position: int) -> bool:
    """Whether `position` is inside a bracket opened after `start` and not yet closed."""
    start = max(start, position - LOOKBACK)  # bounded: a bracket opened further back is no place's
    opened = max(folded.rfind("(", start, position), folded.rfind("（", start, position))
    return opened >= 0 and max(folded.find(")", opened, position), folded.find("）", opened, position)) < 0


def _heading(folded: str, sentence_start: int, position: int, marks: DocumentMarks) -> Optional[str]:
    """地级市1—9月投资增速前二名：株洲市增长12.1% -> the text before the colon, if any."""
    # the list may run over several ；-sentences: look back to the sentence's 。 or line start
    floor = max(0, sentence_start - HEADING_WINDOW)
    # never more than HEADING_WINDOW before the figure either: a sentence of a million characters
    begin = max(floor, marks.line.last(floor, sentence_start) + 1, position - HEADING_WINDOW)
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


QUOTED_NAME = 12  # characters from a number to the quote marks of a short name around it (bounded)


def _in_quoted_name(folded: str, mention: Mention) -> bool:
    """“科创100”, “某味360碗”: a number with no unit of its own inside a short quoted name (no mark of a clause)
    is part of the name (a campaign's, a brand's), no figure."""
    if mention.type != "number" or mention.unit is not None:
        return False
    opening = folded.rfind("“", max(0, mention.start - QUOTED_NAME), mention.start)
    closing = folded.find("”", mention.end, mention.end + QUOTED_NAME)
    if opening < 0 or closing < 0:
        return False
    inside = folded[opening + 1:closing]
    return ("”" not in folded[opening + 1:mention.start] and "“" not in folded[mention.end:closing]
            and not any(mark in inside for mark in "，,。；;：:、")
            and any("\u4e00" <= ch <= "\u9fff" for ch in inside))
