"""--db: SQLite always, PostgreSQL against a real throwaway server when its binaries exist."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import CORPUS

sqlalchemy = pytest.importorskip("sqlalchemy", reason="the db extra (SQLAlchemy) is not installed")
runner = CliRunner()
SEED = CORPUS / "000_08e7a5d6346f8cff.txt"


def _count(url: str, table: str, where: str = "") -> int:
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        return connection.execute(sqlalchemy.text(f"select count(*) from {table} {where}")).scalar_one()


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _run_twice_and_check(url: str, out: Path) -> None:
    for _ in range(2):
        result = runner.invoke(app, [str(SEED), "--out", str(out), "--db", url, "-q", "--jobs", "1"])
        assert result.exit_code == 0, result.output
    assert _count(url, "mentions") == _lines(out / "mentions.jsonl") > 0
    assert _count(url, "facts") == _lines(out / "facts.jsonl") > 0
    assert _count(url, "documents") == 1


def test_sqlite_rerun_replaces_rows(tmp_path) -> None:
    _run_twice_and_check(f"sqlite:///{tmp_path / 'extract.db'}", tmp_path / "out")


def test_failed_document_write_rolls_back_only_that_document(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'extract.db'}"
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "good.txt")
    shutil.copy(SEED, inputs / "bad.txt")
    assert runner.invoke(app, [str(inputs / "good.txt"), "--out", str(tmp_path / "o"), "--db", url, "-q"]).exit_code == 0
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:  # a constraint that rejects one document's rows
        connection.execute(sqlalchemy.text(
            "create trigger reject_bad before insert on facts when new.doc_id = 'bad' "
            "begin select raise(abort, 'constraint failed: bad document'); end"))
    result = runner.invoke(app, [str(inputs), "--out", str(tmp_path / "out"), "--db", url, "-q", "--jobs", "1"])
    assert result.exit_code == 1
    docs = {json.loads(l)["doc_id"]: json.loads(l) for l in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()}
    assert docs["good"]["status"] == "ok"
    assert docs["bad"]["status"] == "failed" and "constraint failed" in docs["bad"]["reason"]
    assert _count(url, "mentions", "where doc_id = 'bad'") == 0  # rolled back, nothing half-written
    assert _count(url, "documents", "where doc_id = 'bad'") == 0
    assert _count(url, "mentions", "where doc_id = 'good'") > 0


# --- PostgreSQL: a throwaway cluster on a loopback port in a temporary folder -------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not installed (Debian package 'postgresql'; .ci/run installs it)")
    pytest.importorskip("psycopg", reason="psycopg not installed")
    # Not under pytest's tmp folder: it is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="extract-pg-"))
    data = base / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root; use the package's postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
    port = _free_port()
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "extract"],
                   check=True, capture_output=True)
    log = data.parent / "log"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start",
                    "-o", f"-h 127.0.0.1 -p {port} -k {data.parent}"], check=True, capture_output=True)
    try:
        url = f"postgresql+psycopg://extract@127.0.0.1:{port}/postgres"
        deadline = time.monotonic() + 30
        while True:
            try:
                _count(url, "pg_database")
                break
            except sqlalchemy.exc.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.slow
def test_postgres_rerun_replaces_rows(postgres_url, tmp_path) -> None:
    _run_twice_and_check(postgres_url, tmp_path / "out")


# --- observations (SPEC "Facts as observations"): a view over facts, period dates as DATE ---


def _observations_typed(url: str, tmp_path: Path) -> list:
    text = tmp_path / "jiangning.txt"
    text.write_text("江宁区经济运行\n2023年1-9月，江宁区规模以上工业增加值同比增长8.2%，增速比上半年提高1.5个百分点。\n",
                    encoding="utf-8")
    result = runner.invoke(app, [str(text), "--out", str(tmp_path / "out"), "--db", url, "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        return connection.execute(sqlalchemy.text(
            "select region, period_start, period_end, indicator, measure, direction, value, unit "
            "from observations where doc_id = 'jiangning' order by value")).all()


def _check_jiangning(rows) -> None:
    import datetime

    assert [tuple(r) for r in rows] == [
        ("江宁区", datetime.date(2023, 1, 1), datetime.date(2023, 9, 30), "规模以上工业增加值增速", "change", "up", 1.5, "pp"),
        ("江宁区", datetime.date(2023, 1, 1), datetime.date(2023, 9, 30), "规模以上工业增加值", "growth", "up", 8.2, "%"),
    ]


def test_sqlite_observations_view_has_dates(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'extract.db'}"
    rows = _observations_typed(url, tmp_path)
    # SQLite stores DATE as ISO text; SQLAlchemy's Date type reads it back as date through the table
    engine = sqlalchemy.create_engine(url)
    facts = sqlalchemy.Table("facts", sqlalchemy.MetaData(), autoload_with=engine)
    assert isinstance(facts.c.period_start.type, sqlalchemy.Date)
    assert [(r[0], r[1], r[4]) for r in rows] == [("江宁区", "2023-01-01", "change"), ("江宁区", "2023-01-01", "growth")]


@pytest.mark.slow
def test_postgres_observations_load_with_dates_as_dates(postgres_url, tmp_path) -> None:
    rows = _observations_typed(postgres_url, tmp_path)
    _check_jiangning(rows)
    engine = sqlalchemy.create_engine(postgres_url)
    with engine.connect() as connection:
        types = dict(connection.execute(sqlalchemy.text(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'observations' and column_name in ('period_start', 'period_end', 'value')")).all())
    assert types == {"period_start": "date", "period_end": "date", "value": "double precision"}


def test_sqlite_of_an_earlier_version_gains_the_added_columns(tmp_path) -> None:
    """A database written before the evidence fields existed: its tables get them, its view is
    replaced, and the run writes every field."""
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute('CREATE TABLE facts (doc_id TEXT, id TEXT PRIMARY KEY, mention_id TEXT, "value" FLOAT)')
        connection.execute("CREATE VIEW observations AS SELECT doc_id, mention_id FROM facts")
        connection.execute("INSERT INTO facts VALUES ('older', 'older:0:2:number', 'older:0:2:number', 5.0)")
    result = runner.invoke(app, [str(SEED), "--out", str(tmp_path / "out"), "--db", f"sqlite:///{path}", "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM facts WHERE doc_id = 'older'").fetchone()[0] == 1
        evidence = connection.execute("SELECT evidence, modality_by FROM observations WHERE doc_id != 'older'").fetchall()
    assert len(evidence) == _lines(tmp_path / "out" / "facts.jsonl") and all(e for e, _ in evidence)
