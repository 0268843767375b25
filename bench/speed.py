"""Speed of the extraction pipeline relative to jieba and to a plain regex scan.

Run from the repo root:  .venv/bin/python bench/speed.py [--mb N]

Builds a text of at least N MB (UTF-8 bytes, 1 MB = 10**6) by repeating corpus/*.txt, then,
in this one process, times:
  pipeline   Extractor().extract() per copy of each corpus file (one call per document, as the CLI does)
  jieba      a fresh jieba.Tokenizer().lcut() over the whole text (dictionary loaded beforehand)
  regex      regex.finditer(r"[0-9]+") over the whole text, consumed fully, best of 5 (a floor: any scan costs this)
and prints the ratios pipeline/jieba and pipeline/regex, chars/s of each, and peak RSS.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jieba
import regex

from extractor.pipeline import Extractor

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
BYTES_PER_MB = 10**6
DIGIT_RUN = regex.compile(r"[0-9]+")

jieba.setLogLevel(logging.WARNING)  # the "Building prefix dict" chatter would interleave with the figures


@dataclass(frozen=True)
class Timing:
    seconds: float
    chars: int

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")


def load_corpus(corpus_dir: Path) -> list[str]:
    """Texts of corpus/*.txt in name order; exits when there are none."""
    paths = sorted(corpus_dir.glob("*.txt"))
    if not paths:
        sys.exit(f"speed: no *.txt in {corpus_dir}")
    return [path.read_text(encoding="utf-8-sig") for path in paths]


def build_documents(corpus: list[str], megabytes: float) -> list[str]:
    """Copies of the corpus files, cycled in order, until they total at least `megabytes` MB."""
    wanted = megabytes * BYTES_PER_MB
    sizes = [len(text.encode("utf-8")) for text in corpus]
    documents: list[str] = []
    total = 0
    while total < wanted:
        for text, size in zip(corpus, sizes):
            documents.append(text)
            total += size
    return documents


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / BYTES_PER_MB if sys.platform == "darwin" else peak * 1024 / BYTES_PER_MB


def time_pipeline(extractor: Extractor, documents: list[str], with_facts: bool = False) -> tuple[Timing, int]:
    """Extract every document separately; only the row count is kept, like the streaming CLI.

    with_facts: call extract_document (mentions and facts, what the CLI runs) instead of
    extract (mentions only); the count is then mentions + facts.
    """
    rows = 0
    started = time.perf_counter()
    for index, document in enumerate(documents):
        if with_facts:
            mentions, facts = extractor.extract_document(document, doc_id=f"copy{index}")
            rows += len(mentions) + len(facts)
        else:
            rows += len(extractor.extract(document, doc_id=f"copy{index}"))
    elapsed = time.perf_counter() - started
    return Timing(elapsed, sum(map(len, documents))), rows


def time_jieba(text: str) -> Timing:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()  # dictionary load is not part of the timing
    started = time.perf_counter()
    words = tokenizer.lcut(text)
    elapsed = time.perf_counter() - started
    del words
    return Timing(elapsed, len(text))


def time_regex_floor(text: str, repeats: int = 5) -> Timing:
    """Best of a few scans: one scan takes tens of milliseconds, too short to time once."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in DIGIT_RUN.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return Timing(best, len(text))


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def report(label: str, value: str) -> None:
    print(f"{label:<34} {value}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="size of the benchmark text in MB of UTF-8 (default 5)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of *.txt to repeat (default corpus/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    documents = build_documents(load_corpus(args.corpus), args.mb)
    text = "\n".join(documents)
    size_mb = len(text.encode("utf-8")) / BYTES_PER_MB

    extractor = Extractor()
    extractor.extract(documents[0])  # warm-up: jieba's dictionary and other tables load lazily on first use

    pipeline, mentions = time_pipeline(extractor, documents)
    rss_after_pipeline = peak_rss_mb()  # before jieba's word list inflates the peak
    floor = time_regex_floor(text)
    segmentation = time_jieba(text)

    report("python / cores", f"{platform.python_version()} / {usable_cpus()}")
    report("text", f"{size_mb:.1f} MB, {len(text):,} chars, {len(documents)} documents, {mentions:,} mentions")
    report("pipeline", f"{pipeline.seconds:.2f} s, {pipeline.chars_per_second:,.0f} chars/s")
    report("jieba.lcut (fresh Tokenizer)",
           f"{segmentation.seconds:.2f} s, {segmentation.chars_per_second:,.0f} chars/s")
    report("regex [0-9]+ floor (best of 5)", f"{floor.seconds:.3f} s, {floor.chars_per_second:,.0f} chars/s")
    report("(a) pipeline / jieba.lcut", f"{pipeline.seconds / segmentation.seconds:.3f}")
    report("(b) pipeline / regex floor", f"{pipeline.seconds / floor.seconds:.1f}")
    report("(c) peak RSS after pipeline", f"{rss_after_pipeline:.0f} MB")
    report("    peak RSS incl. jieba word list", f"{peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
