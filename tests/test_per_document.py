"""What every document used to rebuild is made once (issue 25: the fixed cost of a short
report), and the faster forms give what the slower ones gave."""

from __future__ import annotations

from bisect import bisect_left

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.names.entities import _rule_groups
from extractor.names.link import DocumentNames
from extractor.names.recognizers.base import NOT_PLACES, KnownWords, WordMatcher, _word_pattern, enumeration_ends
from extractor.text.marks import mark_positions


def test_rule_groups_and_name_rule_words_are_made_once_a_ruleset(extractor) -> None:
    rules = extractor.rules
    assert _rule_groups(rules) is _rule_groups(rules)
    first, second = DocumentNames(rules), DocumentNames(rules)
    assert first.heads is second.heads and first.role_rules is second.role_rules
    assert first.heads and first.short_rules == {"org": "org.short_form", "project": "project.short_form"}


def _old_enumeration_end(extractor) -> regex.Pattern:
    """The one pattern enumeration_ends replaces: 等 + a category, or a count of 家 looked behind."""
    closing = extractor.recognizers.enumeration_end.pattern
    assert closing.startswith(f"等{NOT_PLACES}")
    return regex.compile(closing + r"|(?<=[^\s、，,。；;：:等])(?=(?P<count>[2-9]|[两二三四五六七八九])家)")


# made-up lists: counts before 家 with and without a list before them, 等 + categories, marks and
# spaces before a count, 家 at the very start
TEXTS = ["华信电子、北岭重工两家企业签约", "家电企业3家", "引进江海科技等企业，新增5家", "等企业", "A、B等5家企业",
         "，3家企业", " 3家", "3家", "国家级企业家协会", "甲乙丙等地企业和两家公司", "等两家", "2家2家二家"]


def test_enumeration_ends_are_those_of_the_one_pattern(extractor) -> None:
    old = _old_enumeration_end(extractor)
    closing = extractor.recognizers.enumeration_end
    for text in TEXTS:
        expected = [(m.start(), m.end(), m.group("count")) for m in old.finditer(text)]
        assert enumeration_ends(text, closing) == expected, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="等家2两三企业公司、， \n甲", max_size=30))
def test_enumeration_ends_on_any_text(extractor, text: str) -> None:
    old = _old_enumeration_end(extractor)
    expected = [(m.start(), m.end(), m.group("count")) for m in old.finditer(text)]
    assert enumeration_ends(text, extractor.recognizers.enumeration_end) == expected


@given(st.text(alphabet="，。、\n;甲1", max_size=40))
def test_mark_positions_are_every_occurrence(text: str) -> None:
    marks = "，。、\n;"
    found = mark_positions(text, marks)
    assert found == {mark: [k for k, c in enumerate(text) if c == mark] for mark in set(marks)}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="产业园区工程项目中心科技江城😀𠀀", max_size=40))
def test_word_matcher_spans_are_those_of_the_word_pattern(text: str) -> None:
    """Leftmost, then longest, non-overlapping: the prefix tree's finditer and the automaton agree,
    with words that are prefixes of others (园, 园区, 产业园区) and overlap (中心, 心科), and characters
    beyond the BMP (offsets are code points in both)."""
    words = ["园", "园区", "产业园", "产业园区", "工程", "项目", "中心", "心科", "科技园", "江城"]
    assert WordMatcher(words).spans(text) == [m.span() for m in _word_pattern(words).finditer(text)]


def test_head_words_of_every_rule_match_as_their_pattern(extractor) -> None:
    recognizers = extractor.recognizers
    text = "江城区发展改革委、市统计局和江城科技园区管委会推进江城大数据中心项目、江城电厂二期工程，海辰科技有限公司参与"
    words = {r.id: r.words for r in extractor.rules.entity_rules}
    for rule_id, heads in recognizers.heads.items():
        assert heads.spans(text) == [m.span() for m in _word_pattern(words[rule_id]).finditer(text)], rule_id


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="国务院办公厅人大常委会区😀", max_size=30))
def test_known_words_answer_a_search_from_every_position(text: str) -> None:
    """The leftmost start at or after a position and the longest word there, as the prefix
    tree's search from that position gives, with names inside names (人大常委会, 常委会)."""
    words = ["国务院", "国务院办公厅", "办公厅", "人大", "人大常委会", "常委会", "区人大", "大常"]
    starts, longest = KnownWords(words).longest_at(text)
    pattern = _word_pattern(words)
    for position in range(len(text) + 1):
        found = pattern.search(text, position)
        k = bisect_left(starts, position)
        assert (found.span() if found else None) == ((starts[k], longest[starts[k]]) if k < len(starts) else None)


def test_every_quantity_word_ends_in_one_of_its_last_characters() -> None:
    """trim_left tries QUANTIFIER only on a word ending in QUANTIFIER_ENDS."""
    from extractor.names.name_start import QUANTIFIER, QUANTIFIER_ENDS
    words = [a + b + c for a in ("", "新") for b in ("", "一", "两", "几") for c in ("轮", "批", "系列")]
    assert all(QUANTIFIER.fullmatch(w) for w in words)
    assert {w[-1] for w in words} == set(QUANTIFIER_ENDS)


def _old_glued_start(recognizers, doc, start: int, first: int) -> int:
    """_glued_start as it was, both look-ups of words made before any test of the characters."""
    from extractor.names.recognizers.edges import GLUE_EDGES, GLUE_TAGS, REGION_PREFIXES
    if start < 1 or start >= first:
        return start
    text = doc.text
    opening = next((w for w in doc.near(start, start + 1) if w[0] == start), None)
    glued = next((w for w in doc.near(start - 1, start) if w == (start - 1, start)), None)
    if opening is None or glued is None or opening[1] > first:
        return start
    edge = start == 1 or text[start - 2] in GLUE_EDGES
    word, tag = text[opening[0]:opening[1]], doc.tags.get(text[opening[0]:opening[1]])
    if text[start - 1] in REGION_PREFIXES and opening[1] - opening[0] >= 2 and (
            tag in ("nr", "ns", "nz") or word in recognizers.lex.places):
        return start - 1
    if edge and opening[1] - opening[0] == 1 and doc.tags.get(text[start - 1]) in GLUE_TAGS and (
            not text[start - 1].isdigit() and tag not in ("m", "q") and not doc.is_stop(*opening)
            and word not in recognizers.lex.region_ends):
        return start - 1
    return start


# made-up clauses: glued characters after a list mark or a comma, 环/跨 before a place, and others
GLUED_TEXTS = ["推进青石、本庄高速和南岭大桥工程", "建设环太湖生态走廊工程，三澳核电二期开工", "跨长江大桥、那桥水库项目",
               "加快北山新区产业园建设", "（环）江城绿道、亿纬锂能江城工厂", "2025年启动西塘至东塘城际铁路"]


def test_glued_start_is_what_it_was_at_every_start(extractor) -> None:
    from extractor.names.entity_text import SegmentedText
    recognizers = extractor.recognizers
    for text in GLUED_TEXTS:
        doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
        for first in range(1, len(text) + 1):
            for start in range(0, first + 1):
                assert recognizers._glued_start(doc, start, first) == _old_glued_start(recognizers, doc, start, first), (text, start, first)



def _old_before_level_or_zone(doc, word: str) -> bool:
    """shown_place's last test as it was: one pattern of the word, then a level or a zone's head."""
    from extractor.names.word_classes import LEVEL_WORD_ENDS, LEVELS
    from extractor.ruleset.rule_files import _alternation
    zones = _alternation(list(doc.lex.zone_heads))
    return regex.search(rf"{regex.escape(word)}(?:[{LEVELS}](?![{''.join(LEVEL_WORD_ENDS)}])|{zones})", doc.text) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="武清区市场县级新城开发区港东江", max_size=30), st.sampled_from(["武清", "江东", "清", "东江", "江", "港"]))
def test_before_level_or_zone_is_the_pattern_it_replaced(extractor, text: str, word: str) -> None:
    """Overlapping occurrences (江江东), a level at the text's end or before a word's end (市|场,
    县|级), zones' heads inside others (新区, 开发区): the document's str.find walk and the pattern agree."""
    from extractor.names.entity_text import SegmentedText
    doc = SegmentedText(text, extractor.segmenter, extractor.rules.entity_lexicon)
    assert doc._before_level_or_zone(word) == _old_before_level_or_zone(doc, word)


@given(st.text(alphabet="\x00\x01\x08\t\n\r\x0b\x0c\x0e\x1f\x7f\x80a甲", max_size=60))
def test_control_ratio_counts_what_the_regex_class_counted(text: str) -> None:
    from extractor.read.decoding import control_ratio

    old = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
    assert control_ratio(text) == (sum(1 for _ in old.finditer(text)) / len(text) if text else 0.0)


@given(st.text(alphabet="甲1 \t\n", max_size=60))
def test_a_text_without_a_tab_has_no_table_and_one_with_tabs_is_walked(text: str) -> None:
    from extractor.text.tables import find_tables

    tables = find_tables(text)
    if "\t" not in text:
        assert tables == []
    assert find_tables(text.replace("\t", " ")) == []
    assert find_tables("甲\t1\n乙\t2\n" + text)  # two rows of two cells open it: a table


def test_changed_is_a_replaced_copy(extractor) -> None:
    """changed copies the item's fields whole and updates the copy: dataclasses.replace's result,
    the item itself untouched."""
    from dataclasses import replace

    from extractor.model import changed
    _, facts = extractor.extract_document("全区工业增加值增长5.2%。")
    fact = facts[0]
    before = dict(fact.__dict__)
    copy = changed(fact, period="2024年", owner="某某公司")
    assert copy == replace(fact, period="2024年", owner="某某公司") and copy.__dict__ == replace(fact, period="2024年", owner="某某公司").__dict__
    assert fact.__dict__ == before and copy.period == "2024年" and fact.period != "2024年"


# made-up texts: runs of name characters before a head, stopped by marks and spaces, and the units
# the fast path leaves to the engine (a bracketed place, a dash before Han, × between digits, / before
# 年, an en dash, a Han character outside the basic block: 〇), at the start of a text and in long runs
NAME_RUNS = ["，江城新区新能源汽车零部件产业园项目", "江城(新区)智能制造基地", "推进中国—东盟合作中心", "2×66万千瓦机组项目",
             "年产30万吨/年乙烯项目", "北岭–南坑水库工程", "二〇二五年重点工程", "《江城规划》项目", "海辰科技有限公司 新园区",
             "Web3.0产业园", "A&B·C科技园区", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十项目", "：项目",
             "江城)项目", "(江城产业园", "——江城港"]


def test_name_run_start_is_the_reverse_search_of_the_run() -> None:
    """name_run_start gives NAME_RUN_BEFORE's run start at every position (the head after it)."""
    from extractor.names.recognizers.base import MAX_NAME, NAME_RUN_BEFORE, name_run_start

    for text in NAME_RUNS:
        for head in range(len(text) + 1):
            run = NAME_RUN_BEFORE.search(text, max(0, head - MAX_NAME), head)
            assert name_run_start(text, head) == (run.start() if run else head), (text, head)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="江城新区产业园项目(（)）—–-×/年吨2A&·，。 、〇\n", max_size=40))
def test_name_run_start_on_any_text(text: str) -> None:
    from extractor.names.recognizers.base import MAX_NAME, NAME_RUN_BEFORE, name_run_start

    for head in range(len(text) + 1):
        run = NAME_RUN_BEFORE.search(text, max(0, head - MAX_NAME), head)
        assert name_run_start(text, head) == (run.start() if run else head), (text, head)


def test_han_block_comparison_is_the_re_class() -> None:
    """names/entities.py tests a character of the Han block by comparing it with the block's ends:
    the same characters as the `re` class it replaces, over the whole Basic Multilingual Plane."""
    import re

    from extractor.names.entities import HAN_FIRST, HAN_LAST

    han = re.compile(r"[\u4e00-\u9fff]")
    assert all((HAN_FIRST <= chr(c) <= HAN_LAST) == bool(han.match(chr(c))) for c in range(0x10000))
