"""Every corpus article against its hand-checked golden mentions.

A missing golden fails. `pytest --update-goldens` rewrites them from the current output;
read the diff line by line against the source text before committing.
"""

from __future__ import annotations

import json

import pytest

from extractor.output.write import mention_row

from .conftest import CORPUS, GOLDEN

ARTICLES = sorted(CORPUS.glob("*.txt"))


def test_corpus_is_not_empty() -> None:
    assert ARTICLES, "corpus/ has no articles"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_article_matches_golden(article, extractor, request) -> None:
    text = article.read_text(encoding="utf-8")
    rows = [mention_row(m) for m in extractor.extract(text, article.stem)]
    for row in rows:  # the offset contract, checked on real text
        assert text[row["start"] : row["end"]] == row["text"]
    golden = GOLDEN / f"{article.stem}.mentions.jsonl"
    if request.config.getoption("--update-goldens"):
        golden.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; create it with --update-goldens and check it by hand"
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [(r["text"], r["start"]) for r in rows] == [(r["text"], r["start"]) for r in expected]
    assert rows == expected
