"""A table's header and labels read: which rows are header, which column holds the labels and
which the units, and for every column its label, kind of figure, unit and period.

Header rows are the rows above the first row with a figure. A merged header cell stands in its
first column with the columns it spans empty (text/tables.py), so an empty header cell takes the
text on its left when its row names several columns (8月 | (empty) over 绝对量 | 同比增长).
A column whose header names no period takes the period of the nearest column on its left
(比去年同期增长 after 1-本月), else the period of the table's title or caption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

import regex

from .periods import DocumentDate, resolve_period
from ..ruleset.table_rules import TableRules
from ..text.tables import TextTable

# A figure as a cell writes it: a sign (- 1.05 in old releases), thousands by commas or spaces (10 536 205).
NUMBER = regex.compile(r"[+\-−－]? ?(?:[0-9]{1,3}(?:[, ][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?")
YEAR = regex.compile(r"(?:19|20)[0-9]{2}年?")
BARE_YEAR = regex.compile(r"(?:19|20)[0-9]{2}")  # a header 2023: the year
# The month a table is of, in its title or caption: 2024年8月, 2025年1-9月 (-> 9).
TABLE_MONTH = regex.compile(r"((?:19|20)[0-9]{2})年(?:[0-9]{1,2}\s*[-—–~至])?([0-9]{1,2})月")
CONTEXT_CHARS = 300  # how far before a table its title or caption is looked for
CJK_SPACE = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")  # 指 标, 城 镇: spaces that align a label


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # the header levels of the column as written, joined by a space
    figures: bool  # False for the label, unit, code and rank columns
    measure: str = "level"
    base: Optional[str] = None
    unit: Optional[str] = None  # the unit its header writes (亿元, %), as written
    period: Optional[str] = None  # as written (or inherited)
    period_start: Optional[date] = None
    period_end: Optional[date] = None
    indicator: Optional[str] = None  # what its header names besides period, unit and measure (产量（万吨） -> 产量)


@dataclass(frozen=True)
class Row:
    index: int
    label: str  # as written
    indicator: Optional[str]
    unit: Optional[str]  # from the label's brackets, the unit column, or the row above
    total: bool = False  # 合计: the column header names its indicator


@dataclass(frozen=True)
class TableLayout:
    header_rows: int
    label_column: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # the body rows


def is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def is_year(text: str) -> bool:
    return YEAR.fullmatch(text) is not None


@dataclass(frozen=True)
class TableContext:
    """What the text around a table says about it: its month, period and unit."""

    year: Optional[int]
    month: Optional[int]
    period: Optional[str]  # the last period the title or caption names (2025年1-9月)
    unit: Optional[str]  # 单位：亿元


def table_context(folded: str, table: TextTable, rules: TableRules, period_pattern, when: DocumentDate) -> TableContext:
    before = folded[max(0, table.start - CONTEXT_CHARS):table.start]
    head = folded[:CONTEXT_CHARS]  # the document's title
    month = None
    for source in (before, head):
        found = list(TABLE_MONTH.finditer(source))
        if found:
            month = (int(found[-1].group(1)), int(found[-1].group(2)))
            break
    periods = [m.group() for m in period_pattern.finditer(before) if m.group()] or \
              [m.group() for m in period_pattern.finditer(head) if m.group()]
    last_line = before.rstrip("\n").rsplit("\n", 1)[-1]
    unit = rules.unit_caption.search(last_line)
    year = month[0] if month else when.year
    return TableContext(year, month[1] if month and 1 <= month[1] <= 12 else None, periods[-1] if periods else None,
                        unit.group(1) if unit else None)


def read_layout(table: TextTable, folded: str, rules: TableRules, period_pattern, context: TableContext,
                known: Callable[[str], bool]) -> TableLayout:
    """`known` says whether a bracket's text is a unit (亿元) or part of the label (不含农户)."""
    texts = [[folded[cell.start:cell.end] for cell in row] for row in table.rows]
    header_rows = next((r for r, row in enumerate(texts)
                        if any(is_number(t) and not is_year(t) for t in row[1:])), len(texts))
    width = max((len(row) for row in texts[:header_rows]), default=table.width)
    header = [_filled(row, width) for row in texts[:header_rows]]
    labels = [_column_label(header, c) for c in range(width)]
    written = [_filled([cell.text for cell in row], width) for row in table.rows[:header_rows]]
    written_labels = [_column_label(written, c) for c in range(width)]
    label_column = next((c for c in range(width) if not rules.not_figures.search(labels[c])), 0)
    unit_column = next((c for c in range(label_column + 1, width)
                        if any(rules.unit_column.match(h[c].strip()) for h in header)), None)
    columns: list[Column] = []
    for c in range(width):
        if c <= label_column or c == unit_column or rules.not_figures.search(labels[c]):
            columns.append(Column(c, written_labels[c], False))
        else:
            columns.append(_column(c, labels[c], [h[c] for h in header], columns, rules, period_pattern, context,
                                   known, written_labels[c]))
    rows = []
    carried = context.unit
    for r in range(header_rows, len(texts)):
        row = texts[r]
        label = row[label_column] if label_column < len(row) else ""
        unit = _label_unit(label, rules, known)
        if unit is None and unit_column is not None and unit_column < len(row):
            written = row[unit_column].strip()
            unit = written if written and written not in rules.no_value else None
        unit = unit or carried
        carried = unit
        rows.append(Row(r, table.rows[r][label_column].text if label_column < len(row) else "",
                        indicator_of(label, rules, known), unit, bool(rules.total_row.match(label.strip()))))
    return TableLayout(header_rows, label_column, tuple(columns), tuple(rows))


def _filled(row: list[str], width: int) -> list[str]:
    """A header row with each empty cell given the text on its left, when the row names several
    columns (a merged cell); a row naming one (a title across the table) is left as it is."""
    cells = [t.strip() for t in row] + [""] * (width - len(row))
    if sum(1 for t in cells[1:] if t) < 2:
        return cells
    filled = []
    for c, text in enumerate(cells):
        filled.append(text or (filled[-1] if c > 1 else ""))
    return filled


def _column_label(header: list[list[str]], column: int) -> str:
    parts: list[str] = []
    for row in header:
        text = row[column] if column < len(row) else ""
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return " ".join(parts)


def _column(c: int, label: str, parts: list[str], left: list[Column], rules: TableRules, period_pattern,
            context: TableContext, known: Callable[[str], bool], written: str) -> Column:
    """Column `c` from its folded header `label` and `parts` (one per header row); `written` as written."""
    measure = next((m for m, pattern in rules.measures if pattern.search(label)), "level")
    unit = next((u for u in (_label_unit(p, rules, known) for p in reversed(parts)) if u), None)
    if measure == "growth" and unit == "百分点":
        measure = "change"
    period, start, end = _period(parts, rules, period_pattern, context)
    if period is None:  # a growth column after its level column: the same period
        previous = next((col for col in reversed(left) if col.figures and col.period), None)
        if previous is not None:
            period, start, end = previous.period, previous.period_start, previous.period_end
        elif context.period:
            period = context.period
            start, end = resolve_period(context.period, DocumentDate(context.year))
    indicator = next((i for i in (_header_indicator(p, rules, period_pattern) for p in parts) if i), None)
    if indicator is None:  # 增长（%） after 产量（万吨）: the same indicator
        indicator = next((col.indicator for col in reversed(left) if col.figures), None)
    base = None
    if measure in ("growth", "change"):
        base = next((b for pattern, b in rules.bases if pattern.search(label)), None)
        if base == "same_period":
            whole_year = start is not None and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            base = "上年" if whole_year else "上年同期"
    return Column(c, written, True, measure, base, unit, period, start, end, indicator)


def _header_indicator(part: str, rules: TableRules, period_pattern) -> Optional[str]:
    """A header's words without unit, period and measure words; None when nothing is left."""
    text = rules.label_suffix.sub("", part)
    for pattern in (period_pattern, rules.year_to_month, rules.this_month, rules.year_before,
                    *(p for _, p in rules.measures), BARE_YEAR):
        text = pattern.sub("", text)
    text = CJK_SPACE.sub("", text).strip(" （()）%")
    return text if len(text) >= 2 else None


def _period(parts: list[str], rules: TableRules, period_pattern,
            context: TableContext) -> tuple[Optional[str], Optional[date], Optional[date]]:
    """The period a column's header names: (as written, start, end), or (None, None, None)."""
    for part in parts:
        own = _relative_period(part, rules, context)
        if own is not None:
            return own
        if BARE_YEAR.fullmatch(part):
            start, end = resolve_period(f"{part}年", DocumentDate(context.year))
            return part, start, end
        found = period_pattern.search(part)
        if found and found.group():
            start, end = resolve_period(found.group(), DocumentDate(context.year))
            return found.group(), start, end
    return None, None, None


def _relative_period(part: str, rules: TableRules, context: TableContext):
    """本月, 1-本月, 上年同期: periods of the table's own month."""
    year, month = context.year, context.month
    for pattern, kind in ((rules.year_to_month, "to_month"), (rules.this_month, "month"),
                          (rules.year_before, "year_before")):
        found = pattern.search(part)
        if not found:
            continue
        if year is None or month is None:
            return found.group(), None, None
        if kind == "year_before":
            if context.period:
                start, end = resolve_period(context.period, DocumentDate(year))
                if start is not None:
                    return found.group(), _year_earlier(start), _year_earlier(end)
            year -= 1
            kind = "to_month"
        first = 1 if kind == "to_month" else month
        start, _ = resolve_period(f"{first}月", DocumentDate(year))
        _, end = resolve_period(f"{month}月", DocumentDate(year))
        return found.group(), start, end
    return None


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _label_unit(label: str, rules: TableRules, known: Callable[[str], bool]) -> Optional[str]:
    found = rules.unit_in_label.search(label)
    unit = (found.group(1) or found.group(2)).strip() if found else None
    return unit if unit and known(unit) else None


def indicator_of(label: str, rules: TableRules, known: Callable[[str], bool]) -> Optional[str]:
    """A row label without ordinal, 其中 and bracketed unit: 一、地区生产总值（亿元） -> 地区生产总值;
    a bracket that is not a unit stays (固定资产投资（不含农户）)."""
    text = label.strip()
    while True:
        shorter = rules.label_prefix.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    while True:
        found = rules.label_suffix.search(text)
        if found is None or found.group().strip(" （()）:：") and not _label_unit(text, rules, known):
            break
        text = text[:found.start()]
    text = CJK_SPACE.sub("", text.strip())
    return text or None
