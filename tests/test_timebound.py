"""Issue 16: a pathological file never stalls a batch.

Hostile texts run through the real `extract` command in a child process with a generous
wall-clock guard: a text that took minutes when a stage was quadratic in a numeral run fails
the test by hitting the guard, never by a tight timing assertion. A document that loops is
failed as `timed out after N s` while the rest of the batch is written as without it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.pipeline import Extractor
from extractor.run.timebound import DocumentTimeout, default_bound, time_bound

from .conftest import CORPUS, child_env

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
GUARD = 240  # seconds; each text below finishes in a few seconds when every stage is linear

# Each was quadratic or slow (issue 16): 1 x 80,000 took 37 s, 一 x 80,000 12.6 s, 1: x 500,000 16.6 s.
HOSTILE = {
    "digits": "1" * 1_000_000,
    "chinese_numerals": "一" * 1_000_000,
    "ratio_run": "1:" * 500_000,
    "numeral_and_magnitude": "一亿" * 300_000,
    "brackets": "（" * 1_000_000,
    "digit_runs_of_64": ("1" * 64 + "x") * 15_000,
}


def _extract(args: list[str], guard: float = GUARD, prelude: str = "") -> subprocess.CompletedProcess:
    """`extract ARGS` as a child process (after `prelude`, Python run first in the child)."""
    code = f"{prelude}\nimport sys\nfrom extractor.cli import main\nsys.argv = ['extract', *sys.argv[1:]]\nmain()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=guard, env=child_env())


def _documents(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_finishes_in_linear_time(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(HOSTILE[name], encoding="utf-8")
    done = _extract([str(path), "--out", str(tmp_path / "out"), "-q", "--jobs", "1"])
    assert done.returncode == 0, done.stderr
    (row,) = _documents(tmp_path / "out")
    assert row["status"] == "ok" and row["char_count"] == len(HOSTILE[name])


def test_two_million_digits_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "digits.txt"
    path.write_text("1" * 2_000_000 + "\n", encoding="utf-8")
    done = _extract([str(path), "--out", str(tmp_path / "out"), "-q", "--jobs", "1"])
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "mentions.jsonl").read_text(encoding="utf-8") == ""  # no figure is 2 M digits long


def test_runs_longer_than_any_figure_give_no_number_and_leave_the_rest() -> None:
    extractor = Extractor()
    text = "编号" + "1" * 70 + "，全区共有12家企业，比例为" + "1:" * 20 + "。三次产业结构为3.9:33.1:63.0。"
    mentions = extractor.extract(text)
    assert [(m.type, m.text) for m in mentions if m.type in ("number", "ratio")] == [
        ("number", "12家"), ("ratio", "3.9:33.1:63.0")]
    assert all(text[m.start : m.end] == m.text for m in mentions)


# --- the per-document bound ---------------------------------------------------------------

# In the child: a document holding LOOP_FOREVER never finishes on its own (a stand-in for a
# pathological text); every other document is extracted as usual.
LOOPING_DOCUMENT = """
import time
from extractor.pipeline import Extractor
_extract_noted = Extractor.extract_noted  # what the batch calls for a whole document
def extract_noted(self, text, *args, **kwargs):
    while "LOOP_FOREVER" in text:
        time.sleep(0.05)
    return _extract_noted(self, text, *args, **kwargs)
Extractor.extract_noted = extract_noted
"""


def _batch(folder: Path, names: list[str]) -> list[str]:
    seed = SEED.read_text(encoding="utf-8")
    folder.mkdir()
    for name in names:
        text = "LOOP_FOREVER\n" + seed if name == "looping" else seed.replace("武清", name)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return [str(folder / f"{name}.txt") for name in names]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_looping_document_times_out_and_the_batch_is_intact(tmp_path: Path, jobs: str) -> None:
    with_loop = _batch(tmp_path / "with", ["甲区", "looping", "乙区"])
    without = _batch(tmp_path / "without", ["甲区", "乙区"])
    started = time.monotonic()
    done = _extract([*with_loop, "--out", str(tmp_path / "out1"), "-q", "--jobs", jobs, "--doc-timeout", "3"],
                    prelude=LOOPING_DOCUMENT)
    assert time.monotonic() - started < GUARD
    assert done.returncode == 1, done.stderr
    assert "looping.txt: timed out after 3 s" in done.stderr
    rows = {row["doc_id"]: row for row in _documents(tmp_path / "out1")}
    assert rows["looping"]["status"] == "failed" and rows["looping"]["reason"] == "timed out after 3 s"
    assert rows["甲区"]["status"] == rows["乙区"]["status"] == "ok"

    clean = _extract([*without, "--out", str(tmp_path / "out2"), "-q", "--jobs", jobs, "--doc-timeout", "3"],
                     prelude=LOOPING_DOCUMENT)
    assert clean.returncode == 0, clean.stderr
    for name in ("mentions.jsonl", "facts.jsonl", "mentions.csv", "facts.csv"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes(), name


def test_time_bound_interrupts_a_backtracking_regex() -> None:
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match=r"timed out after 0.5 s"):
        with time_bound(0.5):
            re.match(r"(a|aa)+b", "a" * 60)  # exponential: would run for hours
    assert time.monotonic() - started < 30


def test_no_bound_and_the_default_bound() -> None:
    with time_bound(None):
        pass
    with time_bound(0):
        pass
    assert default_bound(0) == 60 and default_bound(10_000_000) == 600
