"""Every fact and observation carries its evidence: the sentence (or a window of it) as written,
with offsets, and what decided its period, region and modality, in JSONL, CSV and SQLite."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import Optional

from typer.testing import CliRunner

from extractor import extract_text
from extractor.cli import app
from extractor.output.write import fact_row

EVIDENCE_FIELDS = ["evidence", "evidence_start", "evidence_end", "period_by", "region_by", "modality_by"]
# `kind: words [start:end]` for words of the text, else `kind` or `kind: detail`
DECIDED = re.compile(r"^(?P<kind>[^:\[\]]+?)(?:: (?P<words>.+) \[(?P<start>[0-9]+):(?P<end>[0-9]+)\]|: (?P<detail>[^\[\]]+))?$")

# Made-up sentences of the genre (a district's statistics release), not a report's own.
TEXT = (
    "江宁区2023年前三季度经济运行情况\n"
    "2023年1-9月，江宁区规模以上工业增加值同比增长8.2%，增速比上半年提高1.5个百分点。"
    "其中，装备制造业增加值增长12.3%。\n"
    "2024年全区地区生产总值力争增长6%左右。\n"
)
LONG_SENTENCE = (
    "今年以来，" + "全区上下坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，" * 6
    + "全区新增规模以上工业企业45家，" + "持续推动产业转型升级和高质量发展，" * 6 + "成效明显。\n"
)


def _decided(value: Optional[str]) -> Optional[re.Match]:
    if value is None:
        return None
    found = DECIDED.match(value)
    assert found, f"not `kind: words [start:end]`: {value!r}"
    return found


def _check_row(text: str, row: dict, mention_text: str, mention_start: int) -> None:
    """What a row says of its evidence holds against the text it came from."""
    start, end = int(row["evidence_start"]), int(row["evidence_end"])
    assert text[start:end] == row["evidence"]
    assert 0 < end - start <= 200 and row["evidence"] == row["evidence"].strip()
    assert start <= mention_start and mention_start + len(mention_text) <= end
    for field in ("period_by", "region_by", "modality_by"):
        found = _decided(row[field] or None)
        if found is not None and found["words"] is not None:
            assert text[int(found["start"]):int(found["end"])] == found["words"], (field, row[field])


def _facts_by_number(text: str) -> dict[str, list]:
    result = extract_text(text, doc_id="d")
    by_id = {m.id: m for m in result.mentions}
    facts: dict[str, list] = {}
    for fact in result.facts:
        facts.setdefault(by_id[fact.mention_id].text, []).append(fact_row(fact))
    return facts


def test_every_fact_quotes_its_sentence() -> None:
    facts = _facts_by_number(TEXT)
    assert {"8.2%", "1.5个百分点", "12.3%", "6%左右"} <= set(facts)
    for number, (fact,) in facts.items():
        _check_row(TEXT, fact, number, TEXT.index(number))
    assert facts["8.2%"][0]["evidence"] == "2023年1-9月，江宁区规模以上工业增加值同比增长8.2%，增速比上半年提高1.5个百分点。"
    assert facts["12.3%"][0]["evidence"] == "其中，装备制造业增加值增长12.3%。"


def test_a_long_sentence_gives_a_window_around_the_figure() -> None:
    (fact,) = _facts_by_number(LONG_SENTENCE)["45家"]
    assert len(LONG_SENTENCE.strip()) > 300
    _check_row(LONG_SENTENCE, fact, "45家", LONG_SENTENCE.index("45家"))
    assert len(fact["evidence"]) <= 200 and "全区新增规模以上工业企业45家" in fact["evidence"]
    # the window opens after a clause mark and closes on one: whole clauses
    assert LONG_SENTENCE[fact["evidence_start"] - 1] == "，" and fact["evidence"].endswith("，")


def test_what_decided_period_region_and_modality() -> None:
    facts = _facts_by_number(TEXT)
    growth, carried, target = facts["8.2%"][0], facts["12.3%"][0], facts["6%左右"][0]
    first = TEXT.index("2023年1-9月")
    assert growth["period_by"] == f"sentence: 2023年1-9月 [{first}:{first + len('2023年1-9月')}]"
    place = TEXT.index("江宁区", first)
    assert growth["region_by"] == f"place: 江宁区 [{place}:{place + 3}]"
    assert growth["modality"] == "actual" and growth["modality_by"] == "no plan word"
    assert carried["period_by"] == (f"carried from sentence {growth['sentence']}: 2023年1-9月 "
                                    f"[{first}:{first + len('2023年1-9月')}]")
    assert carried["region_by"] in ("document region", "figure before")
    word = TEXT.index("力争")
    assert target["modality"] == "target" and target["modality_by"] == f"words: 力争 [{word}:{word + 2}]"
    whole = TEXT.index("全区")
    assert target["region_by"] == f"region word: 全区 [{whole}:{whole + 2}]"


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_evidence_in_every_output(tmp_path: Path) -> None:
    source = tmp_path / "jiangning.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = _run(str(source), "--out", str(out), "--jobs", "1", "--quiet", "--db", f"sqlite:///{out}/db/x.db")
    assert result.exit_code == 0, result.output
    mentions = {row["id"]: row for row in map(json.loads, (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines())}
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    later = [*EVIDENCE_FIELDS, "region_code"]  # added after the old fields, in the order they came
    assert facts and list(facts[0])[-len(later):] == later
    for row in facts:
        mention = mentions[row["mention_id"]]
        _check_row(TEXT, row, mention["text"], mention["start"])
    for name in ("facts.csv", "observations.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0])[-len(later):] == later
        assert [r["evidence"] for r in rows] == [f["evidence"] for f in facts]
        assert [r["period_by"] for r in rows] == [f["period_by"] or "" for f in facts]
    with sqlite3.connect(out / "db" / "x.db") as connection:
        for table in ("facts", "observations"):
            stored = connection.execute(
                f"SELECT evidence, evidence_start, evidence_end, period_by, region_by, modality_by FROM {table}").fetchall()
            assert sorted(stored, key=str) == sorted([tuple(f[k] for k in EVIDENCE_FIELDS) for f in facts], key=str)


def test_a_file_read_in_pieces_gives_offsets_into_the_whole(extractor) -> None:
    """A large file's pieces: evidence and the words that decided a field index the whole text,
    and a carried period names the sentence of the whole."""
    text = TEXT * 3
    pieces = text.splitlines(keepends=True)
    mentions, facts = [], []
    for kind, item in extractor.extract_chunks(lambda: iter(pieces), doc_id="d"):
        (mentions if kind == "mentions" else facts).append(item)
    by_id = {m.id: m for m in mentions}
    whole = {(f.id, fact_row(f)["period_by"]) for f in extractor.extract_document(text, "d")[1]}
    for fact in facts:
        row = fact_row(fact)
        mention = by_id[fact.mention_id]
        _check_row(text, row, mention.text, mention.start)
        if row["period_by"] and row["period_by"].startswith(("sentence", "carried")):
            assert (fact.id, row["period_by"]) in whole
    assert sum(str(f.period_by).startswith("carried from sentence") for f in facts) == 3
