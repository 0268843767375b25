"""A table of a page or a Word file written as text: one line per row, one tab between cells, one
cell per column of the table's grid, so that a cell's column is its place on the line.

A cell spanning columns (colspan, gridSpan) is written in its first column with the columns it
spans left empty, as a spreadsheet exports it; a cell spanning rows (rowspan, vMerge) is written
again in each row it covers, as python-docx gives it, so a label or a unit stands beside every
figure it belongs to. text/tables.py reads tables back from these lines.
"""

from __future__ import annotations

from typing import Sequence

MAX_SPAN = 1000  # a colspan of 10**9 in hostile markup is not a table's width


def grid_lines(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[str]:
    """Rows of (text, rowspan, colspan) cells -> the table's lines (rows with no text left out).

    Linear in the number of grid cells; a cell's text must hold no tab or line break.
    """
    lines = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered) of rowspan cells above
    for row in rows:
        fields: list[str] = []
        cells = iter(row)
        while True:
            column = len(fields)
            if column in pending:
                text, left = pending[column]
                fields.append(text)
                if left > 1:
                    pending[column] = (text, left - 1)
                else:
                    del pending[column]
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text, rowspan, colspan = cell
            colspan = min(max(colspan, 1), MAX_SPAN)
            for extra in range(colspan):
                if rowspan > 1:
                    pending[column + extra] = (text if extra == 0 else "", min(rowspan, MAX_SPAN) - 1)
            fields.append(text)
            fields.extend([""] * (colspan - 1))
        last = max(pending, default=-1)  # rowspan cells past the row's last cell
        while len(fields) <= last:
            column = len(fields)
            if column in pending:
                text, left = pending.pop(column)
                fields.append(text)
                if left > 1:
                    pending[column] = (text, left - 1)
            else:
                fields.append("")
        if any(field.strip() for field in fields):
            lines.append("\t".join(fields))
    return lines
