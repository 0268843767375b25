"""Whether the words before an org's head name one body or a kind of body (县|人民|医院 vs 二级|医院, 上市|公司)."""

from __future__ import annotations

from ...ruleset.divisions import division_names
from ..entity_text import OPEN_QUOTES, PARENTHESIS, PROPER_TAGS, SegmentedText
from ..word_classes import BODY_LEVELS, COMMON_TAGS

LAB_HEADS = ("实验室", "医院", "学校", "幼儿园")  # heads a province or city has many of
TYPE_END = "型"
GROUP = "集团"  # a company group's head
SCHOOL = "学校"
# a curated body's last character (国资委, 工信部, 市政府): no company takes its name
GOVERNMENT_ENDS = "局委部办厅署府"
# Heads of an association, and the words of reach that open one body's name before its field (国际|极地|考察|学会):
# jieba tags both reach and field words common nouns, so the class cannot tell 国际|合作 from 产业|合作; a reach
# word (not 全国: 全国性|行业|协会 is a kind) with a field of four or more characters names one association.
ASSOCIATIONS = ("联盟", "协会", "学会", "联合会", "促进会", "研究会")
REACH_WORDS = ("国际", "世界", "全球", "亚洲", "亚太")
NATION_WORDS = ("中国", "中华", "国家")  # the nation's reach: a field after it names the one national body of that field
INSTITUTES = ("研究院", "研究所", "设计院", "科学院")  # a research body's heads (not 实验室, 研究中心: platforms as often)
PARENT_HEADS = ("科学院", "大学", "研究院")  # a body's head inside the words before another's: its parent
STYLE_WORDS = ("特色",)  # after a place, a style (中国特色), not the place a body belongs to; jieba tags it n


class OrgCoreTests:
    """A base of SuffixRecognizer (reads the lexicon and the curated names Recognizers hold)."""

    def _org_core(self, doc: SegmentedText, start: int, first: int, end: int) -> bool:
        """The words before an org's head name one body: a proper word or a place, characters
        jieba knows only one by one (丹|佛|斯), a level word and a word after it (县|人民|医院,
        not 省|实验室), an ordinal, Latin letters, a quote; or jieba knows the whole as a name."""
        text = doc.text
        if doc.quoted(start, end) or text[start] in OPEN_QUOTES:
            return True
        if text[first:end] == SCHOOL and (doc.is_region_text(start, first) or all(
                doc.is_place(a, b) for a, b in doc.inner_words(start, first))):
            return False  # 北京市|学校: a place's schools, a kind (a school's name says more: 某某实验学校)
        if doc.tags.get(text[start:end]) in PROPER_TAGS and doc.tags.get(text[start:first]) not in COMMON_TAGS and not (
                text.endswith(LAB_HEADS, first, end) and doc.tags.get(text[start:first]) is None and text[start:first] not in self.known):
            # 清华大学/nt, 北京大学/nt; jieba tags kinds nt too (中医医院, 上市公司: 中医/j, 上市/v); with
            # a head a county has many of, a common noun or abbreviation before it (a word of no class
            # the tags keep: 中医/j, 儿童/n, 外语/n) says the kind (中医医院, 儿童医院, 外语学校)
            return True
        if doc.tags.get(text[start:end]) in PROPER_TAGS and self._whole_with_owner(doc, start, first):
            return True  # 上海市第一人民医院/nt: jieba's one word, a division or a parent body in it
        if not text.endswith(LAB_HEADS, first, end) and any(
                text[start:b] in self.known and text[b - 1] not in GOVERNMENT_ENDS for a, b in doc.near(start, end) if first <= b < end):
            return True  # a curated name + a company's head after it is one name (某某控股|集团, 某某|公司)
        words = doc.inner_words(start, first)
        if len(words) == 1 and text[start:first] in BODY_LEVELS:
            return not text.endswith(LAB_HEADS, first, end)  # 县|供销社, 市|图书馆: the one of that level (省|实验室: many)
        if len(words) >= 2 and text[words[0][0]:words[0][1]] in BODY_LEVELS:
            # 省|重点|实验室: a level + only a kind's words is a kind, but a provincial group
            # or company (省|外贸|集团) is one body
            return not text.endswith(LAB_HEADS, first, end) or not all(
                text[a:b] in self.lex.org_generic or doc.is_verb(text[a:b]) for a, b in words[1:])  # 省|创新|实验室
        if text.endswith(ASSOCIATIONS, first, end) and words and text[slice(*words[0])] in REACH_WORDS and (
                first - words[0][1] >= 4 and not any(doc.is_stop(a, b) for a, b in words)):
            return True  # 国际|极地|考察|学会, 亚洲|青年|交流|协会: a reach + its field of four or more characters, one body
        if text.endswith(INSTITUTES, first, end) and words and text.startswith(NATION_WORDS, start) and (
                first - start - 2 >= 4 and not any(doc.is_stop(a, b) or text[a:b] in self.lex.org_generic
                                                     or text[a:b] in STYLE_WORDS for a, b in words[1:])):
            return True  # 中国|电子信息|产业|研究院: the nation + a field of four or more characters, one national institute
            # (the nation's word may open a curated name jieba keeps whole: 中国电子|…)
        if any(text.startswith("第", s) or any("A" <= c <= "z" for c in text[s:e]) for s, e in words):
            return True  # an ordinal (第一中学), Latin letters (FAST实验室)
        # Words in brackets are a name's only as its place (丹佛斯(天津)); else they gloss a kind (中医(蒙医)医院).
        glosses = [m.span() for m in PARENTHESIS.finditer(text, start, first) if not doc.is_region_text(m.start() + 1, m.end() - 1)]
        # A word of a type (开放型/nz, 管理型: three or more characters ending in 型) says what kind, not whose.
        core = [(a, b) for a, b in words if not any(g <= a and b <= h for g, h in glosses)
                and not (b - a > 2 and text[b - 1] == TYPE_END)]
        # 中国|特色|世界一流|大学: a place + 特色 is a style, no owner (the place is no core then)
        core = [(a, b) for k, (a, b) in enumerate(core) if not (k + 1 < len(core) and text[slice(*core[k + 1])] in STYLE_WORDS)]
        if len(core) >= 2 and text.endswith(LAB_HEADS, first, end) and doc.names_place(*core[0]) and all(
                text[a:b] in self.lex.org_generic for a, b in core[1:]):
            return False  # 主城区|公办|幼儿园: a place + only a kind's words before a school or a lab, many of them
        if len(core) == 1 and text[first:end] == GROUP and self._trade_word(doc, *core[0]):
            return True  # 组建|纺织|集团, 、|外经贸|集团: a trade alone before 集团 names one group (现代|物流|集团: a kind)
        return doc.has_proper_core(core, brands=True, bodies=True) or self._one_char_place(doc, core)

    def _whole_with_owner(self, doc: SegmentedText, start: int, first: int) -> bool:
        """The words before the head, which jieba keeps inside one word with it, open with a division's
        name and go on (上海市|第一人民) or hold a body's own head (中国医学科学院|肿瘤): one body's, not a
        kind's (中医|医院, 儿童|医院)."""
        text = doc.text
        return any(text[start:start + k] in division_names() for k in range(2, min(6, first - start))) or any(
            text.find(head, start, first) >= 0 for head in PARENT_HEADS)

    def _trade_word(self, doc: SegmentedText, start: int, end: int) -> bool:
        """One plain noun of a trade (纺织, 能源, 外经贸), not generic, a place, a verb or a modifier:
        a province's group is named by its trade alone, a kind of group takes more words."""
        word = doc.text[start:end]
        return 2 <= end - start <= 3 and doc.tags.get(word) in (None, "n", "j") and word not in self.lex.org_generic and (
            not doc.is_place(start, end) and not doc.modifier(word))

    def _one_char_place(self, doc: SegmentedText, words: list[tuple[int, int]]) -> bool:
        """崖|州|湾: a character jieba does not know + a one-character region end is a place's name
        (崖州, 雄县), which jieba cuts into characters."""
        text = doc.text
        return any(b - a == 1 and d - c == 1 and doc.tags.get(text[a:b]) is None and text[a:b].isalpha()
                   and text[c:d] in self.lex.region_ends and text[a:b] not in self.lex.region_ends
                   for (a, b), (c, d) in zip(words, words[1:]))

    def _kind_of_company(self, doc: SegmentedText, start: int, first: int, end: int) -> bool:
        """A bare 公司 after a word of a common class (上市/v, 跨国/v, 发展/vn) or inside a word
        jieba knows whole (上市公司/nt): the kind of company a clause speaks of."""
        words = doc.inner_words(start, first)
        if not words or doc.text[start:first] in self.known and doc.text[first - 1] not in GOVERNMENT_ENDS:
            return False  # (中国商飞|公司: a curated company's own name)
        s, e = words[-1]
        if len(words) >= 2 and doc.names_place(*words[-2]) and doc.tags.get(doc.text[s:e]) in COMMON_TAGS:
            return False  # 江口县|供电|公司: what a place's company does, one company
        glued = any(a < first and b == end for a, b in doc.near(first, end))
        # (a brand jieba knows, 长虹/nz of 长虹公司/nt, is one company's name, as in _org_core)
        # (after a place, one character after another that jieba knows only alone is an abbreviation's
        # half, whatever its tag: 临川|城|投|公司, the city's investment company; alone, 城投公司 is a kind)
        half = e - s == 1 and len(words) >= 3 and words[-2][1] - words[-2][0] == 1 and doc.names_place(*words[-3])
        if glued and not doc.has_proper_core(words, brands=True, bodies=True) or doc.tags.get(doc.text[s:e]) in COMMON_TAGS and not half:
            return True
        if any(b - a > 2 and doc.text[b - 1] == TYPE_END for a, b in words) or doc.text[first - 1] == TYPE_END:
            return True  # 管理型|项目公司, 科技产业|型|公司: a word of a type says what kind of company
        # one word jieba knows, no proper core (项目|公司, 资产|公司): a kind; coined ones (吉|翼|公司) are names
        return len(words) == 1 and e - s > 1 and not doc.has_proper_core(words, brands=True, bodies=True)
