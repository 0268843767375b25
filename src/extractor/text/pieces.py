"""Pieces of a text held whole that is too large to extract at once: too long, too many figures
(`1、` a million times is 3 MB and a million mentions, about 3.4 KB each with its fact) or a clause
too long (a page read as one sentence). Each piece's mentions and facts are made, written out and
dropped before the next (Extractor.extract_chunks).

Pieces concatenate to the text, so offsets add up; each ends at a line break, else a sentence
end, else a clause mark, else at a fixed width but never inside a figure.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import regex

NUMERALS = "一二三四五六七八九十百千万亿两〇零"
# A figure: digits (with a decimal part, then any numerals: 1.5亿) or Chinese numerals, about one
# mention each however the text reads.
FIGURE = regex.compile(rf"[0-9０-９]+(?:[.．][0-9０-９]+)?[{NUMERALS}]*|[{NUMERALS}]+")
FIGURE_REACH = 80  # characters around a cut searched for a figure it would split (none is longer)
# Figures above which a text held whole is extracted in pieces.
MAX_WHOLE_FIGURES = 50_000
# Characters likewise: extracted whole, a report's clauses' words, its mentions and its facts take
# about 100 bytes a character at once (1.7 M characters: 290 MB), in pieces the same as a file over 8 MB.
MAX_WHOLE_CHARS = 1_000_000
MAX_PIECE_FIGURES = 20_000  # figures in one piece
PIECE_CHARS = 256 * 2**10  # characters of one piece of a text held whole
# A clause this long (a page read as one sentence) is extracted in pieces too: its words would be
# held at once (about 80 MB a MB of text). A long line of many clauses (a list of 20,000 companies
# and sums) is not: whole, it costs a tenth less than in pieces, and its facts keep their context.
LONG_CLAUSE = PIECE_CHARS
CLAUSE_MARKS = "，,。；;！!？?：:\n"  # where jieba cuts a clause (names' CLAUSE_EDGE, less quotes and brackets)
# A run of LONG_CLAUSE + 1 characters or more without a mark, tried only where a run starts, so
# each run is read once (tried at every position, a long run shorter than that would be read again from each).
LONG_RUN = re.compile(rf"(?<![^{CLAUSE_MARKS}])[^{CLAUSE_MARKS}]{{{LONG_CLAUSE + 1},}}")
# Where a piece may end, best first: a line break, a sentence end, a clause mark.
# An ASCII comma or colon before a digit is inside a figure (1,234 and 3.9:33.1:63.0).
CUTS = (regex.compile(r"\n"), regex.compile(r"[。！？；!?;]+[”’」』）)\"'＂＇]*"), regex.compile(r"[，、：]|[,:](?![0-9])"))


def needs_pieces(text: str) -> bool:
    """Whether a text held whole is better extracted in pieces: too long, too many figures, or a clause too long."""
    return len(text) > MAX_WHOLE_CHARS or many_figures(text) or has_long_clause(text)


def has_long_clause(text: str) -> bool:
    """Whether some clause of `text` (a run between CLAUSE_MARKS) runs over LONG_CLAUSE characters."""
    return len(text) > LONG_CLAUSE and LONG_RUN.search(text) is not None


def many_figures(text: str, most: int = MAX_WHOLE_FIGURES) -> bool:
    """Whether `text` holds more than `most` figures (counting stops there)."""
    if len(text) <= most:
        return False  # a figure takes a character at least
    for count, _ in enumerate(FIGURE.finditer(text), 1):
        if count > most:
            return True
    return False


def text_pieces(text: str, chars: int = PIECE_CHARS, figures: int = MAX_PIECE_FIGURES) -> Iterator[str]:
    """`text` in pieces of at most `chars` characters and `figures` figures."""
    start = 0
    while start < len(text):
        end = _piece_end(text, start, min(len(text), start + chars), figures)
        yield text[start:end]
        start = end


def bounded_pieces(chunks: Iterable[str], figures: int = MAX_PIECE_FIGURES) -> Iterator[str]:
    """Each chunk as it is, or in pieces when it holds more than `figures` figures or a clause too
    long (a file's line that runs on for megabytes comes in chunks of a million characters)."""
    for chunk in chunks:
        if has_long_clause(chunk):
            yield from text_pieces(chunk, PIECE_CHARS, figures)
        elif many_figures(chunk, figures):
            yield from text_pieces(chunk, len(chunk), figures)
        else:
            yield chunk


def _piece_end(text: str, start: int, end: int, figures: int) -> int:
    """Where the piece from `start` ends: before its figure number `figures` + 1 or at `end`,
    moved back to the last cut; at `end` when the text ends there."""
    for count, found in enumerate(FIGURE.finditer(text, start, end), 1):
        if count > figures:
            end = found.start()
            break
    else:
        if end == len(text):
            return end
    for cut in CUTS:
        last = None
        for last in cut.finditer(text, start, end):
            pass
        if last is not None and last.end() > start:
            return last.end()
    for found in FIGURE.finditer(text, max(start, end - FIGURE_REACH), min(len(text), end + FIGURE_REACH)):
        if found.start() < end < found.end() and found.start() > start:
            return found.start()  # not inside a figure: before it
    return end
