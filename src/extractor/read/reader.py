"""Files -> Document: the bytes read safely, decoded as their format says (text, HTML, DOCX,
PDF), sha256, and a one-line reason when it fails."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from pathlib import Path
from typing import Iterator, Optional

import regex

from .decoding import MAX_CONTROL_RATIO, control_ratio, decode_bytes
from ..errors import InputError
from .formats import INPUT_SUFFIXES, check_content, format_of
from ..model import Document

# Files above this size are read in chunks so memory stays flat however big the file is.
LARGE_FILE_BYTES = 8 * 2**20
# Pieces of a large file: a smaller piece keeps the peak lower (30 MB file: 248 MB at 2 MiB,
# 183 MB at 256 KiB, same speed and output); see iter_text_chunks.
CHUNK_BYTES = 256 * 2**10
# A text with no line break for this long is cut after a sentence instead (one-line files).
LONG_LINE_CHUNKS = 4
# The end of a sentence with its closing quotes (segment.py's sentence end, on unfolded text).
SENTENCE_CUT = regex.compile(r"[。！？；!?;]+[”’」』）)\"'＂＇]*")
SNIFF_BYTES = 256 * 2**10


def sniff_encoding(path: Path) -> str:
    """Encoding of a large file, judged from its head (a cut multi-byte character is dropped);
    InputError when the head is not text (a PDF or an archive named .txt)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    check_content(format_of(path), head, path.suffix)
    last_error: Optional[InputError] = None
    for cut in range(4):  # the head may end inside a character of up to 4 bytes
        try:
            return decode_bytes(head[: len(head) - cut] if cut else head)[1]
        except InputError as exc:
            last_error = exc
    raise last_error if last_error else InputError("cannot decode")


def iter_text_chunks(path: Path, encoding: str, hasher=None) -> Iterator[str]:
    """Decoded text in pieces of about CHUNK_BYTES that end at a line break.

    Concatenated, the pieces are exactly the decoded file, so offsets add up. Raises
    InputError on bytes that do not decode or on binary content: any NUL byte, as in a small
    file, unless the encoding is UTF-16/32 (whose text holds NULs).
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    nul_is_binary = not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
    pending = ""
    consumed = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            if hasher is not None:
                hasher.update(block)
            if nul_is_binary and b"\x00" in block:
                raise InputError(f"binary file (contains NUL bytes near byte {consumed + block.index(0)}), not text")
            try:
                pending += decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise InputError(f"does not decode as {encoding} near byte {consumed + exc.start}: {exc.reason}") from None
            consumed += len(block)
            if control_ratio(pending[:65536]) > MAX_CONTROL_RATIO:
                raise InputError(f"binary content near byte {consumed} (too many control characters)")
            if not block:
                if pending:
                    yield pending
                return
            cut = pending.rfind("\n") + 1
            if cut == 0 and len(pending) > LONG_LINE_CHUNKS * CHUNK_BYTES:
                cut = _after_last_sentence(pending) or len(pending)  # else cut anyway; offsets still add up
            if cut:
                yield pending[:cut]
                pending = pending[cut:]


def _after_last_sentence(text: str) -> int:
    """Offset just after the last complete sentence end in the text's final 64k characters
    (followed by something else, so no closing quote of it can come in the next piece), or 0."""
    tail = len(text) - 65536 if len(text) > 65536 else 0
    cut = 0
    for match in SENTENCE_CUT.finditer(text, tail):
        if match.end() < len(text):
            cut = match.end()
    return cut


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks (raises OSError)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


_FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> Optional[str]:
    """Why a file of this mode is not read (a FIFO would block, /dev/zero never ends); None if regular."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; InputError for anything else, OSError when reading fails."""
    reason = _not_regular(os.stat(path).st_mode)
    if reason:
        raise InputError(reason)
    # O_NONBLOCK: if the path became a FIFO since the stat, opening it still cannot hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        reason = _not_regular(os.fstat(handle.fileno()).st_mode)
        if reason:
            raise InputError(reason)
        return handle.read()


def read_document(path: Path, doc_id: str) -> Document:
    """Read and decode one file (text, HTML, DOCX or PDF by its extension); never raises for a
    bad file, returns status `failed`."""
    fmt = format_of(path)
    try:
        data = _read_regular(path)
    except OSError as exc:
        return Document(doc_id, str(path), "", "failed", f"cannot read: {exc.strerror or exc}", format=fmt)
    except InputError as exc:
        return Document(doc_id, str(path), "", "failed", str(exc), format=fmt)
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        if fmt in ("docx", "pdf"):
            return Document(doc_id, str(path), "", "failed", f"empty file, not a {fmt.upper()}", digest, None, fmt)
        return Document(doc_id, str(path), "", "ok", None, digest, None, fmt)
    try:
        check_content(fmt, data, path.suffix)
        text, encoding = _decode(fmt, data)
    except InputError as exc:
        return Document(doc_id, str(path), "", "failed", str(exc), digest, None, fmt)
    return Document(doc_id, str(path), text, "ok", None, digest, encoding, fmt)


def _decode(fmt: str, data: bytes) -> tuple[str, Optional[str]]:
    """(text, encoding) of the file's bytes read as `fmt`. Each format's reader is imported on the
    first file of its format (and imports its library then): a folder of .txt files imports none,
    whose modules cost every start-up about 0.02 s."""
    if fmt == "html":
        from .html_text import html_to_text  # noqa: PLC0415 - see above

        return html_to_text(data)
    if fmt == "docx":
        from .docx_text import docx_to_text  # noqa: PLC0415 - see above

        return docx_to_text(data), None
    if fmt == "pdf":
        from .pdf_text import pdf_to_text  # noqa: PLC0415 - see above

        return pdf_to_text(data), None
    return decode_bytes(data)


GLOB_CHARS = set("*?[")


def discover_inputs(arguments: list[str], exclude: Optional[Path] = None) -> tuple[list[Path], list[str]]:
    """Expand files, directories (every .txt, .html/.htm, .docx and .pdf inside, recursively)
    and quoted globs; a directory or glob never yields files inside `exclude` (the --out
    folder: the tool's own texts/ are not inputs of its next run).

    Returns the files in a stable order without duplicates, and the glob patterns that
    matched nothing. A plain path that does not exist is kept, so it is reported as failed.
    """
    skip = os.path.realpath(exclude) if exclude is not None else None
    found: list[Path] = []
    unmatched: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if GLOB_CHARS & set(argument) and not path.exists():
            anchor = Path(path.anchor) if path.is_absolute() else Path(".")
            pattern = str(path.relative_to(anchor)) if path.is_absolute() else argument
            matches = sorted(p for p in anchor.glob(pattern) if p.is_file() and not _inside(p, skip))
            if not matches:
                unmatched.append(argument)
            found.extend(matches)
        elif path.is_dir():
            found.extend(sorted(_walk_inputs(path, skip)))
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path), path)
    return list(unique.values()), unmatched


def _inside(path: Path, folder: Optional[str]) -> bool:
    return folder is not None and os.path.realpath(path).startswith(folder + os.sep)


def _walk_inputs(directory: Path, skip: Optional[str] = None) -> list[Path]:
    """Files of the input kinds under `directory` but those under `skip` (a real path); os.walk
    does not follow symlinked dirs, so loops end."""
    result = []
    for root, dirs, files in os.walk(directory):
        if skip is not None:
            dirs[:] = [name for name in dirs if os.path.realpath(os.path.join(root, name)) != skip]
        result.extend(Path(root) / name for name in files if os.path.splitext(name)[1].lower() in INPUT_SUFFIXES)
    return result


def display_path(path: "str | Path") -> str:
    """A path as valid UTF-8 text for rows and messages: bytes of a name that do not decode (a
    GBK name from a Windows zip, held by Python as surrogate escapes) are shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def document_stem(path: Path) -> str:
    """SPEC's doc_id before clashes: the file name without extension, in display_path's form."""
    return display_path(path.stem or path.name)


def document_ids(paths: list[Path]) -> list[str]:
    """One doc_id per path, unique by construction: the first file of a stem gets the stem, a
    later one the stem with the smallest -2, -3 … that is neither assigned nor any input's stem
    (a.txt, a-2.txt and a.html are a, a-2 and a-3)."""
    stems = [document_stem(path) for path in paths]
    taken = set(stems)
    assigned: set[str] = set()
    ids = []
    for stem in stems:
        doc_id, number = stem, 1
        while doc_id in assigned or number > 1 and doc_id in taken:
            number += 1
            doc_id = f"{stem}-{number}"
        assigned.add(doc_id)
        ids.append(doc_id)
    return ids
