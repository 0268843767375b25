"""Statistics tables -> one observation per numeric cell (SPEC "Tables (version 3)").

Runs the `extract` CLI on tables of real published figures (tests/table_fixtures.py names each
source) written as a UTF-8 page, a GBK portal page, a Word file, a tab-separated .txt and a PDF
with a ruled table, and
compares every numeric cell with the observation written by hand from the published table.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .table_fixtures import (HELD_OUT, NBS_RETAIL, TABLE_DOCUMENTS, Gold, TableDocument, docx_file, html_page,
                             pdf_file, text_file)

FIELDS = ("indicator", "value", "unit", "measure", "direction", "period_start", "period_end")


def write_table_files(folder: Path, documents=TABLE_DOCUMENTS + HELD_OUT) -> dict[str, TableDocument]:
    """Each table document in each format; {doc_id: document}."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for document in documents:
        (folder / f"{document.name}.html").write_bytes(html_page(document))
        (folder / f"{document.name}_gbk.html").write_bytes(html_page(document, "gbk"))
        (folder / f"{document.name}_word.docx").write_bytes(docx_file(document))
        (folder / f"{document.name}_tsv.txt").write_text(text_file(document), encoding="utf-8")
        (folder / f"{document.name}_pdf.pdf").write_bytes(pdf_file(document))
        made.update({f"{document.name}{kind}": document for kind in ("", "_gbk", "_word", "_tsv", "_pdf")})
    return made


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_folder(tmp_path: Path, files: dict[str, str]) -> list[dict]:
    """Write FILES into a folder, run `extract` on it and give every fact it wrote."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, [str(folder), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return _jsonl(tmp_path / "out" / "facts.jsonl")


def table_facts(facts: list[dict]) -> list[dict]:
    return [f for f in facts if f["table"] is not None]


@pytest.fixture(scope="module")
def table_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables")
    made = write_table_files(root / "in")
    result = CliRunner().invoke(app, [str(root / "in"), "--out", str(root / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return root / "out", made


def cell_facts(out: Path) -> dict[str, dict[tuple[str, str], list[dict]]]:
    """{doc_id: {(row_label, column_label): [facts]}} of the table facts."""
    found: dict[str, dict[tuple[str, str], list[dict]]] = {}
    for fact in _jsonl(out / "facts.jsonl"):
        if fact.get("table") is not None:
            found.setdefault(fact["doc_id"], {}).setdefault((fact["row_label"], fact["column_label"]), []).append(fact)
    return found


def wrong_fields(fact: dict, gold: Gold) -> list[str]:
    wrong = [name for name in FIELDS if name != "value" and fact[name] != getattr(gold, name)]
    if fact["value"] is None or abs(float(fact["value"]) - gold.value) > 1e-6 * max(1.0, abs(gold.value)):
        wrong.append("value")
    return wrong


def score(out: Path, made: dict[str, TableDocument]) -> tuple[int, int, list[str]]:
    """(cells right on every field, gold cells, what went wrong)."""
    facts = cell_facts(out)
    right, problems = 0, []
    total = sum(len(document.gold) for document in made.values())
    for doc_id, document in made.items():
        for gold in document.gold:
            found = facts.get(doc_id, {}).get((gold.row_label, gold.column_label), [])
            if len(found) != 1:
                problems.append(f"{doc_id} {gold.row_label}|{gold.column_label}: {len(found)} facts")
                continue
            wrong = wrong_fields(found[0], gold)
            if wrong:
                problems.append(f"{doc_id} {gold.row_label}|{gold.column_label}: "
                                + ", ".join(f"{w}={found[0][w]!r} not {getattr(gold, w)!r}" for w in wrong))
            else:
                right += 1
    return right, total, problems


def test_numeric_cells_become_observations(table_run) -> None:
    out, made = table_run
    right, total, problems = score(out, made)
    assert total == 5 * sum(len(d.gold) for d in TABLE_DOCUMENTS + HELD_OUT)
    assert right / total >= 0.95, "\n".join(problems)


@pytest.mark.parametrize("suffix", ["", "_gbk", "_word", "_tsv", "_pdf"])
def test_each_format_reads_each_table(table_run, suffix) -> None:
    out, made = table_run
    one = {doc_id: d for doc_id, d in made.items() if doc_id == d.name + suffix}
    right, total, problems = score(out, one)
    assert right / total >= 0.95, "\n".join(problems)


def test_no_value_cells_and_headers_give_no_fact(table_run) -> None:
    out, _ = table_run
    facts = cell_facts(out)
    for doc_id in ("fuling_2025_q3", "fuling_2025_q3_word", "fuling_2025_q3_tsv"):
        levels = {row for (row, column) in facts[doc_id] if column == "1-9月"}
        # —, …, an empty cell and - are no value; the other level cells all are.
        assert not levels & {"二、规模以上工业增加值", "三、固定资产投资", "其中：工业投资", "房地产开发投资"}
        assert len(levels) == 11
    nbs = facts["nbs_retail_2024_08"]
    assert ("其中：实物商品网上零售额", "8月 绝对量（亿元）") not in nbs
    # Header cells (8月, 1—8月) and section rows (按经营地分) are labels, not figures.
    assert all(not row.startswith("按") for row, _ in nbs)


def test_unit_in_the_label_scales_the_level_and_negative_growth_is_down(table_run) -> None:
    out, _ = table_run
    sh = cell_facts(out)["shanghai_retail_2024_08_tsv"]
    [total] = sh[("社会消费品零售总额(亿元)", "1-本月")]
    assert (float(total["value"]), total["unit"], total["indicator"]) == (11889.17e8, "CNY", "社会消费品零售总额")
    [fall] = sh[("用的商品", "比去年同月增长(%)")]
    assert (float(fall["value"]), fall["unit"], fall["measure"], fall["direction"]) == (11.2, "%", "growth", "down")


def test_trace_points_at_the_cell(table_run) -> None:
    """row/column index the table's lines and tab-separated fields in the written text, and the
    mention's offsets index that field."""
    out, _ = table_run
    mentions = {(m["doc_id"], m["id"]): m for m in _jsonl(out / "mentions.jsonl")}
    facts = [f for f in _jsonl(out / "facts.jsonl") if f.get("table") is not None]
    assert facts
    for fact in facts:
        written = out / "texts" / f"{fact['doc_id']}.txt"  # a .txt input is its own text
        text = (written if written.exists() else out.parent / "in" / f"{fact['doc_id']}.txt").read_text(encoding="utf-8")
        mention = mentions[(fact["doc_id"], fact["mention_id"])]
        assert text[mention["start"]:mention["end"]] == mention["text"]
        line_start = text.rfind("\n", 0, mention["start"]) + 1
        line_end = text.find("\n", mention["start"])
        fields = text[line_start:line_end if line_end >= 0 else len(text)].split("\t")
        assert fields[fact["column"]].strip() == mention["text"]
        assert fields[0].strip() == fact["row_label"]


def test_table_and_row_numbers_count_within_the_document(table_run) -> None:
    out, _ = table_run
    facts = [f for f in _jsonl(out / "facts.jsonl") if f["doc_id"] == "nbs_retail_2024_08" and f.get("table") is not None]
    assert {f["table"] for f in facts} == {0}
    rows = Counter(f["row"] for f in facts)
    # Header rows 0-1; 社会消费品零售总额 is row 2 with four figures, 实物商品网上零售额 row 5 with two.
    assert rows[2] == 4 and rows[5] == 2 and 0 not in rows and 1 not in rows


def test_prose_facts_have_no_table_fields(table_run) -> None:
    out, _ = table_run
    prose = [f for f in _jsonl(out / "facts.jsonl") if f.get("table") is None]
    assert prose, "the title line's figure (增长2.1%) is a prose fact"
    for fact in prose:
        assert all(fact[name] is None for name in ("table", "row", "column", "row_label", "column_label"))


def test_observations_pivot_into_the_table(table_run) -> None:
    """The README's pivot: one document's cells, indicator x period x measure, give back the
    published table (signs restored from direction)."""
    pd = pytest.importorskip("pandas")
    out, _ = table_run
    obs = pd.read_csv(out / "observations.csv", encoding="utf-8-sig")
    one = obs[(obs.doc_id == "nbs_retail_2024_08") & obs.table.notna()]
    one = one.assign(value=one.value.where(one.direction != "down", -one.value))
    table = one.pivot_table(index="indicator", columns=["period_start", "measure"], values="value", aggfunc="first")
    for label, *cells in (row for row in NBS_RETAIL.rows[2:] if len(row) == 5):
        indicator = label.removeprefix("其中：")
        expected = [None if c == "-" else float(c) for c in cells]
        got = [table.loc[indicator].get((start, measure)) for start in ("2024-08-01", "2024-01-01")
               for measure in ("level", "growth")]
        got = [None if v is None or v != v else (v / 1e8 if i % 2 == 0 else v) for i, v in enumerate(got)]
        assert got == pytest.approx(expected), indicator


# --- rules/tables.yaml examples -------------------------------------------------------------------

def _one_table(header: str, body: str = "甲\t1.0"):
    from extractor.ruleset.fact_rules import load_fact_rules
    from extractor.ruleset.rules import load_rules
    from extractor.facts.table_layout import TableContext, read_layout
    from extractor.text.tables import find_tables

    rules = load_rules()
    period = load_fact_rules(rules.directory / "facts.yaml").period
    text = f"指标\t{header}\n{body}\n"
    [table] = find_tables(text)
    return read_layout(table, text, TABLE_RULES, period, TableContext(2024, 8, None, None), CELLS.known)


def _table_rules():
    from extractor.ruleset.fact_rules import load_fact_rules
    from extractor.ruleset.rules import load_rules
    from extractor.facts.table_cells import TableCells
    from extractor.ruleset.table_rules import load_table_rules

    rules = load_rules()
    table_rules = load_table_rules(rules.directory / "tables.yaml")
    return table_rules, TableCells(table_rules, rules, load_fact_rules(rules.directory / "facts.yaml").period)


TABLE_RULES, CELLS = _table_rules()


@pytest.mark.parametrize("example", TABLE_RULES.examples, ids=lambda e: f"{e['kind']}:{e.get('header') or e.get('label')}")
def test_table_rule_example(example) -> None:
    from extractor.facts.table_layout import indicator_of

    if example["kind"] == "total":
        # the example's header stands after a 产值（亿元） column (made-up table)
        layout = _one_table("产值（亿元）\t" + example["header"], f"{example['label']}\t1.0\t2.0")
        assert layout.rows[0].total and layout.columns[2].indicator == example["indicator"]
        return
    if example["kind"] == "label":
        assert indicator_of(example["label"], TABLE_RULES, CELLS.known) == example["indicator"]
        layout = _one_table("2023年", f"{example['label']}\t1.0")
        assert layout.rows[0].unit == example.get("unit")
        return
    column = _one_table(example["header"]).columns[1]
    if example["kind"] == "measure":
        assert column.measure == example["measure"]
    elif example["kind"] == "not_figure":
        assert not column.figures
    else:
        dates = (column.period_start.isoformat() if column.period_start else None,
                 column.period_end.isoformat() if column.period_end else None)
        assert dates == (example["start"], example["end"])


def test_units_with_magnitudes() -> None:
    assert (CELLS.unit("亿元").code, CELLS.unit("亿元").scale) == ("CNY", 10**8)
    assert (CELLS.unit("万人").code, CELLS.unit("万人").scale) == ("人", 10**4)
    assert CELLS.unit("元/人").code == "CNY/人"  # as the number rules write 元/人 in prose
    assert CELLS.unit("不含农户") is None


def test_a_year_a_code_and_a_rank_are_not_figures(tmp_path) -> None:
    """Made-up table of the genre: code and rank columns, a year header; only the 2023年 values count."""
    text = ("2023年各县地区生产总值\n"
            "县名\t行政区划代码\t2023年（亿元）\t位次\n"
            "甲县\t500102\t1291.92\t1\n"
            "乙县\t500103\t845.30\t2\n")
    every_fact = run_folder(tmp_path, {"codes.txt": text})
    facts = table_facts(every_fact)
    assert [(f["indicator"], float(f["value"]), f["unit"], f["period_start"], f["period_end"]) for f in facts] == [
        ("甲县", 1291.92e8, "CNY", "2023-01-01", "2023-12-31"), ("乙县", 845.30e8, "CNY", "2023-01-01", "2023-12-31")]
    assert not [f for f in every_fact if f["table"] is None]


# --- bad input ------------------------------------------------------------------------------------

BAD_TABLES = {
    "nested.html": ("<html><head><meta charset='utf-8'></head><body><div><h1>2024年8月主要指标</h1>"
                    "<p>2024年8月，全市主要经济指标运行平稳，工业生产稳中有升，投资保持增长，消费市场持续恢复。</p><table>"
                    "<tr><th>指标</th><th>8月</th></tr>"
                    "<tr><td>工业<table><tr><td>其中</td><td>12</td></tr></table></td><td>5.5</td></tr>"
                    "<tr><td>投资</td><td colspan='1000000000'>6.5</td></tr>"
                    + "".join(f"<tr><td>指标{i}</td><td>{i}.5</td></tr>" for i in range(12))
                    + "</table></div></body></html>"),
    "header_only.txt": "2024年8月主要指标\n指标\t8月\t1-8月\n名称\t绝对量\t同比增长（%）\n",
    "ragged.txt": "2024年8月主要指标\n指标\t8月\n工业\t5.5\t9.9\t7.7\n投资\n消费\t\n",
}


def test_bad_tables_do_not_stop_the_batch(tmp_path) -> None:
    every_fact = run_folder(tmp_path, BAD_TABLES)
    documents = {d["doc_id"]: d for d in _jsonl(tmp_path / "out" / "documents.jsonl")}
    assert all(d["status"] == "ok" for d in documents.values())
    assert documents["ragged"]["note"] == "tables: 2 cells skipped (beyond the header's columns or without a header)"
    assert documents["header_only"]["note"] is None
    facts = table_facts(every_fact)
    assert {(f["doc_id"], f["indicator"], float(f["value"])) for f in facts} >= {("ragged", "工业", 5.5),
                                                                                 ("nested", "投资", 6.5)}
    assert not [f for f in facts if f["doc_id"] == "header_only"]


def test_a_large_table_gives_every_cell(tmp_path) -> None:
    rows = ["2023年各县主要指标（单位：亿元）", "县\t" + "\t".join(f"{m}月" for m in range(1, 11))]
    rows += [f"县{i}\t" + "\t".join(f"{i % 97 + m / 10:.1f}" for m in range(10)) for i in range(500)]
    facts = table_facts(run_folder(tmp_path, {"large.txt": "\n".join(rows) + "\n"}))
    assert len(facts) == 5000
    assert {f["unit"] for f in facts} == {"CNY"} and {f["period_end"][:7] for f in facts} == {
        f"2023-{m:02d}" for m in range(1, 11)}


def test_region_is_the_documents_own(table_run) -> None:
    out, made = table_run
    for doc_id, facts in cell_facts(out).items():
        assert {f["region"] for found in facts.values() for f in found} == {made[doc_id].region}, doc_id


def test_bare_year_headers_and_spaced_thousands(tmp_path) -> None:
    """Made-up table in an old release's shape: years as headers, thousands set apart by spaces,
    a sign written apart from its figure."""
    text = ("全国油料产量（单位：吨）\n"
            "地区\t2022\t2023\t增减（%）\n"
            "甲省\t10 536 205\t10 712 418\t- 1.05\n")
    facts = table_facts(run_folder(tmp_path, {"years.txt": text}))
    assert [(float(f["value"]), f["unit"], f["measure"], f["direction"], f["period_start"]) for f in facts] == [
        (10536205, "t", "level", None, "2022-01-01"), (10712418, "t", "level", None, "2023-01-01"),
        (1.05, "%", "growth", "down", "2023-01-01")]


def test_a_table_of_places_takes_the_indicator_from_its_header(tmp_path) -> None:
    """Made-up figures in a 分区县 table: each row's place is its region, the column header its
    indicator, and a 全市 row is the document's own region."""
    text = ("重庆市2023年分区县地区生产总值\n"
            "区县\t地区生产总值（亿元）\t比上年增长（%）\n"
            "全市\t30145.79\t6.1\n"
            "万州区\t1135.21\t6.3\n"
            "涪陵区\t1530.36\t-2.1\n"
            "渝中区\t1644.50\t5.2\n")
    facts = table_facts(run_folder(tmp_path, {"places.txt": text}))
    assert [(f["region"], f["indicator"], f["measure"], f["direction"]) for f in facts] == [
        ("重庆市", "地区生产总值", "level", None), ("重庆市", "地区生产总值", "growth", "up"),
        ("万州区", "地区生产总值", "level", None), ("万州区", "地区生产总值", "growth", "up"),
        ("涪陵区", "地区生产总值", "level", None), ("涪陵区", "地区生产总值", "growth", "down"),
        ("渝中区", "地区生产总值", "level", None), ("渝中区", "地区生产总值", "growth", "up")]
    assert {f["period_end"] for f in facts} == {"2023-12-31"} and facts[0]["value"] == pytest.approx(30145.79e8)


def test_a_total_row_takes_the_indicator_of_its_column(tmp_path) -> None:
    """Made-up figures: 合计 names no indicator, so the column's (产值) is its indicator."""
    text = ("2023年全市规模以上工业分行业产值\n"
            "行业\t产值（亿元）\t比上年增长（%）\n"
            "合计\t1234.5\t6.1\n"
            "电子信息\t456.7\t8.2\n"
            "汽车制造\t321.0\t-3.4\n")
    facts = table_facts(run_folder(tmp_path, {"total.txt": text}))
    assert [(f["row_label"], f["indicator"], f["measure"]) for f in facts] == [
        ("合计", "产值", "level"), ("合计", "产值", "growth"), ("电子信息", "电子信息", "level"),
        ("电子信息", "电子信息", "growth"), ("汽车制造", "汽车制造", "level"), ("汽车制造", "汽车制造", "growth")]


def test_tab_indented_paragraphs_stay_prose(tmp_path) -> None:
    """Made-up report whose paragraphs open with a tab (as Word exports them): not a table, and
    its facts are those of the same text without the tabs."""
    paragraphs = ["2023年1-9月，全区规模以上工业增加值同比增长8.2%。", "全区固定资产投资完成156.3亿元，增长5.1%。",
                  "社会消费品零售总额达到98.7亿元。"]
    facts = run_folder(tmp_path, {"tabbed.txt": "".join(f"\t{p}\n" for p in paragraphs),
                                  "plain.txt": "".join(f"{p}\n" for p in paragraphs)})
    fields = ("indicator", "value", "unit", "measure", "direction", "period_start", "period_end", "table")
    by_doc = {doc: [tuple(f[k] for k in fields) for f in facts if f["doc_id"] == doc] for doc in ("tabbed", "plain")}
    assert by_doc["tabbed"] == by_doc["plain"] and len(by_doc["plain"]) >= 4


def test_a_table_of_text_only_stays_prose(tmp_path) -> None:
    """Made-up layout table (two columns of sentences): its numbers keep their prose facts."""
    text = "项目\t进展\n产业园一期\t已完成投资12亿元，新增企业5家\n产业园二期\t计划投资20亿元\n"
    facts = run_folder(tmp_path, {"layout.txt": text})
    assert {float(f["value"]) for f in facts} == {12e8, 5, 20e8} and all(f["table"] is None for f in facts)
