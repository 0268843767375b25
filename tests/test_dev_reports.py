"""The real-report dev set (../shared/reports: NAME.txt + NAME.gold.jsonl), scored as
`extractor eval` scores it. The reports stay outside the repo: this test reads them through an
optional path (EXTRACTOR_DEV_REPORTS, else ../shared/reports next to the repo) and skips when
they are absent. Floors: the figures reached when the dev set was read (issue 12), which are
the issue's targets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.tools import Span, read_gold_folder, score

from .conftest import ROOT

REPORTS = Path(os.environ.get("EXTRACTOR_DEV_REPORTS", ROOT.parent / "shared" / "reports"))
FLOORS = {"org": 0.90, "project": 0.85}  # exact-span F1
NUMBER_E2E_FLOOR = 0.98  # value, unit and qualifier right


@pytest.mark.skipif(not any(REPORTS.glob("*.gold.jsonl")), reason=f"{REPORTS} (dev reports) is not here")
def test_dev_reports_reach_the_targets(extractor) -> None:
    gold = read_gold_folder(REPORTS)
    predicted = []
    for doc_id in gold.doc_ids:
        text = (REPORTS / f"{doc_id}.txt").read_text(encoding="utf-8-sig")
        mentions, _ = extractor.extract_document(text, doc_id=doc_id)
        predicted += [Span(doc_id, m.type, m.start, m.end, m.text,
                           float(m.value) if m.value is not None else None,
                           tuple(float(v) for v in m.values) if m.values else None, m.unit, m.qualifier)
                      for m in mentions]
    scores = score(gold.spans, predicted, {"number", "org", "project"})
    figures = {t: round(s.f1, 3) for t, s in scores.items()}
    for kind, floor in FLOORS.items():
        assert scores[kind].f1 >= floor, figures
    assert scores["number"].e2e_f1 >= NUMBER_E2E_FLOOR, round(scores["number"].e2e_f1, 3)


def _bench_facts():
    """bench/facts.py, the scorer of fact fields, loaded from its path (bench/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_facts", ROOT / "bench" / "facts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OBSERVATION_FLOOR = 0.90  # issue 13: measure, direction, region, period dates and indicator all right


@pytest.mark.skipif(not any(REPORTS.glob("*.txt")), reason=f"{REPORTS} (dev reports) is not here")
def test_dev_report_observations_reach_the_target(extractor) -> None:
    """bench/facts_gold holds hand-checked facts of the dev reports (offsets and fields, no text)."""
    bench = _bench_facts()
    pairs = bench.report_pairs(extractor, REPORTS)
    assert len(pairs) >= 200
    scores = bench.accuracy(pairs, bench.OBSERVATION_FIELDS)
    assert scores["all"] >= OBSERVATION_FLOOR, {k: round(v, 3) for k, v in scores.items()}


def test_seed_observations_stay_right(extractor) -> None:
    """The seed's hand-checked facts (tests/golden) with their observation fields."""
    bench = _bench_facts()
    scores = bench.accuracy(bench.corpus_pairs(extractor), bench.OBSERVATION_FIELDS)
    assert scores["all"] >= 0.90, {k: round(v, 3) for k, v in scores.items()}
