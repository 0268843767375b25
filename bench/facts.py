"""Fact accuracy against hand-checked gold: each field, and all of a row's fields together.

Gold: tests/golden/*.facts.jsonl (the corpus articles, read by hand),
tests/data/facts_genre.jsonl (sentences composed in the genre) and bench/facts_gold/*.jsonl
(the five dev reports of ../shared/reports, read by hand: each fact keyed by its number's
offsets, no text of the reports; scored only when that folder is present). Then the
observation gold of ../shared/reports (NAME.obs.jsonl, scored as `extractor eval` scores it)
beside that of reports/check, whose figures are printed as aggregates only. Run:

    .venv/bin/python bench/facts.py [--reports DIR] [--misses]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("subject", "period", "owner")
# The observation fields (SPEC version 2) and the "all right": measure, direction,
# region, period dates and indicator of a fact together.
OBSERVATION_FIELDS = ("measure", "direction", "region", "period_start", "period_end", "indicator")
EXTRA_FIELDS = ("base", "modality")  # scored, not part of all-right

# ../shared/reports beside the project (a worktree sits one level deeper)
REPORTS = next((p for p in (ROOT.parent / "shared" / "reports", ROOT.parent.parent / "shared" / "reports") if p.is_dir()),
               ROOT.parent / "shared" / "reports")


def _facts_by_span(extractor, text: str, doc_id: str) -> dict[tuple[int, str], object]:
    """Predicted facts of whole-number mentions, keyed by (mention start, mention text) and part."""
    mentions, facts = extractor.extract_document(text, doc_id)
    by_id = {m.id: m for m in mentions}
    return {f.id: (by_id[f.mention_id], f) for f in facts}


def corpus_pairs(extractor) -> list[tuple[dict, object]]:
    pairs = []
    for golden in sorted((ROOT / "tests" / "golden").glob("*.facts.jsonl")):
        doc_id = golden.name.split(".")[0]
        text = (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8")
        predicted = _facts_by_span(extractor, text, doc_id)
        for line in golden.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            pairs.append((gold, predicted.get(gold["id"], (None, None))[1]))
    return pairs


def genre_pairs(extractor) -> list[tuple[dict, object]]:
    pairs = []
    for line in (ROOT / "tests" / "data" / "facts_genre.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if "text" not in case:
            continue
        mentions, facts = extractor.extract_document(case["text"])
        by_text = {}
        for fact in facts:
            mention = next(m for m in mentions if m.id == fact.mention_id)
            by_text.setdefault(mention.text, fact)
        pairs.extend((gold, by_text.get(gold["span"])) for gold in case["facts"])
    return pairs


def report_pairs(extractor, reports: Path) -> list[tuple[dict, object]]:
    """(gold, predicted fact) for every hand-checked fact of the dev reports, matched by offsets."""
    from extractor.facts.periods import document_date

    pairs = []
    for gold_file in sorted((ROOT / "bench" / "facts_gold").glob("*.jsonl")):
        doc_id = gold_file.stem
        source = reports / f"{doc_id}.txt"
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        # A text that gives no year of its own is run as `extract --year` would run it, with the
        # year its source records (SOURCES.tsv); a text with a year is dated by itself.
        year = None if document_date(text).year is not None else source_years(reports).get(source.name)
        mentions, facts = extractor.extract_document(text, doc_id, year=year)
        by_id = {m.id: m for m in mentions}
        predicted = {}
        for fact in facts:
            mention = by_id[fact.mention_id]
            part = int(fact.id.rsplit(":", 1)[1]) if fact.id != fact.mention_id else 0
            predicted[(mention.start, mention.end, part)] = fact
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            if "start" not in gold:
                continue
            gold.setdefault("doc_id", doc_id)
            pairs.append((gold, predicted.get((gold["start"], gold["end"], gold.get("part", 0)))))
    return pairs


def source_years(reports: Path) -> dict[str, int]:
    """file -> year, from the reports' SOURCES.tsv."""
    path = reports / "SOURCES.tsv"
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    return {row["file"]: int(row["year"]) for row in rows if row.get("year", "").isdigit()}


def accuracy(pairs, fields=FIELDS) -> dict[str, float]:
    total = len(pairs) or 1
    scores = {f: sum(1 for g, p in pairs if p is not None and getattr(p, f) == g[f]) / total for f in fields}
    scores["all"] = sum(1 for g, p in pairs if p is not None and all(getattr(p, f) == g[f] for f in fields)) / total
    return scores


def _misses(pairs, fields) -> None:
    for gold, fact in pairs:
        wrong = [f"{f}: {getattr(fact, f, None)!r} != {gold[f]!r}" for f in fields
                 if f in gold and (fact is None or getattr(fact, f) != gold[f])]
        if wrong:
            where = gold.get("text") or gold.get("span") or f"{gold.get('doc_id')}:{gold['start']}:{gold['end']}"
            print(f"    {where}: " + "; ".join(wrong))


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from extractor.pipeline import Extractor

    reports = Path(argv[argv.index("--reports") + 1]) if "--reports" in argv else REPORTS
    show = "--misses" in argv
    extractor = Extractor()
    corpus = corpus_pairs(extractor)
    runs = [("corpus (hand-checked)", corpus, FIELDS), ("genre sentences", genre_pairs(extractor), FIELDS),
            ("corpus observations", corpus, OBSERVATION_FIELDS + EXTRA_FIELDS)]
    if reports.is_dir():
        runs.append(("dev reports observations", report_pairs(extractor, reports), OBSERVATION_FIELDS + EXTRA_FIELDS))
    else:
        print(f"({reports} absent: dev reports not scored)")
    for name, pairs, fields in runs:
        scores = accuracy(pairs, fields)
        if fields != FIELDS:  # all-right is over the six fields; base and modality beside
            scores["all"] = accuracy(pairs, OBSERVATION_FIELDS)["all"]
        print(f"{name:26} facts {len(pairs):3}  " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()))
        if name.startswith("dev reports"):  # per report: how far each genre is from the target
            for doc_id in sorted({g["doc_id"] for g, _ in pairs}):
                mine = [(g, p) for g, p in pairs if g["doc_id"] == doc_id]
                print(f"    {doc_id:36} facts {len(mine):3}  all {accuracy(mine, OBSERVATION_FIELDS)['all']:.3f}")
        if show or fields == FIELDS:
            _misses(pairs, fields)
    if reports.is_dir():
        _observation_table(extractor, reports, runs[-1][1])
    return 0


def observation_scores(extractor, folder: Path):
    """The total observation score of a folder's NAME.obs.jsonl reports, run in-process as `extract`
    runs them (no --year), or None when the folder has none."""
    from extractor.tools.observations import (OBSERVATION_KEYS, ObservationScore, observation_gold,
                                              score_observations)
    from extractor.tools.scoring import overall

    gold = observation_gold(folder) if folder.is_dir() else {}
    if not gold:
        return None
    scores = {}
    for doc_id, rows in gold.items():
        mentions, facts = extractor.extract_document((folder / f"{doc_id}.txt").read_text(encoding="utf-8-sig"), doc_id)
        by_id = {m.id: m for m in mentions}
        texts = Counter(m.text for m in mentions)
        by_text: dict[str, dict] = {}
        for fact in facts:
            mention = by_id[fact.mention_id]
            if texts[mention.text] == 1:
                by_text.setdefault(mention.text, {key: getattr(fact, key) for key in OBSERVATION_KEYS})
        scores[doc_id] = score_observations(rows, by_text, doc_id)
    return overall(scores, ObservationScore())


def _observation_table(extractor, reports: Path, dev_gold_pairs) -> None:
    """Dev, check (aggregate) and the dev gold of bench/facts_gold side by side; `dev + gold`
    is the issue's dev figure: the six reports' figures and the five older reports' facts together."""
    from extractor.tools.observations import OBSERVATION_KEYS

    dev, check = observation_scores(extractor, reports), observation_scores(extractor, reports / "check")
    columns = [("dev", dev), ("check", check)]
    print(f"\n{'observations':22}" + "".join(f"{name:>10}" for name, _ in columns) + f"{'dev + gold':>12}")
    gold_total = len(dev_gold_pairs)
    gold_all = accuracy(dev_gold_pairs, OBSERVATION_FIELDS)["all"] * gold_total
    gold_but = accuracy(dev_gold_pairs, OBSERVATION_FIELDS[:-1])["all"] * gold_total
    for key in ("figures", "fully_right", "all_but_indicator", "indicator_loose") + OBSERVATION_KEYS:
        row = [score.as_dict()[key] if score else None for _, score in columns]
        cells = "".join(f"{v:>10}" if key == "figures" else f"{v:>10.3f}" if v is not None else f"{'-':>10}" for v in row)
        combined = ""
        if dev and key in ("figures", "fully_right", "all_but_indicator"):
            extra = {"figures": gold_total, "fully_right": gold_all, "all_but_indicator": gold_but}[key]
            whole = dev.figures + gold_total
            combined = f"{whole:>12}" if key == "figures" else f"{(dev.as_dict()[key] * dev.figures + extra) / whole:>12.3f}"
        print(f"{key:22}{cells}{combined}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
