"""Mentions and documents -> JSONL and CSV files, committed as one set.

Rows are streamed into a fresh generation folder inside --out (see generation.py); only when
every file is complete is the folder switched into place by one rename, so a crash never
leaves a half-written file or files of two runs.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import shutil
from datetime import date
from decimal import Decimal
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

from ..errors import OutputError
from ..model import Document, Fact, Mention
from ..read.reader import display_path
from .generation import Generation, OutLock

if TYPE_CHECKING:
    from .previous import PreviousOutputs

MENTION_FIELDS = [
    "doc_id", "id", "type", "text", "start", "end", "sentence", "value", "value_high", "values",
    "unit", "dimension", "qualifier", "name", "canonical", "rule",
]
OUTPUT_MODE = 0o644
TABLE_FIELDS = ["table", "row", "column", "row_label", "column_label"]  # SPEC "Tables": the cell a fact is from
# Added after the fields of SPEC: the figure's sentence as written and what decided period, region, modality.
EVIDENCE_FIELDS = ["evidence", "evidence_start", "evidence_end", "period_by", "region_by", "modality_by"]
DECIDED_FIELDS = ("period_by", "region_by", "modality_by")
FACT_FIELDS = [
    "doc_id", "id", "mention_id", "subject", "value", "value_high", "unit", "qualifier", "period", "owner", "sentence",
    "indicator", "measure", "direction", "base", "modality", "region", "period_start", "period_end",
    *TABLE_FIELDS, *EVIDENCE_FIELDS, "region_code",
]
# observations.csv: the facts as one tidy table for a database or a pivot (SPEC).
OBSERVATION_FIELDS = [
    "doc_id", "region", "period_start", "period_end", "indicator", "measure", "direction", "modality",
    "value", "value_high", "unit", "qualifier", "mention_id", *TABLE_FIELDS, *EVIDENCE_FIELDS,
    "region_code",  # added after the columns before it (SPEC: fields are added, never renamed): 苏州 and 苏州市 share one code
]
# Typed columns for the database and Parquet sinks; every other field is text.
INTEGER_FIELDS = {"start", "end", "sentence", "char_count", "mention_count", "table", "row", "column",
                  "evidence_start", "evidence_end"}
FLOAT_FIELDS = {"value", "value_high"}
DATE_FIELDS = {"period_start", "period_end"}  # ISO text in JSONL/CSV, DATE in a database and Parquet
DOCUMENT_FIELDS = ["doc_id", "path", "status", "reason", "sha256", "encoding", "char_count", "mention_count", "format",
                   "note"]  # note: one line on what was skipped (table cells), else null
ROW_FIELDS = {"mentions": MENTION_FIELDS, "facts": FACT_FIELDS}  # the row kinds written as JSONL and CSV
CSV_FIELDS = {"mentions.csv": MENTION_FIELDS, "facts.csv": FACT_FIELDS, "observations.csv": OBSERVATION_FIELDS}


def _number(value: Optional[Decimal]) -> Optional[float]:
    """Decimal -> float, only here at the output boundary (SPEC: value is a float)."""
    return None if value is None else float(value)


def mention_row(mention: Mention) -> dict[str, Any]:
    """A mention as a JSON-ready dict with SPEC's field names and order."""
    return {
        "doc_id": mention.doc_id,
        "id": mention.id,
        "type": mention.type,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "sentence": mention.sentence,
        "value": _number(mention.value),
        "value_high": _number(mention.value_high),
        "values": [_number(v) for v in mention.values] if mention.values is not None else None,
        "unit": mention.unit,
        "dimension": mention.dimension,
        "qualifier": mention.qualifier,
        "name": mention.name,
        "canonical": mention.canonical,
        "rule": mention.rule,
    }


# A fact's FACT_FIELDS in order, in one C call (a getattr per field in a dict comprehension took twice as long)
_FACT_VALUES = attrgetter(*FACT_FIELDS)


def fact_row(fact: Fact) -> dict[str, Any]:
    """A fact as a JSON-ready dict with SPEC's field names (plus value_high)."""
    row = dict(zip(FACT_FIELDS, _FACT_VALUES(fact)))
    row["value"], row["value_high"] = _number(fact.value), _number(fact.value_high)
    for name in DECIDED_FIELDS:  # one line each: `kind: words [start:end]` (model.Decided)
        if row[name] is not None:
            row[name] = str(row[name])
    return row


def document_row(document: Document, char_count: int, mention_count: int, note: Optional[str] = None) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "path": display_path(document.path),
        "status": document.status,
        "reason": document.reason,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "char_count": char_count,
        "mention_count": mention_count,
        "format": document.format,
        "note": note,
    }


TEXTS_DIR = "texts"  # extracted texts of HTML/DOCX/PDF inputs, <doc_id>.txt: the text offsets index
# Temporaries an earlier version of the tool left in --out when it was killed.
LEFTOVER_PATTERNS = (".*.jsonl.*.tmp", ".*.csv.*.tmp", ".*.parquet.tmp", ".spill.*", f"{TEXTS_DIR}/.*.tmp")


def _remove_leftovers(out_dir: Path) -> None:
    """Temporaries of a killed run (called under the lock, so no live run's); outputs are never touched."""
    for pattern in LEFTOVER_PATTERNS:
        for path in out_dir.glob(pattern):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# One encoder for every row: json.dumps with non-default options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False)
# Fields that hold a list (a ratio's parts): JSON in a CSV cell. csv itself writes None as empty.
LIST_FIELDS = frozenset({"values"})


def _row_encoder() -> Callable[[Any], str]:
    """_JSON.encode without its cost per call: encode builds a C encoder for every row (a third
    of its time); this one is built once, with the same options, so the text is the same."""
    make = json.encoder.c_make_encoder
    if make is None:  # a Python without the _json accelerator
        return _JSON.encode
    chunks = make(None, _JSON.default, json.encoder.encode_basestring, None, _JSON.key_separator,
                  _JSON.item_separator, False, False, True)
    return lambda row: "".join(chunks(row, 0))


_json_row = _row_encoder()


def _csv_text(rows: list[dict[str, Any]], fields: list[str], complete: bool = True) -> str:
    """CSV lines of rows: the fields in order, None as empty, lists as JSON. `complete`: every
    row holds every field (mention_row, fact_row), so one itemgetter takes the cells; else a
    missing field is empty (rows read back from an earlier version's outputs)."""
    cells = itemgetter(*fields) if complete else lambda row: tuple(map(row.get, fields))
    lists = [i for i, name in enumerate(fields) if name in LIST_FIELDS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if lists:
        writer.writerows(_lists_as_json(cells(row), lists) for row in rows)
    else:
        writer.writerows(map(cells, rows))
    return buffer.getvalue()


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def _lists_as_json(values: tuple, lists: list[int]) -> Any:
    if all(values[i] is None for i in lists):
        return values
    values = list(values)
    for i in lists:
        if isinstance(values[i], list):
            values[i] = _json_row(values[i])
    return values


def _jsonl_text(rows: list[dict[str, Any]]) -> str:
    return "".join([_json_row(row) + "\n" for row in rows])


def serialize_rows(kind: str, rows: list[dict[str, Any]]) -> dict[str, bytes]:
    """The JSONL and CSV bytes (UTF-8) of one document's rows of `kind`, exactly as OutputSet
    writes rows. Workers call it so the parent of a process pool only copies bytes (encoded once,
    here: as text they were encoded to be sent, decoded on arrival and encoded again to be written)."""
    texts = {f"{kind}.jsonl": _jsonl_text(rows).encode(), f"{kind}.csv": _csv_text(rows, ROW_FIELDS[kind]).encode()}
    if kind == "facts":
        texts["observations.csv"] = _csv_text(rows, OBSERVATION_FIELDS).encode()
    return texts


class OutputSet:
    """The run's output files, written into a fresh generation folder under a lock on --out
    and committed together. `finish(folder)` writes more files of the set into that folder
    (Parquet ...) before the commit, so they are part of the one unit too."""

    def __init__(self, out_dir: Path, wait: bool = False, finish: Optional[Callable[[Path], None]] = None) -> None:
        self.out_dir = Path(out_dir)
        self._lock = OutLock(self.out_dir, wait)  # held until commit or abort
        try:
            _remove_leftovers(self.out_dir)
            self._generation = Generation(self.out_dir)
        except BaseException:
            self._lock.release()
            raise
        self.folder = self._generation.path
        self._finish = finish
        self._files: dict[str, tuple[IO[bytes], Path]] = {}
        # Large documents spill their rows here until their turn comes; removed at the end.
        self.spill_dir = self.folder / ".spill"
        self._mkdir(self.spill_dir)
        for name in ("mentions.jsonl", "documents.jsonl", "facts.jsonl"):
            self._open(name)
        # Binary files written UTF-8 bytes (serialize_rows'); CSV opens with a BOM, for Excel.
        for name, fields in CSV_FIELDS.items():
            self._open(name)
            self._write(name, codecs.BOM_UTF8 + _csv_line(fields).encode())

    def _mkdir(self, folder: Path) -> None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write in {self.out_dir}: {exc.strerror or exc}") from None

    def _open(self, name: str) -> None:
        path = self.folder / name  # the generation is this run's own: files get their final names
        try:
            handle = open(path, "wb")
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write in {self.out_dir}: {exc.strerror or exc}") from None
        self._files[name] = (handle, path)

    def _write(self, name: str, data: bytes) -> None:
        try:
            self._files[name][0].write(data)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write {self.out_dir / name}: {exc.strerror or exc}") from None

    def _write_rows(self, kind: str, rows: list[dict[str, Any]], lines: Optional[list[str]] = None) -> None:
        """Rows of `kind` (mentions or facts) to its JSONL and CSV files; `lines`: their JSONL
        lines as read (rows carried from a previous run), else made from the rows."""
        self._write(f"{kind}.jsonl", ("".join(lines) if lines is not None else _jsonl_text(rows)).encode())
        for name in (f"{kind}.csv", "observations.csv") if kind == "facts" else (f"{kind}.csv",):
            self._write(name, _csv_text(rows, CSV_FIELDS[name], complete=False).encode())

    def add(self, document: dict[str, Any], mentions: list[dict[str, Any]], facts: list[dict[str, Any]],
            spill: Optional[str] = None, texts: Optional[dict[str, bytes]] = None) -> None:
        """One document's rows: in memory, already serialized (`texts` from serialize_rows, by
        file name), or spilled (then removed): a folder of such texts, one file per output
        file, or a file of tagged JSONL rows (when a database needs them as rows)."""
        for name, data in (texts or {}).items():
            self._write(name, data)
        if mentions:
            self._write_rows("mentions", mentions)
        if facts:
            self._write_rows("facts", facts)
        if spill is not None and os.path.isdir(spill):  # a folder of serialized texts, by output file
            for name in sorted(os.listdir(spill)):
                with open(os.path.join(spill, name), "rb") as serialized:
                    while block := serialized.read(1 << 20):
                        self._write(name, block)
            shutil.rmtree(spill)
        elif spill is not None:
            for kind in ("mentions", "facts"):
                for rows in batches(read_spill(spill, kind)):
                    self._write_rows(kind, rows)
            os.unlink(spill)
        self._write("documents.jsonl", (_json_row(document) + "\n").encode())

    def add_text(self, doc_id: str, text: str) -> None:
        """The extracted text of a document, to texts/<doc_id>.txt (UTF-8, exact newlines)."""
        folder = self.folder / TEXTS_DIR
        target = folder / f"{doc_id}.txt"
        self._mkdir(folder)
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write {self.out_dir / TEXTS_DIR / target.name}: {exc.strerror or exc}") from None

    def add_previous(self, previous: "PreviousOutputs", document: dict[str, Any]) -> tuple[int, int]:
        """Carry a document unchanged from the previous run (--incremental), its text too; (facts,
        undated facts) carried."""
        facts = undated = 0
        for kind in ("mentions", "facts"):
            for lines in batches(previous.lines(kind, document["doc_id"])):
                rows = [json.loads(line) for line in lines]
                self._write_rows(kind, rows, lines)
                if kind == "facts":
                    facts += len(rows)
                    undated += sum(row.get("period_start") is None for row in rows)
        self._write("documents.jsonl", (_json_row(document) + "\n").encode())
        text = previous.text_path(document["doc_id"])
        if text.is_file():
            self._mkdir(self.folder / TEXTS_DIR)
            try:  # a hard link: the previous generation is removed at commit, the text stays
                os.link(text, self.folder / TEXTS_DIR / text.name)
            except OSError:  # a file system without hard links: copy it
                shutil.copyfile(text, self.folder / TEXTS_DIR / text.name)
        return facts, undated

    def commit(self) -> None:
        """Flush, fsync and close every file, write the finishing files if any, then switch the
        generation into place (one rename) and release the lock."""
        try:
            for handle, path in self._files.values():
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.chmod(path, OUTPUT_MODE)
            self._files = {}
            shutil.rmtree(self.spill_dir, ignore_errors=True)
            if self._finish is not None:
                self._finish(self.folder)
            self._generation.commit()
        except OutputError:
            self.abort()
            raise
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot finish writing to {self.out_dir}: {exc.strerror or exc}") from None
        self._lock.release()

    def abort(self) -> None:
        """Remove this run's generation; the previous outputs stay as they were."""
        for handle, _path in self._files.values():
            # Closing a handle whose disk is full can fail again; the file is removed anyway.
            with contextlib.suppress(OSError):
                handle.close()
        self._files = {}
        self._generation.abort()
        self._lock.release()


BATCH_ROWS = 5_000  # rows read back (a spill, a previous run's) written at a time: memory stays flat


def batches(items: Iterable[Any], size: int = BATCH_ROWS) -> Iterator[list[Any]]:
    """Items in lists of `size`: rows read back, or streamed into a database, with flat memory."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_spill(handle: IO[str], kind: str, row: dict[str, Any]) -> None:
    handle.write(_JSON.encode({kind: row}) + "\n")


def read_spill(path: str, kind: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            tagged = json.loads(line)
            if kind in tagged:
                yield tagged[kind]


def typed_row(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`fields` of a JSONL row, ISO date text as datetime.date (for Parquet and databases)."""
    out = {f: row.get(f) for f in fields}
    for field in DATE_FIELDS & set(fields):
        if out[field] is not None:
            out[field] = date.fromisoformat(out[field])
    return out
