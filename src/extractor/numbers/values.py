"""Candidate -> Mention: numeric value, range, unit, dimension and qualifier."""

from __future__ import annotations

from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Optional

from ..model import Candidate, Mention
from .numerals import parse_numeral
from ..ruleset.objects import Unit
from ..ruleset.rules import RuleSet

# Larger than any real statistic: a longer numeral is noise, not a quantity.
MAX_VALUE = Decimal("1e20")
FRACTION_UNIT = "fraction"


def _scaled(number: Optional[str], magnitude: Optional[str], rules: RuleSet) -> Optional[Decimal]:
    if number is None:
        return None
    value = parse_numeral(number, rules)
    if value is None:
        return None
    if magnitude:
        value *= rules.magnitudes[magnitude]
    return value


def _qualifier(candidate: Candidate, rules: RuleSet) -> Optional[str]:
    for group, position in (("qual", "before"), ("more", "inside"), ("more2", "inside"), ("qual_after", "after"),
                            ("qual_verb", "verb")):
        found = candidate.groups.get(group)
        if found is not None:
            return rules.qualifiers[position][found.text]
    return None


def _text(candidate: Candidate, name: str) -> Optional[str]:
    group = candidate.groups.get(name)
    return group.text if group is not None else None


def _absurd(value: Optional[Decimal]) -> bool:
    """Not finite (an overflow under the quiet context) or larger than any real statistic."""
    return value is not None and (not value.is_finite() or abs(value) > MAX_VALUE)


# What a numeral of a million digits raises under the default context (Overflow: 1e999999 x 亿).
# Caught instead of cleared (a local context per figure cost as much as parsing it): quiet,
# each gives Infinity or NaN, which _absurd drops just the same.
ABSURD = (Overflow, InvalidOperation, DivisionByZero)


def number_fields(candidate: Candidate, rules: RuleSet) -> Optional[dict]:
    """Value fields of a number candidate, or None when the numeral does not parse or is absurd."""
    try:
        return _number_fields(candidate, rules)
    except ABSURD:
        return None


def _number_fields(candidate: Candidate, rules: RuleSet) -> Optional[dict]:
    if candidate.unit_override == FRACTION_UNIT:
        whole, part = _scaled(_text(candidate, "den"), None, rules), _scaled(_text(candidate, "num"), None, rules)
        if not whole or part is None or _absurd(whole) or _absurd(part):
            return None
        value = part / whole
        if _absurd(value):
            return None  # 1分之999…, 0.000…1分之1
        return {"value": value, "unit": None, "dimension": "fraction", "qualifier": _qualifier(candidate, rules)}

    magnitude = _text(candidate, "mag")
    if "num" not in candidate.groups and magnitude:
        # A magnitude alone (近万场, 突破万亿) is a number only with the qualifier that made it one.
        if _qualifier(candidate, rules) is None:
            return None
        value = _scaled("1", magnitude, rules)
    else:
        value = _scaled(_text(candidate, "num"), magnitude, rules)
    if value is None:
        return None
    value_high = None
    if "num_low" in candidate.groups:
        # 10-15亿元: the low side borrows the high side's magnitude when it has none.
        low = _scaled(_text(candidate, "num_low"), _text(candidate, "mag_low") or magnitude, rules)
        unit_low = _text(candidate, "unit_low")
        if low is None or (unit_low is not None and unit_low != _text(candidate, "unit")):
            return None
        value, value_high = low, value

    if candidate.scale != 1:
        value *= candidate.scale
        value_high = value_high * candidate.scale if value_high is not None else None
    surface = candidate.unit_override or _text(candidate, "unit")
    unit = resolve_unit(surface, rules) if surface else None
    if _absurd(value) or _absurd(value_high):
        return None
    return {
        "value": value,
        "value_high": value_high,
        "unit": unit.code if unit else None,
        "dimension": unit.dimension if unit else None,
        "qualifier": _qualifier(candidate, rules),
    }


def resolve_unit(surface: str, rules: RuleSet) -> Unit:
    """Unit of a surface; `a/b` composes codes and dimensions (元/平方米 -> CNY/m2, money/area)."""
    if surface in rules.units:
        return rules.units[surface]
    head, slash, per = surface.partition("/")
    numerator = rules.units.get(head) or _latin_unit(head, rules)
    if not slash:
        return numerator
    denominator = rules.units.get(per) or rules.per_units.get(per) or _latin_unit(per, rules)
    return Unit(f"{numerator.code}/{denominator.code}", f"{numerator.dimension}/{denominator.dimension}")


def ratio_fields(candidate: Candidate, rules: RuleSet) -> Optional[dict]:
    values = tuple(parse_numeral(part.text, rules) for part in candidate.parts)
    if len(values) < 2 or any(v is None or _absurd(v) for v in values):
        return None
    return {"values": values}


def to_mention(candidate: Candidate, original: str, doc_id: str, sentence: int, rules: RuleSet) -> Optional[Mention]:
    """Build the Mention (text taken from the ORIGINAL text at the same offsets)."""
    builders = {"number": number_fields, "ratio": ratio_fields}
    fields = builders[candidate.type](candidate, rules)
    if fields is None:
        return None
    return Mention(
        doc_id=doc_id,
        type=candidate.type,
        text=original[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        sentence=sentence,
        rule=candidate.rule_id,
        **fields,
    )


def _latin_unit(surface: str, rules: RuleSet) -> Unit:
    """Latin units match in any case (168CM -> cm); find the catalogue entry case-blind."""
    lowered = surface.lower()
    return next(u for s, u in rules.units.items() if s.isascii() and s.lower() == lowered)
