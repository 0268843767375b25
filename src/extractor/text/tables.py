"""Tables in an extracted text: runs of lines whose cells are separated by tabs.

Every reader writes a table this way (html_text, docx_text, pdf_text's wide gaps, a .txt exported
from a spreadsheet): one line per row, one tab between cells, a merged cell's text in its first
column with the columns it spans left empty. So tables are found in the text itself, and a
cell's offsets are where its text stands in the written `outputs/texts/` file.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL_SPACES = " \u3000\u00a0"  # stripped around a cell's text (offsets move past them)
TRAILING = CELL_SPACES + "\r"  # and a Windows line end after the last cell
MIN_ROWS = 2  # rows of two or more cells with text: one such line is a line, tab-indented paragraphs are prose


@dataclass(frozen=True)
class TextCell:
    """One cell: its text without surrounding spaces, and where that text stands."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TextTable:
    """A table of the text: rows of cells (rows may differ in length: ragged input)."""

    index: int  # 0-based within the document
    start: int
    end: int
    rows: tuple[tuple[TextCell, ...], ...]

    @property
    def width(self) -> int:
        return max(len(row) for row in self.rows)


def find_tables(text: str) -> list[TextTable]:
    """The text's tables in order; linear in the text's length."""
    if "\t" not in text:  # no tab, no cell: most documents, whose lines need no walk
        return []
    tables: list[TextTable] = []
    run: list[tuple[int, int]] = []  # (start, end) of the lines of the current run
    position = 0
    length = len(text)
    while position <= length:
        end = text.find("\n", position)
        if end < 0:
            end = length
        if "\t" in text[position:end]:
            run.append((position, end))
        else:
            _close(text, run, tables)
        position = end + 1
    _close(text, run, tables)
    return tables


def _close(text: str, run: list[tuple[int, int]], tables: list[TextTable]) -> None:
    if len(run) >= MIN_ROWS:
        rows = tuple(_cells(text, start, end) for start, end in run)
        if sum(1 for row in rows if sum(1 for cell in row if cell.text) >= 2) >= MIN_ROWS:
            tables.append(TextTable(len(tables), run[0][0], run[-1][1], rows))
    run.clear()


def _cells(text: str, start: int, end: int) -> tuple[TextCell, ...]:
    cells = []
    cell_start = start
    while True:
        tab = text.find("\t", cell_start, end)
        cell_end = end if tab < 0 else tab
        left, right = cell_start, cell_end
        while left < right and text[left] in CELL_SPACES:
            left += 1
        while right > left and text[right - 1] in TRAILING:
            right -= 1
        cells.append(TextCell(left, right, text[left:right]))
        if tab < 0:
            return tuple(cells)
        cell_start = tab + 1

