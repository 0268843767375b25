"""The real-report dev set (../shared/reports: NAME.txt + NAME.gold.jsonl), scored as
`extractor eval` scores it. The reports stay outside the repo: this test reads them through an
optional path (EXTRACTOR_DEV_REPORTS, else ../shared/reports next to the repo) and skips when
they are absent. Floors: on the first five reports, the figures reached when they were read
(issue 12); on the whole set, its figures when it grew to thirteen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.tools.gold import Span, read_gold_folder
from extractor.tools.scoring import score

from .conftest import ROOT

REPORTS = Path(os.environ.get("EXTRACTOR_DEV_REPORTS", ROOT.parent / "shared" / "reports"))
# The five reports the dev set first held (issue 12's floors, reached on them) and the whole set
# as it grew to thirteen (issue 28: floors at the figures of that day; issue 22 raised both to just
# under what it reached: five org 0.955 / project 0.931, thirteen org 0.906 / project 0.882;
# its second round: five org 0.985 / project 0.931, thirteen org 0.964 / project 0.899; its third
# round's orgs held both, the floors now at them; its third round's projects: five 0.951, thirteen 0.941).
FIRST_FIVE = ("107_jiangkou_county_gep", "108_ningxia_major_projects", "111_longyan_investment_env",
              "119_suzhou_snd_key_projects", "122_shenzhen_2022_major_projects")
# Numbers: the thirteen at 0.988 once 突破/过 before a figure give `over` (SPEC's qualifier table).
# The first five fall from 0.996 to 0.974 by that rule alone: 111's gold writes five 突破X figures
# as exact, against SPEC and the other reports' gold (the rule lifts the check set 0.958 -> 0.984).
FLOORS = {  # exact-span F1 of orgs and projects, e2e F1 of numbers (value, unit and qualifier right)
    "first five": ({"org": 0.984, "project": 0.95, "number": 0.97}, FIRST_FIVE),
    "all": ({"org": 0.964, "project": 0.935, "number": 0.985}, None),
}


@pytest.mark.skipif(not any(REPORTS.glob("*.gold.jsonl")), reason=f"{REPORTS} (dev reports) is not here")
@pytest.mark.parametrize("which", list(FLOORS))
def test_dev_reports_reach_the_targets(extractor, which: str) -> None:
    floors, only = FLOORS[which]
    gold = read_gold_folder(REPORTS)
    doc_ids = [d for d in gold.doc_ids if only is None or d in only]
    assert only is None or len(doc_ids) == len(only), f"missing reports: {set(only) - set(doc_ids)}"
    predicted = []
    for doc_id in doc_ids:
        text = (REPORTS / f"{doc_id}.txt").read_text(encoding="utf-8-sig")
        mentions, _ = extractor.extract_document(text, doc_id=doc_id)
        predicted += [Span(doc_id, m.type, m.start, m.end, m.text,
                           float(m.value) if m.value is not None else None,
                           tuple(float(v) for v in m.values) if m.values else None, m.unit, m.qualifier)
                      for m in mentions]
    scores = score([g for g in gold.spans if g.doc_id in doc_ids], predicted, {"number", "org", "project"})
    figures = {t: (round(s.f1, 3), round(s.e2e_f1, 3)) for t, s in scores.items()}
    for kind in ("org", "project"):
        assert scores[kind].f1 >= floors[kind], figures
    assert scores["number"].e2e_f1 >= floors["number"], figures


def _bench_facts():
    """bench/facts.py, the scorer of fact fields, loaded from its path (bench/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_facts", ROOT / "bench" / "facts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OBSERVATION_FLOOR = 0.91  # issue 13: measure, direction, region, period dates and indicator all right (0.918 reached)


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


# issue 21: the six reports with observation gold (NAME.obs.jsonl), scored as `extractor eval` scores
# them; floors at the figures reached (the targets are 0.85 and 0.90 over these and bench/facts_gold;
# its third round reached fully right 0.516, all but indicator 0.801, indicator (loose) 0.665, measure 0.991)
OBSERVATION_GOLD_FLOORS = {"fully_right": 0.51, "all_but_indicator": 0.80, "indicator_loose": 0.66, "region": 0.80,
                           "period_start": 0.98, "measure": 0.98, "modality": 0.99}


@pytest.mark.skipif(not any(REPORTS.glob("*.obs.jsonl")), reason=f"{REPORTS} (observation gold) is not here")
def test_dev_report_observation_gold_reaches_the_floors(extractor) -> None:
    figures = _bench_facts().observation_scores(extractor, REPORTS).as_dict()
    for key, floor in OBSERVATION_GOLD_FLOORS.items():
        assert figures[key] >= floor, figures
