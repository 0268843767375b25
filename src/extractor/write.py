"""Mentions and documents -> JSONL and CSV files, replaced atomically.

Rows are streamed to temporary files beside the targets; only when every file is complete
are they moved into place with os.replace, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Optional

from .errors import OutputError
from .model import Document, Mention

MENTION_FIELDS = [
    "doc_id", "id", "type", "text", "start", "end", "sentence", "value", "value_high", "values",
    "unit", "dimension", "qualifier", "name", "canonical", "rule",
]
DOCUMENT_FIELDS = ["doc_id", "path", "status", "reason", "sha256", "encoding", "char_count", "mention_count"]


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


def document_row(document: Document, char_count: int, mention_count: int) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "path": document.path,
        "status": document.status,
        "reason": document.reason,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "char_count": char_count,
        "mention_count": mention_count,
    }


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


class OutputSet:
    """The run's output files, written to temporaries and committed together."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output folder {self.out_dir}: {exc.strerror or exc}") from None
        self._files: dict[str, tuple[IO[str], Path]] = {}
        self._open("mentions.jsonl")
        self._open("documents.jsonl")
        csv_file = self._open("mentions.csv", encoding="utf-8-sig", newline="")
        self._mentions_csv = csv.DictWriter(csv_file, fieldnames=MENTION_FIELDS)
        self._mentions_csv.writeheader()

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

    def add(self, document: Document, mentions: list[Mention], char_count: int) -> None:
        for mention in mentions:
            row = mention_row(mention)
            self._write("mentions.jsonl", json.dumps(row, ensure_ascii=False) + "\n")
            try:
                self._mentions_csv.writerow({k: _csv_cell(v) for k, v in row.items()})
            except OSError as exc:
                self.abort()
                raise OutputError(f"cannot write {self.out_dir / 'mentions.csv'}: {exc.strerror or exc}") from None
        doc = document_row(document, char_count, len(mentions))
        self._write("documents.jsonl", json.dumps(doc, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        """Flush, fsync and move every temporary into place."""
        try:
            for handle, _ in self._files.values():
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            for name, (_, temp) in self._files.items():
                os.replace(temp, self.out_dir / name)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot finish writing to {self.out_dir}: {exc.strerror or exc}") from None
        self._files = {}

    def abort(self) -> None:
        """Remove the temporaries; the previous outputs stay as they were."""
        for handle, temp in self._files.values():
            # Closing a handle whose disk is full can fail again; the file is removed anyway.
            with contextlib.suppress(OSError):
                handle.close()
            temp.unlink(missing_ok=True)
        self._files = {}
