"""One test per inline example in rules/*.yaml (Duckling-style corpus tests).

Positive examples must come out as a mention with exactly that span, from that rule, with
the values given; `not` texts must give no mention of the rule's type (for exclusions: no
number or ratio); `keeps` texts must still give one.
"""

from __future__ import annotations

import math

import pytest

from extractor.rules import Example, load_rules

RULES = load_rules()
NUMERIC_TYPES = {"number", "ratio"}
ENTITY_TYPES = {"org", "project"}  # their examples also check `name` and `canonical` when given


def _id(example: Example) -> str:
    return f"{example.source}:{example.kind}:{example.text}"


def _close(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("example", [e for e in RULES.examples if e.kind == "positive"], ids=_id)
def test_positive_example(example: Example, extractor) -> None:
    expect = example.expect
    mentions = extractor.extract(example.text)
    # Any occurrence of the span: a short name may come before or after its full name.
    starts = {i for i in range(len(example.text)) if example.text.startswith(expect["span"], i)}
    found = [m for m in mentions if m.start in starts and m.end == m.start + len(expect["span"])
             and (example.mention_type not in ENTITY_TYPES or m.type == example.mention_type)]
    assert found, f"no mention with span {expect['span']!r}; got {[m.text for m in mentions]}"
    mention = found[0]
    assert mention.text == expect["span"]
    assert mention.rule == example.source.split(":", 1)[1]
    if "value" in expect:
        assert _close(mention.value, expect["value"]), mention
    if "values" in expect:
        assert len(mention.values) == len(expect["values"])
        assert all(_close(a, b) for a, b in zip(mention.values, expect["values"])), mention
    if mention.type == "number":
        assert _close(mention.value_high, expect.get("value_high")), mention
        assert mention.qualifier == expect.get("qualifier"), mention
    for field in ("unit", "dimension", "name", "canonical"):
        if field in expect:
            assert getattr(mention, field) == expect[field], mention


@pytest.mark.parametrize("example", [e for e in RULES.examples if e.kind == "negative"], ids=_id)
def test_negative_example(example: Example, extractor) -> None:
    types = {example.mention_type} if example.mention_type else NUMERIC_TYPES
    found = [m.text for m in extractor.extract(example.text) if m.type in types]
    assert found == [], f"expected no {' or '.join(sorted(types))} in {example.text!r}"


@pytest.mark.parametrize("example", [e for e in RULES.examples if e.kind == "keeps"], ids=_id)
def test_exclusion_keeps(example: Example, extractor) -> None:
    numeric = [m for m in extractor.extract(example.text) if m.type in NUMERIC_TYPES]
    assert numeric, f"an exclusion removed every number from {example.text!r}"


@pytest.mark.parametrize("text,value,line", RULES.numeral_examples, ids=lambda v: str(v))
def test_numeral_example(text, value, line) -> None:
    from extractor.numerals import parse_chinese_numeral

    assert parse_chinese_numeral(text, RULES) == value
