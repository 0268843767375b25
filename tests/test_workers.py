"""Issues 26 and 27, the worker side: a document runs in a worker process that can die alone.

A worker killed by a signal (the OOM killer's SIGKILL, a segfault in C code) or exiting on its
own, a document that passes its memory bound or stays in C code past its time bound: each is one
`failed` row, the worker is replaced and the rest of the batch comes out byte-identical to a batch
without that document, with --jobs 1 too. Every case runs the real `extract` command in a child
process; the misbehaving document is a stand-in patched into the child (PRELUDE) or a real PDF
stream bomb. Guards are generous wall-clock limits that fail a test by hanging, never timings.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Optional

import pytest

from .conftest import CORPUS, child_env

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
GUARD = 240  # seconds: a hung batch fails the test instead of hanging the suite

# Run first in the child: a document holding one of these words misbehaves in the worker's
# extract_noted; every other document is extracted as usual.
PRELUDE = """
import ctypes, os, signal, time
from pathlib import Path
from typing import Optional
from extractor.pipeline import Extractor
_extract_noted = Extractor.extract_noted  # what the batch calls for a whole document
_slow_once = []
def extract_noted(self, text, *args, **kwargs):
    if "DIE_BY_SIGKILL" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "DIE_BY_SEGFAULT" in text:
        ctypes.string_at(0)
    if "DIE_BY_EXIT" in text:
        os._exit(3)
    if "EAT_MEMORY" in text:  # 64 MB at a time, each touched, until the bound stops it
        held = []
        while True:
            held.append(bytearray(64 << 20))
    if "STUCK_IN_C" in text:  # as C code that never returns to Python: the alarm cannot interrupt it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        Path(os.environ["EXTRACT_TEST_MARK"]).write_text(str(os.getpid()))
        while True:
            time.sleep(0.05)
    if "SLOW_FIRST_CALL" in os.environ.get("EXTRACT_TEST_MODE", "") and not _slow_once:
        _slow_once.append(1)  # the first document of a process: loading tables lazily takes 3 s
        time.sleep(3)
    return _extract_noted(self, text, *args, **kwargs)
Extractor.extract_noted = extract_noted
"""


def extract(args: list[str], guard: float = GUARD, mode: str = "", mark: str = "") -> subprocess.CompletedProcess:
    code = f"{PRELUDE}\nimport sys\nfrom extractor.cli import main\nsys.argv = ['extract', *sys.argv[1:]]\nmain()"
    env = {**child_env(), "EXTRACT_TEST_MODE": mode, "EXTRACT_TEST_MARK": mark}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=guard, env=env)


def documents(out: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {row["doc_id"]: row for row in rows}


def make_batch(folder: Path, names: list[str], bad: Optional[dict[str, bytes]] = None) -> list[str]:
    """Good documents (the seed with one place name changed, so each has its own rows) and bad ones."""
    seed = SEED.read_text(encoding="utf-8")
    folder.mkdir()
    paths = []
    for name in names:
        if bad and name in bad:
            path = folder / name
            path.write_bytes(bad[name])
        else:
            path = folder / f"{name}.txt"
            path.write_text(seed.replace("武清", name), encoding="utf-8")
        paths.append(str(path))
    return paths


def same_outputs(one: Path, two: Path) -> None:
    for name in ("mentions.jsonl", "facts.jsonl", "mentions.csv", "facts.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The outputs of the good documents in a batch of their own (--jobs 1 and 2 give the same)."""
    folder = tmp_path_factory.mktemp("reference")
    paths = make_batch(folder / "in", ["甲区", "乙区", "丙区"])
    done = extract([*paths, "--out", str(folder / "out"), "-q", "--jobs", "1"])
    assert done.returncode == 0, done.stderr
    return folder / "out"


def bad_text(word: str) -> bytes:
    return (word + "\n" + SEED.read_text(encoding="utf-8")).encode("utf-8")


# --- a worker that dies --------------------------------------------------------------------

DEATHS = {  # the bad document's word -> its row's reason
    "DIE_BY_SIGKILL": "worker died (signal 9)",  # as the kernel's OOM killer does
    "DIE_BY_SEGFAULT": "worker died (signal 11)",
    "DIE_BY_EXIT": "worker died (exit status 3)",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dying_workers_are_one_failed_row_each_and_the_batch_goes_on(tmp_path: Path, reference: Path, jobs: str) -> None:
    bad = {f"{word}.txt": bad_text(word) for word in DEATHS}
    paths = make_batch(tmp_path / "in", ["DIE_BY_SIGKILL.txt", "甲区", "DIE_BY_SEGFAULT.txt", "DIE_BY_EXIT.txt",
                                         "乙区", "丙区"], bad)
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", jobs])
    assert done.returncode == 1, done.stderr
    rows = documents(tmp_path / "out")
    for word, reason in DEATHS.items():
        assert f"{word}.txt: {reason}" in done.stderr
        assert rows[word]["status"] == "failed" and rows[word]["reason"] == reason
    assert [rows[name]["status"] for name in ("甲区", "乙区", "丙区")] == ["ok"] * 3
    same_outputs(tmp_path / "out", reference)


# --- memory and time bounds that hold inside C code ----------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_over_its_memory_bound_fails_alone(tmp_path: Path, reference: Path, jobs: str) -> None:
    paths = make_batch(tmp_path / "in", ["甲区", "bad.txt", "乙区", "丙区"], {"bad.txt": bad_text("EAT_MEMORY")})
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", jobs, "--doc-memory", "300"])
    assert done.returncode == 1, done.stderr
    rows = documents(tmp_path / "out")
    assert rows["bad"]["status"] == "failed" and rows["bad"]["reason"] == "over 300 MB of memory"
    same_outputs(tmp_path / "out", reference)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_stuck_where_the_alarm_cannot_reach_is_killed_at_its_bound(tmp_path: Path, reference: Path, jobs: str) -> None:
    paths = make_batch(tmp_path / "in", ["甲区", "bad.txt", "乙区", "丙区"], {"bad.txt": bad_text("STUCK_IN_C")})
    mark = tmp_path / "stuck.pid"
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", jobs, "--doc-timeout", "2"],
                   mark=str(mark))
    assert done.returncode == 1, done.stderr
    rows = documents(tmp_path / "out")
    assert rows["bad"]["status"] == "failed" and rows["bad"]["reason"] == "timed out after 2 s"
    assert not _alive(int(mark.read_text()))  # the stuck worker was killed, not left behind
    same_outputs(tmp_path / "out", reference)


def test_warm_up_does_not_count_against_the_first_documents_bound(tmp_path: Path) -> None:
    paths = make_batch(tmp_path / "in", ["甲区", "乙区"])
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", "1", "--doc-timeout", "2"],
                   mode="SLOW_FIRST_CALL")
    assert done.returncode == 0, done.stderr
    assert {row["status"] for row in documents(tmp_path / "out").values()} == {"ok"}


def pdf_stream_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB of line-drawing operators."""
    packer = zlib.compressobj(9)
    block = b"0 0 m 1 1 l S\n" * 75_000  # about 1 MB of operators
    stream = b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return pdf_stream_bomb(300)


# Inflating and parsing the bomb runs in PDFium's C code: the alarm cannot stop it (it took 26 s
# and 6 GB with --doc-timeout 2), the worker's kill and its address-space limit do.
@pytest.mark.parametrize("options, reason", [
    (["--doc-timeout", "1", "--doc-memory", "4000"], "timed out after 1 s"),
    (["--doc-timeout", "0", "--doc-memory", "300"], "over 300 MB of memory"),
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pdf_stream_bomb_is_one_failed_row(tmp_path: Path, reference: Path, bomb: bytes, jobs: str, options: list[str], reason: str) -> None:
    paths = make_batch(tmp_path / "in", ["甲区", "bomb.pdf", "乙区", "丙区"], {"bomb.pdf": bomb})
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", jobs, *options])
    assert done.returncode == 1, done.stderr
    rows = documents(tmp_path / "out")
    assert rows["bomb"]["status"] == "failed" and rows["bomb"]["reason"] == reason
    same_outputs(tmp_path / "out", reference)


# --- options -------------------------------------------------------------------------------


def test_jobs_above_the_core_count_are_capped_and_said_so(tmp_path: Path, reference: Path) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    paths = make_batch(tmp_path / "in", ["甲区", "乙区", "丙区"])
    done = extract([*paths, "--out", str(tmp_path / "out"), "--jobs", "999"])
    assert done.returncode == 0, done.stderr
    assert f"--jobs 999 is more than the {cores} core(s) here: using {cores}" in done.stderr
    same_outputs(tmp_path / "out", reference)


@pytest.mark.parametrize("bound", ["inf", "1e300", "Infinity"])
def test_doc_timeout_inf_means_no_bound(tmp_path: Path, reference: Path, bound: str) -> None:
    paths = make_batch(tmp_path / "in", ["甲区", "乙区", "丙区"])
    done = extract([*paths, "--out", str(tmp_path / "out"), "-q", "--jobs", "1", "--doc-timeout", bound])
    assert done.returncode == 0, done.stderr
    same_outputs(tmp_path / "out", reference)


# --- workers die with the main process ------------------------------------------------------


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie (a zombie has ended, only its exit status is left)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):  # the process ended while we looked
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_of_the_main_process_takes_its_workers_with_it(tmp_path: Path, jobs: str) -> None:
    paths = make_batch(tmp_path / "in", ["STUCK.txt", "甲区", "乙区"], {"STUCK.txt": bad_text("STUCK_IN_C")})
    mark = tmp_path / "stuck.pid"
    code = f"{PRELUDE}\nimport sys\nfrom extractor.cli import main\nsys.argv = ['extract', *sys.argv[1:]]\nmain()"
    env = {**child_env(), "EXTRACT_TEST_MARK": str(mark)}
    main = subprocess.Popen([sys.executable, "-c", code, *paths, "--out", str(tmp_path / "out"), "-q",
                             "--jobs", jobs, "--doc-timeout", "0"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + GUARD
        while not mark.exists() and main.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # until a worker is inside the document that never ends
        assert mark.exists(), "no worker started the document"
        workers = _children(main.pid)
        assert int(mark.read_text()) in workers
        main.send_signal(signal.SIGKILL)
        main.wait()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        for pid in [main.pid, *workers]:  # this test's own processes, if the test failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        main.wait()
