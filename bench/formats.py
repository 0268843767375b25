"""Reading speed of PDF, HTML and DOCX inputs beside the extraction speed (issue 14).

Run from the repo root:  .venv/bin/python bench/formats.py [--copies 20] [--font PATH] [--compare]

Builds, from corpus/*.txt repeated --copies times, the files tests/format_fixtures.py makes:
a PDF (A4, 11 pt, wrapped like a report), the three portal-shaped HTML pages (GBK, menus,
breadcrumbs, related list, footer) and a DOCX. Prints, one line each, `[part] figure value`:
  pdf  pages/s of reading (pdf_to_text, as `extract` reads), and of its two engines alone:
       PDFium (pypdfium2) and pdfminer.six (taken when PDFium's glyph boxes are flat, i.e. the
       font is neither embedded nor installed: STSong-Light on a machine without a CJK font)
  html pages/s of html_to_text on each layout (one page = one copy of the corpus article)
  docx documents/s
  extract pages/s of Extractor.extract_document on the PDF's text (same pages), i.e. the
       stage after reading, so the two figures compare directly
--font PATH embeds a TrueType CJK font (e.g. /usr/share/fonts/truetype/wqy/wqy-microhei.ttc)
instead of STSong-Light, as Word/WPS exports do. --compare also runs the library comparison
behind the choice of readability-lxml and pypdfium2 (needs `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from format_fixtures import BOILERPLATE_MARKERS, docx_bytes, pdf_bytes, portal_html, seed_paragraphs  # noqa: E402

from extractor.read.docx_text import docx_to_text  # noqa: E402
from extractor.read.html_text import html_to_text  # noqa: E402
from extractor.read.pdf_text import _drop_page_furniture, _page_lines, _pdfminer_lines, join_lines, pdf_to_text  # noqa: E402
from extractor.pipeline import Extractor  # noqa: E402


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    """Fastest wall time of `runs` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def corpus_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((REPO_ROOT / "corpus").glob("*.txt")):
        paragraphs.extend(seed_paragraphs(path))
    return paragraphs


def embedded_font_pdf(paragraphs: list[str], font_path: str) -> bytes:
    """The same layout as pdf_bytes, with a TrueType font embedded (as Word and WPS export)."""
    import html

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("BenchCJK", font_path, subfontIndex=0))
    style = ParagraphStyle("body", fontName="BenchCJK", fontSize=11, leading=17.6, firstLineIndent=22,
                           wordWrap="CJK", spaceAfter=5.5)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.5 * cm,
                      bottomMargin=2.5 * cm).build([Paragraph(html.escape(p), style) for p in paragraphs])
    return buffer.getvalue()


def pdfium_only(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    lines, heights = [], []
    for index in range(len(pdf)):
        heights.append(pdf[index].get_size()[1])
        lines.extend(_page_lines(pdf[index], index)[0])
    pdf.close()
    return join_lines(_drop_page_furniture(lines, heights))


def pdfminer_only(data: bytes, pages: int) -> str:
    heights = [842.0] * pages
    return join_lines(_drop_page_furniture(_pdfminer_lines(data, heights), heights))


def page_count(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def line(part: str, figure: str, value: str) -> None:
    print(f"[{part}] {figure} {value}", flush=True)


def measure(copies: int, font: str | None, runs: int) -> None:
    article = corpus_paragraphs()
    paragraphs = article * copies
    pdf = embedded_font_pdf(paragraphs, font) if font else pdf_bytes(paragraphs)
    pages = page_count(pdf)
    line("pdf", "file", f"{pages} pages, {len(pdf) / 1e6:.2f} MB, font {'embedded ' + Path(font).name if font else 'STSong-Light (not embedded)'}")
    seconds, text = best_of(runs, lambda: pdf_to_text(pdf))
    exact = text.split("\n") == paragraphs
    line("pdf", "read (pdf_to_text)", f"{pages / seconds:.1f} pages/s ({seconds:.3f} s, text exact: {exact})")
    seconds_fium, text_fium = best_of(runs, lambda: pdfium_only(pdf))
    line("pdf", "engine pypdfium2 alone", f"{pages / seconds_fium:.1f} pages/s (text exact: {text_fium.split(chr(10)) == paragraphs})")
    seconds_miner, text_miner = best_of(1, lambda: pdfminer_only(pdf, pages))
    line("pdf", "engine pdfminer.six alone", f"{pages / seconds_miner:.1f} pages/s (text exact: {text_miner.split(chr(10)) == paragraphs})")

    extractor = Extractor()
    extractor.extract_document(text[:2000], "warm")  # rules, jieba tables and caches loaded outside the timing
    seconds_extract, result = best_of(runs, lambda: extractor.extract_document(text, "bench"))
    line("extract", "pipeline on the PDF's text", f"{pages / seconds_extract:.1f} pages/s ({len(text) / seconds_extract / 1000:.0f}k chars/s, {len(result[0])} mentions)")
    line("pdf", "reading / extraction time", f"{seconds / seconds_extract:.2f}")

    for template in range(3):
        page = portal_html(article, template)
        seconds, (text, _encoding) = best_of(runs * 5, lambda page=page: html_to_text(page))
        kept = all(p in text.split("\n") for p in article)
        leaks = [m for m in BOILERPLATE_MARKERS if m in text]
        line("html", f"layout {template}", f"{1 / seconds:.0f} pages/s ({seconds * 1000:.1f} ms/page, {len(text) / seconds / 1000:.0f}k chars/s, all paragraphs: {kept}, boilerplate leaks: {leaks})")
    docx = docx_bytes(paragraphs)
    seconds, text = best_of(runs, lambda: docx_to_text(docx))
    line("docx", f"{len(paragraphs)} paragraphs", f"{1 / seconds:.1f} documents/s ({len(text) / seconds / 1000:.0f}k chars/s, text exact: {text.split(chr(10)) == paragraphs})")


def compare(font: str | None) -> None:
    """The measurements behind the choice of libraries (README, "Input formats")."""
    article = seed_paragraphs()
    for template in range(3):
        page = portal_html(article, template).decode("gbk")
        candidates: dict[str, Callable[[], str]] = {"readability-lxml (chosen)": lambda page=page: html_to_text(page.encode("gbk"))[0]}
        try:
            import trafilatura

            candidates["trafilatura"] = lambda page=page: trafilatura.extract(page, include_tables=True) or ""
            candidates["trafilatura favor_precision"] = lambda page=page: trafilatura.extract(page, include_tables=True, favor_precision=True) or ""
        except ImportError:
            line("compare", "trafilatura", "not installed (pip install -e '.[bench]')")
        for name, work in candidates.items():
            seconds, text = best_of(5, work)
            kept = sum(1 for p in article if p in text)
            leaks = [m for m in BOILERPLATE_MARKERS if m in text]
            line("compare", f"html layout {template} {name}", f"{seconds * 1000:.1f} ms, paragraphs {kept}/{len(article)}, leaks {leaks}")
    paragraphs = article * 20
    pdf = embedded_font_pdf(paragraphs, font) if font else pdf_bytes(paragraphs)
    pages = page_count(pdf)
    target = re.sub(r"\s", "", "".join(paragraphs))

    def chars(text: str) -> str:
        return re.sub(r"-\d+-", "", re.sub(r"\s", "", text))  # page numbers '- 3 -' aside

    engines: dict[str, Callable[[], str]] = {"pypdfium2 (chosen)": lambda: pdfium_only(pdf)}
    try:
        from pdfminer.high_level import extract_text

        engines["pdfminer.six"] = lambda: extract_text(io.BytesIO(pdf))
    except ImportError:
        pass
    try:
        import pdfplumber

        def plumber() -> str:
            with pdfplumber.open(io.BytesIO(pdf)) as document:
                return "\n".join(page.extract_text() or "" for page in document.pages)

        engines["pdfplumber"] = plumber
    except ImportError:
        line("compare", "pdfplumber", "not installed (pip install -e '.[bench]')")
    for name, work in engines.items():
        seconds, text = best_of(1, work)
        line("compare", f"pdf {pages} pages {name}", f"{seconds:.2f} s, {pages / seconds:.1f} pages/s, characters exact: {chars(text) == target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the corpus in the PDF and DOCX")
    parser.add_argument("--font", help="a TrueType CJK font to embed in the PDF (default: STSong-Light, not embedded)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (the best is printed)")
    parser.add_argument("--compare", action="store_true", help="also compare the candidate libraries")
    args = parser.parse_args()
    measure(args.copies, args.font, args.runs)
    if args.compare:
        compare(args.font)


if __name__ == "__main__":
    main()
