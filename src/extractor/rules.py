"""Load, validate and compile the rule files in `rules/` into one immutable RuleSet.

Rules are data: this module only reads YAML (safely), checks its shape, expands `{fragment}`
references and compiles the patterns once. Any problem is a RuleError naming file and line.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import regex

from .disk_cache import cache_key, cached
from .entity_rules import load_entity_rules
from .errors import RuleError
from .rule_files import (Example, Pattern, _alternation, _check_keys, _examples, _line, _require,  # noqa: F401 - fact_rules.py reads these here
                         load_yaml, trie_alternation)

NUMERIC_CHAR = r"\P{Nt=None}"  # 0-9, 一, 万, 佰 …: any character with a numeric value
FRAGMENT_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
PATTERN_FLAGS = regex.VERBOSE | regex.VERSION0
ENGINES = ("regex", "re")
QUALIFIER_MEANINGS = ("approx", "over", "under")
MENTION_TYPES = ("number", "ratio", "org", "project")


# --- compiled rule objects ------------------------------------------------------------


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


def default_rules_dir() -> Path:
    """The rules shipped with the package (the repo's rules/ in an editable install)."""
    return Path(str(resources.files("extractor.ruledata")))


def _expand(pattern: str, fragments: dict[str, str], path: Path, line: int, seen: tuple[str, ...] = ()) -> str:
    def replace(match: regex.Match) -> str:
        name = match.group(1)
        if name in seen:
            raise RuleError(str(path), line, f"fragment {{{name}}} refers to itself")
        if name not in fragments:
            raise RuleError(str(path), line, f"unknown fragment {{{name}}}; known: {sorted(fragments)}")
        body = _expand(fragments[name], fragments, path, line, seen + (name,))
        # The newline ends any verbose-mode comment inside the fragment.
        return f"(?:{body}\n)"

    return FRAGMENT_REF.sub(replace, pattern)


def compile_on(engine: str, source: str) -> Pattern:
    """A verbose-mode pattern compiled by `regex` or by Python's `re`; raises the engine's error
    (a FutureWarning from re, which reads `[[` as a set where regex would nest one)."""
    if engine == "regex":
        return regex.compile(source, PATTERN_FLAGS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        return re.compile(source, re.VERBOSE)


def _compile(pattern: str, fragments: dict[str, str], path: Path, line: int,
             engine: str = "regex") -> Pattern:
    """The expanded pattern compiled by `engine`: `regex`, or Python's `re` for a rule that
    names it (numbers.yaml: re tries a pattern at a position 2-3x faster)."""
    if engine not in ENGINES:
        raise RuleError(str(path), line, f"engine must be one of {ENGINES}, got {engine!r}")
    expanded = _expand(pattern, fragments, path, line)
    try:
        compiled = compile_on(engine, expanded)
    except (regex.error, re.error, FutureWarning) as exc:
        raise RuleError(str(path), line, f"pattern does not compile ({engine}): {exc}") from None
    if engine == "re" and "part" in compiled.groupindex:
        raise RuleError(str(path), line, "`part` groups are read as repeated captures, which only regex keeps")
    return compiled


# --- the individual files -------------------------------------------------------------


def _load_markup(data: dict, path: Path) -> tuple[regex.Pattern, regex.Pattern]:
    markup = _require(data, "markup", dict, path, 1)
    line = _line(markup, 1)
    _check_keys(markup, {"blank", "line_break"}, path, line)  # noqa: the file's other keys are fold/keep
    return (_compile(_require(markup, "blank", str, path, line), {}, path, line),
            _compile(_require(markup, "line_break", str, path, line), {}, path, line))


def _load_noise(data: dict, path: Path) -> dict[str, Any]:
    noise = _require(data, "noise", dict, path, 1)
    line = _line(noise, 1)
    _check_keys(noise, {"chars", "shortest", "blank", "examples"}, path, line)
    shortest = _require(noise, "shortest", int, path, line)
    if shortest < 2:
        raise RuleError(str(path), line, "noise: shortest must be at least 2")
    chars = _require(noise, "chars", str, path, line)
    try:
        gate = re.compile(f"[{chars}]{{2,}}")
    except re.error as exc:
        raise RuleError(str(path), line, f"noise: chars is not a character class: {exc}") from None
    return {"noise": _compile(_require(noise, "blank", str, path, line), {}, path, line), "noise_gate": gate,
            "noise_stride": shortest // 2, "noise_examples": tuple(_require(noise, "examples", list, path, line))}


def _load_fold(data: dict, path: Path) -> dict[int, int]:
    fold = _require(data, "fold", dict, path, 1)
    keep = {ord(ch) for ch in data.get("keep", [])}
    table: dict[int, int] = {}
    # Full-width ASCII folds to ASCII; the ideographic space to a space (one char each).
    for code in range(0xFF01, 0xFF5F):
        if code not in keep:
            table[code] = code - 0xFEE0
    table[0x3000] = 0x20
    for source, target in fold.items():
        if not (isinstance(source, str) and isinstance(target, str) and len(source) == 1 and len(target) == 1):
            raise RuleError(str(path), _line(fold, 1), f"fold entry {source!r}: {target!r} must map one character to one character")
        table[ord(source)] = ord(target)
    return table


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
    for position in ("before", "inside", "after"):
        table = _require(data, position, dict, path, data.line)
        result[position] = {}
        for meaning, surfaces in table.items():
            if meaning not in QUALIFIER_MEANINGS:
                raise RuleError(str(path), _line(table, data.line), f"qualifier meaning {meaning!r} is not one of {QUALIFIER_MEANINGS}")
            for surface in surfaces:
                result[position][str(surface)] = meaning
    return result


def _requires(node: dict, path: Path, line: int) -> tuple[str, ...]:
    """A rule's `requires`: strings one of which every text it matches in holds (a substring test
    skips the pattern on the many texts that hold none; tests check it on the corpus)."""
    requires = node.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
        raise RuleError(str(path), line, f"requires must be a list of non-empty strings, got {requires!r}")
    return tuple(requires)


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


def load_rules(directory: Optional[Path] = None) -> RuleSet:
    """Load every rule file; raise RuleError on the first problem, before any input is read.

    The loaded RuleSet is kept in the disk cache (disk_cache.py), keyed by every file of the
    rules folder and every module of the engine: compiling the patterns cost 0.3-0.6 s of every
    process's start-up, unpickling them 0.03 s (a `regex` pattern pickles as compiled code)."""
    directory = Path(directory) if directory is not None else default_rules_dir()
    if not directory.is_dir():
        raise RuleError(str(directory), None, "rules directory does not exist")
    try:
        key = _rules_key(directory)
    except OSError:
        return _load_rules(directory)  # a file that cannot be read: loading names it (RuleError)
    return cached("rules", key, lambda: _load_rules(directory), pickled=True)


def _rules_key(directory: Path) -> str:
    """The rules folder (its path: a RuleSet names it) and its files, the engine's modules
    (they build the RuleSet from the files) and the regex version (compiled code is its own)."""
    sources = [str(directory.resolve()).encode(), regex.__version__.encode()]
    for folder in (directory, Path(__file__).parent):
        for path in sorted(folder.iterdir()):
            if path.is_file() and (folder == directory or path.suffix == ".py"):
                sources += [path.name.encode(), path.read_bytes()]
    return cache_key(*sources)


def _load_rules(directory: Path) -> RuleSet:
    def file(name: str) -> Path:
        path = directory / name
        if not path.is_file():
            raise RuleError(str(path), None, "required rule file is missing")
        return path

    normalize_path = file("normalize.yaml")
    normalize = load_yaml(normalize_path)  # one file, three sections: folds, markup, noise
    fold = _load_fold(normalize, normalize_path)
    markup, markup_line_break = _load_markup(normalize, normalize_path)
    noise = _load_noise(normalize, normalize_path)
    digits, small, large, magnitudes, numeral_examples = _load_numerals(file("numerals.yaml"))
    unit_table, per_table, symbol_table = _load_units(file("units.yaml"))
    qualifiers = _load_qualifiers(file("qualifiers.yaml"))

    def unit_alternation(surfaces: list[str]) -> str:
        """Plain surfaces as one prefix tree (fast); Latin and look-ahead ones beside it."""
        plain, special = [], []
        for surface in sorted(surfaces, key=lambda s: (-len(s), s)):
            after = unit_table[surface][1]
            if surface.isascii() and surface.isalpha():
                special.append(f"(?i:{regex.escape(surface)})(?![A-Za-z])")  # 168CM, 120KW; not a longer word
            elif after:
                special.append(f"{regex.escape(surface)}(?={after})")
            else:
                plain.append(surface)
        return "|".join([trie_alternation(plain)] + special)

    measure = [s for s, (u, _) in unit_table.items() if u.code == s and u.dimension == "count"]
    mag_initials = {m[0] for m in magnitudes}
    mag_led = [s for s in unit_table if s[0] in mag_initials]
    denominators = _alternation(list(unit_table) + list(per_table))
    numeral_chars = "".join(sorted(set(digits) | set(small)))
    qualifier_initials = "".join(sorted({q[0] for q in qualifiers["before"]}))
    # The longest magnitude + unit (万亿 + 标准立方米/平方公里): how far a range separator may lie.
    unit_width = max(map(len, unit_table)) + 1 + max(map(len, list(unit_table) + list(per_table)))
    mag_unit_width = max(map(len, magnitudes)) + unit_width
    # The property test may go first only when every numeral character has a numeric value.
    numeric = regex.compile(NUMERIC_CHAR)
    numeric_first = f"(?={NUMERIC_CHAR})" if all(numeric.match(c) for c in numeral_chars) else ""
    fragments: dict[str, str] = {
        # A cheap first-character test that lets the regex engine skip most positions fast.
        "number_start": f"(?=[0-9{numeral_chars}{qualifier_initials}])",
        # Any character with a numeric value (0-9, 一, 万, 佰 …): one Unicode property, which
        # the engine scans for several times faster than a long class; the class then decides.
        "numeric_start": f"(?={NUMERIC_CHAR})",
        "numeral_start": f"{numeric_first}(?=[0-9{numeral_chars}])",
        # The same test without the property, which Python's re lacks (for rules with `engine: re`).
        "numeral_first": f"(?=[0-9{numeral_chars}])",
        # Any text as long as the longest magnitude + unit (range_low's quick test for a separator).
        "mag_unit_reach": f"[^\\n]{{0,{mag_unit_width}}}",
        "signed_start": f"(?=[-负0-9{numeral_chars}{qualifier_initials}])",
        # Any one character a numeral may hold, a whole class (exclusions.yaml's ranking: any run
        # of them before 强). Not a class body: every fragment is wrapped in a group.
        "numeral_char": "[0-9,." + "".join(sorted(set(numeral_chars) | set("".join(magnitudes))
                                                  | set("零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿点"))) + "]",
        "currency_symbol": _alternation(list(symbol_table)),
        # A unit, optionally per another (元/平方米, 万吨/年).
        "unit": f"(?:{unit_alternation(list(unit_table))})(?:/(?:{denominators}))?",
        "mag_led_unit": unit_alternation(mag_led) or "(?!)",
        "measure": unit_alternation(measure),
        "mag": trie_alternation(list(magnitudes)),
        "qual_before": trie_alternation(list(qualifiers["before"])),
        "qual_inside": trie_alternation(list(qualifiers["inside"])),
        "qual_after": trie_alternation(list(qualifiers["after"])),
    }
    rules: list[Rule] = []
    examples: list[Example] = []
    for name in ("numbers.yaml", "ratios.yaml"):
        file_rules, file_examples = _load_pattern_rules(file(name), fragments)
        rules += file_rules
        examples += file_examples
    exclusions, exclusion_examples = _load_exclusions(file("exclusions.yaml"), fragments)
    examples += exclusion_examples
    for name in ("orgs.yaml", "projects.yaml", "org_gazetteer.txt"):
        file(name)
    entity_rules, entity_lexicon, entity_examples = load_entity_rules(directory)
    examples += entity_examples
    entity_words = entity_lexicon.words() + [w for rule in entity_rules for w in rule.words + rule.children if len(w) > 1]

    return RuleSet(
        directory=directory,
        fold=fold,
        fold_chars=re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(fold)) + "]+"),
        markup=markup,
        **noise,
        markup_line_break=markup_line_break,
        digits=digits,
        small_powers=small,
        large_powers=large,
        magnitudes=magnitudes,
        units={**{s: u for s, (u, _) in unit_table.items()}, **symbol_table},
        per_units=per_table,
        qualifiers=qualifiers,
        rules=rules,
        exclusions=exclusions,
        examples=examples,
        numeral_examples=numeral_examples,
        user_words=sorted({s for s in unit_table if len(s) > 1} | set(entity_words)),
        entity_rules=entity_rules,
        entity_lexicon=entity_lexicon,
    )
