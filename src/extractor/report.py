"""An HTML report of a run: each document's text with every mention highlighted.

One self-contained file (inline CSS, system fonts, no scripts, images or links out), so it
can be mailed or opened offline. Per document: counts by type, the largest money figures,
the orgs and projects with their short forms, the facts, and the text with `<mark>`s.

Work is linear in the text and the mentions: the text is written segment by segment between
mention boundaries, never copied per mention, so a 200 MB document does not stall the report.
"""

from __future__ import annotations

import contextlib
import heapq
import html
import json
import os
import secrets
from collections import Counter, defaultdict
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NamedTuple, Optional, Sequence

from .errors import OutputError
from .reader import read_document

# Types in legend order, with a Chinese caption; unknown types get a neutral colour.
TYPE_CAPTIONS = {
    "number": "数值 number",
    "ratio": "比例 ratio",
    "org": "机构 org",
    "project": "项目 project",
    "person": "人物 person",
    "place": "地点 place",
    "time": "时间 time",
    "event": "事件 event",
}
# The legend shows SPEC's four types; the optional extras still get their colours.
LEGEND_TYPES = ("number", "ratio", "org", "project")
TOP_MONEY = 5


class ReportItem(NamedTuple):
    """One document of the report: its documents.jsonl row, decoded text, and output rows."""

    document: dict[str, Any]
    text: str
    mentions: Sequence[dict[str, Any]]
    facts: Sequence[dict[str, Any]] = ()


# --- formatting helpers -----------------------------------------------------------------


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _css_class(mention_type: str) -> str:
    """The mark class: the type itself when it is a plain word, so CSS cannot be injected."""
    return mention_type if mention_type.isascii() and mention_type.isalpha() else "other"


def format_value(value: Optional[float]) -> str:
    """10200000000.0 -> '10,200,000,000'; 0.3333 -> '0.3333'; None -> ''."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:g}"


def mention_title(row: dict[str, Any]) -> str:
    """The tooltip: value (range or ratio parts), unit, qualifier; full name for short forms."""
    if row.get("values"):
        amount = ":".join(format_value(v) for v in row["values"])
    elif row.get("value_high") is not None:
        amount = f"{format_value(row.get('value'))}–{format_value(row['value_high'])}"
    else:
        amount = format_value(row.get("value"))
    parts = [amount, row.get("unit"), row.get("qualifier")]
    canonical = row.get("canonical")
    if canonical and canonical != row.get("name"):
        parts.append(f"→ {canonical}")
    return " ".join(str(p) for p in parts if p) or row.get("name") or row.get("type", "")


# --- highlighted text -------------------------------------------------------------------


def _valid_spans(text: str, mentions: Sequence[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """(start, end, index) of mentions that fit the text, outermost first at equal starts."""
    length = len(text)
    spans = [(m["start"], m["end"], i) for i, m in enumerate(mentions)
             if 0 <= m["start"] < m["end"] <= length]
    return sorted(spans, key=lambda s: (s[0], -s[1], s[2]))


def _open_tag(row: dict[str, Any], index: int, continued: bool) -> str:
    """A mark; `data-m` ties the pieces of a mark split by a crossing overlap together."""
    piece = ' data-cont="1"' if continued else ""
    return (f'<mark class="{_css_class(row["type"])}" data-m="{index}"{piece} '
            f'title="{_esc(mention_title(row))}">')


def highlighted_text(text: str, mentions: Sequence[dict[str, Any]]) -> Iterator[str]:
    """Escaped HTML of `text` with one <mark> per mention, nested where mentions nest.

    Marks are kept on a stack. When a mark ends while marks opened after it are still open
    (a crossing overlap), those are closed and reopened right after, so the HTML stays well
    formed and every mention still has its characters inside marks of its own `data-m`.
    """
    spans = _valid_spans(text, mentions)
    ends = {i: end for _, end, i in spans}
    boundaries = sorted({s for s, _, _ in spans} | set(ends.values()))
    starting: dict[int, list[int]] = defaultdict(list)
    for start, _, i in spans:
        starting[start].append(i)
    stack: list[int] = []
    position = 0
    for boundary in boundaries:
        yield html.escape(text[position:boundary], quote=False)
        position = boundary
        yield from _close_ending(stack, ends, boundary, mentions)
        for i in starting.get(boundary, ()):
            stack.append(i)
            yield _open_tag(mentions[i], i, continued=False)
    yield html.escape(text[position:], quote=False)


def _close_ending(stack: list[int], ends: dict[int, int], boundary: int,
                  mentions: Sequence[dict[str, Any]]) -> Iterator[str]:
    """Close the marks ending at `boundary`, reopening any later mark closed on the way."""
    first = next((depth for depth, i in enumerate(stack) if ends[i] == boundary), None)
    if first is None:
        return
    closed = stack[first:]
    del stack[first:]
    yield "</mark>" * len(closed)
    for i in closed:
        if ends[i] != boundary:
            stack.append(i)
            yield _open_tag(mentions[i], i, continued=True)


# --- per-document summaries -------------------------------------------------------------


def count_by_type(mentions: Iterable[dict[str, Any]]) -> Counter:
    return Counter(m["type"] for m in mentions)


def largest_money(mentions: Iterable[dict[str, Any]], limit: int = TOP_MONEY) -> list[dict[str, Any]]:
    """The `limit` money mentions with the largest value (heap: linear in the mentions)."""
    money = (m for m in mentions if m.get("dimension") == "money" and m.get("value") is not None)
    return heapq.nlargest(limit, money, key=lambda m: m["value"])


class NameGroup(NamedTuple):
    type: str
    name: str  # the canonical (full) name, or the name itself when it has none
    short_forms: list[str]  # other names written in the text for it, in order of appearance
    count: int


def name_groups(mentions: Iterable[dict[str, Any]]) -> list[NameGroup]:
    """Orgs and projects grouped by `canonical or name`, in order of first appearance."""
    groups: dict[tuple[str, str], tuple[dict[str, None], list[int]]] = {}
    for m in mentions:
        if m["type"] not in ("org", "project"):
            continue
        name = m.get("name") or m["text"]
        key = (m["type"], m.get("canonical") or name)
        forms, count = groups.setdefault(key, ({}, [0]))
        if name != key[1]:
            forms[name] = None  # a dict keeps first-seen order without duplicates
        count[0] += 1
    return [NameGroup(t, n, list(forms), count[0]) for (t, n), (forms, count) in groups.items()]


# --- HTML pieces ------------------------------------------------------------------------

STYLE = """
:root { --ink:#1f2328; --muted:#656d76; --line:#d8dee4; --paper:#ffffff; --bg:#f6f8fa;
  --number:#ffe08a; --ratio:#f5c2e7; --org:#b6d7ff; --project:#b9ecc4; --person:#ffd0b5;
  --place:#d8c8ff; --time:#e3e8ef; --event:#ffc9c9; --other:#e6e6e6; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", sans-serif;
  font-size:15px; line-height:1.6; }
header.top { position:sticky; top:0; z-index:2; background:var(--paper);
  border-bottom:1px solid var(--line); padding:8px 24px; display:flex; flex-wrap:wrap;
  align-items:center; gap:6px 18px; }
header.top h1 { font-size:16px; margin:0; font-weight:600; }
header.top .meta { color:var(--muted); font-size:13px; }
.legend { display:flex; flex-wrap:wrap; gap:6px; margin-left:auto; }
.legend mark { font-size:12.5px; cursor:default; }
main { max-width:1240px; margin:0 auto; padding:16px 24px 48px; }
nav.docs { font-size:13px; color:var(--muted); margin-bottom:12px; }
nav.docs a { color:#0969da; margin-right:10px; text-decoration:none; }
section.doc { background:var(--paper); border:1px solid var(--line); border-radius:8px;
  margin-bottom:20px; }
section.doc > h2 { font-size:15px; margin:0; padding:10px 16px; border-bottom:1px solid var(--line);
  display:flex; flex-wrap:wrap; gap:4px 14px; align-items:baseline; }
section.doc > h2 .meta { font-weight:400; color:var(--muted); font-size:12.5px; }
.failed { padding:12px 16px; color:#a40e26; }
.body { display:grid; grid-template-columns:minmax(0, 1fr) 470px; }
.text { padding:14px 22px 18px; white-space:pre-wrap; overflow-wrap:anywhere; font-size:16px;
  line-height:1.85; border-right:1px solid var(--line); }
aside { padding:12px 14px; font-size:13px; display:flex; flex-direction:column; gap:14px; }
aside h3 { font-size:12px; text-transform:uppercase; letter-spacing:.04em;
  color:var(--muted); margin:0 0 4px; font-weight:600; }
.counts { display:flex; flex-wrap:wrap; gap:6px; }
.counts mark b { font-weight:600; margin-left:4px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:3px 6px; border-bottom:1px solid #eef1f4; vertical-align:top; }
th { color:var(--muted); font-weight:500; font-size:12px; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.short { color:var(--muted); }
td.nowrap { white-space:nowrap; }
.empty { color:var(--muted); font-style:italic; }
mark { color:inherit; border-radius:3px; padding:1px 1px; background:var(--other);
  box-decoration-break:clone; -webkit-box-decoration-break:clone; }
mark.number { background:var(--number); }
mark.ratio { background:var(--ratio); }
mark.org { background:var(--org); }
mark.project { background:var(--project); box-shadow:inset 0 -2px 0 #2da44e; }
mark.person { background:var(--person); }
mark.place { background:var(--place); }
mark.time { background:var(--time); }
mark.event { background:var(--event); }
mark mark { padding:0; box-shadow:inset 0 -2px 0 rgba(0,0,0,.35); }
.text mark:hover { outline:1px solid rgba(0,0,0,.45); }
@media (max-width: 900px) { .body { grid-template-columns:1fr; }
  .text { border-right:0; border-bottom:1px solid var(--line); } }
@media print { header.top { position:static; } }
"""


def _legend(types: Iterable[str]) -> str:
    chips = "".join(f'<mark class="{_css_class(t)}">{_esc(TYPE_CAPTIONS.get(t, t))}</mark>' for t in types)
    return f'<div class="legend" aria-label="legend">{chips}</div>'


def _counts_html(counts: Counter) -> str:
    if not counts:
        return '<p class="empty">no mentions</p>'
    chips = "".join(f'<mark class="{_css_class(t)}">{_esc(t)}<b>{n}</b></mark>'
                    for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f'<div class="counts">{chips}</div>'


def _money_html(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="empty">no money figures</p>'
    body = "".join(f'<tr><td>{_esc(m["text"])}</td><td class="num">{_esc(_amount(m))}</td></tr>' for m in rows)
    return f"<table><tr><th>as written</th><th>value</th></tr>{body}</table>"


def _names_html(groups: list[NameGroup]) -> str:
    if not groups:
        return '<p class="empty">no organizations or projects</p>'
    body = "".join(
        f'<tr><td><mark class="{_css_class(g.type)}">{_esc(g.type)}</mark></td><td>{_esc(g.name)}</td>'
        f'<td class="short">{_esc("、".join(g.short_forms))}</td><td class="num">{g.count}</td></tr>'
        for g in groups)
    return f"<table><tr><th>type</th><th>name</th><th>short forms</th><th>count</th></tr>{body}</table>"


QUALIFIER_SIGNS = {"approx": "≈", "over": ">", "under": "<"}


def _amount(row: dict[str, Any]) -> str:
    """'≈42,000 个', '>10,000,000 CNY', '1,000,000,000–1,500,000,000 CNY'."""
    value = format_value(row.get("value"))
    if row.get("value_high") is not None:
        value += f"–{format_value(row['value_high'])}"
    sign = QUALIFIER_SIGNS.get(row.get("qualifier") or "", "")
    return " ".join(p for p in (sign + value, row.get("unit") or "") if p)


def _facts_html(facts: Sequence[dict[str, Any]]) -> str:
    if not facts:
        return '<p class="empty">no facts</p>'
    body = "".join(
        f'<tr title="sentence {_esc(f.get("sentence"))}"><td>{_esc(f.get("subject"))}</td>'
        f'<td class="num">{_esc(_amount(f))}</td><td class="nowrap">{_esc(f.get("period"))}</td>'
        f'<td>{_esc(f.get("owner"))}</td></tr>' for f in facts)
    return f"<table><tr><th>subject</th><th>value</th><th>period</th><th>owner</th></tr>{body}</table>"


def _doc_anchor(number: int) -> str:
    return f"doc-{number}"


def _document_heading(document: dict[str, Any]) -> str:
    meta = " · ".join(_esc(p) for p in (
        document.get("path"), document.get("encoding"),
        f'{document.get("char_count", 0):,} chars' if document.get("char_count") is not None else None,
        f'{document.get("mention_count", 0):,} mentions' if document.get("mention_count") is not None else None,
    ) if p)
    return f'<h2>{_esc(document.get("doc_id"))}<span class="meta">{meta}</span></h2>'


def write_document(out: IO[str], number: int, item: ReportItem) -> None:
    """One <section>: heading, then the text beside its summaries and facts."""
    document = item.document
    out.write(f'<section class="doc" id="{_doc_anchor(number)}">{_document_heading(document)}')
    if document.get("status", "ok") != "ok":
        out.write(f'<p class="failed">failed: {_esc(document.get("reason"))}</p></section>\n')
        return
    out.write('<div class="body"><div class="text">')
    for piece in highlighted_text(item.text, item.mentions):
        out.write(piece)
    out.write("</div><aside>")
    out.write(f"<div><h3>Mentions by type</h3>{_counts_html(count_by_type(item.mentions))}</div>")
    out.write(f"<div><h3>Largest money figures</h3>{_money_html(largest_money(item.mentions))}</div>")
    out.write(f"<div><h3>Organizations and projects</h3>{_names_html(name_groups(item.mentions))}</div>")
    out.write(f"<div><h3>Facts ({len(item.facts)})</h3>{_facts_html(item.facts)}</div>")
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
