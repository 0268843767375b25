"""The output set of an earlier run, for --incremental: which files it already has, read from
the committed generation (one run's files) and refused, with a named reason, when it cannot be
read or its files do not describe the same documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import StateError
from ..read.reader import file_sha256
from .generation import current_generation
from .write import FACT_FIELDS, MENTION_FIELDS

ROW_FILES = ("mentions", "facts")


class PreviousOutputs:
    """Indexes mentions.jsonl and facts.jsonl by document (a document's rows are contiguous) so
    carried rows are copied by seeking, not held in memory."""

    def __init__(self, out_dir: Path) -> None:
        # A committed generation, or the plain files an older version of the tool wrote.
        self.folder = current_generation(Path(out_dir)) or Path(out_dir)
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}  # (doc_id, sha256) -> row
        self._files = {kind: self.folder / f"{kind}.jsonl" for kind in ROW_FILES}
        self._ranges: dict[str, dict[str, tuple[int, int]]] = {kind: {} for kind in self._files}
        documents = self.folder / "documents.jsonl"
        present = [path.name for path in (documents, *self._files.values()) if path.is_file()]
        if not present:
            return  # no earlier run: everything is new
        if len(present) < 1 + len(self._files):
            missing = sorted({"documents.jsonl", *(p.name for p in self._files.values())} - set(present))
            raise StateError(f"--incremental: {self.folder} has {', '.join(present)} but not {', '.join(missing)}; "
                             "not one run's output set (run without --incremental to rebuild it)")
        if not all(_fields_match(path, fields) for path, fields in zip(self._files.values(), (MENTION_FIELDS, FACT_FIELDS))):
            return  # written by a version with other fields (before evidence): nothing is carried, all is redone
        counts: dict[str, int] = {}
        for row in _rows(documents):
            counts[row["doc_id"]] = row.get("mention_count") or 0
            if row.get("status") == "ok" and row.get("sha256"):
                self._by_key[(row["doc_id"], row["sha256"])] = row
        for kind, path in self._files.items():
            self._index(kind, path, counts)

    def _index(self, kind: str, path: Path, counts: dict[str, int]) -> None:
        ranges = self._ranges[kind]
        rows: dict[str, int] = {}
        offset = 0
        for line, row in _lines_and_rows(path):
            doc_id = row["doc_id"]
            start, _ = ranges.get(doc_id, (offset, offset))
            ranges[doc_id] = (start, offset + len(line))
            rows[doc_id] = rows.get(doc_id, 0) + 1
            offset += len(line)
        strangers = sorted(set(rows) - set(counts))
        if strangers:
            raise _mismatch(path, f"rows of {strangers[0]!r}, a document documents.jsonl does not list")
        if kind == "mentions":
            for doc_id, count in counts.items():
                if rows.get(doc_id, 0) != count:
                    raise _mismatch(path, f"{rows.get(doc_id, 0)} row(s) of {doc_id!r} where documents.jsonl says {count}")

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

    def text_path(self, doc_id: str) -> Path:
        """Where the previous run put the extracted text of this document (HTML/DOCX/PDF)."""
        return self.folder / "texts" / f"{doc_id}.txt"


def _mismatch(path: Path, detail: str) -> StateError:
    return StateError(f"--incremental: {path} does not match documents.jsonl ({detail}); not one run's output set "
                      "(run without --incremental to rebuild it)")


def _lines_and_rows(path: Path) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """Each line of a JSONL file with its row; StateError naming the file and line when one
    is not a JSON object with a doc_id."""
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    row = json.loads(line)
                except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both
                    raise StateError(f"--incremental: cannot read {path} line {number}: {exc}") from None
                if not isinstance(row, dict) or not isinstance(row.get("doc_id"), str):
                    raise StateError(f"--incremental: cannot read {path} line {number}: not a row with a doc_id")
                yield line, row
    except OSError as exc:
        raise StateError(f"--incremental: cannot read {path}: {exc.strerror or exc}") from None


def _fields_match(path: Path, fields: list[str]) -> bool:
    """Whether the first row of a JSONL file (if any) has exactly `fields`."""
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return not first or list(json.loads(first)) == fields


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    for _line, row in _lines_and_rows(path):
        yield row
