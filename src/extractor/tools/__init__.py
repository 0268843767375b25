"""`extractor`: tools around `extract` — score an output folder, check the rule files.

    extractor eval GOLD OUTDIR       precision, recall, F1 per type and value accuracy
    extractor texts GOLD DIRECTORY   a benchmark's texts as files, to run `extract` on
    extractor names OUTDIR           the distinct orgs and projects of a run, with context
    extractor rules check            validate rules/ and run every inline example

Exit status: 0 ok, 1 a check failed (an example, or --min-f1), 2 usage error or unreadable
input (a bad gold file, a missing output folder, a broken rule file).
"""

from .app import app
from . import eval_command, names_command, rules_command, texts_command  # noqa: F401 - each registers its command on app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app(prog_name="extractor")
