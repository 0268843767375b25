"""`extract FILE...`: the command line. No extraction logic here, only arguments,
progress and exit codes (0 all ok, 1 some file failed, 2 usage or rule-file error)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .run.batch import DEFAULT_DOC_MEMORY_MB, default_jobs, run_batch
from .errors import ExtractorError, OutputError, RuleError
from .pipeline import Extractor
from .output.db import DatabaseSink
from .read.reader import discover_inputs
from .output.workbook import unit_legend, write_workbook
from .output.parquet import write_parquet

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"
    xlsx = "xlsx"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


app = typer.Typer(add_completion=True, rich_markup_mode=None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit(EXIT_OK)


@app.command(
    help=(
        "Extract numbers, ratios, organizations and projects from Chinese reports.\n\n"
        "FILES are .txt, .html/.htm, .docx or .pdf files, directories (every such file inside, "
        "recursively) or quoted globs. Writes mentions.jsonl/.csv, facts.jsonl/.csv (CSV in UTF-8 "
        "with BOM, for Excel) and documents.jsonl to --out, committed together as one set, and the text "
        "read from each HTML/DOCX/PDF file to texts/<doc_id>.txt (offsets index it). Every file and "
        "field, unit code and kind of measure: docs/OUTPUTS.md in the repository.\n\n"
        "Example:  extract corpus/*.txt --out outputs --html outputs/report.html\n\n"
        "Exit status: 0 every file ok, 1 some file failed (see documents.jsonl), "
        "2 usage error, no input matched, a broken rule file, --out in use by another run, or "
        "--incremental state that cannot be read."
    )
)
def extract(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="Input files, directories or globs.", show_default=False)],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder (locked while a run writes it).")] = "outputs",
    wait: Annotated[bool, typer.Option("--wait", help="If another run is writing --out, wait for it instead of exiting 2.")] = False,
    rules: Annotated[Optional[Path], typer.Option("--rules", help="Rule folder (default: the rules shipped with the package).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")] = 0,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this machine; dask: a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")] = None,
    incremental: Annotated[bool, typer.Option("--incremental", help="Skip files whose sha256 is already in the output set; carry their rows over.")] = False,
    db: Annotated[Optional[str], typer.Option("--db", help="Also write to a database, e.g. sqlite:///outputs/extract.db or postgresql+psycopg://user@host/db.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="jsonl: JSONL + CSV; parquet: also .parquet files (pyarrow); xlsx: also extract.xlsx, one workbook for Excel.")] = OutputFormat.jsonl,
    year: Annotated[Optional[int], typer.Option("--year", min=1900, max=2100, help="Year of texts that give no date of their own, for 今年, 上半年, 目前.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report of the run, e.g. --html outputs/report.html.")] = None,
    doc_timeout: Annotated[Optional[float], typer.Option("--doc-timeout", min=0, metavar="SECONDS", help="Seconds one document may take before its worker is killed, the document listed as failed (timed out) and the batch goes on; 0 or inf: no bound. Default: 60 s per MB of the file, at least 60 s.", show_default=False)] = None,
    doc_memory: Annotated[int, typer.Option("--doc-memory", min=0, metavar="MB", help="Memory one document's worker may allocate (an address-space limit) before the document is listed as failed and the batch goes on; 0: no bound.")] = DEFAULT_DOC_MEMORY_MB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    if not out:  # Path("") is the current folder: an empty --out is a mistake, not a choice
        typer.echo("extract: --out is empty; name an output folder", err=True)
        raise typer.Exit(EXIT_USAGE)
    out_dir = Path(out)
    try:
        extractor = Extractor(rules_dir=rules)  # rules load (and fail) before any input is read
    except RuleError as exc:
        typer.echo(f"extract: bad rule file: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    paths, unmatched = discover_inputs(files, exclude=out_dir)
    for pattern in unmatched:
        typer.echo(f"extract: no file matches {pattern}", err=True)
    if not paths:
        typer.echo("extract: no input files", err=True)
        raise typer.Exit(EXIT_USAGE)
    show_progress = not quiet and sys.stderr.isatty()
    cores = default_jobs()
    if jobs > cores and engine is Engine.local:  # more processes than cores only add memory and switching
        typer.echo(f"extract: --jobs {jobs} is more than the {cores} core(s) here: using {cores}", err=True)
        jobs = cores
    try:
        runner = None
        if engine is Engine.dask:
            from .run.dask_engine import dask_engine

            runner = dask_engine(scheduler, str(extractor.rules.directory))
        database = DatabaseSink(db) if db else None
        try:
            summary = run_batch(paths, out_dir, extractor, jobs=jobs or cores, engine=runner,
                                incremental=incremental, progress=show_progress, database=database,
                                doc_timeout=doc_timeout, year=year, wait=wait, doc_memory=doc_memory,
                                finish=_finishing_files(output_format, extractor))
        finally:
            if database is not None:
                database.close()
        if html is not None:
            from .output.report import build_report_from_outputs  # only for --html: its imports (html) cost every start-up

            build_report_from_outputs(out_dir, html)
    except OutputError as exc:
        typer.echo(f"extract: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED_FILES) from None
    except ExtractorError as exc:
        typer.echo(f"extract: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for failure in summary.failures:
        typer.echo(f"extract: failed: {failure}", err=True)
    if not quiet:
        for renamed in summary.renamed:
            typer.echo(f"extract: {renamed}", err=True)
        skipped = f", {summary.skipped} unchanged" if summary.skipped else ""
        undated = f"{summary.undated} ({round(100 * summary.undated / summary.facts)}%)" if summary.facts else "0"
        typer.echo(
            f"{summary.documents} file(s), {summary.failed} failed{skipped}, {summary.mentions} mention(s), "
            f"{summary.facts} fact(s) = observation(s), {undated} without a period -> {out}",
            err=True,
        )
    raise typer.Exit(EXIT_FAILED_FILES if summary.failed else EXIT_OK)


def _finishing_files(output_format: OutputFormat, extractor: Extractor):
    """What --format adds to the output set, written into it before it is committed."""
    if output_format is OutputFormat.parquet:
        return write_parquet
    if output_format is OutputFormat.xlsx:
        legend = unit_legend(extractor.rules.units, extractor.rules.per_units)
        return lambda folder: write_workbook(folder, legend)
    return None


def main() -> None:
    """Console-script entry point."""
    app(prog_name="extract")
