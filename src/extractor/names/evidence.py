"""Document-level evidence for names with no suffix: a role only an organization has written
right after a bare name (华商财经|记者, 宁德时代|董事长). Once the document has shown a bare
name is an org, its other occurrences are orgs too: link.DocumentNames finds them over the
whole document (华商财经 four times).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..ruleset.entity_rules import EntityLexicon, EntityRule
from ..text.marks import last_mark
from .entity_text import CLOSED_TAGS, NAME_UNIT_RE, EntitySpan, SegmentedText

# A byline: a line of a medium's name, 记者, a person's name (澎湃新闻记者 李明).
BYLINE = re.compile(r"(?m)^[ \t　]*(?P<name>[^\W\d_]{2,12}?)(?:首席|特约)?记者[ \t　]+[^\W\d_A-Za-z]{2,4}[ \t　]*$")
MAX_BARE_NAME = 12  # characters of a bare name before its role word
LIST_REACH = 2000  # characters a list closed by 等 is read back for its clause mark (bounded: one-sentence texts)
# Word tags a bare name does not hold: verbs and the closed classes (a numeral may: 第一|财经).
NOT_IN_BARE_NAME = (CLOSED_TAGS - {"m"}) | {"v", "vd", "ad", "t", "f"}
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
MODIFIER_TAGS = frozenset({"a", "b", "d", "r", "m", "q"})  # 广大, 各, 一线 before a medium's ending: a kind of journalist
DEPUTY = "副"
TITLE_REACH = 3000  # characters either side read for the name after a title (an article's length)
PERSON_NAME = 3  # characters of a Chinese person's name (a surname and one or two given characters)
ORDINAL = "第"  # an ordinal opening a medium's name is the name's (第一|财经), no degree or quantity
# The ranks a title takes before it (常务|副总经理, 首席|记者, 资深|分析师): a closed class that
# jieba tags n, b or v as it tags a name's words, so the list says which; the name ends before them.
RANKS = ("常务", "首席", "特约", "高级", "资深", "执行", "名誉", "荣誉")
DEMONSTRATIVES = "本该此其这那我"  # 本站, 该厂: a word that points at an org without naming it  # a role word cut after 副 (副|总经理): the name is not what stands before it


def names_before_roles(doc: SegmentedText, rule: EntityRule, lex: EntityLexicon) -> list[EntitySpan]:
    """The cued names that look like names by themselves (a proper noun, a place, characters
    jieba knows one by one: 潮新闻长三角频道|记者). A name cued twice in the document without
    such a sign (华商财经|记者 … 华商财经|记者) is found by link.DocumentNames, which counts the
    cues of the whole document; one cue on a common word (媒体|记者, 早报|记者) is not enough."""
    found = [span for span in cued_names(doc, rule, lex) if rule.pattern is not None or doc.evidence(span.start, span.end)
             or _medium(doc, span.start, span.end, lex)]  # (a stock code is evidence enough: 运达/v|股份|(300772))
    return found + [span for span in bylines(doc, rule) if all(span.end != f.end for f in found)]


def _medium(doc: SegmentedText, start: int, end: int, lex: EntityLexicon) -> bool:
    """界面|新闻|记者, 江城|都市报|记者: more words before a medium's ending (as after 据, reported)
    name the medium, whatever their class; one word (新闻|记者, 早报|记者) names none, nor does a
    word of degree or quantity before it (广大|新闻|记者, 各路)."""
    words = doc.inner_words(start, end)
    ending = next((w for w in lex.media_endings if doc.text.endswith(w, start, end)), "")
    return bool(ending) and len(words) >= 2 and end - start > len(ending) and not any(
        doc.tags.get(doc.text[s:e]) in MODIFIER_TAGS and not doc.text.startswith(ORDINAL, s) for s, e in words[:1])


def bylines(doc: SegmentedText, rule: EntityRule) -> list[EntitySpan]:
    """[medium]记者 [person] alone on a line (澎湃新闻记者 李明): a byline names its medium, whatever
    its words' classes (澎湃/v), when it is more than one word and not 本报 (早报|记者 names no paper)."""
    found = []
    for match in BYLINE.finditer(doc.text):
        s, e = match.span("name")
        if doc.text[s] not in DEMONSTRATIVES and len(doc.inner_words(s, e)) >= 2:
            found.append(EntitySpan(s, e, rule.type, rule.id, priority=5))
    return found


def cued_names(doc: SegmentedText, rule: EntityRule, lex: EntityLexicon) -> list[EntitySpan]:
    """[name][role]: the words just before a role word (rule.words) that hold no stop word,
    verb, particle or digit, are not all generic or places, and are not a person's name."""
    text = doc.text
    found: list[EntitySpan] = []
    for role, end in _cues(text, rule):
        if end < 2 or end + len(role) not in doc.boundaries(end, end + len(role)) and not _word_starts(doc, end):
            continue
        if any(len(w) > len(role) and w.endswith(role) and text.startswith(w, end + len(role) - len(w)) for w in rule.words):
            continue  # 首席|记者 of 首席记者: the longer role's cue finds the name before it
        if text[end - 1] in DEPUTY:
            continue  # 某银行…中心副|总经理: the name is not what stands before 副
        end -= len(next((r for r in RANKS if text.endswith(r, 0, end)), ""))
        start = _bare_start(doc, end, lex)
        if rule.pattern is not None:
            start = _after_kind(doc, start, end, lex)  # A股|公司|临江激光|(002118.SZ): the kind is the clause's
            one = doc.inner_words(start, end)
            if len(one) == 1 and not doc.has_proper_core(one, brands=True):
                continue  # 邮政编码|(310000): one common word jieba knows before a code, no company
        if end - start < 2 or start > 0 and text[start - 1].isdigit():
            continue  # 11月1日电|记者 is a dateline
        words = doc.inner_words(start, end)
        if all(doc.text[s:e] in lex.org_generic or doc.is_place(s, e) for s, e in words):
            continue  # 公司|董事长, 江口县|记者: no name
        if len(words) == 1 and doc.tags.get(text[start:end]) in PERSON_TAGS:
            continue  # a person before a role (张明|记者) is not an org
        if text[start] in DEMONSTRATIVES and words[0][1] - words[0][0] <= 2:
            continue  # 本站|记者, 该厂|厂长: "this paper", "that company", no name
        if end - start <= PERSON_NAME and _after_a_title(doc, text[start:end], start, lex):
            continue  # 程勇|副总经理 where the text writes 副总经理|程勇 too: a person, titled both ways
        found.append(EntitySpan(start, end, rule.type, rule.id, priority=5))
    return found


def _cues(text: str, rule: EntityRule) -> list[tuple[str, int]]:
    """(cue, where it starts) in text order per kind: each role word's occurrences, or each match of the rule's
    pattern (a listed company's stock code in brackets right after its name: 某某股份(300772.SZ))."""
    if rule.pattern is not None:
        return [(m.group(), m.start()) for m in rule.pattern.finditer(text)]
    cues = []
    for role in rule.words:
        position = text.find(role)
        while position >= 0:
            cues.append((role, position))
            position = text.find(role, position + 1)
    return cues


def _after_kind(doc: SegmentedText, start: int, end: int, lex: EntityLexicon) -> int:
    """The start of a bare name after the last kind's word (公司, 企业) among the words before `end` but the last."""
    words = doc.inner_words(start, end)
    for s, e in reversed(words[:-1]):
        if doc.text[s:e] in lex.org_generic:
            return e
    return start


def _after_a_title(doc: SegmentedText, name: str, at: int, lex: EntityLexicon) -> bool:
    """The text writes `name` right after a title within TITLE_REACH characters of `at`
    (副总经理|程勇): a person's name. A bounded scan a name, kept for the document."""
    found = doc.text_tests.get(("after_a_title", name))
    if found is None:
        titles, text, found = tuple(lex.titles), doc.text, False
        hi = at + TITLE_REACH
        k = text.find(name, max(0, at - TITLE_REACH), hi)
        while k >= 0 and not found:
            found = text.endswith(titles, max(0, k - 6), k)
            k = text.find(name, k + 1, hi)
        doc.text_tests["after_a_title", name] = found
    return found


def _word_starts(doc: SegmentedText, position: int) -> bool:
    return doc.word_at(position) is not None


def _bare_start(doc: SegmentedText, end: int, lex: EntityLexicon) -> int:
    """Walk the words before `end` back while they may be part of a bare name."""
    start = end
    words = [(s, min(e, end)) for s, e in doc.near(max(0, end - MAX_BARE_NAME), end) if s < end]
    for s, e in reversed(words):  # a word running past `end` is cut there: 新闻|记者 of 新闻记者
        if e != start:
            break
        word = doc.text[s:e]
        tag = doc.tags.get(word)
        if (word in lex.left_stop or tag in NOT_IN_BARE_NAME or tag in PERSON_TAGS and s < start
                or not all(NAME_UNIT_RE.match(c) and not c.isdigit() for c in word)):
            break
        start = s
    return start


def without_explained_cues(found: list[EntitySpan], cue_ids: frozenset[str]) -> list[EntitySpan]:
    """A name of a role cue (cue_ids) that ends where another recognizer's name ends
    (本报讯新华社|记者) is dropped: that recognizer found the name, the cue only ran further left.
    (The other occurrences of a cued name are found by link.DocumentNames, over the whole
    document, chunks included.)"""
    other_ends = {s.end for s in found if s.rule_id not in cue_ids}
    return [s for s in found if s.rule_id not in cue_ids or s.end not in other_ends]


def without_listed_things(doc: SegmentedText, found: list[EntitySpan], lex: EntityLexicon,
                          guess_ids: frozenset[str]) -> list[EntitySpan]:
    """Items of a list closed by 等 + a category of things (商品林保险、收益保险等模式, …贷款等产品)
    are things the text lists, not orgs: guesses (guess_ids) inside such a list are dropped."""
    if not lex.thing_categories or not any(s.rule_id in guess_ids for s in found):
        return found
    lists: list[tuple[int, int]] = []
    for close in _thing_list_end(lex.thing_categories).finditer(doc.text):
        floor = max(0, close.start() - LIST_REACH)
        lo = max(floor, last_mark(doc.text, "，,。；;：:！!？?\n", floor, close.start()) + 1)
        lists.append((lo, close.start()))
    if not lists:
        return found
    # A list ends where its 等 is, in text order, at most LIST_REACH after its start: the lists that may
    # hold a name end within LIST_REACH of it, found by bisection (a text of thousands of lists, issue 26).
    ends = [hi for _, hi in lists]

    def listed(span: EntitySpan) -> bool:
        at = bisect_left(ends, span.end)
        while at < len(lists) and ends[at] <= span.start + LIST_REACH:
            if lists[at][0] <= span.start:
                return True
            at += 1
        return False

    return [s for s in found if s.rule_id not in guess_ids or not listed(s)]


@lru_cache(maxsize=4)
def _thing_list_end(categories: tuple[str, ...]) -> re.Pattern:
    return re.compile("等(?:多种|各类|新)?(?:" + "|".join(map(re.escape, categories)) + ")")
