"""A name ending in an org suffix (有限公司, 局, 集团 …), extended left over the name's own words."""

from __future__ import annotations

from typing import Iterator

from ...ruleset.entity_rules import EntityRule
from ..entity_text import NAME_UNIT_RE, PROPER_TAGS, EntitySpan, SegmentedText
from ..word_classes import COMMON_TAGS
from .base import ATTACHED, ORG_HEAD_CHARS, _all_generic, _head_chains, _name_start
from .org_core import ASSOCIATIONS, OrgCoreTests
from .company_edges import (brand_after_place, brand_before_trade, brand_led_by_verb, brand_of_function_words, brand_of_singles,
                            region_after_group, whole_list_item, brand_word_after_place)


# Heads that name a financial product as often as a company (保险, 信托): followed by a noun
# (基金, 登记, 产品), they are the product's; a company's name ends at a mark or its verb.
PRODUCT_HEADS = ("保险", "信托")
CLUSTER = "群"  # after a facility's head: a cluster of them (博物馆群), built as one project
ACADEMY = "院"  # a parent academy's last character (中科院, 农科院): its institutes are 所
INSTITUTE = "所"  # an institute's short name's end (长春|光机所): only as the end of such a word
LAB = "实验室"
MAX_FIELD = 16  # characters of a lab's field + place before its head (a bound on the look-back)


class SuffixRecognizer(OrgCoreTests):
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

    def suffix(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        for first, _, end in _head_chains(doc, self.heads[rule.id]):
            start = _name_start(doc, first, "ordinal")
            company = None  # the last legal form before the head, in the name or just before it
            for company in self.legal_form.finditer(doc.text, max(0, start - 12), first):
                pass
            if company is not None and company.end() < first and all(
                    NAME_UNIT_RE.match(c) for c in doc.text[company.end() : start]):
                if doc.text[company.end()].isdigit():
                    continue  # 有限公司12英寸晶圆厂: a facility of the company, not an org
                unit = self._unit_of_company(doc, company.end(), first)
                if doc.text.endswith(self.lex.legal_forms, first, end) and not doc.text.endswith(
                        self.lex.branch_forms, first, end) and not unit:  # 股份有限公司|子公司|中车唐山…有限公司
                    start = max(start, doc.trim_left(company.end(), first, "ordinal"))
            start = self._extend_left(doc, start, first, end, rule)
            start = self._after_verb(doc, start, first, rule)
            opened = start
            start = doc.after_clause_verb(start, first, self.lex.org_generic, body=True)
            start = self._field_of_lab(doc, opened, start, first, end)
            start = self._after_clause_words(doc, start, first)  # 力争|滨江理工大学 (力争/nz)
            start = self._after_apposition(doc, start, first)
            start = self._known_tail(doc, start, end)
            start = self._place_after_common(doc, start, first)
            start = self._whole_name_start(doc, start, first, end)
            if doc.text.endswith(self.lex.legal_forms, first, end):
                start = brand_after_place(doc, start, first, end)
                start = brand_before_trade(doc, start, first, self.lex.industry_words, self.lex.org_generic)
                start = whole_list_item(doc, start, first)
                start = brand_word_after_place(doc, start, first)
            branded = False
            if doc.text.endswith(self.brand_ends, first, end):
                cut, start = start, brand_of_function_words(doc, start, first, end)
                branded = start != cut  # a brand the structure around it shows: its own core
                start = start if branded else brand_of_singles(doc, start, first, self.lex.industry_words)
                start = brand_led_by_verb(doc, start, first, self.lex.org_generic)  # (after either: 采/v|埃|孚)
            if first == start or _all_generic(doc, start, first, self.lex.org_generic):
                continue
            if doc.text.endswith(self.lex.branch_forms, first, end) and all(
                    doc.is_place(s, e) for s, e in doc.inner_words(start, first)):
                parent = next((k for k in self.known if doc.text.endswith(k, max(0, start - len(k)), start)), None)
                if parent is None:
                    continue  # …审评检查|华东|分中心: a place + a branch is the branch of a body the text cut off, no name
                start -= len(parent)  # 招行 + 广州分行: a curated name + a place + a branch, one name
            if doc.text[first:end] == INSTITUTE and not self._institute_short(doc, start, end):
                continue  # 重点|场所, 科研院所, 高校院所: a place of a kind or a kind of institute, no short name
            if doc.text.startswith(CLUSTER, end):
                continue  # …博物馆|群: a cluster of facilities built as one project, no org
            if doc.text[first:end] in PRODUCT_HEADS and (self._noun_after(doc, end) or self._institution_after(doc, end)):
                continue  # …再保险|登记…中心, …投资信托|基金: the product a noun after it names, no company
            if doc.text.endswith(self.works_heads + ("工厂",), start, end):
                continue  # 江城电厂, 新星无锡工厂: a plant is built as a project (SPEC), no org
            if doc.text[first:end] == "公司" and self._kind_of_company(doc, start, first, end):
                continue  # 上市公司, 跨国公司, 铁路发展公司: a kind of company, not one
            if not doc.text.endswith(self.lex.legal_forms, first, end) and not branded and (
                    not self._org_core(doc, start, first, end) or doc.counted_kind(start, end)):
                continue  # 高职学校, 二级以上医院, 国家级绿色工厂: a kind of body, no name
            if any(a < first and b == end and (doc.text[a:b] in self.lex.org_generic or doc.tags.get(doc.text[first - 1]) == "v"
                                                and end - first == 1) for a, b in doc.near(first, end)):
                continue  # 基本|养老保险, 从严治党: the head inside a word of a kind, or a one-character head after a verb (治|党)
            glued = [a for a, b in doc.near(first, end) if a == first - 1 and b == end]
            if glued and (glued[0] == start or _all_generic(doc, start, glued[0], self.lex.org_generic)):
                continue  # 全国|中小学: one generic word around the head, not a name + 小学
            # One character (党, 厂) ends a name only as the end of a word (国民党, 机床厂):
            # in 忠于党, 贯彻党的 it is the party, not a name.
            if end - first == 1 and doc.text[first:end] != INSTITUTE and (first - start < 2 or not any(s < first and e == end for s, e in doc.near(first, end))):
                continue
            yield EntitySpan(start, region_after_group(doc, first, end), rule.type, rule.id, priority=3)

    def head_item_start(self, doc: SegmentedText, start: int, end: int) -> int:
        """了|振兴/v|集团、…等企业 (enumeration's first item): an item the clause's verb cut to a
        company's head alone starts at the brand the structure shows, as a legal name does."""
        return brand_of_function_words(doc, start, start, end) if doc.text[start:end] in self.brand_ends else start

    def own_ending_start(self, doc: SegmentedText, start: int, first: int, end: int) -> int:
        """北京|忠/nr|和/c|酒业 (the brand recognizer's start): before a company's own ending, a brand
        of the clause's words starts where the structure shows it, as before a legal form."""
        own = doc.text.endswith(self.lex.brand_suffixes, first, end)
        return brand_of_function_words(doc, start, first, end) if own else start

    def _field_of_lab(self, doc: SegmentedText, opened: int, start: int, first: int, end: int) -> int:
        """作物|育种|岳阳|实验室, 华东|安全|人工智能|江西省|实验室: a lab is named by its field before
        its place (the way provincial labs are named); a field word that reads as a verb (育种/v) cut
        the name to the place alone. Where the cut leaves only a place or one proper word before the
        head, the field words from the name's opening (no verb or stop first) are the lab's."""
        if not opened < start or first - opened > MAX_FIELD:
            return start
        if doc.text.endswith(ASSOCIATIONS, first, end):
            return self._core_of_association(doc, opened, start)
        if doc.text[first:end] != LAB:
            return start
        rest = doc.inner_words(start, first)
        if not rest or not (all(doc.is_place(a, b) for a, b in rest) or len(rest) == 1 and doc.tags.get(
                doc.text[rest[0][0]:rest[0][1]]) in PROPER_TAGS):
            return start
        words = doc.inner_words(opened, start)
        if not words or doc.is_verb(doc.text[words[0][0]:words[0][1]]) or any(doc.is_stop(a, b) for a, b in words) or not all(
                NAME_UNIT_RE.match(c) for c in doc.text[opened:start]):
            return start
        return opened

    @staticmethod
    def _core_of_association(doc: SegmentedText, opened: int, start: int) -> int:
        """滇|缅|旅游|城市|合作|联盟: an association's name says what it does (旅游/vn, 合作/vn), words
        that cut it as a clause's verbs would; where the words cut open, after at most one word of the
        clause, with the name's proper core (a proper word, characters jieba knows one by one; no stop
        among them), they are the name's from that core."""
        words = doc.inner_words(opened, start)
        if any(doc.is_stop(a, b) for a, b in words) or not all(NAME_UNIT_RE.match(c) for c in doc.text[opened:start]):
            return start
        # (one word of the clause may come first: 落地|滇|缅…; the name opens at its core)
        core = next((k for k in range(min(2, len(words))) if doc.has_proper_core(words[k:k + 2], brands=True) and (
            doc.tags.get(doc.text[words[k][0]:words[k][1]]) in PROPER_TAGS or words[k][1] - words[k][0] == 1)), None)
        if core is None or doc.is_verb(doc.text[words[core][0]:words[core][1]]):
            return start
        return words[core][0]

    def _institute_short(self, doc: SegmentedText, start: int, end: int) -> bool:
        """长春|光机所, 中科院|大连|化物所: a word of three characters ending in 所 (a field's
        abbreviation of two + 所; or the two as a word of their own and 所 alone before a mark) after
        a place: an institute's short name (场所, 诊所, 院所 are kinds)."""
        near = doc.near(end - 3, end)
        word = next(((a, b) for a, b in near if b == end and b - a == 3), None)
        if word is None and (end - 1, end) in near and (end - 3, end - 1) in near and not doc.is_stop(end - 3, end - 1) and (
                not doc.is_verb(doc.text[end - 3:end - 1])) and (end == len(doc.text) or not NAME_UNIT_RE.match(doc.text[end])) and (
                ACADEMY in doc.text[start:end - 3]):
            word = (end - 3, end)  # 中科院|湖南|煤化|所: under an academy, a field's two characters jieba keeps, 所 alone, a mark
        return word is not None and word[0] > start and any(
            doc.names_place(a, b) for a, b in doc.inner_words(start, word[0]))

    def _institution_after(self, doc: SegmentedText, end: int) -> bool:
        """…再保险|登记|交易中心: one word after `end` (no mark between) and then jieba's institution
        word (nt): the head is inside that longer name, not a company's end."""
        word = doc.word_at(end)
        after = doc.word_at(word[1]) if word else None
        return after is not None and NAME_UNIT_RE.match(doc.text[word[0]:word[1]]) is not None and (
            doc.tags.get(doc.text[after[0]:after[1]]) == "nt")

    def _noun_after(self, doc: SegmentedText, end: int) -> bool:
        """A noun of two or more characters right after `end` (no mark, verb or particle between)."""
        after = doc.word_at(end)
        word = doc.text[after[0]:after[1]] if after else ""
        return len(word) > 1 and doc.tags.get(word) in (None, "n", "vn", "nz", "j")

    def _known_tail(self, doc: SegmentedText, start: int, end: int) -> int:
        """新|晋|中国工程院: a curated name that ends the candidate after a word of a common class
        (an adjective, an adverb, a verb) starts the name; the words before it are the clause's."""
        words = doc.inner_words(start, end)
        if not words or doc.tags.get(doc.text[words[0][0]:words[0][1]]) not in COMMON_TAGS:
            return start
        for a, _ in words[1:]:
            if doc.text[a:end] in self.known:
                return a
        return start

    def _place_after_common(self, doc: SegmentedText, start: int, first: int) -> int:
        """培育|壮大|苏州…有限公司, 签约|落地|苏州…有限公司: a word of a common class (an adjective,
        a verb, an adverb), or a common noun right after a verb of the clause (落地/n), that opens
        the candidate right before a place word is the clause's; the name starts at the place,
        its region prefix (a curated name, 国网|苏州…公司, is the name's)."""
        words = doc.inner_words(start, first)
        if len(words) < 3 or words[0][1] - words[0][0] < 2 or not doc.names_place(*words[1]):
            return start
        word = doc.text[words[0][0]:words[0][1]]
        tag = doc.tags.get(word)
        verb_before = any(b == start and (doc.is_verb(doc.text[a:b]) or doc.text[a:b] in self.lex.left_stop)
                          for a, b in doc.near(max(0, start - 4), start))
        if tag in COMMON_TAGS or tag is None and verb_before and word not in self.known:
            return words[1][0]
        return start

    def _whole_name_start(self, doc: SegmentedText, start: int, first: int, end: int) -> int:
        """来自|北京友谊医院: a name jieba knows whole (one word tagged an institution's, with a division or
        a parent body in it) after a verb or a closed-class word of the clause starts at that word."""
        whole = next((a for a, b in doc.near(first, end) if b == end and start < a < first), None)
        if whole is None or doc.tags.get(doc.text[whole:end]) not in PROPER_TAGS or not self._whole_with_owner(doc, whole, first):
            return start
        if any(doc.is_stop(a, b) or doc.is_verb(doc.text[a:b]) for a, b in doc.inner_words(start, whole)):
            return whole
        return start

    def _unit_of_company(self, doc: SegmentedText, start: int, first: int) -> bool:
        """…工程局有限公司|交通|公司: one or two plain words between a company's legal form and
        another 公司 name a unit of that company (one org with it), not a company of its own
        (股份有限公司|子公司中车唐山机车车辆|有限公司 has a place: two names)."""
        words = doc.inner_words(start, first)
        return 1 <= len(words) <= 2 and not doc.evidence(start, first) and not any(
            doc.is_stop(s, e) and not doc.text.startswith("第", s)  # 第三|工程|公司: an ordinal may number it
            or doc.text[s:e] in self.lex.left_stop or doc.tags.get(doc.text[s:e]) in ("v", "vn")
            for s, e in words)

    def _ends_org(self, doc: SegmentedText, start: int, end: int, rule: EntityRule) -> bool:
        """The text ends with an org's head or a curated name (…大学, …政府, 中国电信)."""
        word = doc.text[start:end]
        return word[-1:] in ORG_HEAD_CHARS or word.endswith(rule.words) or any(
            word.endswith(k) for k in self.known if len(k) <= len(word))

    def _extend_left(self, doc: SegmentedText, start: int, first: int, end: int, rule: EntityRule) -> int:
        """Names that run on across a word that usually starts one:
        浙江大学医学院 + 附属(第一)医院, 中国农业科学院农业资源 + 与 + 农业区划研究所,
        圭亚那 + — + 中国友好协会."""
        attached = ATTACHED.search(doc.text, max(0, first - 12), first)
        if attached is not None:  # …大学|附属第一医院: the hospital of that university
            left = _name_start(doc, attached.start(), "ordinal")
            if left < attached.start() and doc.text.endswith(rule.words, left, attached.start()):
                return left
            return start
        if start >= 2 and doc.text[start - 1] in "与和" and first - start >= 2:
            left = _name_start(doc, start - 1, "ordinal")
            words = doc.inner_words(left, start - 1)
            # The left side is an org + a short topic (中国农业科学院|农业资源), and neither topic
            # is a name of its own (美国中国商会, 最高人民检察院 are names: two orgs).
            parent = any(b - left >= 2 and 2 <= start - 1 - b - self._place_after(doc, b, start - 1) <= 4
                         and self._ends_org(doc, left, b, rule)
                         and not doc.evidence(b + self._place_after(doc, b, start - 1), start - 1) for _, b in words[:-1])
            if (parent and not self._ends_org(doc, left, start - 1, rule) and not doc.evidence(start, first)
                    and doc.text[start:end] not in self.known
                    and not any(doc.text[a:b] in self.lex.titles for a, b in words)
                    and not _all_generic(doc, words[-1][0], start - 1, self.lex.org_generic)):
                return left  # 农业资源与农业区划: one topic of one institute
            return start
        if start >= 2 and doc.text[start - 1] == "—" and doc.is_place(*(doc.inner_words(start, first) or [(start, start)])[0]):
            left = start - 1
            for ws, we in reversed([w for w in doc.near(max(0, left - 8), left) if w[1] <= left]):
                if we != left or not doc.is_place(ws, we):
                    break
                left = ws
            return left if left < start - 1 else start
        return start

    def _place_after(self, doc: SegmentedText, start: int, end: int) -> int:
        """The length of a place word opening [start, end) (中国科学院|江城|材料科学: the branch's city), else 0."""
        first = next(((a, b) for a, b in doc.inner_words(start, end) if a == start), None)
        return first[1] - first[0] if first and first[1] < end and doc.names_place(*first) else 0

    def _after_apposition(self, doc: SegmentedText, start: int, first: int) -> int:
        """著名学府|哈佛大学, 民间团体|海峡两岸关系协会: a category noun before a name is not part
        of it when a proper name (a place, a proper noun, characters jieba knows one by one) follows."""
        for s, e in doc.inner_words(start, first):
            if not doc.text.endswith(self.appositions, s, e) or first - e < 2:
                continue  # the cheap tests first: most words are no category noun
            if doc.evidence(e, first) or any(a == e and doc.tags.get(doc.text[a:b]) in PROPER_TAGS
                                             for a, b in doc.starting(e, e + 1)):
                return e
        return start

    def _after_verb(self, doc: SegmentedText, start: int, first: int, rule: EntityRule) -> int:
        """A name does not run on across a complete name and a verb: 大连理工大学化工学院|共建|实验室."""
        previous = ""
        legal = doc.text.startswith(self.lex.legal_forms, first)  # 酒店|管理|有限公司: the trade of a company's name
        for s, e in doc.inner_words(start, first):
            word = doc.text[s:e]
            if previous.endswith(rule.words) and e - s > 1 and doc.tags.get(word) in ("v", "vn") and not (
                    legal and e == first and word in self.lex.industry_words) or previous.endswith(self.titles):
                start = e if previous.endswith(rule.words) else s  # …大学|建设|…大学, 总书记|亲率…
            previous = word
        return start
