"""`extractor rules check`: load the rule files and run every inline example."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import RuleError
from .app import EXIT_FAILED, fail_usage, rules_app
from .examples import example_failures

RULES_CHECK_HELP = """Load the rule files (a broken one is reported as FILE:LINE: problem, exit 2),
then run every inline example: positive examples, `not` texts, exclusion `keeps` texts and
numeral examples, exactly as the test suite does. Prints each failure and the counts; exit 1
when any example fails.

Example:  extractor rules check --rules my_rules/"""

@rules_app.command("check", help=RULES_CHECK_HELP)
def rules_check(
    rules: Annotated[Optional[Path], typer.Option("--rules", help="Rule folder (default: the rules shipped with the package).")] = None,
) -> None:
    from ..pipeline import Extractor
    from ..ruleset.rules import load_rules

    try:
        ruleset = load_rules(rules)
        extractor = Extractor(rules=ruleset)
    except RuleError as exc:
        raise fail_usage(f"bad rule file: {exc}") from None
    passed = failed = 0
    for example_id, failure in example_failures(extractor, ruleset):  # examples.py, shared with the tests
        if failure is None:
            passed += 1
            continue
        failed += 1
        typer.echo(f"FAIL {example_id}\n     {failure}")
    typer.echo(f"{ruleset.directory}: {len(ruleset.rules)} rules, {len(ruleset.exclusions)} exclusions; "
               f"examples: {passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_FAILED)
