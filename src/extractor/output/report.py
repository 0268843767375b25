"""An HTML report of a run: each document's text with every mention highlighted.

One self-contained file (inline CSS, system fonts, no scripts, images or links out), so it
can be mailed or opened offline. Per document: counts by type, the largest money figures,
the orgs and projects with their short forms, the facts, and the text with `<mark>`s.

Work is linear in the text and the mentions: the text is written segment by segment between
mention boundaries, never copied per mention, so a 200 MB document does not stall the report.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NamedTuple, Optional, Sequence

from ..errors import OutputError
from ..read.reader import read_document
from .report_sections import (LEGEND_TYPES, STYLE, _counts_html, _facts_html, _legend, _money_html, _names_html, count_by_type, largest_money, name_groups)
from .report_text import _esc, highlighted_text, mark_anchor

# Types in legend order, with a Chinese caption; unknown types get a neutral colour.


class ReportItem(NamedTuple):
    """One document of the report: its documents.jsonl row, decoded text, and output rows."""

    document: dict[str, Any]
    text: str
    mentions: Sequence[dict[str, Any]]
    facts: Sequence[dict[str, Any]] = ()


# --- formatting helpers -----------------------------------------------------------------


def _doc_anchor(number: int) -> str:
    return f"doc-{number}"


def _document_heading(document: dict[str, Any]) -> str:
    meta = " · ".join(_esc(p) for p in (
        document.get("path"), document.get("encoding"),
        f'{document.get("char_count", 0):,} chars' if document.get("char_count") is not None else None,
        f'{document.get("mention_count", 0):,} mentions' if document.get("mention_count") is not None else None,
    ) if p)
    return f'<h2>{_esc(document.get("doc_id"))}<span class="meta">{meta}</span></h2>'


def _mark_anchors(item: ReportItem, prefix: str) -> dict[str, str]:
    """Mention id -> the id of its mark, for the mentions that fit the text (a stale text has none)."""
    length = len(item.text)
    return {m["id"]: mark_anchor(prefix, i) for i, m in enumerate(item.mentions)
            if "id" in m and 0 <= m["start"] < m["end"] <= length}


def write_document(out: IO[str], number: int, item: ReportItem) -> None:
    """One <section>: heading, then the text beside its summaries and facts."""
    document = item.document
    out.write(f'<section class="doc" id="{_doc_anchor(number)}">{_document_heading(document)}')
    if document.get("status", "ok") != "ok":
        out.write(f'<p class="failed">failed: {_esc(document.get("reason"))}</p></section>\n')
        return
    out.write('<div class="body"><div class="text">')
    prefix = f"{_doc_anchor(number)}-"
    for piece in highlighted_text(item.text, item.mentions, prefix):
        out.write(piece)
    out.write("</div><aside>")
    out.write(f"<div><h3>Mentions by type</h3>{_counts_html(count_by_type(item.mentions))}</div>")
    out.write(f"<div><h3>Largest money figures</h3>{_money_html(largest_money(item.mentions))}</div>")
    out.write(f"<div><h3>Organizations and projects</h3>{_names_html(name_groups(item.mentions))}</div>")
    out.write(f"<div><h3>Facts ({len(item.facts)})</h3>{_facts_html(item.facts, _mark_anchors(item, prefix))}</div>")
    out.write("</aside></div></section>\n")


def _page_start(title: str, legend_types: Iterable[str], summary: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{STYLE}</style></head><body>"
        f'<header class="top"><h1>{_esc(title)}</h1><span class="meta">{_esc(summary)}</span>'
        f"{_legend(legend_types)}</header><main>"
    )


def _navigation(documents: list[dict[str, Any]]) -> str:
    if len(documents) < 2:
        return ""
    links = "".join(f'<a href="#{_doc_anchor(n)}">{_esc(d.get("doc_id"))}</a>' for n, d in enumerate(documents))
    return f'<nav class="docs">{links}</nav>'


# --- writing the file -------------------------------------------------------------------


def write_html_report(out_path: Path, items: Iterable[ReportItem | tuple], title: str = "extract report",
                      documents: Optional[list[dict[str, Any]]] = None) -> Path:
    """Write the report to `out_path`, replacing it atomically; returns the path.

    `items` are ReportItem(document row, text, mention rows, fact rows) or plain tuples in
    that order, and may be a generator: each document is written as it arrives. Pass
    `documents` (all rows, up front) to get the navigation bar and the run summary.
    """
    out_path = Path(out_path)
    # Beside the target so os.replace is atomic; opened with "x" so the umask applies (a
    # report is for sharing, unlike mkstemp's owner-only files).
    temp = out_path.with_name(f".{out_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("x", encoding="utf-8") as out:
            out.write(_page_start(title, LEGEND_TYPES, _run_summary(documents)))
            out.write(_navigation(documents or []))
            for number, item in enumerate(items):
                write_document(out, number, ReportItem(*item))
            out.write("</main></body></html>\n")
        os.replace(temp, out_path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the folder itself may be what failed; nothing to remove then
            temp.unlink()
        raise OutputError(f"cannot write the HTML report {out_path}: {exc.strerror or exc}") from None
    return out_path


def _run_summary(documents: Optional[list[dict[str, Any]]]) -> str:
    if not documents:
        return ""
    failed = sum(1 for d in documents if d.get("status") != "ok")
    mentions = sum(d.get("mention_count") or 0 for d in documents)
    return f"{len(documents)} document(s), {failed} failed, {mentions:,} mentions"


# --- from an output folder --------------------------------------------------------------


class RowIndex:
    """Byte ranges of each document's rows in a JSONL output file, so rows are read per
    document by seeking instead of holding the whole file (rows of a document are contiguous
    as written by write.OutputSet; rows of other documents in a range are filtered out)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ranges: dict[str, tuple[int, int]] = {}
        if not path.is_file():
            return  # facts.jsonl is optional: no rows for anyone
        offset = 0
        with path.open("rb") as handle:
            for line in handle:
                doc_id = json.loads(line)["doc_id"]
                start = self.ranges.get(doc_id, (offset, 0))[0]
                self.ranges[doc_id] = (start, offset + len(line))
                offset += len(line)

    def rows(self, doc_id: str) -> list[dict[str, Any]]:
        if doc_id not in self.ranges:
            return []
        start, end = self.ranges[doc_id]
        with self.path.open("rb") as handle:
            handle.seek(start)
            chunk = handle.read(end - start)
        rows = (json.loads(line) for line in chunk.splitlines() if line.strip())
        return [row for row in rows if row["doc_id"] == doc_id]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _items_from_outputs(documents: list[dict[str, Any]], mentions: RowIndex, facts: RowIndex) -> Iterator[ReportItem]:
    """Each document with its text read again; a file changed since the run shows no text."""
    for row in documents:
        if row.get("status") != "ok":
            yield ReportItem(row, "", [], [])
            continue
        document = read_document(Path(row["path"]), row["doc_id"])
        if document.status != "ok" or (row.get("sha256") and document.sha256 != row["sha256"]):
            reason = document.reason or "the file changed since the run; offsets no longer match"
            yield ReportItem({**row, "status": "failed", "reason": reason}, "", [], [])
            continue
        yield ReportItem(row, document.text, mentions.rows(row["doc_id"]), facts.rows(row["doc_id"]))


def build_report_from_outputs(out_dir: Path, html_path: Path, title: str = "extract report") -> Path:
    """The report of an output folder (documents.jsonl, mentions.jsonl, optional facts.jsonl).

    What `extract ... --html FILE` calls after the batch. Raises OutputError when the folder
    lacks its files or the report cannot be written.
    """
    out_dir = Path(out_dir)
    for name in ("documents.jsonl", "mentions.jsonl"):
        if not (out_dir / name).is_file():
            raise OutputError(f"cannot build the HTML report: {out_dir / name} is missing")
    try:
        documents = read_jsonl(out_dir / "documents.jsonl")
        mentions, facts = RowIndex(out_dir / "mentions.jsonl"), RowIndex(out_dir / "facts.jsonl")
    except (OSError, ValueError, KeyError) as exc:
        raise OutputError(f"cannot build the HTML report from {out_dir}: {exc}") from None
    return write_html_report(html_path, _items_from_outputs(documents, mentions, facts), title, documents)
