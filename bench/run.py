"""The issue's benchmark: every figure a ratio measured in this one run.

Run from the repo root:  .venv/bin/python bench/run.py [--mb 20] [--skip-200] [--out-md bench/RESULTS.md]

In this process (texts built from corpus/*.txt, at least --mb MB of UTF-8):
  pipeline        Extractor.extract_document() per document-sized piece (mentions and facts, as the CLI)
  jieba.lcut      a fresh jieba.Tokenizer().lcut() over the whole text, dictionary loaded beforehand
  regex floor     regex [0-9]+ over the whole text, best of 5
  JioNLP          jio.ner.extract_money() per piece, when the optional `bench` extra is installed
each on two texts: "repeated" (corpus copies, identical) and "varied" (every copy changed so
the segmenter's lru_cache of windows cannot serve repeats; see vary()).

In subprocesses (the real CLI, `extract DIR --out TMP -q --jobs N`, peak RSS from os.wait4):
  a folder of --mb MB of varied copies (one file per copy) with --jobs 1 and --jobs 2, alternating;
  a folder 10x as large with --jobs 1, and the same 10x text as one file (the chunked path).

Temporary files live in one temporary folder, deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import jieba
import regex

import speed  # bench/speed.py: corpus building, timers, RSS
from extractor.pipeline import Extractor
from extractor.text.segment import Segmenter

BYTES_PER_MB = speed.BYTES_PER_MB
REPO_ROOT = speed.REPO_ROOT

# --- varied copies -----------------------------------------------------------------------

DIGIT_RUN = regex.compile(r"[0-9]+")
# The clause edges entities.py segments between: one character changed per clause makes every
# clause window (and so every segmenter cache key) new.
CLAUSE = regex.compile(r"[^，,。；;！!？?：:\n“”\"‘’《》【】]{4,}")
HAN = regex.compile(r"\p{Han}")
# Characters never substituted in or out: numerals, magnitudes and the commonest units, so the
# numbers in a varied copy stay numbers of the same kind.
KEEP = set("零〇一二三四五六七八九十百千万亿兆两元角分厘毫米吨亩家个次倍年月日期届项户人台套座条种")


def han_alphabet(corpus: list[str]) -> list[str]:
    """The corpus's Han characters with their frequencies (a list with repeats), minus KEEP."""
    return [ch for text in corpus for ch in HAN.findall(text) if ch not in KEEP]


def vary(text: str, seed: int, alphabet: list[str]) -> str:
    """A copy of `text` that a cache keyed by window text has not seen, of the same length.

    - paragraphs (lines) in a shuffled order;
    - every run of digits rewritten: single digits become another digit 1-9; longer runs keep
      their first half (2015 -> 20xx, 1806 -> 18xx) so years stay years;
    - in every clause of 4+ characters, one Han character (not a numeral or unit, not just
      after a digit) replaced by one drawn from the corpus's own character frequencies.
    """
    rng = random.Random(seed)
    lines = text.split("\n")
    rng.shuffle(lines)
    text = "\n".join(lines)

    def new_digits(match: regex.Match) -> str:
        run = match.group()
        if len(run) == 1:
            return str(rng.randint(1, 9))
        keep = len(run) // 2
        return run[:keep] + "".join(str(rng.randint(0, 9)) for _ in range(len(run) - keep))

    text = DIGIT_RUN.sub(new_digits, text)
    chars = list(text)
    for clause in CLAUSE.finditer(text):
        positions = [i for i in range(clause.start(), clause.end())
                     if HAN.match(chars[i]) and chars[i] not in KEEP
                     and not any(chars[j].isdigit() for j in range(max(0, i - 2), i))]
        if positions:
            chars[rng.choice(positions)] = rng.choice(alphabet)
    return "".join(chars)


def varied_documents(corpus: list[str], count: int, alphabet: list[str], first_seed: int = 0) -> Iterator[str]:
    """`count` varied copies, cycling through the corpus files; copy k uses seed first_seed + k."""
    for k in range(count):
        yield vary(corpus[k % len(corpus)], first_seed + k, alphabet)


# --- in-process figures ------------------------------------------------------------------


@dataclass
class Figures:
    """Every printed figure, in order, for RESULTS.md: (section, label, value)."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)
    on_add: Optional[Callable[[], None]] = None  # rewrites RESULTS.md, so an interrupted run keeps its figures

    def add(self, section: str, label: str, value: str, key: Optional[str] = None, number: Optional[float] = None) -> None:
        print(f"[{section}] {label:<46} {value}", flush=True)
        self.rows.append((section, label, value))
        if key is not None and number is not None:
            self.values[key] = number
        if self.on_add is not None:
            self.on_add()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def time_jionlp(documents: list[str]) -> tuple[speed.Timing, int]:
    import jionlp as jio  # noqa: PLC0415 - optional, imported only when used

    jio.ner.extract_money(documents[0])  # warm-up: compiles its patterns
    found = 0
    started = time.perf_counter()
    for document in documents:
        found += len(jio.ner.extract_money(document))
    return speed.Timing(time.perf_counter() - started, sum(map(len, documents))), found


def jionlp_available() -> Optional[str]:
    """None when JioNLP imports, else why not."""
    try:
        import jionlp  # noqa: F401, PLC0415
    except Exception as exc:  # ImportError, or its own import failing (e.g. jiojio missing)
        return f"{type(exc).__name__}: {exc}"
    return None


ROUNDS = 10


def interleaved(extractor: Extractor, documents: list[str]) -> tuple[speed.Timing, speed.Timing, int]:
    """The pipeline and jieba.lcut timed in alternating rounds over the same documents (a tenth
    each): on a shared machine whose speed drifts by 15% over minutes, both see the same drift."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()  # dictionary load is not part of the timing
    size = -(-len(documents) // ROUNDS)
    pipeline_seconds = jieba_seconds = 0.0
    rows = 0
    for first in range(0, len(documents), size):
        part = documents[first : first + size]
        timing, count = speed.time_pipeline(extractor, part, with_facts=True)
        pipeline_seconds += timing.seconds
        rows += count
        text = "\n".join(part)
        started = time.perf_counter()
        words = tokenizer.lcut(text)
        jieba_seconds += time.perf_counter() - started
        del words
    chars = sum(map(len, documents))
    return speed.Timing(pipeline_seconds, chars), speed.Timing(jieba_seconds, chars), rows


def in_process(name: str, documents: list[str], figures: Figures, with_jionlp: bool) -> float:
    """Pipeline, jieba, regex floor (and JioNLP) on one text, each as a ratio; returns jieba's seconds."""
    section = f"in-process {name}"
    text = "\n".join(documents)
    size_mb = len(text.encode("utf-8")) / BYTES_PER_MB

    extractor = Extractor()  # a fresh one: its Segmenter's cache starts empty
    extractor.extract_document(documents[-1])  # warm-up: jieba's dictionary and tables load lazily
    Segmenter._tokens.cache_clear()
    pipeline_rounds, jieba_rounds, rows = interleaved(extractor, documents)
    cache = Segmenter._tokens.cache_info()
    floor = speed.time_regex_floor(text)
    segmentation = speed.time_jieba(text)

    figures.add(section, "text", f"{size_mb:.1f} MB, {len(text):,} chars, {len(documents):,} documents")
    pipeline = pipeline_rounds
    figures.add(section, f"pipeline (extract_document per document, {ROUNDS} rounds)",
                f"{pipeline.seconds:.2f} s, {pipeline.chars_per_second:,.0f} chars/s, {rows:,} mentions+facts")
    figures.add(section, f"jieba.lcut on the same {ROUNDS} rounds (one call per round, between the pipeline's)",
                f"{jieba_rounds.seconds:.2f} s, {jieba_rounds.chars_per_second:,.0f} chars/s")
    ratio = pipeline.seconds / jieba_rounds.seconds
    figures.add(section, "RATIO pipeline / jieba.lcut, interleaved rounds", f"{ratio:.3f}",
                f"{name}.pipeline_jieba", ratio)
    figures.add(section, "segmenter window cache hit rate",
                f"{cache.hits / max(1, cache.hits + cache.misses):.1%} ({cache.hits:,} hits, {cache.misses:,} misses)")
    figures.add(section, "jieba.lcut (fresh Tokenizer, whole text)",
                f"{segmentation.seconds:.2f} s, {segmentation.chars_per_second:,.0f} chars/s")
    figures.add(section, "regex [0-9]+ floor (best of 5)",
                f"{floor.seconds:.3f} s, {floor.chars_per_second:,.0f} chars/s")
    ratio = pipeline.seconds / segmentation.seconds
    figures.add(section, "RATIO pipeline / jieba.lcut whole text (timed minutes apart)", f"{ratio:.3f}",
                f"{name}.pipeline_jieba_whole", ratio)
    ratio = pipeline.seconds / floor.seconds
    figures.add(section, "RATIO pipeline / regex floor", f"{ratio:.0f}", f"{name}.pipeline_regex", ratio)
    if with_jionlp:
        jio_timing, found = time_jionlp(documents)
        sample = documents[:50]
        ours = sum(1 for document in sample for m in extractor.extract(document) if m.unit == "CNY")
        _, theirs = time_jionlp(sample)
        figures.add(section, "JioNLP extract_money (per document)",
                    f"{jio_timing.seconds:.2f} s, {jio_timing.chars_per_second:,.0f} chars/s, {found:,} money spans; "
                    f"first 50 documents: JioNLP {theirs} money spans, pipeline {ours} CNY mentions")
        ratio = pipeline.seconds / jio_timing.seconds
        figures.add(section, "RATIO pipeline (everything) / JioNLP money only", f"{ratio:.2f}",
                    f"{name}.pipeline_jionlp", ratio)
    figures.add(section, "load average (1/5/15 min) after", load())
    return segmentation.seconds


# --- CLI figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    seconds: float
    cpu_seconds: float  # user + system of extract and every worker it reaped
    peak_rss_mb: float  # the largest single process among extract and its workers
    returncode: int

    def describe(self) -> str:
        return (f"{self.seconds:.2f} s wall, {self.cpu_seconds:.2f} s CPU, peak RSS {self.peak_rss_mb:.0f} MB, "
                f"exit {self.returncode}, load {load()}")


def extract_command() -> list[str]:
    script = Path(sys.executable).parent / "extract"
    return [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]


# Runs one command and writes its wall time and rusage (from wait4) as JSON to argv[1].
# Why a wrapper: Linux carries the RSS high-water mark of the memory a process had before exec
# into its ru_maxrss, and subprocess forks (vforks) from this process, which holds the benchmark
# texts and jieba's word lists. Started from this small process, extract reports its own peak.
RUSAGE_WRAPPER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL)
try:
    _, status, usage = os.wait4(child.pid, 0)
except BaseException:
    child.kill()
    raise
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": time.perf_counter() - started, "maxrss": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime, "returncode": child.returncode}, out)
"""


def run_measured(command: list[str], result: Path) -> CliRun:
    """`command` under RUSAGE_WRAPPER; peak RSS covers that command and its reaped workers only."""
    wrapper = subprocess.Popen([sys.executable, "-I", "-c", RUSAGE_WRAPPER, str(result), *command],
                               start_new_session=True)
    try:
        returncode = wrapper.wait()
    except BaseException:  # interrupted: stop the wrapper and the extract it started
        os.killpg(wrapper.pid, signal.SIGKILL)
        wrapper.wait()
        raise
    if returncode != 0 or not result.exists():
        return CliRun(float("nan"), float("nan"), float("nan"), returncode or -1)
    data = json.loads(result.read_text())
    result.unlink()
    peak = data["maxrss"] / BYTES_PER_MB if sys.platform == "darwin" else data["maxrss"] * 1024 / BYTES_PER_MB
    return CliRun(data["seconds"], data["cpu"], peak, data["returncode"])


def run_cli(inputs: Path, out_dir: Path, jobs: int) -> CliRun:
    """One `extract` run; its outputs are deleted afterwards."""
    shutil.rmtree(out_dir, ignore_errors=True)
    command = [*extract_command(), str(inputs), "--out", str(out_dir), "-q", "--jobs", str(jobs)]
    run = run_measured(command, out_dir.parent / "rusage.json")
    shutil.rmtree(out_dir, ignore_errors=True)
    if run.returncode != 0:
        print(f"run: extract exited with {run.returncode}: {' '.join(command)}", file=sys.stderr)
    return run


def write_folder(folder: Path, documents: Iterator[str]) -> tuple[int, int]:
    """One UTF-8 file per document; returns (files, bytes)."""
    folder.mkdir(parents=True)
    files = size = 0
    for index, document in enumerate(documents):
        data = document.encode("utf-8")
        (folder / f"doc{index:06d}.txt").write_bytes(data)
        files += 1
        size += len(data)
    return files, size


def concatenate(folder: Path, target: Path) -> int:
    """The folder's files joined by newlines into one file, streamed; returns bytes."""
    size = 0
    with target.open("wb") as out:
        for index, path in enumerate(sorted(folder.glob("*.txt"))):
            if index:
                size += out.write(b"\n")
            size += out.write(path.read_bytes())
    return size


def cli_figures(work: Path, corpus: list[str], alphabet: list[str], count: int, args: argparse.Namespace,
                figures: Figures, jieba_varied_seconds: Optional[float]) -> None:
    section = "CLI 1x"
    small = work / "corpus1x"
    files, size = write_folder(small, varied_documents(corpus, count, alphabet))
    figures.add(section, "corpus", f"{size / BYTES_PER_MB:.1f} MB in {files:,} files (the varied copies above)")
    out = work / "out"
    runs: dict[int, list[CliRun]] = {1: [], 2: []}
    for pair in range(args.pairs):
        for jobs in (1, 2):
            run = run_cli(small, out, jobs)
            runs[jobs].append(run)
            figures.add(section, f"--jobs {jobs} run {pair + 1}", run.describe())
    best1 = min(r.seconds for r in runs[1])
    best2 = min(r.seconds for r in runs[2])
    rss1 = max(r.peak_rss_mb for r in runs[1])
    figures.add(section, "peak RSS --jobs 1 (max of runs)", f"{rss1:.0f} MB", "rss_1x", rss1)
    figures.add(section, "peak RSS --jobs 2 (largest process)", f"{max(r.peak_rss_mb for r in runs[2]):.0f} MB")
    pair_ratios = [runs[1][pair].seconds / runs[2][pair].seconds for pair in range(args.pairs)]
    for pair, pair_ratio in enumerate(pair_ratios):
        figures.add(section, f"RATIO --jobs 1 / --jobs 2 wall, pair {pair + 1}", f"{pair_ratio:.2f}x")
    # The two runs of a pair follow each other, so they see the same machine speed; the best of
    # each may pair a fast --jobs 1 minute with a slow --jobs 2 one (this machine drifts by 25%).
    ratio = statistics.median(pair_ratios)
    figures.add(section, "RATIO --jobs 1 / --jobs 2 wall, median of pairs", f"{ratio:.2f}x", "jobs_speedup", ratio)
    figures.add(section, "RATIO --jobs 1 / --jobs 2 wall, best of each", f"{best1 / best2:.2f}x")
    # Not a measurement: what two otherwise idle cores would give if the --jobs 2 CPU time split evenly.
    bound = min(r.cpu_seconds for r in runs[1]) / (min(r.cpu_seconds for r in runs[2]) / 2)
    figures.add(section, "bound: --jobs 1 CPU / (--jobs 2 CPU / 2)", f"{bound:.2f}x (an upper bound, not a timing)")
    if jieba_varied_seconds:
        ratio = best1 / jieba_varied_seconds
        figures.add(section, "RATIO CLI --jobs 1 wall (read+extract+write) / jieba.lcut", f"{ratio:.3f}",
                    "cli_jieba", ratio)

    if args.skip_200:
        figures.add("CLI 10x", "skipped", "--skip-200")
        return
    section = "CLI 10x"
    shutil.rmtree(small)
    large = work / "corpus10x"
    files, size = write_folder(large, varied_documents(corpus, count * 10, alphabet))
    figures.add(section, "corpus", f"{size / BYTES_PER_MB:.1f} MB in {files:,} files (first tenth = the 1x corpus)")
    run = run_cli(large, out, 1)
    figures.add(section, "--jobs 1 folder", run.describe(), "rss_10x", run.peak_rss_mb)
    figures.add(section, "RATIO peak RSS 10x / 1x (folder, --jobs 1)", f"{run.peak_rss_mb / rss1:.2f}",
                "rss_ratio", run.peak_rss_mb / rss1)
    figures.add(section, "RATIO wall 10x / 1x (folder, --jobs 1)", f"{run.seconds / best1:.2f}")
    single = work / "single10x.txt"
    size = concatenate(large, single)
    shutil.rmtree(large)
    run = run_cli(single, out, 1)
    figures.add(section, "one file of the same text, --jobs 1", f"{size / BYTES_PER_MB:.1f} MB, {run.describe()}",
                "rss_single", run.peak_rss_mb)
    if run.returncode != 0:
        figures.values["single_incomplete"] = run.returncode
    figures.add(section, "RATIO peak RSS one 10x file / 1x folder", f"{run.peak_rss_mb / rss1:.2f}",
                "rss_single_ratio", run.peak_rss_mb / rss1)
    single.unlink()


# --- end-to-end: whole processes, as users run them ----------------------------------

# A whole `jieba.lcut` process on the same text: start-up, dictionary load and reading included,
# as `extract` pays them. The word list is kept (not printed) as a user's script would.
JIEBA_PROCESS = ("import logging, sys, jieba; jieba.setLogLevel(logging.WARNING); "
                 "words = jieba.lcut(open(sys.argv[1], encoding='utf-8').read())")

# Stage functions whose cumulative time the profiled run reports, as (file suffix, function).
# A stage whose function is not found (renamed) prints "n/a" rather than a wrong figure.
STAGES = [
    ("rules loaded again by the command (warm caches)", [("extractor/pipeline.py", "__init__")]),
    ("reading and decoding", [("extractor/read/reader.py", "read_document"), ("extractor/read/reader.py", "iter_text_chunks"),
                              ("extractor/read/reader.py", "sniff_encoding")]),
    ("fold (normalize)", [("extractor/text/normalize.py", "fold_text")]),
    ("numbers and ratios (match)", [("extractor/numbers/match.py", "find_candidates")]),
    ("values", [("extractor/numbers/values.py", "to_mention")]),
    ("orgs and projects (entities)", [("extractor/pipeline.py", "_entities"), ("extractor/names/entities.py", "find_entities")]),
    ("short names (link)", [("extractor/names/link.py", "add"), ("extractor/names/link.py", "short_forms"),
                            ("extractor/names/link.py", "to_entity_mentions")]),
    ("facts", [("extractor/facts/facts.py", "link")]),
    ("rows and serialization", [("extractor/output/write.py", "mention_row"), ("extractor/output/write.py", "fact_row"),
                                ("extractor/output/write.py", "serialize_rows")]),
    ("writing files", [("extractor/output/write.py", "add"), ("extractor/output/write.py", "commit")]),
]

# Runs `extract ARGS` in this child under cProfile, after timing the imports and the Extractor's
# construction and warm-up apart; prints one JSON object of seconds.
PROFILED_EXTRACT = r"""
import cProfile, json, pstats, sys, time
started = time.perf_counter()
import extractor.cli
from extractor.pipeline import Extractor
imported = time.perf_counter()
Extractor().warm_up()
loaded = time.perf_counter()
stages = json.loads(sys.argv[1])
sys.argv = ["extract", *sys.argv[2:]]
profile = cProfile.Profile()
profile.enable()
try:
    extractor.cli.main()
except SystemExit:
    pass
profile.disable()
stats = pstats.Stats(profile).stats
total = sum(tt for (_, _, tt, _, _) in stats.values())  # (calls, primitive calls, own time, cumulative, callers)
found = {}
for name, functions in stages:
    seconds = [ct for (path, _, func), (_, _, _, ct, _) in stats.items()
               if any(path.endswith(suffix) and func == wanted for suffix, wanted in functions)]
    found[name] = sum(seconds) if seconds else None
print(json.dumps({"import": imported - started, "rules and warm-up": loaded - imported,
                  "profiled total": total, "stages": found}))
"""


def stage_breakdown(folder: Path, out_dir: Path, figures: Figures) -> None:
    """Start-up apart, then each stage's share of a profiled `extract FOLDER --jobs 1` run."""
    section = "end-to-end stages"
    shutil.rmtree(out_dir, ignore_errors=True)
    command = [sys.executable, "-c", PROFILED_EXTRACT, json.dumps(STAGES),
               str(folder), "--out", str(out_dir), "-q", "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    if done.returncode != 0 or not done.stdout.strip():
        figures.add(section, "profiled run failed", (done.stderr.strip().splitlines() or ["?"])[-1])
        return
    data = json.loads(done.stdout.strip().splitlines()[-1])
    figures.add(section, "start-up: imports (extractor.cli and what it loads)", f"{data['import']:.2f} s")
    figures.add(section, "start-up: rules compiled, jieba's tables, warm-up", f"{data['rules and warm-up']:.2f} s")
    total = data["profiled total"]
    figures.add(section, "profiled run (cProfile slows Python code, so shares, not seconds)", f"{total:.2f} s")
    for name, seconds in data["stages"].items():
        value = "n/a (function not found)" if seconds is None else f"{seconds / total:.1%}"
        figures.add(section, f"share: {name}", value)


def end_to_end(work: Path, corpus: list[str], alphabet: list[str], args: argparse.Namespace, figures: Figures) -> None:
    """Whole `extract` processes against a whole `jieba.lcut` process on the same text, in
    alternating rounds: a folder of varied reports, and the same text as one large file."""
    section = "end-to-end"
    count = len(speed.build_documents(corpus, args.e2e_mb))
    folder = work / "e2e"
    files, size = write_folder(folder, varied_documents(corpus, count, alphabet, first_seed=10**6))
    single = work / "e2e-single.txt"
    concatenate(folder, single)
    chars = len(single.read_text(encoding="utf-8"))
    figures.add(section, "text", f"{size / BYTES_PER_MB:.1f} MB, {chars:,} chars: a folder of {files:,} varied "
                                 "files, and the same text joined as one file")
    out = work / "out-e2e"
    jieba_command = [sys.executable, "-c", JIEBA_PROCESS, str(single)]
    ratios: dict[str, list[float]] = {"folder": [], "single": [], "single_folder": []}
    for round_ in range(1, args.e2e_rounds + 1):
        lcut = run_measured(jieba_command, work / "rusage.json")
        figures.add(section, f"round {round_}: jieba.lcut process (one file)", lcut.describe())
        on_folder = run_cli(folder, out, 1)
        figures.add(section, f"round {round_}: extract FOLDER --jobs 1", on_folder.describe())
        on_single = run_cli(single, out, 1)
        figures.add(section, f"round {round_}: extract ONE-FILE --jobs 1", on_single.describe())
        ratios["folder"].append(on_folder.seconds / lcut.seconds)
        ratios["single"].append(on_single.seconds / lcut.seconds)
        ratios["single_folder"].append(on_single.seconds / on_folder.seconds)
    for key, label in (("folder", "RATIO extract FOLDER / jieba.lcut process"),
                       ("single", "RATIO extract ONE-FILE / jieba.lcut process"),
                       ("single_folder", "RATIO extract ONE-FILE / extract FOLDER")):
        ratio = statistics.median(ratios[key])
        rounds = ", ".join(f"{r:.2f}" for r in ratios[key])
        figures.add(section, f"{label} (median of rounds)", f"{ratio:.3f} (rounds: {rounds})", f"e2e_{key}", ratio)
    stage_breakdown(folder, out, figures)
    shutil.rmtree(folder)
    single.unlink()


# --- short reports: the per-document fixed cost ------------------------------------------


def short_reports_case(work: Path, args: argparse.Namespace, figures: Figures) -> None:
    """Real news-length reports (bench/short_reports.py: 1-3 K-character files cut from
    ../shared at run time) as users batch them: `extract FOLDER --jobs 1` against a whole
    jieba.lcut process over the same characters, alternating; then the same characters in
    fewer, longer files, so time = fixed cost x documents + cost per character x characters
    splits into its two parts. Long reports (../shared/corpus/gwr2026 as they are) beside them."""
    import short_reports  # bench/short_reports.py

    section = "short reports"
    if not short_reports.sources():
        figures.add(section, "skipped", f"no texts under {short_reports.SHARED} (reports/, corpus/gwr2026/)")
        return
    folder, grouped = work / "short", work / "short-grouped"
    files, chars = short_reports.write_short_reports(folder, args.short_files)
    single = work / "short-one.txt"
    concatenate(folder, single)
    grouped.mkdir()
    paths = sorted(folder.glob("*.txt"))
    groups = max(1, files // 30)  # 30 short reports a file: the same characters, 1/30 of the documents
    for k in range(groups):
        with (grouped / f"group{k:04d}.txt").open("w", encoding="utf-8") as out:
            for path in paths[k::groups]:
                out.write(path.read_text(encoding="utf-8"))
    figures.add(section, "text", f"{files:,} files, {chars:,} chars ({chars / files:,.0f} a file); "
                                 f"the same chars in {groups} files")
    long_folder = short_reports.SHARED / "corpus" / "gwr2026"
    long_single = work / "long-one.txt"
    concatenate(long_folder, long_single)
    out = work / "out-short"
    ratios: dict[str, list[float]] = {"short": [], "long": [], "short_cpu": [], "long_cpu": []}
    fixed_costs, char_costs = [], []
    fixed_cpu = []  # the same split of CPU seconds: steadier than wall time on a loaded machine
    for round_ in range(1, args.short_rounds + 1):
        lcut = run_measured([sys.executable, "-c", JIEBA_PROCESS, str(single)], work / "rusage.json")
        on_short = run_cli(folder, out, 1)
        on_grouped = run_cli(grouped, out, 1)
        lcut_long = run_measured([sys.executable, "-c", JIEBA_PROCESS, str(long_single)], work / "rusage.json")
        on_long = run_cli(long_folder, out, 1)
        for label, run in (("jieba.lcut process (short text as one file)", lcut), ("extract SHORT --jobs 1", on_short),
                           (f"extract the same in {groups} files", on_grouped),
                           ("jieba.lcut process (long reports as one file)", lcut_long),
                           ("extract LONG (gwr2026) --jobs 1", on_long)):
            figures.add(section, f"round {round_}: {label}", run.describe())
        ratios["short"].append(on_short.seconds / lcut.seconds)
        ratios["long"].append(on_long.seconds / lcut_long.seconds)
        ratios["short_cpu"].append(on_short.cpu_seconds / lcut.cpu_seconds)  # steadier than wall time on a loaded machine
        ratios["long_cpu"].append(on_long.cpu_seconds / lcut_long.cpu_seconds)
        fixed = (on_short.seconds - on_grouped.seconds) / (files - groups)
        fixed_costs.append(fixed)
        fixed_cpu.append((on_short.cpu_seconds - on_grouped.cpu_seconds) / (files - groups))
        char_costs.append((on_grouped.seconds - fixed * groups) / chars)
    for key, label in (("short", "RATIO extract SHORT / jieba.lcut process"),
                       ("long", "RATIO extract LONG / jieba.lcut process"),
                       ("short_cpu", "RATIO of CPU seconds, SHORT"), ("long_cpu", "RATIO of CPU seconds, LONG")):
        ratio = statistics.median(ratios[key])
        rounds = ", ".join(f"{r:.2f}" for r in ratios[key])
        figures.add(section, f"{label} (median of rounds)", f"{ratio:.3f} (rounds: {rounds})", f"short_{key}", ratio)
    figures.add(section, "fixed cost per document (median of rounds)",
                f"{statistics.median(fixed_costs) * 1e6:,.0f} us (rounds: "
                + ", ".join(f"{c * 1e6:,.0f}" for c in fixed_costs) + ")")
    figures.add(section, "fixed cost per document, CPU (median of rounds)",
                f"{statistics.median(fixed_cpu) * 1e6:,.0f} us (rounds: "
                + ", ".join(f"{c * 1e6:,.0f}" for c in fixed_cpu) + ")")
    figures.add(section, "cost per character (median of rounds)",
                f"{statistics.median(char_costs) * 1e6:.2f} us, i.e. "
                f"{statistics.median(fixed_costs) / statistics.median(char_costs):,.0f} characters' worth a document")


# --- machine and RESULTS.md --------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    def git(*argv: str) -> str:
        try:
            return subprocess.run(["git", *argv], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.rstrip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    ram = first("/proc/meminfo", "MemTotal")
    ram_gb = f"{int(ram.split()[0]) / 2**20:.1f} GiB" if ram != "?" else "?"
    dirty = [line for line in git("status", "--porcelain").splitlines() if line]
    versions = []
    for package in ("jieba", "rjieba", "regex", "jionlp"):
        try:
            from importlib.metadata import version  # noqa: PLC0415
            versions.append(f"{package} {version(package)}")
        except Exception:  # noqa: BLE001
            pass
    if os.environ.get("PYTHONPATH"):
        versions.append(f"PYTHONPATH={os.environ['PYTHONPATH']}")
    return [
        ("date (UTC)", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")),
        ("commit", git("rev-parse", "HEAD")),
        ("working tree", f"{len(dirty)} uncommitted paths" + (f": {', '.join(l[3:] for l in dirty)}" if dirty else "")),
        ("nproc / usable cores", f"{os.cpu_count()} / {speed.usable_cpus()}"),
        ("CPU", first("/proc/cpuinfo", "model name")),
        ("RAM", ram_gb),
        ("Python", f"{platform.python_version()} ({platform.platform()})"),
        ("packages", ", ".join(versions)),
    ]


def verdicts(values: dict[str, float]) -> list[tuple[str, str, str]]:
    """(target, figure, met?) for the issue's "done when"."""
    out = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for name in ("varied", "repeated"):
        key = f"{name}.pipeline_jieba"
        if key in values:
            ratio = values[key]
            out.append((f"pipeline <= 1.0x jieba.lcut ({name} text, interleaved)", f"{ratio:.3f}",
                        verdict(ratio <= 1.0) + (" (stretch 0.5x met)" if ratio <= 0.5 else " (stretch 0.5x not met)")))
        if f"{key}_whole" in values:
            ratio = values[f"{key}_whole"]
            out.append((f"  the same against one whole-text jieba.lcut ({name})", f"{ratio:.3f}", verdict(ratio <= 1.0)))
    rss = [values[k] for k in ("rss_1x", "rss_10x", "rss_single") if k in values]
    if rss:
        out.append(("peak RSS <= 300 MB (every CLI run above)", f"max {max(rss):.0f} MB", verdict(max(rss) <= 300)))
    if "rss_ratio" in values:
        ratio = values["rss_ratio"]
        out.append(("peak RSS flat, 20 MB -> 200 MB (10x/1x <= 1.10)", f"{ratio:.2f}", verdict(ratio <= 1.10)))
    if "rss_single_ratio" in values:
        ratio = values["rss_single_ratio"]
        unfinished = " (run did not finish: peak so far)" if "single_incomplete" in values else ""
        out.append(("  same for one 200 MB file (chunked path)", f"{ratio:.2f}", verdict(ratio <= 1.10) + unfinished))
    if "e2e_folder" in values:
        ratio = values["e2e_folder"]
        out.append(("whole extract process <= 1.0x whole jieba.lcut process (folder, --jobs 1)", f"{ratio:.3f}",
                    verdict(ratio <= 1.0) + (" (stretch 0.5x met)" if ratio <= 0.5 else " (stretch 0.5x not met)")))
    if "e2e_single_folder" in values:
        ratio = values["e2e_single_folder"]
        out.append(("one large file <= 1.1x the same text as a folder", f"{ratio:.3f}", verdict(ratio <= 1.1)))
    if "short_short" in values:
        ratio = values["short_short"]
        out.append(("short reports: whole extract <= 1.0x whole jieba.lcut (--jobs 1)", f"{ratio:.3f}", verdict(ratio <= 1.0)))
    if "short_long" in values:
        ratio = values["short_long"]
        out.append(("long reports (gwr2026) stay <= 0.85x", f"{ratio:.3f}", verdict(ratio <= 0.85)))
    if "jobs_speedup" in values:
        ratio = values["jobs_speedup"]
        out.append(("--jobs 2 >= 1.7x faster than --jobs 1 (two cores)", f"{ratio:.2f}x", verdict(ratio >= 1.7)))
    return out


def write_markdown(path: Path, info: list[tuple[str, str]], figures: Figures, loads: list[str], command: str,
                   finished: bool = True) -> None:
    lines = ["# Benchmark results (`bench/run.py`)", ""]
    if not finished:
        lines += ["**Run in progress or interrupted: the figures below are partial.**", ""]
    lines += [f"Command: `{command}`. Every figure comes from that one run; see `bench/README.md` for what each means.",
              "", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in info]
    lines += [f"| load average (1/5/15 min) | {' → '.join(loads)} (start → end) |", ""]
    lines += ["## Done when", "", "| target | figure | |", "|---|---|---|"]
    lines += [f"| {target} | {figure} | {met} |" for target, figure, met in verdicts(figures.values)]
    lines += ["", "## Figures", "", "| part | figure | value |", "|---|---|---|"]
    lines += [f"| {section} | {label} | {value} |" for section, label, value in figures.rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- main --------------------------------------------------------------------------------


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="size of the 1x text and corpus in MB of UTF-8 (default 20)")
    parser.add_argument("--skip-200", action="store_true", help="skip the 10x (200 MB) CLI runs")
    parser.add_argument("--pairs", type=int, default=4, help="alternating --jobs 1 / --jobs 2 pairs on the 1x corpus (default 4)")
    parser.add_argument("--out-md", type=Path, help="also write the figures to this markdown file (bench/RESULTS.md)")
    parser.add_argument("--e2e-mb", type=float, default=12.0,
                        help="size of the end-to-end text in MB (default 12: one file over the 8 MB chunking threshold)")
    parser.add_argument("--e2e-rounds", type=int, default=2, help="alternating end-to-end rounds (default 2)")
    parser.add_argument("--only-e2e", action="store_true", help="run only the end-to-end section")
    parser.add_argument("--only-short", action="store_true",
                        help="run only the short-reports section (real reports cut at run time from ../shared)")
    parser.add_argument("--short-files", type=int, default=1000, help="short reports in that folder (default 1000)")
    parser.add_argument("--short-rounds", type=int, default=3, help="alternating short-reports rounds (default 3)")
    parser.add_argument("--corpus", type=Path, default=speed.CORPUS_DIR, help="folder of *.txt to copy (default corpus/)")
    return parser.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> None:
    args = parse_args(argv)
    command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    loads = [load()]
    info = machine()
    for key, value in info:
        print(f"[machine] {key:<46} {value}")
    print(f"[machine] {'load average (1/5/15 min) at start':<46} {loads[0]}", flush=True)

    corpus = speed.load_corpus(args.corpus)
    alphabet = han_alphabet(corpus)
    figures = Figures()
    if args.out_md:
        figures.on_add = lambda: write_markdown(args.out_md, info, figures, [*loads, load()], command, finished=False)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("run: terminated"))  # so the temporary folder is removed
    with tempfile.TemporaryDirectory(prefix="extract-bench-short-") as work:
        short_reports_case(Path(work), args, figures)
    if args.only_short:
        finish(args, info, figures, loads, command)
        return
    with tempfile.TemporaryDirectory(prefix="extract-bench-e2e-") as work:
        end_to_end(Path(work), corpus, alphabet, args, figures)
    if args.only_e2e:
        finish(args, info, figures, loads, command)
        return

    repeated = speed.build_documents(corpus, args.mb)
    varied = list(varied_documents(corpus, len(repeated), alphabet))
    why_not = jionlp_available()
    if why_not is not None:
        figures.add("JioNLP", "skipped", f"jionlp does not import ({why_not}); "
                    "install the optional extra (pip install -e '.[bench]', pulls jiojio, ~200 MB) to compare")
    in_process("repeated", repeated, figures, why_not is None)
    del repeated
    jieba_varied = in_process("varied", varied, figures, why_not is None)
    count = len(varied)
    del varied

    with tempfile.TemporaryDirectory(prefix="extract-bench-") as work:
        cli_figures(Path(work), corpus, alphabet, count, args, figures, jieba_varied)
    finish(args, info, figures, loads, command)


def finish(args: argparse.Namespace, info: list[tuple[str, str]], figures: Figures, loads: list[str], command: str) -> None:
    loads.append(load())
    print()
    for target, figure, met in verdicts(figures.values):
        print(f"[done when] {target:<52} {figure:<12} {met}")
    if args.out_md:
        write_markdown(args.out_md, info, figures, loads, command)
        print(f"wrote {args.out_md}")


if __name__ == "__main__":
    jieba.setLogLevel(speed.logging.WARNING)
    main()
