"""Hostile text (issue 16): chars/s of the whole `extract` command on one-line pathological files.

Run from the repo root:  .venv/bin/python bench/hostile.py [--chars 1000000]

Each text is written to a temporary file and run as `extract FILE -q --jobs 1` in a child process
(start-up included; a tiny file's run is printed first so start-up can be told apart). The target
is >= 100,000 chars/s for each text and under 20 s for the 2 M-digit line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def texts(chars: int) -> dict[str, str]:
    return {
        "tiny file (start-up)": "全区共有12家企业。",
        "'1' x N": "1" * chars,
        "'1' x 2,000,000": "1" * 2_000_000,
        "'一' x N": "一" * chars,
        "'1:' x N/2": "1:" * (chars // 2),
        "'一亿' x N/2": "一亿" * (chars // 2),
        "'（' x N": "（" * chars,
        "64 digits + 'x', repeated to N": ("1" * 64 + "x") * (chars // 65),
        # one sentence dense with real figures: each figure's look-backs must stay bounded
        "'1家' x N/2 (one sentence)": "1家" * (chars // 2),
        "'分别1家、' x N/5 (one 分别 list)": "分别1家、" * (chars // 5),
        "'2020年1家' x N/7 (one dated sentence)": "2020年1家" * (chars // 7),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters per text (default 1,000,000)")
    args = parser.parse_args()
    script = Path(sys.executable).parent / "extract"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]
    with tempfile.TemporaryDirectory(prefix="extract-hostile-") as work:
        for name, text in texts(args.chars).items():
            path = Path(work) / "hostile.txt"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run([*command, str(path), "--out", str(Path(work) / "out"), "-q", "--jobs", "1"],
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - started
            print(f"[hostile] {name:<34} {len(text):>10,} chars {seconds:7.2f} s "
                  f"{len(text) / seconds:>12,.0f} chars/s  exit {done.returncode}", flush=True)


if __name__ == "__main__":
    main()
