"""Bare names the document shows to be orgs: a brand, names after a category noun, a cited source, a role after a name."""

from __future__ import annotations

import re
from typing import Iterator, Optional

import regex

from ...ruleset.divisions import division_names
from ...ruleset.entity_rules import EntityRule
from ..entity_text import NAME_UNIT_RE, PROPER_TAGS, EntitySpan, SegmentedText
from ..word_classes import MISREAD_TAGS
from ..evidence import PERSON_TAGS, names_before_roles
from .base import AMOUNT_START, _all_generic, _head_chains, _word_pattern, text_positions

ROLE_ENDS = ("总监", "经理", "董事")  # company roles the title list lacks (营销总监)
CLAUSE_MARKS = "，,。；;！!？?：:、\n"
TRADE_ENDS = "业药"  # the last character of a trade's name (酒业, 制药): a place before it may name its trade
REPORTED_BY = ("据", "根据", "依据")  # the words that open a cited source: 据|江城日报|报道
QUOTED_LABEL = re.compile(r"[“\"‘][^”\"’\n]{1,10}[”\"’]")  # a short quoted label: “三化”
PLAIN_STOP_TAGS = frozenset({"a", "ad", "d", "i", "l", "t", "f"})  # no brand word: 现代|制药, 高效|药业
# A product line, a model or a capacity after a company's name: 华辰光电|T9, 国恒化工|40万吨.
LINE_OR_CAPACITY = re.compile(r"[A-Za-z]|[0-9]+(?:\.[0-9]+)?(?:万|千|亿|英寸|代)")
# A list after a category noun: items joined by 、, 和, 及, closed by 等 or a clause mark.
APPOSED_LIST = re.compile(r"(?P<items>[^，,。；;！!？?\n、等和及]{2,8}(?:[、和及][^，,。；;！!？?\n、等和及]{2,8})+)(?=等|[，,。；;])")
ITEM = re.compile(r"[^、和及]+")
# After an industry's ending, nouns that make the words before them an industry's name (煤化|科技|创新,
# 能源化工|产业, 生物|制造|集群), not a company's: jieba tags them n or v as it tags the product a
# company makes (华辰光电|芯片, 某某科技|攻克), so the list says which.
INDUSTRY_AFTER = ("产业", "创新", "制造", "集群", "行业", "领域")
ONE_APPOSED_TAGS = frozenset({"nr", "nrt", "nrfg"})  # a foreign firm's name reads as a person's (博世/nrt)
# Category nouns of companies before one such name (nz, and the other categories, tag common
# words too often: 企业|孵化器/nz, 高校|师生/nz)
COMPANY_CATEGORIES = ("企业", "巨头", "央企", "民企", "外企", "龙头", "厂商")
# A quoted name right after a category of bodies that names no slogan (机构“…”, 媒体“…”; 企业“走出去”
# quotes a policy's slogan as often as a firm; 组织“…” is a verb and its activity as often)
QUOTED_AFTER_CATEGORY = re.compile(r"(?:机构|媒体|智库)“(?P<name>[^“”\s，,。；;、]{2,12})”")


def _starts_of(text: str, words: tuple[str, ...]) -> list[int]:
    """Every position where one of `words` starts (overlapping ones too)."""
    return sorted({k for word in words for k in text_positions(text, word)})


class ShownNameRecognizers:
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

    def brand(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.heads[rule.id]):
            if any(a < end < b for a, b in doc.near(first, end)):
                continue  # 新|材料: the head's last character opens another word
            if any(a < first < b and doc.text[a:b] in self.lex.org_generic for a, b in doc.near(first, first + 1)):
                continue  # 基本|养老保险: the head closes a generic word jieba knows whole (not 华润|微电子)
            # A legal form ends the name; heads after it are what the company does (林达集团|投资).
            if not self.brand_end_initials.isdisjoint(doc.text[first : end - 1]):  # most chains hold none
                closing = [k + len(f) for f in self.brand_ends if 0 <= (k := doc.text.find(f, first, end)) and k + len(f) < end]
                end = min(closing, default=end)
            # A head that is a verb when an amount follows ends the chain (海辰电气|投资8亿元).
            verb = next((v for v in self.lex.verb_heads if doc.text.endswith(v, first, end)), None)
            if verb is not None and (AMOUNT_START.match(doc.text, end) or any(
                    a == end and doc.is_verb(doc.text[a:b]) for a, b in doc.near(end, end + 1))):  # 投资|兴建
                end -= len(verb)
                if end <= first:
                    continue
            start = self.own_ending_start(doc, doc.after_clause_verb(doc.trim_left(max(0, first - 4), first), first, self.lex.org_generic,
                                                                     body=True, leading=True), first, end)  # 做|强|科技: never a verb first
            words = doc.inner_words(start, first)
            while words and doc.text[words[0][0]:words[0][1]] in self.lex.org_generic:
                words = words[1:]  # 投资公司|兴银|投资: the name starts after a category word
            start = words[0][0] if words else first
            # A division alone before a company's own ending (海东|控股, 临川|重工) names the province's or city's
            # company, as before 集团; before an industry's ending it is the place's industry (江西|现代物流),
            # and so is an ending of a trade (…业, …药: 四川|酒业, 江西|制药 are the place's trade as often).
            own = doc.text.endswith(self.lex.brand_suffixes, first, end) and doc.text[end - 1] not in TRADE_ENDS
            placed = own and len(words) == 1 and doc.text[words[0][0]:words[0][1]] in division_names() and (
                not doc.text.startswith(INDUSTRY_AFTER, end))  # (江西|制药|产业: the place's industry; a division's
            # name, not any word jieba tags a place's: 华兴|股份 is a company's short form, short_form's to link)
            if not words or first - start < 2 or all(doc.is_place(s, e) for s, e in words) and not placed or doc.counted(words) or any(
                    e - s > 1 and doc.text[s:e] in self.lex.region_ends for s, e in words) or not all(  # 高新区|投资
                    NAME_UNIT_RE.match(c) for c in doc.text[start:first]):
                continue
            # A title after it (红日药业|董事长) says it is a company as much as a proper noun does.
            titled = doc.text.startswith(self.titles, end)
            industry = not doc.text.endswith(self.lex.brand_suffixes, first, end)
            if _all_generic(doc, start, first, self.lex.org_generic):
                continue
            cored = titled or placed or self._brand_core(doc, words, industry)
            if placed and (doc.quoted(start, end) or self._written_in_full(doc, start, end)):
                continue  # (a place's company quoted as a short form or written in full elsewhere: short_form's)
            if not cored and (industry or not self._plain_words(doc, words)):
                continue
            if not titled and (industry or not cored):
                # An industry's ending (科技, 物流, 网络) after coined words is as often an
                # industry's name (冷链物流, 煤基科技): the document must show a company. So must a
                # company's own ending (药业) after common words jieba knows (红日|药业, 同济|堂|药业).
                if industry and doc.text.startswith(INDUSTRY_AFTER, end):
                    doc.brand_shapes.append((start, end))  # (a project's core still: 某合科技|创新合作中心)
                    continue  # …能源化工|产业, …科技|创新: the words name an industry, its sector or its innovation
                shown = self._shown_company(doc, start, first, end)
                if not cored and shown is not None and self._written_in_full(doc, start, end):
                    continue  # a brand of common words written in full elsewhere: short_form gives it its full name
                if shown is None:
                    doc.brand_shapes.append((start, end))
                    continue
                start = shown
            yield EntitySpan(start, end, rule.type, rule.id, priority=5)

    def _plain_words(self, doc: SegmentedText, words: list[tuple[int, int]]) -> bool:
        """Words that may be a brand's though jieba knows them as common ones (红日, 同济|堂): no
        word of two or more characters of a verb's, an adverb's, an adjective's or a closed class,
        no common modifier of the text, not only places."""
        text = doc.text
        return not all(doc.is_place(s, e) for s, e in words) and not any(
            e - s > 1 and (doc.is_verb(text[s:e]) or doc.is_stop(s, e) or doc.tags.get(text[s:e]) in PLAIN_STOP_TAGS
                           or doc.modifier(text[s:e])) for s, e in words)

    def _written_in_full(self, doc: SegmentedText, start: int, end: int) -> bool:
        """Whether the text writes the brand anywhere followed by a legal form or 集团 (华信电子|有限公司).

        Looked up among the text's words before a legal form, indexed once a length, not searched for
        through the whole text for each guess (a list of thousands of companies, issue 26)."""
        brand = doc.text[start:end]
        if not brand:
            return regex.search(f"(?:{'|'.join(self.brand_ends)})", doc.text) is not None
        if doc.brand_end_starts is None:
            doc.brand_end_starts = _starts_of(doc.text, self.brand_ends)
        before = doc.before_brand_ends.get(len(brand))
        if before is None:
            size = len(brand)
            before = doc.before_brand_ends[size] = {doc.text[p - size:p] for p in doc.brand_end_starts if p >= size}
        return brand in before

    def _shown_company(self, doc: SegmentedText, start: int, first: int, end: int) -> Optional[int]:
        """Where a brand with an industry's ending starts when the text shows it is a company,
        else None: its city before it (临江|翔宇科技, taken into the name) or opening it (滨江蓝泽科技);
        a category noun before it (公司|恒银投资); the subject of its clause before a verb
        (。江奇汽车|登陆); a product line or capacity after it (华辰光电|T9, 国恒化工|40万吨);
        the same brand with a legal form elsewhere in the document (…科技有限公司)."""
        text = doc.text
        before = [(a, b) for a, b in doc.near(max(0, start - 6), start) if b == start]
        if before and doc.names_place(*before[-1]) and text[before[-1][0]] not in "全本":
            return before[-1][0]
        words = doc.inner_words(start, first)
        if words and doc.names_place(*words[0]) and len(words) > 1:
            return start
        # (a category noun jieba glues to its modifier ends with one: 龙头企业|海辰科技)
        if before and text.endswith(self.appositions, before[-1][0], start) or text.endswith("公司", 0, start):
            return start
        # (a quoted label between the name and its verb is the verb's object: 酒钢集团|“三化”|改造)
        label = QUOTED_LABEL.match(text, end)
        next_word = label.end() if label is not None else end
        word = doc.word_at(next_word)
        after = text[word[0]:word[1]] if word else ""
        if any(text.startswith(self.role_words + ROLE_ENDS, k) for k in range(end, min(end + 3, len(text)))):
            return start  # 融创地产|营销总监: a role only a company has, after a department of up to two characters
        opens = start == 0 or text[start - 1] in CLAUSE_MARKS or bool(before) and doc.tags.get(text[before[-1][0]:start]) in ("p", "c")
        verb = doc.tags.get(after) == "v" or doc.tags.get(after[:2]) == "v" if after else False  # not 消费/vn
        if opens and after and (verb or doc.tags.get(after) in ("p", "c", "d", "uj")):
            return start  # 。江奇汽车|登陆, 海辰科技|发布公告, 与|海辰科技|签约, 海辰科技|在
        if LINE_OR_CAPACITY.match(text, end):
            return start
        if self._written_in_full(doc, start, end):
            return start
        return None

    def _brand_core(self, doc: SegmentedText, words: list[tuple[int, int]], industry: bool = False) -> bool:
        """A brand before an industry ending: no verb or adverb (大力|发展|科技), and a core that
        is not a place (江西|现代物流 is a region's industry): a proper-noun word or characters
        jieba knows only one by one (融|创|地产)."""
        text, singles, core = doc.text, 0, False
        if words and doc.verb_end(words, 0) is not None:
            return False  # 做|强|科技: a verb + its result, not a brand
        for s, e in words:
            tag = doc.tags.get(text[s:e])
            if e - s > 1 and (tag in ("d", "ad") or doc.is_verb(text[s:e])):
                return False
            if doc.is_place(s, e):
                singles = 0
                continue
            singles = singles + 1 if e - s == 1 and not doc.is_stop(s, e) else 0
            # before an industry's ending, a word the text uses as a modifier is none (养老|保险, 高水平|科技)
            core = core or tag in PROPER_TAGS and not (industry and tag in MISREAD_TAGS and doc.modifier(text[s:e])) or singles >= 2
        return core

    def apposed(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """Names listed right after a category noun of companies (rule.words): 家电巨头|飞科、
        西尔曼和伊斯顿等, 央企|长江、民企|赛洛等. The list runs to 等 or a clause mark; each item
        is a short run of name characters with no verb, not generic and not a place, else no item is."""
        text = doc.text
        for _, end in self.heads[rule.id].spans(text):
            close = APPOSED_LIST.match(text, end)
            if close is None:
                continue
            items = []
            for item in ITEM.finditer(text, close.start("items"), close.end("items")):
                s, e = item.span()
                word = next((w for w in self.lex.appositions if text.startswith(w, s) and e - s - len(w) >= 2), "")
                items.append((s + len(word), e))  # 、民企|赛洛: a category before this item too
            items = [(s, e) for s, e in items if e - s >= 2]
            if len(items) < 2 or not all(self._apposed_item(doc, s, e) for s, e in items):
                continue
            for s, e in items:
                yield EntitySpan(s, e, rule.type, rule.id, priority=4)
        if self.apposition_pattern is None:
            self.apposition_pattern = _word_pattern(COMPANY_CATEGORIES)
        for match in self.apposition_pattern.finditer(text):  # one name after any category noun (企业|博世)
            one = self._one_apposed(doc, match.start(), match.end())
            if one is not None:
                yield EntitySpan(*one, rule.type, rule.id, priority=4)
        for match in QUOTED_AFTER_CATEGORY.finditer(text):  # 权威机构|“临川家电在线”: its quotes bound the name
            s, e = match.span("name")
            words = doc.inner_words(s, e)  # (no verb, and no slogan opening with one: 退|高|摘帽)
            if doc.evidence(s, e) and not any(doc.is_stop(a, b) or b - a > 1 and doc.is_verb(text[a:b]) for a, b in words) and (
                    doc.tags.get(text[slice(*words[0])]) not in ("v", *PLAIN_STOP_TAGS)):
                yield EntitySpan(s, e, rule.type, rule.id, priority=4)

    def _one_apposed(self, doc: SegmentedText, start: int, end: int) -> Optional[tuple[int, int]]:
        """知名企业|博世|在…, 500强企业|艾默生|设立…: one word jieba knows as a name's (a person's or
        a brand's) right after a category noun of companies, the clause going on with a verb, a
        preposition or a mark, is that company; a word the text uses as a modifier is none."""
        text = doc.text
        if end not in doc.boundaries(start, end):
            return None  # 企业|家 of 企业家: the category runs on into another word
        word = doc.word_at(end)
        if word is None or word[1] - word[0] < 2 or doc.tags.get(text[word[0]:word[1]]) not in ONE_APPOSED_TAGS:
            return None
        name = text[word[0]:word[1]]
        following = doc.word_at(word[1])
        after = text[following[0]:following[1]] if following else ""
        if doc.modifier(name) or doc.is_place(*word) or not (
                word[1] == len(text) or text[word[1]] in CLAUSE_MARKS or doc.tags.get(after) in ("p", "v", "d")):
            return None
        return word

    def _apposed_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        words = doc.inner_words(start, end)
        return bool(words) and end - start <= 6 and all(NAME_UNIT_RE.match(c) for c in doc.text[start:end]) and not (
            _all_generic(doc, start, end, self.lex.org_generic) or all(doc.is_place(s, e) for s, e in words)
            or any(doc.is_verb(doc.text[s:e]) or doc.is_stop(s, e) for s, e in words)) and self._brand_core(doc, words)

    def reported(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """据|澎湃新闻|报道, 根据|江城日报|消息: the source a report cites between 据 and its report
        noun (the rule's pattern) is an org when its words hold no clause word (a numeral may:
        第一|财经) and it shows a name: a proper noun, a place, characters jieba knows one by one,
        or a medium's ending (rule.words) after more words (澎湃/v|新闻; 据|媒体|报道 names none)."""
        assert rule.pattern is not None
        text = doc.text
        for match in rule.pattern.finditer(text):
            s, e = match.span()
            # (jieba may glue the name's last word to the report noun: 新闻|报道 as 新闻报道)
            if s not in doc.boundaries(max(0, s - 2), e + 1) or not any(
                    b == s and text[a:b] in REPORTED_BY for a, b in doc.near(max(0, s - 2), s)):
                continue  # 证据|…: 据 inside another word
            words = doc.inner_words(s, e)
            if not words or any(doc.is_stop(a, b) and doc.tags.get(text[a:b]) != "m" for a, b in words) or (
                    _all_generic(doc, s, e, self.lex.org_generic) or all(doc.is_place(a, b) for a, b in words)
                    or e - s <= 3 and doc.tags.get(text[words[0][0]:words[0][1]]) in PERSON_TAGS):
                continue  # 据|李|明|报道: a person's name (a surname and a given name) reports too
            if any(text.find(w, s + 2, e) >= 0 for w in self.role_words):
                continue  # 据|江城日报特约记者李明|报道: a role inside, after its medium (the role's cue finds that)
            medium = next((w for w in rule.words if text.endswith(w, s, e)), "")
            if doc.evidence(s, e) or medium and e - s > len(medium) and len(words) >= 2:
                yield EntitySpan(s, e, rule.type, rule.id, priority=5)

    def role(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """A bare name before a role only an org has (evidence.py): 华商财经|记者."""
        return names_before_roles(doc, rule, self.lex)
