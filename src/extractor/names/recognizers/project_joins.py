"""Where a project's name starts when two parts are joined inside it: places joined by a dash, what
it makes joined by 及, a quoted part, a park inside a zone, a campus after its institution (a part of
ProjectRecognizers)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Optional

from ..entity_text import CLOSE_QUOTES, NAME_UNIT_RE, OPEN_QUOTES, EntitySpan, SegmentedText
from .base import DASHES, _all_generic, _name_start
from .edges import CLAUSE_MARKS

JOINING = "及和与"  # conjunctions that join two parts of one project (及), or two of one owner's parts before 项目
WRAPPING_HEAD = "项目"  # the head that wraps the parts an owner builds: one project of them all
CLOSED_TAGS = ("m", "q", "r", "p", "u", "d")  # numerals, pronouns, prepositions, particles, adverbs: a clause's words
CAMPUS_HEADS = ("院区", "校区")  # a campus of an institution: the institution (an org) + its site + the head
# A second product's yearly amount after 和/及 (年产2万吨A和20万吨B项目): the plant's size list, inside one name
YEARLY = "年产"
SECOND_AMOUNT_BEFORE = re.compile(r"[和及][0-9.]{1,8}(?:万|亿)?(?:吨|台|套|件|片|只|辆|颗|平方米|立方米|千瓦|GW|GWh|MW)$")
AMOUNT_REACH = 16  # characters of 和 + an amount before a product's name
CAMPUS_SITE_CHARS = 4  # characters of a campus's site between its institution and the head (亦庄, 滨海新城)


class ProjectJoins:
    """Start helpers of ProjectRecognizers for names joined inside (reads its lexicon and heads)."""

    def _joined_by_dash(self, doc: SegmentedText, start: int, first: int) -> int:
        """Two named places joined by a dash are one name: 青龙水库-白石水库引水隧洞工程,
        东湖-西岭片区. The left side is a name run with a proper-name sign, a place, or the same
        last word as the right side."""
        if start < 3 or doc.text[start - 1] not in DASHES or start >= first:
            return start
        left = _name_start(doc, start - 1)
        # the left side starts after a verb of its clause too (高标准建设|中国—东盟…)
        left = doc.after_clause_verb(left, start - 1, self.lex.project_generic, leading=True)
        if start - 1 - left < 2 or _all_generic(doc, left, start - 1, self.lex.project_generic):
            return start
        words = doc.inner_words(left, start - 1)
        parallel = doc.text.find(doc.text[words[-1][0] : start - 1], start, first) >= 0 if words else False
        if parallel or doc.evidence(left, start - 1) or any(doc.is_place(s, e) for s, e in words):
            return left  # (东湖水库—西岭水库: the same kind of place on both sides)
        return start

    def _joined_by_and(self, doc: SegmentedText, start: int, first: int, orgs: list[EntitySpan],
                       org_starts: list[int], head_end: int) -> int:
        """What a project makes, joined by 及 inside its name: 海辰集团氨纶及聚酯一期项目,
        江城市垃圾焚烧及供热项目. The left side opens with an org or a place and is one name's
        words (no head of its own: 江城高新区及产业园 are two, no verb of the clause)."""
        if 3 < start < first and doc.text[start - 2] in JOINING and (start - 1, start) in doc.starting(start - 1, start) and (
                doc.tags.get(doc.text[start - 1]) == "v"):
            start -= 1  # 氨纶及|聚|四氢呋喃: a one-character verb right after 及 opens the second product's name (cut as a verb)
        joined = self._second_amount(doc, start, first)
        if joined is not None:
            return joined
        if start < 3 or doc.text[start - 1] not in JOINING or start >= first:
            return start
        left = _name_start(doc, start - 1, "all")
        left = doc.after_clause_verb(self._after_clause_words(doc, left, start - 1), start - 1, self.lex.project_generic,
                                     leading=True)
        words = doc.inner_words(left, start - 1)
        if len(words) >= 2 and (doc.text[start - 1] != "及" or doc.text.endswith(self.project_heads, left, start - 1)):
            return left if self._second_part(doc, left, start, first, head_end, words, orgs, org_starts) else start
        if len(words) < 2:
            return start
        opens = any(o.end < start - 1 for o in orgs[bisect_left(org_starts, left) : bisect_right(org_starts, left)]) or (
            doc.names_place(*words[0]))  # (the orgs that start at `left`, by bisection: issue 26)
        if opens and not _all_generic(doc, start, first, self.lex.project_generic):
            return left
        return left if self._second_part(doc, left, start, first, head_end, words, orgs, org_starts) else start

    def _second_amount(self, doc: SegmentedText, start: int, first: int) -> Optional[int]:
        """年产2万吨A|和|20万吨B项目: a second product's yearly amount after 和/及 is what one plant makes
        a year, product by product; the name runs back over it (and the joining word) to the first
        product's amount after 年产, where the left side's name starts; None when there is none."""
        amount = SECOND_AMOUNT_BEFORE.search(doc.text, max(0, start - AMOUNT_REACH), start)
        if amount is None or start >= first:
            return None
        joiner = amount.start()
        left = _name_start(doc, joiner, "all")
        left = doc.after_clause_verb(self._after_clause_words(doc, left, joiner), joiner, self.lex.project_generic, leading=True)
        return left if left < joiner and doc.text.find(YEARLY, max(0, left - len(YEARLY)), joiner) >= 0 else None

    def _second_part(self, doc: SegmentedText, left: int, start: int, first: int, head_end: int,
                     words: list[tuple[int, int]], orgs: list[EntitySpan], org_starts: list[int]) -> bool:
        """A named work with its head, 和/及/与, then words of no name of their own before 项目 (江城药业
        生产基地|和|研发总部|项目, 海辰西南制造中心|及|研发中心|项目): one project of the left side's owner
        in two parts; a second part with its own place or proper core (…基地和临港物流项目), or with
        no 项目 closing it (江城高新区及产业园), is a second name."""
        if not doc.text.endswith(WRAPPING_HEAD, first, head_end) or first - start < 2:
            return False
        right = doc.inner_words(start, first)
        if doc.tags.get(doc.text[right[0][0]:right[0][1]]) == "v" or any(
                doc.names_place(a, b) or doc.tags.get(doc.text[a:b]) in CLOSED_TAGS for a, b in right) or doc.has_proper_core(right, brands=True):
            return False
        return any(o.end <= start - 1 for o in orgs[bisect_left(org_starts, left) : bisect_right(org_starts, left)]) or (
            doc.names_place(*words[0]) or doc.has_proper_core(words, brands=True))

    def _inner_quote(self, doc: SegmentedText, start: int, first: int) -> int:
        """A quoted part inside a name: 广州市荔湾“三旧”片区更新改造项目."""
        if start < 4 or doc.text[start - 1] not in CLOSE_QUOTES or start >= first:
            return start
        opening = max(doc.text.rfind(q, max(0, start - 12), start - 1) for q in OPEN_QUOTES)
        if opening < 2 or not all(NAME_UNIT_RE.match(c) for c in doc.text[opening + 1 : start - 1]):
            return start
        left = _name_start(doc, opening)
        words = doc.inner_words(left, opening)
        if opening - left >= 2 and any(doc.is_place(s, e) for s, e in words):
            return left
        word = doc.word_at(start)
        after = doc.text[word[0]:word[1]] if word else ""
        if after and (doc.is_verb(after) or doc.is_stop(*word) or doc.tags.get(after) in ("f", "v")):
            return start  # “江品江货”|上|平台: a verb after the label, no name
        if 2 <= start - 1 - opening - 1 <= 10 and (opening == left or doc.text[opening - 1] in CLAUSE_MARKS or any(
                b == opening and doc.is_verb(doc.text[a:b]) for a, b in doc.near(max(0, opening - 6), opening))):
            return opening  # 打造|“江海通”产供服务平台: a quoted label opens the name
        return start

    def _after_zone(self, doc: SegmentedText, start: int, first: int, end: int, last: int) -> int:
        """A park inside a zone is its own name: 昆山开发区|海辰工业园 (the zone is found by its
        own head). Only for park and zone heads, and when the park's words show a name."""
        if doc.text[last:end] not in self.lex.zone_heads and not doc.text.endswith("园", first, end):
            return start
        for s, e in doc.inner_words(start, first):
            if e < first - 1 and doc.text[s:e] in self.lex.zone_heads and doc.evidence(e, first):
                start = e
        return start

    @staticmethod
    def _campus_of(doc: SegmentedText, start: int, first: int, orgs: list[EntitySpan], org_starts: list[int]) -> int:
        """A campus (院区, 校区) is named by its institution, an org, and the site after it
        (江城儿童医院|亦庄|院区): when jieba cut the site's characters apart (亦/d|庄院|区) and the name
        started inside them, it starts at the org's start; else `start`."""
        if not doc.text.startswith(CAMPUS_HEADS, first):
            return start
        k = bisect_right(org_starts, start) - 1
        if k < 0 or not orgs[k].end < start <= first or start - orgs[k].end > CAMPUS_SITE_CHARS - 1 or first - orgs[k].end > CAMPUS_SITE_CHARS:
            return start
        return orgs[k].start if all(NAME_UNIT_RE.match(c) for c in doc.text[orgs[k].end:first]) else start
