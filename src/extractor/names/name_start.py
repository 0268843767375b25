"""Where a name may start before its head (`trim_left`): the words of the clause a name never runs across."""

from __future__ import annotations

import re
from typing import Optional

from .word_classes import NUMERAL_CHARS

NUMBERED_UNITS = "局"  # 十二局, 三局: a numbered bureau of a group, inside its name (所, 处 are measure words)
PHASE_NUMBERS = "一二三四五六七八九十首"  # 一期, 二期: a phase of a project
QUANTIFIER = re.compile(r"新?[一两几]?(?:轮|批|系列)")  # 新一轮, 一批: a quantity of things, opening no name
QUANTIFIER_ENDS = "轮批列"  # the last character of every QUANTIFIER match: a test before the regex call
# Verbs, time and place words, idioms: a name does not start with one (受到|哈佛大学), though
# one may stand inside a name after its first word (铁科|纵横).
FIRST_STOP_TAGS = frozenset({"v", "vn", "vd", "ad", "t", "f", "s", "i", "l"})
# Words jieba tags a direction or a space that open a project's name: along or around a place
# (沿江/f, 环湖), a place (海口/s), a region before the place in brackets (西部|(重庆)科学城); not
# 省内, 境外, 以上, nor 西部 + a positioning (西部金融中心: the role a city aims at).
SIDE_CHARS = frozenset("沿环")


class NameStart:
    """A part of SegmentedText (reads its text, tags, words and word tests)."""

    def trim_left(self, lo: int, keep: int, numbers: str = "") -> int:
        """The start of a name that may begin at `lo` and must include `keep`: the first word
        boundary at or after `lo`, moved past the last stop word (走进, 的, 其中 …).

        `numbers` lets numerals stand inside a name after a name word: "ordinal" for orgs
        (中国电子科技集团公司第五十四研究所, 附属第一医院; a bare number still ends a name:
        有限公司|12英寸晶圆厂), "all" for projects (京东方第6代…生产线项目, …公司64层…项目,
        产业园(一期)项目)."""
        start = keep
        words = self.starting(lo, keep)
        text, tags, word_tests = self.text, self.tags, self.word_tests
        project = numbers == "all"
        name_words = self.lex.name_words
        previous: Optional[tuple[int, int]] = None
        named = chain = unit = False  # the word before is a name word / an admitted numeral / a cut number
        reached = -1  # the end of the word before: a gap between two words is a clause mark
        for index, (s, e) in enumerate(words):
            if s < start:
                start = s
            if reached >= 0 and s > reached:  # a name never runs across a clause mark or a line break
                start, named, chain, previous, unit = s, False, False, None, False
            reached = e
            if e > keep:
                continue
            word = text[s:e]
            if word == "(" or word == ")":
                if word == ")" and s == start:
                    start = e  # a closing parenthesis never starts a name: (12)|忠旺铝业
                continue
            if unit:  # the unit or measure word of a number that was cut: 12|英寸|晶圆厂
                start, unit = e, False
                continue
            tag = tags.get(word)  # self.tag_at(s, e), inlined: this runs for every word before every head
            if tag == "m" and e - s == 1 and word not in NUMERAL_CHARS and s > 0 and not (
                    text[s - 1].isdigit() or text[s - 1] in NUMERAL_CHARS):
                tag = None
            if word[-1] in QUANTIFIER_ENDS and QUANTIFIER.fullmatch(word):
                start, named, chain, previous = e, False, False, None  # 新一轮|, 新|一批|: how many, no name's word
                continue
            project_word = project and (word in name_words or tag in ("s", "f") and (
                word[0] in SIDE_CHARS or tag == "s" and self.is_place(s, e) or text[e:e + 1] == "("))
            if project_word:
                tag = None  # 高速/d, 南段/f: words of a project's name whatever jieba's tag
            times = project and chain and (word == "×" or word == "/" and text.startswith("年", e))  # 2|×|66万千瓦, 30万吨|/|年
            if numbers and (word.isdigit() or tag == "m" or tag == "q" or _is_phase(word) or times):
                # 第五十四, and a numbered unit jieba reads as a numeral (中铁|十二局, 中建|三局)
                # (or before one character jieba has no word for, a numbered firm of a group: 中国|十九|冶|集团)
                ordinal = (word.startswith("第") or word[-1] in NUMBERED_UNITS or chain and word.isdigit()
                           or index + 1 < len(words) and (text[words[index + 1][0]] in NUMBERED_UNITS or words[index + 1][1] - words[
                               index + 1][0] == 1 and text[words[index + 1][0]].isalpha() and tags.get(text[words[index + 1][0]]) is None))
                if (named or chain) and (project or ordinal):
                    chain = True
                    continue
                if word.isdigit() or s == start or (word_tests.get(word) or self._word_test(word))[0]:
                    start, named, chain, previous, unit = e, False, False, None, word.isdigit()
                    continue
            chain = False
            # A one-character verb sits inside a name only after a place (天津|爱|旭), not after
            # a name (中共中央|致|中国致公党); other single characters may be a brand's (融|创|地产).
            # A run of single characters jieba knows only one by one is a brand (林|达|集团,
            # 维|拓|时代…有限公司, 通|灵|珠宝), even when one of them reads as a verb.
            single_verb = tag == "v" and e - s == 1 and not (previous and self.is_place(*previous)) and not (
                named and previous is not None and previous[1] - previous[0] == 1
                or index + 1 < len(words) and self._single_name_char(*words[index + 1]) and words[index + 1][1] <= keep)
            name_char = tag is None and tags.get(word) == "m"  # 新|日: not a numeral
            # An adverb's character after characters jieba knows one by one is a brand's (赫|瑞|特).
            name_char = name_char or tag == "d" and e - s == 1 and named and previous is not None and (
                previous[1] - previous[0] == 1 and previous[0] > start)
            # A work's name opening a list item with such a character (、同|热三期, 加快|太|绥高铁):
            # the name's first character when one more follows that jieba knows only alone.
            name_char = name_char or project and e - s == 1 and tag in ("p", "d") and s > 0 and (
                text[s - 1] == "、" or previous is not None and self.is_verb(text[previous[0]:previous[1]])) and (
                index + 1 < len(words) and self._single_name_char(*words[index + 1]))
            # A time word glued to one character jieba tags a place (明月|湖|实验室, 春秋|湖): a
            # coined place's name, which jieba cut after a word it reads as a time.
            coined = tag == "t" and index + 1 < len(words) and words[index + 1][1] <= keep and (
                self._glued_place_char(*words[index + 1]))
            if ((word_tests.get(word) or self._word_test(word))[0] and not project_word and not name_char
                    or tag in FIRST_STOP_TAGS and not coined and word not in self.lex.places and not (
                        e - s > 1 and self.misread_place(word)) and (e - s > 1 and s == start or single_verb)):
                # (a city of the lexicon or a division jieba tags a verb, 包头/v, 怀化/v, opens a name as any place)
                start, named = e, False
            else:
                named = True
            previous = (s, e)
        return start

    def _glued_place_char(self, start: int, end: int) -> bool:
        """One character jieba tags a place (湖, 山) that ends no region (市, 县: 今年|市|医院 is
        the clause's time and the city's hospital)."""
        word = self.text[start:end]
        return end - start == 1 and self.tags.get(word) == "ns" and word not in self.lex.region_ends

    def _single_name_char(self, start: int, end: int) -> bool:
        return end - start == 1 and not self.is_stop(start, end) and self.tags.get(self.text[start:end]) != "v"


def _is_phase(word: str) -> bool:
    """一期, 二期 as jieba cuts them (numerals, ordinals and measure words are tested by tag)."""
    return len(word) == 2 and word[1] == "期" and word[0] in PHASE_NUMBERS
