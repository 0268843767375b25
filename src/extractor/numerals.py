"""Numerals to exact values: Arabic (with separators), Chinese, 大写, and mixed forms.

Pure functions over the tables of numerals.yaml; values are Decimal, never float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from .rules import RuleSet

DECIMAL_MARK = "点"


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


def _parse_integer(text: str, rules: RuleSet) -> Optional[Decimal]:
    digits, small, large = rules.digits, rules.small_powers, rules.large_powers
    if any(ch not in digits and ch not in small and ch not in large for ch in text):
        return None
    if all(ch in digits for ch in text):
        return Decimal("".join(str(digits[ch]) for ch in text))  # 二〇二 read digit by digit
    total = Decimal(0)  # completed 亿/万 sections
    section = Decimal(0)  # current section below 万
    digit: Optional[int] = None  # pending digit not yet multiplied
    last_small = 10**9  # powers inside a section must decrease
    last_large = 10**18
    last_power = None  # the power just before a trailing digit (三千五)
    after_zero = False
    for ch in text:
        if ch in digits:
            if digit is not None and digit != 0:
                return None  # two digits in a row (一二百)
            digit = digits[ch]
            after_zero = after_zero or digit == 0
        elif ch in small:
            power = small[ch]
            if power >= last_small:
                return None  # 十十, 百千
            if digit is None:
                digit = 1  # a bare power means one of it: 十二 = 一十二, 千余家 = 一千余家
            section += digit * power
            digit, last_small, last_power, after_zero = None, power, power, False
        else:  # large power: 万 or 亿
            power = large[ch]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                return None  # 万亿 alone, 亿万
            if power > last_large:
                total = (total + section) * power  # 三万亿: 亿 scales what came before
            elif power == last_large:
                return None  # 三万四万
            else:
                total += section * power
            section, last_small, last_large, last_power, after_zero = Decimal(0), 10**9, power, power, False
    if digit is not None:
        if last_power is not None and not after_zero and digit != 0:
            section += digit * last_power // 10  # 三千五 = 3500, 一万五 = 15000
        else:
            section += digit
    return total + section


def parse_numeral(text: str, rules: RuleSet) -> Optional[Decimal]:
    """Arabic or Chinese numeral, whichever `text` is."""
    if text and (text[0].isdigit() and text[0].isascii()):
        return parse_arabic(text)
    return parse_chinese_numeral(text, rules)
