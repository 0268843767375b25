"""Statistics tables -> one observation per numeric cell (SPEC "Tables (version 3)").

Runs the `extract` CLI on tables of real published figures (tests/table_fixtures.py names each
source) written as a UTF-8 page, a GBK portal page, a Word file and a tab-separated .txt, and
compares every numeric cell with the observation written by hand from the published table.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .table_fixtures import (FULING, NBS_RETAIL, SH_RETAIL, TABLE_DOCUMENTS, Gold, TableDocument, docx_file,
                             html_page, text_file)

FIELDS = ("indicator", "value", "unit", "measure", "direction", "period_start", "period_end")
FORMATS = ("html", "gbk.html", "docx", "txt")


def write_table_files(folder: Path) -> dict[str, TableDocument]:
    """Each table document in each format; {doc_id: document}."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for document in TABLE_DOCUMENTS:
        (folder / f"{document.name}.html").write_bytes(html_page(document))
        (folder / f"{document.name}_gbk.html").write_bytes(html_page(document, "gbk"))
        (folder / f"{document.name}_word.docx").write_bytes(docx_file(document))
        (folder / f"{document.name}_tsv.txt").write_text(text_file(document), encoding="utf-8")
        made.update({document.name: document, f"{document.name}_gbk": document,
                     f"{document.name}_word": document, f"{document.name}_tsv": document})
    return made


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


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
    assert total == 4 * sum(len(d.gold) for d in TABLE_DOCUMENTS)
    assert right / total >= 0.95, "\n".join(problems)


@pytest.mark.parametrize("suffix", ["", "_gbk", "_word", "_tsv"])
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
        text = (out / "texts" / f"{fact['doc_id']}.txt").read_text(encoding="utf-8")
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
    """The README's pivot: one document's level cells, indicator x period, give back the table."""
    pd = pytest.importorskip("pandas")
    out, _ = table_run
    obs = pd.read_csv(out / "observations.csv", encoding="utf-8-sig")
    one = obs[(obs.doc_id == "fuling_2025_q3_word") & obs.table.notna()]
    growth = one[one.measure == "growth"].pivot_table(index="indicator", columns="period_end", values="value",
                                                       aggfunc="first")
    assert growth.loc["房地产开发投资", "2025-09-30"] == pytest.approx(9.7)
    assert len(growth) == 15
