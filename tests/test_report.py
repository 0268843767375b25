"""The HTML report: marks, summaries, the output-folder path, and the seed in real Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor.errors import OutputError
from extractor.read.reader import read_document
from extractor.output.report import ReportItem, build_report_from_outputs, write_html_report
from extractor.output.report_sections import largest_money, name_groups
from extractor.output.report_text import format_value, highlighted_text, mention_title
from extractor.output.write import document_row, fact_row, mention_row

from .conftest import CORPUS

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
EXTERNAL_RESOURCE = re.compile(r"""\bsrc\s*=|href\s*=\s*["']?(?:https?:)?//|url\(|@import""", re.IGNORECASE)


class MarkCollector(HTMLParser):
    """The text inside each mark, by data-m (a mark split by a crossing overlap is joined),
    and whether every end tag closed the element it should."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = defaultdict(str)
        self.classes: dict[str, str] = {}
        self.marks = 0
        self.ids: dict[str, str] = {}  # a mark's id -> its data-m
        self.open: list[tuple[str, dict]] = []
        self.well_formed = True

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "mark":
            self.marks += 1
            if "data-m" in attributes:
                self.classes[attributes["data-m"]] = attributes.get("class", "")
                if "id" in attributes:
                    self.ids[attributes["id"]] = attributes["data-m"]
        if tag not in ("meta", "br"):
            self.open.append((tag, attributes))

    def handle_endtag(self, tag):
        if not self.open or self.open[-1][0] != tag:
            self.well_formed = False
            return
        self.open.pop()

    def handle_data(self, data):
        # A nested mark's text also belongs to every mark around it.
        for tag, attributes in self.open:
            if tag == "mark" and "data-m" in attributes:
                self.texts[attributes["data-m"]] += data


def collect(html_text: str) -> MarkCollector:
    collector = MarkCollector()
    collector.feed(html_text)
    collector.close()
    return collector


def row(mention_type: str, text: str, start: int, end: int, **fields) -> dict:
    return {"doc_id": "d", "type": mention_type, "text": text[start:end], "start": start, "end": end, **fields}


# --- the highlighted text -------------------------------------------------------------


def test_nested_mentions_each_get_a_mark() -> None:
    text = "位于中国电信京津冀大数据基地项目的"
    rows = [row("project", text, 2, 16, name="中国电信京津冀大数据基地项目"), row("org", text, 2, 6, name="中国电信")]
    page = collect("".join(highlighted_text(text, rows)))
    assert page.well_formed
    assert page.texts == {"0": "中国电信京津冀大数据基地项目", "1": "中国电信"}
    assert page.classes == {"0": "project", "1": "org"}


def test_crossing_mentions_are_split_and_reopened() -> None:
    text = "甲乙丙丁戊己庚"
    rows = [row("org", text, 0, 5), row("number", text, 3, 7), row("ratio", text, 4, 5)]
    html_text = "".join(highlighted_text(text, rows))
    page = collect(html_text)
    assert page.well_formed, html_text
    assert {k: v for k, v in page.texts.items()} == {"0": "甲乙丙丁戊", "1": "丁戊己庚", "2": "戊"}
    assert 'data-cont="1"' in html_text


def test_text_and_titles_are_escaped() -> None:
    text = '<script>alert(1)</script> 约"5"家 & more'
    rows = [row("number", text, 26, 31, value=5.0, unit='家"><b>', qualifier="approx")]
    html_text = "".join(highlighted_text(text, rows))
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert 'title="5 家&quot;&gt;&lt;b&gt; approx"' in html_text
    assert collect(html_text).texts == {"0": '约"5"家'}


def test_mentions_outside_the_text_are_ignored() -> None:
    assert "".join(highlighted_text("abc", [row("number", "abcdef", 2, 6)])) == "abc"


def test_titles() -> None:
    assert mention_title({"type": "number", "value": 10200000000.0, "unit": "CNY", "qualifier": None}) == "10,200,000,000 CNY"
    assert mention_title({"type": "number", "value": 1e9, "value_high": 1.5e9, "unit": "CNY"}) == "1,000,000,000–1,500,000,000 CNY"
    assert mention_title({"type": "ratio", "values": [3.9, 53.9, 42.2]}) == "3.9:53.9:42.2"
    assert mention_title({"type": "org", "name": "丹佛斯", "canonical": "丹佛斯（天津）有限公司"}) == "→ 丹佛斯（天津）有限公司"
    assert mention_title({"type": "org", "name": "区工信局", "canonical": None}) == "区工信局"
    assert format_value(0.3333) == "0.3333"


# --- summaries ------------------------------------------------------------------------


def test_largest_money_keeps_the_top_five_by_value() -> None:
    rows = [{"type": "number", "dimension": "money", "value": float(v), "text": str(v)} for v in (5, 1, 9, 3, 7, 2)]
    rows.append({"type": "number", "dimension": "count", "value": 100.0, "text": "100家"})
    assert [m["value"] for m in largest_money(rows)] == [9, 7, 5, 3, 2]


def test_names_grouped_by_canonical_with_short_forms() -> None:
    rows = [
        {"type": "org", "text": "丹佛斯", "name": "丹佛斯", "canonical": "丹佛斯（天津）有限公司"},
        {"type": "org", "text": "丹佛斯(天津)有限公司", "name": "丹佛斯（天津）有限公司", "canonical": None},
        {"type": "org", "text": "丹佛斯", "name": "丹佛斯", "canonical": "丹佛斯（天津）有限公司"},
        {"type": "project", "text": "生物谷", "name": "生物谷", "canonical": None},
        {"type": "number", "text": "5家"},
    ]
    groups = name_groups(rows)
    assert [(g.type, g.name, g.short_forms, g.count) for g in groups] == [
        ("org", "丹佛斯（天津）有限公司", ["丹佛斯"], 3), ("project", "生物谷", [], 1)]


def test_failed_document_shows_its_reason(tmp_path: Path) -> None:
    failed = {"doc_id": "bad", "status": "failed", "reason": "binary file <NUL>"}
    html_text = write_html_report(tmp_path / "r.html", [(failed, "", [], [])]).read_text(encoding="utf-8")
    assert "failed: binary file &lt;NUL&gt;" in html_text


def test_huge_document_is_linear(tmp_path: Path) -> None:
    unit = "全区累计61家企业通过,其中中国电信京津冀大数据基地项目投资102亿元。\n"
    text = unit * 20000  # 760k characters, 80k mentions
    rows = []
    for n in range(20000):
        base = n * len(unit)
        rows += [row("number", text, base + 4, base + 7), row("project", text, base + 14, base + 28),
                 row("org", text, base + 14, base + 18), row("number", text, base + 30, base + 35,
                                                              dimension="money", value=1.02e10)]
    began = time.perf_counter()
    path = write_html_report(tmp_path / "huge.html", [ReportItem({"doc_id": "huge", "status": "ok"}, text, rows)])
    assert time.perf_counter() - began < 20
    assert path.read_text(encoding="utf-8").count("<mark") >= len(rows)


def test_unwritable_report_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot write the HTML report"):
        write_html_report(tmp_path / "file" / "r.html", [])


# --- from an output folder ------------------------------------------------------------


def write_outputs(out_dir: Path, documents: list[tuple], with_facts: bool = True) -> None:
    """documents.jsonl, mentions.jsonl (and facts.jsonl) as the batch writes them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = {"documents": [], "mentions": [], "facts": []}
    for document, mentions, facts in documents:
        lines["documents"].append(document)
        lines["mentions"] += mentions
        lines["facts"] += facts
    for kind, rows in lines.items():
        if kind == "facts" and not with_facts:
            continue
        (out_dir / f"{kind}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def seed_outputs(extractor, path: Path = SEED) -> tuple[dict, str, list, list]:
    """The seed through the real Extractor: document row, text, mention and fact rows."""
    document = read_document(path, path.stem)
    # The pipeline is gaining facts (extract_document); until then the report shows none.
    if hasattr(extractor, "extract_document"):
        mentions, facts = extractor.extract_document(document.text, document.doc_id)
    else:
        mentions, facts = extractor.extract(document.text, document.doc_id), []
    rows = [mention_row(m) for m in mentions]
    return document_row(document, len(document.text), len(rows)), document.text, rows, [fact_row(f) for f in facts]


def test_build_report_from_outputs(tmp_path: Path, extractor) -> None:
    source = tmp_path / "in" / "doc.txt"
    source.parent.mkdir()
    source.write_text("中国电信京津冀大数据基地项目直接投资102亿元。", encoding="utf-8")
    changed = tmp_path / "in" / "changed.txt"
    changed.write_text("丹佛斯投资1000多万元", encoding="utf-8")
    first, _, rows, facts = seed_outputs(extractor, source)
    second, _, changed_rows, _ = seed_outputs(extractor, changed)
    changed.write_text("全新的内容", encoding="utf-8")  # edited after the run: offsets are stale
    failed = {"doc_id": "gone", "path": str(tmp_path / "gone.txt"), "status": "failed", "reason": "cannot read"}
    write_outputs(tmp_path / "out", [(first, rows, facts), (second, changed_rows, []), (failed, [], [])], with_facts=False)
    html_path = build_report_from_outputs(tmp_path / "out", tmp_path / "report.html")
    page = collect(html_path.read_text(encoding="utf-8"))
    assert page.well_formed
    assert sorted(page.texts.values()) == sorted(r["text"] for r in rows)
    html_text = html_path.read_text(encoding="utf-8")
    assert "the file changed since the run" in html_text and "failed: cannot read" in html_text


def test_build_report_needs_the_output_files(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="documents.jsonl is missing"):
        build_report_from_outputs(tmp_path, tmp_path / "r.html")


# --- the facts table -----------------------------------------------------------------

FACT_ROW = re.compile(r'<tr title="([^"]*)"><td>(?:<a href="#([^"]+)">)?(.*?)(?:</a>)?</td><td class="num">(.*?)</td>'
                      r'<td>(.*?)</td><td class="nowrap">(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>')


def check_facts_table(page_html: str, rows: list[dict], facts: list[dict]) -> None:
    """Each fact row shows indicator, region, period dates and modality, hovers its evidence, and
    links to the mark of its own figure."""
    import html as html_module

    table = page_html[page_html.index('<table class="facts">'):]
    table = table[:table.index("</table>")]
    found = FACT_ROW.findall(table)
    assert len(found) == len(facts) > 0
    page = collect(page_html)
    by_id = {r["id"]: r for r in rows}
    for fact, (title, target, indicator, _, region, period, modality, _) in zip(facts, found):
        decided = [f"{field[:-3]} by {fact[field]}" for field in ("period_by", "region_by", "modality_by") if fact[field]]
        assert html_module.unescape(title).split("\n") == [fact["evidence"], *decided]
        assert html_module.unescape(indicator) == (fact["indicator"] or fact["subject"] or "(no indicator)")
        assert html_module.unescape(region) == (fact["region"] or "") and modality == fact["modality"]
        if fact["period_start"]:
            assert period == f'{fact["period_start"]} – {fact["period_end"]}'
        assert page.texts[page.ids[target]] == by_id[fact["mention_id"]]["text"], fact


def test_facts_table_links_each_row_to_its_figure(tmp_path: Path, extractor) -> None:
    document, text, rows, facts = seed_outputs(extractor)
    assert any(f["period_start"] for f in facts) and any(f["region"] for f in facts)
    html_path = write_html_report(tmp_path / "report.html", [ReportItem(document, text, rows, facts)])
    check_facts_table(html_path.read_text(encoding="utf-8"), rows, facts)


# --- the seed in a real browser -------------------------------------------------------


def run_chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium); apt-get install -y chromium")
def test_seed_report_in_chromium(tmp_path: Path, extractor) -> None:
    document, text, rows, facts = seed_outputs(extractor)
    html_path = write_html_report(tmp_path / "report.html", [ReportItem(document, text, rows, facts)])
    source = html_path.read_text(encoding="utf-8")
    assert not EXTERNAL_RESOURCE.search(source), EXTERNAL_RESOURCE.search(source)

    dom = run_chromium(tmp_path, "--dump-dom", html_path.as_uri()).stdout
    page = collect(dom)
    assert dom.count("<mark") >= len(rows) > 0
    for index, mention in enumerate(rows):
        assert page.texts.get(str(index)) == mention["text"], mention
        assert page.classes[str(index)] == mention["type"]
    assert not EXTERNAL_RESOURCE.search(dom)
    check_facts_table(dom, rows, facts)  # as the browser built it: every row's link lands on its figure

    screenshot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1280,2000", html_path.as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 50_000  # a blank page is a few kB
