"""The rules of the table stage (rules/tables.yaml), loaded and compiled: what table_cells reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..errors import RuleError
from .rule_files import _check_keys, _line, _require, load_yaml
from .rules import load_cached

KEYS = {"measures", "bases", "not_figures", "unit_column", "unit_in_label", "unit_caption", "label_prefix",
        "label_suffix", "label_examples", "no_value", "total_row", "total_examples", "this_month", "year_to_month", "year_before",
        "period_examples"}
MEASURES = ("level", "growth", "share")


@dataclass(frozen=True)
class TableRules:
    measures: tuple[tuple[str, regex.Pattern], ...]  # (measure, header pattern), first found wins
    bases: tuple[tuple[regex.Pattern, str], ...]  # (header pattern, base; same_period: by the period)
    not_figures: regex.Pattern
    unit_column: regex.Pattern
    unit_in_label: regex.Pattern
    unit_caption: regex.Pattern
    label_prefix: regex.Pattern
    label_suffix: regex.Pattern
    total_row: regex.Pattern
    no_value: frozenset[str]
    this_month: regex.Pattern
    year_to_month: regex.Pattern
    year_before: regex.Pattern
    examples: tuple[dict, ...]  # {kind: measure|not_figure|label|period|total, …}, checked by the tests


def load_table_rules(path: Path) -> TableRules:
    """Read rules/tables.yaml; errors name the file and line. Kept in the disk cache (rules.load_cached)."""
    return load_cached("table_rules", path, _load_table_rules)


def _load_table_rules(path: Path) -> TableRules:
    data = load_yaml(path)
    _check_keys(data, set(KEYS), path, 1)

    def pattern(source: object, line: int) -> regex.Pattern:
        if not isinstance(source, str):
            raise RuleError(str(path), line, "a pattern must be a string")
        try:
            return regex.compile(source)
        except regex.error as exc:
            raise RuleError(str(path), line, f"pattern does not compile: {exc}") from None

    def top(key: str) -> regex.Pattern:
        return pattern(_require(data, key, str, path, 1), 1)

    measures, examples = [], []
    for entry in _require(data, "measures", list, path, 1):
        line = _line(entry, 1)
        measure = _require(entry, "measure", str, path, line)
        if measure not in MEASURES:
            raise RuleError(str(path), line, f"measure {measure!r} is not one of {', '.join(MEASURES)}")
        if not entry.get("examples"):
            raise RuleError(str(path), line, "a measure needs examples")
        measures.append((measure, pattern(entry.get("pattern"), line)))
        examples += [dict(e, kind="measure") for e in entry["examples"]]
    bases = tuple((pattern(e.get("pattern"), _line(e, 1)), _require(e, "base", str, path, _line(e, 1)))
                  for e in _require(data, "bases", list, path, 1))
    not_figures = _require(data, "not_figures", dict, path, 1)
    examples += [dict(e, kind="not_figure") for e in not_figures.get("examples", [])]
    examples += [dict(e, kind="label") for e in _require(data, "label_examples", list, path, 1)]
    examples += [dict(e, kind="period") for e in _require(data, "period_examples", list, path, 1)]
    examples += [dict(e, kind="total") for e in _require(data, "total_examples", list, path, 1)]
    return TableRules(
        measures=tuple(measures), bases=bases,
        not_figures=pattern(not_figures.get("pattern"), _line(not_figures, 1)),
        unit_column=top("unit_column"), unit_in_label=top("unit_in_label"), unit_caption=top("unit_caption"),
        label_prefix=top("label_prefix"), label_suffix=top("label_suffix"), total_row=top("total_row"),
        no_value=frozenset(str(v) for v in _require(data, "no_value", list, path, 1)),
        this_month=top("this_month"), year_to_month=top("year_to_month"), year_before=top("year_before"),
        examples=tuple(examples),
    )
