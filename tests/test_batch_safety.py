"""A batch never loses work (issue 27, all but the worker cases): odd file names, one output set
committed as a unit, a lock on --out, unique doc_ids, content checks at any size, lying HTML
charsets, --out in awkward places, one-line failures, DOCX and HTML shapes readers refused.

Only public pieces: the `extract` command (in-process through typer's CliRunner, or as a child
process when a kill or a second process is part of the test).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import CORPUS, child_env

SEED_TEXT = (CORPUS / "000_08e7a5d6346f8cff.txt").read_text(encoding="utf-8")
ARTICLE = "全区规模以上工业企业达到579家，同比增长百分之十二，工业增加值增长百分之八点五。"
OUTPUT_NAMES = {"mentions.jsonl", "mentions.csv", "facts.jsonl", "facts.csv", "observations.csv", "documents.jsonl"}
runner = CliRunner()


def _cli(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _child(args: list, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=child_env(), **kwargs)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _documents(out: Path) -> dict[str, dict]:
    return {row["doc_id"]: row for row in _jsonl(out / "documents.jsonl")}


def _snapshot(out: Path) -> dict[str, bytes]:
    """The output files as a reader of --out sees them (through whatever links --out holds)."""
    return {name: (out / name).read_bytes() for name in sorted(OUTPUT_NAMES) if (out / name).exists()}


def _one_line(stderr: str, *fragments: str) -> None:
    message = stderr.strip()
    assert message and "\n" not in message and "Traceback" not in message, stderr
    for fragment in fragments:
        assert fragment in message, message


def _assert_consistent(out: Path) -> None:
    """documents.jsonl, mentions.jsonl and facts.jsonl describe the same documents (one run's set)."""
    documents = _documents(out)
    counts: dict[str, int] = {}
    for row in _jsonl(out / "mentions.jsonl"):
        counts[row["doc_id"]] = counts.get(row["doc_id"], 0) + 1
    assert counts == {d: row["mention_count"] for d, row in documents.items() if row["mention_count"]}
    assert {row["doc_id"] for row in _jsonl(out / "facts.jsonl")} <= set(documents)


# --- 1. a file name that is not valid UTF-8 ---------------------------------------------


def test_name_not_utf8_is_processed_like_any_other(tmp_path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    gbk_name = "报告".encode("gbk") + b".txt"  # what a zip made on Chinese Windows unpacks to
    with open(os.fsencode(inputs) + b"/" + gbk_name, "w", encoding="utf-8") as handle:
        handle.write(SEED_TEXT)
    (inputs / "neighbour.txt").write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = _cli(inputs, "--out", out, "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = list(_documents(out).values())
    assert len(rows) == 2 and all(row["status"] == "ok" for row in rows)
    odd = next(row for row in rows if row["path"].endswith(".txt") and "neighbour" not in row["path"])
    assert "\\xb1\\xa8\\xb8\\xe6" in odd["path"], odd  # the bytes shown as escapes, the row is valid UTF-8
    assert odd["doc_id"].isprintable() and "/" not in odd["doc_id"]
    neighbour = next(row for row in rows if "neighbour" in row["path"])
    assert odd["mention_count"] == neighbour["mention_count"] > 20
    mentions = _jsonl(out / "mentions.jsonl")
    assert {m["doc_id"] for m in mentions} == {odd["doc_id"], neighbour["doc_id"]}


# --- 2. the output set is one unit --------------------------------------------------------

# Runs `extract` and SIGKILLs itself at the Nth os.replace/os.rename (a kill between renames).
KILL_AT_NTH_RENAME = """
import os, signal, sys
nth = int(sys.argv.pop(1))
calls = [0]
def dying(real):
    def call(*args, **kwargs):
        result = real(*args, **kwargs)
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return call
os.replace, os.rename = dying(os.replace), dying(os.rename)
from extractor.cli import main
sys.argv[0] = "extract"
main()
"""


def _two_runs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Inputs of run A (one file) and run B (three files) in one folder each."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "x.txt").write_text(SEED_TEXT + ARTICLE, encoding="utf-8")  # nothing of run A carries into B
    for name, copies in (("x.txt", 1), ("y.txt", 2), ("z.txt", 3)):
        (second / name).write_text(SEED_TEXT * copies, encoding="utf-8")
    (second / "w.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    return first, second, tmp_path / "out"


@pytest.mark.parametrize("nth", [1, 2, 3, 4, 6, 9])
def test_kill_at_any_rename_leaves_one_complete_set(tmp_path, nth) -> None:
    first, second, out = _two_runs(tmp_path)
    assert _cli(first, "--out", out, "-q", "--jobs", "1").exit_code == 0
    before = _snapshot(out)
    reference = tmp_path / "reference"
    assert _cli(second, "--out", reference, "-q", "--jobs", "1").exit_code == 0
    after = _snapshot(reference)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_NTH_RENAME, str(nth), str(second), "--out", str(out),
                             "-q", "--jobs", "1"], env=child_env(), capture_output=True, text=True, timeout=300)
    now = _snapshot(out)
    assert now in (before, after), f"killed at rename {nth} (rc {killed.returncode}): a set of two runs"
    _assert_consistent(out)
    if killed.returncode == -signal.SIGKILL:  # the next incremental run reads the state and completes it
        rerun = _child([second, "--out", out, "-q", "--jobs", "1", "--incremental"])
        assert rerun.returncode == 0, rerun.stderr
        assert _snapshot(out) == after


def _finished_set(tmp_path: Path) -> tuple[Path, Path]:
    first, second, out = _two_runs(tmp_path)
    assert _cli(second, "--out", out, "-q", "--jobs", "1").exit_code == 0
    return second, out


@pytest.mark.parametrize("name", ["documents.jsonl", "mentions.jsonl", "facts.jsonl"])
def test_incremental_refuses_corrupt_state(tmp_path, name) -> None:
    inputs, out = _finished_set(tmp_path)
    lines = (out / name).read_text(encoding="utf-8").splitlines(keepends=True)
    (out / name).write_text("".join(lines[:1]) + '{"doc_id": "x", "id": \n' + "".join(lines[1:]), encoding="utf-8")
    before = _snapshot(out)
    child = _child([inputs, "--out", out, "-q", "--jobs", "1", "--incremental"])
    assert child.returncode == 2, child.stderr
    _one_line(child.stderr, name, "--incremental")
    assert _snapshot(out) == before, "a refused run changed the output set"


def test_incremental_refuses_a_mixed_set(tmp_path) -> None:
    """The issue's case: mentions.jsonl of one run beside documents.jsonl of another."""
    inputs, out = _finished_set(tmp_path)
    other = tmp_path / "other"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "x.txt").write_text(SEED_TEXT + ARTICLE, encoding="utf-8")
    assert _cli(tmp_path / "one", "--out", other, "-q", "--jobs", "1").exit_code == 0
    (out / "mentions.jsonl").write_bytes((other / "mentions.jsonl").read_bytes())
    before = _snapshot(out)
    child = _child([inputs, "--out", out, "-q", "--jobs", "1", "--incremental"])
    assert child.returncode == 2, child.stderr
    _one_line(child.stderr, "mentions.jsonl", "--incremental")
    assert _snapshot(out) == before and (out / "mentions.jsonl").stat().st_size > 0


# --- 3. a lock on --out --------------------------------------------------------------------


def _slow_inputs(tmp_path: Path, files: int = 30) -> Path:
    inputs = tmp_path / "slow"
    inputs.mkdir()
    for i in range(files):
        (inputs / f"doc{i:03d}.txt").write_text(SEED_TEXT * 10, encoding="utf-8")
    return inputs


def _start_and_wait_until_running(inputs: Path, out: Path, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "extractor", str(inputs), "--out", str(out), "-q",
                                "--jobs", "1", *extra], env=child_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(path.name != ".lock" for path in out.glob(".*")) if out.is_dir() else False:
            break  # it holds the lock and writes its temporaries
        time.sleep(0.05)
    assert process.poll() is None, "the first run finished before the second started; make it bigger"
    return process


def test_second_run_on_one_out_exits_2_and_the_first_finishes(tmp_path) -> None:
    inputs, out = _slow_inputs(tmp_path), tmp_path / "out"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "q.txt").write_text(ARTICLE, encoding="utf-8")
    first = _start_and_wait_until_running(inputs, out)
    second = _child([tmp_path / "one", "--out", out, "-q", "--jobs", "1"])
    assert second.returncode == 2, second.stderr
    _one_line(second.stderr, str(out), "another run")
    _, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    documents = _documents(out)
    assert len(documents) == 30 and all(row["status"] == "ok" for row in documents.values())
    _assert_consistent(out)


def test_second_run_with_wait_runs_after_the_first(tmp_path) -> None:
    inputs, out = _slow_inputs(tmp_path, files=10), tmp_path / "out"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "q.txt").write_text(ARTICLE, encoding="utf-8")
    first = _start_and_wait_until_running(inputs, out)
    second = _child([tmp_path / "one", "--out", out, "-q", "--jobs", "1", "--wait"])
    assert first.wait(timeout=600) == 0
    assert second.returncode == 0, second.stderr
    assert list(_documents(out)) == ["q"]
    _assert_consistent(out)


# --- 4. doc_id unique by construction --------------------------------------------------------

COLLIDING = ["a.txt", "a-2.txt", "a.html", "a-2.html", "a.pdf", "a-3.txt"]


def test_doc_ids_are_unique_and_named_when_they_clash(tmp_path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in COLLIDING:
        path = inputs / name
        if name.endswith(".html"):
            path.write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
        elif name.endswith(".pdf"):
            path.write_bytes(b"%PDF-1.4\n% not a real one\n")
        else:
            path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    database = tmp_path / "extract.db"
    result = _cli(inputs, "--out", out, "-q", "--jobs", "1", "--db", f"sqlite:///{database}")
    assert result.exit_code == 1, result.output  # only the fake PDF fails
    rows = _jsonl(out / "documents.jsonl")
    ids = [row["doc_id"] for row in rows]
    assert len(rows) == len(COLLIDING) and len(set(ids)) == len(ids), ids
    stems = {Path(name).stem for name in COLLIDING}
    for row in rows:
        stem = Path(row["path"]).stem
        assert row["doc_id"] == stem or row["doc_id"] not in stems, row  # never another input's name
        assert (row["doc_id"] != stem) == ("doc_id_clash" in row), row
    mention_ids = [m["id"] for m in _jsonl(out / "mentions.jsonl")]
    assert len(mention_ids) == len(set(mention_ids))
    with sqlite3.connect(database) as connection:
        in_db = {doc_id for (doc_id,) in connection.execute("select doc_id from documents")}
        assert in_db == {row["doc_id"] for row in rows if row["status"] == "ok"}
        assert connection.execute("select count(*) from mentions").fetchone()[0] == len(mention_ids)
    texts = {path.stem for path in (out / "texts").iterdir()}
    assert texts == {row["doc_id"] for row in rows if row["path"].endswith(".html")}
    summary = _cli(inputs, "--out", tmp_path / "out2", "--jobs", "1").output
    assert "a.txt: doc_id a-" in summary, summary


# --- 5. content checks at any size; declared HTML charsets -----------------------------------


def _large_text(tmp_path: Path, name: str, megabytes: float, insert: bytes = b"") -> Path:
    block = SEED_TEXT.encode("utf-8")
    data = block * (int(megabytes * 2**20) // len(block) + 1)
    middle = len(data) // 2
    middle = data.rfind(b"\n", 0, middle) + 1
    path = tmp_path / name
    path.write_bytes(data[:middle] + insert + data[middle:])
    return path


@pytest.mark.parametrize("megabytes", [0.5, 9.5])
def test_nul_bytes_fail_a_text_file_whatever_its_size(tmp_path, megabytes) -> None:
    path = _large_text(tmp_path, "nul.txt", megabytes, insert=b"\x00\x00\x00\x00")
    result = _cli(path, "--out", tmp_path / "out", "-q", "--jobs", "1")
    assert result.exit_code == 1
    row = _documents(tmp_path / "out")["nul"]
    assert row["status"] == "failed" and "NUL" in row["reason"], row


def test_pdf_named_txt_over_8mb_is_refused(tmp_path) -> None:
    head = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 9000000 /Filter /FlateDecode >>\nstream\n"
    body = bytes((i * 7919 + 13) % 256 for i in range(2**16)).replace(b"\x00", b"\x01") * 150
    path = tmp_path / "fake.txt"
    path.write_bytes(head + body)
    assert path.stat().st_size > 8 * 2**20
    result = _cli(path, "--out", tmp_path / "out", "-q", "--jobs", "1")
    assert result.exit_code == 1
    row = _documents(tmp_path / "out")["fake"]
    assert row["status"] == "failed" and "a PDF" in row["reason"] and row["mention_count"] == 0, row


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1251", "cp037", "base64", "rot13", "utf-16"])
def test_lying_html_charset_is_sniffed(tmp_path, declared) -> None:
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">'
            f"<title>工业</title></head><body><p>{ARTICLE}</p><p>{ARTICLE}</p></body></html>")
    (tmp_path / "page.html").write_bytes(page.encode("gbk"))
    out = tmp_path / "out"
    assert _cli(tmp_path / "page.html", "--out", out, "-q", "--jobs", "1").exit_code == 0
    row = _documents(out)["page"]
    assert row["encoding"] == "gb18030", row
    assert ARTICLE in (out / "texts" / "page.txt").read_text(encoding="utf-8")


def test_true_single_byte_charset_is_kept(tmp_path) -> None:
    """A page whose declared charset is right and whose language is not Chinese keeps it."""
    page = ('<html lang="fr"><head><meta charset="iso-8859-1"><title>t</title></head><body>'
            "<p>La production a augmenté de 12 % en 2023 ? Élevée, très élevée !</p>" * 3 + "</body></html>")
    (tmp_path / "fr.html").write_bytes(page.encode("latin-1"))
    out = tmp_path / "out"
    assert _cli(tmp_path / "fr.html", "--out", out, "-q", "--jobs", "1").exit_code == 0
    assert "augmenté" in (out / "texts" / "fr.txt").read_text(encoding="utf-8")


# --- 6. --out in awkward places -------------------------------------------------------------


def test_out_inside_an_input_folder_is_not_read(tmp_path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    (inputs / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    out = inputs / "out"
    for _ in range(2):
        result = _cli(inputs, "--out", out, "-q", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert sorted(_documents(out)) == ["page", "plain"]
    assert (out / "texts" / "page.txt").is_file()


def test_symlinks_out_of_out_are_not_followed(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    for name in ("texts", "mentions.jsonl", ".generations", ".lock"):
        (out / name).symlink_to(elsewhere if name in ("texts", ".generations") else elsewhere / name)
    (tmp_path / "page.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    assert _cli(tmp_path / "page.html", "--out", out, "-q", "--jobs", "1").exit_code == 0
    assert list(elsewhere.iterdir()) == [], "outputs were written outside --out"
    assert ARTICLE in (out / "texts" / "page.txt").read_text(encoding="utf-8")
    assert (out / "texts" / "page.txt").resolve().is_relative_to(out.resolve())


def test_empty_out_is_a_usage_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["a.txt", "--out", "", "-q"])
    assert result.exit_code == 2, result.output
    assert "--out" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# --- 7. no traceback ------------------------------------------------------------------------


def test_read_only_out_is_one_line(tmp_path, monkeypatch) -> None:
    """An existing --out nothing may be created in (root writes anywhere, so mkdir is refused
    the way a read-only folder refuses it): exit 1, the documented code for outputs that
    cannot be written, and one line."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    read_only = tmp_path / "ro"
    read_only.mkdir()
    real_mkdir = os.mkdir

    def refused(path, *args, **kwargs):
        if str(os.fsdecode(path)).startswith(str(read_only)):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refused)
    result = runner.invoke(app, [str(tmp_path / "a.txt"), "--out", str(read_only), "-q", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    _one_line(result.output, str(read_only), "Permission denied")
    assert [p.name for p in read_only.iterdir() if p.name != ".lock"] == []


def test_database_without_its_driver_is_one_line(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    child = _child([tmp_path / "a.txt", "--out", tmp_path / "out", "-q", "--jobs", "1",
                    "--db", "mysql://user@localhost/reports"])
    assert child.returncode == 2, child.stderr
    _one_line(child.stderr, "--db")


# --- 8. DOCX main part elsewhere; deep HTML ----------------------------------------------


def _docx_with_main_part(part: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(ARTICLE)
    buffer = io.BytesIO()
    document.save(buffer)
    moved = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(b"/word/document.xml", b"/" + part.encode()).replace(
                    b'Target="word/document.xml"', b'Target="' + part.encode() + b'"')
            name = part if item.filename == "word/document.xml" else item.filename
            if item.filename == "word/_rels/document.xml.rels":
                name = f"word/_rels/{Path(part).name}.rels"
            target.writestr(name, data)
    return moved.getvalue()


def test_docx_main_part_named_by_its_relationships(tmp_path) -> None:
    (tmp_path / "moved.docx").write_bytes(_docx_with_main_part("word/document2.xml"))
    out = tmp_path / "out"
    result = _cli(tmp_path / "moved.docx", "--out", out, "-q", "--jobs", "1")
    assert result.exit_code == 0, _documents(out)
    assert (out / "texts" / "moved.txt").read_text(encoding="utf-8") == ARTICLE


def test_html_article_nested_300_deep_is_read(tmp_path) -> None:
    page = ("<html><head><title>t</title></head><body>" + "<div>" * 300 + f"<p>{ARTICLE}</p>" * 3
            + "</div>" * 300 + "</body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = _cli(tmp_path / "deep.html", "--out", out, "-q", "--jobs", "1")
    assert result.exit_code == 0, _documents(out)
    assert ARTICLE in (out / "texts" / "deep.txt").read_text(encoding="utf-8")


def test_folder_of_plain_files_is_taken_over(tmp_path) -> None:
    """--out as an earlier version left it (plain files and a texts/ folder): --incremental
    carries its rows and texts, and the names become links to the new set."""
    first, second, out = _two_runs(tmp_path)
    assert _cli(second, "--out", out, "-q", "--jobs", "1").exit_code == 0
    expected = _snapshot(out)
    text = (out / "texts" / "w.txt").read_bytes()
    for entry in list(out.iterdir()):  # flatten: links become the files they point at
        if entry.is_symlink() and not entry.name.startswith("."):
            target = entry.resolve()
            entry.unlink()
            (shutil.copytree if target.is_dir() else shutil.copyfile)(target, entry)
    shutil.rmtree(out / ".generations")
    (out / ".current").unlink()
    result = _cli(second, "--out", out, "-q", "--jobs", "1", "--incremental")
    assert result.exit_code == 0, result.output
    assert _snapshot(out) == expected and (out / "texts" / "w.txt").read_bytes() == text
    assert all((out / name).is_symlink() for name in [*OUTPUT_NAMES, "texts"])
