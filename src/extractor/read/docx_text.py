"""DOCX -> text with python-docx: body paragraphs and tables in reading order.

A table row becomes one line with one tab-separated cell per column of the table's grid, so a
statistics row keeps its label beside its numbers (read/table_grid.py): a cell merged across
columns is written in its first column, the others left empty; one merged down rows is written
in each row, as python-docx gives it. Headers and footers (page numbers, letterheads) are not
body text and are left out.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

import regex

from ..errors import InputError

MAX_DOCUMENT_XML_BYTES = 256 * 2**20  # bounded work: refuse a zip bomb before inflating it
MAX_ARCHIVE_MEMBERS = 10_000
# python-docx holds every XML part as a tree, about 13 bytes a byte of XML (20 MB: 263 MB, 80 s):
# XML past this is refused before it is parsed. A report's document.xml is a few MB.
MAX_XML_BYTES = 32 * 2**20
# Word's XML deflates 5-20 times; an XML part past 1 MB that inflates over 100 times is a bomb.
MAX_XML_RATIO = 100
# The main part is whatever the package's relationships name (word/document.xml by convention,
# word/document2.xml from some converters); the content types are the fallback.
OFFICE_DOCUMENT = regex.compile(rb'<Relationship\b[^>]*?\bType="[^"]*/officeDocument"[^>]*>')
TARGET = regex.compile(rb'\bTarget="([^"]+)"')
MAIN_CONTENT_TYPE = regex.compile(
    rb'<Override\b[^>]*?PartName="/?([^"]+)"[^>]*?ContentType="application/vnd\.[^"]*wordprocessingml\.document\.main\+xml"')


def main_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The name of the package's main document part, from _rels/.rels, else [Content_Types].xml."""
    for member, pattern in (("_rels/.rels", OFFICE_DOCUMENT), ("[Content_Types].xml", MAIN_CONTENT_TYPE)):
        if member not in names or archive.getinfo(member).file_size > 2**20:
            continue
        text = archive.read(member)
        for match in pattern.finditer(text):
            target = TARGET.search(match.group(0)) if pattern is OFFICE_DOCUMENT else match
            part = posixpath.normpath(target.group(1).decode("utf-8", "replace").lstrip("/")) if target else ""
            if part in names:
                return part
    return "word/document.xml"


def _check_archive(data: bytes) -> None:
    """InputError for a ZIP that is broken, is not a Word document, or inflates too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            main = main_part(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise InputError(f"corrupt DOCX (not a readable ZIP archive: {exc})") from None
    if main not in names:
        raise InputError("not a Word document (a ZIP archive without a main document part)")
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > MAX_DOCUMENT_XML_BYTES:
        raise InputError("DOCX too large when unpacked (zip bomb?)")
    xml = [m for m in members if m.filename.endswith((".xml", ".rels"))]
    inflated = sum(m.file_size for m in xml)
    if inflated > MAX_XML_BYTES:
        raise InputError(f"DOCX text too large when unpacked ({inflated // 2**20} MB of XML > {MAX_XML_BYTES // 2**20} MB)")
    for member in xml:
        if member.file_size > 2**20 and member.file_size > MAX_XML_RATIO * max(1, member.compress_size):
            raise InputError(f"DOCX part {member.filename} inflates {member.file_size // max(1, member.compress_size)} "
                             "times (zip bomb?)")


def docx_to_text(data: bytes) -> str:
    """The document's text; InputError when it cannot be read."""
    _check_archive(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(line for line in _body_lines(document) if line.strip())
    except (PackageNotFoundError, XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"corrupt DOCX ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") from None


def _body_lines(document) -> list[str]:
    """Paragraph and table-row lines of the body, in document order (content controls opened)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []

    def visit(parent_element, parent) -> None:
        for child in parent_element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, parent).text)
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, parent)))
            elif tag in ("sdt", "sdtContent", "customXml"):  # content controls wrap ordinary paragraphs
                visit(child, parent)

    visit(document.element.body, document._body)
    return lines


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a horizontally merged cell: python-docx repeats it, its other columns stay empty
                cells.append("")
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip()))
        lines.append("\t".join(cells))
    return lines
