"""Regression floor on the Recognizers-Text Chinese cases, scored by bench/recognizers.py.

The data stays in the shared folder (research-use, never copied into the repo); without it
this module is skipped. The figures below were measured on the day the floor was set; a
score more than MARGIN under its figure fails. When the extractor improves, raise them.
"""

from __future__ import annotations

import sys

import pytest

from .conftest import ROOT, SHARED_BENCHMARKS

SUITE_DIR = SHARED_BENCHMARKS / "recognizers_zh"
if not any(SUITE_DIR.glob("*.jsonl")):
    pytest.skip(f"shared benchmark {SUITE_DIR} is absent (it lives outside the repo)", allow_module_level=True)

sys.path.insert(0, str(ROOT / "bench"))  # bench/ is scripts, not a package
import recognizers  # noqa: E402

MARGIN = 0.02

# file -> metric -> score measured when this floor was set (bench/README.md, "Results").
MEASURED = {
    "CurrencyModel": {"recall": 0.886, "precision": 0.861, "value_accuracy": 0.871, "unit_accuracy": 0.871},
    "DimensionModel": {"recall": 0.667, "precision": 0.857, "value_accuracy": 0.833, "unit_accuracy": 0.944},
    "NumberModel": {"recall": 0.419, "precision": 0.984, "value_accuracy": 0.669},
    "OrdinalModel": {"precision": 1.0},  # SPEC: ordinals are not numbers, so nothing may be predicted
    "PercentModel": {"recall": 0.750, "precision": 0.984, "value_accuracy": 0.742},
    "all": {"recall": 0.536, "precision": 0.965, "value_accuracy": 0.723, "unit_accuracy": 0.898},
}
FLOORS = [(name, metric, figure) for name, metrics in MEASURED.items() for metric, figure in metrics.items()]


@pytest.fixture(scope="module")
def scores(extractor) -> dict:
    by_file = recognizers.score_benchmarks(SHARED_BENCHMARKS, extractor)
    by_file["all"] = recognizers.total(by_file.values())
    return by_file


def test_every_file_is_scored(scores) -> None:
    assert set(scores) == set(MEASURED)


@pytest.mark.parametrize(("name", "metric", "measured"), FLOORS, ids=[f"{n}-{m}" for n, m, _ in FLOORS])
def test_score_holds_its_floor(scores, name: str, metric: str, measured: float) -> None:
    score = getattr(scores[name], metric)
    assert score >= measured - MARGIN, (
        f"{name} {metric} fell to {score:.3f} (measured {measured:.3f}); "
        "run bench/recognizers.py and read bench/out/recognizers_misses.txt"
    )
