"""Folded text -> org and project spans: the recognizers (recognizers.py) propose
candidates, joins (joins.py) resolve overlaps and join adjacent names, and this module
orders the steps and keeps or drops candidates by what else the document holds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from .built import built_facilities
from .evidence import without_explained_cues, without_listed_things
from .entity_text import PARENTHESIS, EntitySpan, SegmentedText
from .name_start import PHASE_NUMBERS
from .joins import _Cover, _join_branches, _join_parent_bodies, _join_sequels, _join_subunits, resolve_overlaps
from .recognizers import Recognizers
from .recognizers.base import ORG_HEAD_CHARS
from .recognizers.listed import list_items
from .word_classes import BODY_LEVELS, PROVINCES
from ..ruleset.divisions import division_names
from ..ruleset.rules import RuleSet

CONJUNCTIONS = "和与及"
# The basic block of Han ideographs, tested by comparing characters: a `re` class of the block costs
# each process 2 ms (about 10 M instructions) to compile, for a test of a few characters a name.
HAN_FIRST, HAN_LAST = "\u4e00", "\u9fff"
MODIFIER_TAGS = ("a", "ad", "an", "b", "d")  # an adjective's or a distinguishing word's (高端/b): the product's
TRADE = "业"  # 锂业, 铝业 (a Han character + 业) right after: the company's own ending, a longer name
ONLY_PHASE = re.compile(rf"[（(]?[{PHASE_NUMBERS}]期[）)]?")  # 江城煤制油|二期: the project's phase, no product after a company
PRODUCT_CODE = re.compile(rf"[A-Za-z0-9]|[{PHASE_NUMBERS}]期")  # after a company inside a project: 海辰光电|T8二期, 北岭重工|三期

__all__ = ["PARENTHESIS", "EntitySpan", "Recognizers", "SegmentedText", "find_entities", "resolve_overlaps"]


class _RuleGroups(NamedTuple):
    """The name rules find_entities runs and the rule ids it tests, by recognizer."""

    org_rules: tuple  # org rules other than short forms, in rule order
    project_rules: tuple  # head, works and listed rules, in rule order
    joins_org: dict[str, str]  # rule id -> its joins_org pattern
    role: frozenset[str]
    guesses: frozenset[str]  # suffix, brand, enumeration and role: names guessed from their shape or context
    regional: frozenset[str]
    listed: frozenset[str]
    works: frozenset[str]
    brand: frozenset[str]
    enumeration: frozenset[str]
    suffix: frozenset[str]
    brand_id: str  # the first brand rule's id, in rule order ("" with none): the id of the orgs guessed besides
    works_id: str  # the first works rule's id, likewise: the id of facilities found built


_GROUPS: dict[int, tuple[RuleSet, _RuleGroups]] = {}  # id(rules) -> (rules, its groups)


def _rule_groups(rules: RuleSet) -> _RuleGroups:
    """Made once a RuleSet, not once a document."""
    known = _GROUPS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    every = rules.entity_rules

    def ids(*recognizers: str) -> frozenset[str]:
        return frozenset(r.id for r in every if r.recognizer in recognizers)

    groups = _RuleGroups(tuple(r for r in every if r.type == "org" and r.recognizer != "short_form"),
                         tuple(r for r in every if r.recognizer in ("head", "works", "listed")),
                         {r.id: r.joins_org for r in every if r.joins_org}, ids("role"),
                         ids("suffix", "brand", "enumeration", "role"), ids("regional"), ids("listed"), ids("works"),
                         ids("brand"), ids("enumeration"), ids("suffix"),
                         # (the first in rule order, not a set's: a set's order of strings changes with the hash seed)
                         next((r.id for r in every if r.recognizer == "brand"), ""),
                         next((r.id for r in every if r.recognizer == "works"), ""))
    if len(_GROUPS) >= 8:  # a process holds one or two RuleSets; tests build more
        _GROUPS.clear()
    _GROUPS[id(rules)] = (rules, groups)
    return groups


def _after_conjunction(doc: SegmentedText, span: EntitySpan) -> EntitySpan:
    """县人民医院和|县中医院: a conjunction right after a body's name, glued by jieba to the level
    that opens the next one (和县/ns, a county's name too), is no part of that next name."""
    s = span.start
    if s > 0 and span.end - s > 3 and doc.text[s] in CONJUNCTIONS and doc.text[s + 1] in BODY_LEVELS and (
            doc.text[s - 1] in ORG_HEAD_CHARS):
        return EntitySpan(s + 1, span.end, span.type, span.rule_id, span.canonical, span.priority)
    return span


def _fused_opening(doc: SegmentedText, span: EntitySpan) -> bool:
    """和|美|乡村…片区, 向|南|开放平台: a project that opens with one character jieba tags a place's (美/ns,
    南/ns: a country's or a direction's abbreviation, no province's) right after a one-character
    conjunction or preposition and before a word of its own: the character is the end of the clause's
    word (和美, 向南), no place opening a name. (和|湘|黔…, 与|北|三|县…: a place of one character
    each, still names.)"""
    s, text = span.start, doc.text
    if s < 1 or text[s] in PROVINCES or doc.tags.get(text[s - 1]) not in ("c", "p"):
        return False
    words = doc.near(s - 1, s + 1)
    if (s - 1, s) not in words or (s, s + 1) not in words or doc.tags.get(text[s]) != "ns":
        return False
    after = next((w for w in words if w[0] == s + 1), None) or doc.word_at(s + 1)
    return after is not None and after[1] - after[0] >= 2 and after[1] <= span.end


def _owners_opening_projects(doc: SegmentedText, projects: list[EntitySpan], recognizers: Recognizers,
                             rule_id: str) -> list[EntitySpan]:
    """华晨光电|研发中心项目: a brand by its shape (doc.brand_shapes: a proper core + an industry's
    ending) that opens a project's name, with more of the name's own words before the project's
    head, is the company that owns it, an org inside the project (SPEC). Right before the head it
    says what the park is about (高村科技|创新园) and stays the project's."""
    if not rule_id or not doc.brand_shapes:
        return []
    opening = {p.start: p.end for p in projects}
    owners = []
    for s, e in doc.brand_shapes:
        end = opening.get(s, -1)
        if end > e and not doc.text.startswith(recognizers.project_heads, e) and not doc.text.startswith("(", e) and (
                doc.has_proper_core(doc.inner_words(s, e)[:-1], brands=True)):  # (绿色|氢|基|能源: no core)
            owners.append(EntitySpan(s, e, "org", rule_id, priority=5))
    return owners


def _builders_of_items(doc: SegmentedText, orgs: list[EntitySpan], recognizers: Recognizers,
                       rule_id: str) -> list[EntitySpan]:
    """A list of projects is of one kind: where an org opens one of its items before what it builds
    (江城化工|30万吨纯碱), an item with no org found that opens with a short name of four characters
    (a proper core: a place, a proper noun, characters jieba knows one by one, then one word) before
    two or more characters of what it makes (北川时代|电池极片) opens with its builder too, an org
    inside the project (SPEC). No list of the short names' endings: the list's other
    items are the evidence."""
    if not rule_id or not orgs:
        return []
    starts = sorted(o.start for o in orgs)
    found: list[EntitySpan] = []
    for close in recognizers.project_list_end.finditer(doc.text):
        items = list_items(doc.text, close.start())
        if len(items) < 2:
            continue
        inside = [[o for o in orgs[bisect_left(starts, s):bisect_left(starts, e)] if o.end <= e - 2] for s, e in items]
        # an org opening an item (the first item: after the clause's verb, 推动|江城化工…)
        if not any(held and (k == 0 or held[0].start == items[k][0]) for k, held in enumerate(inside)):
            continue
        for k, (s, e) in enumerate(items):
            if k == 0 or bisect_left(starts, e) > bisect_left(starts, s):
                continue  # the first item holds the clause's verb; an item with an org has its builder
            end = _short_name_end(doc, s, e, recognizers)
            if end:
                found.append(EntitySpan(s, end, "org", rule_id, priority=5))
    return found


def _short_name_end(doc: SegmentedText, start: int, end: int, recognizers: Recognizers) -> int:
    """Where a company's short name that opens an item ends (岭|锦|储|热, 北川|时代): at a word's edge
    four Han characters in, its words a proper core then one noun (no verb, adjective, stop or
    region: 临川|高性能, 华岭达|高端 are the product's words), before two or more characters of what it
    makes that open with no project head, no trade's word in 业 (临江金岭|锂业: a longer name) and
    are no bare phase; else 0. Five characters or more is a place + a brand or a brand + a product
    word as often as a short name (青鹤|婴幼儿), which the list cannot tell apart."""
    words = doc.inner_words(start, end)
    k = next((k for k, (_, b) in enumerate(words) if b - start >= 4), len(words))
    if k >= len(words) or k == 0 or words[k][1] - start != 4 or end - words[k][1] < 2:
        return 0
    short, last = words[: k + 1], words[k]
    rest = doc.text[last[1]:end]
    if not all(HAN_FIRST <= c <= HAN_LAST for c in doc.text[start:last[1]]) or ONLY_PHASE.fullmatch(rest) or (
            rest.startswith(recognizers.project_heads)) or rest[1:2] == TRADE and HAN_FIRST <= rest[0] <= HAN_LAST:
        return 0
    word = doc.text[last[0]:last[1]]
    if doc.is_verb(word) or doc.tags.get(word) in MODIFIER_TAGS or doc.is_stop(*last) or word in doc.lex.region_ends or (
            doc.is_region_text(start, last[1])):
        return 0
    return last[1] if doc.has_proper_core(short[:-1] if last[1] - last[0] > 1 else short, brands=True) else 0


def _resolved_orgs(doc: SegmentedText, candidates: list[EntitySpan], rules: RuleSet,
                   recognizers: Recognizers) -> list[EntitySpan]:
    """Org candidates -> non-overlapping names, adjacent ones joined."""
    candidates = _join_branches(doc, candidates, rules.entity_lexicon.branch_forms)
    orgs = _join_sequels(resolve_overlaps(candidates), _rule_groups(rules).joins_org)
    orgs = _join_parent_bodies(doc, orgs)
    return _join_subunits(doc, orgs, recognizers.subunit, recognizers.titles)


def find_entities(doc: SegmentedText, rules: RuleSet, recognizers: Recognizers) -> list[EntitySpan]:
    """Org and project spans of one text, before short forms: orgs first, because a project
    with an org inside (中国电信 in 中国电信京津冀大数据基地项目) is a named one."""
    ids = _rule_groups(rules)
    candidates: list[EntitySpan] = []
    for rule in ids.org_rules:
        candidates.extend(getattr(recognizers, rule.recognizer)(doc, rule))
    candidates = [_after_conjunction(doc, c) for c in candidates]
    candidates = without_explained_cues(candidates, ids.role)
    candidates = without_listed_things(doc, candidates, rules.entity_lexicon, ids.guesses)
    orgs = _resolved_orgs(doc, candidates, rules, recognizers)
    projects: list[EntitySpan] = []
    for rule in ids.project_rules:
        projects.extend(getattr(recognizers, rule.recognizer)(doc, rule, orgs))
    projects = [p for p in projects if not _fused_opening(doc, p)]
    # A project head inside a company's name is part of that name (中国汽车技术研究中心有限公司);
    # a zone inside the body that runs it is still a project (武清开发区 in 武清开发区管委会).
    bodies = ids.regional
    named = _Cover([o for o in orgs if o.rule_id not in bodies])
    # An institution's own name read as a project (国家节能认证中心 ends in a project head) is the org.
    # A project named in a list of projects (listed) stays one even when it is an institution too.
    listed = ids.listed
    same_span = {(o.start, o.end) for o in orgs if o.rule_id not in bodies}
    # A work (店头电厂, 某某机场) is built, a project, though its head reads as an org's (厂).
    works = ids.works
    built_works = {(p.start, p.end) for p in projects if p.rule_id in works}  # once, not once an org (issue 26)
    longer = _Cover([o for o in orgs if o.rule_id not in bodies and (o.start, o.end) not in built_works])
    projects = [p for p in resolve_overlaps(projects) if p.rule_id in listed or
                p.rule_id in works and not longer.covers(p.start, p.end) or
                not named.covers(p.start, p.end) and (p.start, p.end) not in same_span]
    # A brand guess inside a project name is part of that name (高村科技 in 高村科技创新园), unless
    # a product code follows it (海辰光电|T8二期: the company's line); a name it hid comes back
    # (海辰 under the guess 海辰汽车 in 海辰汽车工业园).
    guesses = ids.brand
    in_project = _Cover(projects)

    # An item of a list of projects with no head of its own (listed) names a builder + what it builds:
    # a brand that opens it with no project head after it (翔宇科技|锂电池|扩产) is that builder, an org inside.
    in_item = _Cover([p for p in projects if p.rule_id in listed])

    def swallowed(o: EntitySpan) -> bool:
        return o.rule_id in guesses and in_project.covers(o.start, o.end) and not PRODUCT_CODE.match(doc.text, o.end) and not (
            in_item.covers(o.start, o.end) and not doc.text.startswith(recognizers.project_heads, o.end))

    if any(swallowed(o) for o in orgs):
        orgs = _resolved_orgs(doc, [o for o in candidates if not swallowed(o)], rules, recognizers)
    owners = _owners_opening_projects(doc, projects, recognizers, ids.brand_id)
    if owners:  # an org found already stays as found (比亚迪, not the shape 比亚迪新能源 around it)
        taken, starts = _Cover(orgs), sorted(o.start for o in orgs)
        orgs = orgs + [o for o in owners if not taken.covers(o.start, o.start + 1)
                       and bisect_left(starts, o.end) == bisect_left(starts, o.start)]
    orgs = orgs + _builders_of_items(doc, orgs, recognizers, ids.brand_id)
    guesses_of_lists = ids.enumeration
    # The facility a listed project builds is not an org of its own (第三儿童医院: not 儿童医院).
    listed_ends = {p.end: p.start for p in projects if p.rule_id in listed}
    built = {(p.start, p.end) for p in projects if p.rule_id in works}
    # A facility named by its own head and listed among projects (…、江城博物馆等重大项目) is built, a project;
    # a company's legal form keeps it an org.
    suffixed = ids.suffix
    legal_forms = tuple(rules.entity_lexicon.legal_forms)
    orgs = [o for o in orgs if not listed_ends.get(o.end, o.start) < o.start and (o.start, o.end) not in built
            and not (o.rule_id in guesses_of_lists and listed_ends.get(o.end) == o.start)  # 磐北: a site, not a brand
            and not (o.rule_id in suffixed and listed_ends.get(o.end) == o.start and not doc.text.endswith(legal_forms, o.start, o.end))]
    before = {(o.start, o.end) for o in orgs}
    orgs, projects = built_facilities(doc.text, orgs, projects, ids.works_id)  # 建成|某某博物馆: a project
    if len(orgs) < len(before):
        orgs += _parents_of_built(doc, before - {(o.start, o.end) for o in orgs}, candidates)
    return resolve_overlaps(orgs + projects)


def _parents_of_built(doc: SegmentedText, moved: set[tuple[int, int]], candidates: list[EntitySpan]) -> list[EntitySpan]:
    """某某大学附属医院|临川|医院 built: the new hospital is a project; the body whose name opens it,
    a place after it, is an org inside it (SPEC), which the longer candidate hid."""
    parents = []
    by_start: dict[int, list[EntitySpan]] = {}  # once, not once a facility (issue 26)
    for c in candidates:
        if c.type == "org" and (c.start, c.end) not in moved:
            by_start.setdefault(c.start, []).append(c)
    for start, end in moved:
        inner = [c for c in by_start.get(start, ()) if c.end < end - 2]
        if not inner:
            continue
        parent = max(inner, key=lambda c: c.end)
        after = doc.inner_words(parent.end, end)[:1]
        if after and (doc.names_place(*after[0]) or doc.text[after[0][0]:after[0][1]] in division_names()):
            parents.append(parent)
    return parents
