"""Normalization folds characters and blanks markup without ever moving an offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.text.normalize import blank_noise, fold_text
from extractor.ruleset.rules import load_rules

RULES = load_rules()


@given(st.text(max_size=300))
def test_folding_preserves_length(text: str) -> None:
    assert len(fold_text(text, RULES)) == len(text)


def test_full_width_and_traditional_fold_to_ascii_and_simplified() -> None:
    assert fold_text("１２３,４５６．７８％", RULES) == "123,456.78%"
    # The full-width comma separates clauses in Chinese prose; it is kept, never a separator.
    assert fold_text("完成20，300家", RULES) == "完成20，300家"
    assert fold_text("102億元，兩萬", RULES) == "102亿元，两万"


def test_html_leftovers_are_blanked_in_place(extractor) -> None:
    text = "全区&nbsp;新增企业12家<br>投资&nbsp;102亿元，<p class=\"x\">增长&#12288;5%</p>"
    folded = fold_text(text, RULES)
    assert "&" not in folded and "<" not in folded
    mentions = extractor.extract(text)
    assert [(m.text, m.sentence) for m in mentions] == [("12家", 0), ("102亿元", 1), ("5%", 2)]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_traditional_report_sentence(extractor) -> None:
    text = "全年地區生產總值達到1,234.5億元，其中兩家企業營業收入超過百億元，員工三千餘人。"
    got = [(m.text, float(m.value), m.unit, m.qualifier) for m in extractor.extract(text)]
    assert got == [
        ("1,234.5億元", 123450000000.0, "CNY", None),
        ("兩家", 2.0, "家", None),
        ("超過百億元", 10000000000.0, "CNY", "over"),
        ("三千餘人", 3000.0, "人", "over"),
    ]


def test_full_width_comma_is_not_a_thousands_separator(extractor) -> None:
    assert [m.text for m in extractor.extract("全年完成20，300家企业入库") if m.type == "number"] == ["20", "300家"]


def _noise_id(example: dict) -> str:
    return example["text"][:16]


@pytest.mark.parametrize("example", RULES.noise_examples, ids=_noise_id)
def test_noise_examples_of_normalize_yaml(example: dict) -> None:
    """Each `noise` example: exactly `blank` is blanked (null: nothing is)."""
    text = example["text"]
    folded = blank_noise(text, RULES)
    assert len(folded) == len(text)
    blanked = [m.group() for m in RULES.noise.finditer(text)]
    assert blanked == ([example["blank"]] if example["blank"] else [])
    expected = text.replace(example["blank"], " " * len(example["blank"])) if example["blank"] else text
    assert folded == expected


@given(st.lists(st.one_of(st.text(alphabet="1:.一亿x 年，分之", max_size=20),
                          st.builds(lambda c, n: c * n, st.sampled_from(["1", "一", "1:", "3.5:", "2分之"]),
                                    st.integers(1, 90))), max_size=30))
def test_sampled_noise_blanking_equals_the_plain_pattern(parts: list[str]) -> None:
    """The sampling shortcut blanks exactly what the pattern over the whole text would."""
    text = "".join(parts)
    assert blank_noise(text, RULES) == RULES.noise.sub(lambda m: " " * len(m.group()), text)
