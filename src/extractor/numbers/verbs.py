"""A verb right before a figure that says the figure was passed (突破, 过: qualifiers.yaml `verb`)
gives the number its qualifier; the verb stays out of the span, like 增长."""

from __future__ import annotations

from dataclasses import replace

from ..model import Candidate, Group
from ..ruleset.rules import RuleSet
from ..text.segment import Segmenter

# Groups that already say how the figure stands (约, 多, 以上 …): a written qualifier wins.
QUALIFIER_GROUPS = ("qual", "more", "more2", "qual_after")
VERB_GROUP = "qual_verb"


def _verb_before(candidate: Candidate, text: str, verbs: list[str], segmenter: Segmenter) -> Group | None:
    """The verb ending where the candidate starts (`verbs` longest first), when jieba reads it as
    a whole word (过 of 经过, 通过, 不过, 度过 is the tail of another word)."""
    for verb in verbs:
        start = candidate.start - len(verb)
        if start < 0 or not text.startswith(verb, start):
            continue
        if (start, candidate.start) in segmenter.word_spans(text, start, candidate.start):
            return Group(start, candidate.start, verb)
        return None  # the longest verb written there is part of another word
    return None


def with_verb_qualifiers(candidates: list[Candidate], text: str, rules: RuleSet,
                         segmenter: Segmenter) -> list[Candidate]:
    """Candidates with a passing verb before them and no written qualifier get it as `qual_verb`."""
    if not rules.qualifiers["verb"]:
        return candidates
    verbs = sorted(rules.qualifiers["verb"], key=len, reverse=True)  # once a text, not once a figure
    marked = []
    for candidate in candidates:
        if candidate.type == "number" and not any(g in candidate.groups for g in QUALIFIER_GROUPS):
            verb = _verb_before(candidate, text, verbs, segmenter)
            if verb is not None:
                candidate = replace(candidate, groups={**candidate.groups, VERB_GROUP: verb})
        marked.append(candidate)
    return marked
