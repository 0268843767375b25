"""Mentions and documents -> JSONL and CSV files, replaced atomically.

Rows are streamed to temporary files beside the targets; only when every file is complete
are they moved into place with os.replace, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Iterator, Optional

from ..errors import OutputError
from ..model import Document, Fact, Mention
from ..read.reader import file_sha256

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
    *TABLE_FIELDS, *EVIDENCE_FIELDS,
]
# observations.csv: the facts as one tidy table for a database or a pivot (SPEC).
OBSERVATION_FIELDS = [
    "doc_id", "region", "period_start", "period_end", "indicator", "measure", "direction", "modality",
    "value", "value_high", "unit", "qualifier", "mention_id", *TABLE_FIELDS, *EVIDENCE_FIELDS,
]
# Typed columns for the database and Parquet sinks; every other field is text.
INTEGER_FIELDS = {"start", "end", "sentence", "char_count", "mention_count", "table", "row", "column",
                  "evidence_start", "evidence_end"}
FLOAT_FIELDS = {"value", "value_high"}
DATE_FIELDS = {"period_start", "period_end"}  # ISO text in JSONL/CSV, DATE in a database and Parquet
DOCUMENT_FIELDS = ["doc_id", "path", "status", "reason", "sha256", "encoding", "char_count", "mention_count", "format",
                   "note"]  # note: one line on what was skipped (table cells), else null
ROW_FIELDS = {"mentions": MENTION_FIELDS, "facts": FACT_FIELDS}  # the row kinds written as JSONL and CSV


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


def fact_row(fact: Fact) -> dict[str, Any]:
    """A fact as a JSON-ready dict with SPEC's field names (plus value_high)."""
    row = {name: getattr(fact, name) for name in FACT_FIELDS}
    row["value"], row["value_high"] = _number(fact.value), _number(fact.value_high)
    for name in DECIDED_FIELDS:  # one line each: `kind: words [start:end]` (model.Decided)
        if row[name] is not None:
            row[name] = str(row[name])
    return row


def document_row(document: Document, char_count: int, mention_count: int, note: Optional[str] = None) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "path": document.path,
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
LEFTOVER_PATTERNS = (".*.jsonl.*.tmp", ".*.csv.*.tmp", ".*.parquet.tmp", ".spill.*", f"{TEXTS_DIR}/.*.tmp")


def _remove_leftovers(out_dir: Path) -> None:
    """Temporaries of a run that was killed (SIGKILL leaves them); finished outputs are never touched."""
    for pattern in LEFTOVER_PATTERNS:
        for path in out_dir.glob(pattern):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# One encoder for every row: json.dumps with non-default options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _csv_values(row: dict[str, Any], fields: list[str]) -> list[Any]:
    """One CSV line's cells: the fields in order, None as empty, lists as JSON."""
    # One expression, no call per cell: this runs for every cell of every output row.
    return ["" if value is None else _JSON.encode(value) if isinstance(value, list) else value
            for value in map(row.get, fields)]


def serialize_rows(kind: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The JSONL and CSV text of one document's rows of `kind`, exactly as OutputSet writes
    them row by row. Workers call it so the parent of a process pool only copies text."""
    fields = ROW_FIELDS[kind]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_csv_values(row, fields) for row in rows)
    texts = {f"{kind}.jsonl": "".join([_JSON.encode(row) + "\n" for row in rows]), f"{kind}.csv": buffer.getvalue()}
    if kind == "facts":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(_csv_values(row, OBSERVATION_FIELDS) for row in rows)
        texts["observations.csv"] = buffer.getvalue()
    return texts


class OutputSet:
    """The run's output files, written to temporaries and committed together."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output folder {self.out_dir}: {exc.strerror or exc}") from None
        self._files: dict[str, tuple[IO[str], Path]] = {}
        self._texts: list[tuple[Path, Path]] = []  # (temporary, target) of extracted texts
        _remove_leftovers(self.out_dir)
        # Large documents spill their rows here until their turn comes; removed at the end.
        self.spill_dir = Path(tempfile.mkdtemp(prefix=".spill.", dir=self.out_dir))
        self._open("mentions.jsonl")
        self._open("documents.jsonl")
        self._open("facts.jsonl")
        self._csv = {}
        for name, fields in ROW_FIELDS.items():
            handle = self._open(f"{name}.csv", encoding="utf-8-sig", newline="")
            self._csv[name] = (csv.writer(handle), fields)
            self._csv[name][0].writerow(fields)
        handle = self._open("observations.csv", encoding="utf-8-sig", newline="")
        self._csv["observations"] = (csv.writer(handle), OBSERVATION_FIELDS)
        self._csv["observations"][0].writerow(OBSERVATION_FIELDS)

    def _open(self, name: str, encoding: str = "utf-8", newline: Optional[str] = None) -> IO[str]:
        try:
            handle = tempfile.NamedTemporaryFile(
                "w", encoding=encoding, newline=newline, dir=self.out_dir,
                prefix=f".{name}.", suffix=".tmp", delete=False,
            )
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write in {self.out_dir}: {exc.strerror or exc}") from None
        self._files[name] = (handle, Path(handle.name))
        return handle

    def _write(self, name: str, text: str) -> None:
        try:
            self._files[name][0].write(text)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write {self.out_dir / name}: {exc.strerror or exc}") from None

    def _write_row(self, kind: str, row: dict[str, Any], line: Optional[str] = None) -> None:
        """One row of `kind` (mentions or facts) to its JSONL and CSV files."""
        self._write(f"{kind}.jsonl", line if line is not None else _JSON.encode(row) + "\n")
        for table in (kind, "observations") if kind == "facts" else (kind,):
            writer, fields = self._csv[table]
            try:
                writer.writerow(_csv_values(row, fields))
            except OSError as exc:
                self.abort()
                raise OutputError(f"cannot write {self.out_dir / (table + '.csv')}: {exc.strerror or exc}") from None

    def add(self, document: dict[str, Any], mentions: list[dict[str, Any]], facts: list[dict[str, Any]],
            spill: Optional[str] = None, texts: Optional[dict[str, str]] = None) -> None:
        """One document's rows: in memory, already serialized (`texts` from serialize_rows, by
        file name), or spilled (then removed): a folder of such texts, one file per output
        file, or a file of tagged JSONL rows (when a database needs them as rows)."""
        for name, text in (texts or {}).items():
            self._write(name, text)
        for row in mentions:
            self._write_row("mentions", row)
        for row in facts:
            self._write_row("facts", row)
        if spill is not None and os.path.isdir(spill):  # a folder of serialized texts, by output file
            for name in sorted(os.listdir(spill)):
                with open(os.path.join(spill, name), encoding="utf-8", newline="") as text:
                    while block := text.read(1 << 20):
                        self._write(name, block)
            shutil.rmtree(spill)
        elif spill is not None:
            for kind in ("mentions", "facts"):
                for row in read_spill(spill, kind):
                    self._write_row(kind, row)
            os.unlink(spill)
        self._write("documents.jsonl", _JSON.encode(document) + "\n")

    def add_text(self, doc_id: str, text: str) -> None:
        """The extracted text of a document, to texts/<doc_id>.txt at commit (UTF-8, exact newlines)."""
        folder = self.out_dir / TEXTS_DIR
        temp = folder / f".{doc_id}.txt.tmp"
        try:
            folder.mkdir(exist_ok=True)
            with open(temp, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write {temp}: {exc.strerror or exc}") from None
        self._texts.append((temp, folder / f"{doc_id}.txt"))

    def add_previous(self, previous: "PreviousOutputs", document: dict[str, Any]) -> tuple[int, int]:
        """Carry a document unchanged from the previous run (--incremental); (facts, undated facts) carried."""
        facts = undated = 0
        for kind in ("mentions", "facts"):
            for line in previous.lines(kind, document["doc_id"]):
                row = json.loads(line)
                self._write_row(kind, row, line)
                if kind == "facts":
                    facts, undated = facts + 1, undated + (row.get("period_start") is None)
        self._write("documents.jsonl", _JSON.encode(document) + "\n")
        return facts, undated

    def commit(self) -> None:
        """Flush, fsync and move every temporary into place."""
        try:
            for handle, temp in self._files.values():
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.chmod(temp, OUTPUT_MODE)  # temporaries are created private; outputs are not
            for temp, target in self._texts:  # texts first: a row never points into a missing text
                os.chmod(temp, OUTPUT_MODE)
                os.replace(temp, target)
            for name, (_, temp) in self._files.items():
                os.replace(temp, self.out_dir / name)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot finish writing to {self.out_dir}: {exc.strerror or exc}") from None
        self._files = {}
        self._texts = []
        shutil.rmtree(self.spill_dir, ignore_errors=True)

    def abort(self) -> None:
        """Remove the temporaries; the previous outputs stay as they were."""
        for handle, temp in self._files.values():
            # Closing a handle whose disk is full can fail again; the file is removed anyway.
            with contextlib.suppress(OSError):
                handle.close()
            temp.unlink(missing_ok=True)
        self._files = {}
        for temp, _target in self._texts:
            temp.unlink(missing_ok=True)
        self._texts = []
        shutil.rmtree(self.spill_dir, ignore_errors=True)


def write_spill(handle: IO[str], kind: str, row: dict[str, Any]) -> None:
    handle.write(_JSON.encode({kind: row}) + "\n")


def read_spill(path: str, kind: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            tagged = json.loads(line)
            if kind in tagged:
                yield tagged[kind]


def _fields_match(path: Path, fields: list[str]) -> bool:
    """Whether the first row of a JSONL file (if any) has exactly `fields`."""
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return not first or list(json.loads(first)) == fields


class PreviousOutputs:
    """The output set of an earlier run, for --incremental: which files it already has.

    Indexes mentions.jsonl and facts.jsonl by document (a document's rows are contiguous) so
    carried rows are copied by seeking, not held in memory.
    """

    def __init__(self, out_dir: Path) -> None:
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}  # (doc_id, sha256) -> row
        self._files = {kind: Path(out_dir) / f"{kind}.jsonl" for kind in ("mentions", "facts")}
        self._ranges: dict[str, dict[str, tuple[int, int]]] = {kind: {} for kind in self._files}
        documents = Path(out_dir) / "documents.jsonl"
        if not documents.is_file() or not all(f.is_file() for f in self._files.values()):
            return
        if not all(_fields_match(self._files[kind], ROW_FIELDS[kind]) for kind in self._files):
            return  # written by a version with other fields (before evidence): nothing is carried, all is redone
        with documents.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row.get("status") == "ok" and row.get("sha256"):
                    self._by_key[(row["doc_id"], row["sha256"])] = row
        for kind, path in self._files.items():
            ranges = self._ranges[kind]
            with path.open("rb") as handle:
                offset = 0
                for line in handle:
                    doc_id = json.loads(line)["doc_id"]
                    start, _ = ranges.get(doc_id, (offset, offset))
                    ranges[doc_id] = (start, offset + len(line))
                    offset += len(line)

    def lookup(self, path: Path, doc_id: str) -> Optional[dict[str, Any]]:
        """The previous row of this document if its bytes are unchanged, else None."""
        if not self._by_key:
            return None
        try:
            digest = file_sha256(path)
        except OSError:
            return None  # unreadable now: process it again so the failure is reported
        return self._by_key.get((doc_id, digest))

    def lines(self, kind: str, doc_id: str) -> Iterator[str]:
        if doc_id not in self._ranges[kind]:
            return
        start, end = self._ranges[kind][doc_id]
        with self._files[kind].open("rb") as handle:
            handle.seek(start)
            for line in handle.read(end - start).splitlines(keepends=True):
                yield line.decode("utf-8")


def typed_row(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`fields` of a JSONL row, ISO date text as datetime.date (for Parquet and databases)."""
    out = {f: row.get(f) for f in fields}
    for field in DATE_FIELDS & set(fields):
        if out[field] is not None:
            out[field] = date.fromisoformat(out[field])
    return out
