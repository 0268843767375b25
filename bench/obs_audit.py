"""A fixed-seed sample of observation rows to judge by hand (issue 21's gwr2026 indicator audit).

Run from the repo root after an `extract`:

    .venv/bin/extract ../shared/corpus/gwr2026 --out /tmp/gwr -q
    .venv/bin/python bench/obs_audit.py /tmp/gwr --seed 21 [--n 100]

Prints one line per sampled row of OUT/observations.csv: its number in the sample, the indicator
(∅ for null), the measure and about 80 characters of its evidence with the number in 【】. The same
run and seed give the same rows; two runs with the same rows (same row count) give the same sample,
so a before/after audit compares row by row.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path


def sample(out: Path, seed: int, n: int) -> list[str]:
    with (out / "observations.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for k, row in enumerate(random.Random(seed).sample(rows, min(n, len(rows)))):
        start, end = (int(x) for x in row["mention_id"].rsplit(":", 3)[1:3])
        at = int(row["evidence_start"])
        evidence = row["evidence"]
        marked = evidence[: start - at] + "【" + evidence[start - at : end - at] + "】" + evidence[end - at :]
        left = max(0, start - at - 45)
        lines.append(f"{k:3d} | {row['indicator'] or '∅'} | {row['measure']} | {marked[left:left + 80]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an output folder of `extract`")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    print("\n".join(sample(args.out, args.seed, args.n)))


if __name__ == "__main__":
    main()
