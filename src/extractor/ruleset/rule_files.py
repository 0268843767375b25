"""Reading rule files: safe YAML with line numbers (duplicate keys rejected), the shape
checks every rule file shares, inline examples, and literal alternations. rules.py (numbers)
and entity_rules.py (orgs, projects) both build on it, so neither imports the other's loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
import re
from typing import Any, Optional, Union

import regex

from ..errors import RuleError

Pattern = Union[regex.Pattern, re.Pattern]  # a compiled rule: most on regex, some on Python's re (rules.compile_on)


# --- YAML loading with line numbers ---------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the 1-based line where it started in its file."""

    line: int = 0


@lru_cache(maxsize=1)
def _line_loader() -> type:
    """SafeLoader that records line numbers and rejects duplicate keys. Made (and yaml imported)
    at the first rule file read: a process whose rules come from the disk cache reads none, and
    importing yaml cost its start-up 0.03 s.

    libyaml's parser when PyYAML was built with it: ~10x faster than the pure-Python one (0.40 s ->
    0.04 s for rules/); same nodes, marks and errors."""
    import yaml  # noqa: PLC0415 - see above

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = loader.construct_object(value_node, deep=True)
        return result

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def load_yaml(path: Path) -> LineDict:
    """Parse one rule file; syntax errors become RuleError with the file's line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), None, f"cannot read rule file: {exc}") from None
    loader = _line_loader()
    import yaml  # noqa: PLC0415 - imported by _line_loader

    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - the loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise RuleError(str(path), line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise RuleError(str(path), None, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(str(path), 1, "expected a mapping at the top of the file")
    return data


# --- examples and shape checks -------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """An inline example of a rule: a text and what must (or must not) come out of it."""

    source: str  # "numbers.yaml:number.quantity"
    line: int
    text: str
    expect: Optional[dict[str, Any]]  # None for a negative example
    kind: str  # "positive", "negative", "keeps"
    mention_type: Optional[str] = None  # a rule's type; None for exclusions (numbers and ratios)


# --- validation helpers ---------------------------------------------------------------


def _require(data: dict, key: str, kind: type, path: Path, line: int) -> Any:
    if key not in data:
        raise RuleError(str(path), line, f"missing required key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleError(str(path), line, f"{key!r} must be a {kind.__name__}, got {type(value).__name__}")
    return value


def _requires(node: dict, path: Path, line: int) -> tuple[str, ...]:
    """A rule's `requires`: strings one of which every text it matches in holds (a substring test
    skips the pattern on the many texts that hold none; tests check it on the corpus)."""
    requires = node.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
        raise RuleError(str(path), line, f"requires must be a list of non-empty strings, got {requires!r}")
    return tuple(requires)


def _line(node: Any, default: int) -> int:
    return getattr(node, "line", default)


def _check_keys(data: dict, allowed: set[str], path: Path, line: int) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(str(path), line, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def _alternation(surfaces: list[str]) -> str:
    """A regex alternation of literal surfaces, longest first so 千瓦时 beats 千瓦."""
    return "|".join(regex.escape(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)))


def trie_alternation(words: list[str]) -> str:
    """A regex matching any of `words` (longest wins) built as a prefix tree: the engine tries
    one branch per character instead of every word, many times faster on hundreds of them."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [regex.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{group})?" if "" in node else group

    return build(trie) if words else "(?!)"


def _examples(rule: dict, source: str, path: Path, line: int, expect_positive: bool,
              mention_type: Optional[str] = None) -> list[Example]:
    found: list[Example] = []
    positives = rule.get("examples", [])
    if expect_positive and not positives:
        raise RuleError(str(path), line, f"rule {source} has no examples; every rule needs at least one")
    for item in positives:
        item_line = _line(item, line)
        if not isinstance(item, dict) or "text" not in item or "span" not in item:
            raise RuleError(str(path), item_line, "an example needs 'text' and 'span'")
        if str(item["span"]) not in str(item["text"]):
            raise RuleError(str(path), item_line, f"example span {item['span']!r} is not in its text")
        found.append(Example(source, item_line, str(item["text"]), dict(item), "positive", mention_type))
    for key, kind in (("not", "negative"), ("keeps", "keeps")):
        items = rule.get(key, [])
        if not isinstance(items, list):
            raise RuleError(str(path), line, f"{key!r} must be a list of texts")
        found.extend(Example(source, line, str(text), None, kind, mention_type) for text in items)
    return found
