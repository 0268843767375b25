"""Word classes a name is tested by, from jieba's dictionary tags and the text's structure: a
clause's verb (where a name starts after it), a proper core (what makes a name one thing's,
not a kind's), a count of things (which no name holds). A part of SegmentedText."""

from __future__ import annotations

import re
from typing import Callable, Optional

from ..ruleset.divisions import division_names
from .dictionary import common_landform_words, common_place_words, common_proper_words, misread_divisions

# Proper-noun tags are evidence that a word is part of a name.
PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
# Verbs of a clause (加快, 争创, 高质量建设): a name that follows one starts after it.
VERB_TAGS = frozenset({"v", "vd", "vn"})
# Common words among the tags read: verbs, adjectives, adverbs, idioms (上市/v, 公立/v). Not
# abbreviations (j): 中医 is a kind, 光大, 浦发 are banks.
COMMON_TAGS = frozenset({"v", "vd", "vn", "a", "ad", "d", "l", "i"})
# A one-character verb + a one-character adjective is a verb jieba does not know (做|强, 建|好).
RESULT_TAGS = frozenset({"a", "ad"})
# Characters that write a number; jieba tags a few other characters as numerals (日/m in 新|日).
NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百千万亿两半几多数第壹贰叁肆伍陆柒捌玖拾佰仟")
# Measure words that count things (个, 家, 条); jieba tags units of size the same (q: 层, 代),
# so the class is listed.
COUNTING_MEASURES = frozenset("个家所条座项批处只")
# after a number in digits, divisions counted (4|县, 3|市): the places a clause counts (北三县 is one area's name)
DIVISION_COUNTS = frozenset("省市县区乡镇村")
_COUNT = "[0-9０-９一二三四五六七八九十百千万两几多余]+[个家所条座项批处只]"
COUNT_BEFORE = re.compile(rf"{_COUNT}(?:[十百千万亿]+元?级)?(?:的)?$")  # 86家|二级以上医院, 5个|百亿级|…项目 (a count, its grade)
# 省工程研究中心|各20家, 学院|7个。: the count closes the clause (X|1个 counts X's projects;
# 公司|3个项目 counts the company's)
COUNT_AFTER = re.compile(rf"[各共达近超新增累计分别]{{0,3}}(?![1１一]\D){_COUNT}(?:以上)?(?=[、，,。；;）)]|$)")
# Tags jieba gives common words too (高水平/nr, 智慧/nr, 新一轮/nz): tested by the document's use.
MISREAD_TAGS = frozenset({"nr", "nz"})
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})  # a person's name
# The last character of a mountain's, a lake's, a bay's name: jieba tags many such places nr.
LANDFORM_ENDS = frozenset("山岭峰湖河江湾岛海峡谷滩泉")
PLACE_LEVELS = frozenset("省市县区州")  # after a word, they show it is a place's name
LEVELS = "省市县区州盟旗镇乡"  # a division's level: after a word in the document, it shows the word a place's
LEVEL_WORD_ENDS = frozenset("级场域长")  # 县级, 市场, 区域, 市长: words, not a place's level
MODIFIER_USES = 3  # different words after a word that make it a common modifier in a document
COMMON_REGION_ENDS = frozenset("市区村镇乡")  # 城市, 城区, 农村, 城镇, 城乡: common nouns, not places
BODY_LEVELS = frozenset("省市区县镇乡")
# Provinces' one-character official names, a closed class: jieba tags some a place's (陕/ns), some a
# person's (鄂/nr), some nothing (皖); a poetic name's characters (楚, 原) are none
PROVINCES = frozenset("京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕吉闽贵黔粤青藏川蜀宁琼港澳台")
# …and those of them jieba tags as common nouns (it tags 京, 冀, 湘 ns): the places of 川渝, 渝黔, 沪苏 …
PROVINCE_CHARS = frozenset("川渝滇津皖粤黔蜀沪闽蒙")  # a level word before a body names one: 省|纺织集团


class WordClasses:
    """Word-class tests of SegmentedText (uses its text, tags, lexicon and word look-ups)."""

    def proper_core(self, start: int, end: int, abbreviations: bool = False) -> bool:
        """[start, end) holds a proper core (has_proper_core)."""
        return self.has_proper_core(self.inner_words(start, end), abbreviations=abbreviations)

    def has_proper_core(self, words: list[tuple[int, int]], brands: bool = False, bodies: bool = False,
                        abbreviations: bool = False) -> bool:
        """Words that make a name one thing's, not a kind's: a place (names_place), a person's or
        an institution's name (`brands`: any proper noun of jieba's, nz too, which tags common
        words as well: 普通/nz), or two characters in a row jieba knows only one by one (花|滩|子,
        丹|佛|斯) with at most one verb among them, not numerals, measure words or adjectives (次|差).
        A person's name that the document uses as a modifier is none (misread_name), and for
        `bodies` a brand's (nz) too. `abbreviations`: such a run of characters that the document
        writes before three or more different words is a kind's abbreviation (惠|企, 文|创), none."""
        singles = verbs = 0
        run = 0  # where the run of single characters starts
        parallel = self.parallel_words(words)
        for k, (s, e) in enumerate([*words, (-1, -1)]):  # (a last stop closes the run)
            word = self.text[s:e]
            tag = self.tags.get(word) if s >= 0 else "x"
            if k in parallel:
                tag = "x"  # 防沙|治沙, 失|能|失|智: a slogan's parallel halves, no name's
            if abbreviations and e - s == 1 and tag in PERSON_TAGS and not any(
                    0 <= j < len(words) and words[j][1] - words[j][0] == 1 and not self.is_stop(*words[j])
                    for j in (k - 1, k + 1)) and not any(
                    a == s and b > e for a, b in self.near(s, e)):  # (江|城 of 江城 cut by its head 城: a word's)
                tag = None  # a surname's character alone among words (国际|陆|港, 在|施|重大): no person's name
            # (a body's core is tested without the works' heads: 高水平|园区 is no place)
            # (a person's tag on four characters whose halves are a verb's or an adjective's is an
            # idiom jieba misreads: 水土|保持/nr, 建立|健全/nr, 幸福|美好/nr; not 欧阳|应霁)
            idiom = tag == "nr" and e - s >= 4 and any(self.tags.get(h) in COMMON_TAGS for h in (word[:2], word[2:4]))
            misread = idiom or (tag in MISREAD_TAGS and (bodies or tag == "nr") or abbreviations and tag == "nt" and e - s > 1) and (
                self.misread_name(word, sites=not bodies)  # (新兴产业/nt, 公立医院/nt in a project's words: kinds)
                or abbreviations and word in common_proper_words() and word[-1] not in LANDFORM_ENDS and not any(
                    c in PROVINCE_CHARS for c in word))  # (康复/nr, 双拥/nr: words jieba's corpus uses often; not 梁山, 巴蜀)
            if s >= 0 and k not in parallel and (
                    tag in PROPER_TAGS and tag != "ns" and (brands or tag != "nz") and not misread or self.names_place(s, e)):
                return True
            unknown = e - s == 1 and tag in (None, "v") and word not in self.lex.region_ends and not word.isdigit()
            if unknown:
                run = run if singles else s
                singles, verbs = singles + 1, verbs + (tag == "v")
                continue
            # Two verbs among them make a slogan of verb + object pairs (提|质|扩|面, 延|链|补|链); for a
            # project's words one verb among two is a verb + its object too (蓄|能, 减|碳, 供|氧), unless
            # one of them is a place's (兴|皖, 中|蒙|俄).
            strict = abbreviations and singles == 2 and not self.place_chars(run, run + singles)
            if singles >= 2 and verbs < (1 if strict else 2) and not (abbreviations and self.abbreviation(run, run + singles)):
                return True
            singles = verbs = 0
        return False

    def parallel_words(self, words: list[tuple[int, int]]) -> set[int]:
        """Indexes of the words of two two-character halves that share their first or their last
        character (防沙|治沙, 失|能|失|智, 延|链|补|链), or that are a verb + its object each, the
        first tagged a person's (立德/nr|树|人: 立/v, 树/v): a slogan of verb + object pairs, whatever
        jieba tags them (防沙/ns), not a coined name. A division's name stays one (广东|广州)."""
        text, found = self.text, set()
        if len(words) < 2:
            return found  # (halves are two words or more; a third of the calls hold one word or none)
        starts = {s: k for k, (s, _) in enumerate(words)}
        ends = {e: k for k, (_, e) in enumerate(words)}
        for k, (s, _) in enumerate(words):
            if s + 2 not in starts or s + 4 not in ends or not all("\u4e00" <= c <= "\u9fff" for c in text[s:s + 4]):
                continue
            # (…or a verb + object twice, the first pair misread as a person's name: 立德/nr|树|人)
            misread_pair = words[k][1] == s + 2 and self.tags.get(text[s:s + 2]) == "nr" and all(
                self.tags.get(text[c]) == "v" for c in (s, s + 2))
            if text[s] == text[s + 2] or text[s + 1] == text[s + 3] or misread_pair:
                halves = range(k, ends[s + 4] + 1)
                if not any(text[a:b] in division_names() or text[a:b] in self.lex.places for a, b in (words[j] for j in halves)):
                    found.update(halves)
        return found

    def abbreviation(self, start: int, end: int) -> bool:
        """Characters jieba knows only one by one that the document writes before three or more
        different words (惠|企 政策, 惠|企 服务 …): a kind's abbreviation, not a coined name; one
        jieba or the lexicon knows as a place (川|渝, 津|潍) keeps them a place's."""
        return not self.place_chars(start, end) and self.misread_name(self.text[start:end])

    def place_chars(self, start: int, end: int) -> bool:
        """A character of [start, end) is a place's alone (潍/ns, 俄/ns) or a province's (川, 渝, 皖)."""
        return any(self.is_place(k, k + 1) or self.text[k] in PROVINCE_CHARS for k in range(start, end))

    def product_word(self, start: int, end: int) -> bool:
        """One word of three or more characters that jieba tags a proper noun's (nz) whose last two
        characters are a common noun of its dictionary (锂|电池, 多|晶硅): a kind of that thing, a
        product, no brand (京东方: 东方/s; 农夫山泉: 山泉/ns)."""
        word = self.text[start:end]  # (the tag table holds no common noun: jieba tags the tail itself)
        return end - start >= 3 and self.tags.get(word) == "nz" and self.starting(start, end) == [(start, end)] and (
            self.segmenter.tag(word[-2:]) == ((word[-2:], "n"),))

    def modifier(self, word: str) -> bool:
        """`word` stands before three or more different words in this document (高水平|开放,
        高水平|科技, 高水平|医院): a common modifier, whatever jieba's tag says (高水平/nr,
        智慧/nr, 新一轮/nz), not the proper core of one name."""
        found = self.modifiers.get(word)  # a text's every occurrence is read: bounded by its length
        if found is None:
            text, size, after, k = self.text, len(word), set(), self.text.find(word)
            while k >= 0 and len(after) < MODIFIER_USES:
                after.add(text[k + size:k + size + 2])
                k = text.find(word, k + size)
            found = self.modifiers[word] = len(after) >= MODIFIER_USES and not self.written_as_region(word)
        return found

    def misread_name(self, word: str, sites: bool = True) -> bool:
        """A word jieba tags a person's or a brand's (惠民/nr, 智慧/nr, 新一轮/nz) that the document
        uses as a modifier, and that does not read as a place: no landform's end (青岚山, 南屿湾 are
        places jieba tags nr), no works' or zone's head after it."""
        return word[-1] not in LANDFORM_ENDS and self.modifier(word) and not (sites and (len(word) == 1 or self.before_site(word)))

    def before_site(self, word: str) -> bool:
        """The document writes `word` before a works' or a zone's head somewhere (青川|机场,
        江城|经开区, 白河|油田): a place's name, whatever jieba's tag."""
        return self._once_a_text(self._before_site, word)

    def _once_a_text(self, test: Callable[[str], bool], key: str) -> bool:
        """test(key), asked of the document once a key: each test reads every occurrence of its key,
        and a text may write one name a thousand times (issue 26)."""
        found = self.text_tests.get((test.__name__, key))
        if found is None:
            found = self.text_tests[test.__name__, key] = test(key)
        return found

    def _before_site(self, word: str) -> bool:
        text, size, k = self.text, len(word), self.text.find(word)
        heads = self.lex.works_heads + self.lex.region_ends
        while k >= 0:
            if text.startswith(heads, k + size):
                return True
            k = text.find(word, k + size)
        return False

    def series(self, start: int, end: int) -> bool:
        """text[start:end] (a word + a head, 惠民工程) follows three or more different words in the
        document: a kind the document names by sector (社保|, 科教|, 交通|惠民工程), not one name."""
        tail = self.text[start:end]
        if len(tail) < 4:
            return False
        return self._once_a_text(self._series, tail)

    def _series(self, tail: str) -> bool:
        text, before, k = self.text, set(), self.text.find(tail)
        while k >= 0 and len(before) < MODIFIER_USES:
            before.add(text[max(0, k - 2):k])
            k = text.find(tail, k + len(tail))
        return len(before) >= MODIFIER_USES

    def written_as_region(self, word: str) -> bool:
        """The document writes `word` before a level somewhere (江城|市): a region's name,
        whatever jieba's tag (a city's name tagged nr)."""
        return self._once_a_text(self._written_as_region, word)

    def _written_as_region(self, word: str) -> bool:
        text, size, k = self.text, len(word), self.text.find(word)
        while k >= 0:
            if text[k + size:k + size + 1] in PLACE_LEVELS and text[k + size + 1:k + size + 2] not in LEVEL_WORD_ENDS:
                return True
            k = text.find(word, k + size)
        return False

    def counted_kind(self, start: int, end: int) -> bool:
        """Words counted just before or after them (9所|高职学校, 省工程研究中心|各20家, 7个): a
        kind of body or project, of which the clause counts several, not one name."""
        return COUNT_BEFORE.search(self.text, max(0, start - 8), start) is not None or (
            COUNT_AFTER.match(self.text, end) is not None)

    def counted(self, words: list[tuple[int, int]]) -> bool:
        """A number + a measure word that counts things (3|家, 6|个, 4|条) or divisions (4|县): a count, which no name
        holds; a number with a unit of size (64层, 12英寸, 第6代) may be part of one."""
        text = self.text
        for (s, e), (a, b) in zip(words, words[1:]):
            number = text[s:e].isdigit() or self.tags.get(text[s:e]) == "m" and not text.startswith("第", s)
            if number and (text[a:b] in COUNTING_MEASURES or text[s:e].isdigit() and text[a:b] in DIVISION_COUNTS) and not text.endswith("第", 0, s):
                return True
        return False

    def names_place(self, start: int, end: int) -> bool:
        """A place that makes a name proper: jieba's place or the lexicon's, but not a common noun
        of two characters ending as regions do (城市/ns, 农村, 社区: any town has one)."""
        word = self.text[start:end]
        if end - start == 2 and word[-1] in COMMON_REGION_ENDS and word not in self.lex.places:
            return False
        if self.misread_place(word):
            return True  # 怀化/v|国际陆港, 义乌/nz|机场: a division's name jieba reads as a common word
        return self.is_place(start, end) and (end - start > 2 or self.tags.get(word) == "ns" or word in self.lex.places) and (
            self.shown_place(word))

    def misread_place(self, word: str) -> bool:
        """A division's short name jieba tags a common word's class (misread_divisions): a province's
        or a prefecture's (怀化/v, 遵义/v), or a county's the document writes before a level or a
        works' or zone's head too (义乌|机场, 安居|区; not 安居|工程 alone: a kind of housing)."""
        high = misread_divisions().get(word)
        return high is not None and (high or self.written_as_region(word) or self.before_site(word))

    def shown_place(self, word: str) -> bool:
        """A word with evidence that it is a place beyond jieba's tag, which its corpus gives
        frequent common words of two characters too (深度/ns, 海洋/ns, 上市/ns; its longer places
        are names: 新加坡, 天安门广场): the lexicon's place or a region word;
        a division (天津, 武清区, 江山) or a word that opens with one (天津港); a word the document
        writes with a level or a zone's head after it (武清 of 武清区,
        江东 of 江东新区: zones are named for their places); a place jieba's corpus uses rarely (宁东), or
        a landform's name it uses less than the common nouns of landforms (太湖; the list: its tag
        does not tell a lake's name from a word, its last character does)."""
        known = self.shown_places.get(word)
        if known is None:
            known = self.shown_places[word] = (
                len(word) != 2 or self.tags.get(word) != "ns" or word in self.lex.places or word not in common_place_words()
                or word[-1] in LANDFORM_ENDS and word not in common_landform_words()
                or self._region_word.fullmatch(word) is not None
                or any(word[:k] in division_names() for k in range(2, len(word) + 1))
                or self._before_level_or_zone(word))
        return known

    def _before_level_or_zone(self, word: str) -> bool:
        """The document writes `word` before a level (武清|区, not 市|场) or a zone's head (江东|新区)
        somewhere. Every occurrence, overlapping ones too, read by str.find: a pattern of the word
        and the zones' heads, compiled once a word, cost more than the document's search."""
        text, size, heads = self.text, len(word), self.zone_head_words
        k = text.find(word)
        while k >= 0:
            after = k + size
            level = text[after:after + 1]
            if level and level in LEVELS and text[after + 1:after + 2] not in LEVEL_WORD_ENDS or text.startswith(heads, after):
                return True
            k = text.find(word, k + 1)
        return False

    def after_clause_verb(self, start: int, first: int, generic: frozenset[str], body: bool = False,
                          leading: bool = False) -> int:
        """Where a name starts when a verb of the clause stands in [start, first): after the
        last verb that a proper core follows (加快|雁平高铁, 高质量建设|洛阳…试验区, 做|强|省纺织集团).
        A verb with no proper core after it says what the named thing does
        (…水资源|配置|工程, 社会保险事业|管理|中心) and stays inside the name. `body`: an org,
        which a level word (省, 市) alone makes proper. `leading`: a verb that opens the words
        is cut whatever follows (建好|现代煤化工中试基地: a project's name never opens so)."""
        words = self.inner_words(start, first)
        cut = start
        if leading and not body and len(words) > 2 and words[0][1] - words[0][0] == 1:
            one = self.tags.get(self.text[words[0][0]:words[0][1]])
            alone = any(a == start - 1 for a, b in self.near(max(0, start - 1), start) if b == start)
            before = self.tags.get(self.text[start - 1:start]) if start > 0 and alone else None
            if one in RESULT_TAGS and before in ("v", "p"):
                cut = words[0][1]  # 用|好|北京…, 做|强|…: the result of the one-character verb before the name
            elif one == "v" and words[1][1] - words[1][0] == 1 and self.tags.get(self.text[words[1][0]:words[1][1]]) in (
                    None, *RESULT_TAGS) and (self.names_place(*words[2]) or self.place_chars(*words[2])) and (
                    start == 0 or self.text[start - 1] in "，,。；;：:\n"):
                cut = words[1][1]  # 。做|优|兰州新区…, 。做|优|皖|企…: a one-character verb and its result open the clause, a place follows
        for k in range(len(words)):
            verb_end = self.verb_end(words, k)
            if verb_end is None or verb_end >= first:
                continue
            after = k + 1  # the words start in order, after word k's start: the rest is a slice
            while after < len(words) and words[after][0] < verb_end:
                after += 1
            rest = words[after:]
            if leading and rest and all(self.text[a:b] in generic for a, b in words[:k]):  # (高质量|建设|…: a manner, a verb)
                cut = verb_end
                continue
            if rest and self.text[rest[0][0]] == "(":
                continue  # 铁科纵横|(天津)科技…公司: a registered place in brackets is inside the name
            leveled = body and bool(rest) and self.text[rest[0][0]:rest[0][1]] in BODY_LEVELS  # 做强|省|纺织集团
            if rest and (leveled or self.evidence(verb_end, first)) and not all(self.text[a:b] in generic for a, b in rest):
                cut = verb_end
        return cut

    def is_verb(self, word: str) -> bool:
        """Tagged a verb; a four-character phrase or abbreviation that ends in a verb (建成投产/j,
        大力发展/nz: jieba tags it so); a word jieba does not tag of a one-character verb + its
        result (做强)."""
        if word in self.lex.places or self.misread_place(word):
            return False  # a city of the lexicon or a division jieba tags a verb (包头/v, 怀化/v) is a place
        tag = self.tags.get(word)
        if tag in VERB_TAGS:
            return True
        if tag not in (None, "j", "l", "i", "nz") or len(word) not in (2, 4):
            return False
        half = len(word) // 2
        left, right = self.tags.get(word[:half]), self.tags.get(word[half:])
        if half == 2:  # 建成投产/j, 大力发展/l: a four-character phrase ending in a verb
            return right in VERB_TAGS
        return left in VERB_TAGS and right in RESULT_TAGS

    def verb_end(self, words: list[tuple[int, int]], k: int) -> Optional[int]:
        """The end of the verb that starts at word k, or None: a word of two or more characters
        tagged a verb, or a one-character verb + a one-character result (做|强, 建|好)."""
        s, e = words[k]
        word = self.text[s:e]
        if e - s > 1:
            return e if self.is_verb(word) and word not in self.lex.name_words else None
        if self.tags.get(word) == "v" and k + 1 < len(words) and words[k + 1][1] - words[k + 1][0] == 1 and (
                self.tags.get(self.text[words[k + 1][0]:words[k + 1][1]]) in RESULT_TAGS or self._second_result(words, k)):
            return words[k + 1][1]
        return None

    def _second_result(self, words: list[tuple[int, int]], k: int) -> bool:
        """Word k, a one-character verb, repeats the verb of the pair just before it, a verb + its
        result (做|深|做|实): its second result, whatever jieba tags the character (实), no name's."""
        if k < 2 or any(b - a != 1 for a, b in words[k - 2:k]):
            return False
        return self.text[words[k - 2][0]] == self.text[words[k][0]] and self.tags.get(self.text[words[k - 1][0]]) in RESULT_TAGS
