"""What every recognizer shares: the patterns compiled once per RuleSet from the name rules'
words and lexicon, the name-shape constants, and the walks over a document's words."""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

import ahocorasick_rs
import regex

from ...ruleset.patterns import compiled_patterns
from ...ruleset.rule_files import _alternation, trie_alternation
from ...ruleset.rules import RuleSet
from ..entity_text import NAME_UNIT, SegmentedText
from ..name_start import PHASE_NUMBERS

NAME_RUN_BEFORE = regex.compile(rf"(?r){NAME_UNIT}+\Z")  # the name characters just before a head
# The last character of a window that is not one of NAME_UNIT's one-character units (searched
# backwards; `regex`: a `re` class with the Han block costs each start-up 10 M instructions to
# compile), and marks and spaces that no NAME_UNIT holds or ends (not ), —, × or /): where a run
# of name characters stops.
LAST_OTHER = regex.compile(r"(?r)[^\p{Han}A-Za-z0-9&·]")
PLAIN_STOPS = frozenset("，。、；：！？“”‘’《》「」【】（）,.;:!?\"'(<>[]{}-+=*%#@~|\\ \t\r\n\u3000…")
PAREN_PHASE = re.compile(rf"\([{PHASE_NUMBERS}]期\)|\([^\W\d_A-Za-z]{{1,8}}(?:段|片区)\)")  # …项目(一期), …国家公园(江南片区)
ATTACHED = regex.compile(r"(?:附属|附设)[^\P{Han}与和及同、]{0,6}\Z")  # 医学院|附属第一|医院, 医学院|附属瑞金|医院
ORG_HEAD_CHARS = frozenset("局委部办厅署院所会党队社行司站台府校馆团军处中心")
PARTY_PREFIXES = ("中国共产党", "中共")  # before a region + a party committee: 中共天津市委
PARTY_COMMITTEE_ENDS = ("委", "党组", "工委")  # bodies a party prefix may head: 中共 + 故城 + 县委
MAX_NAME = 32  # characters of name before a head word (a park + its facility + a bracket: 26 and more)
AMOUNT_START = re.compile(r"[0-9０-９一二三四五六七八九十百千万两逾约近超]")  # 投资15亿元, 投资约3亿元
# A match at a position gets an end bound: `regex` looks ahead through the rest of the text for a
# pattern's required literal (the 等 of …、B、C等项目), which made each candidate cost O(text).
ENUMERATION_REACH = 400  # characters a list of projects after a name may run to its 等
SLOGAN_NUMERALS = "一二两三四五六七八九十百千"
SLOGAN_COUNTS = SLOGAN_NUMERALS + "多"  # (多: many, a count with no number)
DASHES = "-—–"  # 南坑水库-北岭水库, 东湖水库—西岭水库
# A year, quarter or half-year inside a would-be name: a plan's category (2023年重大项目).
PERIOD_INSIDE = re.compile(r"[0-9０-９]{2,4}年|[一二三四1-4１-４]季度|[上下]半年|年度")
# 等 + a category of places (青川、白水等地零碳园区): the items are places where projects are, not projects.
# (nor 等市属, 等省属: city- or province-owned firms, 等市属国企)
NOT_PLACES = "(?!地(?!方)|市(?![场级属])|县(?![域级属])|省(?![际级内外属])|城市)"  # not 等省级, 等省际, 等市场
COUNT_CHARS = "23456789两二三四五六七八九"  # a count of 2-9 firms before 家 that closes a list of them
COUNT_AFTER = regex.compile(r"[^\s、，,。；;：:等]")  # what stands before such a count: no mark, space or 等
ENUM_ITEM = r"[^\s、，,。；;：:！!？?“”\"'‘’()（）《》【】等]{2,14}"

def _word_pattern(words: Iterable[str]) -> re.Pattern:
    """Any of `words`, longest first, as a prefix tree. Literal words only, so the standard
    `re` engine does it (about 3x faster than `regex`); no leading lookahead, which would
    hide the tree's first characters from `re`'s fast scan (a third slower)."""
    return re.compile(_word_source(words))


def _word_source(words: Iterable[str]) -> str:
    """_word_pattern's source."""
    words = list(words)
    return f"(?:{trie_alternation(words)})" if words else "(?!)"

class WordMatcher:
    """Any of `words`, longest at the leftmost start, non-overlapping, left to right: what
    _word_pattern's finditer gives, in one Aho-Corasick pass of Rust code (ahocorasick_rs) where
    `re` tried the prefix tree at each character that opens a word (2-4x as long on a report)."""

    def __init__(self, words: Iterable[str]) -> None:
        words = sorted(set(words))
        self._automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) if words else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._automaton is None:
            return []
        return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(text)]


class KnownWords:
    """Where any of `words` occurs, overlapping: each start with the longest word there, so
    a search from any position (the leftmost start at or after it, its longest word: what
    _word_pattern's search gives) is a bisection, all found in one Aho-Corasick pass."""

    def __init__(self, words: Iterable[str]) -> None:
        words = sorted(set(words))
        self._automaton = ahocorasick_rs.AhoCorasick(words) if words else None

    def longest_at(self, text: str) -> tuple[list[int], dict[int, int]]:
        """(starts in order, start -> end of its longest word)."""
        longest: dict[int, int] = {}
        if self._automaton is not None:
            for _, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
                if end > longest.get(start, -1):
                    longest[start] = end
        return sorted(longest), longest


def _head_chains(doc: SegmentedText, heads: WordMatcher) -> Iterator[tuple[int, int, int]]:
    """(first head start, last head start, end) of runs of adjacent head words that stand as
    words: the end is a word boundary, and a one-character head starts one (园 not in 园区)."""
    chain: Optional[list[int]] = None
    for hs, he in heads.spans(doc.text):
        edges = doc.boundaries(max(0, hs - 1), he)
        if he not in edges and not any(
                s < he < e and (doc.text[he:e] in doc.lex.titles or he - hs > 1 and e - he == 1 and doc.is_stop(he, e)
                                or s == hs and he - hs > 1 and e - he > 1 and doc.tags.get(doc.text[he:e]) in ("v", "vn"))
                for s, e in doc.near(hs, he)):
            continue  # 城市: the head runs on into a longer word (but 协会|会长 ends at the title, 分行|为 at a
            # particle, 工程|建设 of 工程建设 at the verb of the clause; not 党组|织 of 党组织: one character)
        if he - hs == 1 and hs not in edges and not any(s < hs and e == he for s, e in doc.near(hs, he)):
            continue  # 围城 is one word; 生物谷 too, but it ends with the head
        if chain is not None and chain[2] == hs:
            chain[1:] = [hs, he]
            continue
        if chain is not None:
            yield chain[0], chain[1], chain[2]
        chain = [hs, hs, he]
    if chain is not None:
        yield chain[0], chain[1], chain[2]

def _slogan_count(doc: SegmentedText, start: int, end: int) -> bool:
    """A count word inside a quoted label (物流|一张|网, 多国|多|园: one network, many countries and
    many parks), jieba's numeral (m) written in characters: a slogan's count of kinds, no one
    project's name (digits are a number: “918”项目)."""
    return any(doc.tags.get(doc.text[a:b]) == "m" and doc.text[a] in SLOGAN_COUNTS for a, b in doc.inner_words(start, end))

def _name_start(doc: SegmentedText, head_start: int, numbers: str = "") -> int:
    return doc.trim_left(name_run_start(doc.text, head_start), head_start, numbers)


def name_run_start(text: str, head_start: int) -> int:
    """Where NAME_RUN_BEFORE's run before `head_start` starts (`head_start` with none). Most runs
    end on the way back at a mark or a space: the last character of the window outside the
    one-character units (LAST_OTHER) is then where the run stops, in a third of the run's search
    time; the run's pattern decides every other case (a bracket, a dash, × or / may end a unit)."""
    lo = max(0, head_start - MAX_NAME)
    other = LAST_OTHER.search(text, lo, head_start)
    if other is None:
        return lo  # (every character a unit; lo == head_start, an empty window, has no run)
    if text[other.start()] in PLAIN_STOPS:
        return other.end()
    run = NAME_RUN_BEFORE.search(text, lo, head_start)
    return run.start() if run else head_start

def enumeration_ends(text: str, closing: regex.Pattern) -> list[tuple[int, int, Optional[str]]]:
    """Where a list of names may end, in text order: (start, end, None) of each match of
    `closing` (a 等, one character), and (p, p, count) before a count of 家 (两家, 3家) at p that
    no mark, space or 等 precedes. Two scans with literal starts (等, 家) instead of one of both
    forms, whose count form began with a look-behind the engine tried at every character (a
    third of the names stage's regex time); the two never meet (a count's look-behind refuses
    a 等 before it), so the order and matches are the same."""
    ends: list[tuple[int, int, Optional[str]]] = [(m.start(), m.end(), None) for m in closing.finditer(text)]
    counts = [(k - 1, k - 1, text[k - 1]) for k in text_positions(text, "家")
              if k > 1 and text[k - 1] in COUNT_CHARS and COUNT_AFTER.match(text, k - 2)]
    return sorted(ends + counts, key=_first) if counts else ends


def text_positions(text: str, word: str) -> Iterator[int]:
    """Every position where `word` starts in `text`, overlapping ones too, in order."""
    k = text.find(word)
    while k >= 0:
        yield k
        k = text.find(word, k + 1)


def _first(item: tuple) -> int:
    return item[0]


def _all_generic(doc: SegmentedText, start: int, end: int, generic: frozenset[str]) -> bool:
    return all(doc.text[s:e] in generic for s, e in doc.inner_words(start, end))


class RecognizerBase:
    """The compiled patterns the recognizers read; each recognizer kind is a mixin of its own module."""

    def __init__(self, rules: RuleSet) -> None:
        lex = rules.entity_lexicon
        assert lex is not None, "entity rules were not loaded"
        self.lex = lex
        # Every pattern made of the lexicon's and the rules' words, compiled in one call that
        # reads them compiled from the disk cache (compiling them cost each start-up 0.03 s).
        children = [rule.id + ".children" for rule in rules.entity_rules]
        enum_heads = _alternation(list(lex.org_enumeration_heads))
        project_enum = _alternation(list(lex.project_enumeration_heads))
        sources = [("re", _word_source(rule.children), 0) for rule in rules.entity_rules] + [
            ("re", _word_source(lex.legal_forms), 0),
            # Up to eight name characters, then a unit word: 交警|支队, 经济犯罪侦查|局, 办公室.
            ("regex", rf"(?:[^\P{{Han}}与和及、的]{{0,8}}?)(?P<unit>{_alternation(list(lex.subunits))})", 0),
            # 等 + a category noun closes a list; the list itself is matched backwards from 等.
            # 等地 + a category (北上广深等地企业): the items are places the companies are in, not companies.
            # Or a count of 家 (the measure word of firms and institutions) right after the list, which
            # enumeration() holds to the number of items: 海辰科技、北岭重工两家企业 (enumeration_ends).
            ("regex", rf"等{NOT_PLACES}(?=[^，,。；;！!？?\n]{{0,10}}?(?:{enum_heads}))", 0),
            ("regex", rf"(?r)(?P<items>{ENUM_ITEM}(?:、{ENUM_ITEM})*)\Z", 0),
            # 等 (+ a count) + a few words + a project category: the end of a list of projects.
            ("regex", rf"(?:和|及)?等{NOT_PLACES}(?:[0-9]+|[一二三四五六七八九十百]+)?个?[^，,。；;！!？?\n、的为是]{{0,8}}?(?:{project_enum})", 0),
            ("regex", rf"[”\"’']?(?:、[“\"‘']?{ENUM_ITEM}[”\"’']?)*等{NOT_PLACES}[^，,。；;！!？?\n]{{0,8}}?(?:{project_enum})", 0)]
        compiled = compiled_patterns("recognizer_patterns", tuple(sources))
        self.patterns: dict[str, re.Pattern] = dict(zip(children, compiled))  # rule id + ".children": what may follow a body's name
        self.known_words: dict[str, KnownWords] = {}  # the gazetteer's words and names, searched from any position
        for rule in rules.entity_rules:
            if rule.recognizer == "gazetteer":  # curated words plus every name of org_gazetteer.txt
                self.known_words[rule.id] = KnownWords(list(rule.words) + list(lex.gazetteer))
        # Each other rule's words, for the recognizers that read every match of them in a text
        self.heads = {r.id: WordMatcher(r.words) for r in rules.entity_rules if r.words and r.recognizer != "gazetteer"}
        (self.legal_form, self.subunit, self.enumeration_end, self.enumeration_items, self.project_list_end,
         self.project_enumeration) = compiled[len(children):]
        self.titles = tuple(sorted(lex.titles))  # for str.startswith: 红日药业|董事长
        self.role_words = (*self.titles, *(w for r in rules.entity_rules if r.recognizer == "role" for w in r.words))
        self.brand_ends = (*lex.legal_forms, "集团")  # where a brand's name ends: 林达集团|投资
        self.brand_end_initials = frozenset(f[0] for f in self.brand_ends)
        self.appositions = tuple(lex.appositions)  # 社会团体 ends with 团体
        self.apposition_pattern: Optional[re.Pattern] = None  # built at first use (shown_names.apposed)
        self.known = frozenset(w for r in rules.entity_rules if r.recognizer == "gazetteer" for w in (*r.words, *lex.gazetteer))
        heads = [w for r in rules.entity_rules if r.recognizer in ("head", "works") for w in r.words]
        self.project_heads = tuple(heads)
        self.works_heads = tuple(w for r in rules.entity_rules if r.recognizer == "works" for w in r.words)
        # A list closed by 等 + one of these names companies even when 项目 follows (等企业项目).
        self.company_categories = ("企业", "公司", "集团", "外资", "内资", "央企", "厂商")
        self.long_clause_words = tuple(w for w in lex.clause_words if len(w) > 1)
