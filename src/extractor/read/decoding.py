"""Bytes -> str for plain-text files: byte-order marks, UTF-8, UTF-16, GB18030 and Big5, and
a one-line reason when the bytes are binary or undecodable."""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional


from ..errors import InputError

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


# C0 controls but \t\n\v\f\r, and DEL. `re`, not `regex`: every file's text is scanned for them, and `re`
# scans a class of ASCII characters about three times faster (12 against 4 us for 700 characters).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(CONTROL_CHARS.findall(text)) / len(text)


def _plausible_ratio(text: str) -> float:
    """Share of characters that ordinary Chinese or ASCII text is made of."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if " " <= ch <= "~" or ch in "\n\r\t" or is_wide_text(ch))
    return good / len(text)


def is_wide_text(ch: str) -> bool:
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
        if decoded is not None and control_ratio(decoded[0]) <= MAX_CONTROL_RATIO:
            return decoded
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # only text that is not UTF-8 needs it: 0.03 s of every start-up

        best = from_bytes(data, cp_isolation=LEGACY_CHINESE).best()
        if best is None:
            raise InputError("cannot decode as UTF-8, UTF-16, GB18030 or Big5") from None
        text, encoding = str(best), best.encoding
    if control_ratio(text) > MAX_CONTROL_RATIO:
        raise InputError(f"binary file (too many control characters after decoding as {encoding})")
    return text, encoding
