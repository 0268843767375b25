"""The subject step: what a figure counts or measures, as written (机架 of 4.2万个机架,
规模以上工业企业 of 全区规模以上工业企业达到579家, the k-th item of a 分别 list)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Optional, Sequence

from ..model import Fact, Mention
from ..text.marks import last_mark
from .context import CLAUSE_MARKS, LIST_END, NOUN_JOINERS, OPENING_WORD, SHORT_REACH, _fact
from .counted import CountedNouns
from .respective_items import CLAUSE_MARKS_BUT_LIST, RespectiveItems


# 新(改)建农村公路, 中欧班列(甲线)开行, 县(市、区): a short bracket between two characters of a name, after
# folding, is a part of the name (a variant, an apposition; one word ending it: 生产总值(GDP)), not a clause break
GLUED_BRACKETS = re.compile(r"(?<=[^\W\d_])(?:\([^()，,；;。：:]{1,10}\)(?=[^\W\d_])|\([^()，,；;。：:、]{2,10}\)$)")
GLUED_REACH = 12  # characters of such a bracket, both marks included
THRESHOLD = re.compile(r"(?:超过|过|超)$")  # 过千万元: an amount a noun after it passes (SubjectSteps._past_threshold)
RATIO_NOUN = "比"  # 城乡居民收入比: a ratio's name ends in it
# The verbs of a level reached that alone open a clause after a comma (…台阶，达到1.2万亿元): a subject elided
REACHES = re.compile(r"(?:总量|规模)?(?:达到|达|突破|超过|增至|升至)了?(?:约|近|超)?")
# A growth verb alone opening a clause (…保持增长，同比增长8%): the subject is elided, as after REACHES
GROWTHS = re.compile(r"(?:同比|比上年|较上年|比去年|较去年)?(?:增长|下降|上涨|下跌)了?")
# 甲、乙和丙三大产业, 甲、乙、丙“新三样”: a collective name that counts the members listed before it
COLLECTIVE = re.compile(r"[二三四五六七八九十两]大(?=[^\W\d_])|“[^“”]{0,4}[二三四五六七八九十两][^“”]{0,4}”")  # 一 counts no set (“一带一路”)


class SubjectSteps(CountedNouns, RespectiveItems):
    """The subject of a figure; a part of FactLinker (needs self.rules and self._segmenter)."""

    def _without_relative_clause(self, subject: str) -> str:
        """本次集中签约的重点项目 -> 重点项目, 真实的服务业 -> 服务业: what a verb or an adjective
        before 的 says of the noun is not its name; 制造业的总产值 keeps its noun before 的, and
        消费对经济增长的贡献率 its phrase of 对."""
        before, _, after = subject.rpartition("的")
        tagged = self._segmenter.tag(before) if after and "占" not in before else []  # 在GDP中所占的比重: a share
        if any(flag == "p" and word in ("对", "对于") for word, flag in tagged):
            return subject  # 消费对经济增长的贡献率: a phrase of 对 says what the noun is of, part of its name
        return after if tagged and tagged[-1][1][:1] in ("v", "a", "d") else subject  # 真实 is tagged d as well

    def indicator_before(self, folded: str, left: int, position: int, name_ends: Sequence[int] = ()) -> str:
        """规模以上工业企业达到 -> 规模以上工业企业: the phrase before the number, minus link
        words; an org or project name it starts with is the owner, not the subject.
        `name_ends`: where the sentence's orgs and projects end, sorted."""
        # an org or project the subject opens with is the figure's owner (中国电信京津冀大数据基地是…); one
        # that runs straight into a noun names a kind (安排市政府投资项目420个 -> 市政府投资项目);
        # the last name ending in [left, position], by bisect: a sentence of thousands of names costs no more
        for k in range(bisect_right(name_ends, position) - 1, bisect_left(name_ends, left) - 1, -1):
            if not self._runs_into_noun(folded, name_ends[k], position):
                left = name_ends[k]
                break
        text = folded[left:position]
        found = next((f for f in COLLECTIVE.finditer(text, max(0, len(text) - SHORT_REACH))), None)
        reach = max(0, found.start() - SHORT_REACH) if found else 0  # the members are read back SHORT_REACH characters at most
        if found and any(mark in text[last_mark(text, CLAUSE_MARKS_BUT_LIST, reach, found.start()) + 1 or reach:found.start()]
                         for mark in "、和及与"):
            text = text[found.start():]  # 电子、装备和材料三大产业集群产值: the collective names it, not its members listed
        glued = [found.span() for found in GLUED_BRACKETS.finditer(text)] if "(" in text else []
        stops = [stop for stop in self.rules.stops.finditer(text)
                 if not any(begin <= stop.start() < end for begin, end in glued)]
        last = len(stops) - 1
        # 海外侨胞、港澳同胞超过30万人 and 甲类产品和乙类产品各占50%: one subject of several nouns
        distributive = bool(self.rules.distributive.search(text))
        joined = False  # the first item was joined by a conjunction of nouns (批发和零售业)
        while last >= 0:
            listed = stops[last].group() == "、" or (distributive and stops[last].group() in NOUN_JOINERS)
            joins = not listed and self._joins_nouns(text, stops[last].start(), stops[last].end())
            segment = text[stops[last - 1].end() if last > 0 else 0 : stops[last].start()]
            if not (listed or joins) or not segment or any(ch.isdigit() for ch in segment):
                break  # …500家、国家级企业100家: the items of a list of figures
            joined = joins
            last -= 1
        if last >= 0:
            text = text[stops[last].end() :]
        if joined:  # 改造城中村和城市危旧房: the verb before the first noun is not part of the name
            text = text[self._noun_run_start(text, self.rules.stops.search(text).start()):]
        whole = text
        changed, linked = True, False
        while changed and text:
            changed = False
            for pattern in (self.rules.period_tail, self.rules.link_tail, self.rules.subject_tail):
                found = pattern.search(text)
                if found and found.start() < len(text):
                    if pattern is self.rules.subject_tail and linked and text.endswith(RATIO_NOUN):
                        continue  # 全市城乡居民人均收入比降至2.3: a 比 right before the link verb is the ratio's name, no base
                    # 由 or 从 opening a change links as a link verb does (城乡收入比由2.4缩小至2.2: 比 is the name's)
                    text, changed, linked = text[: found.start()], True, pattern is self.rules.link_tail or found.group() in "由从"
                    if text.endswith("“"):  # 比“十三五”时期: the quote opened the period cut off
                        text = text[:-1]
            if self._verb_to(text) == len(text) and not text[:-2].endswith(RATIO_NOUN):  # 整合至: a verb moving the figure
                text, changed, linked = text[:-3], True, False
            elif self._verb_to(text) == len(text):
                text, changed, linked = text[:-2], True, True  # 比降至: jieba reads 比降 as a word
            elif 1 < (cut := self._adverbs_start(text)) < len(text):
                text, changed, linked = text[:cut], True, True  # 出口逆势增长: how it grew, not what
        if self.rules.bare_subject.fullmatch(text):
            text = whole  # 年度计划完成2241亿元: the link word names the figure, not 年度计划 alone
        while True:
            found = next((f for f in (self.rules.scope_head.match(text), self.rules.link_head.match(text),
                                      self.rules.period.match(text)) if f and self._word_ends_at(text, f.end())), None)
            if not found or found.end() >= len(text) - 1:
                break  # never down to a bare suffix (完成率 -> 率), nor into a word (有效投资 keeps 有)
            if (found.end() == 1 and self._segmenter.tag(text[:1 + OPENING_WORD])[0][1] != "p"
                    and self._segmenter.tag(text[1:1 + OPENING_WORD])[0][1] in ("l", "n", "nz")):
                break  # 可再生能源: a one-character link word before a noun is part of it (not 可提供, nor 为 of 为群众)
            text = text[found.end() :]
        close = text.find(")", 0, GLUED_REACH) if text.startswith("(") else -1
        if 0 < close < len(text) - 1:
            text = text[close + 1:]  # 全市(不含甲区)地区生产总值: a bracket opening the name goes with the scope cut before it
        return text.strip()

    def _opens_as_subject(self, folded: str, position: int, left: int) -> bool:
        """Whether a count at `position` is its clause's subject: no mark-free words before it but a list closed
        by 等 or scope words; a preposition (在甲乙等5个县开展…, 为8万名老人提供…) makes it an adverbial, and 有 the
        object of what there is."""
        begin = max(left, last_mark(folded, LIST_END + CLAUSE_MARKS, max(left, position - SHORT_REACH), position) + 1)
        before = folded[begin:position]
        if not before.strip():
            return True
        if before.rstrip().endswith("有") or any(flag == "p" for _, flag in self._segmenter.tag(before)):
            return False  # 先后有1806家企业完成转型: what there is (as CountedNouns._object_compound reads it)
        return not self.indicator_before(folded, begin, position)

    def _joins_nouns(self, text: str, start: int, end: int) -> bool:
        """批发和零售业零售额, 烟酒及用品类, 医疗保健和个人用品: a conjunction (a word of its own, not
        the 及 of 惠及) between a noun (or a verb naming a trade, 批发, 造纸) and a noun joins the
        parts of one name, not two clauses."""
        if text[start:end] not in NOUN_JOINERS or start == 0 or end >= len(text):
            return False
        window = max(0, start - OPENING_WORD)
        tagged = self._segmenter.tag(text[window:end + OPENING_WORD])
        offset, at = window, None
        for k, (word, _) in enumerate(tagged):
            if offset == start:
                at = k
                break
            offset += len(word)
        if at is None or at == 0 or at + 1 >= len(tagged) or tagged[at] != (text[start:end], "c"):
            return False
        word, flag = tagged[at - 1]
        following = tagged[at + 2][1] if at + 2 < len(tagged) else ""
        # a verbal noun after the joiner names a thing only before a noun (电气机械及设备制造业, not 和建设)
        # 新建 is tagged ns, 改扩建 j: a word ending in 建 (build) is a verb of building whatever its tag
        building = flag[:1] == "v" or self.rules.indicator.noun_after.search(word) or word.endswith("建")
        if building and tagged[at + 1][1] == "v":
            k = at + 1
            while k < len(tagged) and tagged[k][1] == "v":
                k += 1  # 改扩建及维修改造公办小学: the verbs after the joiner run up to their object
            if k < len(tagged) and (tagged[k][1][:1] == "n" or tagged[k][1] == "b"):
                return True  # 建设和改造城镇管网: two verbs of one object name the work on it together
        return ((self._is_noun(word, flag) or flag == "v") and self._is_noun(*tagged[at + 1])
                and (tagged[at + 1][1] != "vn" or following[:1] == "n"))

    def _noun_run_start(self, text: str, end: int) -> int:
        """Where the nouns that end at `end` begin (城中村 of 改造城中村)."""
        begin = end
        for word, flag in reversed(self._segmenter.tag(text[:end])):
            if not (self._is_noun(word, flag) or flag in ("b", "a")):
                break
            begin -= len(word)
        return begin if begin < end else 0

    def _word_ends_at(self, text: str, end: int) -> bool:
        """Whether jieba ends a word at `end` of the text's opening (可 of 可提供, not of 可再生)."""
        return end in {e for _, e in self._segmenter.word_offsets(text[:end + OPENING_WORD])}

    def _runs_into_noun(self, folded: str, end: int, position: int) -> bool:
        """Whether the name ending at `end` is followed by a noun (not a verb: 莱峰电气投资15亿元)."""
        if end >= position:
            return False
        tagged = self._segmenter.tag(folded[end:min(position, end + OPENING_WORD)])
        if not tagged:
            return False
        first = tagged[0][1]
        # 投资项目: a verbal noun before a noun is a noun compound; 投资15亿元 is the verb
        return (first[:1] == "n" and first != "nr") or (first == "vn" and len(tagged) > 1 and tagged[1][1][:1] == "n")

    def changes_from_previous(self, folded: str, left: int, position: int) -> bool:
        """由40家 | 增加至目前的 | 101家: the text between two numbers is a change verb."""
        between = folded[left:position]
        found = self.rules.period_tail.search(between)
        if found and found.start() < len(between):
            between = between[: found.start()]
        return bool(self.rules.change.match(between)) or (len(between.rstrip("的")) == 3 and self._verb_to(between) == 3)

    def _verb_to(self, text: str) -> int:
        """整合至, 跃升到, 恢复至: where a verb and its 至/到 end the text (the change verbs of rules/facts.yaml
        are the common ones; any verb jieba tags as one, before 至 or 到, moves a figure to a new level), else -1."""
        stripped = text.rstrip("的")
        if not stripped.endswith(("至", "到")) or len(stripped) < 3:
            return -1
        tagged = self._segmenter.tag(stripped[-OPENING_WORD:])
        if len(tagged) >= 2 and tagged[-1][0] in ("至", "到") and tagged[-2][1] in ("v", "vn") and len(tagged[-2][0]) == 2:
            return len(stripped)
        if tagged and tagged[-1][1] == "v" and len(tagged[-1][0]) == 3 and tagged[-1][0][-1] in "至到":
            return len(stripped)  # 提高到 read as one word
        return -1

    def _subject(self, folded: str, mention: Mention, left: int, previous, name_ends: Sequence[int],
                 sentence_start: int) -> Optional[str]:
        subject = self._subject_as_written(folded, mention, left, previous, name_ends, sentence_start)
        return self._past_threshold(folded, mention, previous, subject) if previous is not None and subject else subject

    def _past_threshold(self, folded: str, mention: Mention, previous, subject: str) -> str:
        """投资过千万元项目56个, 5亿元以上项目12个: a count of a noun that an amount right before it qualifies (a
        threshold: 过, 超过 or 超 before it, 以上 after it) counts the noun with its threshold and what passes it
        (投资 of 投资过千万元: the nouns right before 过; never a verb, 新开工 of 新开工5亿元以上项目), not the noun alone."""
        amount = previous[0]
        at = folded.find(subject, amount.end, mention.start) if mention.dimension == "count" and amount.dimension == "money" else -1
        if (at < 0 or folded[amount.end:at] not in ("", "以上") or subject.startswith("的")
                or self.rules.stops.search(folded, amount.end, mention.start)):
            return subject  # 10亿元以上的项目: a relative clause, read as such (_without_relative_clause)
        over = THRESHOLD.search(folded, max(0, amount.start - len("超过")), amount.start)
        opens = amount.text.startswith(("超", "过"))  # 超5亿元: the mention holds its threshold word
        if over is None and not (opens or amount.text.endswith("以上") or folded[amount.end:at] == "以上"):
            return subject
        begin = over.start() if over else amount.start
        if over or opens:  # what passes the threshold: the nouns right before 过 (营收 of 年营收过亿元企业)
            reach = max(0, begin - OPENING_WORD, last_mark(folded, CLAUSE_MARKS, max(0, begin - OPENING_WORD), begin) + 1)
            for word, flag in reversed(self._segmenter.tag(folded[reach:begin])):
                if not (self._is_noun(word, flag) or flag == "t"):
                    break
                begin -= len(word)
        return folded[begin:at] + subject

    def _subject_as_written(self, folded: str, mention: Mention, left: int, previous, name_ends: Sequence[int],
                            sentence_start: int) -> Optional[str]:
        item = self.respective_item(folded, mention, sentence_start) or self.past_milestone(folded, mention, previous)
        if item:
            return item
        if previous is not None and self.changes_from_previous(folded, left, mention.start):
            return previous[1]  # 由40家增加至目前的101家: one fact per side, one subject
        if mention.dimension == "count" and mention.unit and not mention.unit.isascii():
            # 由125家发展到470家: a change verb right after the count (jieba tags 发展 vn) moves it; it counts no 发展
            noun = None if self._unanchored_change().match(folded, mention.end) else self.counted_or_milestone(folded, mention, left)
            if noun:
                noun = self._glued_noun(folded, mention.end, noun)
                modifier = self.modifier_before(folded, mention) if folded.startswith(noun, mention.end) and len(noun) > 1 else ""
                done = None if modifier or not folded.startswith(noun, mention.end) else \
                    self.predicate_with_object(folded, mention.end + len(noun))
                if done and self._opens_as_subject(folded, mention.start, left):
                    return done + "的" + noun  # 8项改革经验被国家部委推广: the members that did it
                return modifier + noun
        if mention.dimension == "money" or mention.unit is None:  # 70亿的销售额: a bare amount names its noun too
            found = self.rules.money_noun.match(folded, mention.end, mention.end + SHORT_REACH)
            if found:
                return found.group("noun")
        subject = self.indicator_before(folded, left, mention.start, name_ends)
        if mention.dimension == "multiple":
            subject = self._multiplied(folded, left, mention.start, name_ends, previous) or subject
        if previous is None and subject in self.rules.indicator.relative and mention.dimension != "count":
            # 工业投资保持较快增长，增速达12%: a rate with no figure before is of the subject of the clause before
            subject = (self._clause_subject_before(folded, folded.rfind(subject, left, mention.start), sentence_start, True) or "") + subject
        if subject and all(flag in ("d", "ad") for _, flag in self._segmenter.tag(subject)):
            subject = ""  # 多出近百亿元，逐步升至800亿元: adverbs alone name nothing; the figure before's subject may
        if mention.dimension == "count" and (not subject or self._ends_in_verb(subject) or self._only_verbs(subject)
                                             or "、" in subject[:-1]):
            # 抓好5个在建引水调蓄项目, 甲乙等4个在建铁路项目, 甲、乙、丙3个电站: what is counted, not a verb,
            # nothing or the list of its members
            # a count opening its clause is the clause's subject: its noun runs up to the predicate (12个项目落地投产)
            counted = ((None if subject else self.noun_before_predicate(folded, mention.end)) or self._verb_led_noun(folded, mention.end)
                       or (self.noun_to_clause_end(folded, mention.end) if subject else None))  # an object runs to the clause's end
            if counted:
                return counted
        opening = not subject or self.rules.indicator.scope_only.fullmatch(subject)  # 全县8万群众: the scope only
        if mention.unit is None and mention.values is None and (opening or self._ends_in_verb(subject)):
            # 惠及17万婴幼儿, 30万群众住上新房: a bare magnitude counts the nouns after it (the verbs that qualify
            # them too when a verb before makes it an object); one character is a unit not read (22亿方)
            counted = ((self.nouns_at(folded, mention.end) or self.noun_before_predicate(folded, mention.end)) if opening
                       else self._verb_led_noun(folded, mention.end))
            if counted and len(counted) > 1:
                return counted
        if subject and previous is not None and folded.startswith("、", previous[0].end):
            subject = self._shared_verbs(folded, previous, mention.start, mention.dimension, subject)
        if subject:
            return subject
        between = folded[left : mention.start]
        if folded.startswith("的", mention.end):
            return None  # 超过5亿元的项目有6个: a threshold of the noun after, not a figure of the one before
        # a count right after a comma opens a clause of its own (增长37.9%，2个千亿级…项目): not the figure before's
        if (previous is not None and between and not self.rules.stops.search(between.lstrip(",，"))
                and (between.strip(",， ") or mention.dimension != "count")):
            return previous[1]  # 地区生产总值1234亿元,比上年增长6.5%: the same indicator
        listed = between.lstrip("、和及与")  # 突破800亿元、达856亿元: link words alone after an item mark
        while listed and (found := self.rules.link_tail.search(listed) or self.rules.period_tail.search(listed)):
            listed = listed[:found.start()] if found.start() < len(listed) else ""
        # 815元和615元: a figure joined to the one before by a mark or a conjunction alone is of the same indicator
        if previous is not None and between[:1] in ("、", "和", "及", "与") and not listed:
            return previous[1]
        return self._clause_subject_before(folded, mention.start, sentence_start) if mention.dimension != "count" else None

    def _multiplied(self, folded: str, left: int, position: int, name_ends: Sequence[int], previous) -> Optional[str]:
        """收入达到9亿元，是2018年的1.6倍: a multiple's subject is what is multiplied, the nouns before 是 or, when
        none, the figure before's; the base after 是 (2018年的) is no subject, nor is it one for the figures after."""
        found = self.rules.indicator.multiple_of.search(folded, left, position)
        if found is None or found.end() != position:
            return None
        before = self.indicator_before(folded, left, found.start(), name_ends) if found.start() > left else ""
        return before or (previous[1] if previous is not None else None)

    def _clause_subject_before(self, folded: str, position: int, sentence_start: int, bare: bool = False) -> Optional[str]:
        """地区生产总值迈上万亿元台阶，达到1.2万亿元: a figure after a comma and link words alone, with no subject of
        its own or from a figure before, is of the nouns opening the clause before, when a verb follows them
        (that clause's subject); so is one after a growth verb alone (…保持增长，同比增长8%), and, when `bare`, a rate
        right after the comma (…较快增长，增速达12%); the clause is read back at most SHORT_REACH characters."""
        comma = last_mark(folded, "，,", max(sentence_start, position - SHORT_REACH), position)
        if comma < 0 or not (REACHES.fullmatch(folded, comma + 1, position) or GROWTHS.fullmatch(folded, comma + 1, position)
                             or (bare and comma + 1 == position)):
            return None
        begin = last_mark(folded, LIST_END + "、", max(sentence_start, comma - SHORT_REACH), comma) + 1
        if begin <= 0 and comma - SHORT_REACH > sentence_start:
            return None  # the clause opens beyond the reach
        tagged = self._segmenter.tag(folded[max(begin, sentence_start):comma])
        k = 0
        while k < len(tagged) and len(tagged[k][0]) > 1 and (  # 创 of 创新高 is tagged n: one character ends the run
                (self._is_noun(*tagged[k]) and tagged[k][1] != "vn") or (k and tagged[k][1] == "vn")):
            k += 1
        if not k or k == len(tagged) or not (tagged[k][1] in ("v", "d") or len(tagged[k][0]) == 1):  # 稳步 (d) 增长
            return None
        return "".join(word for word, _ in tagged[:k])

    def _shared_verbs(self, folded: str, previous, position: int, dimension: Optional[str], subject: str) -> str:
        """改造老旧小区300个、老旧管网3500公里 -> 改造老旧管网: an item of a list that names its noun alone
        (nothing but its noun between the mark and its figure) is done by the verbs that open the item before,
        when both figures are of one dimension and no rate."""
        before = previous[1]
        if (not before or folded[previous[0].end + 1:position] != subject or previous[0].unit == "%"
                or previous[0].dimension != dimension):
            return subject  # a rate, or figures of two kinds (矿业权755宗、成交价…亿元): no work shared
        tagged = self._segmenter.tag(subject)
        if not tagged or tagged[0][1] == "vn" or not all(self._is_noun(word, flag) or flag in ("a", "b") for word, flag in tagged):
            return subject  # 运输货物: an item naming its own work
        opening = self._noun_run_start(before, len(before))
        verbs = self._segmenter.tag(before[:opening]) if opening > 0 else ()
        if not verbs or verbs[-1][1] != "v" or not all(
                flag in ("v", "c") or self.rules.indicator.noun_after.search(word) or word.endswith("建")
                for word, flag in verbs):  # 新建 (ns), 改扩建 (j): verbs of building, as _joins_nouns reads them
            return subject
        return before[:opening] + subject

    def _ends_in_verb(self, subject: str) -> bool:
        """抓好, 布局一批: a verb (or a verb and its quantifier) names no indicator."""
        tagged = self._segmenter.tag(subject[-OPENING_WORD:])
        if not tagged or tagged[-1][0] in self.rules.noun_words:  # 举措: a noun jieba tags v
            return False
        last = tagged[-1][1]
        return (last[:1] == "v" and last != "vn") or (last == "m" and len(tagged) > 1 and tagged[-2][1][:1] in "vn")

    def _only_verbs(self, subject: str) -> bool:
        """开工建设, 改造提升: verbs and verbal nouns with no noun are the clause's verb before its object
        (开工建设8个抽水蓄能电站), not what is counted (就业12万人 keeps 就业 when no noun follows)."""
        tagged = self._segmenter.tag(subject[-OPENING_WORD:])
        return len(tagged) > 1 and all(flag[:1] in ("v", "d") for _, flag in tagged) and tagged[-1][1][:1] == "v"

    def _ratio_facts(self, folded: str, ratio: Mention, left: int, period, owner) -> list[Fact]:
        context = folded[max(0, ratio.start - 60) : ratio.start]
        labels: tuple[str, ...] = ()
        for pattern, names in self.rules.ratio_labels:
            if pattern.search(context) and len(names) == len(ratio.values or ()):
                labels = names
                break
        subject = self.indicator_before(folded, left, ratio.start) or None
        return [
            _fact(ratio, f"{ratio.id}:{i}", labels[i] if labels else subject, value, None, period, owner)
            for i, value in enumerate(ratio.values or ())
        ]
