"""Exact-span organization F1 on public NER test sets (measure only: never train on them).

Run from the repo root:  .venv/bin/python bench/ner.py [--benchmarks DIR] [--limit N] [--errors K]
                                                      [--split {all,dev,test}]

Scores the extractor's `org` mentions against
  msra_ner/test.jsonl       label ORG (MSRA / SIGHAN 2006 news test set)
  cluener2020/dev.jsonl     labels company + government + organization (CLUENER2020 dev set)
in DIR (default: ../shared/benchmarks next to the repo). Each line is
{"text", "entities": [{"start", "end", "label", …}]}, `end` exclusive. Prints precision, recall
and F1 for exact spans and for overlapping spans (a prediction that shares a character with
a gold span of the scored labels), and with --errors K some misses and false alarms.

--split dev scores the first half of the lines of each file, --split test the second half
(default all). Look at errors only with --split dev; the test half is the held-out figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCHMARKS = REPO_ROOT.parent / "shared" / "benchmarks"
SETS = {
    "msra": ("msra_ner/test.jsonl", frozenset({"ORG"})),
    "cluener": ("cluener2020/dev.jsonl", frozenset({"company", "government", "organization"})),
}


@dataclass
class Score:
    """Counts for exact and overlapping matches; F1 from them."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap_predicted: int = 0  # predictions that overlap some gold span
    overlap_gold: int = 0  # gold spans that overlap some prediction
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @staticmethod
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def exact_prf(self) -> tuple[float, float, float]:
        p = self.exact / self.predicted if self.predicted else 0.0
        r = self.exact / self.gold if self.gold else 0.0
        return p, r, self.f1(p, r)

    def overlap_prf(self) -> tuple[float, float, float]:
        p = self.overlap_predicted / self.predicted if self.predicted else 0.0
        r = self.overlap_gold / self.gold if self.gold else 0.0
        return p, r, self.f1(p, r)


SPLITS = ("all", "dev", "test")


def read_cases(path: Path, labels: frozenset[str], limit: int | None,
               split: str = "all") -> Iterator[tuple[str, set[tuple[int, int]]]]:
    """Cases of one file: `dev` is the first half of its lines, `test` the second half."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    half = (len(lines) + 1) // 2
    if split == "dev":
        lines = lines[:half]
    elif split == "test":
        lines = lines[half:]
    elif split != "all":
        raise ValueError(f"unknown split {split!r}; one of {SPLITS}")
    for number, line in enumerate(lines):
        if limit is not None and number >= limit:
            return
        case = json.loads(line)
        yield case["text"], {(e["start"], e["end"]) for e in case["entities"] if e["label"] in labels}


def score_set(extractor, path: Path, labels: frozenset[str], limit: int | None = None,
              split: str = "all") -> Score:
    """Run the extractor on every text of one benchmark file (or one split of it) and count matches."""
    score = Score()
    for text, gold in read_cases(path, labels, limit, split):
        predicted = {(m.start, m.end) for m in extractor.extract(text) if m.type == "org"}
        score.gold += len(gold)
        score.predicted += len(predicted)
        score.exact += len(gold & predicted)
        score.overlap_predicted += sum(1 for p in predicted if any(p[0] < g[1] and g[0] < p[1] for g in gold))
        score.overlap_gold += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in predicted))
        score.misses += [f"{text[s:e]}  | {text[max(0, s - 12):e + 12]}" for s, e in sorted(gold - predicted)]
        score.false_alarms += [f"{text[s:e]}  | {text[max(0, s - 12):e + 12]}" for s, e in sorted(predicted - gold)]
    return score


def measure(benchmarks: Path, limit: int | None = None, split: str = "all") -> dict[str, Score]:
    """Exact-span org scores per benchmark set; raises FileNotFoundError naming a missing file."""
    from extractor.pipeline import Extractor

    extractor = Extractor()
    scores = {}
    for name, (relative, labels) in SETS.items():
        path = benchmarks / relative
        if not path.is_file():
            raise FileNotFoundError(f"benchmark file {path} not found (pass --benchmarks DIR)")
        scores[name] = score_set(extractor, path, labels, limit, split)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS,
                        help=f"folder holding msra_ner/ and cluener2020/ (default {DEFAULT_BENCHMARKS})")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N texts of each set")
    parser.add_argument("--errors", type=int, default=0, help="print K misses and K false alarms per set")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="all lines, dev = first half of each file, test = second half (held out: "
                             "never look at its errors)")
    args = parser.parse_args(argv)
    if not args.benchmarks.is_dir():
        print(f"benchmarks folder {args.benchmarks} not found; pass --benchmarks DIR", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        scores = measure(args.benchmarks, args.limit, args.split)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    for name, score in scores.items():
        p, r, f = score.exact_prf()
        op, orr, of = score.overlap_prf()
        print(f"{name:8s} [{args.split}] gold {score.gold:5d} predicted {score.predicted:5d}  "
              f"exact P {p:.3f} R {r:.3f} F1 {f:.3f}   overlap P {op:.3f} R {orr:.3f} F1 {of:.3f}")
        if args.split == "test" and args.errors:
            continue  # the held-out half: figures only, never its errors
        for label, items in (("miss", score.misses), ("false", score.false_alarms)):
            for item in items[: args.errors]:
                print(f"  {label}: {item}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
