"""Short names -> full names within one document, and org/project spans -> Mentions.

A district report names a company in full once (天津红日药业股份有限公司) and by its short
name elsewhere (红日药业); both mentions get the full name as `canonical`.
"""

from __future__ import annotations

from array import array
from collections import Counter
from typing import Iterable, Optional

import ahocorasick_rs
import regex

from .evidence import cued_names
from .entities import SegmentedText, EntitySpan, resolve_overlaps
from .short_names import (declared_short_names, normalize_name, org_short_names, owned_project_short_names,
                          project_short_names)
from ..model import Mention
from ..ruleset.rules import RuleSet
from ..numbers.match import SpanSet
from ..text.segment import sentence_index

SCAN_NAMES = 64  # up to this many names, a full name is looked for by a plain scan (cheaper than indexing)
CANONICAL_CACHE = 50_000  # names whose full name is remembered; the cache is emptied past it
MISSING = object()
LIST_MARKS = "、和及"  # a zone's kind listed among other kinds (镇、街道、开发区) stands for no one zone
CLASS_ENDS = "类级"  # …and after a class or a level (A类|综保区, 省级|高新区): the kind ranked, no one zone
# Words of the clause (verbs, prepositions, particles, pronouns, adverbs …) before a zone's kind
# alone: it stands there for the document's one zone of that kind (为|高新区, 推动|示范区).
CLAUSE_TAGS = frozenset({"v", "p", "c", "u", "uj", "ul", "r", "d", "ad", "m", "q", "f", "t"})
NAME_CHAR = regex.compile(r"\p{Han}")


def _piece(name: str, i: int) -> int:
    """The two characters at `i` as one int (a dict key a third the size of a 2-character str)."""
    return ord(name[i]) << 21 | ord(name[i + 1])


_RULE_WORDS: dict[int, tuple[RuleSet, tuple]] = {}  # id(rules) -> (rules, _rule_words(rules)), one a RuleSet


def _rule_words(rules: RuleSet) -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...], frozenset[str], list]:
    """What DocumentNames reads of the rules, made once a RuleSet, not once a document: project
    heads, short-form rule ids by type, the zone kinds that stand for the document's one zone of
    that kind (高新区 for 无锡高新区), longest first, the ids of rules whose names the document
    showed to be orgs, and the role rules."""
    known = _RULE_WORDS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    lex = rules.entity_lexicon
    words = (tuple(w for r in rules.entity_rules if r.recognizer == "head" for w in r.words),
             {r.type: r.id for r in rules.entity_rules if r.recognizer == "short_form"},
             tuple(sorted((z for z in (lex.zone_heads if lex else ()) if len(z) >= 3), key=len, reverse=True)),
             frozenset(r.id for r in rules.entity_rules if r.recognizer in ("role", "enumeration", "reported")),
             [r for r in rules.entity_rules if r.recognizer == "role"])
    if len(_RULE_WORDS) >= 8:  # a process holds one or two RuleSets; tests build more
        _RULE_WORDS.clear()
    _RULE_WORDS[id(rules)] = (rules, words)
    return words


class DocumentNames:
    """The names of one document: its full names in order, and short name -> full name.

    Built from every text of the document before linking, so a short name may come before
    its full name, even in another chunk of a large file.
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.heads, self.short_rules, self.zone_shorts, self.evidenced_rules, self.role_rules = _rule_words(rules)
        # type + "\t" + normalized name, in first appearance order, and the same strings as a
        # set: one string per name, no tuples (a 200 MB file holds hundreds of thousands).
        self.names: list[str] = []
        self._seen: set[str] = set()
        self.full_of: dict[tuple[str, str], str] = {}  # (type, short name as folded) -> full name
        # Bare names the document showed to be orgs (a role after one, a list of companies, the
        # evidenced_rules): name as folded -> (type, rule id); their other occurrences are found
        # like short names.
        self.bare: dict[str, tuple[str, str]] = {}
        self.cues: Counter = Counter()  # (type, rule id, cued name): role cues of the whole document
        # Two-character piece -> indexes into `names` of the names that hold it: a full name
        # is looked up among the few names sharing a piece with the short one, not all of them.
        # Built only once a document has many names (a plain scan is cheaper below that).
        # Pieces are keyed by their two code points as one int, and a piece held by one name
        # maps to that name's index: most pieces are held by one name (a third of the memory).
        self._by_piece: dict[int, int | array] = {}
        self._indexed = 0  # names[:_indexed] are in _by_piece
        self._matcher: tuple[ahocorasick_rs.AhoCorasick, list[str]] | None = None  # the short names, built on first use
        self._canonical: dict[tuple[str, str], str | None] = {}  # cache: a document has few names, many mentions

    def add(self, doc: SegmentedText, spans: list[EntitySpan]) -> None:
        org_end_at = {span.start: span.end for span in spans if span.type == "org"}
        for span in spans:
            name = normalize_name(doc.text[span.start : span.end])
            key = f"{span.type}\t{name}"
            if key not in self._seen:
                self._seen.add(key)
                self.names.append(key)
            shorts = (org_short_names(doc, span) + declared_short_names(doc, span) if span.type == "org"
                      else project_short_names(doc, span, self.heads, self.zone_shorts)
                      + owned_project_short_names(doc, span, org_end_at.get(span.start), self.heads))
            for short in shorts:
                known = self.full_of.setdefault((span.type, short), name)
                if known != name and short in self.zone_shorts:
                    self.full_of[(span.type, short)] = ""  # two zones of that kind: 高新区 says neither
            if span.rule_id in self.evidenced_rules and not self._common_word(doc, span):
                self.bare.setdefault(doc.text[span.start : span.end], (span.type, span.rule_id))
        self._count_cues(doc, spans)
        self._matcher = None
        self._canonical.clear()

    @staticmethod
    def _common_word(doc: SegmentedText, span: EntitySpan) -> bool:
        """A listed firm named by one common word jieba knows (曙光/n, 联想/v): an org where the
        list shows it, but elsewhere the word is as often the word itself or part of a longer
        name (曙光|数据中心, 海光|信息), so its other occurrences are not taken."""
        words = doc.inner_words(span.start, span.end)
        return len(words) == 1 and span.end - span.start > 1 and not doc.has_proper_core(words, brands=True)

    def _count_cues(self, doc: SegmentedText, spans: list[EntitySpan]) -> None:
        """Role cues of the whole document (evidence.cued_names): a bare name cued twice is an
        org wherever it stands (华商财经|记者 … 华商财经|记者), in one piece or many."""
        if not self.role_rules:
            return
        ends = {span.end: span for span in spans}
        for rule in self.role_rules:
            for cue in cued_names(doc, rule, self.rules.entity_lexicon):
                other = ends.get(cue.end)
                if other is not None and other.rule_id != rule.id:
                    continue  # 新华社|记者: another rule's name
                key = (cue.type, rule.id, doc.text[cue.start : cue.end])
                self.cues[key] += 1
                if self.cues[key] == 2:
                    self.bare.setdefault(key[2], (cue.type, rule.id))

    def short_forms(self, doc: SegmentedText, found: list[EntitySpan]) -> list[EntitySpan]:
        """`found` plus the short names of the document's full names that occur in this text as
        words, outside any name of the same type already found."""
        if not self.full_of and not self.bare:
            return found
        extra: list[EntitySpan] = []
        taken = {kind: SpanSet([(f.start, f.end) for f in found if f.type == kind]) for kind in self.short_rules}
        first_at: Optional[dict[str, int]] = None  # zone's full name -> its first occurrence in this text
        for s, short in self._occurrences(doc.text):
            e = s + len(short)
            listed_kind = short in self.zone_shorts and (doc.text[s - 1 : s] in LIST_MARKS or doc.text[e : e + 1] in LIST_MARKS
                                                         or doc.text[s - 1 : s] in CLASS_ENDS or self._named_before(doc, s))
            spans = []
            for kind, rule_id in self.short_rules.items():
                full = self.full_of.get((kind, short))
                if full and short in self.zone_shorts:  # a zone's kind alone refers back to the zone named
                    first_at = self._first_zones(doc.text) if first_at is None else first_at  # before it (产业园区|
                    full = full if first_at.get(full, -1) < s else ""  # 管理机构 before the one 某某产业园区: the kind)
                if full and not taken[kind].overlaps(s, e) and not listed_kind:  # (镇、街道、开发区: kinds)
                    spans.append(EntitySpan(s, e, kind, rule_id, canonical=full, priority=5))
            bare = self.bare.get(short)
            if bare is not None and not spans and not taken[bare[0]].overlaps(s, e):
                spans.append(EntitySpan(s, e, bare[0], bare[1], priority=5))  # 华商财经 again
            # Word edges last: most occurrences lie inside a name already found, and segmenting
            # their clauses only to drop them cost a large file's second pass ~4%.
            if spans:
                edges = doc.boundaries(s, e)
                if s in edges and e in edges:
                    extra.extend(spans)
        return resolve_overlaps(found + extra)

    def _first_zones(self, text: str) -> dict[str, int]:
        """Where each full name of a zone with a kind short form first occurs in `text` (not
        found: absent): one Aho-Corasick pass, linear in the text however many zones it names."""
        fulls = sorted({full for (_, short), full in self.full_of.items() if full and short in self.zone_shorts})
        first: dict[str, int] = {}
        if fulls:
            for index, start, _ in ahocorasick_rs.AhoCorasick(fulls).find_matches_as_indexes(text, overlapping=True):
                first.setdefault(fulls[index], start)
        return first

    @staticmethod
    def _named_before(doc: SegmentedText, start: int) -> bool:
        """A zone's kind alone (示范区) written right after name words (共同富裕|示范区, 发展|示范区):
        the end of another zone's name, not the document's one zone of that kind."""
        before = [(a, b) for a, b in doc.near(max(0, start - 4), start) if b == start]
        return bool(before) and doc.tags.get(doc.text[before[0][0]:start]) not in CLAUSE_TAGS and NAME_CHAR.match(doc.text[start - 1]) is not None

    def _occurrences(self, text: str) -> list[tuple[int, str]]:
        """(start, short name) of the longest short name starting at each position, overlaps
        included, in one Aho-Corasick pass: linear in the text however many names a document
        has (a regex of 100,000 names of a 200 MB file cost 1.7 us a character)."""
        if self._matcher is None:
            shorts = sorted({short for _, short in self.full_of} | set(self.bare))
            self._matcher = (ahocorasick_rs.AhoCorasick(shorts), shorts)
        matcher, shorts = self._matcher
        longest: dict[int, str] = {}
        for index, start, _ in matcher.find_matches_as_indexes(text, overlapping=True):
            short = shorts[index]
            if len(short) > len(longest.get(start, "")):
                longest[start] = short
        return sorted(longest.items())

    def canonical(self, span: EntitySpan, name: str) -> str | None:
        """The first longer full name of the same type that contains this name, or the
        gazetteer's full name when it appears in the document; a branch is not its parent."""
        if span.canonical:
            return span.canonical
        key = (span.type, name)
        found = self._canonical.get(key, MISSING)
        if found is MISSING:
            if len(self._canonical) >= CANONICAL_CACHE:
                self._canonical.clear()  # a bound: a 200 MB file has hundreds of thousands of names
            found = self._canonical[key] = self._find_canonical(span.type, name)
        return found

    def _index_pieces(self) -> None:
        """Add the names not yet indexed to the two-character piece index."""
        by_piece = self._by_piece
        for index in range(self._indexed, len(self.names)):
            name = self.names[index].partition("\t")[2]
            for piece in {_piece(name, i) for i in range(len(name) - 1)}:
                held = by_piece.get(piece)
                if held is None:
                    by_piece[piece] = index
                elif isinstance(held, int):
                    by_piece[piece] = array("i", (held, index))
                else:
                    held.append(index)
        self._indexed = len(self.names)

    def _find_canonical(self, kind_of_span: str, name: str) -> str | None:
        lex = self.rules.entity_lexicon
        assert lex is not None
        derived = self.full_of.get((kind_of_span, name))
        if derived:  # a short form made from a full name of the document: 铁科纵横科技 of 铁科纵横(天津)科技…
            return derived
        if len(name) < 2 or len(self.names) <= SCAN_NAMES:
            candidates: Iterable[int] = range(len(self.names))
        else:
            self._index_pieces()
            pieces = [self._by_piece.get(_piece(name, i)) for i in range(len(name) - 1)]
            candidates = () if any(p is None for p in pieces) else min(
                ((p,) if isinstance(p, int) else p for p in pieces), key=len)
        for index in candidates:  # ascending: the first full name in the document wins
            if name not in self.names[index]:
                continue  # (a name holds no tab, so this tests the full name)
            kind, _, full = self.names[index].partition("\t")
            if kind == kind_of_span and name != full and name in full and not full.endswith(lex.branch_forms):
                return full
        listed = lex.gazetteer.get(name)
        if listed and listed != name and f"org\t{listed}" in self._seen:
            return listed
        return None


def to_entity_mentions(spans: list[EntitySpan], original: str, doc_id: str, starts: list[int],
                       names: DocumentNames) -> list[Mention]:
    """Mentions with `name` (normalized) and `canonical` (the full name, for short forms)."""
    mentions = []
    for span in spans:
        name = normalize_name(original[span.start : span.end])
        mentions.append(Mention(
            doc_id=doc_id,
            type=span.type,
            text=original[span.start : span.end],
            start=span.start,
            end=span.end,
            sentence=sentence_index(starts, span.start),
            name=name,
            canonical=names.canonical(span, name),
            rule=span.rule_id,
        ))
    return mentions
