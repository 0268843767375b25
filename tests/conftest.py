"""Shared fixtures: one RuleSet/Extractor per session, and the --update-goldens flag."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extractor.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def child_env() -> dict[str, str]:
    """The environment of a child `extract` process: it sees the same `extractor` package as
    this process (works from a checkout too)."""
    env = dict(os.environ)
    src = str(Path(__import__("extractor").__file__).resolve().parent.parent)
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env
GOLDEN = Path(__file__).resolve().parent / "golden"
# The shared benchmarks live outside the repo; tests using them skip when absent.
SHARED_BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", default=False,
        help="Rewrite tests/golden/* from the current output (then read them by hand before committing).",
    )


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def rules_copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of rules/ in tmp_path with one edit in one file (to test broken rule files)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}: the test no longer edits anything"
    (rules / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules
