"""A folder of news-length reports (1-3 K characters) built at run time from real reports outside
the project: the dev reports' texts (../shared/reports) and paragraphs of the 2026 provincial work
reports (../shared/corpus/gwr2026), cut at line ends into files of 1,000-3,000 characters.

Nothing of them is copied into the project; the folder lives where the caller says.

    .venv/bin/python bench/short_reports.py OUT_DIR [--files 1000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project (a worktree sits one level deeper)
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
SHORTEST, LONGEST = 1000, 3000


def sources(shared: Path = SHARED) -> list[str]:
    """The texts the short files are cut from, in a fixed order; empty when ../shared is absent."""
    paths = sorted((shared / "reports").glob("*.txt")) + sorted((shared / "corpus" / "gwr2026").glob("*.txt"))
    return [p.read_text(encoding="utf-8-sig") for p in paths]


def pieces(text: str, rng: random.Random) -> Iterator[str]:
    """Runs of whole lines of SHORTEST..LONGEST characters (a line longer than that is one piece)."""
    lines = [line for line in text.split("\n") if line.strip()]
    piece: list[str] = []
    size, target = 0, rng.randint(SHORTEST, LONGEST)
    for line in lines:
        piece.append(line)
        size += len(line) + 1
        if size >= target:
            yield "\n".join(piece) + "\n"
            piece, size, target = [], 0, rng.randint(SHORTEST, LONGEST)
    if size >= SHORTEST // 2:
        yield "\n".join(piece) + "\n"


def short_reports(count: int, seed: int = 0, shared: Path = SHARED) -> list[str]:
    """`count` short reports: the pieces of every source, cycled (a piece repeats only after all were used)."""
    rng = random.Random(seed)
    every = [piece for text in sources(shared) for piece in pieces(text, rng)]
    if not every:
        raise SystemExit(f"no source texts under {shared} (reports/*.txt, corpus/gwr2026/*.txt)")
    return [every[k % len(every)] for k in range(count)]


def write_short_reports(folder: Path, count: int, seed: int = 0) -> tuple[int, int]:
    """Write the files; returns (files, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for k, text in enumerate(short_reports(count, seed)):
        (folder / f"short{k:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return count, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    files, chars = write_short_reports(args.out, args.files)
    print(f"{files} files, {chars:,} characters ({chars / files:,.0f} a file) -> {args.out}")


if __name__ == "__main__":
    main()
