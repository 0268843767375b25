"""One document as one task: read it, extract it, and give its rows in memory or spilled.

A file over 8 MB is read and extracted in chunks that end at line breaks, and a text held whole
that is too dense or has too long a line in pieces (text/pieces.py); the rows of either, and of a
whole text with many rows, are serialized a batch at a time into spill files, so a document's rows
never sit in memory as objects, dicts and text at once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional

from ..errors import InputError
from ..model import Document
from ..pipeline import Extractor
from ..read.formats import format_of
from ..read.reader import LARGE_FILE_BYTES, file_sha256, iter_text_chunks, read_document, sniff_encoding
from ..text.pieces import bounded_pieces, needs_pieces, text_pieces
from ..output.write import document_row, fact_row, mention_row, serialize_rows, write_spill
from .timebound import DocumentTimeout, time_bound


@dataclass(frozen=True)
class Task:
    path: str
    doc_id: str
    spill_dir: Optional[str]  # where large documents put their rows; None keeps them in memory
    keep_rows: bool = False  # rows as dicts (a database sink needs them); else serialized text
    time_bound: Optional[float] = None  # seconds before the document fails as timed out; None: no bound
    year: Optional[int] = None  # --year: dates 今年/上半年 in a text that gives no date of its own
    memory_bound: Optional[int] = None  # MB the worker may allocate for this document; None: no bound


@dataclass
class Outcome:
    """What one task produced: the documents.jsonl row and its mention rows (or a spill file)."""

    document: dict
    mentions: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    spill: Optional[str] = None
    texts: Optional[dict[str, bytes]] = None  # serialize_rows() of mentions and facts, by file name
    extracted_text: Optional[str] = None  # the text read from an HTML/DOCX/PDF file, for texts/<doc_id>.txt
    fact_count: int = 0  # facts (= observations) written, for the end summary
    undated_count: int = 0  # of which without period dates
    spent: bool = False  # the process that made it ran out of memory and may be left broken: a pool replaces it


def _failed(document: Document) -> Outcome:
    return Outcome(document_row(document, 0, 0))


def process_task(task: Task, extractor: Extractor, alarm: bool = True) -> Outcome:
    """Read and extract one file; a bad file gives a `failed` row, never an exception.

    An unexpected error inside the extractor is reported as that document's failure (with its
    type and message) so one pathological text never ends a batch of thousands. `alarm`: bound
    the time here (SIGALRM); a worker pool bounds it from the parent instead.
    """
    try:
        with time_bound(task.time_bound if alarm else None):
            return _process(task, extractor)
    except DocumentTimeout as exc:  # the bound itself: this document fails, the batch goes on
        return failed_task(task, str(exc))
    except MemoryError:  # the worker's address-space limit (or the machine's memory) ran out
        outcome = failed_task(task, f"over {task.memory_bound} MB of memory" if task.memory_bound else "out of memory")
        outcome.spent = True
        return outcome
    except Exception as exc:  # noqa: BLE001 - reported in documents.jsonl, not swallowed
        return failed_task(task, f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")


def failed_task(task: Task, reason: str) -> Outcome:
    return _failed(Document(task.doc_id, task.path, "", "failed", reason, format=format_of(Path(task.path))))


def _process(task: Task, extractor: Extractor) -> Outcome:
    path = Path(task.path)
    try:
        large = path.stat().st_size > LARGE_FILE_BYTES
    except OSError as exc:
        return _failed(Document(task.doc_id, task.path, "", "failed", f"cannot read: {exc.strerror or exc}"))
    if large and format_of(path) == "txt":  # HTML, DOCX and PDF are parsed whole
        return _process_large(path, task, extractor)
    document = read_document(path, task.doc_id)
    if document.status != "ok":
        return _failed(document)
    if needs_pieces(document.text):  # a text too dense or too long a line to hold whole: extracted in pieces
        text = document.text
        outcome = _extracted_in_pieces(task, document, len(text), extractor, lambda: text_pieces(text))
    else:
        mentions, facts, note = extractor.extract_noted(document.text, task.doc_id, year=task.year)
        outcome = _whole_outcome(task, document, mentions, facts, note)
    if document.format != "txt":  # offsets index the extracted text: it is written beside the rows
        outcome.extracted_text = document.text
    return outcome


def _whole_outcome(task: Task, document: Document, mentions: list, facts: list, note: Optional[str]) -> Outcome:
    """The rows of a document extracted whole: in memory, or spilled a batch at a time when they
    are many (all its rows as dicts and serialized text at once would double its memory)."""
    if task.spill_dir is None or task.keep_rows or len(mentions) + len(facts) <= SPILL_ROWS:
        return _outcome(task, document_row(document, len(document.text), len(mentions), note),
                        [mention_row(m) for m in mentions], [fact_row(f) for f in facts])
    results = [("mentions", mention) for mention in mentions] + [("facts", fact) for fact in facts]
    mentions.clear()
    facts.clear()
    return _spill_texts(task, document, len(document.text), _taken(results), note)


def _taken(items: list) -> Iterator:
    """The items of `items` in order, each dropped from the list as it is given (memory goes as rows are written)."""
    items.reverse()
    while items:
        yield items.pop()


def _outcome(task: Task, document: dict, mentions: list[dict], facts: list[dict]) -> Outcome:
    """Rows as dicts for a database, else as text: serializing here, in the worker, keeps the
    parent of a process pool from becoming the bottleneck."""
    undated = sum(row["period_start"] is None for row in facts)
    if task.keep_rows:
        return Outcome(document, mentions, facts, fact_count=len(facts), undated_count=undated)
    return Outcome(document, texts={**serialize_rows("mentions", mentions), **serialize_rows("facts", facts)},
                   fact_count=len(facts), undated_count=undated)


def _process_large(path: Path, task: Task, extractor: Extractor) -> Outcome:
    """Two streaming passes: validate and hash, then extract chunk by chunk."""
    hasher = hashlib.sha256()
    try:
        encoding = sniff_encoding(path)
        chars = sum(len(chunk) for chunk in iter_text_chunks(path, encoding, hasher))
    except InputError as exc:  # the hash must cover the whole file, not the part read so far
        return _failed(Document(task.doc_id, task.path, "", "failed", str(exc), file_sha256(path)))
    except OSError as exc:
        return _failed(Document(task.doc_id, task.path, "", "failed", f"cannot read: {exc.strerror or exc}"))
    document = Document(task.doc_id, task.path, "", "ok", None, hasher.hexdigest(), encoding)
    return _extracted_in_pieces(task, document, chars, extractor,
                                lambda: bounded_pieces(iter_text_chunks(path, encoding)))


def _extracted_in_pieces(task: Task, document: Document, chars: int, extractor: Extractor,
                         chunks: Callable[[], Iterable[str]]) -> Outcome:
    """A document extracted piece by piece (Extractor.extract_chunks), its rows spilled as they come."""
    results = extractor.extract_chunks(chunks, task.doc_id, year=task.year)
    if task.spill_dir is None:
        mentions, facts = [], []
        for kind, item in results:
            (mentions if kind == "mentions" else facts).append(item)
        return _outcome(task, document_row(document, chars, len(mentions)),
                        [mention_row(m) for m in mentions], [fact_row(f) for f in facts])
    if task.keep_rows:  # a database sink reads the rows back as dicts
        count = facts_count = undated = 0
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=task.spill_dir, suffix=".jsonl", delete=False) as spill:
            for kind, item in results:
                write_spill(spill, kind, mention_row(item) if kind == "mentions" else fact_row(item))
                count += kind == "mentions"
                facts_count += kind == "facts"
                undated += kind == "facts" and item.period_start is None
        return Outcome(document_row(document, chars, count), spill=spill.name, fact_count=facts_count, undated_count=undated)
    return _spill_texts(task, document, chars, results)


SPILL_ROWS = 5_000  # rows serialized at a time into a large document's spill files


def _spill_texts(task: Task, document: Document, chars: int, results: Iterable, note: Optional[str] = None) -> Outcome:
    """A large document's rows serialized as the output files take them (serialize_rows), one
    spill file per output file: the parent copies text instead of decoding and encoding rows."""
    folder = tempfile.mkdtemp(dir=task.spill_dir, prefix="texts.")
    files: dict[str, IO[bytes]] = {}
    rows: dict[str, list[dict]] = {"mentions": [], "facts": []}
    count = facts_count = undated = 0

    def flush() -> None:
        for kind, kept in rows.items():
            for name, text in serialize_rows(kind, kept).items():
                if name not in files:
                    files[name] = open(os.path.join(folder, name), "wb")
                files[name].write(text)
            kept.clear()

    try:
        for kind, item in results:
            rows[kind].append(mention_row(item) if kind == "mentions" else fact_row(item))
            count += kind == "mentions"
            facts_count += kind == "facts"
            undated += kind == "facts" and item.period_start is None
            if len(rows["mentions"]) + len(rows["facts"]) >= SPILL_ROWS:
                flush()
        flush()
    finally:
        for handle in files.values():
            handle.close()
    return Outcome(document_row(document, chars, count, note), spill=folder, fact_count=facts_count, undated_count=undated)
