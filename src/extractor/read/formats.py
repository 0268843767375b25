"""Which format a file is read as (by its extension), and whether its bytes agree.

A file whose extension lies about its content (a PDF named .docx, a ZIP named .pdf, a Word
.doc renamed .docx) is refused with a one-line reason naming what the bytes really are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import InputError

# Extension -> format; anything else is read as text (the tool's original behaviour).
FORMAT_OF_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf"}
INPUT_SUFFIXES = frozenset(FORMAT_OF_SUFFIX)  # what a directory argument takes, recursively

# Leading bytes -> what the content is; a PDF header may sit after some junk (PDF readers
# accept it within the first 1024 bytes), the others must start the file.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (a legacy .doc/.xls or a password-protected Office file)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
PDF_HEADER_WINDOW = 1024


def format_of(path: Path) -> str:
    """txt, html, docx or pdf, from the file name."""
    return FORMAT_OF_SUFFIX.get(path.suffix.lower(), "txt")


def content_kind(data: bytes) -> Optional[str]:
    """What binary content the bytes are ('a PDF', 'a ZIP archive' ...), None for text-like bytes."""
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "a PDF"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def check_content(fmt: str, data: bytes, suffix: str) -> None:
    """InputError when the bytes are not what the extension says."""
    kind = content_kind(data)
    expected = {"pdf": "a PDF", "docx": "a ZIP archive"}.get(fmt)
    if expected is not None:
        if kind == expected:
            return
        found = kind or "text or unknown bytes"
        raise InputError(f"named {suffix} but the content is {found}, not {'a PDF' if fmt == 'pdf' else 'a DOCX (ZIP)'}")
    if kind is not None:  # txt and html must be text
        raise InputError(f"binary file: named {suffix or '(no extension)'} but the content is {kind}, not text")
