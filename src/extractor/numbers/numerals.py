"""Numerals to exact values: Arabic (with separators), Chinese, 大写, and mixed forms.

Pure functions over the tables of numerals.yaml; values are Decimal, never float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

import regex

from ..ruleset.rules import RuleSet

DECIMAL_MARK = "点"
NEGATIVE_SIGNS = ("-", "负")


def parse_arabic(text: str) -> Optional[Decimal]:
    """'1,234.5' -> Decimal('1234.5'); None if it is not a number.

    >>> parse_arabic("1,806")
    Decimal('1806')
    """
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def parse_chinese_numeral(text: str, rules: RuleSet) -> Optional[Decimal]:
    """Value of a Chinese numeral such as 一千二百三十四万五千 or 十二点五; None if malformed.

    Handles 零 placeholders, a leading 十 (十二 = 12), sections split by 万 and 亿, the
    colloquial trailing digit (三千五 = 3500) and digit strings without powers (二〇二 = 202).
    """
    if not text:
        return None
    integer_part, _, fraction_part = text.partition(DECIMAL_MARK)
    fraction = Decimal(0)
    if fraction_part:
        if any(ch not in rules.digits for ch in fraction_part):
            return None
        fraction = Decimal("0." + "".join(str(rules.digits[ch]) for ch in fraction_part))
    if not integer_part:
        return None
    integer = _parse_integer(integer_part, rules)
    return None if integer is None else integer + fraction


ARABIC_RUN = regex.compile(r"[0-9]+")


def _tokens(text: str, rules: RuleSet) -> Optional[list[tuple[str, int]]]:
    """('digit', n) for a Chinese digit or an Arabic run (3万4千), ('small'|'large', power)."""
    tokens: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        run = ARABIC_RUN.match(text, position)
        if run:
            tokens.append(("digit", int(run.group())))
            position = run.end()
            continue
        ch = text[position]
        if ch in rules.digits:
            tokens.append(("digit", rules.digits[ch]))
        elif ch in rules.small_powers:
            tokens.append(("small", rules.small_powers[ch]))
        elif ch in rules.large_powers:
            tokens.append(("large", rules.large_powers[ch]))
        else:
            return None
        position += 1
    return tokens


def _parse_integer(text: str, rules: RuleSet) -> Optional[Decimal]:
    tokens = _tokens(text, rules)
    if not tokens:
        return None
    if all(kind == "digit" for kind, _ in tokens):
        if any(value > 9 for _, value in tokens) and len(tokens) > 1:
            return None
        return Decimal("".join(str(value) for _, value in tokens))  # 二〇二 read digit by digit
    total = Decimal(0)  # completed 亿/万 sections
    section = Decimal(0)  # current section below 万
    digit: Optional[int] = None  # pending digit not yet multiplied
    last_small = 10**9  # powers inside a section must decrease
    last_large = 10**18
    last_power = None  # the power just before a trailing digit (三千五)
    after_zero = False
    for kind, value in tokens:
        if kind == "digit":
            if digit is not None and digit != 0:
                return None  # two digits in a row (一二百)
            digit = value
            after_zero = after_zero or value == 0
        elif kind == "small":
            if value >= last_small:
                return None  # 十十, 百千
            if digit is None or (digit == 0 and value == 10):
                digit = 1  # a bare power means one of it: 十二 = 一十二, 一千零十 = 一千零一十
            section += digit * value
            digit, last_small, last_power, after_zero = None, value, value, False
        else:  # large power: 万 or 亿
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                return None  # 万亿 alone, 亿万
            if value > last_large:
                total = (total + section) * value  # 三万亿: 亿 scales what came before
            elif value == last_large:
                return None  # 三万四万
            else:
                total += section * value
            section, last_small, last_large, last_power, after_zero = Decimal(0), 10**9, value, value, False
    if digit is not None:
        if last_power is not None and not after_zero and 0 < digit < 10:
            section += digit * last_power // 10  # 三千五 = 3500, 一万五 = 15000
        else:
            section += digit
    return total + section


def parse_numeral(text: str, rules: RuleSet) -> Optional[Decimal]:
    """Arabic, Chinese or mixed (3万4千) numeral, whichever `text` is; a leading - or 负 negates."""
    if text[:1] in NEGATIVE_SIGNS:
        value = parse_numeral(text[1:], rules)
        return None if value is None else -value
    if text and text.isascii():
        return parse_arabic(text)
    return parse_chinese_numeral(text, rules)
