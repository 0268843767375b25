"""Bytes -> Document: encoding detection, sha256, and a one-line reason when it fails."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import unicodedata
from pathlib import Path
from typing import Iterator, Optional

import regex
from charset_normalizer import from_bytes

from .errors import InputError
from .model import Document

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings of Chinese text, tried when the bytes are not UTF-8.
LEGACY_CHINESE = ["gb18030", "big5"]
MAX_CONTROL_RATIO = 0.01  # more control characters than this means binary, not text


CONTROL_CHARS = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but \t\n\v\f\r, and DEL


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for _ in CONTROL_CHARS.finditer(text)) / len(text)


def _plausible_ratio(text: str) -> float:
    """Share of characters that ordinary Chinese or ASCII text is made of."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if " " <= ch <= "~" or ch in "\n\r\t" or _plausible_wide(ch))
    return good / len(text)


def _plausible_wide(ch: str) -> bool:
    """CJK or full-width, and assigned (00 FF 00 FF … would otherwise read as U+FF00 text)."""
    return ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef") and unicodedata.category(ch) != "Cn"


def _utf16_without_bom(data: bytes) -> Optional[tuple[str, str]]:
    """(text, encoding) as UTF-16 LE or BE, whichever reads as text; None if neither does."""
    best: tuple[float, Optional[str], str] = (0.0, None, "")
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        best = max(best, (_plausible_ratio(text), text, encoding), key=lambda item: item[0])
    return (best[1], best[2]) if best[0] > 0.9 and best[1] is not None else None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or InputError with the reason."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"has a {encoding} byte-order mark but does not decode: {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data:
        decoded = _utf16_without_bom(data)
        if decoded is not None and _control_ratio(decoded[0]) <= MAX_CONTROL_RATIO:
            return decoded
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=LEGACY_CHINESE).best()
        if best is None:
            raise InputError("cannot decode as UTF-8, UTF-16, GB18030 or Big5") from None
        text, encoding = str(best), best.encoding
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise InputError(f"binary file (too many control characters after decoding as {encoding})")
    return text, encoding


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
    """Encoding of a large file, judged from its head (a cut multi-byte character is dropped)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
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
    InputError on bytes that do not decode or on binary content.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending = ""
    consumed = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            if hasher is not None:
                hasher.update(block)
            try:
                pending += decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise InputError(f"does not decode as {encoding} near byte {consumed + exc.start}: {exc.reason}") from None
            consumed += len(block)
            if _control_ratio(pending[:65536]) > MAX_CONTROL_RATIO:
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
    """Read and decode one file; never raises for a bad file, returns status `failed`."""
    try:
        data = _read_regular(path)
    except OSError as exc:
        return Document(doc_id, str(path), "", "failed", f"cannot read: {exc.strerror or exc}")
    except InputError as exc:
        return Document(doc_id, str(path), "", "failed", str(exc))
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        return Document(doc_id, str(path), "", "ok", None, digest, None)
    try:
        text, encoding = decode_bytes(data)
    except InputError as exc:
        return Document(doc_id, str(path), "", "failed", str(exc), digest, None)
    return Document(doc_id, str(path), text, "ok", None, digest, encoding)


GLOB_CHARS = set("*?[")


def discover_inputs(arguments: list[str]) -> tuple[list[Path], list[str]]:
    """Expand files, directories (*.txt inside, recursively) and quoted globs.

    Returns the files in a stable order without duplicates, and the glob patterns that
    matched nothing. A plain path that does not exist is kept, so it is reported as failed.
    """
    found: list[Path] = []
    unmatched: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if GLOB_CHARS & set(argument) and not path.exists():
            anchor = Path(path.anchor) if path.is_absolute() else Path(".")
            pattern = str(path.relative_to(anchor)) if path.is_absolute() else argument
            matches = sorted(p for p in anchor.glob(pattern) if p.is_file())
            if not matches:
                unmatched.append(argument)
            found.extend(matches)
        elif path.is_dir():
            found.extend(sorted(_walk_txt(path)))
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path), path)
    return list(unique.values()), unmatched


def _walk_txt(directory: Path) -> list[Path]:
    """*.txt files under `directory`; os.walk does not follow symlinked dirs, so loops end."""
    result = []
    for root, _dirs, files in os.walk(directory):
        result.extend(Path(root) / name for name in files if name.lower().endswith(".txt"))
    return result


def document_ids(paths: list[Path]) -> list[str]:
    """SPEC's doc_id (file name without extension), made unique with -2, -3 … on clashes."""
    seen: dict[str, int] = {}
    ids = []
    for path in paths:
        stem = path.stem or path.name
        seen[stem] = seen.get(stem, 0) + 1
        ids.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return ids
