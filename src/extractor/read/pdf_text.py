"""PDF with a text layer -> text, with pypdfium2 (PDFium, the PDF engine of Chrome).

pypdfium2 was chosen by measurement (bench/formats.py --compare): on the seed article set in
STSong-Light, pypdfium2, pdfplumber and pdfminer.six all give exactly the seed's characters,
and pypdfium2 is about 15x faster than pdfminer.six and 23x faster than pdfplumber (49 pages:
0.23 s, 3.4 s, 5.4 s).
One PDFium weakness was found: when a font gives it no glyph heights (a CJK font that is not
embedded and not installed) its text boxes are flat and its filter for text drawn twice drops
lines that repeat an earlier line's text. Such a document is read again with pdfminer.six,
which takes heights from the font size.

PDFium gives the page's text broken into printed lines; this module takes each line's box from
its end characters, drops page numbers and running headers, and joins the lines of a paragraph:
a line that runs to the right margin and is followed by an unindented line is a wrapped line,
so 规模以上工 / 业企业 and 18 / 06 join up with nothing between them (a Chinese line break
inside a sentence is not a sentence end), Latin words join with a space and a hyphenated word
loses its hyphen. Paragraphs end at a short line, an indented next line or a wider gap.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Optional

import regex

from ..errors import InputError

MAX_PAGES = 5000  # bounded work: PDFium's time is linear in pages; beyond this it is not a report
# A line that is only a page number: 3, - 3 -, 第3页, 第3页 共12页, 3/12, Page 3 of 12.
PAGE_NUMBER = regex.compile(r"^[\s\-–—·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*(?:/\s*\d+)?|[Pp]age\s*\d+(?:\s*of\s*\d+)?)[\s\-–—·]*$")
FLAT = 0.5  # a glyph box this thin (points) means PDFium had no glyph heights for its font
TAB_GAP = 2.5  # a gap this many line heights wide inside a line separates table cells
LINE_TEXT = regex.compile(r"[^\r\n]*[^\s][^\r\n]*")  # a line as PDFium breaks the text, from its first to its last non-space
SPACE_RUN = regex.compile(r"[ \u3000]+")
SPACES = regex.compile(r" {2,}")  # PDF spaces are layout: a run of them (a real one and a generated one) is one
MARGIN_BAND = 0.1  # page numbers and running headers sit in the top or bottom tenth of the page
WIDE = r"\p{Han}\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}“”‘’…—·"
WIDE_CHAR = regex.compile(f"[{WIDE}]")


@dataclass
class Line:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    page: int


def pdf_to_text(data: bytes) -> str:
    """The text of a PDF in reading order; InputError for a scan, an encrypted or broken file."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputError("encrypted PDF (a password is needed to open it)") from None
        raise InputError(f"corrupt PDF ({message.strip().rstrip('.')})") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise InputError("PDF has no pages")
        if pages > MAX_PAGES:
            raise InputError(f"PDF has {pages} pages, more than {MAX_PAGES}")
        from .pdf_tables import ruled_page, with_ruled_tables  # it reads this module's Line

        lines: list[Line] = []
        heights: list[float] = []
        ruled: list[int] = []  # pages that may hold a ruled table
        flat = False
        for index in range(pages):
            page = pdf[index]
            heights.append(page.get_size()[1])
            page_lines, page_flat = _page_lines(page, index)
            lines.extend(page_lines)
            flat = flat or page_flat
            if ruled_page(page):
                ruled.append(index)
    finally:
        pdf.close()
    if flat:
        lines = _pdfminer_lines(data, heights)
    if ruled:
        lines = with_ruled_tables(data, lines, ruled, heights)
    if not any(line.text.strip() for line in lines):
        raise InputError("no text layer (scanned PDF?)")
    body = _drop_page_furniture(lines, heights)
    return join_lines(body)


def _page_lines(page, index: int) -> tuple[list[Line], bool]:
    """The page's lines as PDFium breaks them, with their boxes, and whether its glyph boxes
    are flat (then its duplicate-text filter may have dropped lines: see the module doc).

    The text comes in one call and the boxes of only the line ends (and of the characters
    around a space, for table gaps): per-run text calls were 3x slower on an embedded font."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range() if count else ""
        if len(text) != count:  # characters beyond UCS-2: the text no longer indexes the boxes
            lines = _page_lines_by_runs(textpage, index)
            return lines, sum(line.top - line.bottom < FLAT for line in lines) > len(lines) / 2
        lines: list[Line] = []
        flat = 0
        for match in LINE_TEXT.finditer(text):
            first, last = match.start(), match.end() - 1
            boxes = {i: textpage.get_charbox(i, loose=True) for i in (first, last)}
            left, bottom, _, top = boxes[first]
            _, low, right, high = boxes[last]
            chars = list(match.group())
            for space in reversed(list(SPACE_RUN.finditer(match.group()))):  # a wide gap between cells: a tab
                before, after = first + space.start() - 1, first + space.end()
                gap = textpage.get_charbox(after, loose=True)[0] - textpage.get_charbox(before, loose=True)[2]
                if gap > TAB_GAP * (top - bottom):
                    chars[space.start()] = "\t"
                    del chars[space.start() + 1 : space.end()]
            _, tight_bottom, _, tight_top = textpage.get_charbox(first)
            flat += tight_top - tight_bottom < FLAT
            lines.append(Line(SPACES.sub(" ", "".join(chars)), left, right, min(bottom, low), max(top, high), index))
    finally:
        textpage.close()
    return lines, bool(lines) and flat > len(lines) / 2


def _page_lines_by_runs(textpage, index: int) -> list[Line]:
    """Lines from PDFium's text runs (rects), each run's text read on its own (any Unicode)."""
    runs = []
    for rect in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(rect)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ")
        if text.strip():
            runs.append(Line(text, left, right, bottom, top, index))
    return _merge_runs(runs)


def _merge_runs(runs: list[Line]) -> list[Line]:
    """Runs (pieces of lines, in order) merged into lines: a run to the right of the previous
    one at the same height continues its line (table cells: across a tab)."""
    lines: list[Line] = []
    for run in runs:
        last = lines[-1] if lines else None
        if last is not None and last.page == run.page and _same_line(last, run.bottom, run.top, run.left):
            last.text += _run_joiner(last.text, run.text, run.left - last.right, max(run.top - run.bottom, 1.0))
            last.text += run.text
            last.right, last.bottom, last.top = run.right, min(last.bottom, run.bottom), max(last.top, run.top)
        else:
            lines.append(Line(run.text, run.left, run.right, run.bottom, run.top, run.page))
    for line in lines:
        line.text = SPACES.sub(" ", line.text.strip())
    return lines


def _pdfminer_lines(data: bytes, heights: list[float]) -> list[Line]:
    """The document's lines as pdfminer.six lays them out (in content order, no reflow)."""
    import io

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfexceptions import PDFException

    runs: list[Line] = []
    try:
        for index, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None),
                                                   maxpages=len(heights))):
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for item in box:
                    if isinstance(item, LTTextLine) and item.get_text().strip():
                        runs.append(Line(item.get_text().strip(), item.x0, item.x1, item.y0, item.y1, index))
    except (PDFException, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the PDF's text ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") from None
    return _merge_runs(runs)  # pdfminer.six makes a box of each table cell


def _run_joiner(before: str, after: str, gap: float, size: float) -> str:
    """Between two runs of a line: a tab across a table-wide gap; a space across a word gap,
    except next to Chinese text (the ink of 。、， ends mid-glyph, so gaps after them look wide)."""
    if gap > 2.5 * size:
        return "\t"
    if gap <= 0.6 * size or not before.strip() or WIDE_CHAR.match(before.rstrip()[-1]) or WIDE_CHAR.match(after.lstrip()[0]):
        return ""
    return " "


def _same_line(line: Line, bottom: float, top: float, left: float) -> bool:
    """A run continues a line when it is to its right and their heights overlap by half."""
    overlap = min(line.top, top) - max(line.bottom, bottom)
    return left >= line.right - 1 and overlap > 0.5 * min(line.top - line.bottom, top - bottom)


def _drop_page_furniture(lines: list[Line], heights: list[float]) -> list[Line]:
    """Without page numbers and running headers/footers (text in the top or bottom band that
    repeats, digits aside, on at least half the pages, when there are 3 pages or more)."""
    def in_band(line: Line) -> bool:
        height = heights[line.page]
        return line.top > height * (1 - MARGIN_BAND) or line.bottom < height * MARGIN_BAND

    def shape(line: Line) -> str:
        return regex.sub(r"\d+", "#", line.text)

    repeated: set[str] = set()
    if len(heights) >= 3:
        pages_with = Counter(shape for shape, _ in {(shape(l), l.page) for l in lines if in_band(l)})
        repeated = {s for s, count in pages_with.items() if count >= len(heights) / 2}
    return [l for l in lines if not (in_band(l) and (PAGE_NUMBER.match(l.text) or shape(l) in repeated))]


def join_lines(lines: list[Line]) -> str:
    """Paragraphs as lines of text: wrapped lines joined, one '\\n' between paragraphs."""
    if not lines:
        return ""
    size = statistics.median(line.top - line.bottom for line in lines) or 10.0
    left_margin, right_edge = _column(lines, size)
    pitch = _line_pitch(lines) or size * 1.5
    parts = [lines[0].text]
    for previous, line in zip(lines, lines[1:]):
        wrapped = (
            previous.right >= right_edge - 1.5 * size  # the line ran to the margin
            and line.left <= left_margin + 0.8 * size  # the next one is not indented
            and "\t" not in previous.text and "\t" not in line.text  # table rows stay rows
            and (line.page != previous.page or previous.bottom - line.bottom <= 1.4 * pitch)
        )
        if not wrapped:
            parts.append("\n")
        elif _hyphenated(previous.text, line.text):
            parts[-1] = parts[-1][:-1]
        else:
            parts.append(_joiner(previous.text, line.text))
        parts.append(line.text)
    return "".join(parts)


def _hyphenated(before: str, after: str) -> bool:
    """A Latin word broken with a hyphen (inter- / national), not a range (2015- / 2020)."""
    return before.endswith("-") and len(before) > 1 and before[-2].isascii() and before[-2].isalpha() and after[0].islower()


def _joiner(before: str, after: str) -> str:
    """What goes between a wrapped line and the next: nothing inside Chinese text or a number,
    a space between Latin words."""
    end, start = before[-1], after[0]
    if WIDE_CHAR.match(end) or WIDE_CHAR.match(start):
        return ""
    if end.isascii() and end.isalpha() and start.isascii() and start.isalnum():
        return " "
    return ""


def _column(lines: list[Line], size: float) -> tuple[float, float]:
    """The text column's left and right edges. Left: near the smallest left (a few lines may
    stick out), not the most common one (short paragraphs are mostly indented first lines).
    Right: the rightmost end that at least two lines reach, so one wide line does not count."""
    lefts = sorted(line.left for line in lines)
    rights = sorted((line.right for line in lines), reverse=True)
    need = 2 if len(lines) >= 4 else 1
    right = next((r for r in rights if sum(1 for other in rights if other >= r - size) >= need), rights[0])
    return lefts[int(0.05 * (len(lefts) - 1))], right


def _line_pitch(lines: list[Line]) -> Optional[float]:
    """The usual baseline-to-baseline distance between consecutive lines of a page."""
    steps = [a.bottom - b.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and a.bottom > b.bottom]
    return statistics.median(steps) if steps else None
