"""A SegmentedText seeded with another's clauses (a large file's second pass) answers exactly
as one that segments them itself, without segmenting them again."""

from __future__ import annotations

import pickle

from extractor.names.entities import SegmentedText, find_entities
from extractor.text.normalize import fold_text

from .conftest import CORPUS


def test_seeded_clauses_are_the_segmented_ones_and_not_segmented_again(extractor, monkeypatch) -> None:
    text = fold_text(next(CORPUS.glob("*.txt")).read_text(encoding="utf-8"), extractor.rules)
    lexicon = extractor.rules.entity_lexicon
    first = SegmentedText(text, extractor.segmenter, lexicon)
    find_entities(first, extractor.rules, extractor.recognizers)
    segmented = pickle.loads(pickle.dumps(first.segmented()))  # as the first pass hands it on
    assert len(segmented.starts) > 10
    fresh = SegmentedText(text, extractor.segmenter, lexicon)
    expected = [fresh._clause_with_starts(start) for start in segmented.starts]

    calls = []
    clause_words = type(extractor.segmenter).clause_words
    monkeypatch.setattr(type(extractor.segmenter), "clause_words",
                        lambda self, *args: calls.append(args[1:]) or clause_words(self, *args))
    seeded = SegmentedText(text, extractor.segmenter, lexicon, segmented)
    assert [seeded._clause_with_starts(start) for start in segmented.starts] == expected
    assert calls == []
    # A clause the first pass never segmented is segmented as usual.
    unseen = next(position for position in range(len(text)) if position not in set(segmented.starts)
                  and text[position - 1 : position] in "，。\n" and text[position : position + 1].strip())
    seeded.boundaries(unseen, unseen + 1)
    assert calls and calls[0][0] == unseen
