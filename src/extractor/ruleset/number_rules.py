"""The number files: numerals.yaml, units.yaml, qualifiers.yaml, the pattern rules of
numbers.yaml and ratios.yaml, and exclusions.yaml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Optional


from ..errors import RuleError
from .rule_files import Example, _check_keys, _examples, _line, _require, _requires, load_yaml, trie_alternation
from .objects import MENTION_TYPES, QUALIFIER_MEANINGS, Exclusion, Rule, Unit
from .patterns import _compile


def _load_numerals(path: Path) -> tuple[dict, dict, dict, dict, list]:
    data = load_yaml(path)
    tables = []
    for key in ("digits", "small_powers", "large_powers", "magnitudes"):
        table = _require(data, key, dict, path, data.line)
        for k, v in table.items():
            if not isinstance(k, str) or not isinstance(v, int) or isinstance(v, bool):
                raise RuleError(str(path), _line(table, data.line), f"{key}: {k!r} must map to an integer")
        tables.append(table)
    examples = []
    for item in data.get("examples", []):
        if not isinstance(item, dict) or "text" not in item or "value" not in item:
            raise RuleError(str(path), _line(item, data.line), "numeral example needs 'text' and 'value'")
        value = None if item["value"] is None else Decimal(str(item["value"]))
        examples.append((str(item["text"]), value, _line(item, data.line)))
    digits, small, large, mags = tables
    return digits, small, large, {k: Decimal(v) for k, v in mags.items()}, examples


def _load_units(path: Path) -> tuple[dict[str, tuple[Unit, Optional[str]]], dict[str, Unit], dict[str, Unit]]:
    """(surface -> (unit, lookahead regex or None), denominator surface -> unit,
    currency sign written before an amount -> unit)."""
    data = load_yaml(path)
    units: dict[str, tuple[Unit, Optional[str]]] = {}
    per: dict[str, Unit] = {}
    symbols: dict[str, Unit] = {}

    def add(surface_node: Any, unit: Unit, line: int) -> None:
        if isinstance(surface_node, dict):
            _check_keys(surface_node, {"text", "followed_by"}, path, line)
            surface, after = surface_node.get("text"), surface_node.get("followed_by")
        else:
            surface, after = surface_node, None
        if not isinstance(surface, str) or not surface:
            raise RuleError(str(path), line, f"unit surface must be a non-empty string, got {surface!r}")
        if surface in units and units[surface][0] != unit:
            raise RuleError(str(path), line, f"surface {surface!r} is listed twice with different units")
        units[surface] = (unit, after)

    for entry in _require(data, "units", list, path, data.line):
        line = _line(entry, data.line)
        if not isinstance(entry, dict):
            raise RuleError(str(path), line, "each unit must be a mapping")
        _check_keys(entry, {"code", "dimension", "surfaces"}, path, line)
        unit = Unit(str(_require(entry, "code", str, path, line)), _require(entry, "dimension", str, path, line))
        for surface in _require(entry, "surfaces", list, path, line):
            add(surface, unit, line)
    for entry in data.get("per", []):
        line = _line(entry, data.line)
        _check_keys(entry, {"code", "dimension", "surfaces"}, path, line)
        per_unit = Unit(str(_require(entry, "code", str, path, line)), _require(entry, "dimension", str, path, line))
        for surface in _require(entry, "surfaces", list, path, line):
            per[str(surface)] = per_unit
    for entry in _require(data, "measure_words", list, path, data.line):
        line = _line(entry, data.line)
        _check_keys(entry, {"dimension", "surfaces"}, path, line)
        dimension = _require(entry, "dimension", str, path, line)
        for surface in _require(entry, "surfaces", list, path, line):
            add(surface, Unit(str(surface), dimension), line)
    for entry in data.get("currency_symbols", []):
        line = _line(entry, data.line)
        _check_keys(entry, {"code", "surfaces"}, path, line)
        symbol_unit = Unit(str(_require(entry, "code", str, path, line)), "money")
        for surface in _require(entry, "surfaces", list, path, line):
            symbols[str(surface)] = symbol_unit
    return units, per, symbols


def _load_qualifiers(path: Path) -> dict[str, dict[str, str]]:
    data = load_yaml(path)
    result: dict[str, dict[str, str]] = {}
    for position in ("before", "inside", "after", "verb"):
        table = _require(data, position, dict, path, data.line) if position != "verb" else data.get("verb", {})
        result[position] = {}
        for meaning, surfaces in table.items():
            if meaning not in QUALIFIER_MEANINGS:
                raise RuleError(str(path), _line(table, data.line), f"qualifier meaning {meaning!r} is not one of {QUALIFIER_MEANINGS}")
            for surface in surfaces:
                result[position][str(surface)] = meaning
    return result


def _load_pattern_rules(path: Path, fragments: dict[str, str]) -> tuple[list[Rule], list[Example]]:
    data = load_yaml(path)
    _check_keys(data, {"fragments", "rules"}, path, 1)
    local = dict(fragments)
    for name, body in (data.get("fragments") or {}).items():
        if not isinstance(body, str):
            raise RuleError(str(path), _line(data.get("fragments"), 1), f"fragment {name!r} must be a string")
        local[name] = body
    fragments.update(local)  # later files may use this file's fragments
    rules: list[Rule] = []
    examples: list[Example] = []
    seen_ids: set[str] = set()
    for node in _require(data, "rules", list, path, 1):
        line = _line(node, 1)
        if not isinstance(node, dict):
            raise RuleError(str(path), line, "each rule must be a mapping")
        _check_keys(node, {"id", "type", "pattern", "engine", "requires", "unit", "scale", "examples", "not", "keeps", "xfail"}, path, line)
        rule_id = _require(node, "id", str, path, line)
        if rule_id in seen_ids:
            raise RuleError(str(path), line, f"duplicate rule id {rule_id!r}")
        seen_ids.add(rule_id)
        rule_type = _require(node, "type", str, path, line)
        if rule_type not in MENTION_TYPES:
            raise RuleError(str(path), line, f"rule type {rule_type!r} is not one of {MENTION_TYPES}")
        pattern = _compile(_require(node, "pattern", str, path, line), local, path, line, node.get("engine", "regex"))
        scale = node.get("scale", 1)
        if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
            raise RuleError(str(path), line, f"scale must be a positive integer, got {scale!r}")
        rules.append(Rule(rule_id, rule_type, pattern, node.get("unit"), scale, path.name, line, _requires(node, path, line)))
        examples.extend(_examples(node, f"{path.name}:{rule_id}", path, line, True, rule_type))
    return rules, examples


def _load_exclusions(path: Path, fragments: dict[str, str]) -> tuple[list[Exclusion], list[Example]]:
    data = load_yaml(path)
    exclusions: list[Exclusion] = []
    examples: list[Example] = []
    for node in _require(data, "exclusions", list, path, 1):
        line = _line(node, 1)
        _check_keys(node, {"id", "pattern", "words", "engine", "requires", "not", "keeps"}, path, line)
        ex_id = _require(node, "id", str, path, line)
        if ("pattern" in node) == ("words" in node):
            raise RuleError(str(path), line, f"exclusion {ex_id!r} needs exactly one of 'pattern' or 'words'")
        # Words as a prefix tree: the same longest match, found faster (see trie_alternation).
        source = node["pattern"] if "pattern" in node else trie_alternation([str(w) for w in node["words"]])
        if not node.get("not"):
            raise RuleError(str(path), line, f"exclusion {ex_id!r} has no 'not' examples")
        pattern = _compile(source, fragments, path, line, node.get("engine", "regex"))
        exclusions.append(Exclusion(ex_id, pattern, path.name, line, _requires(node, path, line)))
        examples.extend(_examples(node, f"{path.name}:{ex_id}", path, line, expect_positive=False))
    return exclusions, examples
