"""Length-preserving character folding: full-width -> ASCII, traditional numerals -> simplified.

Matching runs on the folded text; because every character maps to exactly one character,
an offset into the folded text is the same offset into the original.
"""

from __future__ import annotations

import re

from ..ruleset.rules import RuleSet

# A lone surrogate (only from a str built in Python, never from decoded bytes) cannot be
# encoded for the segmenter; it becomes U+FFFD, still one character.
_SURROGATE = re.compile("[\ud800-\udfff]")


def fold_text(text: str, rules: RuleSet) -> str:
    """Fold `text` character by character and blank HTML leftovers and runs longer than any
    figure (rules/normalize.yaml `noise`); same length always."""
    # Only runs of characters to fold are visited: str.translate with a dict costs ~0.1 µs for
    # every character of the text, the whole-text scan of a character class ~100x less; a run
    # is translated at once (a page of full-width characters is one call, not one each).
    folded = rules.fold_chars.sub(lambda m: m.group().translate(rules.fold), text)
    if not folded.isascii() and _SURROGATE.search(folded):
        folded = _SURROGATE.sub("\ufffd", folded)
    if "&" in folded or "<" in folded:
        folded = rules.markup.sub(lambda m: _blank(m.group(), rules), folded)
    folded = blank_noise(folded, rules)
    if len(folded) != len(text):  # the fold table is checked at load time; this guards the invariant
        raise AssertionError("character folding changed the text length")
    return folded


def _blank(markup: str, rules: RuleSet) -> str:
    """Spaces of the same length; a newline first when the tag breaks a line (<br>, </p>)."""
    if rules.markup_line_break.match(markup):
        return "\n" + " " * (len(markup) - 1)
    return " " * len(markup)


def blank_noise(text: str, rules: RuleSet) -> str:
    """Runs longer than any figure (rules `noise`) as spaces, in time linear in the text.

    A match is at least `2 * stride` characters of the noise class, so it holds two sampled
    characters side by side in `text[::stride]`, and lies within one stride of such a sampled
    stretch: the pattern runs only there (normal text costs ~0.02 µs a character).
    """
    stride = rules.noise_stride
    pieces: list[str] = []
    done = 0
    for sampled in rules.noise_gate.finditer(text[::stride]):
        start = max(done, sampled.start() * stride - stride)
        end = min(len(text), (sampled.end() - 1) * stride + stride)
        for match in rules.noise.finditer(text, start, end):
            pieces += [text[done : match.start()], " " * (match.end() - match.start())]
            done = match.end()
    return "".join(pieces) + text[done:] if pieces else text
