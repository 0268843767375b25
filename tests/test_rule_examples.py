"""One test per inline example in rules/*.yaml (Duckling-style corpus tests).

The judgement itself lives in extractor.tools.examples, shared with `extractor rules check`, so the
command and the suite can never disagree about what an example demands.
"""

from __future__ import annotations

import pytest

from extractor.tools.examples import check_example, check_numeral_example
from extractor.ruleset.rule_files import Example
from extractor.ruleset.rules import load_rules

RULES = load_rules()


def _id(example: Example) -> str:
    return f"{example.source}:{example.kind}:{example.text}"


@pytest.mark.parametrize("example", RULES.examples, ids=_id)
def test_rule_example(example: Example, extractor) -> None:
    failure = check_example(extractor, example)
    assert failure is None, f"{example.source} line {example.line}: {example.text!r}: {failure}"


@pytest.mark.parametrize("text,value,line", RULES.numeral_examples, ids=lambda v: str(v))
def test_numeral_example(text, value, line) -> None:
    failure = check_numeral_example(RULES, text, value)
    assert failure is None, f"numerals.yaml line {line}: {failure}"


def test_a_wrong_expectation_is_caught(extractor) -> None:
    """The checker must fail an example whose expected value is wrong (it is not a rubber stamp)."""
    example = next(e for e in RULES.examples if e.kind == "positive" and e.expect.get("span") == "1806家")
    wrong = Example(example.source, example.line, example.text, dict(example.expect, value=1807), "positive",
                    example.mention_type)
    assert "value=" in check_example(extractor, wrong)
    assert check_example(extractor, Example("x", 1, "十三五期间", None, "keeps")) is not None


REQUIRING = [item for item in [*RULES.rules, *RULES.exclusions, *RULES.entity_rules] if item.requires]
REQUIRES_REACH = 20  # characters around a match where its required literal must be (look-behinds included)


@pytest.mark.parametrize("item", REQUIRING, ids=lambda item: item.id)
def test_requires_holds_on_every_example_and_the_corpus(item) -> None:
    """A rule's `requires` only skips texts it cannot match in: wherever its pattern matches, in
    any example text or corpus text, one of its literals stands near the match."""
    from extractor.text.normalize import fold_text

    from .conftest import CORPUS

    texts = [fold_text(e.text, RULES) for e in RULES.examples]
    texts += [fold_text(path.read_text(encoding="utf-8"), RULES) for path in sorted(CORPUS.glob("*.txt"))]
    matched = 0
    for text in texts:
        for match in item.pattern.finditer(text):
            near = text[max(0, match.start() - REQUIRES_REACH) : match.end() + REQUIRES_REACH]
            assert any(required in near for required in item.requires), (item.id, match.group(), text[:80])
            matched += 1
    assert matched > 0, f"{item.id}: no example or corpus text matches, so `requires` is untested"
    assert not item.may_match("全区共有12家企业，增长5%。")


def test_currency_requires_holds_every_symbol() -> None:
    """numbers.yaml lists the currency rule's `requires` beside units.yaml's symbols: a symbol added
    there without its literal here would silently never be read."""
    from extractor.ruleset.rule_files import load_yaml
    from extractor.ruleset.rules import default_rules_dir

    rule = next(r for r in RULES.rules if r.id == "number.currency_symbol")
    symbols = load_yaml(default_rules_dir() / "units.yaml")["currency_symbols"]
    surfaces = [surface for entry in symbols for surface in entry["surfaces"]]
    assert surfaces
    for surface in surfaces:
        text = f"门票{surface}300"
        assert rule.may_match(text) and rule.pattern.search(text), surface
