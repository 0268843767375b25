"""`extractor eval`, `extractor texts` and `extractor rules check` through Typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.read.reader import read_document
from extractor.ruleset.rules import default_rules_dir
from extractor.tools import app
from extractor.tools.gold import parse_value
from extractor.output.write import document_row, mention_row

runner = CliRunner()


def invoke(*arguments: str):
    return runner.invoke(app, [str(a) for a in arguments])


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def mention(doc_id: str, mention_type: str, start: int, end: int, value=None, **fields) -> dict:
    return {"doc_id": doc_id, "type": mention_type, "start": start, "end": end, "text": "x", "value": value, **fields}


# --- eval against SPEC mention rows -----------------------------------------------------


@pytest.fixture
def spec_case(tmp_path: Path) -> tuple[Path, Path]:
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        mention("a", "number", 0, 4, 1806.0),
        mention("a", "number", 10, 15, 1.02e10),
        mention("a", "org", 20, 23),
        mention("b", "ratio", 0, 13, values=[3.9, 53.9, 42.2]),
    ])
    out = tmp_path / "out"
    write_jsonl(out / "mentions.jsonl", [
        mention("a", "number", 0, 4, 1806.0),        # match, value agrees
        mention("a", "number", 10, 15, 1.0e10),      # match, value wrong
        mention("a", "number", 30, 33, 5.0),         # false alarm
        mention("a", "org", 20, 22),                 # wrong span: a miss and a false alarm
        mention("b", "ratio", 0, 13, values=[3.9, 53.9, 42.2]),
        mention("c", "number", 0, 2, 1.0),           # not a gold document: ignored
    ])
    write_jsonl(out / "documents.jsonl", [{"doc_id": d, "status": "ok"} for d in "abc"])
    return gold, out


def test_eval_scores_each_type(spec_case) -> None:
    result = invoke("eval", *spec_case)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    assert lines["number"][1:7] == ["2", "3", "2", "0.667", "1.000", "0.800"]
    assert lines["number"][7:] == ["0.400", "0.500", "(1/2)"]  # e2e F1: only 1806 is right end to end
    assert lines["org"][1:7] == ["1", "1", "0", "0.000", "0.000", "0.000"]
    assert lines["ratio"][7:] == ["1.000", "1.000", "(1/1)"]
    assert lines["all"][1:4] == ["4", "5", "3"]


def test_eval_json_and_min_f1(spec_case) -> None:
    result = invoke("eval", *spec_case, "--json", "--types", "number")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert list(scores["types"]) == ["number"]
    assert scores["all"]["precision"] == pytest.approx(2 / 3)
    assert scores["all"]["value_accuracy"] == 0.5
    below = invoke("eval", *spec_case, "--min-f1", "0.9")
    assert below.exit_code == 1
    assert "below --min-f1 0.9" in below.output


def test_eval_warns_about_gold_documents_the_run_did_not_read(spec_case) -> None:
    gold, out = spec_case
    write_jsonl(out / "documents.jsonl", [{"doc_id": "a", "status": "ok"}, {"doc_id": "b", "status": "failed"}])
    result = invoke("eval", gold, out)
    assert result.exit_code == 0
    assert "1 gold document(s) not read in OUTDIR" in result.output


# --- eval against a folder of reports (NAME.txt + NAME.gold.jsonl) ----------------------


@pytest.fixture
def report_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r1.txt").write_text("x" * 60, encoding="utf-8")
    write_jsonl(folder / "r1.gold.jsonl", [
        {"type": "number", "text": "5个", "value": 5, "unit": "个", "qualifier": None, "start": 0, "end": 2},
        {"type": "number", "text": "约6%", "value": 6, "unit": "%", "qualifier": "approx", "start": 4, "end": 7},
        {"type": "org", "text": "市政府", "start": 10, "end": 13},
        {"type": "org", "text": "云海市五届人大", "optional": True, "start": 20, "end": 27},
        {"type": "event", "text": "云海市五届人大三次会议", "optional": True, "start": 20, "end": 31},
    ])
    out = tmp_path / "out"
    write_jsonl(out / "mentions.jsonl", [
        mention("r1", "number", 0, 2, 5.0, unit="个", qualifier=None),      # right
        mention("r1", "number", 4, 7, 6.0, unit="%", qualifier=None),       # span right, qualifier wrong
        mention("r1", "org", 10, 13),                                       # right
        mention("r1", "org", 22, 27),                                       # overlaps an optional org: not counted
        mention("r1", "org", 40, 44),                                       # spurious
    ])
    write_jsonl(out / "documents.jsonl", [{"doc_id": "r1", "status": "ok"}])
    return folder, out


def test_eval_folder_of_reports_optional_and_events(report_folder) -> None:
    result = invoke("eval", *report_folder, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    org = report["types"]["org"]
    assert (org["gold"], org["predicted"], org["matched"]) == (1, 2, 1)  # optional neither rewarded nor penalised
    number = report["types"]["number"]
    assert number["f1"] == 1.0 and number["e2e_f1"] == 0.5  # the qualifier counts end to end
    assert "event" not in report["types"] and report["ignored_labels"] == {"event": 1}
    assert report["per_document"]["r1"]["org"]["matched"] == 1


def test_eval_folder_prints_per_report_and_errors(report_folder) -> None:
    result = invoke("eval", *report_folder, "--errors")
    assert result.exit_code == 0, result.output
    assert "r1 " in result.output and "number P/R/F1" in result.output
    assert "r1\t40\tspurious\torg" in result.output
    assert "r1\t4\tvalue\tnumber" in result.output


def _fact_row(doc_id: str, start: int, end: int, **fields) -> dict:
    mention_id = f"{doc_id}:{start}:{end}:number"
    return {"doc_id": doc_id, "id": mention_id, "mention_id": mention_id, **fields}


@pytest.fixture
def observation_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A made-up report whose three figures have observation gold; the run gets the first right,
    the second right but for a scope word of its indicator, the third's year wrong."""
    folder = tmp_path / "reports"
    text = "全市工业增加值增长6%，新增企业12家，到2025年末人口8万人，又有8万人。"
    folder.mkdir()
    (folder / "r2.txt").write_text(text, encoding="utf-8")
    write_jsonl(folder / "r2.gold.jsonl", [{"type": "number", "text": "6%", "value": 6, "start": 9, "end": 11}])
    place = {"region": "云海市", "period_start": "2025-01-01", "period_end": "2025-12-31"}
    write_jsonl(folder / "r2.obs.jsonl", [
        {"text": "6%", "indicator": "工业增加值", "measure": "growth", "direction": "up", **place},
        {"text": "12家", "indicator": "企业", "measure": "change", "modality": "actual", **place},  # no direction key: not scored
        {"text": "2025年末", "indicator": "人口", "measure": "level", "region": "云海市"},  # no number of that text: not found
    ])
    out = tmp_path / "out"
    spans = [(9, 11, "6%"), (14, 17, "12家")]
    write_jsonl(out / "mentions.jsonl", [dict(mention("r2", "number", s, e), id=f"r2:{s}:{e}:number", text=t)
                                         for s, e, t in spans])
    write_jsonl(out / "facts.jsonl", [
        _fact_row("r2", 9, 11, indicator="工业增加值", measure="growth", direction="up", modality="actual", **place),
        _fact_row("r2", 14, 17, indicator="新增企业", measure="change", direction="down", modality="actual",
                  region="云海市", period_start="2024-01-01", period_end="2024-12-31"),
    ])
    write_jsonl(out / "documents.jsonl", [{"doc_id": "r2", "status": "ok"}])
    return folder, out


def test_eval_scores_observations_key_by_key(observation_folder) -> None:
    result = invoke("eval", *observation_folder, "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["observations"]["all"]
    assert figures["figures"] == 3 and figures["found"] == round(2 / 3, 4)
    assert figures["indicator"] == round(1 / 3, 4) and figures["indicator_loose"] == round(2 / 3, 4)  # 新增 ignored
    assert figures["direction"] == 1.0  # given once, right once; the second figure gives none
    assert figures["period_start"] == 0.5 and figures["region"] == round(2 / 3, 4)
    assert figures["fully_right"] == round(1 / 3, 4) and figures["all_but_indicator"] == round(1 / 3, 4)


def test_eval_prints_observation_totals_last(observation_folder) -> None:
    result = invoke("eval", *observation_folder, "--errors")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("observations: 3 figures, fully right 0.333, all but indicator 0.333")
    assert "r2\tobservation\t12家\tperiod_start gold '2025-01-01' / predicted '2024-01-01'" in result.output
    assert "r2\tobservation\t2025年末\tno fact" in result.output


@pytest.mark.parametrize("extra", [["--errors"], ["--json"]])
def test_eval_totals_only_names_no_report(report_folder, extra) -> None:
    """A held-out set is scored without a row, key or error line that names one of its reports."""
    result = invoke("eval", *report_folder, "--totals-only", *extra)
    assert result.exit_code == 0, result.output
    assert "r1" not in result.output, result.output


def test_eval_totals_only_keeps_observation_totals(observation_folder) -> None:
    for extra in (["--errors"], ["--json"]):
        result = invoke("eval", *observation_folder, "--totals-only", *extra)
        assert result.exit_code == 0 and "r2" not in result.output, result.output
    text = invoke("eval", *observation_folder, "--totals-only").output
    assert text.splitlines()[-1].startswith("observations: 3 figures, fully right 0.333")
    report = json.loads(invoke("eval", *observation_folder, "--totals-only", "--json").output)
    assert "per_document" not in report and "per_document" not in report["observations"]
    assert report["observations"]["all"]["figures"] == 3


def test_eval_folder_without_gold_files(tmp_path: Path, report_folder) -> None:
    result = invoke("eval", tmp_path / "out", report_folder[1])
    assert result.exit_code == 2 and "no *.gold.jsonl" in result.output


# --- eval against the benchmark format ------------------------------------------------


BENCHMARK = [
    {"text": "奖池36.57亿元,其中1000万元为头奖", "expected": [
        {"surface": "36.57亿元", "start": 2, "end": 9, "type": "currency", "value": "3657000000", "unit": "Chinese yuan"},
        {"surface": "1000万元", "start": 12, "end": 18, "type": "currency", "value": "10000000"}]},
    {"text": "增长了50%,排名第三", "expected": [
        {"surface": "50%", "start": 3, "end": 6, "type": "percentage", "value": "50%"},
        {"surface": "第三", "start": 9, "end": 11, "type": "ordinal", "value": "3"}]},
    {"id": "telecom", "text": "中国电信天津分公司党委书记", "entities": [
        {"surface": "中国电信天津分公司", "start": 0, "end": 9, "label": "company"}]},
]


def test_eval_benchmark_format_with_texts_written_by_the_tool(tmp_path: Path, extractor) -> None:
    gold = write_jsonl(tmp_path / "cases.jsonl", BENCHMARK)
    texts = tmp_path / "texts"
    written = invoke("texts", gold, texts)
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in texts.iterdir()) == ["cases-00001.txt", "cases-00002.txt", "telecom.txt"]
    # What `extract texts --out out` writes, made with the same Extractor.
    mentions, documents = [], []
    for path in sorted(texts.iterdir()):
        document = read_document(path, path.stem)
        rows = [mention_row(m) for m in extractor.extract(document.text, document.doc_id)]
        mentions += rows
        documents.append(document_row(document, len(document.text), len(rows)))
    write_jsonl(tmp_path / "out" / "mentions.jsonl", mentions)
    write_jsonl(tmp_path / "out" / "documents.jsonl", documents)

    result = invoke("eval", gold, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["ignored_labels"] == {"ordinal": 1}
    assert scores["documents"] == 3 and scores["documents_not_in_outdir"] == 0
    assert scores["types"]["number"]["gold"] == 3
    assert scores["types"]["number"]["matched"] == 3
    assert scores["types"]["number"]["value_accuracy"] == 1.0
    assert scores["types"]["org"]["matched"] == 1


def test_gold_values_as_the_benchmarks_write_them() -> None:
    assert parse_value("3657000000") == 3.657e9
    assert parse_value("50%") == 50.0
    assert parse_value("6E-05%") == 6e-05
    assert parse_value(None) is None and parse_value("1/3") is None


# --- eval errors: exit 2 with one line ------------------------------------------------


def test_eval_without_mentions_jsonl(tmp_path: Path, spec_case) -> None:
    result = invoke("eval", spec_case[0], tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "mentions.jsonl does not exist" in result.output


@pytest.mark.parametrize("content,message", [
    ('{"doc_id": "a"\n', "gold.jsonl:1: not JSON"),
    ('{"text": "x", "entities": []}\n{"words": []}\n', "gold.jsonl:2: neither a mention row"),
    ('{"doc_id": "a", "type": "number", "start": "zero", "end": 1}\n', "gold.jsonl:1: malformed gold row"),
    ("[1, 2]\n", "gold.jsonl:1: expected a JSON object"),
], ids=["not-json", "unknown-format", "bad-offset", "not-an-object"])
def test_eval_bad_gold(tmp_path: Path, spec_case, content: str, message: str) -> None:
    (tmp_path / "gold.jsonl").write_text(content, encoding="utf-8")
    result = invoke("eval", tmp_path / "gold.jsonl", spec_case[1])
    assert result.exit_code == 2
    assert message in result.output


def test_texts_needs_benchmark_cases(spec_case, tmp_path: Path) -> None:
    result = invoke("texts", spec_case[0], tmp_path / "texts")
    assert result.exit_code == 2
    assert "no benchmark cases" in result.output


# --- rules check ----------------------------------------------------------------------


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_rules_dir(), tmp_path / "rules"))


def test_rules_check_passes_on_the_shipped_rules() -> None:
    result = invoke("rules", "check")
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output and "FAIL" not in result.output


def test_rules_check_reports_a_broken_file_in_one_line(rules_copy: Path) -> None:
    numbers = rules_copy / "numbers.yaml"
    numbers.write_text(numbers.read_text(encoding="utf-8") + "rules: []\n", encoding="utf-8")
    result = invoke("rules", "check", "--rules", rules_copy)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "bad rule file:" in result.output and "numbers.yaml:" in result.output
    assert "duplicate key 'rules'" in result.output


def test_rules_check_fails_on_a_wrong_example(rules_copy: Path) -> None:
    numbers = rules_copy / "numbers.yaml"
    text = numbers.read_text(encoding="utf-8")
    assert "span: 1806家, value: 1806," in text
    numbers.write_text(text.replace("span: 1806家, value: 1806,", "span: 1806家, value: 1807,"), encoding="utf-8")
    result = invoke("rules", "check", "--rules", rules_copy)
    assert result.exit_code == 1
    assert "FAIL numbers.yaml:number.quantity" in result.output
    assert "value=Decimal('1806') (expected 1807)" in result.output
    assert " 1 failed" in result.output


# --- help -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["eval"], ["texts"], ["rules"], ["rules", "check"]], ids=" ".join)
def test_help_has_an_example(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
