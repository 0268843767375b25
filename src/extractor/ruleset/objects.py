"""The compiled rule objects a RuleSet holds: number and ratio rules, exclusions, units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import regex

from .rule_files import Example, Pattern

QUALIFIER_MEANINGS = ("approx", "over", "under")
MENTION_TYPES = ("number", "ratio", "org", "project")


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    pattern: Pattern
    unit: Optional[str]  # fixed unit for rules whose unit is implied (分之 -> fraction)
    scale: int  # value multiplier for rules whose unit is implied (七成 = 70 %)
    path: str
    line: int
    requires: tuple[str, ...] = ()  # the pattern matches only in a text holding one of these

    def may_match(self, text: str) -> bool:
        return not self.requires or any(required in text for required in self.requires)


@dataclass(frozen=True)
class Exclusion:
    id: str
    pattern: Pattern
    path: str
    line: int
    requires: tuple[str, ...] = ()  # as Rule.requires

    may_match = Rule.may_match


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str


@dataclass
class RuleSet:
    """Everything the engine needs, loaded once before any input is read."""

    directory: Path
    fold: dict[int, int]
    fold_chars: re.Pattern  # a run of characters `fold` changes (most texts have few or none)
    markup: regex.Pattern  # HTML entities and tags, blanked before matching
    markup_line_break: regex.Pattern  # tags that end a line (<br>, </p>)
    noise: regex.Pattern  # runs longer than any figure (numerals, ratio parts), blanked before matching
    noise_gate: re.Pattern  # two of the noise characters side by side in a sample of every noise_stride-th character
    noise_stride: int
    noise_examples: tuple  # ({text, blank}, …) of normalize.yaml's noise section, checked by the tests
    digits: dict[str, int]
    small_powers: dict[str, int]
    large_powers: dict[str, int]
    magnitudes: dict[str, Decimal]
    units: dict[str, Unit]  # surface -> unit (measure words map to themselves)
    per_units: dict[str, Unit]  # denominators that are not units themselves (年, 人 …)
    qualifiers: dict[str, dict[str, str]]  # position -> surface -> meaning
    rules: list[Rule]
    exclusions: list[Exclusion]
    examples: list[Example] = field(default_factory=list)
    numeral_examples: list[tuple[str, Optional[Decimal], int]] = field(default_factory=list)
    user_words: list[str] = field(default_factory=list)
    entity_rules: list = field(default_factory=list)  # entity_rules.EntityRule, orgs before projects
    entity_lexicon: Optional[Any] = None  # entity_rules.EntityLexicon
