"""Counted nouns: what a count counts, as written after its measure word (机架 of 4.2万个机架, 村级互助幸福院
of 建设300个村级互助幸福院, 抽水蓄能电站 of 甲、乙、丙3个抽水蓄能电站)."""

from __future__ import annotations

from typing import Optional

from ..model import Mention
from ..text.marks import first_mark, last_mark
from .context import (LIST_END, LISTED_END, LISTED_WINDOW, LOOKBACK, NOUN_JOINERS, OPENING_WORD, SHARED_HEAD_WINDOW, SHORT_REACH,
                      WINDOW_AFTER)
from .indicator import MILESTONES

ADVERB_TAGS = ("d", "vd", "ad", "a")  # jieba's adverbs (and adjectives: 成功, 稳定) of two characters or more say how a figure moved (稳步, 逆势): 边 of 金角银边 is no adverb
CLASS_WORD = "类"  # 大类, 小类 of a statistics classification: a measure word (q) to jieba, so named here
MILESTONE_REACH = 8  # characters from a milestone word to the figure reached past it (大关，达到, 台阶、超过)
NUMERALS = "一二三四五六七八九十两几"  # a Chinese numeral opening a count (2个国家级和十个省级…)


class CountedNouns:
    """The noun a count counts; a part of FactLinker (needs self.rules and self._segmenter)."""

    def counted_noun(self, folded: str, mention: Mention) -> Optional[str]:
        """4.2万个机架能力 -> 机架: nouns right after a measure word, up to the first non-noun;
        a money noun after the count (12个项目总投资超2亿元) is the next figure's subject, not this one's."""
        noun = self.nouns_at(folded, mention.end)
        if noun is None:  # 8个列入省级示范区的县: a clause with 的 before the counted noun
            clause = self.rules.counted_relative.match(folded, mention.end, mention.end + SHORT_REACH)
            head = self.nouns_at(folded, clause.end()) if clause else None
            if head:
                return folded[mention.end:clause.end()] + head
        if not noun:
            return self._shared_head(folded, mention)
        after = mention.end + len(noun)
        if noun.endswith("级") and (folded.startswith("、", after) or (  # not the 和 of 和美乡村: a count follows
                folded.startswith(NOUN_JOINERS, after) and (folded[after + 1:after + 2].isdigit() or folded[after + 1:after + 2] in NUMERALS))):
            # 3个国家级、9个省级技术创新中心, 2个国家级和8个省级中心: a grade alone shares the head noun of the count after it
            head = self._shared_head(folded, mention) or ""
            words = [word for word, _ in self._segmenter.tag(head)]
            while words and words[0].endswith("级"):
                words.pop(0)
            return noun + "".join(words) if words else noun
        if noun.endswith("级") and len(self._segmenter.tag(noun)) == 1:
            # 41名国家级工艺传承人, 27家省级示范茶园提档: a grade alone is no thing; the name jieba cut after it
            # runs to the clause's end or its predicate
            longer = self.noun_to_clause_end(folded, mention.end) or self.noun_before_predicate(folded, mention.end)
            if longer and longer.startswith(noun) and len(longer) > len(noun):
                return longer
        return self._listed_nouns(folded, mention.end, noun) if folded.startswith(NOUN_JOINERS, mention.end + len(noun)) \
            else self._object_compound(folded, mention, noun)

    def _object_compound(self, folded: str, mention: Mention, noun: str) -> str:
        """建设300个村级互助幸福院, 打造50个大模型应用场景: a count right after its clause's verb is the object,
        and the words after it up to the clause mark are one noun phrase whose inner verbs (互助, 应用) qualify
        its last noun; a count opening its clause is the subject, and a verb after it the predicate."""
        position = mention.end + len(noun)
        end = first_mark(folded, LIST_END + "、", position, position + SHARED_HEAD_WINDOW)
        begin = last_mark(folded, LIST_END + "、", max(0, mention.start - SHARED_HEAD_WINDOW), mention.start)
        if begin < 0:  # no mark near: the words before, bounded (a page read as one sentence tagged its whole prefix per count)
            begin = max(0, mention.start - LOOKBACK) - 1
        before = self._segmenter.tag(folded[begin + 1:mention.start])
        # 建设 is tagged vn, 新建 ns: the verbs that build what they count; after 等 or a preposition the count
        # is a subject (甲乙等12个项目落地, 为200名老人实施手术), after a pivot verb or 有 the doer of the next verb
        if (end <= position or not before or before[-1][0] in self.rules.noun_pivot or before[-1][1] == "p"
                or before[-1][0].endswith("有")  # 先后有1806家企业完成转型: what there is, and what it did
                or folded[mention.start - 1] == "等"
                or not (self.rules.indicator.noun_after.search(folded, begin + 1, mention.start)
                        or any(flag[:1] == "v" for _, flag in before))):
            return noun
        tagged = self._segmenter.tag(folded[position:end])
        verbs = [k for k, (word, flag) in enumerate(tagged) if flag == "v"]
        if not verbs or not all(self._is_noun(word, flag) or flag in ("a", "b") or (flag == "v" and len(word) > 1)
                                for word, flag in tagged):
            return noun
        head = [flag for _, flag in tagged[verbs[-1] + 1:]]  # one noun after the last inner verb: a verb and its object run on
        if not head or head[-1][:1] != "n" or any(flag[:1] == "n" and flag != "vn" for flag in head[:-1]):
            return noun
        return folded[mention.end:end]

    def _listed_nouns(self, folded: str, start: int, noun: str) -> str:
        """4个镇、街道、园区 and 2个国家森林公园和国家湿地公园: a count of a list of nouns
        counts them all; 2万台闸阀、截止阀和隔膜阀等核级阀门 counts the kind after 等."""
        position = start + len(noun)
        if not folded.startswith(NOUN_JOINERS, position):
            return noun
        end = first_mark(folded, LISTED_END, position, position + LISTED_WINDOW)
        rest = folded[position:end]
        if end < 0 or any(ch.isdigit() for ch in rest):
            return noun  # another count follows: the list is of figures, not of nouns
        for word, flag in self._segmenter.tag(rest):
            if not (self._is_noun(word, flag) or flag in ("", "c", "u", "x", "b")):
                return noun  # a verb: the clause goes on
        kind = rest.rsplit("等", 1)[1] if "等" in rest else ""
        return kind or noun + rest

    def nouns_at(self, folded: str, position: int) -> Optional[str]:
        """The noun phrase that starts at `position` (机架 of 4.2万个机架能力), or None."""
        window = folded[position : position + WINDOW_AFTER]
        if window.startswith("“"):  # 三届“丝路云端”经贸交流大会: a quoted name opens the phrase
            close = window.find("”", 1)
            rest = self.nouns_at(folded, position + close + 1) if close > 1 else None
            return window[:close + 1] + (rest or "") if close > 1 else None  # 三个“半小时通勤圈”基本建成: the name alone
        words = []
        tagged = self._segmenter.tag(window)
        graded = False
        for i, (word, flag) in enumerate(tagged):
            following = tagged[i + 1] if i + 1 < len(tagged) else None
            flag = flag or "n"  # a word of the entity lexicon (工业项目) has no tag: a name's head, a noun
            if graded or (following is not None and following[0] == "级" and (
                    (flag == "eng" and words) or (flag == "m" and not word.isdigit() and i + 2 < len(tagged)
                                                   and self._is_noun(tagged[i + 2][0], tagged[i + 2][1] or "n")))):
                # 国家4A级旅游区: a grade inside the name, 4A then 级; 6个千亿级产业集群: a numeral's grade opens it
                graded = not graded
                words.append(word)
                continue
            if word in self.rules.money_words or (flag == "b" and following and following[0] in self.rules.money_words):
                break
            # a one-character verb or an adjective may open the phrase when a noun follows (1166个驻企工作组, 2个优秀旅游县),
            # and an adjective go on with it (5个国家先进制造业集群)
            lead = (((self.rules.noun_lead_verb and ((i == 0 and flag == "v" and len(word) == 1) or (flag == "a" and (i == 0 or words))))
                     or flag in self.rules.noun_modifier_tags)  # 3个未来产业先导区: a time or place word qualifies the noun
                    and following is not None and self._is_noun(following[0], following[1] or "n"))
            if flag == "a" and len(word) == 1 and words and following is not None and following[0] == CLASS_WORD:
                graded = True  # 37个行业大类: jieba cuts 大类 into 大 (a) and 类 (q), a class of the noun before
                words.append(word)
                continue
            # 规上企业: jieba (dictionary words only) cuts 规上 into 规 and the locative 上 (f); one locative character
            # between two nouns is inside the phrase (园区内企业 too)
            inner = (flag == "f" and len(word) == 1 and words and following is not None
                     and self._is_noun(following[0], following[1] or "n"))
            if not self._is_noun(word, flag) and not lead and not inner:
                break
            words.append(word)
        while words and words[-1] in self.rules.noun_generic:
            words.pop()
        return "".join(words) or None

    def _is_noun(self, word: str, flag: str) -> bool:
        """A noun by its tag, or one of the nouns jieba tags as a morpheme (县, 村)."""
        return flag in self.rules.noun_tags or word in self.rules.noun_words

    def _preposition(self, text: str) -> Optional[tuple[int, int]]:
        """Where the text's first preposition (tagged p: 通过, 在) starts and ends, or None."""
        offset = 0
        for word, flag in self._segmenter.tag(text):
            if flag == "p":
                return offset, offset + len(word)
            offset += len(word)
        return None

    def _adverbs_start(self, text: str) -> int:
        """Where the adverbs ending the text begin (稳步, 逆势 of 营业收入稳步增长, tagged d, vd, ad); its length if none."""
        tagged = self._segmenter.tag(text[-OPENING_WORD:])
        k = next((k for k in range(len(tagged), 0, -1) if tagged[k - 1][1] not in ADVERB_TAGS or len(tagged[k - 1][0]) < 2), 0)
        return len(text) - sum(len(word) for word, _ in tagged[k:])

    def _shared_head(self, folded: str, mention: Mention) -> Optional[str]:
        """3个百亿级、8个五十亿以上重大产业项目: counts that qualify one head noun share it; the
        clause after the count holds only figures, measure words and modifiers up to that head."""
        end = first_mark(folded, LIST_END, mention.end, mention.end + SHARED_HEAD_WINDOW)
        if end < 0:
            return None
        head: list[tuple[str, str]] = []
        tagged = self._segmenter.tag(folded[mention.end:end])
        for k, (word, flag) in enumerate(tagged):
            if self._is_noun(word, flag) or flag in ("a", ""):
                if not head and flag == "" and k and tagged[k - 1][1] == "m":
                    head.append(tagged[k - 1])  # 8个50亿元以上项目: the amount before a unit word qualifies the head
                head.append((word, flag))
            elif flag in ("m", "q", "f") or word in "、和及与":
                head = []  # another count or its measure word: the head comes later
            else:
                return None  # a verb: the clause goes on about something else
        if not any(self._is_noun(word, flag) or flag == "" for word, flag in head):
            return None  # modifiers only
        listed = folded.find("、", mention.end, end)
        own = self._segmenter.tag(folded[mention.end:listed]) if listed > mention.end else ()
        if own and all(flag in ("m", "") for _, flag in own):  # 12个百亿元、70个30亿元以上项目: its own amount, the head's noun
            nouns = [word for word, flag in head if flag not in ("m", "")]
            return folded[mention.end:listed] + "".join(nouns) if nouns else None
        return "".join(word for word, _ in head)

    def past_milestone(self, folded: str, mention: Mention, previous) -> Optional[str]:
        """The subject a milestone's figures share: the size of the steps right after their count
        (两个|千亿元|大关) and the figure reached just past them (突破百亿元大关，达到108亿元; 大关，到2021年达到…,
        a date between) are the figure before's subject, not 大关's; None elsewhere."""
        if previous is None or not previous[1]:
            return None
        before = previous[0]
        if before.end == mention.start and folded.startswith(MILESTONES, mention.end):
            return previous[1]
        if not folded.startswith(MILESTONES, before.end) or mention.start - before.end > 2 * MILESTONE_REACH:
            return None
        dated = self.rules.period.search(folded, before.end, mention.start)  # type: ignore[attr-defined]
        gap = mention.start - before.end - (len(dated.group()) if dated else 0)
        return previous[1] if gap <= MILESTONE_REACH else None

    def counted_or_milestone(self, folded: str, mention: Mention, left: int) -> Optional[str]:
        """地区生产总值跨过3个千亿元台阶: steps passed are no thing counted; the count is of the subject before its verb
        (SubjectSteps.indicator_before), which the figures after it in the clause (、达到1.2万亿元) then take."""
        noun = self.counted_noun(folded, mention)
        if noun and noun.endswith(MILESTONES):
            return self.indicator_before(folded, left, mention.start) or noun  # type: ignore[attr-defined]
        return noun

    def _glued_noun(self, folded: str, position: int, noun: str) -> str:
        """国家卓越级智能工厂, 国家级5G工厂, 森林“四库”联动试点区: a grade (级), a Latin or digit token or a
        quoted name right after the counted noun glues it to more of its name (adjectives and nouns
        included), up to the last noun before a verb or a clause mark."""
        if not folded.startswith(noun, position):
            return noun
        end = first_mark(folded, LIST_END, position, position + SHARED_HEAD_WINDOW)
        tagged = self._segmenter.tag(folded[position:end if end >= 0 else position + SHARED_HEAD_WINDOW])
        words: list[str] = []
        length, quoted, last_noun, noun_words = 0, False, 0, 0
        for word, flag in tagged:
            if length < len(noun):  # the counted noun itself
                words.append(word)
                length += len(word)
                last_noun = noun_words = len(words)
                continue
            after_quote = bool(words) and words[-1] == "”"
            if len(words) == noun_words and (not (word in ("“", "级") or flag in ("eng", "m"))
                                             or self.rules.period.match(folded, position + length)):
                return noun  # nothing glues the noun to more (a year after it, 2025年, dates the clause): it is whole
            length += len(word)
            if word in ("“", "”"):
                quoted = word == "“"
            elif not (quoted or word == "级" or flag in ("eng", "m", "a") or self._is_noun(word, flag)
                      or (after_quote and flag[:1] == "v")):
                break
            words.append(word)
            if not quoted and word != "”" and self._is_noun(word, flag) and flag != "vn":
                last_noun = len(words)
        while last_noun and words[last_noun - 1] in self.rules.noun_generic:
            last_noun -= 1
        longer = "".join(words[:last_noun])
        return longer if len(longer) > len(noun) and longer.count("“") == longer.count("”") else noun

    def _verb_led_noun(self, folded: str, position: int) -> Optional[str]:
        """在建引水调蓄项目 after a count: verbs that qualify a noun, up to the last noun of the words
        after the count (a verbal noun such as 建设 after it is the action, not the thing counted)."""
        end = first_mark(folded, LIST_END, position, position + SHARED_HEAD_WINDOW)
        words: list[str] = []
        last_noun = 0
        for word, flag in self._segmenter.tag(folded[position:end if end >= 0 else position + WINDOW_AFTER]):
            if word in self.rules.money_words or not (flag[:1] in ("v", "n", "a", "b", "j") or flag in ("eng", "")
                                                       or flag in self.rules.noun_modifier_tags):
                break
            words.append(word)
            if self._is_noun(word, flag) and flag != "vn":
                last_noun = len(words)
        return "".join(words[:last_noun]) or None

    def noun_to_clause_end(self, folded: str, position: int) -> Optional[str]:
        """设立3个自贸联动示范区。: the words after a count up to its clause's end (at most WINDOW_AFTER
        characters) when the last is a noun and none is a numeral, particle or pronoun: a name jieba cut into a
        preposition, verbs, a prefix or a direction word (自 p, 联动 v, 非 h, 沿边 f) is still the thing counted, as no predicate
        follows it. None otherwise."""
        end = first_mark(folded, LIST_END + "、", position, position + WINDOW_AFTER + 1)
        if end <= position + 1:
            return None
        tagged = self._segmenter.tag(folded[position:end])
        last_word, last_flag = tagged[-1]
        if not self._is_noun(last_word, last_flag) or last_flag == "vn":
            return None
        if not all(flag[:1] in ("v", "n", "a", "b", "j", "p", "f", "h") or flag in ("eng", "") for _, flag in tagged):
            return None
        return folded[position:end]

    def noun_before_predicate(self, folded: str, position: int) -> Optional[str]:
        """2款一类创新药集中上市, 13万脱贫人口实现就业, 1万户相对集中居住农户入住: a count that opens its clause
        is its subject, and counts the words after it up to the clause's predicate, the first verb, adverb or
        preposition after a noun (of two characters: jieba tags the last character of many nouns, 能 of 蓄能, a verb);
        before that noun a numeral (一类) or pronoun (各族) may open the phrase and adverbs, verbs and adjectives
        qualify it. None when no predicate follows within the clause."""
        end = first_mark(folded, LIST_END + "、", position, position + SHARED_HEAD_WINDOW)
        if end < 0:
            return None
        words: list[str] = []
        noun = 0  # words up to the last noun (a verbal noun after it, 免费 of 免费提供, is the predicate's)
        for word, flag in self._segmenter.tag(folded[position:end]):
            if noun and ((flag[:1] in ("v", "d", "p") and flag != "vn" and len(word) > 1) or flag == "ad"):
                phrase = "".join(words[:noun])
                return phrase if len(phrase) > 1 else None
            if self._is_noun(word, flag) and flag != "vn":
                noun = len(words) + 1
            elif not (flag[:1] in ("v", "a", "b", "d", "t", "s") or flag in ("vn", "eng", "j", "l", "i", "")
                      or (not words and flag in ("m", "r"))):
                return None
            words.append(word)
        return None

    def predicate_with_object(self, folded: str, position: int) -> Optional[str]:
        """8项改革经验被国家部委推广, 30家企业入选省级名单: the predicate a count's noun is the subject of, up to
        the clause mark, when it acts on a noun of its own (an object, an agent after 被): a count opening its
        clause counts the members that did it. Adverbs before the verb (集中, 均) are no part of it; a predicate
        with no noun (稳步实施, 开工建设), not ending in one, with a figure, or going on past SHARED_HEAD_WINDOW
        gives None."""
        end = first_mark(folded, LIST_END + "、", position, position + SHARED_HEAD_WINDOW)
        if end <= position:
            return None
        tagged = self._segmenter.tag(folded[position:end])
        lead = 0
        while lead < len(tagged) and tagged[lead][1] in ("d", "ad"):
            lead += 1
        if lead == len(tagged) or not (tagged[lead][1] == "v" or tagged[lead][0] == "被"):
            return None
        rest, outside, quoted = tagged[lead:], [], False
        for word, flag in rest:  # a quoted name (实现“一网通办”) is one noun, numerals and all
            if word in ("“", "”"):
                quoted = word == "“"
                outside.append(("“”", "n"))
            elif not quoted:
                outside.append((word, flag))
        passive = outside[0][0] == "被"
        nouns = [k for k, (word, flag) in enumerate(outside) if self._is_noun(word, flag) and flag != "vn"]
        if not passive and nouns and any(flag[:1] == "v" and flag != "vn" for _, flag in outside[nouns[0] + 1:]):
            return None  # 创新成果入选…: a verb after the first object is the predicate, the words before it the name's
        if not passive and len(outside) == 2 and len(outside[0][0]) > 1:
            return None  # 修复项目, 领跑县: a verb and one noun are as often the rest of a name a verb cut short
        last_word, last_flag = outside[-1]
        if (quoted or len(outside) < 2 or any(flag == "m" or any(ch.isdigit() for ch in word) for word, flag in outside)
                or not (last_word == "“”" or (self._is_noun(last_word, last_flag) and last_flag != "vn")
                        or (passive and any(self._is_noun(word, flag) for word, flag in outside[1:])))):
            return None  # the predicate ends in its object (入选省级名单, 获金奖) or names its agent (被部委推广); one
            # ending in a verb (在全国推广) may be a noun cut short by a verb inside it (改革创新成果在全国推广): left alone
        return "".join(word for word, _ in rest)

    def modifier_before(self, folded: str, mention: Mention) -> str:
        """出台文旅消费12条措施, 落实扶持种业发展十条政策: the words between the clause's verb and the
        count qualify the noun counted (文旅消费措施); nothing when the clause opens with the count, holds
        another figure or list, or what follows its verb is no noun phrase (推进, 为)."""
        begin = last_mark(folded, LIST_END + "、", max(0, mention.start - SHARED_HEAD_WINDOW), mention.start)
        text = folded[begin + 1:mention.start]
        if ((begin < 0 and mention.start > SHARED_HEAD_WINDOW) or folded[begin:begin + 1] == "、" or not text or any(ch.isdigit() for ch in text)
                or text.endswith(("等", "的", "和", "及", "与"))):  # 稳投资、扩消费、惠民生三项任务: a list's last item
            return ""
        tagged = self._segmenter.tag(text)
        cut = len(tagged)
        while cut and (self._is_noun(*tagged[cut - 1]) or tagged[cut - 1][0] in "“”" or tagged[cut - 1][1] in ("a", "b", "")):
            cut -= 1  # the nouns that run up to the count
        rest = tagged[cut:]
        opening = bool(rest) and (rest[0][0] == "“" or (self._is_noun(rest[0][0], rest[0][1] or "n") and rest[0][1] != "vn"
                                                        and len(rest[0][0]) > 1))  # no tag: a word of the entity lexicon, a noun
        if not cut or tagged[cut - 1][1] != "v" or not opening:
            return ""  # 加快建设, 提质升级: the run opens with another verb, or with a verb jieba cut in pieces
        modifier = "".join(word for word, _ in rest)
        return modifier if modifier.count("“") == modifier.count("”") else ""  # a quotation cut in two is no name

