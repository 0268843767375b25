"""HTML, DOCX and PDF inputs, made in the tests from the seed article: the same mentions as the
.txt, offsets into outputs/texts/<doc_id>.txt, and one failed row per bad file."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import InputError
from extractor.read.html_lines import markup_lines
from extractor.read.html_text import decode_html, html_to_text
from extractor.read.pdf_text import Line, _page_lines, join_lines, pdf_to_text
from extractor.read.reader import discover_inputs

from .format_fixtures import (BOILERPLATE_MARKERS, SEED, docx_bytes, pdf_bytes, portal_html, scanned_pdf_bytes,
                              seed_paragraphs)

TABLE = [["指标", "2015年", "2020年"],
         ["工业战略性新兴产业企业（家）", "40", "101"],
         ["三次产业结构", "3.9:53.9:42.2", "3.9:33.1:63.0"]]
runner = CliRunner()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _key(row: dict) -> tuple:
    """What must agree between formats: the mention and its values, not its offsets."""
    return (row["type"], row["text"], row["value"], row["value_high"], tuple(row["values"] or ()), row["unit"],
            row["qualifier"], row["name"], row["canonical"])


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    """One run over the seed as .txt, three portal pages (GBK), a DOCX with a table and a PDF."""
    folder = tmp_path_factory.mktemp("formats")
    inputs = folder / "in"
    (inputs / "nested").mkdir(parents=True)
    paragraphs = seed_paragraphs()
    shutil.copy(SEED, inputs / "seed.txt")
    for template in range(3):
        (inputs / f"page{template}.html").write_bytes(portal_html(paragraphs, template, encoding="gbk"))
    (inputs / "nested" / "report.docx").write_bytes(docx_bytes(paragraphs, TABLE, table_after=8))
    (inputs / "nested" / "report.pdf").write_bytes(pdf_bytes(paragraphs))
    (inputs / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an input kind: a folder run skips it
    result = runner.invoke(app, [str(inputs), "--out", str(folder / "out"), "--quiet", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder / "out"


def _mentions_by_doc(out: Path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = {}
    for row in _jsonl(out / "mentions.jsonl"):
        by_doc.setdefault(row["doc_id"], []).append(row)
    return by_doc


def test_every_format_is_read_and_named(seed_run) -> None:
    documents = {row["doc_id"]: row for row in _jsonl(seed_run / "documents.jsonl")}
    assert {d: r["format"] for d, r in documents.items()} == {
        "seed": "txt", "page0": "html", "page1": "html", "page2": "html", "report": "docx", "report-2": "pdf"}
    assert all(r["status"] == "ok" for r in documents.values())
    assert all(documents[f"page{t}"]["encoding"] == "gb18030" for t in range(3)), "the page's GBK meta is honoured"


@pytest.mark.parametrize("doc_id", ["page0", "page1", "page2", "report-2"])
def test_html_and_pdf_give_the_txt_mentions(seed_run, doc_id) -> None:
    by_doc = _mentions_by_doc(seed_run)
    expected = Counter(_key(r) for r in by_doc["seed"])
    assert len(expected) > 40
    assert Counter(_key(r) for r in by_doc[doc_id]) == expected


def test_docx_gives_the_txt_mentions_and_its_table_rows(seed_run) -> None:
    by_doc = _mentions_by_doc(seed_run)
    text = (seed_run / "texts" / "report.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    # Reading order: the table sits after the ninth paragraph, one row per line, cells tab-separated.
    assert lines[9:12] == ["\t".join(row) for row in TABLE]
    assert lines[:9] + lines[12:] == seed_paragraphs()
    table_start, table_end = len("\n".join(lines[:9])) + 1, len("\n".join(lines[:12]))
    body = [r for r in by_doc["report"] if not table_start <= r["start"] < table_end]
    table = [r for r in by_doc["report"] if table_start <= r["start"] < table_end]
    assert Counter(_key(r) for r in body) == Counter(_key(r) for r in by_doc["seed"])
    assert [(r["type"], r["text"]) for r in table] == [
        ("number", "40"), ("number", "101"), ("ratio", "3.9:53.9:42.2"), ("ratio", "3.9:33.1:63.0")]
    assert "内部资料" not in text and "共3页" not in text, "header and footer are not body text"


def test_offsets_index_the_written_texts(seed_run) -> None:
    by_doc = _mentions_by_doc(seed_run)
    assert not (seed_run / "texts" / "seed.txt").exists(), "a .txt input is its own text"
    for doc_id in ("page0", "page1", "page2", "report", "report-2"):
        text = (seed_run / "texts" / f"{doc_id}.txt").read_bytes().decode("utf-8")
        for row in by_doc[doc_id]:
            assert text[row["start"]:row["end"]] == row["text"], row
    assert not list((seed_run / "texts").glob(".*.tmp"))


def test_portal_boilerplate_stays_out(seed_run) -> None:
    for template in range(3):
        text = (seed_run / "texts" / f"page{template}.txt").read_text(encoding="utf-8")
        assert [m for m in BOILERPLATE_MARKERS if m in text] == []
        assert "当前位置" not in text and "您现在的位置" not in text and "var _hmt" not in text
        assert all(p in text.split("\n") for p in seed_paragraphs())


def test_pdf_text_is_the_seed_paragraphs(seed_run) -> None:
    """Every wrapped line joined, every paragraph kept, page numbers ('- 2 -') dropped."""
    text = (seed_run / "texts" / "report-2.txt").read_text(encoding="utf-8")
    assert text.split("\n") == seed_paragraphs()


def test_bad_files_fail_one_row_each_and_the_batch_goes_on(tmp_path) -> None:
    paragraphs = seed_paragraphs()
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "good.txt")
    (inputs / "good.pdf").write_bytes(pdf_bytes(paragraphs[5:9]))
    bad = {
        "scan.pdf": (scanned_pdf_bytes(), "no text layer (scanned PDF?)"),
        "locked.pdf": (pdf_bytes(paragraphs[:3], encrypt="secret"), "encrypted PDF"),
        "broken.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 40, "corrupt PDF"),
        "truncated.docx": (docx_bytes(paragraphs)[:3000], "corrupt DOCX"),
        "zip.docx": (_zip_without_word(), "not a Word document"),
        "pdf_named.docx": (pdf_bytes(paragraphs[:2]), "named .docx but the content is a PDF"),
        "docx_named.pdf": (docx_bytes(paragraphs[:2]), "named .pdf but the content is a ZIP archive"),
        "pdf_named.html": (pdf_bytes(paragraphs[:2]), "named .html but the content is a PDF"),
        "menu_only.html": (portal_html([], 1), "HTML page has no main text"),
        "empty.pdf": (b"", "empty file"),
    }
    for name, (data, _reason) in bad.items():
        (inputs / name).write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(inputs), "--out", str(out), "--quiet", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    rows = {Path(r["path"]).name: r for r in _jsonl(out / "documents.jsonl")}
    assert set(rows) == set(bad) | {"good.txt", "good.pdf"}
    for name, (_data, reason) in bad.items():
        assert rows[name]["status"] == "failed" and reason in rows[name]["reason"], rows[name]
        assert "\n" not in rows[name]["reason"] and rows[name]["mention_count"] == 0
    assert rows["good.txt"]["status"] == rows["good.pdf"]["status"] == "ok"
    assert rows["good.pdf"]["mention_count"] >= 3


def _zip_without_word() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    return buffer.getvalue()


def test_directory_takes_every_input_kind(tmp_path) -> None:
    for name in ("a.txt", "b.HTML", "c.htm", "sub/d.docx", "sub/deeper/e.pdf", "f.png", "g.doc", "h.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found, unmatched = discover_inputs([str(tmp_path)])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == [
        "a.txt", "b.HTML", "c.htm", "sub/d.docx", "sub/deeper/e.pdf"]
    assert unmatched == []


# --- HTML ----------------------------------------------------------------------------


def test_declared_gb2312_page_with_gbk_only_characters() -> None:
    """Pages declare gb2312 but use GBK characters (堃, 镕): read as GB18030, their superset."""
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><div><p>张堃主持会议，朱镕基同志讲话。全区规模以上工业企业达到579家。</p></div></body></html>"
    text, encoding = html_to_text(page.encode("gbk"))
    assert encoding == "gb18030" and "张堃主持会议，朱镕基同志讲话。" in text


def test_utf8_page_that_still_declares_gb2312() -> None:
    page = '<meta charset="gb2312"><p>全区规模以上工业企业达到579家，比上年增加61家。</p>'
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")


def test_table_rows_are_lines_of_tab_separated_cells() -> None:
    page = ("<div><p>主要指标</p><table><tr><th>指标</th><th>数值</th></tr>"
            "<tr><td><p>地区生产总值</p></td><td> 614.3 <br>亿元</td></tr></table><p>完</p></div>")
    assert markup_lines(page) == ["主要指标", "指标\t数值", "地区生产总值\t614.3 亿元", "完"]



def test_a_page_over_the_readability_bound_is_read_whole_less_its_furniture(monkeypatch) -> None:
    """A page of megabytes is a report or a table: its body is read as it is parsed, without
    readability's trees, less its head, menus, sidebars and footer."""
    import extractor.read.html_text as html_text

    def no_readability():
        raise AssertionError("readability ran on a page over the bound")

    page = ("<html><head><title>某市统计局</title></head><body><nav><a>首页</a> 网站地图</nav>"
            "<header><h1>2023年重大项目</h1></header><p>全市重大项目30个，总投资500亿元。</p>"
            "<table><tr><td>项目</td><td>投资</td></tr><tr><td>新建厂房项目</td><td>1亿元</td></tr></table>"
            "<aside>相关文章 访问量12345次</aside><footer>备案号12345678号</footer></body></html>")
    monkeypatch.setattr(html_text, "MAX_READABLE_BYTES", 100)
    monkeypatch.setattr(html_text, "_deep_reader", no_readability)
    text, _ = html_to_text(page.encode("utf-8"))
    assert text.split("\n") == ["2023年重大项目", "全市重大项目30个，总投资500亿元。", "项目\t投资", "新建厂房项目\t1亿元"]

# --- PDF -----------------------------------------------------------------------------


def _lines(*rows: tuple[str, float, float]) -> list[Line]:
    """Lines of one page, 20 points apart, size 10: (text, left, right)."""
    return [Line(text, left, right, 700 - 20 * i, 710 - 20 * i, 0) for i, (text, left, right) in enumerate(rows)]


def test_wrapped_lines_join_inside_names_and_numbers() -> None:
    lines = _lines(("　　先后有18", 90, 500), ("06家企业完成转型，丹佛斯(天", 70, 500), ("津)有限公司增资。", 70, 200),
                   ("　　下一段。", 90, 150))
    assert join_lines(lines) == "　　先后有1806家企业完成转型，丹佛斯(天津)有限公司增资。\n　　下一段。"


def test_paragraph_ends_at_a_short_line_an_indent_or_a_gap() -> None:
    short = _lines(("标题", 70, 120), ("正文第一行很长很长", 70, 500), ("结束。", 70, 130))
    assert join_lines(short) == "标题\n正文第一行很长很长结束。"
    indented = _lines(("第一段满行", 70, 500), ("第二段首行缩进", 92, 500), ("续行。", 70, 100))
    assert join_lines(indented) == "第一段满行\n第二段首行缩进续行。"
    gap = [Line("满行的一段", 70, 500, 700, 710, 0), Line("下一段", 70, 500, 640, 650, 0), Line("续。", 70, 90, 620, 630, 0)]
    assert join_lines(gap) == "满行的一段\n下一段续。"


def test_latin_words_and_hyphens() -> None:
    lines = _lines(("Danfoss invests in inter-", 70, 500), ("national projects in 2015-", 70, 500),
                   ("2020 and", 70, 500), ("Tianjin.", 70, 110))
    assert join_lines(lines) == "Danfoss invests in international projects in 2015-2020 and Tianjin."


def test_pdfium_lines_of_the_seed_have_geometry() -> None:
    """The fast path itself: PDFium's runs grouped into lines with boxes, page number included."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_bytes(seed_paragraphs()[:12]))
    try:
        lines, _flat = _page_lines(pdf[0], 0)
    finally:
        pdf.close()
    assert lines[0].text == "- 1 -" and lines[0].bottom < 60
    body = "".join(line.text for line in lines[1:])
    assert len(body) > 500 and "".join(seed_paragraphs()).startswith(body)
    assert all(line.left < line.right and line.page == 0 for line in lines)


def test_repeated_wrapped_lines_all_survive() -> None:
    """Paragraphs whose first lines repeat the same text: PDFium's duplicate-text filter drops
    such lines when its glyph boxes are flat (font without metrics); none may be lost."""
    fill = "全区经济运行稳中有进" * 5
    paragraphs = [fill[:k] + "先后有1806家企业完成创新转型，丹佛斯(天津)有限公司增资扩容。" for k in range(36, 44)]
    assert pdf_to_text(pdf_bytes(paragraphs)).split("\n") == paragraphs


def test_scanned_pdf_has_no_text_layer() -> None:
    with pytest.raises(InputError, match=r"^no text layer \(scanned PDF\?\)$"):
        pdf_to_text(scanned_pdf_bytes())


def test_pdfminer_reading_gives_the_seed_paragraphs() -> None:
    """The path taken when PDFium has no glyph heights (a machine without a CJK font), forced."""
    import pypdfium2

    from extractor.read.pdf_text import _drop_page_furniture, _pdfminer_lines

    data = pdf_bytes(seed_paragraphs())
    pdf = pypdfium2.PdfDocument(data)
    heights = [pdf[index].get_size()[1] for index in range(len(pdf))]
    pdf.close()
    assert len(heights) >= 2
    lines = _pdfminer_lines(data, heights)
    assert join_lines(_drop_page_furniture(lines, heights)).split("\n") == seed_paragraphs()


def test_wide_gaps_in_a_pdf_line_become_tabs() -> None:
    """A statistics table drawn as text: cells far apart on one line are tab-separated."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.setFont("STSong-Light", 11)
    for row, cells in enumerate([["指标", "2015年", "2020年"], ["规模以上工业企业 (家)", "468", "579"]]):
        for column, cell in enumerate(cells):
            drawing.drawString(72 + 200 * column, 700 - 20 * row, cell)
    drawing.showPage()
    drawing.save()
    assert pdf_to_text(buffer.getvalue()).split("\n") == ["指标\t2015年\t2020年", "规模以上工业企业 (家)\t468\t579"]
