"""Batches give the same outputs whatever the engine: --jobs 1, --jobs 2, chunked large
files, Dask; --incremental skips unchanged files and keeps their rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import extractor.run.task as task
import extractor.read.reader as reader
from extractor.cli import app

from .conftest import CORPUS

runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Several copies of the corpus (one renamed, one in a sub-folder) and a bad file."""
    folder = tmp_path_factory.mktemp("inputs")
    for i, article in enumerate(sorted(CORPUS.glob("*.txt")) * 3):
        target = folder / (f"sub/{i}_{article.name}" if i == 1 else f"{i}_{article.name}")
        target.parent.mkdir(exist_ok=True)
        shutil.copy(article, target)
    (folder / "zz_binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("mentions.jsonl", "mentions.csv", "documents.jsonl")}


def _run(inputs: Path, out: Path, *options: str) -> dict[str, bytes]:
    result = runner.invoke(app, [str(inputs), "--out", str(out), "-q", *options])
    assert result.exit_code == 1, result.output  # the binary file fails, the rest succeed
    return _outputs(out)


def test_jobs_two_equals_jobs_one(inputs, tmp_path) -> None:
    one = _run(inputs, tmp_path / "one", "--jobs", "1")
    two = _run(inputs, tmp_path / "two", "--jobs", "2")
    assert one == two
    assert one["mentions.jsonl"].count(b"\n") > 20



def test_rows_of_a_whole_text_spilled_in_batches_equal_rows_held_in_memory(inputs, tmp_path, monkeypatch) -> None:
    files = ("mentions.jsonl", "mentions.csv", "facts.jsonl", "facts.csv", "observations.csv", "documents.jsonl")
    held = _run(inputs, tmp_path / "held", "--jobs", "1")
    monkeypatch.setattr(task, "SPILL_ROWS", 7)  # every article's rows are many: spilled 7 at a time
    spilled = _run(inputs, tmp_path / "spilled", "--jobs", "1")
    assert spilled == held
    assert {name: (tmp_path / "spilled" / name).read_bytes() for name in files} == \
        {name: (tmp_path / "held" / name).read_bytes() for name in files}

def test_chunked_large_files_equal_whole_files(inputs, tmp_path, monkeypatch) -> None:
    whole = _run(inputs, tmp_path / "whole", "--jobs", "1")
    monkeypatch.setattr(task, "LARGE_FILE_BYTES", 100)  # every file takes the streaming path
    monkeypatch.setattr(reader, "CHUNK_BYTES", 300)  # and is cut into many small chunks
    monkeypatch.setattr(task, "SPILL_ROWS", 7)  # whose rows reach the spill files in many small batches
    chunked = _run(inputs, tmp_path / "chunked", "--jobs", "1")
    assert chunked == whole
    assert not list((tmp_path / "chunked").glob(".spill.*")), "spill folder left behind"


def test_a_file_without_line_breaks_is_cut_after_sentences(tmp_path, monkeypatch) -> None:
    """A one-line file is cut after a sentence end, so its chunks give the whole text's rows;
    varied line ends (',' and '\\n' inside a name run, a ')' before one) must not matter."""
    text = (CORPUS / "000_08e7a5d6346f8cff.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one_line.txt").write_text(text.replace("\n", ""), encoding="utf-8")
    (folder / "lines.txt").write_text(text.replace("忠旺铝业、", "(12)\n忠旺铝业、"), encoding="utf-8")
    (folder / "zz_binary.txt").write_bytes(bytes(range(256)) * 8)  # _run expects one failure
    whole = _run(folder, tmp_path / "whole", "--jobs", "1")
    monkeypatch.setattr(task, "LARGE_FILE_BYTES", 100)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 100)  # 4x this is much shorter than the line
    pieces = list(reader.iter_text_chunks(folder / "one_line.txt", "utf-8"))
    assert len(pieces) > 3 and all(piece[-1] in "。”" for piece in pieces[:-1])
    chunked = _run(folder, tmp_path / "chunked", "--jobs", "1")
    assert chunked == whole
    assert "忠旺铝业" in whole["mentions.csv"].decode() and "\\n忠旺" not in whole["mentions.jsonl"].decode()


def test_chunk_pieces_concatenate_to_the_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "CHUNK_BYTES", 512)  # 4x this is longer than any line
    text = (CORPUS / "000_08e7a5d6346f8cff.txt").read_text(encoding="utf-8")
    for encoding in ("utf-8", "gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        pieces = list(reader.iter_text_chunks(path, reader.sniff_encoding(path)))
        assert "".join(pieces) == text
        assert all(piece.endswith("\n") for piece in pieces[:-1])


def test_incremental_skips_unchanged_and_keeps_rows(inputs, tmp_path) -> None:
    out = tmp_path / "out"
    first = _run(inputs, out, "--jobs", "1")
    result = runner.invoke(app, [str(inputs), "--out", str(out), "--incremental", "--jobs", "1"])
    assert "unchanged" in result.output
    assert _outputs(out) == first


def test_incremental_redoes_outputs_of_a_version_with_other_fields(inputs, tmp_path) -> None:
    """Facts written before the evidence fields existed are not carried over: every file is redone."""
    out = tmp_path / "out"
    first = _run(inputs, out, "--jobs", "1")
    older = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    (out / "facts.jsonl").write_text("".join(
        json.dumps({k: v for k, v in row.items() if k not in ("evidence", "period_by")}, ensure_ascii=False) + "\n"
        for row in older), encoding="utf-8")
    result = runner.invoke(app, [str(inputs), "--out", str(out), "--incremental", "--jobs", "1"])
    assert "unchanged" not in result.output
    assert _outputs(out) == first


@pytest.mark.slow
def test_dask_local_cluster_equals_local(inputs, tmp_path) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    local = _run(inputs, tmp_path / "local", "--jobs", "1")
    on_dask = _run(inputs, tmp_path / "dask", "--engine", "dask")
    assert on_dask == local
