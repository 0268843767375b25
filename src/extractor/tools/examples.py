"""Checking the inline examples of the rule files: one judgement, used by both
`extractor rules check` and tests/test_rule_examples.py (one test per example).

Positive examples must come out as a mention with exactly that span, from that rule, with
the values given; `not` texts must give no mention of the rule's type (for exclusions: no
number or ratio); `keeps` texts must still give one.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Iterator, Optional

from ..numbers.numerals import parse_chinese_numeral


def example_id(example) -> str:
    return f"{example.source} (line {example.line}): {example.text}"


def check_positive(extractor, example) -> Optional[str]:
    """Why a positive example fails, or None."""
    expect = example.expect
    mentions = extractor.extract(example.text)
    span = expect["span"]
    starts = {i for i in range(len(example.text)) if example.text.startswith(span, i)}
    found = [m for m in mentions if m.start in starts and m.end == m.start + len(span)
             and (example.mention_type not in ("org", "project") or m.type == example.mention_type)]
    if not found:
        return f"no mention with span {span!r}; got {[m.text for m in mentions]}"
    mention = found[0]
    rule_id = example.source.split(":", 1)[1]
    if mention.rule != rule_id:
        return f"{span!r} comes from rule {mention.rule!r}, not {rule_id!r}"
    expected = {k: expect[k] for k in ("value", "unit", "dimension", "name", "canonical", "values") if k in expect}
    if mention.type == "number":
        expected.update(value_high=expect.get("value_high"), qualifier=expect.get("qualifier"))
    wrong = [f"{k}={getattr(mention, k)!r} (expected {v!r})" for k, v in expected.items()
             if not _same(getattr(mention, k), v)]
    return "; ".join(wrong) or None


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list) or isinstance(actual, tuple):
        return actual is not None and expected is not None and len(actual) == len(expected) and all(
            _same(a, e) for a, e in zip(actual, expected))
    if isinstance(expected, (int, float, Decimal)) and not isinstance(expected, bool) and actual is not None:
        return not isinstance(actual, str) and math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    return actual == expected


def check_negative(extractor, example) -> Optional[str]:
    types = {example.mention_type} if example.mention_type else {"number", "ratio"}
    found = [m.text for m in extractor.extract(example.text) if m.type in types]
    return f"expected no {' or '.join(sorted(types))}, got {found}" if found else None


def check_keeps(extractor, example) -> Optional[str]:
    numeric = [m for m in extractor.extract(example.text) if m.type in ("number", "ratio")]
    return None if numeric else "an exclusion removed every number"


EXAMPLE_CHECKS = {"positive": check_positive, "negative": check_negative, "keeps": check_keeps}


def check_example(extractor, example) -> Optional[str]:
    """Why an example fails, or None."""
    return EXAMPLE_CHECKS[example.kind](extractor, example)


def check_numeral_example(ruleset, text: str, value) -> Optional[str]:
    actual = parse_chinese_numeral(text, ruleset)
    return None if actual == value else f"parsed as {actual}, expected {value}"


def example_failures(extractor, ruleset) -> Iterator[tuple[str, Optional[str]]]:
    """(example id, failure or None) for every inline example of the rules."""
    for example in ruleset.examples:
        yield example_id(example), check_example(extractor, example)
    for text, value, line in ruleset.numeral_examples:
        yield f"numerals.yaml (line {line}): {text}", check_numeral_example(ruleset, text, value)
