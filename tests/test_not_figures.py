"""Numbers that name a class of a noun (a grade before 级/型, a size in inches) measure nothing: no fact;
the same numbers before a verb or a mark stay figures."""

from __future__ import annotations

import pytest


def _with_facts(extractor, text: str) -> set[str]:
    mentions, facts = extractor.extract_document(text)
    ids = {f.mention_id for f in facts}
    return {m.text for m in mentions if m.id in ids}


@pytest.mark.parametrize("text, grade, figure", [
    ("全省建成10万吨级码头泊位3个。", "10万吨", "3个"),
    ("妥善处置某县5.2级地震，转移群众1200人。", "5.2", "1200人"),
    ("3型糖尿病患者规范管理率达到60%。", "3", "60%"),
    ("新增国家4A级旅游景区5家。", "4", "5家"),
    ("某公司6英寸碳化硅芯片生产线投产，年产芯片20万片。", "6英寸", "20万片"),
    ("推进甲港15万吨级、乙港5万吨级等航道建设，新建泊位4个。", "15万吨", "4个"),  # a list of classes sharing its noun
])
def test_a_grade_before_a_noun_is_no_figure(extractor, text, grade, figure) -> None:
    with_facts = _with_facts(extractor, text)
    assert figure in with_facts and grade not in with_facts


@pytest.mark.parametrize("text, figure", [
    ("全市信用评级提升2级，企业融资成本下降。", "2"),
    ("该港口泊位等级达到10万吨级以上。", "10万吨"),
])
def test_a_grade_before_a_verb_or_a_mark_stays_a_figure(extractor, text, figure) -> None:
    assert figure in _with_facts(extractor, text)


def test_a_count_announcing_the_list_after_it_is_no_figure(extractor) -> None:
    """三个方面工作 followed by exactly three items counts the report's own list; the figures in it stay."""
    text = "今年重点抓好三个方面工作：\n（一）扩大有效投资。新开工项目120个。\n（二）稳定就业。\n（三）改善民生。"
    with_facts = _with_facts(extractor, text)
    assert "120个" in with_facts and "三个" not in with_facts


@pytest.mark.parametrize("text", [
    "全年建成示范村三个。\n（一）扩大有效投资。\n（二）稳定就业。",  # the list after has two items, not three
    "全年建成示范村三个，新增企业12家。\n（一）扩大有效投资。\n（二）稳定就业。\n（三）改善民生。",  # the count does not end its sentence
])
def test_a_count_before_a_list_of_another_length_stays_a_figure(extractor, text) -> None:
    assert "三个" in _with_facts(extractor, text)


@pytest.mark.parametrize("text, name_number, figure", [
    ("开展“科创200”上市专项行动，新增上市公司8家。", "200", "8家"),
    ("做靓“某味260碗”美食品牌，接待游客3000万人次。", "260", "3000万人次"),
])
def test_a_number_inside_a_short_quoted_name_is_no_figure(extractor, text, name_number, figure) -> None:
    with_facts = _with_facts(extractor, text)
    assert figure in with_facts and name_number not in with_facts


def test_a_figure_with_its_unit_in_quotes_stays_a_figure(extractor) -> None:
    assert "6%左右" in _with_facts(extractor, "全年目标为“增长6%左右”。")
