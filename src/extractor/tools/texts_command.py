"""`extractor texts GOLD DIR`: a benchmark's texts as files, named as `eval` expects."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import UsageError, app, fail_usage
from .gold import read_gold

TEXTS_HELP = """Write each benchmark case of GOLD to DIRECTORY/<doc id>.txt (UTF-8), named as
`extractor eval` expects, so `extract DIRECTORY --out OUTDIR` can be scored against GOLD.

Example:  extractor texts ../shared/benchmarks/cluener2020/dev.jsonl /tmp/cluener"""

@app.command("texts", help=TEXTS_HELP)
def texts_command(
    gold: Annotated[Path, typer.Argument(help="Benchmark cases (JSONL).", show_default=False)],
    directory: Annotated[Path, typer.Argument(help="Folder for the text files.", show_default=False)],
) -> None:
    try:
        cases = read_gold(gold)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    texts = {doc_id: text for doc_id, text in cases.doc_ids.items() if text}
    if not texts:
        raise fail_usage(f"{gold} has no benchmark cases with a text")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for doc_id, text in texts.items():
            (directory / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"cannot write in {directory}: {exc.strerror or exc}") from None
    typer.echo(f"{len(texts)} text file(s) -> {directory}")
