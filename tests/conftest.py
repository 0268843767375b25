"""Shared fixtures: one RuleSet/Extractor per session, and the --update-goldens flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
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
