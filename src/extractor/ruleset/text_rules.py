"""normalize.yaml: one-character folds, HTML leftovers blanked in place, noise runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import regex

from ..errors import RuleError
from .patterns import _compile
from .rule_files import _check_keys, _line, _require


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
