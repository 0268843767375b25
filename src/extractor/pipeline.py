"""The only module that knows the stage order: fold -> match -> values -> entities -> link -> facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .entities import Recognizers, SegmentedText, find_entities
from .facts import FactLinker, load_fact_rules
from .link import DocumentNames, to_entity_mentions
from .match import find_candidates
from .model import Fact, Mention
from .normalize import fold_text
from .periods import DocumentDate, document_date
from .rules import RuleSet, load_rules
from .segment import Segmenter, sentence_index, sentence_starts
from .values import to_mention


class Extractor:
    """A loaded RuleSet and its Segmenter; build once, call `extract` per document."""

    def __init__(self, rules: Optional[RuleSet] = None, rules_dir: Optional[Path] = None) -> None:
        self.rules = rules if rules is not None else load_rules(rules_dir)
        self.segmenter = Segmenter(self.rules)
        self.recognizers = Recognizers(self.rules)
        self.fact_linker = FactLinker(load_fact_rules(self.rules.directory / "facts.yaml"), self.segmenter)

    def warm_up(self) -> None:
        """Load what loads lazily on the first document (jieba's tables), e.g. before forking."""
        self.extract_document("全区共有12家企业。")

    def extract(self, text: str, doc_id: str = "text", names: Optional[DocumentNames] = None) -> list[Mention]:
        """Mentions in `text`, sorted by offset; offsets index `text` itself.

        `names` are the document's names when `text` is one piece of it (see extract_chunks).
        """
        return self._mentions(text, doc_id, names)[0]

    def extract_document(self, text: str, doc_id: str = "text", names: Optional[DocumentNames] = None,
                         year: Optional[int] = None) -> tuple[list[Mention], list[Fact]]:
        """Mentions and the facts linked from them (subject, period, owner, dates, measure, region).

        `year` dates a text that gives none (今年, 上半年); else its own first full date or year does.
        """
        mentions, folded, starts = self._mentions(text, doc_id, names)
        return mentions, self.fact_linker.link(folded, mentions, starts, document_date(folded, year))

    def _mentions(self, text: str, doc_id: str, names: Optional[DocumentNames]) -> tuple[list[Mention], str, list[int]]:
        folded = fold_text(text, self.rules)
        starts = sentence_starts(folded)
        mentions = []
        for candidate in find_candidates(folded, self.rules, self.segmenter):
            mention = to_mention(candidate, text, doc_id, sentence_index(starts, candidate.start), self.rules)
            if mention is not None:
                mentions.append(mention)
        doc = SegmentedText(folded, self.segmenter, self.rules.entity_lexicon)
        spans = find_entities(doc, self.rules, self.recognizers)
        if names is None:
            names = DocumentNames(self.rules)
            names.add(doc, spans)
        mentions += to_entity_mentions(names.short_forms(doc, spans), text, doc_id, starts, names)
        return sorted(mentions, key=lambda m: (m.start, -m.end, m.type)), folded, starts

    def document_names(self, chunks: Iterable[str]) -> DocumentNames:
        """The org and project names of a document given in pieces (first pass of extract_chunks)."""
        names = DocumentNames(self.rules)
        for chunk in chunks:
            doc = SegmentedText(fold_text(chunk, self.rules), self.segmenter, self.rules.entity_lexicon)
            names.add(doc, find_entities(doc, self.rules, self.recognizers))
        return names

    def extract_chunks(self, chunks: Callable[[], Iterable[str]], doc_id: str = "text",
                       year: Optional[int] = None) -> Iterator[tuple[str, Union[Mention, Fact]]]:
        """("mentions", Mention) and ("facts", Fact) of a text given in pieces ending at line
        breaks (large files), as if it had been extracted in one piece.

        `chunks` yields the pieces afresh on each call: a first pass collects the document's
        org and project names so short names link to full names anywhere in it. Offsets,
        sentence numbers and ids are shifted to index the whole text.
        """
        names = self.document_names(chunks())
        when: Optional[DocumentDate] = None  # the document's date, from its first piece that has one
        offset = sentence_base = 0
        for chunk in chunks():
            mentions, folded, starts = self._mentions(chunk, doc_id, names)
            if when is None or when.year is None:
                when = document_date(folded, year)
            facts = self.fact_linker.link(folded, mentions, starts, when)
            shifted = {m.id: replace(m, start=m.start + offset, end=m.end + offset, sentence=m.sentence + sentence_base)
                       for m in mentions}
            for mention in mentions:
                yield "mentions", shifted[mention.id]
            for fact in facts:
                owner = shifted[fact.mention_id]
                yield "facts", replace(fact, id=owner.id + fact.id[len(fact.mention_id):], mention_id=owner.id,
                                       sentence=fact.sentence + sentence_base)
            offset += len(chunk)
            sentence_base += len(starts) if chunk.strip() else 0
