"""Gold and predicted mentions for scoring: SPEC mention rows, benchmark cases
(../shared/benchmarks) and folders of NAME.txt + NAME.gold.jsonl (../shared/reports)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator, Optional

from .app import UsageError

# Benchmark labels (../shared/benchmarks) -> SPEC mention types. Labels not listed are not
# scored (Recognizers' `ordinal`: SPEC says ordinals are not numbers; CLUENER's game, book …).
BENCHMARK_TYPES = {
    "ORG": "org", "PER": "person", "LOC": "place",  # MSRA
    "company": "org", "government": "org", "organization": "org",  # CLUENER2020
    "name": "person", "address": "place",
    "number": "number", "percentage": "number", "currency": "number", "dimension": "number",  # Recognizers
    **{t: t for t in ("ratio", "project", "time", "event")},
}

@dataclass(frozen=True)
class Span:
    doc_id: str
    type: str
    start: int
    end: int
    text: str = ""
    value: Optional[float] = None
    values: Optional[tuple[float, ...]] = None
    unit: Optional[str] = None
    qualifier: Optional[str] = None
    checks_unit: bool = False  # a gold row that gives unit and qualifier: e2e compares them too
    optional: bool = False  # gold "optional": a prediction overlapping it is neither right nor wrong

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.doc_id, self.type, self.start, self.end)

@dataclass
class Gold:
    spans: list[Span] = field(default_factory=list)
    doc_ids: dict[str, str] = field(default_factory=dict)  # doc_id -> text (benchmark format)
    ignored_labels: Counter = field(default_factory=Counter)


def parse_value(value: Any) -> Optional[float]:
    """A gold value: a number, or a string as the benchmarks write them ("1.0753", "50%")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().removesuffix("%")  # "50%" is 50 with unit %, as SPEC writes it
    try:
        return float(Decimal(text))
    except InvalidOperation:
        return None  # "1/3", "" …: no value to compare; the span still counts


def benchmark_doc_id(gold_path: Path, line_number: int, case: dict) -> str:
    """A case's own `doc_id` or `id`, else `<gold file stem>-<line number, 5 digits>`."""
    own = case.get("doc_id") or case.get("id")
    return str(own) if own is not None else f"{gold_path.stem}-{line_number:05d}"


def _spec_span(row: dict) -> Span:
    values = row.get("values")
    return Span(str(row["doc_id"]), row["type"], int(row["start"]), int(row["end"]), row.get("text") or "",
                parse_value(row.get("value")), tuple(float(v) for v in values) if values else None,
                row.get("unit"), row.get("qualifier"), "unit" in row and "qualifier" in row,
                bool(row.get("optional")))


def _add_benchmark_case(gold: Gold, gold_path: Path, line_number: int, case: dict) -> None:
    doc_id = benchmark_doc_id(gold_path, line_number, case)
    gold.doc_ids[doc_id] = case["text"]
    for item in case.get("entities", case.get("expected")) or []:
        label = item.get("label", item.get("type"))
        mention_type = BENCHMARK_TYPES.get(label)
        if mention_type is None:
            gold.ignored_labels[label] += 1
            continue
        gold.spans.append(Span(doc_id, mention_type, int(item["start"]), int(item["end"]),
                               item.get("surface", ""), parse_value(item.get("value"))))


UNSCORED_GOLD_TYPES = frozenset({"event"})  # optional extras of the dev set's gold, never scored


def read_gold_folder(folder: Path) -> Gold:
    """A folder of NAME.txt + NAME.gold.jsonl (../shared/reports): rows without doc_id belong
    to NAME; `event` rows are not scored."""
    gold = Gold()
    files = sorted(folder.glob("*.gold.jsonl"))
    if not files:
        raise UsageError(f"{folder} holds no *.gold.jsonl file")
    for path in files:
        doc_id = path.name.removesuffix(".gold.jsonl")
        text_path = path.with_name(doc_id + ".txt")
        if not text_path.is_file():
            raise UsageError(f"{path}: no {text_path.name} beside it")
        gold.doc_ids[doc_id] = ""
        for line_number, row in _json_lines(path):
            if row.get("type") in UNSCORED_GOLD_TYPES:
                gold.ignored_labels[row["type"]] += 1
                continue
            try:
                gold.spans.append(_spec_span({"doc_id": doc_id, **row}))
            except (KeyError, TypeError, ValueError) as exc:
                raise UsageError(f"{path}:{line_number}: malformed gold row: {exc!r}") from None
    return gold


def read_gold(path: Path) -> Gold:
    """Gold mentions from SPEC mention rows or benchmark cases (the format is told per line),
    or a folder of NAME.txt + NAME.gold.jsonl."""
    if path.is_dir():
        return read_gold_folder(path)
    gold = Gold()
    for line_number, row in _json_lines(path):
        try:
            if {"doc_id", "type", "start", "end"} <= row.keys():
                span = _spec_span(row)
                gold.spans.append(span)
                gold.doc_ids.setdefault(span.doc_id, "")
            elif "text" in row and ("entities" in row or "expected" in row):
                _add_benchmark_case(gold, path, line_number, row)
            else:
                raise UsageError(f"{path}:{line_number}: neither a mention row (doc_id, type, start, end) "
                                 "nor a benchmark case (text, entities/expected)")
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}:{line_number}: malformed gold row: {exc!r}") from None
    return gold


def _json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{line_number}: not JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise UsageError(f"{path}:{line_number}: expected a JSON object")
            yield line_number, row


def read_predicted(out_dir: Path, doc_ids: set[str]) -> list[Span]:
    """OUTDIR/mentions.jsonl rows of the gold's documents."""
    path = out_dir / "mentions.jsonl"
    if not path.is_file():
        raise UsageError(f"{path} does not exist (run `extract ... --out {out_dir}` first)")
    return [_spec_span(row) for _, row in _json_lines(path) if str(row.get("doc_id")) in doc_ids]


def processed_doc_ids(out_dir: Path) -> Optional[set[str]]:
    """Documents the run read successfully, or None when documents.jsonl is absent."""
    path = out_dir / "documents.jsonl"
    if not path.is_file():
        return None
    return {str(row["doc_id"]) for _, row in _json_lines(path) if row.get("status") == "ok"}
