"""The `extract` command end to end: outputs, exit codes, failed files, encodings."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.output.write import DOCUMENT_FIELDS, MENTION_FIELDS

from .conftest import CORPUS, GOLDEN, ROOT

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
SEED_MENTIONS = len((GOLDEN / "000_08e7a5d6346f8cff.mentions.jsonl").read_text(encoding="utf-8").splitlines())
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _numeric(rows: list[dict]) -> list[dict]:
    """Numbers and ratios only: org/project counts are checked by the golden files."""
    return [r for r in rows if r["type"] in ("number", "ratio")]


def test_seed_run_writes_all_outputs(tmp_path) -> None:
    result = _run(str(SEED), "--out", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    mentions = _jsonl(tmp_path / "mentions.jsonl")
    assert len(_numeric(mentions)) == 22
    assert list(mentions[0]) == MENTION_FIELDS
    documents = _jsonl(tmp_path / "documents.jsonl")
    assert list(documents[0]) == DOCUMENT_FIELDS
    assert documents[0]["status"] == "ok" and documents[0]["mention_count"] == SEED_MENTIONS
    raw = (tmp_path / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    rows = list(csv.DictReader((tmp_path / "mentions.csv").open(encoding="utf-8-sig", newline="")))
    assert len(rows) == SEED_MENTIONS and rows[1]["values"] == "[3.9, 53.9, 42.2]"
    assert not list(tmp_path.glob(".*.tmp")), "temporary files left behind"


def test_bad_file_is_listed_and_batch_continues(tmp_path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    (inputs / "b.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary" * 50)
    (inputs / "c.txt").write_bytes(b"")
    (inputs / "d.txt").write_bytes("全区规模以上工业企业达到579家".encode("gb18030"))
    out = tmp_path / "out"
    result = _run(str(inputs), "--out", str(out))
    assert result.exit_code == 1, result.output
    docs = {d["doc_id"]: d for d in _jsonl(out / "documents.jsonl")}
    assert docs["a"]["status"] == "ok" and docs["a"]["mention_count"] == SEED_MENTIONS
    assert docs["b"]["status"] == "failed" and "binary" in docs["b"]["reason"]
    assert "\n" not in docs["b"]["reason"]
    assert docs["c"]["status"] == "ok" and docs["c"]["mention_count"] == 0
    assert docs["d"]["encoding"] == "gb18030" and docs["d"]["mention_count"] == 1
    assert "failed" in result.output


def test_missing_file_is_a_failed_row(tmp_path) -> None:
    result = _run(str(SEED), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    docs = _jsonl(tmp_path / "out" / "documents.jsonl")
    assert [d["status"] for d in docs] == ["ok", "failed"]
    assert "cannot read" in docs[1]["reason"]


def test_no_matching_input_is_a_usage_error(tmp_path) -> None:
    result = _run(str(tmp_path / "*.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no file matches" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    assert _run("--no-such-option").exit_code == 2


def test_version_and_help() -> None:
    result = _run("--version")
    assert result.exit_code == 0 and result.output.startswith("extract ")
    help_text = _run("--help").output
    assert "Example:" in help_text and "Exit status" in help_text


def test_bad_rule_file_stops_before_reading_input(tmp_path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / "numbers.yaml").read_text(encoding="utf-8")
    (rules / "numbers.yaml").write_text(text.replace("pattern: |\n      ", "pattern: |\n      ((", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = _run(str(SEED), "--out", str(out), "--rules", str(rules))
    assert result.exit_code == 2
    assert "numbers.yaml:" in result.output and "does not compile" in result.output
    assert not out.exists(), "nothing may be written when the rules are broken"


def test_failed_write_leaves_previous_outputs(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert _run(str(SEED), "--out", str(out), "-q").exit_code == 0
    before = (out / "mentions.jsonl").read_bytes()

    import extractor.output.write as write

    def broken_replace(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", broken_replace)
    result = _run(str(SEED), "--out", str(out), "-q")
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert (out / "mentions.jsonl").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_encodings_give_identical_mentions(tmp_path, encoding) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(text.encode(encoding))
    assert _run(str(path), "--out", str(tmp_path / "out"), "-q").exit_code == 0
    got = [(m["text"], m["start"], m["value"]) for m in _numeric(_jsonl(tmp_path / "out" / "mentions.jsonl"))]
    assert len(got) == 22 and got[0] == ("1806家", 322, 1806.0)


def test_html_report_is_written(tmp_path) -> None:
    """--html imports the report's module only when asked (see the start-up test below)."""
    result = _run(str(SEED), "--out", str(tmp_path / "out"), "--quiet", "--html", str(tmp_path / "report.html"))
    assert result.exit_code == 0, result.output
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8").lower()


def test_start_up_imports_no_yaml_nor_html_once_the_rules_are_cached(tmp_path) -> None:
    """A process whose rules come from the disk cache reads no rule file (no yaml), writes no
    HTML report unless asked (no html) and imports a format's reader at its first file of that
    format: importing them cost each start-up about 0.07 s."""
    import subprocess
    import sys

    from extractor.ruleset.disk_cache import CACHE_DIR_ENV

    from .conftest import child_env

    script = ("import sys, extractor.cli; from extractor.pipeline import Extractor; Extractor().warm_up(); "
              "print(sorted(m for m in ('yaml', 'html', 'extractor.read.html_text', 'extractor.read.docx_text', "
              "'extractor.read.pdf_text') if m in sys.modules))")
    env = {**child_env(), CACHE_DIR_ENV: str(tmp_path)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True)  # fills the cache
    second = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    assert second.stdout.strip() == "[]"
