"""Brands listed before 等 or a count + a category noun (忠旺铝业、红日药业等企业): which items of a list are firms."""

from __future__ import annotations

import re
from typing import Iterator

import regex

from ...ruleset.divisions import division_names
from ...ruleset.entity_rules import EntityRule
from ..entity_text import NAME_UNIT_RE, PROPER_TAGS, EntitySpan, SegmentedText
from .base import PERIOD_INSIDE, _all_generic, enumeration_ends

HEADQUARTERS = "总部"  # after a firm listed as a resource a region gains (…总部、…总部等央企资源)
KINDS = ("企业", "公司")  # an item ending so in a counted list is a kind of firm, or a full name other rules find
COUNTS = "0一二三四五六七八九0123456789"  # index % 10: 三 -> 3, 3 -> 3 (两 is read as 二)
AND_OR = regex.compile("[和及与]")  # before the last item of a counted list (A、B和C三家)
CLAUSE_REST = re.compile(r"[^，,。；;！!？?\n]*")
# Right after a list's 等: a category of firms, with no more than a count or a few modifiers between
# (等一批龙头企业, 等各家银行, 等13家银行, 等领军企业): the list's items are firms, not the firms' trades.
FIRM_CATEGORY = regex.compile(r"(?:一批|一大批|各家|[0-9]+家|[一二三四五六七八九十]+家)?\p{Han}{0,4}?(?:企业|公司|集团|银行)")
SHORT_NAME_TAGS = frozenset({*PROPER_TAGS, "j", None})  # one word as a firm's short name: proper, abbreviation (j), unknown
# A phase, a number or a count inside a listed item: a project or a product (恒能四期, 7万吨, 3个).
QUANTITY = re.compile(r"[0-9０-９]|[一二三四五六七八九十]期|[一二三四五六七八九十百千万]+[个吨座条台套]")


class EnumerationRecognizer:
    """A part of Recognizers (reads the patterns RecognizerBase compiles; _brand_core is ShownNameRecognizers')."""

    def enumeration(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for end_start, end_end, count in enumeration_ends(doc.text, self.enumeration_end):
            match = self.enumeration_items.search(doc.text, max(0, end_start - 160), end_start)
            if match is None:
                continue
            category = CLAUSE_REST.match(doc.text, end_end, end_end + 12).group()
            if any(w in category for w in self.works_heads):
                continue  # 青石、白马等水电站项目, 平宁周等高铁项目: the items are works, not companies
            built = "项目" in category and not any(w in category for w in self.company_categories)
            listed = match.group("items").split("、")
            if count:
                # no 等: the count must be the number of items (、 between them, 和/及 before the last)
                last = AND_OR.split(listed[-1])
                listed = listed[:-1] + last if len(last) == 2 else listed
                if len(listed) != COUNTS.index(count.replace("两", "二")) % 10 or len(listed) < 2:
                    continue
            items, position = [], match.start("items")
            for k, item in enumerate(listed):
                s, e = position, position + len(item)
                position = e + 1
                if k == 0:
                    s = self.head_item_start(doc, doc.after_clause_verb(doc.trim_left(s, e), e, self.lex.org_generic, body=True), e)
                    if built and self._object_of_verb(doc, s):
                        break  # 加快|煤制芳烃、风光核氢等项目: what a clause builds, not who builds it
                s += len(next((w for w in self.lex.appositions if doc.text.startswith(w, s) and e - s - len(w) >= 2), ""))  # 民企|赛洛
                if doc.text.endswith(HEADQUARTERS, s, e) and e - s - len(HEADQUARTERS) >= 3:
                    e -= len(HEADQUARTERS)  # 海辰信创|总部: the firm's seat, brought as a resource; the firm is the org
                if e - s >= 2 and not doc.text.endswith(self.project_heads, s, e) and not QUANTITY.search(doc.text, s, e):
                    items.append((s, e))  # 恒能四期, 东准3个煤制气, 8英寸晶圆: a project or product, no company
            if built:
                # Items of a list of projects name projects (江能煤炭综合利用、白湖会都等项目: a
                # builder + what it builds, or a site); only a company's own ending (特变电工) makes one a company.
                items = [(s, e) for s, e in items if doc.text.endswith(self.lex.brand_suffixes, s, e)]
            brands = [(s, e) for s, e in items if self._brand(doc, s, e)]
            if count and (len(brands) < len(items) or any(doc.text.endswith(KINDS, s, e) for s, e in items)):
                continue  # a counted list without 等 holds brands only (上市公司、专精特新企业两家: kinds, counted)
            # after 等 + a category of firms, a firm's short name however jieba reads its characters
            # (中|创智|领: f, n, v; an abbreviation, j), with a brand among the items
            firms = [(s, e) for s, e in items if not count and not built and FIRM_CATEGORY.match(doc.text, end_end)
                     and (s, e) not in brands and self._listed_firm(doc, s, e)] if brands else []
            if not built and len(items) >= 3 and any(doc.text[s:e] in self.known for s, e in items) and any(
                    w in category for w in self.company_categories):
                # 等 + a category of firms after a curated company's name among the items: the
                # list is of firms, even those whose names are common words (曙光, 联想: n, v)
                for s, e in items:
                    if (s, e) in brands or (s, e) in firms or doc.text[s:e] in self.known or self._named_item(doc, s, e):
                        yield EntitySpan(s, e, rule.type, rule.id, priority=4)
                continue
            if brands and 2 * (len(brands) + len(firms)) >= len(items):
                # A list is of one kind: with half its items brands, an item of three or more
                # characters that is no generic word, place or project is a company too
                # (三菱化学、大阪轮胎 … 等外资项目: 大阪轮胎 is a place + a product).
                for s, e in items:
                    if (s, e) in brands or (s, e) in firms or e - s >= 3 and self._company_like(doc, s, e):
                        yield EntitySpan(s, e, rule.type, rule.id, priority=4)

    def _named_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        """An item of a list of firms that may be a firm's name: name characters only, no clause
        word (a verb stands only as the whole item: 联想), not generic, not only places or an industry."""
        words = doc.inner_words(start, end)
        text = doc.text
        return bool(words) and end - start <= 8 and all(NAME_UNIT_RE.match(c) for c in text[start:end]) and not (
            _all_generic(doc, start, end, self.lex.org_generic) or all(doc.is_place(a, b) for a, b in words)
            or text[start:end] in self.lex.industry_words or PERIOD_INSIDE.search(text, start, end)
            or any(doc.is_stop(a, b) or len(words) > 1 and doc.is_verb(text[a:b]) for a, b in words))

    def _listed_firm(self, doc: SegmentedText, start: int, end: int) -> bool:
        """An item of a list of firms that is a firm's short name: two to six name characters, not
        one common word (汽车/n, 食品/n: a trade), no division's name (深圳), no word of two or more
        characters that is a verb (聚变/v), not generic and not described (粉尘|涉|爆)."""
        text, words = doc.text, doc.inner_words(start, end)
        if not words or not 2 <= end - start <= 6 or not all(NAME_UNIT_RE.match(c) for c in text[start:end]):
            return False
        if len(words) == 1 and doc.tags.get(text[start:end]) not in SHORT_NAME_TAGS or text[start:end] in division_names():
            return False
        return not (_all_generic(doc, start, end, self.lex.org_generic) or text[start:end] in self.lex.industry_words
                    or any(doc.is_stop(a, b) or b - a > 1 and doc.is_verb(text[a:b]) for a, b in words)
                    or self._described(doc, words))

    def _object_of_verb(self, doc: SegmentedText, start: int) -> bool:
        """A verb of the clause stands right before `start` (加快|, 布局建设|): a list after it is
        the verb's object."""
        before = [(a, b) for a, b in doc.near(max(0, start - 6), start) if b == start]
        return bool(before) and doc.is_verb(doc.text[before[-1][0]:start])

    def _company_like(self, doc: SegmentedText, start: int, end: int) -> bool:
        words = doc.inner_words(start, end)
        rest = [(s, e) for s, e in words if not doc.is_place(s, e)]
        return bool(rest) and not _all_generic(doc, rest[0][0], end, self.lex.org_generic) and not any(
            doc.text[s:e] in self.lex.left_stop or doc.tags.get(doc.text[s:e]) in ("v", "vn", "p", "c", "u", "uj")
            for s, e in words) and not PERIOD_INSIDE.search(doc.text, start, end)

    def _brand(self, doc: SegmentedText, start: int, end: int) -> bool:
        """忠旺铝业, 新伟祥, 丹佛斯, 新疆特变电工: not only places, not only generic words, and
        with a brand core (not a place) or a company's ending (铝业, 药业, 电工 …)."""
        words = doc.inner_words(start, end)
        rest = [(s, e) for s, e in words if not doc.is_place(s, e)]
        if not rest or _all_generic(doc, rest[0][0], end, self.lex.org_generic):
            return False
        # (a company's own ending after a place is a company too: 北岭|重工, as 太原重工 is)
        suffixed = doc.text.endswith(self.lex.brand_suffixes, rest[0][0], end) and (end - rest[0][0] > 2 or rest[0][0] > start)
        return suffixed or self._brand_core(doc, rest) and not self._described(doc, words) and not doc.product_word(start, end)

    @staticmethod
    def _described(doc: SegmentedText, words: list[tuple[int, int]]) -> bool:
        """An item that describes a thing rather than names a firm: an adjective of two or more
        characters among its words (危化品|重大|危险源), or, with no place among them, characters
        jieba knows one by one of which two or more are verbs (粉尘|涉|爆, 托|育: a verb + its
        object, as in a slogan; a place + 超|算 is a firm's short name)."""
        text, verbs = doc.text, 0
        placed = any(doc.names_place(s, e) for s, e in words)  # (社区, 农村: a kind of place, no name)
        for s, e in words:
            tag = doc.tags.get(text[s:e])
            if e - s > 1 and tag in ("a", "ad"):
                return True
            verbs = verbs + (tag == "v") if e - s == 1 else 0
            if verbs >= 2 and not placed:
                return True
        return False
