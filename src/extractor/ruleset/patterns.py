"""Rule patterns expanded and compiled: `{fragment}` references resolved, then compiled by
`regex` or by Python's `re` (a rule may name its engine)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import regex

from ..errors import RuleError
from .disk_cache import cache_key, cached
from .rule_files import Pattern

NUMERIC_CHAR = r"\P{Nt=None}"  # 0-9, 一, 万, 佰 …: any character with a numeric value
FRAGMENT_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
PATTERN_FLAGS = regex.VERBOSE | regex.VERSION0
ENGINES = ("regex", "re")


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


def compiled_patterns(name: str, sources: tuple[tuple[str, str, int], ...]) -> tuple[Pattern, ...]:
    """Each (engine, source, flags) compiled by `regex` or `re`, read back compiled from the disk
    cache when a process compiled the same sources before (keyed by them and the regex version):
    patterns a RuleSet's lexicon makes (the name recognizers') cost each start-up their compiling."""
    def build() -> tuple[Pattern, ...]:
        return tuple(regex.compile(source, flags) if engine == "regex" else re.compile(source, flags)
                     for engine, source, flags in sources)

    return cached(name, cache_key(regex.__version__.encode(), repr(sources).encode()), build, pickled=True)
