"""`--format xlsx`: the run's rows as one Excel workbook (openpyxl, write-only: rows stream to disk).

Sheets observations, facts, mentions, documents, and a legend of unit codes; each with its header
row frozen and a filter over its columns. Figures are numbers with a number format that shows them
in full: Excel's General format shows 10200000000 as 1.02E+10.
"""

from __future__ import annotations

import json
import os
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..errors import OutputError
from .write import DOCUMENT_FIELDS, FACT_FIELDS, FLOAT_FIELDS, MENTION_FIELDS, OBSERVATION_FIELDS, typed_row

WORKBOOK_NAME = "extract.xlsx"
EXCEL_ROWS = 1_048_576  # rows of a sheet in Excel, header included
EXCEL_CELL = 32_767  # characters of a cell in Excel
WHOLE = "#,##0"  # 10,200,000,000
FRACTION = "#,##0.0#########"  # 8.2, 0.3333: no trailing point, no exponent
DAY = "yyyy-mm-dd"
# (sheet, source JSONL, columns): observations are a projection of facts.jsonl
SHEETS = (
    ("observations", "facts", OBSERVATION_FIELDS),
    ("facts", "facts", FACT_FIELDS),
    ("mentions", "mentions", MENTION_FIELDS),
    ("documents", "documents", DOCUMENT_FIELDS),
)
UNIT_COLUMNS = ["code", "dimension", "written", "note"]
WIDTHS = {"evidence": 60, "text": 24, "subject": 24, "indicator": 24, "period_by": 30, "region_by": 30,
          "modality_by": 24, "written": 40, "note": 40, "path": 40, "reason": 40}


def unit_legend(units: dict, per_units: dict) -> list[list[str]]:
    """One row per unit code of the rules (RuleSet.units and per_units, surface -> Unit): code,
    dimension, the ways it is written; measure words (the word is its own unit) as one row."""
    written: dict[tuple[str, str], list[str]] = {}
    measure_words: list[str] = []
    for surface, unit in units.items():
        if unit.code == surface and unit.dimension == "count":
            measure_words.append(surface)
        else:
            written.setdefault((unit.code, unit.dimension), []).append(surface)
    rows = [[code, dimension, ", ".join(surfaces), ""] for (code, dimension), surfaces in written.items()]
    per: dict[tuple[str, str], list[str]] = {}
    for surface, unit in per_units.items():
        per.setdefault((unit.code, unit.dimension), []).append(surface)
    rows += [[code, dimension, ", ".join(surfaces), "only after a slash: CNY/m2, t/yr"]
             for (code, dimension), surfaces in per.items() if (code, dimension) not in written]
    if measure_words:
        rows.append(["(the measure word)", "count", ", ".join(measure_words), "a count's unit is its measure word as written"])
    return rows


def write_workbook(out_dir: Path, units: Iterable[list[str]], max_rows: int = EXCEL_ROWS - 1) -> Path:
    """extract.xlsx beside the JSONL files of `out_dir`, replaced atomically; a sheet of more than
    `max_rows` rows goes on in `NAME 2`, `NAME 3` …"""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise OutputError("--format xlsx needs openpyxl: pip install openpyxl") from None
    out_dir = Path(out_dir)
    target = out_dir / WORKBOOK_NAME
    temp = out_dir / f".{WORKBOOK_NAME}.tmp"
    book = Workbook(write_only=True)
    try:
        for name, source, fields in SHEETS:
            rows = (typed_row(row, fields) for row in _read_jsonl(out_dir / f"{source}.jsonl"))
            _write_sheets(book, name, fields, rows, max_rows)
        _write_sheets(book, "units", UNIT_COLUMNS, (dict(zip(UNIT_COLUMNS, row)) for row in units), max_rows)
        book.save(temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _write_sheets(book, name: str, fields: list[str], rows: Iterator[dict[str, Any]], max_rows: int) -> None:
    """`rows` in one sheet, or several when there are more than `max_rows` (never none: a header)."""
    rows = iter(rows)
    part = 1
    while True:
        chunk = list(islice(rows, max_rows))  # at most one sheet's rows in memory
        _write_sheet(book, name if part == 1 else f"{name} {part}", fields, chunk)
        if len(chunk) < max_rows:
            return
        part += 1


def _write_sheet(book, title: str, fields: list[str], rows: list[dict[str, Any]]) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"  # before the first row: the sheet view is written ahead of the rows
    for number, field in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(field, max(10, len(field) + 2))
    sheet.append(fields)
    for row in rows:
        sheet.append([_cell(sheet, field, row.get(field)) for field in fields])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(rows) + 1}"


def _cell(sheet, field: str, value: Any) -> Any:
    """A cell's value: figures and dates as numbers with a display format, text cleaned for Excel."""
    if value is None:
        return None
    if field in FLOAT_FIELDS and isinstance(value, (int, float)):
        return _formatted(sheet, value, WHOLE if float(value).is_integer() else FRACTION)
    if isinstance(value, date):
        return _formatted(sheet, value, DAY)
    if isinstance(value, list):
        value = json.dumps(value)
    if isinstance(value, str):
        return _excel_text(value)
    return value


def _formatted(sheet, value: Any, number_format: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _excel_text(text: str) -> str:
    """Control characters Excel refuses (a text's form feed, vertical tab) as U+FFFD; a cell's length cut."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned: Optional[str] = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text) if ILLEGAL_CHARACTERS_RE.search(text) else text
    return cleaned[:EXCEL_CELL]
