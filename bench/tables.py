"""Statistics tables: how many numeric cells come out right, how PDF tables read, and whether time
grows linearly with a table's size.

    python bench/tables.py              # accuracy on the fixture tables in every format
    python bench/tables.py --pdf        # + pypdfium2's text layer against pdfplumber's table finder
    python bench/tables.py --scale      # + one table of 10,000 and one of 100,000 cells (time ratio)

Accuracy: every numeric cell of tests/table_fixtures.py (figures of public statistics releases,
gold written by hand from the tables) in each format; a cell is right when its observation has
indicator, value, unit, measure, direction and both period dates right.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.table_fixtures import HELD_OUT, TABLE_DOCUMENTS, pdf_file, spreadsheet_rows  # noqa: E402
from tests.test_tables import FIELDS, cell_facts, write_table_files  # noqa: E402

EXTRACT = str(Path(sys.executable).parent / "extract")


def accuracy() -> None:
    for name, documents in (("tables the rules were written on", TABLE_DOCUMENTS), ("held-out tables", HELD_OUT)):
        print(f"-- {name}: {', '.join(d.name for d in documents)}")
        _accuracy(documents)


def _accuracy(documents) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        made = write_table_files(root / "in", documents)
        subprocess.run([EXTRACT, str(root / "in"), "--out", str(root / "out"), "--jobs", "1"], check=False,
                       capture_output=True)
        facts = cell_facts(root / "out")
        by_format: Counter = Counter()
        totals: Counter = Counter()
        wrong_by_field: Counter = Counter()
        for doc_id, document in made.items():
            kind = doc_id[len(document.name):] or "_html"
            for gold in document.gold:
                totals[kind] += 1
                found = facts.get(doc_id, {}).get((gold.row_label, gold.column_label), [])
                if len(found) != 1:
                    wrong_by_field["missing"] += 1
                    continue
                wrong = [f for f in FIELDS if f != "value" and found[0][f] != getattr(gold, f)]
                if abs(float(found[0]["value"] or 0) - gold.value) > 1e-6 * max(1.0, abs(gold.value)):
                    wrong.append("value")
                wrong_by_field.update(wrong)
                by_format[kind] += not wrong
        for kind in sorted(totals):
            print(f"{kind[1:]:6} {by_format[kind]:3}/{totals[kind]:3} = {by_format[kind] / totals[kind]:.3f}")
        right, total = sum(by_format.values()), sum(totals.values())
        print(f"all    {right:3}/{total:3} = {right / total:.3f} of numeric cells right on every field")
        if wrong_by_field:
            print("wrong:", dict(wrong_by_field))


def pdf_compare() -> None:
    """Cells in the right row and column: the text layer's lines (pypdfium2, wide gaps -> tabs)
    against pdfplumber's table finder, on the fixture tables drawn with and without ruling lines."""
    import pdfplumber

    from extractor.read.pdf_text import pdf_to_text

    for ruled in (True, False):
        scores: Counter = Counter()
        for document in TABLE_DOCUMENTS:
            grid = [[c for c in row] for row in spreadsheet_rows(document.rows)]
            wanted = {(r, c): text for r, row in enumerate(grid) for c, text in enumerate(row) if text}
            data = pdf_file(document, ruled)
            started = time.perf_counter()
            lines = [line.split("\t") for line in pdf_to_text(data).split("\n") if "\t" in line]
            scores["pdfium_s"] += time.perf_counter() - started
            scores["pdfium"] += _matched(wanted, grid, lines)
            started = time.perf_counter()
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                tables = [t.extract() for page in pdf.pages for t in page.find_tables()]
            scores["plumber_s"] += time.perf_counter() - started
            rows = [[c or "" for c in row] for table in tables for row in table]
            scores["plumber"] += _matched(wanted, grid, rows)
            scores["cells"] += len(wanted)
        print(f"{'ruled' if ruled else 'unruled'}: cells in place pypdfium2 text layer {scores['pdfium']}/{scores['cells']}"
              f" ({scores['pdfium_s']:.2f} s), pdfplumber find_tables {scores['plumber']}/{scores['cells']}"
              f" ({scores['plumber_s']:.2f} s)")


def _matched(wanted: dict, grid: list[list[str]], rows: list[list[str]]) -> int:
    """Cells of the table found in their column on a row that starts with the row's label."""
    by_label = {row[0].strip(): row for row in rows if row and row[0].strip()}
    hits = 0
    for (r, c), text in wanted.items():
        row = by_label.get(grid[r][0].strip())
        hits += row is not None and c < len(row) and row[c].strip() == text
    return hits


def scale() -> None:
    """Seconds for a .txt table of 10,000 and of 100,000 cells; linear time gives a ratio near 10."""
    import random

    generator = random.Random(23)
    times = {}
    for cells in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.txt"
            lines = ["2023年各县主要指标（单位：亿元）", "县\t" + "\t".join(f"{m}月" for m in range(1, 11))]
            lines += [f"县{i}\t" + "\t".join(f"{generator.uniform(-20, 900):.1f}" for _ in range(10))
                      for i in range(cells // 10)]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([EXTRACT, str(path), "--out", str(Path(folder) / "out"), "--jobs", "1"], check=False,
                           capture_output=True)
            times[cells] = time.perf_counter() - started
            print(f"{cells:7} cells: {times[cells]:.1f} s")
    print(f"ratio 100,000 / 10,000 cells: {times[100_000] / times[10_000]:.1f} (10 is linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--scale", action="store_true")
    args = parser.parse_args()
    accuracy()
    if args.pdf:
        pdf_compare()
    if args.scale:
        scale()


if __name__ == "__main__":
    main()
