"""Load, validate and compile the rule files in `rules/` into one immutable RuleSet.

Rules are data: this package only reads YAML (safely), checks its shape, expands `{fragment}`
references and compiles the patterns once. Any problem is a RuleError naming file and line.
This module builds the RuleSet and caches it; each file's reading is a module beside it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Optional, TypeVar

import regex

from ..errors import RuleError
from .rule_files import Example, _alternation, load_yaml, trie_alternation
from .disk_cache import cache_key, cached
from .entity_rules import load_entity_rules
from .number_rules import _load_exclusions, _load_numerals, _load_pattern_rules, _load_qualifiers, _load_units
from .objects import Rule, RuleSet  # noqa: F401 - the ruleset's front door: numbers/match.py imports Rule here
from .patterns import NUMERIC_CHAR
from .text_rules import _load_fold, _load_markup, _load_noise


def default_rules_dir() -> Path:
    """The rules shipped with the package (the repo's rules/ in an editable install)."""
    return Path(str(resources.files("extractor.ruledata")))


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


T = TypeVar("T")


def load_cached(name: str, path: Path, load: Callable[[Path], T]) -> T:
    """The rules `load` reads from one rule file (facts.yaml, tables.yaml), kept in the disk cache
    as load_rules keeps the RuleSet: keyed by the file, the regex version and every module of the
    engine (compiling their patterns cost each process's start-up 0.1 s and 0.04 s)."""
    try:
        key = cache_key(str(path.resolve()).encode(), path.read_bytes(), regex.__version__.encode(), engine_digest().encode())
    except OSError:
        return load(path)  # a file that cannot be read: loading names it (RuleError)
    return cached(name, key, lambda: load(path), pickled=True)


def _rules_key(directory: Path) -> str:
    """The rules folder (its path: a RuleSet names it) and its files, the engine's modules
    (they build the RuleSet from the files) and the regex version (compiled code is its own)."""
    sources = [str(directory.resolve()).encode(), regex.__version__.encode(), engine_digest().encode()]
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        sources += [path.name.encode(), path.read_bytes()]
    return cache_key(*sources)


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """Every module of the package (a pickled RuleSet names their classes) as this process first
    keyed rules with them: read once, so a module edited while a process runs cannot key a RuleSet
    that the process's older code built. Not at import: `extract --help` never keys rules."""
    engine = Path(__file__).parent.parent
    return cache_key(*[part for path in sorted(engine.rglob("*.py"))
                       for part in (str(path.relative_to(engine)).encode(), path.read_bytes())])


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
        "qual_verb": trie_alternation(list(qualifiers["verb"])) if qualifiers["verb"] else "(?!)",
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
