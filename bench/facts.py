"""Fact accuracy against hand-checked gold: subject, period and owner, each and all together.

Gold: tests/golden/*.facts.jsonl (the corpus articles, read by hand) and
tests/data/facts_genre.jsonl (sentences composed in the genre). Run:

    .venv/bin/python bench/facts.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("subject", "period", "owner")


def _facts_by_span(extractor, text: str, doc_id: str) -> dict[tuple[int, str], object]:
    """Predicted facts of whole-number mentions, keyed by (mention start, mention text) and part."""
    mentions, facts = extractor.extract_document(text, doc_id)
    by_id = {m.id: m for m in mentions}
    return {f.id: (by_id[f.mention_id], f) for f in facts}


def corpus_pairs(extractor) -> list[tuple[dict, object]]:
    pairs = []
    for golden in sorted((ROOT / "tests" / "golden").glob("*.facts.jsonl")):
        doc_id = golden.name.split(".")[0]
        text = (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8")
        predicted = _facts_by_span(extractor, text, doc_id)
        for line in golden.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            pairs.append((gold, predicted.get(gold["id"], (None, None))[1]))
    return pairs


def genre_pairs(extractor) -> list[tuple[dict, object]]:
    pairs = []
    for line in (ROOT / "tests" / "data" / "facts_genre.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if "text" not in case:
            continue
        mentions, facts = extractor.extract_document(case["text"])
        by_text = {}
        for fact in facts:
            mention = next(m for m in mentions if m.id == fact.mention_id)
            by_text.setdefault(mention.text, fact)
        pairs.extend((gold, by_text.get(gold["span"])) for gold in case["facts"])
    return pairs


def accuracy(pairs) -> dict[str, float]:
    total = len(pairs) or 1
    scores = {f: sum(1 for g, p in pairs if p is not None and getattr(p, f) == g[f]) / total for f in FIELDS}
    scores["all"] = sum(1 for g, p in pairs if p is not None and all(getattr(p, f) == g[f] for f in FIELDS)) / total
    return scores


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from extractor.pipeline import Extractor

    extractor = Extractor()
    for name, pairs in (("corpus (hand-checked)", corpus_pairs(extractor)), ("genre sentences", genre_pairs(extractor))):
        scores = accuracy(pairs)
        print(f"{name:24} facts {len(pairs):3}  " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()))
        for gold, fact in pairs:
            wrong = [f"{f}: {getattr(fact, f, None)!r} != {gold[f]!r}" for f in FIELDS if fact is None or getattr(fact, f) != gold[f]]
            if wrong:
                print(f"    {gold.get('text') or gold.get('span')}: " + "; ".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
