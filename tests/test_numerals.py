"""Numeral parsing beyond the inline examples: Arabic forms and malformed Chinese numerals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.numbers.numerals import parse_arabic, parse_chinese_numeral, parse_numeral
from extractor.ruleset.rules import load_rules

RULES = load_rules()


@pytest.mark.parametrize("text,value", [("1,806", "1806"), ("12,345,678.9", "12345678.9"), ("0.46", "0.46"), ("abc", None)])
def test_parse_arabic(text, value) -> None:
    assert parse_arabic(text) == (Decimal(value) if value else None)


@pytest.mark.parametrize("text", ["", "点五", "一二百", "三万四万", "亿万", "十百", "五点x"])
def test_malformed_chinese_numerals_are_rejected(text) -> None:
    assert parse_chinese_numeral(text, RULES) is None


@pytest.mark.parametrize("text,value", [("三千五", 3500), ("一万五", 15000), ("二十万零三百", 200300), ("三万亿", 3 * 10**12), ("千", 1000)])
def test_colloquial_and_large_forms(text, value) -> None:
    assert parse_chinese_numeral(text, RULES) == value


def test_parse_numeral_dispatches_on_script() -> None:
    assert parse_numeral("102", RULES) == 102
    assert parse_numeral("一百零二", RULES) == 102
