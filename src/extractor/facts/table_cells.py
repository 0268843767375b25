"""Table cells -> number mentions and observations (SPEC "Tables (version 3)").

Every figure cell of a table (text/tables.py finds tables in the extracted text, table_layout.py
reads their headers and labels) becomes one number mention at the cell's offsets and one fact:
indicator from the row label, unit and magnitude from the column header, the label or the unit
column (329385 in a （亿元） row is 3.29385e13 CNY), measure and period from the column header,
direction from the sign of a growth (-1.8 -> 1.8, down), region the document's own.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

from ..model import Fact, Mention
from .periods import DocumentDate
from .regions import PlaceIndex
from ..ruleset.objects import RuleSet
from ..text.segment import sentence_index
from .table_layout import Column, Row, TableLayout, is_number, read_layout, table_context
from ..ruleset.table_rules import TableRules
from ..text.tables import TextTable
from ..numbers.values import resolve_unit

RULE_ID = "table_cell"
PERCENT_UNITS = frozenset(("%", "％"))
PLACE_ROWS_MIN, PLACE_ROWS_SHARE = 2, 0.6  # a table whose labels are mostly places lists places, not indicators
PLAIN_NUMBER = str.maketrans({",": None, " ": None, "−": "-", "－": "-"})  # a cell's figure as Decimal reads it


@dataclass(frozen=True)
class TableUnit:
    code: Optional[str]
    dimension: Optional[str]
    scale: Decimal


@dataclass
class TableResult:
    mentions: list[Mention]  # one per figure cell
    facts: list[Fact]
    spans: list[tuple[int, int]]  # (start, end) of the tables with figures: their other mentions give no fact
    note: Optional[str]  # one line when cells were skipped


class TableCells:
    """Built once per Extractor; `read` per document."""

    def __init__(self, table_rules: TableRules, rules: RuleSet, period_pattern) -> None:
        self.table_rules = table_rules
        self.rules = rules
        self.period_pattern = period_pattern
        self._units: dict[str, Optional[TableUnit]] = {}
        self._magnitudes = sorted(rules.magnitudes, key=len, reverse=True)

    def unit(self, surface: Optional[str]) -> Optional[TableUnit]:
        """A unit as a table writes it (亿元, 万人, %, 元/人) with its magnitude; None if unknown."""
        if not surface:
            return None
        if surface not in self._units:
            self._units[surface] = self._resolve(surface)
        return self._units[surface]

    def _resolve(self, surface: str) -> Optional[TableUnit]:
        for magnitude in ["", *self._magnitudes]:
            if not surface.startswith(magnitude):
                continue
            rest = surface[len(magnitude):]
            scale = self.rules.magnitudes[magnitude] if magnitude else Decimal(1)
            if not rest:
                if magnitude:  # 万 alone: a count in ten-thousands
                    return TableUnit(None, None, scale)
                continue
            head, _, per = rest.partition("/")
            if head in self.rules.units and (not per or per in self.rules.units or per in self.rules.per_units):
                unit = resolve_unit(rest, self.rules)
                return TableUnit(unit.code, unit.dimension, scale)
        return None

    def known(self, surface: str) -> bool:
        return self.unit(surface) is not None

    def read(self, original: str, folded: str, tables: list[TextTable], doc_id: str, sentence_starts: list[int],
             when: DocumentDate, region: Optional[str], found: list[Mention],
             place: Callable[[str], Optional[str]]) -> TableResult:
        """Mentions and facts of the tables' figure cells. `found` are the mentions the rules found:
        a cell with a unit of its own (12.5亿元) keeps its number mention's value.
        `place` gives the division a whole label names (万州区), None for other labels."""
        by_start = {m.start: m for m in found if m.type == "number"}
        result = TableResult([], [], [], None)
        skipped = 0
        for table in tables:
            context = table_context(folded, table, self.table_rules, self.period_pattern, when)
            layout = read_layout(table, folded, self.table_rules, self.period_pattern, context, self.known)
            places = _row_places(layout, place)
            figures = len(result.facts)
            skipped += self._read_table(original, folded, table, layout, doc_id, sentence_starts, region, by_start,
                                        result, places)
            if len(result.facts) > figures:  # a table of text only (a layout) stays prose
                result.spans.append((table.start, table.end))
        if skipped:
            result.note = f"tables: {skipped} cells skipped (beyond the header's columns or without a header)"
        return result

    def _read_table(self, original: str, folded: str, table: TextTable, layout: TableLayout, doc_id: str,
                    sentence_starts: list[int], region: Optional[str], by_start: dict[int, Mention],
                    result: TableResult, places: Optional[dict[int, Optional[str]]]) -> int:
        """`places`: a table of places (分县区指标) gives each row's place as its region and takes the
        indicator from the column header; None for a table of indicators."""
        skipped = 0
        width = len(layout.columns)
        for row in layout.rows:
            cells = table.rows[row.index]
            for c, cell in enumerate(cells):
                text = folded[cell.start:cell.end]
                if not text or text in self.table_rules.no_value:
                    continue
                if c >= width or layout.header_rows == 0:
                    skipped += is_number(text)
                    continue
                column = layout.columns[c]
                if not column.figures:
                    continue
                figure = self._figure(text, row, column, by_start.get(cell.start), cell.end)
                if figure is None:
                    continue
                value, unit = figure
                mention = Mention(doc_id, "number", original[cell.start:cell.end], cell.start, cell.end,
                                  sentence_index(sentence_starts, cell.start), value,
                                  unit=unit.code if unit else None, dimension=unit.dimension if unit else None,
                                  rule=RULE_ID)
                result.mentions.append(mention)
                if places is None:
                    indicator = column.indicator if row.total else row.indicator
                    fact = self._fact(mention, table, row, column, value, unit, region, indicator)
                else:  # a row of no place (全市, 合计) is the document's own region
                    fact = self._fact(mention, table, row, column, value, unit, places.get(row.index) or region,
                                      column.indicator)
                result.facts.append(fact)
        return skipped

    def _figure(self, text: str, row: Row, column: Column, written: Optional[Mention],
                cell_end: int) -> Optional[tuple[Decimal, Optional[TableUnit]]]:
        """(value with its magnitude, unit) of a figure cell; None for a cell that holds no figure."""
        if is_number(text):
            try:
                number = Decimal(text.rstrip("%").translate(PLAIN_NUMBER))
            except InvalidOperation:  # NUMBER admits only what Decimal reads; kept for a changed NUMBER
                return None
            if text.endswith("%") or column.measure in ("growth", "share") and column.unit in (None, *PERCENT_UNITS):
                return number, self.unit("%")
            unit = self.unit(column.unit) or self.unit(row.unit)
            return (number * unit.scale, unit) if unit else (number, None)
        if written is not None and written.end == cell_end and written.value is not None:  # 12.5亿元 in a cell
            unit = TableUnit(written.unit, written.dimension, Decimal(1))
            return written.value, unit
        return None

    def _fact(self, mention: Mention, table: TextTable, row: Row, column: Column, value: Decimal,
              unit: Optional[TableUnit], region: Optional[str], indicator: Optional[str]) -> Fact:
        direction = None
        if column.measure in ("growth", "change"):
            direction = "down" if value < 0 else "up"
            value = abs(value)
        return Fact(mention.doc_id, mention.id, mention.id, indicator, value, None, unit.code if unit else None,
                    None, column.period, None, mention.sentence, indicator=indicator, measure=column.measure,
                    direction=direction, base=column.base, modality="actual", region=region,
                    period_start=column.period_start.isoformat() if column.period_start else None,
                    period_end=column.period_end.isoformat() if column.period_end else None,
                    table=table.index, row=row.index, column=column.index, row_label=row.label,
                    column_label=column.label)


def _row_places(layout: TableLayout, place: Callable[[str], Optional[str]]) -> Optional[dict[int, Optional[str]]]:
    """{row: the division its label names} when most labels name one (a table of places), else None."""
    labels = [(row.index, row.indicator) for row in layout.rows if row.indicator]
    named = {index: place(label) for index, label in labels}
    count = sum(1 for name in named.values() if name)
    return named if count >= PLACE_ROWS_MIN and count >= PLACE_ROWS_SHARE * len(labels) else None


def whole_place(index: PlaceIndex, zones: tuple[str, ...], label: str) -> Optional[str]:
    """The division a label names as a whole (万州区, 北京), None for any other label."""
    found = index.find(label, zones)
    return found[0].division.name if len(found) == 1 and (found[0].start, found[0].end) == (0, len(label)) else None


def document_region(index: PlaceIndex, folded: str, zones: tuple[str, ...]) -> Optional[str]:
    """The document's own region (its title and lead name it most), for its tables' figures."""
    own = index.own_region(folded, index.find(folded, zones))
    return own.name if own else None


def outside(spans: list[tuple[int, int]], mentions: list[Mention]) -> list[Mention]:
    """The mentions that start in none of the sorted, disjoint spans."""
    starts = [start for start, _ in spans]
    kept = []
    for mention in mentions:
        i = bisect_right(starts, mention.start) - 1
        if i < 0 or mention.start >= spans[i][1]:
            kept.append(mention)
    return kept
