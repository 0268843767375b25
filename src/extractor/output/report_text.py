"""The report's text: a document's characters with every mention highlighted as nested
<mark> elements (hover for value, unit and qualifier), escaped and in text order."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any, Iterator, Optional, Sequence


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


def mark_anchor(prefix: str, index: int) -> str:
    """The id of a mention's (first) mark, which the facts table links to."""
    return f"{prefix}m{index}"


def _open_tag(row: dict[str, Any], index: int, continued: bool, prefix: Optional[str]) -> str:
    """A mark; `data-m` ties the pieces of a mark split by a crossing overlap together; its
    first piece carries the id the facts table links to (when `prefix` is given)."""
    piece = ' data-cont="1"' if continued else ""
    anchor = f' id="{_esc(mark_anchor(prefix, index))}"' if prefix is not None and not continued else ""
    return (f'<mark class="{_css_class(row["type"])}" data-m="{index}"{anchor}{piece} '
            f'title="{_esc(mention_title(row))}">')


def highlighted_text(text: str, mentions: Sequence[dict[str, Any]], anchors: Optional[str] = None) -> Iterator[str]:
    """Escaped HTML of `text` with one <mark> per mention, nested where mentions nest; with
    `anchors`, mark i gets the id mark_anchor(anchors, i).

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
            yield _open_tag(mentions[i], i, False, anchors)
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
            yield _open_tag(mentions[i], i, True, None)


# --- per-document summaries -------------------------------------------------------------
