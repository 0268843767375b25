"""The contract in the repo (docs/OUTPUTS.md), the README that runs from a clone alone, the end
summary, and --db into a folder that does not exist yet."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import yaml
from typer.testing import CliRunner

from extractor.cli import app
from extractor.output.write import DOCUMENT_FIELDS, FACT_FIELDS, MENTION_FIELDS, OBSERVATION_FIELDS

from .conftest import CORPUS, ROOT

OUTPUTS_DOC = ROOT / "docs" / "OUTPUTS.md"
README = ROOT / "README.md"
SEED = CORPUS / "000_08e7a5d6346f8cff.txt"


def _documented_fields(text: str) -> set[str]:
    """Every `name` in the first column of a table row of the page."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def test_every_output_field_is_documented() -> None:
    documented = _documented_fields(OUTPUTS_DOC.read_text(encoding="utf-8"))
    for fields in (MENTION_FIELDS, FACT_FIELDS, DOCUMENT_FIELDS):
        assert set(fields) <= documented, set(fields) - documented
    observation_line = re.search(r"`(doc_id, region, [^`]+)`", OUTPUTS_DOC.read_text(encoding="utf-8").replace("\n", " "))
    assert observation_line and [f.strip() for f in observation_line.group(1).split(",")] == OBSERVATION_FIELDS


def test_every_unit_code_and_measure_is_documented() -> None:
    documented = _documented_fields(OUTPUTS_DOC.read_text(encoding="utf-8"))
    units = yaml.safe_load((ROOT / "rules" / "units.yaml").read_text(encoding="utf-8"))
    codes = {str(u["code"]) for section in ("units", "per") for u in units[section]}
    assert codes <= documented, codes - documented
    facts = (ROOT / "rules" / "facts.yaml").read_text(encoding="utf-8")
    kinds = set(re.findall(r"^\s+measure: ([a-z_]+)$", facts, re.MULTILINE)) | {"growth", "change", "level"}
    assert kinds <= documented, kinds - documented


def test_readme_and_help_point_to_the_contract() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "docs/OUTPUTS.md" in readme
    assert "../shared" not in readme, "README examples must run from a clone alone"
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert "docs/OUTPUTS.md" in result.output


def test_readme_paths_exist_in_the_repo() -> None:
    """Files a README command or example reads are in the repo (outputs/ is what a run writes)."""
    readme = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|python|sql)\n(.*?)```", readme, re.DOTALL)
    for path in re.findall(r"(?<![\w/.])((?:corpus|tests|docs|rules|bench)/[\w./*-]+)", "\n".join(blocks)):
        if "*" in path:
            assert list(ROOT.glob(path)), path
        else:
            assert (ROOT / path).exists(), path


def test_db_folder_is_created_and_summary_counts_everything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    database = tmp_path / "new" / "dir" / "x.db"
    result = CliRunner().invoke(app, [str(SEED), "--out", str(out), "--jobs", "1", "--db", f"sqlite:///{database}"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM observations").fetchone()[0] > 0
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    mentions = (out / "mentions.jsonl").read_text(encoding="utf-8").count("\n")
    undated = sum(f["period_start"] is None for f in facts)
    share = round(100 * undated / len(facts))
    summary = result.output.strip().splitlines()[-1]
    assert summary == (f"1 file(s), 0 failed, {mentions} mention(s), {len(facts)} fact(s) = observation(s), "
                       f"{undated} ({share}%) without a period -> {out}")


def test_every_kind_of_decided_evidence_is_documented() -> None:
    """Each `kind` the facts stage writes into period_by, region_by, modality_by has a row on the page."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "src" / "extractor").rglob("*.py"))
    kinds = set(re.findall(r'Decided\("([^"]+)"', source))
    # the region step names its hits' kinds in the hit tuples, then makes Decided(kind, …)
    kinds |= set(re.findall(r'end, "([a-z ]+)"\) for ', (ROOT / "src" / "extractor" / "facts" / "region_step.py").read_text(encoding="utf-8")))
    assert {"sentence", "place", "region word", "no plan word"} <= kinds
    page = OUTPUTS_DOC.read_text(encoding="utf-8")
    for kind in kinds:
        assert re.search(rf"^\| `{re.escape(kind)}[ :`]", page, re.MULTILINE), kind


def test_readme_examples_run_as_written(tmp_path: Path, monkeypatch) -> None:
    """In a folder holding only what a clone has (corpus/, rules/), after `make run` with --db: every
    python and SQL block of the README runs."""
    import shutil

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [str(SEED.relative_to(ROOT)), "--out", "outputs", "--jobs", "1", "-q",
                                      "--db", "sqlite:///outputs/extract.db"])
    assert result.exit_code == 0, result.output
    readme = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own examples
    for query in re.findall(r"```sql\n(.*?)```", readme, re.DOTALL):
        with sqlite3.connect("outputs/extract.db") as connection:
            connection.execute(query).fetchall()
