"""Ruled tables of a PDF read with pdfplumber's table finder, in place of their text-layer lines.

Measured on statistics tables drawn as PDFs (bench/tables.py --pdf): columns a few points apart
run together in the text layer (47 of 144 cells in their column), while pdfplumber's finder puts
140 of 144 in place when the table is ruled; on an unruled table it finds nothing and the text
layer's tabs (wide gaps) are all there is. pdfplumber is slow (~0.1 s a page), so it reads only
pages PDFium shows drawing enough paths to rule a table.
"""

from __future__ import annotations

import io

import regex

from .pdf_text import Line

RULING_PATHS = 8  # path objects on a page (PDFium) from which it may hold a ruled table
MIN_ROWS, MIN_COLUMNS = 2, 2
# A cell's text wrapped over lines: no break between two wide characters, a space between others.
WRAP_WIDE = regex.compile(r"(?<=[\p{Han}，、：；（）%])\s*\n\s*(?=[\p{Han}，、：；（）])")
WHITESPACE = regex.compile(r"\s+")


def ruled_page(page) -> bool:
    """Whether a PDFium page draws enough paths to hold a ruled table."""
    import pypdfium2.raw as raw

    count = 0
    for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= RULING_PATHS:
            return True
    return False


def with_ruled_tables(data: bytes, lines: list[Line], pages: list[int], heights: list[float]) -> list[Line]:
    """`lines` with the lines inside each ruled table of `pages` replaced by one line per table
    row, its cells tab-separated (a merged cell in its first column, the rest empty)."""
    import pdfplumber

    boxes: dict[int, list[tuple[float, float, float, float, list[Line]]]] = {}
    with pdfplumber.open(io.BytesIO(data), pages=[index + 1 for index in pages]) as pdf:
        for page, index in zip(pdf.pages, pages):
            for table in page.find_tables():
                rows = _rows(table, index, heights[index])
                if rows:
                    x0, top, x1, bottom = table.bbox
                    boxes.setdefault(index, []).append((x0, heights[index] - bottom, x1, heights[index] - top, rows))
    if not boxes:
        return lines
    out: list[Line] = []
    placed: set[int] = set()
    for line in lines:
        box = next((b for b in boxes.get(line.page, ()) if _inside(line, b)), None)
        if box is None:
            out.append(line)
        elif id(box) not in placed:  # the table's rows stand where its first line stood
            placed.add(id(box))
            out.extend(box[4])
    return out


def _inside(line: Line, box: tuple) -> bool:
    x0, bottom, x1, top, _ = box
    middle = (line.bottom + line.top) / 2
    return bottom <= middle <= top and line.left < x1 and line.right > x0


def _rows(table, index: int, height: float) -> list[Line]:
    cells = table.extract()
    if len(cells) < MIN_ROWS or max(len(row) for row in cells) < MIN_COLUMNS:
        return []
    x0, _, x1, _ = table.bbox
    rows = []
    for row, texts in zip(table.rows, cells):
        text = "\t".join(_cell(t) for t in texts)
        if text.strip("\t"):
            tops = [box[1] for box in row.cells if box is not None]
            bottoms = [box[3] for box in row.cells if box is not None]
            rows.append(Line(text, x0, x1, height - min(bottoms), height - min(tops), index))
    return rows


def _cell(text) -> str:
    if not text:
        return ""
    return WHITESPACE.sub(" ", WRAP_WIDE.sub("", text)).strip()
