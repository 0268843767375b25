"""The only module that knows the stage order: fold -> match -> values (-> link)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .match import find_candidates
from .model import Document, Mention
from .normalize import fold_text
from .reader import document_ids, read_document
from .rules import RuleSet, load_rules
from .segment import Segmenter, sentence_index, sentence_starts
from .values import to_mention
from .write import OutputSet


class Extractor:
    """A loaded RuleSet and its Segmenter; build once, call `extract` per document."""

    def __init__(self, rules: Optional[RuleSet] = None, rules_dir: Optional[Path] = None) -> None:
        self.rules = rules if rules is not None else load_rules(rules_dir)
        self.segmenter = Segmenter(self.rules)

    def extract(self, text: str, doc_id: str = "text") -> list[Mention]:
        """Mentions in `text`, sorted by offset; offsets index `text` itself."""
        folded = fold_text(text, self.rules)
        starts = sentence_starts(folded)
        mentions = []
        for candidate in find_candidates(folded, self.rules, self.segmenter):
            mention = to_mention(candidate, text, doc_id, sentence_index(starts, candidate.start), self.rules)
            if mention is not None:
                mentions.append(mention)
        return mentions


@dataclass
class BatchSummary:
    documents: int = 0
    failed: int = 0
    mentions: int = 0
    failures: list[str] = field(default_factory=list)


def process_document(path: Path, doc_id: str, extractor: Extractor) -> tuple[Document, list[Mention], int]:
    """Read and extract one file; a bad file gives a `failed` Document, never an exception."""
    document = read_document(path, doc_id)
    if document.status != "ok":
        return document, [], 0
    return document, extractor.extract(document.text, doc_id), len(document.text)


def run_batch(paths: list[Path], out_dir: Path, extractor: Extractor, progress: bool = False) -> BatchSummary:
    """Process `paths` in order, streaming rows to the output set; commit at the end."""
    summary = BatchSummary()
    outputs = OutputSet(out_dir)
    ids = document_ids(paths)
    try:
        with _progress_bar(len(paths), progress) as advance:
            for path, doc_id in zip(paths, ids):
                document, mentions, chars = process_document(path, doc_id, extractor)
                outputs.add(document, mentions, chars)
                summary.documents += 1
                summary.mentions += len(mentions)
                if document.status != "ok":
                    summary.failed += 1
                    summary.failures.append(f"{path}: {document.reason}")
                advance(chars)
        outputs.commit()
    except BaseException:
        outputs.abort()  # keep the previous outputs intact, then let the error through
        raise
    return summary


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator:
    """A rich progress bar (files, chars/s, ETA) when enabled; a no-op otherwise."""
    if not enabled:
        yield lambda chars: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True,
    ) as bar:
        task = bar.add_task("files", total=total, rate="")
        started = time.monotonic()
        done_chars = 0

        def advance(chars: int) -> None:
            nonlocal done_chars
            done_chars += chars
            rate = done_chars / max(time.monotonic() - started, 1e-9)
            bar.update(task, advance=1, rate=f"{rate / 1000:,.0f}k chars/s")

        yield advance
