"""The data passed between stages; values are Decimal until written.

Records are never changed after construction (`changed` or dataclasses.replace makes a changed copy).
The per-document ones (Group, Candidate, Mention, Fact, Decided) are declared with `record`, not
frozen=True: a frozen __init__ sets each field through object.__setattr__ (Mention: 2.6 µs
against 0.7 µs), and a document makes hundreds of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, TypeVar

T = TypeVar("T")


def record(cls: type[T]) -> type[T]:
    """A dataclass hashed and compared by value like a frozen one, with a plain fast __init__."""
    return dataclass(eq=True, unsafe_hash=True)(cls)


def changed(item: T, **changes: object) -> T:
    """A copy of a dataclass instance (no __slots__; frozen or not) with some fields changed:
    dataclasses.replace without its per-field init checks (~5x cheaper; a large file's pieces
    shift every mention and fact this way, and each fact gets its observation fields so). The
    copy's dict is the item's copied whole, then updated: filling a new instance's shared-key dict
    key by key cost twice as much (3.5 against 1.6 us for a Fact's 30 fields)."""
    copy = object.__new__(type(item))
    fields = item.__dict__.copy()
    fields.update(changes)
    copy.__dict__ = fields
    return copy


@dataclass(frozen=True)
class Document:
    """One input file after reading: its decoded text or why it could not be read."""

    doc_id: str
    path: str
    text: str
    status: str  # "ok" or "failed"
    reason: Optional[str] = None
    sha256: Optional[str] = None
    encoding: Optional[str] = None
    format: str = "txt"  # how the file was read: txt, html, docx or pdf (formats.py)


@record
class Group:
    """A named sub-match of a candidate, with offsets into the text."""

    start: int
    end: int
    text: str


@record
class Candidate:
    """A rule match before value normalization."""

    rule_id: str
    type: str
    start: int
    end: int
    groups: dict[str, Group]
    parts: tuple[Group, ...] = ()  # repeated captures, e.g. the parts of a ratio
    unit_override: Optional[str] = None
    scale: int = 1


@record
class Mention:
    """One extracted mention, fields as SPEC names them (plus `rule`)."""

    doc_id: str
    type: str
    text: str
    start: int
    end: int
    sentence: int
    value: Optional[Decimal] = None
    value_high: Optional[Decimal] = None
    values: Optional[tuple[Decimal, ...]] = None
    unit: Optional[str] = None
    dimension: Optional[str] = None
    qualifier: Optional[str] = None
    name: Optional[str] = None
    canonical: Optional[str] = None
    rule: Optional[str] = None

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.start}:{self.end}:{self.type}"


@record  # not frozen=True: a fact is given three or four of these (22,000 on the 31 work reports)
class Decided:
    """What decided a fact's field: words of the text at [start:end], or a rule's name alone
    (`document region`), with the sentence it came from (`carried from sentence 4`) or a detail
    (`document date: 2023`). Written as one line: `kind[ N]: words [start:end]`."""

    kind: str  # sentence, carried from sentence, title, document date, place, region word, words, no plan word …
    words: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    sentence: Optional[int] = None  # for `carried from sentence` and `plan goes on from sentence`

    def __str__(self) -> str:
        kind = self.kind if self.sentence is None else f"{self.kind} {self.sentence}"
        if self.words is None:
            return kind
        return f"{kind}: {self.words}" if self.start is None else f"{kind}: {self.words} [{self.start}:{self.end}]"

    def shifted(self, offset: int, sentences: int) -> "Decided":
        """The same evidence when its text is a piece of the whole starting at `offset`, after `sentences` sentences."""
        start = None if self.start is None else self.start + offset
        end = None if self.end is None else self.end + offset
        sentence = None if self.sentence is None else self.sentence + sentences
        return Decided(self.kind, self.words, start, end, sentence)


@record
class Fact:
    """A number tied to what it measures (SPEC "Facts"), plus value_high for ranges."""

    doc_id: str
    id: str
    mention_id: str
    subject: Optional[str]
    value: Optional[Decimal]
    value_high: Optional[Decimal]
    unit: Optional[str]
    qualifier: Optional[str]
    period: Optional[str]
    owner: Optional[str]
    sentence: int
    # SPEC "Facts as observations" (version 2): which place, dates, indicator, kind of figure.
    indicator: Optional[str] = None
    measure: str = "level"
    direction: Optional[str] = None
    base: Optional[str] = None
    modality: str = "actual"
    region: Optional[str] = None
    period_start: Optional[str] = None  # ISO date
    period_end: Optional[str] = None
    region_code: Optional[str] = None  # the region's 12-digit division code: 苏州 and 苏州市 link; None for 全国 and zones
    # SPEC "Tables" (version 3): the cell of a table a fact comes from (0-based), None for prose.
    table: Optional[int] = None
    row: Optional[int] = None
    column: Optional[int] = None
    row_label: Optional[str] = None
    column_label: Optional[str] = None
    # Evidence (added fields): the figure's sentence as written (a window of it when long), and
    # what decided the period, region and modality, so a row can be checked without the source.
    evidence: Optional[str] = None
    evidence_start: Optional[int] = None
    evidence_end: Optional[int] = None
    period_by: Optional[Decided] = None
    region_by: Optional[Decided] = None
    modality_by: Optional[Decided] = None
