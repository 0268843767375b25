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
    for rule_id, heads in recognizers.heads.items():
        assert heads.spans(text) == [m.span() for m in recognizers.patterns[rule_id].finditer(text)], rule_id


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
