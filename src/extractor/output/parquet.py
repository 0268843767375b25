"""`--format parquet`: the JSONL tables of an output folder as .parquet files, typed (pyarrow)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import OutputError
from .write import DATE_FIELDS, DOCUMENT_FIELDS, FLOAT_FIELDS, INTEGER_FIELDS, OBSERVATION_FIELDS, ROW_FIELDS, typed_row

PARQUET_TABLES = {**ROW_FIELDS, "documents": DOCUMENT_FIELDS, "observations": OBSERVATION_FIELDS}
PARQUET_SOURCE = {"observations": "facts"}  # observations.parquet is a projection of facts.jsonl


def write_parquet(out_dir: Path, batch_rows: int = 50_000) -> None:
    """mentions/facts/documents.parquet beside the JSONL files, same fields, explicit types."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputError("--format parquet needs pyarrow: pip install 'extractor[parquet]'") from None

    def column_type(field: str):
        if field in INTEGER_FIELDS:
            return pa.int64()
        if field in FLOAT_FIELDS:
            return pa.float64()
        if field in DATE_FIELDS:
            return pa.date32()
        return pa.list_(pa.float64()) if field == "values" else pa.string()

    for name, fields in PARQUET_TABLES.items():
        schema = pa.schema([(f, column_type(f)) for f in fields])
        target = Path(out_dir) / f"{name}.parquet"
        temp = target.with_name(f".{target.name}.tmp")
        try:
            source_name = PARQUET_SOURCE.get(name, name)
            with pq.ParquetWriter(temp, schema) as writer, (Path(out_dir) / f"{source_name}.jsonl").open(encoding="utf-8") as source:
                rows: list[dict] = []
                for line in source:
                    rows.append(typed_row(json.loads(line), fields))
                    if len(rows) == batch_rows:
                        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                        rows = []
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
