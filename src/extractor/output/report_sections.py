"""The report's per-document sections: counts by type, the largest money figures, the names
with their short forms, the facts; and the page's style."""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Any, Iterable, NamedTuple, Optional, Sequence

from .report_text import _css_class, _esc, format_value

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
.body { display:grid; grid-template-columns:minmax(0, 1fr) 560px; }
.scroll { overflow-x:auto; }  /* the facts table's six columns: scroll rather than squeeze */
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
.text mark:target { outline:2px solid #cf222e; scroll-margin-top:4em; }  /* the figure a facts row links to */
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


FACT_COLUMNS = ("indicator", "value", "region", "period", "modality", "owner")


def _period_dates(row: dict[str, Any]) -> str:
    """'2023-01-01 – 2023-09-30', else the period as written (undated), else ''."""
    if row.get("period_start"):
        return f'{row["period_start"]} – {row.get("period_end") or ""}'
    return f'{row["period"]} (undated)' if row.get("period") else ""


def _facts_html(facts: Sequence[dict[str, Any]], anchors: Optional[dict[str, str]] = None) -> str:
    """The facts table; each row links to its figure's mark in the text (`anchors`: mention id ->
    mark id) and shows on hover its evidence and what decided its period, region and modality."""
    if not facts:
        return '<p class="empty">no facts</p>'
    rows = []
    for f in facts:
        name = _esc(f.get("indicator") or f.get("subject"))
        target = (anchors or {}).get(f.get("mention_id") or "")
        link = f'<a href="#{_esc(target)}">{name or "(no indicator)"}</a>' if target else name
        decided = [f"{field[:-3]} by {f[field]}" for field in ("period_by", "region_by", "modality_by") if f.get(field)]
        title = "\n".join([f.get("evidence") or f'sentence {f.get("sentence")}', *decided])
        rows.append(f'<tr title="{_esc(title)}"><td>{link}</td><td class="num">{_esc(_amount(f))}</td>'
                    f'<td>{_esc(f.get("region"))}</td><td class="nowrap">{_esc(_period_dates(f))}</td>'
                    f'<td>{_esc(f.get("modality"))}</td><td>{_esc(f.get("owner"))}</td></tr>')
    header = "".join(f"<th>{column}</th>" for column in FACT_COLUMNS)
    return f'<div class="scroll"><table class="facts"><tr>{header}</tr>{"".join(rows)}</table></div>'
