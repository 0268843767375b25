"""Every error the extractor reports, in one place; messages are one line each."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class: anything the CLI turns into a clear message and an exit code."""


class RuleError(ExtractorError):
    """A rule file is broken. Names the file and line so the author can fix it."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class InputError(ExtractorError):
    """An input file cannot be read or decoded; becomes a `failed` document row."""


class OutputError(ExtractorError):
    """An output file cannot be written; the run stops with a non-zero exit."""


class OutputBusy(ExtractorError):
    """Another run holds the lock on --out; this one exits 2 without touching it."""


class StateError(ExtractorError):
    """--incremental cannot trust the previous output set (unreadable, or files of two runs)."""
