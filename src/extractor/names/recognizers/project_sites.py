"""Whether a project's words name a site or only a kind: a national park's own words, a city's port,
a policy's programme named by what it does, a word that names where a work is (a part of
ProjectRecognizers)."""

from __future__ import annotations

import re

from ...ruleset.divisions import division_names
from ..word_classes import BODY_LEVELS, LANDFORM_ENDS, NUMERAL_CHARS, PERSON_TAGS, PROVINCES
from ..entity_text import SegmentedText

PORT = "港"  # a city's port jieba knows as one place (广州港/ns)
PARK, NATION = "公园", "国家"  # a park of the nation's designation (国家公园, 国家文化公园)
# Heads of a programme as much as of a work: a policy's programme is named by what it does (…培育|工程), a work by its site
PROGRAMME_HEADS = ("工程", "项目", "一期", "二期", "三期")
# a place's tag or a person's, which jieba gives landforms (贺兰山/nr); not an institution's (中医药/nt, a field)
PLACE_TAGS = PERSON_TAGS | {"ns"}
DIRECTIONS = ("东", "南", "西", "北", "中")  # after a province's character, a region of it (粤东, 陇南)
# Tags of a character that opens a clause's words, not a coined name's: adverbs, numerals, pronouns,
# prepositions, conjunctions, particles (更|高…, 各|类…, 把|这…); a measure word's (台/q) or an
# adjective's (好|…) opens a clause's result as often as a brand; a measure word's (台/q) a brand
NOT_COINED_OPENING = ("d", "m", "r", "p", "c", "u", "ul", "uj", "f", "a")
NOT_COINED = ("r", "p", "c", "u", "ul", "uj")  # …nor stand inside it
# Tags of a character that cannot open a coined name's pair (…|熙 of 中|熙, 秦 of 中|秦): function words, numerals,
# measure words, times, adjectives and verbs (a clause's result or action as often as a brand's)
NOT_PAIRED = frozenset({"d", "m", "r", "p", "c", "u", "ul", "uj", "uz", "ug", "uv", "ud", "y", "e", "o", "x", "q", "a", "ad", "t", "v", "vn"})
COINED_HEAD = "项目"  # a company's project: a policy's programmes (…工程, …平台) are named by abbreviations as often


class ProjectSites:
    """Site and kind tests of ProjectRecognizers (reads its lexicon, heads and _project_generic)."""

    def _national_park(self, doc: SegmentedText, start: int, first: int) -> bool:
        """A park of the nation's designation (…国家公园, …国家文化公园) with words of its own before 国家,
        not generic, verbs or counts (大熊猫|, 长征|): one park's name; with none (建设|国家公园) a kind."""
        text = doc.text
        if not text.startswith(PARK, first - 1):
            return False
        nation = text.rfind(NATION, start, first - 1)
        words = doc.inner_words(start, nation) if nation > start else []
        return bool(words) and nation - start >= 2 and not doc.counted(words) and not any(
            self._project_generic(text[a:b]) or doc.is_verb(text[a:b]) or doc.tags.get(text[a:b]) in ("m", "q", "r", "p", "c", "u")
            or b - a == 1 and doc.tags.get(text[a:b]) in ("a", "ad")  # (建设|好|…: the verb's result, no park's word)
            for a, b in words)

    def _city_port(self, doc: SegmentedText, start: int, end: int) -> bool:
        """A word jieba knows as one place that is a division's name + 港 (广州|港/ns, 青岛|港/ns):
        the port of that city, a work; not a division's own name (连云港) nor 港 after one
        character (香港)."""
        word = doc.text[start:end]
        return word.endswith(PORT) and end - start >= 3 and word[:-1] in division_names() and word not in division_names()

    def _programme(self, doc: SegmentedText, words: list[tuple[int, int]], start: int, first: int, end: int) -> bool:
        """Words that end in a verb before a programme's head (中医药|振兴|发展|工程, 煤|铝|共|采|项目,
        湖湘|工匠|培育|工程): what a policy does to common things, no work, unless a site names where it is
        done: a division or a place the text writes as a region or before a works' or a zone's head, a
        landform, a place of three characters or more (毛乌素), a work's head among the words (…机场|改扩建),
        a quoted label. A province's poetic name (湖湘/ns) or a field jieba tags an institution's
        (中医药/nt) is none; the tag cannot tell them from a site, where the text uses them can."""
        if not words or not doc.text.startswith(PROGRAMME_HEADS, first) or doc.quoted(start, end):
            return False
        k = len(words) - 1
        while k > 0 and self._project_generic(doc.text[words[k][0]:words[k][1]]) and doc.tags.get(doc.text[words[k][0]:words[k][1]]) == "a":
            k -= 1  # (…振兴发展|重大|工程: a generic adjective between the verb and the head; not …炼化|一体化|工程)
        s, e = words[k]
        if k >= 1 and e - s == 1 and doc.text[s] in PROVINCES and words[k - 1][1] - words[k - 1][0] == 1 and doc.tags.get(
                doc.text[words[k - 1][0]]) == "v":  # 人才|兴|皖: a province the verb serves, its object, no site;
            before = words[:k - 1]  # a site stands before the verb (陇|电|入|浙: from one province to another)
            return bool(before) and not any(doc.text[a] in PROVINCES or self._site(doc, before, j) for j, (a, b) in enumerate(before))
        if not doc.is_verb(doc.text[s:e]) and not (e - s == 1 and doc.tags.get(doc.text[s:e]) == "v") and not (
                e - s == 2 and doc.tags.get(doc.text[s:e]) in PERSON_TAGS):
            return False  # (a person's tag on two characters before the head is jieba's for a verb + object: 惠民/nr)
        return not re.search(r"[0-9]", doc.text[start:first]) and not any(  # (吉化120万吨乙烯…项目: a plant's size)
            self._site(doc, words, j) or doc.text.endswith(self.works_heads + self.project_heads, a, b) for j, (a, b) in enumerate(words))

    def _site(self, doc: SegmentedText, words: list[tuple[int, int]], k: int) -> bool:
        """Word k names where a work is: a place of one character (洮, 陕) or a province's among single
        characters that are places or verbs only (陕|皖, 引|洮; not 陇|原, 荆|楚: a province's poetic name); a
        place's or a person's name of three characters or more (贺兰山/nr, 毛乌素/nr); a province's character + a
        direction (粤东, 豫东); a place of two (names_place) that is a division's, the lexicon's or a
        landform's, or that the text writes before a level or a works' or zone's head."""
        start, end = words[k]
        word, size = doc.text[start:end], end - start
        if size == 1:
            run = [k]
            for step in (-1, 1):
                j = k + step
                while 0 <= j < len(words) and words[j][1] - words[j][0] == 1:
                    run.append(j)
                    j += step
            return all(doc.is_place(*words[j]) or doc.text[words[j][0]] in PROVINCES or doc.tags.get(
                doc.text[words[j][0]]) == "v" for j in run) and (doc.is_place(start, end) or word in PROVINCES)
        if size > 2 and (doc.tags.get(word) in PLACE_TAGS or doc.names_place(start, end)):
            return True
        if word[1:] in DIRECTIONS and (doc.is_place(start, start + 1) or word[0] in PROVINCES):
            return True
        return doc.names_place(start, end) and (
            word in self.lex.places or word[-1] in LANDFORM_ENDS or doc.written_as_region(word)
            or doc.before_site(word) or any(word[:k] in division_names() for k in range(2, size + 1)))

    @staticmethod
    def _coined_pair(doc: SegmentedText, words: list[tuple[int, int]]) -> bool:
        """A site's words that are two characters jieba knows only one by one, neither a function word's,
        a numeral's, an adjective's nor a verb's (中|熙|产业园, 秦|川|物流园): a coined name, one site's."""
        if len(words) != 2 or any(e - s != 1 for s, e in words):
            return False
        (a, b), (c, d) = words
        return all("\u4e00" <= doc.text[x] <= "\u9fff" and doc.tag_at(x, y) not in NOT_PAIRED and not doc.is_stop(x, y)
                   for x, y in words) and doc.text[a] not in BODY_LEVELS and not (a > 0 and doc.text[a - 1].isdigit()) and not (
            doc.abbreviation(a, d))

    @staticmethod
    def _coined_opening(doc: SegmentedText, words: list[tuple[int, int]], first: int) -> bool:
        """A project's words before 项目 open with characters jieba knows only one by one (no word
        of its dictionary holds two of them in a row), whatever most of their tags, then words of
        their own with no verb of a clause (海|尚|水产|食品|项目, 鲁|斑|智能|农机|生产|项目): a coined
        brand's name, one company's project. Not a clause's opening (NOT_COINED_OPENING), a verb
        and its object (两 characters, one a verb) or two verbs (a slogan's pairs), a number's
        measure, a level of government, nor an abbreviation the document writes before three or
        more words (惠|企)."""
        run = 0
        while run < len(words) and words[run][1] - words[run][0] == 1:
            run += 1
        if run < 2 or run == len(words) or not doc.text.startswith(COINED_HEAD, first):
            return False
        opening = words[0][0]
        if opening > 0 and (doc.text[opening - 1] in NUMERAL_CHARS or doc.text[opening - 1].isdigit()) or doc.text[opening] in BODY_LEVELS:
            return False  # 万|卡|级…: a number's measure; 省|…: a level of government, a kind's scope
        tags = [doc.tag_at(*words[k]) for k in range(run)]
        if tags[0] in NOT_COINED_OPENING or any(t in NOT_COINED for t in tags) or tags.count("v") > 1 or tags.count("v") == run - 1:
            return False
        if any(doc.tag_at(a, b) == "v" for a, b in words[run:]):
            return False  # 某|某|某|查看…: a person's name, the clause's subject, then its verb
        return not doc.abbreviation(words[0][0], words[run - 1][1])

