"""HTML markup -> lines of text, from the parser's events: no element tree is built, so memory
stays that of the lines whatever the size of the page (a tree costs about 12 bytes a byte of page).

One line per block (paragraph, heading, list item); a table row on one line with one tab-separated
cell per column of the table's grid (table_grid); whitespace runs become one space. Inside a cell,
blocks stay on the row's line and a nested table's cells are the cell's words. Scripts, styles,
forms and the head give nothing but what follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from .table_grid import grid_lines

BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr blockquote pre "
                       "section article header footer aside nav figure figcaption center form address hr main".split())
CELL_TAGS = frozenset(("td", "th"))
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title", "button", "select", "option",
                       "textarea", "iframe", "object", "svg"))
ROW_GROUPS = frozenset(("thead", "tbody", "tfoot"))
SPACES = regex.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
SPAN = regex.compile(r"\s*([0-9]{1,7})")
FEED_CHARS = 2**20  # characters of markup handed to the parser at a time


@dataclass
class _Table:
    """A table being read: its captions and its rows of (text, rowspan, colspan) cells."""

    captions: list[str] = field(default_factory=list)
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)


@dataclass
class _Open:
    """An open element: where the text inside it goes (None: nowhere), and what it is to a table."""

    sink: Optional[list[str]]
    in_cell: bool = False
    block: bool = False  # a block outside a cell: its end ends a line
    role: str = "text"  # text | table | group (thead, tbody, tfoot) | row | cell | caption
    table: Optional[_Table] = None  # of a table, a row group, a row or a cell: the table it belongs to
    span: tuple[int, int] = (1, 1)  # of a cell: its rowspan and colspan


class _LinesTarget:
    """lxml parser target: start, end and data events -> lines (see the module's docstring)."""

    def __init__(self, skip: frozenset[str]) -> None:
        self.skip = skip
        self.lines: list[str] = []
        self.current: list[str] = []
        self.open: list[_Open] = [_Open(self.current)]

    def flush(self) -> None:
        cells = "".join(self.current).strip(" \t\r\n\f\v").split("\t")
        line = "\t".join(SPACES.sub(" ", cell).strip() for cell in cells)
        if line.strip():
            self.lines.append(line)
        self.current.clear()

    def start(self, tag, attrib) -> None:
        self.open.append(self._opened(tag.lower() if isinstance(tag, str) else "", attrib))

    def _opened(self, tag: str, attrib) -> _Open:
        parent = self.open[-1]
        if parent.role in ("table", "group", "row"):  # only rows, their cells and captions hold a table's text
            return self._table_part(parent, tag, attrib)
        out = parent.sink
        if out is None or tag in self.skip:
            return _Open(None)
        if tag == "table" and not parent.in_cell:
            self.flush()
            return _Open(None, role="table", table=_Table())
        block = tag in BLOCK_TAGS and not parent.in_cell  # blocks inside a cell stay on the row's line
        if block or tag == "br" and not parent.in_cell:
            self.flush()
        in_cell = parent.in_cell
        if tag in CELL_TAGS:
            if "".join(out).strip():
                out.append("\t")
            in_cell = True
        elif tag in ("br", "p", "div", "li") and in_cell:
            out.append(" ")
        return _Open(out, in_cell, block)

    @staticmethod
    def _table_part(parent: _Open, tag: str, attrib) -> _Open:
        if parent.role == "table" and tag == "caption":
            return _Open([], True, role="caption", table=parent.table)
        if tag == "tr" and parent.role in ("table", "group"):
            parent.table.rows.append([])
            return _Open(None, role="row", table=parent.table)
        if parent.role == "table" and tag in ROW_GROUPS:
            return _Open(None, role="group", table=parent.table)
        if parent.role == "row" and tag in CELL_TAGS:
            return _Open([], True, role="cell", table=parent.table,
                         span=(_span(attrib.get("rowspan")), _span(attrib.get("colspan"))))
        return _Open(None)

    def end(self, tag) -> None:
        closed = self.open.pop()
        if closed.role == "table":
            self.lines.extend(closed.table.captions + grid_lines(closed.table.rows))
        elif closed.role in ("cell", "caption"):
            text = SPACES.sub(" ", "".join(closed.sink)).strip()
            if closed.role == "cell":
                closed.table.rows[-1].append((text, *closed.span))
            elif text:
                closed.table.captions.append(text)
        elif closed.block:
            self.flush()

    def data(self, text: str) -> None:
        sink = self.open[-1].sink
        if sink is not None:
            sink.append(text)

    def close(self) -> list[str]:
        self.flush()
        return self.lines


def markup_lines(markup: str, skip: frozenset[str] = SKIP_TAGS) -> list[str]:
    """The lines of a page or of a fragment of markup (see the module's docstring); elements
    whose tag is in `skip` give nothing (their tail is read)."""
    import lxml.etree

    parser = lxml.etree.HTMLParser(target=_LinesTarget(skip), encoding="utf-8", huge_tree=True)  # deep nesting is read
    for start in range(0, len(markup), FEED_CHARS):
        parser.feed(markup[start:start + FEED_CHARS].encode("utf-8", "replace"))
    return parser.close()


def _span(value: Optional[str]) -> int:
    """A rowspan or colspan as a count of at least 1 (garbage such as "2;" or "0" read as written or as 1)."""
    digits = SPAN.match(value or "")
    return max(1, int(digits.group(1))) if digits else 1
