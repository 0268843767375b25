"""The evidence of a figure: its sentence as written, or a bounded window of it around the figure."""

from __future__ import annotations

from ..model import Decided, Fact, Mention, changed
from .marks import first_mark, last_mark

EVIDENCE_WIDTH = 200  # characters: a row stays readable in a spreadsheet cell
CLAUSE_MARKS = "，,；;：:、。！？!?"
SNAP = 40  # characters at a window's edge searched for a clause mark to cut at


def evidence_span(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
                  width: int = EVIDENCE_WIDTH) -> tuple[int, int]:
    """(start, end) of the evidence for the figure at text[start:end]: its sentence
    text[sentence_start:sentence_end] without surrounding blanks when it has at most `width`
    characters, else at most `width` of it around the figure, cut after clause marks near the
    edges so the window opens and closes on whole clauses where it can."""
    left, right = _stripped(text, sentence_start, sentence_end)
    if right - left <= width or end - start >= width:
        return (left, right) if right - left <= width else (start, end)
    room = width - (end - start)
    low = max(left, start - room // 2)
    high = min(right, low + width)
    low = max(left, high - width)
    if low > left:  # open after the first clause mark near the window's start
        cut = _first_mark(text, low, min(start, low + SNAP))
        low = cut + 1 if cut >= 0 else low
    if high < right:  # close on the last clause mark near the window's end, the mark kept
        cut = _last_mark(text, max(end, high - SNAP), high)
        high = cut + 1 if cut >= 0 else high
    return _stripped(text, low, high)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + len(piece.rstrip()) if piece.strip() else start + lead


def _first_mark(text: str, start: int, end: int) -> int:
    return first_mark(text, CLAUSE_MARKS, start, end)


def _last_mark(text: str, start: int, end: int) -> int:
    return last_mark(text, CLAUSE_MARKS, start, end)


def with_evidence(text: str, facts: list[Fact], mentions: list[Mention], sentence_starts: list[int]) -> list[Fact]:
    """`facts` with their evidence (text as written, offsets into `text`); the parts of a ratio share theirs."""
    spans = {m.id: (m.start, m.end, m.sentence) for m in mentions if m.type in ("number", "ratio")}
    found: dict[str, tuple[int, int]] = {}
    out = []
    for fact in facts:
        if fact.mention_id not in found:
            start, end, sentence = spans[fact.mention_id]
            following = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else len(text)
            found[fact.mention_id] = evidence_span(text, start, end, sentence_starts[sentence], following)
        low, high = found[fact.mention_id]
        out.append(changed(fact, evidence=text[low:high], evidence_start=low, evidence_end=high, **_as_written(text, fact)))
    return out


def _as_written(text: str, fact: Fact) -> dict[str, Decided]:
    """The facts stage quotes the folded text (２０２３年 read as 2023年): its evidence quotes `text`."""
    fields = {}
    for field in ("period_by", "region_by", "modality_by"):
        decided = getattr(fact, field)
        if decided is not None and decided.start is not None and text[decided.start:decided.end] != decided.words:
            fields[field] = Decided(decided.kind, text[decided.start:decided.end], decided.start, decided.end, decided.sentence)
    return fields
