"""HTML page -> its main text: readability-lxml finds the article, lxml's parser events turn it
into lines (html_lines); a page over MAX_READABLE_BYTES is read whole, less its furniture.

readability-lxml was chosen over trafilatura by measurement (bench/formats.py --compare):
on portal-shaped pages (nav, breadcrumbs, related list, footer) it kept every paragraph with
no footer or related-list numbers leaking, where trafilatura leaked them on 2 of 3 layouts,
and it is about twice as fast. The page's declared charset is honoured (GBK/GB2312 pages are
read as GB18030, their superset) when it decodes the bytes into text of the page's language;
a page that lies about its charset is decoded by detection.
"""

from __future__ import annotations

import codecs
import functools
import logging
from typing import Optional

import regex

from ..errors import InputError
from .decoding import decode_bytes, is_wide_text
from .html_lines import SKIP_TAGS, markup_lines

# readability logs a traceback for unparseable pages; we report them as failed documents.
logging.getLogger("readability.readability").addHandler(logging.NullHandler())
logging.getLogger("readability.readability").propagate = False

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">,
# searched in the page's head (browsers look at the first 1024 bytes; old pages put it later).
META_CHARSET = regex.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", regex.IGNORECASE)
CHARSET_WINDOW = 8192
# Labels browsers read with a wider decoder (WHATWG Encoding): GBK and GB2312 pages use GB18030.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                   "csgb2312": "gb18030", "chinese": "gb18030", "big5": "big5hkscs", "utf8": "utf-8",
                   "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
                   # A <meta> cannot be UTF-16/32 (it would not be readable as ASCII): browsers read UTF-8.
                   "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "utf-32": "utf-8"}
# <html lang="zh-CN">: the page's own language, when it says; else it is taken to be Chinese (the genre).
PAGE_LANGUAGE = regex.compile(rb"""<html[^>]{0,512}?\blang\s*=\s*["']?\s*([A-Za-z]+)""", regex.IGNORECASE)
MIN_CJK_SHARE = 0.5  # of a Chinese page's non-ASCII characters, read in its declared charset
SENTENCE_END = regex.compile(r"[。！？!?；]")
MIN_SENTENCE_CHARS = 10  # main text: at least this much in lines that hold a sentence ...
MIN_TABLE_ROWS = 2  # ... or a table of at least this many rows
MAX_HTML_BYTES = 64 * 2**20  # bounded work: a page this large is not an article
# readability scores a page in trees of about 40 bytes a byte of page (10 MB: 450 MB and 23 s). A
# larger page is a long report or a table, not a news article: its menus and footer are a tiny share
# of it, and its whole body is read as it is parsed, in flat memory (html_lines), less its furniture.
MAX_READABLE_BYTES = 2 * 2**20
PAGE_FURNITURE = frozenset(("nav", "aside", "footer"))  # HTML5's elements for menus, sidebars and page footers


def declared_charset(data: bytes) -> Optional[str]:
    """The Python codec of the charset a page declares in a <meta>, None if none or unknown."""
    match = META_CHARSET.search(data[:CHARSET_WINDOW])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    try:
        name = codecs.lookup(CHARSET_ALIASES.get(label, label)).name
        b" ".decode(name)  # LookupError for codecs that are not text encodings (base64, rot13, zlib)
    except LookupError:  # a label Python does not know, or not a text encoding: fall back to detection
        return None
    except UnicodeDecodeError:  # a text encoding that reads no single byte (UTF-32): still one
        pass
    return name


def decode_html(data: bytes) -> tuple[str, str]:
    """(page text, encoding): a BOM first, valid non-ASCII UTF-8 next (GB18030 would decode
    UTF-8 bytes too, as mojibake, when a migrated page still declares gb2312), then the
    declared charset, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or not data.isascii() and _is_utf8(data):
        return decode_bytes(data)
    declared = declared_charset(data)
    if declared is not None:
        try:
            page = data.decode(declared)
        except UnicodeDecodeError:  # the declaration is wrong: detect the encoding instead
            return decode_bytes(data)
        if _reads_as_page_language(page, data):
            return page, declared
        try:  # a GBK page declaring iso-8859-1 or cp037 decodes, as mojibake: detect instead
            return decode_bytes(data)
        except InputError:  # detection finds nothing better: the declaration stands
            return page, declared
    return decode_bytes(data)


def _reads_as_page_language(page: str, data: bytes) -> bool:
    """Whether text decoded with the declared charset looks like the page's language: any
    reading of a page that says it is not Chinese; else mostly CJK among its non-ASCII
    characters (a single-byte charset turns each Chinese character into two Latin or Cyrillic ones)."""
    language = PAGE_LANGUAGE.search(data[:CHARSET_WINDOW])
    if language and not language.group(1).lower().startswith(b"zh"):
        return True
    wide = [ch for ch in page if ch > "\x7f"]
    return not wide or sum(map(is_wide_text, wide)) >= MIN_CJK_SHARE * len(wide)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def html_to_text(data: bytes) -> tuple[str, str]:
    """(main text, encoding) of a page; InputError when it has none or cannot be parsed."""
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"HTML page too large ({len(data) // 2**20} MB > {MAX_HTML_BYTES // 2**20} MB)")
    page, encoding = decode_html(data)
    if not page.strip():
        raise InputError("HTML page is empty")
    import lxml.etree
    from readability.readability import Unparseable

    try:
        if len(data) > MAX_READABLE_BYTES:
            lines = markup_lines(page, SKIP_TAGS | PAGE_FURNITURE)
        else:
            lines = markup_lines(_deep_reader()(page).summary(html_partial=True))
    except (Unparseable, lxml.etree.LxmlError, ValueError) as exc:  # lxml: markup it cannot parse
        raise InputError(f"cannot parse HTML: {' '.join(str(exc).split())[:120] or type(exc).__name__}") from None
    if not _has_main_text(lines):
        raise InputError("HTML page has no main text (only navigation, links or boilerplate)")
    return "\n".join(lines), encoding


@functools.lru_cache(maxsize=1)
def _deep_reader():
    """readability's Document, parsing with huge_tree: libxml2 otherwise stops at 256 levels, and an
    article nested deeper is lost. Imported on first use."""
    import lxml.html
    from readability import Document as Readable

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)  # as readability's (UTF-8 bytes in)

    class DeepReadable(Readable):
        def _parse(self, input):  # each retry parses the page again from its text, as readability does
            tree = lxml.html.document_fromstring(input.encode("utf-8", "replace"), parser=parser)
            return super()._parse(tree)

    return DeepReadable


def _has_main_text(lines: list[str]) -> bool:
    sentences = sum(len(line) for line in lines if SENTENCE_END.search(line))
    rows = sum(1 for line in lines if "\t" in line)
    return sentences >= MIN_SENTENCE_CHARS or rows >= MIN_TABLE_ROWS
