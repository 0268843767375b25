"""The `extractor` command's Typer app, its exit codes and its one-line usage errors; each
command lives in a module of its own beside this one."""

from __future__ import annotations

import typer

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="extractor", no_args_is_help=True, add_completion=True, rich_markup_mode=None,
    help="Tools around `extract`: score an output folder against gold mentions, check the rule files.\n\n"
         "Example:  extractor rules check",
)
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="Work with the rule files.\n\nExample:  extractor rules check --rules rules/")
app.add_typer(rules_app, name="rules")


class UsageError(Exception):
    """Bad input to a tool (gold file, output folder): one line, exit 2."""


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"extractor: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


