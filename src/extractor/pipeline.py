"""The only module that knows the stage order: fold -> match -> values -> entities -> link -> facts."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional, Union

from .names.entities import EntitySpan, Recognizers, SegmentedText, find_entities
from .ruleset.fact_rules import load_fact_rules
from .facts.facts import FactLinker
from .names.link import DocumentNames, to_entity_mentions
from .numbers.match import find_candidates
from .model import Fact, Mention, changed
from .text.normalize import fold_text
from .facts.periods import DocumentDate
from .ruleset.rules import RuleSet, load_rules
from .text.segment import Segmenter, ends_sentence, sentence_index, sentence_starts
from .text.window import with_evidence
from .numbers.values import to_mention
from .facts.table_cells import TableCells, document_region, outside, whole_place
from .ruleset.table_rules import load_table_rules
from .text.tables import find_tables


MENTION_VALUES = attrgetter(*(f.name for f in fields(Mention)))  # a Mention's fields in order, as a tuple


class Extractor:
    """A loaded RuleSet and its Segmenter; build once, call `extract` per document."""

    def __init__(self, rules: Optional[RuleSet] = None, rules_dir: Optional[Path] = None) -> None:
        self.rules = rules if rules is not None else load_rules(rules_dir)
        self.segmenter = Segmenter(self.rules)
        self.recognizers = Recognizers(self.rules)
        self.fact_linker = FactLinker(load_fact_rules(self.rules.directory / "facts.yaml"), self.segmenter)
        self.table_cells = TableCells(load_table_rules(self.rules.directory / "tables.yaml"), self.rules,
                                      self.fact_linker.rules.period)

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
        mentions, facts, _ = self.extract_noted(text, doc_id, names, year)
        return mentions, facts

    def extract_noted(self, text: str, doc_id: str = "text", names: Optional[DocumentNames] = None,
                      year: Optional[int] = None) -> tuple[list[Mention], list[Fact], Optional[str]]:
        """extract_document, and a one-line note on what was skipped (table cells), or None."""
        mentions, folded, starts = self._mentions(text, doc_id, names)
        mentions, facts, note = self._facts(text, folded, starts, mentions, doc_id, self.fact_linker.document_date(folded, year))
        return mentions, with_evidence(text, facts, mentions, starts), note

    def _facts(self, text: str, folded: str, starts: list[int], mentions: list[Mention], doc_id: str,
               when: DocumentDate) -> tuple[list[Mention], list[Fact], Optional[str]]:
        """Facts of the prose, and of each figure cell of the text's tables (SPEC "Tables"): a cell
        is its own mention, in place of what the number rules found in it."""
        tables = find_tables(text)
        if not tables:
            return mentions, self.fact_linker.link(folded, mentions, starts, when), None
        places, zones = self.fact_linker.places(), self.fact_linker.rules.zones
        cells = self.table_cells.read(text, folded, tables, doc_id, starts, when, document_region(places, folded, zones),
                                      mentions, lambda label: whole_place(places, zones, label))
        prose = outside(cells.spans, mentions)
        kept = set(map(id, prose))
        in_tables = [m for m in mentions if id(m) not in kept]
        figures = sorted((m.start, m.end) for m in cells.mentions)
        mentions = sorted(prose + outside(figures, in_tables) + cells.mentions, key=lambda m: (m.start, -m.end, m.type))
        position = {m.id: m.start for m in mentions}
        facts = self.fact_linker.link(folded, prose, starts, when) + [changed(f, region_code=places.code_of(f.region)) for f in cells.facts]
        return mentions, sorted(facts, key=lambda f: position[f.mention_id]), cells.note

    def _mentions(self, text: str, doc_id: str, names: Optional[DocumentNames]) -> tuple[list[Mention], str, list[int]]:
        folded, starts, numbers, doc, spans = self._find(text, doc_id)
        if names is None:
            names = DocumentNames(self.rules)
            names.add(doc, spans)
        return self._linked(text, doc_id, starts, numbers, doc, spans, names), folded, starts

    def _find(self, text: str, doc_id: str) -> tuple[str, list[int], list[Mention], SegmentedText, list[EntitySpan]]:
        """What a text holds by itself: numbers and ratios as Mentions, org and project spans."""
        folded = fold_text(text, self.rules)
        starts = sentence_starts(folded)
        numbers = []
        for candidate in find_candidates(folded, self.rules, self.segmenter):
            mention = to_mention(candidate, text, doc_id, sentence_index(starts, candidate.start), self.rules)
            if mention is not None:
                numbers.append(mention)
        doc = SegmentedText(folded, self.segmenter, self.rules.entity_lexicon)
        return folded, starts, numbers, doc, find_entities(doc, self.rules, self.recognizers)

    def _linked(self, text: str, doc_id: str, starts: list[int], numbers: list[Mention], doc: SegmentedText,
                spans: list[EntitySpan], names: DocumentNames) -> list[Mention]:
        """The text's mentions once the document's names are known (short names linked)."""
        mentions = numbers + to_entity_mentions(names.short_forms(doc, spans), text, doc_id, starts, names)
        return sorted(mentions, key=lambda m: (m.start, -m.end, m.type))

    def extract_chunks(self, chunks: Callable[[], Iterable[str]], doc_id: str = "text",
                       year: Optional[int] = None) -> Iterator[tuple[str, Union[Mention, Fact]]]:
        """("mentions", Mention) and ("facts", Fact) of a text given in pieces ending at line
        breaks (large files), as if it had been extracted in one piece.

        `chunks` yields the pieces afresh on each call: a first pass collects the document's
        org and project names so short names link to full names anywhere in it; the second
        reuses what the first found. Offsets, sentence numbers and ids are shifted to index
        the whole text.
        """
        names = DocumentNames(self.rules)
        # Pass one finds each piece's numbers and names once; they wait in a temporary file
        # (memory stays flat) while the names of the whole document are collected, and pass
        # two only links short names and facts (finding them twice cost ~70% more than a folder).
        with tempfile.TemporaryFile() as found:
            for chunk in chunks():
                _, _, numbers, doc, spans = self._find(chunk, doc_id)
                names.add(doc, spans)
                # The clauses segmented here go too: pass two would segment most of them again.
                # Numbers as tuples of their fields: as objects they cost 3x as much to write and read.
                pickle.dump(([MENTION_VALUES(m) for m in numbers], spans, doc.segmented()), found,
                            protocol=pickle.HIGHEST_PROTOCOL)
            found.seek(0)
            yield from self._linked_chunks(chunks(), found, names, doc_id, year)

    def _linked_chunks(self, chunks: Iterable[str], found: IO[bytes], names: DocumentNames,
                       doc_id: str, year: Optional[int]) -> Iterator[tuple[str, Union[Mention, Fact]]]:
        when: Optional[DocumentDate] = None  # the document's date, from its first piece that has one
        offset = sentence_base = 0
        inside = False  # the piece before ended inside a sentence (a long line cut): this one goes on with it
        for chunk in chunks:
            number_values, spans, segmented = pickle.load(found)
            numbers = [Mention(*values) for values in number_values]
            folded = fold_text(chunk, self.rules)
            starts = sentence_starts(folded)
            doc = SegmentedText(folded, self.segmenter, self.rules.entity_lexicon, segmented)
            mentions = self._linked(chunk, doc_id, starts, numbers, doc, spans, names)
            if when is None or when.year is None:
                when = self.fact_linker.document_date(folded, year)
            mentions, facts, _ = self._facts(chunk, folded, starts, mentions, doc_id, when)  # notes: whole documents only
            facts = with_evidence(chunk, facts, mentions, starts)
            if inside and starts[0] == 0 and folded[:1].strip():
                sentence_base -= 1
            moved = [changed(m, start=m.start + offset, end=m.end + offset, sentence=m.sentence + sentence_base)
                     for m in mentions]
            for mention in moved:
                yield "mentions", mention
            # A mention's id is computed on each read: only facts need them, by their owner's id.
            shifted = {m.id: mention for m, mention in zip(mentions, moved)} if facts else {}
            for fact in facts:
                owner = shifted[fact.mention_id]
                yield "facts", changed(fact, id=owner.id + fact.id[len(fact.mention_id):], mention_id=owner.id,
                                       sentence=fact.sentence + sentence_base, **_shifted_evidence(fact, offset, sentence_base))
            offset += len(chunk)
            if chunk.strip():
                sentence_base += len(starts)
                inside = not ends_sentence(folded)


def _shifted_evidence(fact: Fact, offset: int, sentences: int) -> dict:
    """A piece's fact's evidence offsets and sentence numbers, moved to index the whole text."""
    moved: dict = {"evidence_start": fact.evidence_start + offset, "evidence_end": fact.evidence_end + offset}
    for field in ("period_by", "region_by", "modality_by"):
        decided = getattr(fact, field)
        if decided is not None:
            moved[field] = decided.shifted(offset, sentences)
    return moved
