"""Hardening (issue 6): bad input, faults, hostile text, safety and properties.

Only public pieces are used: the `extract` command (in-process through typer's CliRunner, or
as a child process when a hang, a kill or a resource limit is part of the test) and
`extractor.pipeline.Extractor`. Anything that could hang runs in a child with a timeout, so
a regression fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import Extractor

from .conftest import CORPUS, ROOT, child_env

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
OUTPUT_NAMES = {"mentions.jsonl", "mentions.csv", "facts.jsonl", "facts.csv", "observations.csv", "documents.jsonl"}
# A traditional-character paragraph (Big5 test and numeral folding): 億 萬 兩 參 點.
TRADITIONAL = (
    "天津市武清區工業經濟穩步發展，全區規模以上工業企業達到579家，直接投資102億元，"
    "兩家企業入選名單，新增投資參佰萬元，工業增加值增長百分之十二點五。\n"
)
runner = CliRunner()
_EXTRACTOR = Extractor()  # one for the in-process tests; the CLI builds its own


# --- helpers --------------------------------------------------------------------------


def _cli(*args: str):
    """Run `extract` in-process; returns typer's Result (exit_code, output)."""
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _extract_child(args: list, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """`extract ARGS` as a child process (python -m extractor), bounded by `timeout`."""
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=child_env(), **kwargs)


# A child forked from this (large) pytest process starts with pytest's peak RSS as its own
# ru_maxrss; a small wrapper process forks `extract` instead and reports that child's peak.
PEAK_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _extract_child_with_peak_rss(args: list, timeout: float) -> tuple[subprocess.CompletedProcess, int]:
    """`extract ARGS` in a grandchild; (result, its peak RSS in KiB)."""
    child = subprocess.run([sys.executable, "-c", PEAK_RSS_WRAPPER, sys.executable, "-m", "extractor", *map(str, args)],
                           capture_output=True, text=True, timeout=timeout, env=child_env())
    return child, int(child.stderr.strip().splitlines()[-1])


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _documents(out: Path) -> dict[str, dict]:
    return {row["doc_id"]: row for row in _jsonl(out / "documents.jsonl")}


def _mentions(out: Path, doc_id: str) -> list[dict]:
    return [row for row in _jsonl(out / "mentions.jsonl") if row["doc_id"] == doc_id]


def _key(rows: list[dict]) -> list[tuple]:
    """What must not change between runs or encodings: span, type and values."""
    return [(r["type"], r["text"], r["start"], r["end"], r["value"], r["value_high"], r["values"], r["unit"]) for r in rows]


def _snapshot(directory: Path) -> dict[str, bytes]:
    """The output files proper (a killed run may leave hidden temporaries beside them)."""
    return {name: (directory / name).read_bytes() for name in sorted(OUTPUT_NAMES) if (directory / name).exists()}


def _temporaries(out: Path) -> list[str]:
    """What a run left in --out besides the committed set: anything but the output names (links
    through .current), the lock and the one current generation."""
    current = os.readlink(out / ".current") if (out / ".current").is_symlink() else None
    committed = OUTPUT_NAMES | {".lock", ".current", ".generations", "texts"}
    left = [p.name for p in out.iterdir() if p.name not in committed]
    if (out / ".generations").is_dir():
        left += [f".generations/{p.name}" for p in (out / ".generations").iterdir() if f".generations/{p.name}" != current]
    return left


def _assert_one_line_failure(row: dict, *fragments: str) -> None:
    assert row["status"] == "failed", row
    assert row["reason"] and "\n" not in row["reason"], row
    for fragment in fragments:
        assert fragment in row["reason"], row
    assert row["mention_count"] == 0


@pytest.fixture(scope="module")
def solo_neighbour(tmp_path_factory) -> list[dict]:
    """Mentions of the seed article run on its own, as `neighbour.txt`."""
    base = tmp_path_factory.mktemp("solo")
    (base / "neighbour.txt").write_text(SEED_TEXT, encoding="utf-8")
    assert _cli(base / "neighbour.txt", "--out", base / "out", "-q", "--jobs", "1").exit_code == 0
    rows = _mentions(base / "out", "neighbour")
    assert len(rows) > 20
    return rows


def _batch(tmp_path: Path, cases: list, solo: list[dict], expect_exit: int, jobs: str = "1") -> Path:
    """Run CASES with the seed article beside them; the neighbour's rows must equal a solo run."""
    neighbour = tmp_path / "neighbour.txt"
    neighbour.write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = _cli(*cases, neighbour, "--out", out, "-q", "--jobs", jobs)
    assert result.exit_code == expect_exit, result.output
    assert _mentions(out, "neighbour") == solo, "a bad file in the batch changed another file's rows"
    assert _documents(out)["neighbour"]["status"] == "ok"
    return out


# --- 1. inputs ------------------------------------------------------------------------

ENCODED = {  # case id -> (bytes, encoding name documents.jsonl must report)
    "utf8": (SEED_TEXT.encode("utf-8"), "utf-8"),
    "utf8_bom": (SEED_TEXT.encode("utf-8-sig"), "utf-8-sig"),
    "utf16le_bom": (b"\xff\xfe" + SEED_TEXT.encode("utf-16-le"), "utf-16"),
    "utf16be_bom": (b"\xfe\xff" + SEED_TEXT.encode("utf-16-be"), "utf-16"),
    "gb18030": (SEED_TEXT.encode("gb18030"), "gb18030"),
    "gbk": (SEED_TEXT.encode("gbk"), "gb18030"),  # GB18030 is a superset of GBK
}


@pytest.mark.parametrize("case", list(ENCODED))
def test_input_encoding(tmp_path, solo_neighbour, case) -> None:
    data, encoding = ENCODED[case]
    (tmp_path / f"{case}.txt").write_bytes(data)
    out = _batch(tmp_path, [tmp_path / f"{case}.txt"], solo_neighbour, expect_exit=0)
    document = _documents(out)[case]
    assert document["status"] == "ok" and document["encoding"] == encoding
    assert document["char_count"] == len(SEED_TEXT)
    assert _key(_mentions(out, case)) == _key(solo_neighbour)  # same offsets: a BOM is not a character


def test_input_big5_traditional(tmp_path, solo_neighbour) -> None:
    (tmp_path / "big5.txt").write_bytes((TRADITIONAL * 3).encode("big5"))
    out = _batch(tmp_path, [tmp_path / "big5.txt"], solo_neighbour, expect_exit=0)
    assert _documents(out)["big5"]["encoding"] == "big5"
    numbers = [(r["text"], r["value"], r["unit"]) for r in _mentions(out, "big5") if r["type"] == "number"][:5]
    assert numbers == [("579家", 579.0, "家"), ("102億元", 10200000000.0, "CNY"), ("兩家", 2.0, "家"),
                       ("參佰萬元", 3000000.0, "CNY"), ("百分之十二點五", 12.5, "%")]


def test_input_crlf_line_ends(tmp_path, solo_neighbour) -> None:
    crlf = SEED_TEXT.replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    out = _batch(tmp_path, [tmp_path / "crlf.txt"], solo_neighbour, expect_exit=0)
    rows = _mentions(out, "crlf")
    assert all(crlf[r["start"] : r["end"]] == r["text"] for r in rows)  # offsets count the \r
    strip = [(r["type"], r["text"], r["value"], r["unit"], r["sentence"]) for r in rows]
    assert strip == [(r["type"], r["text"], r["value"], r["unit"], r["sentence"]) for r in solo_neighbour]


@pytest.mark.parametrize(("text", "span", "value", "unit"), [
    ("直接投资102億元", "102億元", 10200000000, "CNY"),
    ("兩家企业入选", "兩家", 2, "家"),
    ("壹家 貳家 參家", "參家", 3, "家"),
    ("新增投资壹佰貳拾參萬元", "壹佰貳拾參萬元", 1230000, "CNY"),
    ("工業增加值增長百分之十二點五", "百分之十二點五", 12.5, "%"),
], ids=["yi_102", "liang", "da_xie_digits", "da_xie_compound", "dian"])
def test_input_traditional_numerals(text, span, value, unit) -> None:
    found = {m.text: m for m in _EXTRACTOR.extract(text)}
    assert span in found, found
    assert float(found[span].value) == value and found[span].unit == unit
    assert text[found[span].start : found[span].end] == span


def test_input_html_leftovers(tmp_path, solo_neighbour) -> None:
    text = "<p>投资&nbsp;102亿元<br>新增&#12288;３家&amp;企业</p>\n"
    (tmp_path / "html.txt").write_text(text, encoding="utf-8")
    out = _batch(tmp_path, [tmp_path / "html.txt"], solo_neighbour, expect_exit=0)
    rows = [r for r in _mentions(out, "html") if r["type"] == "number"]
    assert [(r["text"], r["value"]) for r in rows] == [("102亿元", 10200000000.0), ("３家", 3.0)]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_input_full_width_everything(tmp_path, solo_neighbour) -> None:
    ascii_text = "完成投资123亿元,增长12.5%,三次产业结构为3.9:53.9:42.2,提高2.3个百分点。\n"
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in ascii_text)
    (tmp_path / "full.txt").write_text(full, encoding="utf-8")
    out = _batch(tmp_path, [tmp_path / "full.txt"], solo_neighbour, expect_exit=0)
    rows = _mentions(out, "full")
    assert [(r["value"], r["values"], r["unit"]) for r in rows] == [
        (12300000000.0, None, "CNY"), (12.5, None, "%"), (None, [3.9, 53.9, 42.2], None), (2.3, None, "pp")]
    assert all(full[r["start"] : r["end"]] == r["text"] for r in rows)


def test_input_empty_file(tmp_path, solo_neighbour) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = _batch(tmp_path, [tmp_path / "empty.txt"], solo_neighbour, expect_exit=0)
    document = _documents(out)["empty"]
    assert document["status"] == "ok" and document["char_count"] == 0 and document["mention_count"] == 0


@pytest.mark.parametrize("data", [bytes(range(256)) * 64, b"\x00\xff" * 100, b"\x89PNG\r\n\x1a\n" + bytes(4000)],
                         ids=["all_bytes", "utf16_lookalike", "png_header"])
def test_input_binary_file(tmp_path, solo_neighbour, data) -> None:
    (tmp_path / "binary.txt").write_bytes(data)
    out = _batch(tmp_path, [tmp_path / "binary.txt"], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["binary"], "binary")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file; see test_input_unreadable_eio")
def test_input_unreadable_chmod_000(tmp_path, solo_neighbour) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(SEED_TEXT, encoding="utf-8")
    locked.chmod(0)
    out = _batch(tmp_path, [locked], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["locked"], "cannot read", "Permission denied")


def test_input_unreadable_eio(tmp_path, solo_neighbour) -> None:
    """A file whose read fails even for root: /proc/self/mem at offset 0 gives EIO."""
    (tmp_path / "eio.txt").symlink_to("/proc/self/mem")
    out = _batch(tmp_path, [tmp_path / "eio.txt"], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["eio"], "cannot read", "Input/output error")


def test_input_symlink_to_itself(tmp_path, solo_neighbour) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    out = _batch(tmp_path, [tmp_path / "loop.txt"], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["loop"], "cannot read", "symbolic links")


def test_input_fifo_does_not_hang(tmp_path, solo_neighbour) -> None:
    """A named pipe with no writer must not block the batch (open() on a FIFO waits forever)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.txt")
    (inputs / "neighbour.txt").write_text(SEED_TEXT, encoding="utf-8")
    child = _extract_child([inputs, "--out", tmp_path / "out", "-q", "--jobs", "1"], timeout=120)
    assert child.returncode == 1, child.stderr
    _assert_one_line_failure(_documents(tmp_path / "out")["pipe"], "not a regular file", "named pipe")
    assert _mentions(tmp_path / "out", "neighbour") == solo_neighbour


def test_input_endless_device(tmp_path, solo_neighbour) -> None:
    """/dev/zero behind a .txt name is refused, not read until memory runs out."""
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    limit = 2 * 2**30  # if it were read, the child dies at 2 GB instead of taking the machine down

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    neighbour = tmp_path / "neighbour.txt"
    neighbour.write_text(SEED_TEXT, encoding="utf-8")
    child = _extract_child([tmp_path / "zero.txt", neighbour, "--out", tmp_path / "out", "-q", "--jobs", "1"],
                           timeout=120, preexec_fn=cap_memory)
    assert child.returncode == 1, child.stderr
    _assert_one_line_failure(_documents(tmp_path / "out")["zero"], "not a regular file", "character device")
    assert _mentions(tmp_path / "out", "neighbour") == solo_neighbour


def test_input_socket_is_refused(tmp_path, solo_neighbour) -> None:
    path = tmp_path / "sock.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        out = _batch(tmp_path, [path], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["sock"], "not a regular file", "socket")


def test_input_directory_named_like_a_file(tmp_path, solo_neighbour) -> None:
    """A directory called x.txt is walked like any directory; inside it, x.txt is not a document."""
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "inner.txt").write_text("新增企业12家\n", encoding="utf-8")
    out = _batch(tmp_path, [tmp_path / "x.txt"], solo_neighbour, expect_exit=0)
    assert set(_documents(out)) == {"inner", "neighbour"}
    assert [r["text"] for r in _mentions(out, "inner")] == ["12家"]


def test_input_directory_with_symlink_loop(tmp_path, solo_neighbour) -> None:
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("新增企业12家\n", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("新增企业34家\n", encoding="utf-8")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # tree/sub/back -> tree
    (root / "neighbour.txt").write_text(SEED_TEXT, encoding="utf-8")
    for argument in (root, f"{root}/**/*.txt"):
        out = tmp_path / f"out{len(str(argument))}"
        child = _extract_child([argument, "--out", out, "-q", "--jobs", "1"], timeout=120)
        assert child.returncode == 0, child.stderr
        assert sorted(_documents(out)) == ["a", "b", "neighbour"], argument
        assert _mentions(out, "neighbour") == solo_neighbour


def test_input_path_does_not_exist(tmp_path, solo_neighbour) -> None:
    out = _batch(tmp_path, [tmp_path / "missing.txt"], solo_neighbour, expect_exit=1)
    _assert_one_line_failure(_documents(out)["missing"], "cannot read", "No such file")


def test_input_every_bad_kind_in_one_batch_with_jobs(tmp_path, solo_neighbour) -> None:
    """All bad inputs together, in a process pool: each fails alone, the good ones are intact."""
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "eio.txt").symlink_to("/proc/self/mem")
    (tmp_path / "gbk.txt").write_bytes(SEED_TEXT.encode("gbk"))
    bad = [tmp_path / n for n in ("binary.txt", "loop.txt", "eio.txt", "missing.txt")]
    out = _batch(tmp_path, [*bad, tmp_path / "gbk.txt"], solo_neighbour, expect_exit=1, jobs="2")
    documents = _documents(out)
    assert [documents[p.stem]["status"] for p in bad] == ["failed"] * 4
    assert _key(_mentions(out, "gbk")) == _key(solo_neighbour)


def _write_big_file(path: Path, target_bytes: int) -> int:
    """Plain CJK lines with `新增企业123家` on every fifth line; returns how many were planted."""
    plain = "经济运行总体平稳质量效益持续提升发展动力不断增强人民生活水平稳步提高。"
    planted_line = "报告期内新增企业123家，运行平稳。\n"
    block_lines = [planted_line if i % 5 == 0 else plain * 3 + "\n" for i in range(5000)]
    block = "".join(block_lines).encode("utf-8")
    per_block = sum(1 for line in block_lines if line == planted_line)
    blocks = max(1, target_bytes // len(block))
    with path.open("wb") as handle:
        for _ in range(blocks):
            handle.write(block)
    return blocks * per_block


@pytest.mark.slow
def test_input_200mb_file_flat_memory(tmp_path) -> None:
    big = tmp_path / "big.txt"
    planted = _write_big_file(big, 200 * 2**20)
    started = time.monotonic()
    child, peak_kib = _extract_child_with_peak_rss([big, "--out", tmp_path / "out", "-q", "--jobs", "1"], timeout=1800)
    elapsed = time.monotonic() - started
    peak_mb = peak_kib / 1024  # KiB on Linux
    assert child.returncode == 0, child.stderr[-2000:]
    document = _documents(tmp_path / "out")["big"]
    assert document["status"] == "ok" and document["mention_count"] == planted
    assert sum(1 for _ in (tmp_path / "out" / "mentions.jsonl").open(encoding="utf-8")) == planted
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"
    print(f"200 MB file: {elapsed:.0f} s, peak RSS {peak_mb:.0f} MB")


# --- 2. faults ------------------------------------------------------------------------


def _previous_outputs(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    assert _cli(SEED, "--out", out, "-q", "--jobs", "1").exit_code == 0
    return out, _snapshot(out)


def _many_inputs(tmp_path: Path, files: int, copies: int) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(files):
        (inputs / f"doc{i:03d}.txt").write_text(SEED_TEXT * copies, encoding="utf-8")
    return inputs


def test_fault_sigkill_halfway_keeps_previous_outputs(tmp_path) -> None:
    out, before = _previous_outputs(tmp_path)
    inputs = _many_inputs(tmp_path, files=60, copies=20)
    process = subprocess.Popen([sys.executable, "-m", "extractor", str(inputs), "--out", str(out), "-q", "--jobs", "1"],
                               env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.stat().st_size > 0 for p in out.glob(".generations/*/mentions.jsonl")
               if f".generations/{p.parent.name}" != os.readlink(out / ".current")):
            break  # rows are being written: halfway
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed; make it bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _snapshot(out) == before, "a killed run changed the previous outputs"
    rerun = _extract_child([inputs, "--out", out, "-q", "--jobs", "2"], timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    documents = _documents(out)
    assert len(documents) == 60 and all(d["status"] == "ok" for d in documents.values())
    assert len({d["mention_count"] for d in documents.values()}) == 1


def test_fault_enospc_on_commit(tmp_path, monkeypatch) -> None:
    out, before = _previous_outputs(tmp_path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = _cli(SEED, "--out", out, "-q", "--jobs", "1")
    assert result.exit_code == 1
    message = result.output.strip()
    assert "No space left on device" in message and "\n" not in message and "Traceback" not in message
    assert _snapshot(out) == before
    assert not _temporaries(out), "temporaries left behind"


def test_fault_file_size_limit_mid_write(tmp_path) -> None:
    """A real failing write: RLIMIT_FSIZE makes the kernel refuse bytes past 64 KB (EFBIG)."""
    out, before = _previous_outputs(tmp_path)
    inputs = _many_inputs(tmp_path, files=3, copies=5)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 2**10, 64 * 2**10))

    child = _extract_child([inputs, "--out", out, "-q", "--jobs", "1"], timeout=300, preexec_fn=limit_file_size)
    assert child.returncode == 1, (child.returncode, child.stderr)
    assert "File too large" in child.stderr and "Traceback" not in child.stderr, child.stderr
    assert _snapshot(out) == before
    assert not _temporaries(out), "temporaries left behind"


# --- 3. hostile text ------------------------------------------------------------------

_CHILD = """
import json, math, sys, time
from extractor.pipeline import Extractor
text = open(sys.argv[1], encoding="utf-8").read()
extractor = Extractor()
started = time.perf_counter()
mentions = extractor.extract(text)
elapsed = time.perf_counter() - started
for m in mentions:
    assert text[m.start:m.end] == m.text, m
    for v in (m.value, m.value_high, *(m.values or ())):
        assert v is None or math.isfinite(float(v)), m
print(json.dumps({"mentions": len(mentions), "seconds": elapsed}))
"""


def _extract_bounded(tmp_path: Path, text: str, timeout: float) -> dict:
    """Extract `text` in a child process; a hang fails after `timeout` s instead of blocking."""
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    child: Optional[subprocess.CompletedProcess] = None
    try:
        child = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                               timeout=timeout, env=child_env())
    except subprocess.TimeoutExpired:
        pass  # reported below, without the child's whole command line
    if child is None:
        pytest.fail(f"no result after {timeout} s on {len(text):,} characters (catastrophic backtracking?)")
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout)


N = 100_000
HOSTILE = {
    "digits_100k": "1" * N,
    "wan_100k": "万" * N,
    "one_comma_100k": "1," * N,
    "chinese_one_100k": "一" * N,
    "da_xie_100k": "壹" * N,
    "chinese_digits_100k": "一二三四五六七八九十" * (N // 10),
    "nested_brackets": "(" * N + "1" + ")" * N,
    "nested_fullwidth_brackets": "（【《“" * (N // 4) + "３家" + "”》】）" * (N // 4),
    "percent_100k": "1%" * N,
    "ratio_100k": "1:" * N,
    "markup_100k": "<a " * N + "&#1" * N,
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_text_finishes(tmp_path, case) -> None:
    result = _extract_bounded(tmp_path, HOSTILE[case], timeout=60)
    assert result["mentions"] >= 0


@pytest.mark.slow
def test_hostile_one_10mb_line(tmp_path) -> None:
    """A scraped page with its line breaks lost: 10 MB of report text on one line."""
    line = SEED_TEXT.replace("\n", "")
    text = (line * (10 * 2**20 // len(line.encode("utf-8")) + 1))
    result = _extract_bounded(tmp_path, text, timeout=600)
    assert result["mentions"] > len(text) // len(line) * 20


ABSURD = {
    "arabic_400_digits": "投资" + "9" * 400 + "亿元",
    "chinese_400_digits": "投资" + "九" * 400 + "亿元",
    "chinese_400_powers": "投资" + "九千九百九十九万" * 50 + "亿元",
    "arabic_400_percent": "增长" + "1" + "0" * 400 + "%",
    "tiny_denominator": "0." + "0" * 400 + "1分之1",
    "huge_numerator": "1分之" + "9" * 400,
    "chinese_huge_numerator": "一分之" + "九" * 400,
    "ratio_400_digits": "结构为" + "9" * 400 + ":1:2",
    "percent_word_400": "百分之" + "九" * 400,
    "thousands_400": "实现" + ",".join(["999"] * 134) + "元",
    "range_400": "投资1-" + "9" * 400 + "亿元",
}


@pytest.mark.parametrize("case", list(ABSURD))
def test_absurd_number_is_finite_or_absent(case) -> None:
    text = ABSURD[case]
    for mention in _EXTRACTOR.extract(text):
        assert text[mention.start : mention.end] == mention.text
        for value in (mention.value, mention.value_high, *(mention.values or ())):
            assert value is None or (math.isfinite(float(value)) and abs(float(value)) <= 1e20), (case, mention)


@pytest.mark.parametrize("case", ["arabic_million_digits_scaled", "decimal_million_zeros_fraction"])
def test_absurd_million_digit_numeral_does_not_raise(tmp_path, case) -> None:
    """Decimal overflows (raises) past 10**999999; such a numeral must give no mention, not a crash."""
    text = {"arabic_million_digits_scaled": "1" * 1_000_001 + "万元",
            "decimal_million_zeros_fraction": "0." + "0" * 1_000_001 + "1分之1"}[case]
    assert _extract_bounded(tmp_path, text, timeout=120)["mentions"] == 0


# --- 4. safety ------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root (symlinks not followed) with its size and mtime."""
    found = {}
    for directory, _dirs, files in os.walk(root):
        for name in files:
            info = os.lstat(os.path.join(directory, name))
            found[os.path.relpath(os.path.join(directory, name), root)] = (info.st_size, info.st_mtime_ns)
    return found


ODD_NAMES = ["..txt", "...txt", "mentions.jsonl.txt", "‮txt.exe.txt", "名\n字.txt", "e\u0301.txt", "é.txt",
             " .txt", "🙂.txt", "%2e%2e%2fescape.txt", "..\\..\\win.txt", "a" * 200 + ".txt"]


def test_safety_outputs_stay_in_out(tmp_path, monkeypatch) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    (work / "in").mkdir(parents=True)
    elsewhere.mkdir()
    for name in ODD_NAMES:
        (work / "in" / name).write_text("新增企业12家\n", encoding="utf-8")
    (elsewhere / "abs.txt").write_text("新增企业34家\n", encoding="utf-8")
    monkeypatch.chdir(work / "in")
    before = _tree(tmp_path)
    args = [*ODD_NAMES, "../in/..txt", str(elsewhere / "abs.txt"), f"{work}/in/../../elsewhere/abs.txt"]
    result = _cli(*args, "--out", "../out", "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    after = _tree(tmp_path)
    changed = {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))
    assert changed and all(path.startswith("work/out/") for path in changed), sorted(changed)
    assert {f"work/out/{name}" for name in OUTPUT_NAMES} <= changed, sorted(changed)
    documents = _jsonl(work / "out" / "documents.jsonl")
    # One row per argument: the same file spelled two ways is (currently) read twice, as x and x-2.
    assert len(documents) == len(args) and all(d["status"] == "ok" for d in documents)
    assert len({d["doc_id"] for d in documents}) == len(args)


@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    "!!python/name:os.system",
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
])
def test_safety_yaml_python_tags_rejected(tmp_path, tag) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    marker = tmp_path / "pwned"
    with (rules / "units.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"\nextra: {tag.format(marker=marker)}\n")
    result = _cli(SEED, "--out", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 2, result.output
    assert "units.yaml" in result.output and "python" in result.output
    assert not marker.exists(), "a YAML tag was executed"
    assert not (tmp_path / "out").exists()


def test_safety_input_is_never_evaluated(tmp_path) -> None:
    marker = tmp_path / "pwned"
    payloads = [
        f"__import__('os').system('touch {marker}')", f"$(touch {marker})", f"`touch {marker}`",
        f"{{__import__('os').system('touch {marker}')}}", "%(value)s %s {0.__class__.__mro__}",
        f"!!python/object/apply:os.system ['touch {marker}']", "=cmd|' /C calc'!A0", "\\N{BELL}\\x00",
    ]
    path = tmp_path / "payload.txt"
    path.write_text("新增企业12家。" + "\n".join(payloads) + "\n", encoding="utf-8")
    result = _cli(path, "--out", tmp_path / "out", "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    numbers = [r["text"] for r in _mentions(tmp_path / "out", "payload") if r["type"] == "number"]
    assert numbers[0] == "12家" and all(text in path.read_text(encoding="utf-8") for text in numbers)


# --- 5. properties --------------------------------------------------------------------

INTERESTING = "0123456789０１２３４５６７８９.,，:：∶%％万亿億萬千百十一二两兩三壹貳參零〇约近多余以上左右家个元平方米个百分点倍分之第年《》“”()（）-~至 \n\r。&nbsp;<br>"
texts = st.text(alphabet=st.one_of(st.sampled_from(INTERESTING), st.characters()), max_size=300)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_mentions(text: str) -> list[tuple]:
    mentions = _EXTRACTOR.extract(text)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
        for value in (m.value, m.value_high, *(m.values or ())):
            assert value is None or math.isfinite(float(value))
    return [(m.type, m.start, m.end, m.value, m.value_high, m.values, m.unit, m.qualifier, m.sentence) for m in mentions]


@pytest.mark.parametrize("text", ["\ud800", "新增\udfff企业12家", "12\ud83d家"], ids=["alone", "before", "inside"])
def test_property_lone_surrogate(text: str) -> None:
    """A str from Python code may hold a lone surrogate; the segmenter cannot encode one."""
    _check_mentions(text)


@PROPERTY_SETTINGS
@given(text=texts)
def test_property_arbitrary_unicode(text: str) -> None:
    assert _check_mentions(text) == _check_mentions(text)


@st.composite
def mutated_corpus(draw) -> str:
    """The seed article after a few random edits: cut, insert, duplicate, swap in hostile runs."""
    text = SEED_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "run"]))
        if kind == "insert":
            text = text[:at] + draw(texts) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 50)) :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 200))] * 2 + text[at + 200 :]
        else:
            text = text[:at] + draw(st.sampled_from(["1", "万", "1,", "(", "一", "&#"])) * draw(st.integers(1, 2000)) + text[at:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_corpus())
def test_property_mutated_corpus(text: str) -> None:
    assert _check_mentions(text) == _check_mentions(text)


FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789%.,:()-~"}
TRADITIONAL_OF = {"亿": "億", "万": "萬", "两": "兩", "个": "個", "点": "點"}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_property_variant_forms_give_same_mentions(data) -> None:
    """Full-width or traditional forms of any subset of characters give the same spans and values."""
    table = {**FULL_WIDTH, **TRADITIONAL_OF}
    positions = [i for i, c in enumerate(SEED_TEXT) if c in table]
    chosen = set(data.draw(st.lists(st.sampled_from(positions), max_size=len(positions))))
    variant = "".join(table[c] if i in chosen else c for i, c in enumerate(SEED_TEXT))
    assert [k[:-1] for k in _check_mentions(variant)] == [k[:-1] for k in _check_mentions(SEED_TEXT)]


def test_property_cli_outputs_are_deterministic(tmp_path) -> None:
    """The same inputs twice (and with a process pool) give byte-identical output files."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (inputs / "b.txt").write_bytes(TRADITIONAL.encode("big5"))
    (inputs / "c.txt").write_bytes(b"\x00\xff" * 100)
    snapshots: list[Optional[dict]] = []
    for run, jobs in enumerate(("1", "1", "2")):
        out = tmp_path / f"out{run}"
        assert _cli(inputs, "--out", out, "-q", "--jobs", jobs).exit_code == 1
        snapshots.append({name: data.replace(str(out).encode(), b"OUT") for name, data in _snapshot(out).items()})
    assert snapshots[0] == snapshots[1] == snapshots[2]
