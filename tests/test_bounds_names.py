"""Bounded work in the names stage (issue 26): a text listing thousands of companies and their
projects once read every org (or every brand shape, project, list) of the text for each name.
These tests count how often such a whole list is read, never time anything: made-up lists of the
genre, a few dozen items each."""

from __future__ import annotations

import pytest

from extractor.names.entities import EntitySpan, SegmentedText, find_entities
from extractor.names.evidence import without_listed_things
from extractor.pipeline import Extractor

ITEMS = 40
WORKS = "华信电子有限公司建设江城电厂，" * ITEMS  # an org, then a work it builds
LISTED = "推进远达物流有限公司研发大楼、博远科技有限公司厂房改造等重点项目建设，" * ITEMS  # an org inside each item
JOINED = "启明化工有限公司建设启明化工有限公司氨纶及聚酯项目，" * ITEMS  # an org opens the left side of 及


class CountingList(list):
    """A list that counts how often it is read whole (iterated)."""

    reads = 0

    def __iter__(self):
        self.reads += 1
        return super().__iter__()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _doc_and_orgs(extractor: Extractor, text: str) -> tuple[SegmentedText, CountingList]:
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    spans = find_entities(doc, extractor.rules, extractor.recognizers)
    orgs = CountingList(sorted((s for s in spans if s.type == "org"), key=lambda s: s.start))
    assert len(orgs) >= ITEMS
    return doc, orgs


def _rule(extractor: Extractor, recognizer: str):
    return next(r for r in extractor.rules.entity_rules if r.recognizer == recognizer)


@pytest.mark.parametrize("recognizer, text", [("works", WORKS), ("listed", LISTED), ("head", JOINED)])
def test_a_project_recognizer_reads_the_orgs_once_not_once_a_name(extractor: Extractor, recognizer: str, text: str) -> None:
    doc, orgs = _doc_and_orgs(extractor, text)
    found = list(getattr(extractor.recognizers, recognizer)(doc, _rule(extractor, recognizer), orgs))
    assert len(found) >= ITEMS
    assert orgs.reads <= 2  # was one read a work (works), a listed item (listed), a 及 name (head)


def test_project_heads_read_the_brand_shapes_once(extractor: Extractor) -> None:
    text = "江城科技产业园项目，" * ITEMS
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    doc.brand_shapes = CountingList((k, k + 2) for k in range(0, len(text), 50))  # shapes the brand guesser set aside
    found = list(extractor.recognizers.head(doc, _rule(extractor, "head"), []))
    assert len(found) >= ITEMS
    assert doc.brand_shapes.reads <= 1


def _reads_of(monkeypatch: pytest.MonkeyPatch, field: str) -> list[int]:
    """Counts reads of one field of every EntitySpan while the test runs."""
    reads = [0]
    plain = object.__getattribute__

    def counting(span, name):
        if name == field:
            reads[0] += 1
        return plain(span, name)

    monkeypatch.setattr(EntitySpan, "__getattribute__", counting)
    return reads


def test_finding_names_reads_each_project_a_bounded_number_of_times(extractor: Extractor, monkeypatch) -> None:
    text = "华信电子有限公司建设江城科技产业园项目，" * ITEMS
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    reads = _reads_of(monkeypatch, "rule_id")
    spans = find_entities(doc, extractor.rules, extractor.recognizers)
    assert sum(s.type == "project" for s in spans) >= ITEMS and sum(s.type == "org" for s in spans) >= ITEMS
    assert reads[0] < 40 * ITEMS  # every project's rule read again for each org: over ITEMS ** 2


def test_a_guess_is_looked_up_among_the_lists_near_it_only(extractor: Extractor, monkeypatch) -> None:
    text = "推出甲乙科技、丙丁科技等产品，" * ITEMS  # lists of things closed by 等产品, a guess in each
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    step = len("推出甲乙科技、丙丁科技等产品，")
    guesses = [EntitySpan(k * step + 2, k * step + 6, "org", "org.brand") for k in range(ITEMS)]
    reads = _reads_of(monkeypatch, "start")
    kept = without_listed_things(doc, guesses, extractor.rules.entity_lexicon, frozenset({"org.brand"}))
    monkeypatch.undo()
    assert kept == []  # each guess is an item of its list
    assert reads[0] < 10 * ITEMS  # was every list's bounds against each guess: ITEMS ** 2 reads


def test_a_brand_guess_is_looked_up_not_searched_for_through_the_whole_text(extractor: Extractor, monkeypatch) -> None:
    import regex

    from extractor.names.recognizers import shown_names

    class CountingRegex:
        searches = 0

        def __getattr__(self, name):
            return getattr(regex, name)

        def search(self, *args, **kwargs):
            self.searches += 1
            return regex.search(*args, **kwargs)

    counting = CountingRegex()
    monkeypatch.setattr(shown_names, "regex", counting)
    text = "华信电子科技有限公司(以下简称华信电子)投资1亿元，华信电子表示，" * ITEMS
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    spans = find_entities(doc, extractor.rules, extractor.recognizers)
    assert sum(text[s.start:s.end] == "华信电子科技有限公司" for s in spans) == ITEMS
    assert counting.searches <= 1  # was a search of the whole text for each brand guess


class CountingText(str):
    """The text of a SegmentedText that counts its searches (str.find)."""

    finds = 0

    def find(self, *args):
        CountingText.finds += 1
        return super().find(*args)


def test_a_name_written_again_and_again_is_tested_against_the_text_once(extractor: Extractor) -> None:
    # series (and before_site, written_as_region) read every occurrence of a word in the text: once a word now
    CountingText.finds = 0
    doc = SegmentedText(CountingText("国家级江城经济技术开发区、" * ITEMS), extractor.segmenter, extractor.rules.entity_lexicon)
    spans = find_entities(doc, extractor.rules, extractor.recognizers)
    assert len(spans) >= ITEMS
    assert CountingText.finds < 20 * ITEMS  # was every occurrence for each of them: over ITEMS ** 2
