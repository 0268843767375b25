"""Load rules/orgs.yaml, rules/projects.yaml and rules/org_gazetteer.txt into entity rules.

Same conventions as rules.py (both read files through rule_files.py): safe YAML with line numbers, every rule needs examples and
`not` texts, any problem is a RuleError naming file and line. The recognizers themselves
live in recognizers.py; this module only checks and shapes their data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re
from typing import Any, Optional

import regex


from ..errors import RuleError
from .rule_files import Example, load_yaml, trie_alternation, _alternation, _check_keys, _examples, _line, _require, _requires

RECOGNIZERS = {
    "org": ("suffix", "regional", "government", "gazetteer", "brand", "enumeration", "apposed", "pattern", "role",
            "reported", "short_form"),
    "project": ("head", "works", "listed", "short_form"),
}
RULE_KEYS = {"id", "type", "recognizer", "words", "levels", "cores", "kinds", "not_after", "not_before", "parents", "children",
             "needs_level", "pattern", "joins_org", "requires", "examples", "not", "xfail"}
ORG_LEXICON = ("left_stop", "generic", "brand_suffixes", "legal_forms", "branch_forms", "titles", "industry_words",
               "enumeration_heads", "region_ends", "appositions", "subunits", "verb_heads", "thing_categories")
PROJECT_LEXICON = ("generic", "stop_phrases", "zone_heads", "places", "enumeration_heads", "designations", "clause_words",
                   "name_words", "roles")


@dataclass(frozen=True)
class EntityRule:
    """One recognizer with its data; `words` is a longest-first alternation when present."""

    id: str
    type: str
    recognizer: str
    words: tuple[str, ...]
    pattern: Optional[Any]  # re.Pattern (government) or regex.Pattern (pattern)
    not_before: tuple[str, ...]
    parents: tuple[str, ...]  # gazetteer: bodies that may head one of `children` (国务院 + 外办)
    children: tuple[str, ...]
    path: str
    line: int
    needs_level: bool = False  # government: the body needs a level or a region (区疾控中心, not 疾控中心)
    # pattern: an org just before the match is one name with it ("optional"), or must be ("required"):
    # 中国共产党 + 第十五次全国代表大会, 民建 + 七大.
    joins_org: str = ""
    requires: tuple[str, ...] = ()  # pattern: as number rules' `requires`, a text holding none of these is skipped

    def may_match(self, text: str) -> bool:
        return not self.requires or any(required in text for required in self.requires)


@dataclass(frozen=True)
class EntityLexicon:
    """Word lists shared by the recognizers (see the `lexicon:` blocks of the YAML files)."""

    left_stop: frozenset[str]
    org_generic: frozenset[str]
    brand_suffixes: tuple[str, ...]
    legal_forms: tuple[str, ...]
    branch_forms: tuple[str, ...]
    titles: frozenset[str]
    industry_words: tuple[str, ...]
    org_enumeration_heads: tuple[str, ...]
    region_ends: tuple[str, ...]
    project_generic: frozenset[str]
    stop_phrases: frozenset[str]
    zone_heads: frozenset[str]
    places: frozenset[str]
    project_enumeration_heads: tuple[str, ...]
    designations: tuple[str, ...]
    gazetteer: dict[str, str] = field(default_factory=dict)  # short name -> full name
    appositions: frozenset[str] = frozenset()  # category nouns before a name: 著名学府|哈佛大学
    subunits: tuple[str, ...] = ()  # units written right after their body: 市公安局|交警支队
    clause_words: frozenset[str] = frozenset()  # verbs of a sentence a project name never holds: 安排, 力争
    name_words: frozenset[str] = frozenset()  # words of names jieba tags as adverbs or directions: 高速, 南段
    roles: tuple[str, ...] = ()  # roles a place aims at (航运中心): with only places before them, no project
    works_heads: tuple[str, ...] = ()  # heads of works (机场, 油田, 高铁): a word before one names a place
    media_endings: tuple[str, ...] = ()  # a medium's name's endings (新闻, 日报, 网): the `reported` rule's words
    verb_heads: tuple[str, ...] = ()
    thing_categories: tuple[str, ...] = ()  # 等 + one of them closes a list of things, not orgs: 等模式  # brand heads that are verbs before an amount: 海辰电气|投资8亿元
    # Memo of word tests (stop word, place) shared by all documents; cleared when it grows large.
    word_tests: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def words(self) -> list[str]:
        """Every multi-character word of the lexicon, for jieba's user dictionary."""
        groups = (self.left_stop, self.org_generic, self.brand_suffixes, self.legal_forms,
                  self.industry_words, self.project_generic, self.stop_phrases, self.zone_heads,
                  self.places, tuple(self.gazetteer), tuple(self.gazetteer.values()))
        return sorted({w for group in groups for w in group if len(w) > 1})


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _word_list(data: dict, key: str, path: Path, line: int) -> list[str]:
    items = _require(data, key, list, path, line)
    for item in items:
        if not isinstance(item, str) or not item:
            raise RuleError(str(path), _line(data, line), f"{key!r}: every entry must be a non-empty string, got {item!r}")
    return items


def _government_pattern(node: dict, path: Path, line: int, titles: frozenset[str]) -> re.Pattern:
    """{level}? {core} {kind}, not followed by a character that makes a longer word (部门, 委员)
    unless that character starts a title (住房和城乡建设部|部长)."""
    level_words, core_words = _word_list(node, "levels", path, line), _word_list(node, "cores", path, line)
    initials = "".join(sorted({re.escape(w[0]) for w in level_words + core_words}))
    levels, cores = trie_alternation(level_words), trie_alternation(core_words)
    kinds = trie_alternation(_word_list(node, "kinds", path, line))
    not_after = "".join(re.escape(c) for c in _word_list(node, "not_after", path, line))
    # The region before the body (天津市武清区) is looked up backwards by entities.py.
    title = trie_alternation(sorted(titles))
    source = rf"(?=[{initials}])(?P<level>{levels})?(?P<core>{cores})(?P<kind>{kinds})(?!(?!{title})[{not_after}])"
    try:
        return re.compile(source)  # literal words only: the standard engine is ~3x faster here
    except re.error as exc:
        raise RuleError(str(path), line, f"government pattern does not compile: {exc}") from None


def _named_pattern(node: dict, path: Path, line: int, words: tuple[str, ...]) -> regex.Pattern:
    """A `pattern` rule's regex (verbose); `{words}` stands for the rule's word list, longest first."""
    source = _require(node, "pattern", str, path, line)
    source = source.replace("{words}", "(?:" + _alternation(list(words)) + ")" if words else "(?!)")
    try:
        return regex.compile(source, regex.VERBOSE | regex.VERSION0)
    except regex.error as exc:
        raise RuleError(str(path), line, f"pattern does not compile: {exc}") from None


def _load_rules_file(path: Path, lexicon_keys: tuple[str, ...]) -> tuple[dict, list[tuple[dict, int]]]:
    data = load_yaml(path)
    _check_keys(data, {"lexicon", "rules"}, path, 1)
    lexicon = _require(data, "lexicon", dict, path, 1)
    _check_keys(lexicon, set(lexicon_keys), path, _line(lexicon, 1))
    words = {key: _word_list(lexicon, key, path, _line(lexicon, 1)) for key in lexicon_keys}
    nodes = []
    for node in _require(data, "rules", list, path, 1):
        line = _line(node, 1)
        if not isinstance(node, dict):
            raise RuleError(str(path), line, "each rule must be a mapping")
        _check_keys(node, RULE_KEYS, path, line)
        nodes.append((node, line))
    return words, nodes


def load_gazetteer(path: Path) -> dict[str, str]:
    """short name -> full name, and each full name -> itself; `#` lines are comments."""
    table: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), None, f"cannot read gazetteer: {exc}") from None
    for number, raw in enumerate(lines, 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        full, tab, shorts = raw.partition("\t")
        if not tab or not full.strip() or not shorts.strip():
            raise RuleError(str(path), number, "expected: full name<TAB>short name[,short name…]")
        table.setdefault(full.strip(), full.strip())
        for short in shorts.split(","):
            if short.strip():
                table.setdefault(short.strip(), full.strip())
    return table


def load_entity_rules(directory: Path) -> tuple[list[EntityRule], EntityLexicon, list[Example]]:
    """Org and project rules (orgs first), their shared lexicon, and their inline examples."""
    org_words, org_nodes = _load_rules_file(directory / "orgs.yaml", ORG_LEXICON)
    project_words, project_nodes = _load_rules_file(directory / "projects.yaml", PROJECT_LEXICON)
    lexicon = EntityLexicon(
        left_stop=frozenset(org_words["left_stop"]),
        org_generic=frozenset(org_words["generic"]),
        brand_suffixes=_longest_first(org_words["brand_suffixes"]),
        legal_forms=_longest_first(org_words["legal_forms"]),
        branch_forms=_longest_first(org_words["branch_forms"]),
        titles=frozenset(org_words["titles"]),
        industry_words=_longest_first(org_words["industry_words"]),
        org_enumeration_heads=_longest_first(org_words["enumeration_heads"]),
        region_ends=_longest_first(org_words["region_ends"]),
        project_generic=frozenset(project_words["generic"]),
        stop_phrases=frozenset(project_words["stop_phrases"]),
        zone_heads=frozenset(project_words["zone_heads"]),
        places=frozenset(project_words["places"]),
        project_enumeration_heads=_longest_first(project_words["enumeration_heads"]),
        designations=_longest_first(project_words["designations"]),
        gazetteer=load_gazetteer(directory / "org_gazetteer.txt"),
        appositions=frozenset(org_words["appositions"]),
        subunits=_longest_first(org_words["subunits"]),
        verb_heads=_longest_first(org_words["verb_heads"]),
        thing_categories=_longest_first(org_words["thing_categories"]),
        clause_words=frozenset(project_words["clause_words"]),
        name_words=frozenset(project_words["name_words"]),
        roles=_longest_first(project_words["roles"]),
        works_heads=tuple(sorted({w for node, _ in project_nodes if node.get("recognizer") == "works"
                                  for w in node.get("words") or ()})),
        media_endings=_longest_first([w for node, _ in org_nodes if node.get("recognizer") == "reported"
                                      for w in node.get("words") or ()]),
    )
    rules: list[EntityRule] = []
    examples: list[Example] = []
    seen: set[str] = set()
    for path, nodes in ((directory / "orgs.yaml", org_nodes), (directory / "projects.yaml", project_nodes)):
        for node, line in nodes:
            rule = _entity_rule(node, path, line, lexicon)
            if rule.id in seen:
                raise RuleError(str(path), line, f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            if not node.get("not"):
                raise RuleError(str(path), line, f"rule {rule.id} has no 'not' examples; every entity rule needs some")
            rules.append(rule)
            examples.extend(_examples(node, f"{path.name}:{rule.id}", path, line, True, rule.type))
    return rules, lexicon, examples


def _entity_rule(node: dict[str, Any], path: Path, line: int, lexicon: EntityLexicon) -> EntityRule:
    rule_id = _require(node, "id", str, path, line)
    rule_type = _require(node, "type", str, path, line)
    if rule_type not in RECOGNIZERS:
        raise RuleError(str(path), line, f"rule type {rule_type!r} is not one of {tuple(RECOGNIZERS)}")
    recognizer = _require(node, "recognizer", str, path, line)
    if recognizer not in RECOGNIZERS[rule_type]:
        raise RuleError(str(path), line, f"recognizer {recognizer!r} is not one of {RECOGNIZERS[rule_type]} for {rule_type}")
    words: tuple[str, ...] = ()
    if recognizer in ("suffix", "regional", "gazetteer", "brand", "apposed", "head", "works", "role", "listed"):
        words = _longest_first(_word_list(node, "words", path, line))
    pattern = None
    if recognizer in ("pattern", "reported") or recognizer == "role" and "pattern" in node:  # (a role's cue may be a pattern)
        words = _longest_first(_word_list(node, "words", path, line)) if "words" in node else ()
        pattern = _named_pattern(node, path, line, words)
    if recognizer == "government":
        pattern = _government_pattern(node, path, line, lexicon.titles)
        words = _longest_first(_word_list(node, "cores", path, line))  # for jieba's dictionary
    lists = {key: tuple(_word_list(node, key, path, line)) if key in node else () for key in ("not_before", "parents", "children")}
    needs_level = node.get("needs_level", False)
    if not isinstance(needs_level, bool):
        raise RuleError(str(path), line, f"needs_level must be true or false, got {needs_level!r}")
    joins_org = node.get("joins_org", "")
    if joins_org not in ("", "optional", "required"):
        raise RuleError(str(path), line, f"joins_org must be optional or required, got {joins_org!r}")
    if "requires" in node and recognizer != "pattern":
        raise RuleError(str(path), line, "requires is for rules of the pattern recognizer")
    return EntityRule(rule_id, rule_type, recognizer, words, pattern, lists["not_before"], lists["parents"],
                      lists["children"], path.name, line, needs_level, joins_org, _requires(node, path, line))
