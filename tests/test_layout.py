"""The layout of src/extractor: one package per stage, imports that run one way (in the data's
direction), and no module over 400 lines. The imports are read from the source (ast), not run."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "extractor"
MOST_LINES = 400
# The stages in the order the data flows; a module may import from its own stage or an earlier
# one. errors and model are the shared vocabulary; pipeline alone knows the stage order; run
# drives pipelines over batches; the commands and the package's public face sit on top.
STAGE_ORDER = (
    ("errors", "model"),
    ("ruleset",),
    ("read",),
    ("text",),
    ("numbers",),
    ("names",),
    ("facts",),
    ("output",),
    ("pipeline",),
    ("run",),
    ("cli", "tools", "spacy_component"),
    ("__init__", "__main__"),
)
RANK = {stage: rank for rank, stages in enumerate(STAGE_ORDER) for stage in stages}


def stage_of(parts: tuple[str, ...]) -> str:
    """The stage of a module given its dotted parts below `extractor` (() is the package root)."""
    return parts[0] if parts else "__init__"


def imported_modules(path: Path, package: Path) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """(line, target parts below extractor, names) for every import of an extractor module in `path`."""
    rel = path.relative_to(package).with_suffix("").parts
    here = rel[:-1]  # the package a module (or an __init__) sits in
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            if node.level:
                base = here[:len(here) - (node.level - 1)] if node.level > 1 else here
                target = base + tuple(node.module.split(".")) if node.module else base
            elif node.module and node.module.split(".")[0] == "extractor":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            found.append((node.lineno, target, names))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "extractor":
                    found.append((node.lineno, tuple(alias.name.split(".")[1:]), ()))
    return found


def back_imports(package: Path) -> list[str]:
    """Every import from a later stage, as 'file:line imports module (stage a -> stage b)'."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        source = stage_of(path.relative_to(package).with_suffix("").parts)
        for line, target, names in imported_modules(path, package):
            if not target and names == ("__version__",):
                continue  # the version string is the package root's, loaded before any module
            # `from . import x` inside a stage names a module of that stage
            stage = stage_of(target)
            if RANK.get(stage, -1) > RANK[source]:
                where = path.relative_to(package)
                problems.append(f"{where}:{line} imports extractor.{'.'.join(target)} "
                                f"(stage {source} -> later stage {stage})")
    return problems


def test_every_module_belongs_to_a_known_stage() -> None:
    unknown = sorted({stage_of(p.relative_to(PACKAGE).with_suffix("").parts) for p in PACKAGE.rglob("*.py")} - set(RANK))
    assert not unknown, f"modules outside the stage order: {unknown} (add the stage to STAGE_ORDER)"


def test_imports_run_in_the_data_direction() -> None:
    assert back_imports(PACKAGE) == []


def test_a_back_import_is_caught(tmp_path: Path) -> None:
    """The check itself: a numbers module importing from facts is named, with file and line."""
    numbers = tmp_path / "numbers"
    numbers.mkdir()
    (numbers / "__init__.py").write_text("")
    (numbers / "values.py").write_text("from ..model import Mention\nfrom ..facts.periods import resolve_period\n")
    (tmp_path / "model.py").write_text("")
    assert back_imports(tmp_path) == [
        "numbers/values.py:2 imports extractor.facts.periods (stage numbers -> later stage facts)"]


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert not long, f"split by job: {long}"


def test_every_package_ships() -> None:
    """pyproject.toml lists the packages a wheel holds: a stage package left out would install broken."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {".".join(("extractor",) + p.parent.relative_to(PACKAGE).parts) for p in PACKAGE.rglob("__init__.py")}
    assert packages - listed == set()
