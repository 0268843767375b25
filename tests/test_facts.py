"""Facts: SPEC's five seed facts exactly, the inline examples of rules/facts.yaml, and the
heuristics on report-style sentences."""

from __future__ import annotations

import pytest

from extractor.facts import load_fact_rules
from extractor.rules import default_rules_dir

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
    from extractor.write import FACT_FIELDS, MENTION_FIELDS

    result = extract_text("“十三五”期间，全区规模以上工业企业达到579家。", doc_id="demo")
    frames = result.to_frames()
    assert list(frames["mentions"].columns) == MENTION_FIELDS
    assert list(frames["facts"].columns) == FACT_FIELDS
    fact = frames["facts"].iloc[0]
    assert (fact["subject"], fact["value"], fact["unit"], fact["period"]) == ("规模以上工业企业", 579.0, "家", "十三五期间")
