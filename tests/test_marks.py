"""text/marks.py: the first and last mark of a set within a span, in one search, give what a
str.find / str.rfind per mark gives (the facts and names stages ask this of every figure)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.text.marks import first_mark, last_mark

MARK_SETS = ["，,；;。：:\n、", "，,；;：:、。！？!?", "。", "]^-\\[.*"]  # the last: marks a class must escape


def _by_find(text: str, marks: str, start: int, end: int) -> int:
    found = [i for i in (text.find(mark, start, end) for mark in marks) if i >= 0]
    return min(found) if found else -1


def _by_rfind(text: str, marks: str, start: int, end: int) -> int:
    return max(text.rfind(mark, start, end) for mark in marks)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MARK_SETS), st.data(), st.integers(-70, 70), st.integers(-70, 70))
def test_first_and_last_mark_are_those_of_a_find_per_mark(marks: str, data, start: int, end: int) -> None:
    text = data.draw(st.text(alphabet=marks + "甲1 ", max_size=60))
    assert first_mark(text, marks, start, end) == _by_find(text, marks, start, end)
    assert last_mark(text, marks, start, end) == _by_rfind(text, marks, start, end)


def test_examples() -> None:
    text = "全区新建厂房3座，改造道路5公里；投资1亿元。"
    assert first_mark(text, "，；。", 0, len(text)) == text.index("，")
    assert last_mark(text, "，；。", 0, len(text)) == text.index("。")
    assert last_mark(text, "，；", 0, text.index("，")) == -1
    assert first_mark(text, "，；", text.index("；") + 1, len(text)) == -1
