"""Scoring predicted mentions against gold: exact spans per type, value agreement, end-to-end."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol, TypeVar

from .gold import Span

RELATIVE_TOLERANCE = 1e-9  # values are exact decimals written as floats

@dataclass
class TypeScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_value: int = 0  # matched pairs whose gold has a value
    value_agrees: int = 0
    end_to_end: int = 0  # matched pairs whose value, unit and qualifier all agree (as the gold gives them)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> Optional[float]:
        return self.value_agrees / self.with_value if self.with_value else None

    @property
    def e2e_f1(self) -> float:
        """F1 counting a match only when value, unit and qualifier are right too."""
        total = self.gold + self.predicted
        return 2 * self.end_to_end / total if total else 0.0

    def add(self, other: "TypeScore") -> None:
        for name in ("gold", "predicted", "matched", "with_value", "value_agrees", "end_to_end"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "value_accuracy": self.value_accuracy, "values_compared": self.with_value,
                "e2e_f1": self.e2e_f1}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def values_agree(gold: Span, predicted: Span) -> Optional[bool]:
    """None when the gold gives no value; a ratio compares its parts."""
    if gold.values is not None:
        return predicted.values is not None and len(gold.values) == len(predicted.values) and all(
            _close(a, b) for a, b in zip(gold.values, predicted.values))
    if gold.value is None:
        return None
    return predicted.value is not None and _close(gold.value, predicted.value)


def end_to_end_agrees(gold: Span, predicted: Span) -> bool:
    """Value (or parts), and unit and qualifier when the gold gives them."""
    if values_agree(gold, predicted) is False:
        return False
    return not gold.checks_unit or (gold.unit == predicted.unit and gold.qualifier == predicted.qualifier)


@dataclass
class Outcome:
    """Gold mentions missed and predictions that match no gold (neither overlapping an optional one)."""

    missed: list[Span] = field(default_factory=list)
    spurious: list[Span] = field(default_factory=list)
    wrong_value: list[tuple[Span, Span]] = field(default_factory=list)


def _overlaps_optional(optional: dict[tuple[str, str], list[Span]], p: Span) -> bool:
    return any(g.start < p.end and p.start < g.end for g in optional.get((p.doc_id, p.type), ()))


def score(gold: list[Span], predicted: list[Span], types: set[str],
          outcome: Optional[Outcome] = None) -> dict[str, TypeScore]:
    """Exact matches on (doc_id, type, start, end), per type, and value agreement of matches.
    A prediction that is not an exact match of a required gold mention and overlaps an
    optional one is not counted at all (the dev set's "optional": defensible either way)."""
    scores = {t: TypeScore() for t in sorted(types)}
    required = {g.key: g for g in gold if g.type in types and not g.optional}
    optional: dict[tuple[str, str], list[Span]] = {}
    for g in gold:
        if g.type in types and g.optional:
            optional.setdefault((g.doc_id, g.type), []).append(g)
    predicted_by_key: dict[tuple[str, str, int, int], Span] = {}
    for p in predicted:
        if p.type in types and (p.key in required or not _overlaps_optional(optional, p)):
            predicted_by_key[p.key] = p
    for p in predicted_by_key.values():
        scores[p.type].predicted += 1
        if outcome is not None and p.key not in required:
            outcome.spurious.append(p)
    for g in required.values():
        type_score = scores[g.type]
        type_score.gold += 1
        match = predicted_by_key.get(g.key)
        if match is None:
            if outcome is not None:
                outcome.missed.append(g)
            continue
        type_score.matched += 1
        agrees = values_agree(g, match)
        if agrees is not None:
            type_score.with_value += 1
            type_score.value_agrees += agrees
        if end_to_end_agrees(g, match):
            type_score.end_to_end += 1
        elif outcome is not None:
            outcome.wrong_value.append((g, match))
    return scores


class Summable(Protocol):
    def add(self, other: Any) -> None: ...


Score = TypeVar("Score", bound=Summable)


def overall(scores: dict[str, Score], empty: Optional[Score] = None) -> Score:
    """The sum of a table of scores (per type or per report): `empty` (a TypeScore unless
    given, e.g. an ObservationScore) with each score added to it."""
    total = empty if empty is not None else TypeScore()
    for part in scores.values():
        total.add(part)
    return total


def score_table(scores: dict[str, TypeScore]) -> list[str]:
    lines = [f"{'type':<10}{'gold':>7}{'pred':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}{'e2e F1':>8}  value accuracy"]
    for name, s in [*scores.items(), ("all", overall(scores))]:
        accuracy = f"{s.value_accuracy:.3f} ({s.value_agrees}/{s.with_value})" if s.with_value else "-"
        lines.append(f"{name:<10}{s.gold:>7}{s.predicted:>7}{s.matched:>7}"
                     f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.e2e_f1:>8.3f}  {accuracy}")
    return lines


def per_document_table(gold: list[Span], predicted: list[Span], types: set[str], doc_ids: list[str]) -> list[str]:
    """One line per document: P/R/F1 of each type."""
    ordered = sorted(types)
    lines = [f"{'document':<36}" + "".join(f"{t + ' P/R/F1':>23}" for t in ordered)]
    for doc_id in doc_ids:
        scores = score([g for g in gold if g.doc_id == doc_id], [p for p in predicted if p.doc_id == doc_id], types)
        cells = "".join(f"{s.precision:>9.3f}{s.recall:>7.3f}{s.f1:>7.3f}" if s.gold or s.predicted else f"{'-':>23}"
                        for s in (scores[t] for t in ordered))  # "-": nothing to score of that type
        lines.append(f"{doc_id[:35]:<36}{cells}")
    return lines
