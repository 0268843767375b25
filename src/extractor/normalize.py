"""Length-preserving character folding: full-width -> ASCII, traditional numerals -> simplified.

Matching runs on the folded text; because every character maps to exactly one character,
an offset into the folded text is the same offset into the original.
"""

from __future__ import annotations

from .rules import RuleSet


def fold_text(text: str, rules: RuleSet) -> str:
    """Fold `text` character by character; the result always has the same length."""
    folded = text.translate(rules.fold)
    if len(folded) != len(text):  # the fold table is checked at load time; this guards the invariant
        raise AssertionError("character folding changed the text length")
    return folded
