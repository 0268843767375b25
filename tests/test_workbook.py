"""`extract --format xlsx`: the workbook opened back with openpyxl and checked cell by cell."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import CORPUS

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
SHEETS = ["observations", "facts", "mentions", "documents", "units"]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    result = CliRunner().invoke(app, [str(SEED), "--out", str(out), "--format", "xlsx", "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _sheet_rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_workbook_has_the_sheets_frozen_and_filtered(seed_run: Path) -> None:
    book = load_workbook(seed_run / "extract.xlsx")
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}", sheet.title


def test_every_row_and_cell_is_the_jsonl_row(seed_run: Path) -> None:
    book = load_workbook(seed_run / "extract.xlsx")
    for sheet_name, source in (("mentions", "mentions"), ("facts", "facts"), ("documents", "documents")):
        expected = _jsonl(seed_run / f"{source}.jsonl")
        rows = _sheet_rows(book[sheet_name])
        assert len(rows) == len(expected) > 0
        assert list(rows[0]) == list(expected[0])  # the same columns, in the same order
        for row, want in zip(rows, expected):
            for field, value in want.items():
                cell = row[field]
                if isinstance(value, list):
                    assert cell == json.dumps(value), field
                elif field in ("period_start", "period_end") and value is not None:
                    assert cell == datetime.datetime.fromisoformat(value), field
                else:
                    assert cell == value, (sheet_name, field, cell, value)
    facts = _jsonl(seed_run / "facts.jsonl")
    observations = _sheet_rows(book["observations"])
    assert [r["mention_id"] for r in observations] == [f["mention_id"] for f in facts]
    assert [r["evidence"] for r in observations] == [f["evidence"] for f in facts]


def test_money_shows_whole_yuan_not_scientific(seed_run: Path) -> None:
    sheet = load_workbook(seed_run / "extract.xlsx")["mentions"]
    header = [cell.value for cell in sheet[1]]
    value_column = header.index("value") + 1
    money = [row for row in sheet.iter_rows(min_row=2) if row[header.index("text")].value == "102亿元"]
    assert money, "the seed's 102亿元 is a mention"
    cell = money[0][value_column - 1]
    assert cell.value == 10200000000 and cell.data_type == "n"
    assert cell.number_format == "#,##0"  # 10,200,000,000 — General would show 1.02E+10
    facts = load_workbook(seed_run / "extract.xlsx")["facts"]
    value_column = [cell.value for cell in facts[1]].index("value")
    fractional = [row[value_column] for row in facts.iter_rows(min_row=2) if (row[value_column].value or 0) % 1]
    assert fractional, "the seed's ratio 3.9:53.9:42.2 gives facts of 3.9 and 53.9"
    assert all(c.number_format == "#,##0.0#########" for c in fractional)  # 3.9, not 4 and not 3.9E+00


def test_units_legend(seed_run: Path) -> None:
    rows = _sheet_rows(load_workbook(seed_run / "extract.xlsx")["units"])
    by_code = {row["code"]: row for row in rows}
    for code in ("pp", "mu", "jin", "tce", "x", "CNY", "m2"):
        assert code in by_code, code
    assert "个百分点" in by_code["pp"]["written"] and by_code["mu"]["dimension"] == "area"
    assert "亩" in by_code["mu"]["written"] and "倍" in by_code["x"]["written"]


def test_sheet_over_the_row_limit_goes_on(tmp_path: Path) -> None:
    from extractor.output.workbook import write_workbook

    (tmp_path / "documents.jsonl").write_text('{"doc_id": "d", "status": "ok"}\n', encoding="utf-8")
    (tmp_path / "facts.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "mentions.jsonl").write_text(
        "".join(json.dumps({"doc_id": "d", "id": f"d:{i}:{i + 1}:number", "value": float(i)}) + "\n" for i in range(7)),
        encoding="utf-8")
    write_workbook(tmp_path, units=(), max_rows=3)
    book = load_workbook(tmp_path / "extract.xlsx")
    assert [name for name in book.sheetnames if name.startswith("mentions")] == ["mentions", "mentions 2", "mentions 3"]
    values = [row["value"] for name in ("mentions", "mentions 2", "mentions 3") for row in _sheet_rows(book[name])]
    assert values == [0, 1, 2, 3, 4, 5, 6]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
