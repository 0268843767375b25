"""`extractor names OUTDIR`: the distinct orgs and projects of a run with their counts and one
line of context each, so a person can audit a thousand reports' names in minutes (precision
where no gold exists). `--sample N --seed S` draws N distinct names of each type at random:
the same names for the same run and seed."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..read.reader import read_document
from .app import UsageError, app, fail_usage
from .gold import _json_lines

NAME_TYPES = ("org", "project")
CONTEXT = 18  # characters shown on each side of a name

NAMES_HELP = """List the distinct orgs and projects of an `extract` run, most frequent first: count,
name, where it first occurs (doc_id:start) and one line of context with the name in 【】.

Example (a precision audit: 100 distinct names of each type, drawn at random):

\b
  extract ../shared/corpus/gwr2026 --out /tmp/gwr
  extractor names /tmp/gwr --sample 100 --seed 22

Exit status: 0 listed, 2 OUTDIR has no mentions.jsonl or a bad option."""

Row = tuple[str, int, dict]  # name, count, its first mention


def distinct_names(mentions: list[dict], types: tuple[str, ...]) -> dict[str, list[Row]]:
    """type -> [(name, count, first mention)], most frequent first, then by name."""
    counts: dict[str, Counter] = {t: Counter() for t in types}
    first: dict[tuple[str, str], dict] = {}
    for row in mentions:
        kind = row.get("type")
        if kind not in counts:
            continue
        name = row.get("name") or row["text"]  # `name` is the folded form: (天津) and （天津） are one
        counts[kind][name] += 1
        first.setdefault((kind, name), row)
    return {t: sorted(((n, c, first[(t, n)]) for n, c in counts[t].items()), key=lambda r: (-r[1], r[0]))
            for t in types}


def sample_rows(rows: list[Row], size: Optional[int], seed: int, kind: str) -> list[Row]:
    """`size` rows drawn at random (all when there are fewer), in the list's order."""
    if size is None or size >= len(rows):
        return rows
    chosen = set(random.Random(f"{seed}:{kind}").sample(range(len(rows)), size))
    return [row for k, row in enumerate(rows) if k in chosen]


def context_line(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """The name in 【】 with `width` characters on each side, on one line."""
    line = f"{text[max(0, start - width):start]}【{text[start:end]}】{text[end:end + width]}"
    return " ".join(line.split())


class DocumentTexts:
    """The texts a run's offsets index: OUTDIR/texts/<doc_id>.txt when `extract` wrote one (HTML,
    DOCX, PDF), else the input read again as `extract` read it (documents.jsonl has its path)."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        documents = outdir / "documents.jsonl"
        self.paths = {row["doc_id"]: row.get("path") or "" for _, row in _json_lines(documents)} if documents.exists() else {}
        self._last: tuple[str, Optional[str]] = ("", None)

    def get(self, doc_id: str) -> Optional[str]:
        if self._last[0] != doc_id:  # rows come grouped by name, not by document: keep one text
            self._last = (doc_id, self._read(doc_id))
        return self._last[1]

    def _read(self, doc_id: str) -> Optional[str]:
        written = self.outdir / "texts" / f"{doc_id}.txt"
        if written.exists():
            return written.read_text(encoding="utf-8")
        path = Path(self.paths.get(doc_id, ""))
        if not path.name or not path.exists():
            return None  # the input moved since the run: the name is listed without context
        document = read_document(path, doc_id)
        return document.text if document.status == "ok" else None


@app.command("names", help=NAMES_HELP)
def names_command(
    outdir: Annotated[Path, typer.Argument(help="An output folder of `extract`.", show_default=False)],
    types: Annotated[str, typer.Option("--types", help="Comma-separated: org, project.")] = "org,project",
    sample: Annotated[Optional[int], typer.Option("--sample", min=1, help="Draw this many distinct names of each type at random.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draw: the same run and seed give the same names.")] = 0,
    width: Annotated[int, typer.Option("--width", min=0, help="Characters of context on each side.")] = CONTEXT,
) -> None:
    wanted = {t.strip() for t in types.split(",")}
    chosen = tuple(t for t in NAME_TYPES if t in wanted)
    if not chosen or wanted - set(NAME_TYPES):
        raise fail_usage(f"--types: one or more of {', '.join(NAME_TYPES)}, got {types!r}")
    path = outdir / "mentions.jsonl"
    if not path.exists():
        raise fail_usage(f"{path} not found (run `extract ... --out {outdir}` first)")
    try:
        mentions = [row for _, row in _json_lines(path)]
        texts = DocumentTexts(outdir)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    for kind, rows in distinct_names(mentions, chosen).items():
        listed = sample_rows(rows, sample, seed, kind)
        typer.echo(f"# {kind}: {sum(c for _, c, _ in rows)} mention(s), {len(rows)} distinct, {len(listed)} listed")
        for name, count, row in listed:
            text = texts.get(row["doc_id"])
            context = context_line(text, row["start"], row["end"], width) if text is not None else ""
            typer.echo(f"{count}\t{name}\t{row['doc_id']}:{row['start']}\t{context}")
