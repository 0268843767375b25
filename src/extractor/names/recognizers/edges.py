"""Where a project's name starts and what ends it, beyond its words: a character glued to the
clause, a ranking before it, places joined by dashes, places paired by one character each, a
zone's head before its phase (a part of ProjectRecognizers)."""

from __future__ import annotations

import re

from ...ruleset.divisions import division_names
from ..entity_text import SegmentedText
from ..name_start import _is_phase
from .base import _name_start

CLAUSE_MARKS = "，,。；;：:、！!？?\n"
PAIR = re.compile(r"[^\W\d_A-Za-z]{2}")  # two name characters
DASHED_PLACES = 3  # places joined by dashes in one name (a bound on the look-back)
# A ranking (亚洲最大, 全国首个, 西北唯一, 世界级): a positioning of what follows, no word of a name; a name set after
# the ranked category (…最大货运机场|江湾国际机场) is the name
RANKING = re.compile(r"最[大长高早]|首[个座条家批]|第一[个座条家]|唯一|世界级")
# Before a glued character: a list's or a clause's edge (、本|庄高速, ，三|澳核电)
GLUE_EDGES = "、，,；;。：:\n“\""
GLUE_TAGS = ("r", "m")  # a pronoun's or a numeral's character (本/r, 那/r, 三/m, 亿/m)
# Around, across a region (环|北部湾…工程, 跨|长江…): jieba tags these one-character words verbs,
# as it does the clause's own (建, 推), so no word class tells them; before a proper noun that
# opens a work's name they are the first character of that name.
REGION_PREFIXES = ("环", "跨")
VEHICLE_ENDS = frozenset({"”号", "\"号", "号”", "号\""})  # a quoted name + 号 is a train's or a ship's
HEADING = re.compile(r"[东西南北]向(?=[^\W\d_A-Za-z])")  # a direction + 向: a heading (西向|川甘青走廊)
TITLE_OPENING = re.compile(r"国家|全国")  # a designation the nation gives (国家…基地), no place's name
TITLE_JOINS = "及和与"
# The category a project's name is apposed to (项目|海辰…项目): the wrapping heads only; a park's or a
# zone's head before words (园区|企业…) is a name's own start as often, which no word class tells
APPOSED_CATEGORIES = ("项目", "工程")
# A count of companies ranked (500强): a ranking of the owner, no word of a project's name
RANKED_COUNT = re.compile(r"[0-9０-９]+强")
# A count of projects right before the head (三个|项目, 10项|工程): how many, no name's word
COUNTED_HEAD = re.compile(r"(?:[0-9０-９]+|[一二三四五六七八九十两几]+)[个项批家]$")
# Key or major (重点, 重大) before a project's words and 项目 or 工程: the plan's category of projects, a
# kind, when only generic words or verbs follow it (江城重大|招商|项目); a zone's designation (重点开发
# 开放试验区) is a name, and a proper word after it names one
KEY_WORDS = re.compile(r"重点|重大")
# A sum of money (150亿元, 3.2亿美元, 8000万元): what a work costs, said before its name with no 的
# (总投资150亿元|海辰…项目); a name never holds one (a capacity, 年产5万吨, stays a name's word)
# A news item's lead (本报讯, 新华社讯, 江城网讯: a publisher + 讯) before the first sentence's words,
# no word of a name (通讯, 资讯 are words of one: a publisher's character must come before 讯)
NEWS_LEAD = re.compile(r"[报社网台]讯")
# A county's or a banner's level: one character before it names a county (道县, 沛县), which jieba cuts
# in two when it does not know it (道/q|县/zg); the division names, not a word class, tell which
COUNTY_ENDS = "县旗"
AMOUNT = re.compile(r"[0-9０-９][0-9０-９.．,]*[多余]?[万亿]*(?:美元|元)")


class ProjectEdges:
    """Edge helpers of ProjectRecognizers (reads its lexicon and heads)."""

    @staticmethod
    def _after_news_lead(doc: SegmentedText, start: int, first: int) -> int:
        """The start of a name after a news item's lead glued to it (本报讯|江城高新区…项目), or `start`."""
        lead = NEWS_LEAD.search(doc.text, start, first)
        return lead.end() if lead else start

    @staticmethod
    def _county_opening(doc: SegmentedText, start: int, first: int) -> int:
        """A name that opens on a county's level (县|江城工业园) after one character jieba knows alone that
        completes a division's name with it (道|县, 睢|县): the county opens the name; else `start`."""
        if 0 < start < first and doc.text[start] in COUNTY_ENDS and doc.text[start - 1:start + 1] in division_names() and any(
                a == start - 1 and b == start for a, b in doc.near(start - 1, start)):
            return start - 1
        return start

    def _title_half(self, doc: SegmentedText, start: int) -> bool:
        """A name right after 及, 和 or 与 whose left side, after the clause's verb, opens with 国家 or 全国
        and holds no head of its own (争创|国家绿色甲醇|及|氢醇能源基地): the second half of the title the
        clause seeks, no name (国家物流枢纽|和|江城陆港 are two)."""
        if start < 3 or doc.text[start - 1] not in TITLE_JOINS:
            return False
        left = doc.after_clause_verb(_name_start(doc, start - 1, "all"), start - 1, self.lex.project_generic, leading=True)
        return TITLE_OPENING.match(doc.text, left) is not None and not any(
            doc.text[a:b] in self.project_heads for a, b in doc.inner_words(left, start - 1))

    @staticmethod
    def _after_category(doc: SegmentedText, start: int, first: int) -> int:
        """The start of a name after the category word it is apposed to, a verb's object (已投产项目|
        海辰水产项目: 项目 or 工程 names what follows, no word of it), when two or more words follow,
        or `start` (19个项目|落地…: a count's subject, the clause goes on)."""
        words = doc.inner_words(start, first)
        if len(words) < 3 or doc.text[words[0][0]:words[0][1]] not in APPOSED_CATEGORIES:
            return start
        return words[1][0] if any(b == start and doc.is_verb(doc.text[a:b]) for a, b in doc.near(max(0, start - 4), start)) else start

    @staticmethod
    def _after_moved_to(doc: SegmentedText, start: int, first: int) -> int:
        """The start of a name after a verb and its preposition (搬迁|至|江城…园区, 落户|在|…): where
        the clause moves something, no word of a name; 至 after a place joins a route's ends
        (江城|至|海城…公路) and stays. Else `start`."""
        words = doc.inner_words(start, first)
        cut = start
        for k in range(1, len(words) - 1):
            a, b = words[k]
            if doc.tags.get(doc.text[a:b]) == "p" and doc.is_verb(doc.text[words[k - 1][0]:words[k - 1][1]]):
                cut = b
        return cut

    def _counted_or_key_kind(self, doc: SegmentedText, start: int, first: int) -> bool:
        """A count of projects right before the head (COUNTED_HEAD), or a key or major category
        (KEY_WORDS) followed by generic words or verbs only before 项目 or 工程: a kind of project, no name."""
        if COUNTED_HEAD.search(doc.text[max(start, first - 6):first]):
            return True
        key = None
        for key in KEY_WORDS.finditer(doc.text, start, first):
            pass
        return key is not None and key.end() < first and doc.text.startswith(APPOSED_CATEGORIES, first) and all(
            self._project_generic(doc.text[a:b]) or doc.is_verb(doc.text[a:b]) for a, b in doc.inner_words(key.end(), first))

    @staticmethod
    def _after_amount(doc: SegmentedText, start: int, first: int) -> int:
        """The start of a name after the last sum of money inside it (AMOUNT) and a ranking count
        (500强) after that, or `start`."""
        cut = start
        for amount in AMOUNT.finditer(doc.text, start, first):
            cut = amount.end()
        for ranked in RANKED_COUNT.finditer(doc.text, cut, first):
            cut = ranked.end()
        return cut

    def _after_ranking(self, doc: SegmentedText, start: int, first: int) -> int:
        """The start of a name after a ranking (RANKING) and the category it ranks: after the last
        project or works head word past the ranking (亚洲最大货运专用机场|江湾国际机场); with none,
        `first`: a positioning (全国首个…交易平台), no name."""
        ranking = RANKING.search(doc.text, start, first)
        if ranking is None:  # (or right before the name: 国内首个|风光…工程, the name trimmed after it)
            ranking = RANKING.search(doc.text, max(0, start - 3), start)
            if ranking is None or ranking.end() != start:
                return start
        cut = first
        for s, e in doc.inner_words(ranking.end(), first):
            if e < first and doc.text.endswith(self.project_heads, s, e) and doc.proper_core(e, first):
                cut = e
        return cut

    def _paired_item(self, doc: SegmentedText, start: int, end: int) -> bool:
        """A two-character item of a list whose neighbour opens with two characters jieba knows one by
        one, one of them the item's first, and no head (京港、京澳…, 浙琼、琼港): places paired by a character each."""
        text = doc.text
        after = end + 1 if text[end:end + 1] == "、" else None
        before = start - 3 if start >= 3 and text[start - 1] == "、" and (start == 3 or text[start - 4] in CLAUSE_MARKS) else None
        return any(at is not None and PAIR.match(text, at) and text[start] in text[at:at + 2] and not text.endswith(
            self.project_heads, at, at + 2) and all(any(w == (k, k + 1) for w in doc.starting(k, k + 1)) for k in (at, at + 1))
            for at in (after, before))

    def _zone_chain(self, doc: SegmentedText, first: int, last: int, head_end: int) -> bool:
        """The heads end in a zone's head, or in one and its phase (江城综合保税区|二期), told
        before any phase or bracket after them (江城港(五期))."""
        zones = self.lex.zone_heads
        text = doc.text
        return text[first:head_end] in zones or text[last:head_end] in zones or last > first and _is_phase(
            text[last:head_end]) and any(text.endswith(z, first, last) and last - len(z) >= first for z in zones)

    def _bracket_start(self, doc: SegmentedText, start: int, first: int) -> int:
        """A name never opens on a bracket: the words it belongs to stand before it (江城重点生态区|(青川
        流域)…工程, cut by the length of a name run), else the name starts after it."""
        if doc.text[start:start + 1] != "(" or start >= first:
            return start
        left = doc.after_clause_verb(_name_start(doc, start, "all"), start, self.lex.project_generic, leading=True)
        if left < start and any(doc.names_place(a, b) for a, b in doc.inner_words(left, start)):
            return left
        close = doc.text.find(")", start, first)
        return close + 1 if close > 0 else first

    @staticmethod
    def _after_heading(doc: SegmentedText, start: int, first: int) -> int:
        """东向|, 西向| (eastward, westward) opening the words: the heading of a plan's list of
        corridors, no word of the name after it."""
        heading = HEADING.match(doc.text, start)
        return heading.end() if heading and heading.end() < first else start

    def _glued_start(self, doc: SegmentedText, start: int, first: int) -> int:
        """A name that opens with a character jieba knows only alone (庄, 澳, 纬) right after a
        list's or a clause's edge + one character jieba read as a pronoun or a numeral (、本|庄高速,
        ，三|澳核电二期, 、亿|纬锂能…工厂): that character is the name's first, not a word of the
        clause; and 环, 跨 before a proper noun that opens the name (环|北部湾…工程)."""
        if start < 1 or start >= first:
            return start
        text = doc.text
        edge = start == 1 or text[start - 2] in GLUE_EDGES
        if not edge and text[start - 1] not in REGION_PREFIXES:
            return start  # neither case below can hold: the two look-ups of words are skipped
        opening = next((w for w in doc.near(start, start + 1) if w[0] == start), None)
        glued = next((w for w in doc.near(start - 1, start) if w == (start - 1, start)), None)
        if opening is None or glued is None or opening[1] > first:
            return start
        word, tag = text[opening[0]:opening[1]], doc.tags.get(text[opening[0]:opening[1]])
        if text[start - 1] in REGION_PREFIXES and opening[1] - opening[0] >= 2 and (tag in ("nr", "ns", "nz") or word in self.lex.places):
            return start - 1  # (环|塔里木/nr…: jieba tags such a place a person's)
        if edge and opening[1] - opening[0] == 1 and doc.tags.get(text[start - 1]) in GLUE_TAGS and (
                not text[start - 1].isdigit() and tag not in ("m", "q") and not doc.is_stop(*opening)
                and word not in self.lex.region_ends):
            return start - 1
        return start

    def _joined_by_dashes(self, doc: SegmentedText, start: int, first: int) -> int:
        """_joined_by_dash once a dash: 青州—江城—海门经济合作区 joins three places."""
        for _ in range(DASHED_PLACES):
            joined = self._joined_by_dash(doc, start, first)
            if joined == start:
                break
            start = joined
        return start
