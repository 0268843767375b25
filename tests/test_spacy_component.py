"""The spaCy component, found through the installed entry point, on the seed and small texts."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from .conftest import CORPUS

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'extractor[spacy]')")

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")  # character segmentation: nothing to download
    nlp.add_pipe("zh_report_extractor")
    return nlp


def test_factory_is_advertised_by_the_entry_point() -> None:
    names = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert names["zh_report_extractor"] == "extractor.spacy_component:make_report_extractor"


def test_spans_carry_value_unit_and_qualifier(nlp) -> None:
    doc = nlp("直接投资102亿元,可提供约4.2万个机架能力,三次产业结构3.9:53.9:42.2。")
    spans = {span.text: span for span in doc.spans["extractor"]}
    money = spans["102亿元"]
    assert (money.label_, money._.value, money._.unit, money._.dimension) == ("number", 1.02e10, "CNY", "money")
    racks = spans["约4.2万个"]
    assert (racks._.value, racks._.unit, racks._.qualifier) == (42000.0, "个", "approx")
    ratio = spans["3.9:53.9:42.2"]
    assert (ratio.label_, ratio._.values, ratio._.value) == ("ratio", [3.9, 53.9, 42.2], None)


def test_seed_spans_match_the_extractor(nlp, extractor) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    mentions = extractor.extract(text)
    spans = list(doc.spans["extractor"])
    assert [(s.start_char, s.end_char, s.label_) for s in spans] == [(m.start, m.end, m.type) for m in mentions]
    short = next(s for s in spans if s.text == "丹佛斯")
    assert (short.label_, short._.name, short._.canonical) == ("org", "丹佛斯", "丹佛斯（天津）有限公司")
    # An org inside a project is a span of its own, with its own label and values.
    assert {(s.text, s.label_) for s in spans if s.start_char == text.index("中国电信京津冀大数据基地项目")} == {
        ("中国电信京津冀大数据基地项目", "project"), ("中国电信", "org")}


def test_spans_expand_to_tokens_of_a_word_segmenter() -> None:
    """A tokenizer whose words cut through a mention still gets a span covering it."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_report_extractor")
    words = ["补贴1", "000多万元", "用于", "研发"]
    doc = nlp(spacy.tokens.Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
    (span,) = [s for s in doc.spans["extractor"] if s.label_ == "number"]
    assert span.text == "补贴1000多万元" and span._.value == 1e7 and span._.qualifier == "over"


def test_config_chooses_the_spans_key() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_report_extractor", config={"spans_key": "numbers"})
    doc = nlp("全区1806家企业")
    assert [s.text for s in doc.spans["numbers"]] == ["1806家"]
    assert "extractor" not in doc.spans
