"""Database sink (--db URL) through SQLAlchemy: documents, mentions and facts tables, and an
`observations` view of the facts (SPEC's tidy columns; period dates are DATE columns).

One transaction per document: its old rows are deleted and the new ones inserted, so
re-processing a document replaces it and a failure rolls back that document only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Optional

from ..errors import ExtractorError, OutputError
from .write import (DATE_FIELDS, DOCUMENT_FIELDS, FACT_FIELDS, FLOAT_FIELDS, INTEGER_FIELDS, MENTION_FIELDS,
                    OBSERVATION_FIELDS, batches, typed_row)

# Column types come from write.py's field types; everything else is text. `values` is JSON text.
PRIMARY_KEYS = {"documents": "doc_id", "mentions": "id", "facts": "id"}
DB_BATCH_ROWS = 1000  # rows per INSERT: a large document streams into the database


def _table(metadata, name: str, fields: list[str]):
    from sqlalchemy import Column, Date, Float, Index, Integer, Table, Text

    columns = []
    for field in fields:
        kind = (Integer if field in INTEGER_FIELDS else Float if field in FLOAT_FIELDS
                else Date if field in DATE_FIELDS else Text)
        columns.append(Column(field, kind, primary_key=field == PRIMARY_KEYS[name], nullable=field != PRIMARY_KEYS[name]))
    table = Table(name, metadata, *columns)
    if name != "documents":
        Index(f"ix_{name}_doc_id", table.c.doc_id)
    return table


class DatabaseSink:
    """Writes each document in its own transaction; never leaves a half-written document."""

    def __init__(self, url: str) -> None:
        try:
            from sqlalchemy import MetaData, create_engine
        except ImportError:
            raise OutputError("--db needs SQLAlchemy: pip install 'extractor[db]'") from None
        from sqlalchemy.exc import SQLAlchemyError

        self._errors = SQLAlchemyError
        metadata = MetaData()
        self.documents = _table(metadata, "documents", DOCUMENT_FIELDS)
        self.mentions = _table(metadata, "mentions", MENTION_FIELDS)
        self.facts = _table(metadata, "facts", FACT_FIELDS)
        try:
            _make_sqlite_folder(url)
            self.engine = create_engine(url, future=True, pool_pre_ping=True)
            metadata.create_all(self.engine)
            for table in (self.documents, self.mentions, self.facts):
                _add_missing_columns(self.engine, table)
            _create_observations_view(self.engine)
        except (SQLAlchemyError, ValueError, OSError) as exc:
            raise OutputError(f"cannot open database {url}: {_one_line(exc)}") from None
        except ImportError as exc:  # the URL names a dialect whose driver is not installed: a usage error
            raise ExtractorError(f"--db {url}: its database driver is not installed ({_one_line(exc)})") from None

    def write_document(self, document: dict[str, Any], mentions: Iterable[dict], facts: Iterable[dict]) -> Optional[str]:
        """Replace this document's rows; the reason as one line if it failed (rolled back)."""
        doc_id = document["doc_id"]
        try:
            with self.engine.begin() as connection:
                for table in (self.facts, self.mentions, self.documents):
                    connection.execute(table.delete().where(table.c.doc_id == doc_id))
                connection.execute(self.documents.insert(), [{name: document.get(name) for name in DOCUMENT_FIELDS}])
                fact_rows = (typed_row(f, FACT_FIELDS) for f in facts)
                for table, rows in ((self.mentions, (_db_row(m) for m in mentions)), (self.facts, fact_rows)):
                    for batch in batches(rows, DB_BATCH_ROWS):
                        connection.execute(table.insert(), batch)
        except self._errors as exc:
            return f"database: {_one_line(exc)}"
        return None

    def close(self) -> None:
        self.engine.dispose()


def _make_sqlite_folder(url: str) -> None:
    """sqlite:///new/dir/x.db: SQLite creates the file, not its folder (`unable to open database file`)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not parsed.database.startswith("file:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _create_observations_view(engine) -> None:
    """observations: the facts with SPEC's observation columns, kept current by the database."""
    from sqlalchemy import text

    columns = ", ".join(f'"{f}"' for f in OBSERVATION_FIELDS)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # a replaced view may gain columns at its end
            connection.execute(text(f"CREATE OR REPLACE VIEW observations AS SELECT {columns} FROM facts"))
        else:  # SQLite has no CREATE OR REPLACE: a view of an earlier version lacks the added columns
            connection.execute(text("DROP VIEW IF EXISTS observations"))
            connection.execute(text(f"CREATE VIEW observations AS SELECT {columns} FROM facts"))


def _add_missing_columns(engine, table) -> None:
    """A database written by an earlier version lacks the fields added since (evidence …): add
    them, empty, so its old rows stay and new ones are written in full."""
    from sqlalchemy import inspect, text

    present = {column["name"] for column in inspect(engine).get_columns(table.name)}
    missing = [column for column in table.columns if column.name not in present]
    with engine.begin() as connection:
        for column in missing:
            kind = column.type.compile(dialect=engine.dialect)
            connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))



def _db_row(mention: dict[str, Any]) -> dict[str, Any]:
    row = dict(mention)
    if row.get("values") is not None:
        row["values"] = json.dumps(row["values"])
    return row


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split())[:300]
