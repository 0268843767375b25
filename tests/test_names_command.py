"""`extractor names OUTDIR`: distinct orgs and projects with counts and one line of context, and
a random draw that a seed repeats (made-up sentences of the genre)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.tools import app
from extractor.tools.names_command import context_line, distinct_names, sample_rows

runner = CliRunner()
TEXT_A = "海辰集团在江城开发区建设海辰新材料产业园项目。海辰集团表示，项目年内投产。"
TEXT_B = "江城市发展改革委批复了江城开发区扩区方案。"


def _span(text: str, doc_id: str, kind: str, name: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return {"doc_id": doc_id, "type": kind, "text": name, "name": name, "start": start, "end": start + len(name)}


def _run(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="gb18030")  # read again as `extract` reads it
    rows = [_span(TEXT_A, "a", "org", "海辰集团"), _span(TEXT_A, "a", "project", "江城开发区"),
            _span(TEXT_A, "a", "project", "海辰新材料产业园项目"), _span(TEXT_A, "a", "org", "海辰集团", 1),
            _span(TEXT_B, "b", "org", "江城市发展改革委"), _span(TEXT_B, "b", "project", "江城开发区"),
            {"doc_id": "a", "type": "number", "text": "1", "name": None, "start": 0, "end": 1}]
    out = tmp_path / "out"
    out.mkdir()
    (out / "mentions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    documents = [{"doc_id": d, "path": str(tmp_path / f"{d}.txt"), "status": "ok"} for d in "ab"]
    (out / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in documents), encoding="utf-8")
    return out


def test_names_lists_distinct_names_by_count_with_context(tmp_path: Path) -> None:
    result = runner.invoke(app, ["names", str(_run(tmp_path)), "--width", "4"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# org: 3 mention(s), 2 distinct, 2 listed"
    assert lines[1] == "2\t海辰集团\ta:0\t【海辰集团】在江城开"
    assert lines[2].startswith("1\t江城市发展改革委\tb:0\t【江城市发展改革委】批复了江")
    assert lines[3] == "# project: 3 mention(s), 2 distinct, 2 listed"
    assert lines[4] == "2\t江城开发区\ta:5\t辰集团在【江城开发区】建设海辰"


def test_names_sample_is_repeatable_and_of_the_size_asked() -> None:
    rows = [{"doc_id": "d", "type": "org", "name": f"某{k}集团", "text": f"某{k}集团", "start": k, "end": k + 4}
            for k in range(30)]
    listed = distinct_names(rows, ("org",))["org"]
    first = sample_rows(listed, 10, seed=22, kind="org")
    assert len(first) == 10 and first == sample_rows(listed, 10, seed=22, kind="org")
    assert first != sample_rows(listed, 10, seed=23, kind="org")
    assert sample_rows(listed, 50, seed=22, kind="org") == listed  # fewer than asked: all of them


def test_names_types_option_and_missing_outdir(tmp_path: Path) -> None:
    out = _run(tmp_path)
    only = runner.invoke(app, ["names", str(out), "--types", "project"])
    assert only.exit_code == 0 and "# org" not in only.output and "# project" in only.output
    assert runner.invoke(app, ["names", str(out), "--types", "person"]).exit_code == 2
    assert runner.invoke(app, ["names", str(tmp_path / "nowhere")]).exit_code == 2


def test_context_line_is_one_line() -> None:
    assert context_line("甲乙\n丙丁某某集团戊己", 5, 9, 4) == "乙 丙丁【某某集团】戊己"
