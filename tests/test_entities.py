"""Orgs and projects beyond the inline examples: SPEC's seed list, name normalization,
short names linked across chunks, broken entity rule files, and the NER benchmarks."""

from __future__ import annotations

import sys

import pytest

from extractor.errors import RuleError
from extractor.names.short_names import normalize_name
from extractor.ruleset.rules import load_rules

from .conftest import CORPUS, ROOT, SHARED_BENCHMARKS, rules_copy_with

SEED = CORPUS / "000_08e7a5d6346f8cff.txt"
# SPEC "What each type covers": every one must come out with exactly this span.
SPEC_ORGS = ["丹佛斯(天津)有限公司", "忠旺铝业", "红日药业", "新疆特变电工", "区工信局", "工信部", "党中央",
             "市委", "铁科院", "国铁集团", "中国电信天津分公司", "中国电信"]
SPEC_PROJECTS = ["中国电信京津冀大数据基地项目", "铁科院武清产业基地", "智能科技园", "生物谷", "高村科技创新园",
                 "武清开发区"]
# SPEC: generic words are never orgs; generic phrases are never projects.
NOT_NAMES = ["企业", "相关部门", "园区", "全区工信系统", "国家级企业技术中心", "中小企业", "战略性新兴产业项目",
             "新动能引育平台", "重点项目", "扶持资金项目", "数据中心", "世界智能大会"]


@pytest.fixture(scope="module")
def seed_mentions(extractor):
    return [m for m in extractor.extract(SEED.read_text(encoding="utf-8"), SEED.stem) if m.type in ("org", "project")]


@pytest.mark.parametrize("kind,text", [("org", t) for t in SPEC_ORGS] + [("project", t) for t in SPEC_PROJECTS])
def test_spec_seed_names_are_found(seed_mentions, kind, text) -> None:
    assert any(m.type == kind and m.text == text for m in seed_mentions), f"{kind} {text} not found"


@pytest.mark.parametrize("text", NOT_NAMES)
def test_generic_words_are_not_names(seed_mentions, text) -> None:
    assert not [m for m in seed_mentions if m.text == text or m.text.endswith(text) and len(m.text) <= len(text) + 2]


@pytest.mark.parametrize("short,full", [
    ("丹佛斯", "丹佛斯（天津）有限公司"),
    ("红日药业", "天津红日药业股份有限公司"),
    ("中国电信京津冀大数据基地", "中国电信京津冀大数据基地项目"),
])
def test_spec_short_names_link_to_full_names(seed_mentions, short, full) -> None:
    shorts = [m for m in seed_mentions if m.text == short]
    assert shorts and all(m.canonical == full for m in shorts)


def test_a_branch_is_not_its_parent(seed_mentions) -> None:
    assert all(m.canonical is None for m in seed_mentions if m.text == "中国电信")


def test_names_are_normalized(seed_mentions) -> None:
    assert normalize_name("丹佛斯(天津)有限公司") == "丹佛斯（天津）有限公司"
    assert normalize_name("铁科纵横 (天津) 科技发展有限公司") == "铁科纵横（天津）科技发展有限公司"
    assert all("(" not in m.name and " " not in m.name for m in seed_mentions)


def test_short_names_link_across_chunks(extractor) -> None:
    text = "红日药业等企业迅速成长。\n各园区因地制宜。\n天津红日药业股份有限公司完成贯标，红日药业表示。\n"
    chunks = text.splitlines(keepends=True)
    whole = [m for m in extractor.extract(text) if m.type == "org"]
    pieces = [m for kind, m in extractor.extract_chunks(lambda: iter(chunks)) if kind == "mentions" and m.type == "org"]
    assert pieces == whole
    assert [(m.text, m.canonical) for m in whole] == [
        ("红日药业", "天津红日药业股份有限公司"), ("天津红日药业股份有限公司", None), ("红日药业", "天津红日药业股份有限公司")]


def test_full_names_are_found_alike_by_scan_and_by_piece_index(extractor, monkeypatch) -> None:
    """A document with few names is scanned, one with many uses the piece index: same links."""
    import extractor.names.link as link
    monkeypatch.setattr(link, "SCAN_NAMES", 10**9)
    seed_text = SEED.read_text(encoding="utf-8")
    scanned = [(m.start, m.canonical) for m in extractor.extract(seed_text)]
    monkeypatch.setattr(link, "SCAN_NAMES", 0)
    indexed = [(m.start, m.canonical) for m in extractor.extract(seed_text)]
    assert scanned == indexed
    assert sum(1 for _, canonical in scanned if canonical) >= 3  # 丹佛斯, 红日药业, the 大数据基地


@pytest.mark.parametrize("name,old,new,problem", [
    ("orgs.yaml", "    recognizer: enumeration\n", "    recognizer: guess\n", "recognizer 'guess'"),
    ("orgs.yaml", "    not:\n      - 红日初升\n", "", "no 'not' examples"),
    ("projects.yaml", "  - id: project.short_form\n", "  - id: project.named\n", "duplicate rule id"),
    ("projects.yaml", "  zone_heads:", "  zone_head:", "unknown key"),
    ("org_gazetteer.txt", "华为技术有限公司\t华为", "华为技术有限公司 华为", "expected: full name"),
])
def test_broken_entity_rules_name_file_and_line(tmp_path, name, old, new, problem) -> None:
    with pytest.raises(RuleError) as caught:
        load_rules(rules_copy_with(tmp_path, name, old, new))
    assert caught.value.path.endswith(name) and caught.value.line
    assert problem in str(caught.value)


@pytest.mark.skipif(not SHARED_BENCHMARKS.is_dir(), reason="../shared/benchmarks is not here")
def test_ner_benchmarks_keep_their_floor() -> None:
    """Measured exact-span org F1 (bench/ner.py) minus 0.02: MSRA 0.637, CLUENER 0.409."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import ner
    finally:
        sys.path.pop(0)
    scores = ner.measure(SHARED_BENCHMARKS)
    assert scores["msra"].exact_prf()[2] >= 0.637 - 0.02
    assert scores["cluener"].exact_prf()[2] >= 0.409 - 0.02


def test_report_sentences_give_the_longest_names(extractor) -> None:
    """Boundary cases of report prose: a legal form ends a name before digits, a branch is glued
    to a preposition by jieba (分行|为), an office belongs to its government."""
    def names(text):
        return {(m.type, m.text) for m in extractor.extract(text) if m.type in ("org", "project")}

    assert names("华芯微电子（天津）有限公司12英寸晶圆厂二期工程顺利投产") == {
        ("org", "华芯微电子（天津）有限公司"),
        ("project", "华芯微电子（天津）有限公司12英寸晶圆厂二期工程")}
    assert names("中国建设银行股份有限公司天津分行为园区企业提供授信50亿元") == {
        ("org", "中国建设银行股份有限公司天津分行")}
    assert names("滨海新区人民政府办公室印发通知") == {("org", "滨海新区人民政府办公室"), ("project", "滨海新区")}


def test_a_clause_without_punctuation_is_not_quadratic(extractor) -> None:
    """Word look-ups bisect the clause's words: 60,000 characters with no punctuation stay fast."""
    import time
    started = time.perf_counter()
    extractor.extract("分行为" * 20000)
    assert time.perf_counter() - started < 20


def test_needs_level_must_be_a_boolean(tmp_path) -> None:
    with pytest.raises(RuleError) as caught:
        load_rules(rules_copy_with(tmp_path, "orgs.yaml", "    needs_level: true\n", "    needs_level: sometimes\n"))
    assert caught.value.path.endswith("orgs.yaml") and "needs_level" in str(caught.value)


def test_a_cued_bare_name_is_an_org_wherever_it_stands_in_whole_and_in_pieces(extractor) -> None:
    """Document evidence: a role after a bare name (华商财经|记者), cued twice, makes every other
    occurrence an org too, the same whole and read in pieces (DocumentNames sees all chunks)."""
    text = "县长对华商财经记者说。\n各园区因地制宜。\n华商财经记者日前了解到。\n华商财经还了解到，试点推进。\n"
    chunks = text.splitlines(keepends=True)
    whole = [m for m in extractor.extract(text) if m.type == "org"]
    pieces = [m for kind, m in extractor.extract_chunks(lambda: iter(chunks)) if kind == "mentions" and m.type == "org"]
    assert pieces == whole
    assert [(m.text, m.start) for m in whole] == [("华商财经", text.index("华商财经", i)) for i in (0, 20, 33)]
    assert [m.text for m in extractor.extract("华商财经还了解到，试点推进。") if m.type == "org"] == []  # no cue, no org


def test_a_listed_firm_named_by_a_common_word_is_not_taken_where_it_stands_alone(extractor) -> None:
    """Made-up: a list of firms (等 + 企业 with a curated company among them) shows 晨光 is a firm
    there; elsewhere the common word is the word itself, while a coined listed name is taken."""
    text = "依托晨光、远航、华为、海川清科等企业。晨光初现，海川清科扩产。"
    orgs = [(m.text, m.start) for m in extractor.extract(text) if m.type == "org"]
    assert ("晨光", 2) in orgs and ("晨光", text.rindex("晨光")) not in orgs, orgs
    assert ("海川清科", text.rindex("海川清科")) in orgs, orgs


def test_a_zone_kind_alone_is_the_one_zone_of_that_kind_unless_listed_among_kinds(extractor) -> None:
    text = "无锡高新区今年开工重点项目30个，分布在6个镇、街道、高新区。高新区将加快建设。"
    zones = [(m.text, m.start, m.canonical) for m in extractor.extract(text) if m.type == "project"]
    assert zones == [("无锡高新区", 0, None), ("高新区", text.rindex("高新区"), "无锡高新区")]
    two = "无锡高新区和苏州高新区签约。高新区将加快建设。"  # two zones of that kind: 高新区 says neither
    assert [m.text for m in extractor.extract(two) if m.type == "project"] == ["无锡高新区", "苏州高新区"]
    # made-up: after name words the kind ends another zone's name (one not found), not a short form
    inside = "无锡高新区今年开工重点项目30个。争创共同富裕高新区，推动高新区发展。"
    zones = [(m.text, m.start) for m in extractor.extract(inside) if m.type == "project"]
    assert zones == [("无锡高新区", 0), ("高新区", inside.rindex("高新区"))], zones
    # made-up: after a class or a level (A类|, 省级|) the kind is ranked, no one zone
    ranked = "江城综保区获批封关。江城综保区跻身全国A类综保区之列，综保区加快发展。"
    zones = [(m.text, m.start) for m in extractor.extract(ranked) if m.type == "project"]
    assert zones == [("江城综保区", 0), ("江城综保区", 10), ("综保区", ranked.rindex("综保区"))], zones


def test_a_listed_item_that_opens_with_a_count_is_no_project(extractor) -> None:
    # made-up: the second item counts the country's logistics hubs of one city; 等 ends a list
    text = "提升航空物流能级、滨海等10个国家物流枢纽、青川等5个国家骨干冷链物流基地建设"
    projects = [m.text for m in extractor.extract(text) if m.type == "project"]
    assert not [p for p in projects if p[0].isdigit() or "等" in p], projects


def test_a_common_word_jieba_tags_a_place_is_no_proper_core(extractor) -> None:
    # made-up: 海洋/ns and 深度/ns are frequent common words; a division, a rare place or a word the
    # text writes with a level still makes the name proper
    text = "实施海洋生态修复工程和文旅深度融合工程，建设青州海洋牧场示范区，推进宁东能源基地建设。"
    projects = [m.text for m in extractor.extract(text) if m.type == "project"]
    assert "海洋生态修复工程" not in projects and "文旅深度融合工程" not in projects, projects
    assert "青州海洋牧场示范区" in projects, projects
    # 山水/ns, a common word, is a county's name in a text that writes 山水县
    bare = "推进山水生态修复工程。"
    assert "山水生态修复工程" not in [m.text for m in extractor.extract(bare) if m.type == "project"]
    leveled = "山水县位于城东。推进山水生态修复工程。"
    assert "山水生态修复工程" in [m.text for m in extractor.extract(leveled) if m.type == "project"]


def test_a_zone_kind_before_the_zone_is_named_is_the_kind(extractor) -> None:
    # made-up: the bare kind refers back to the one zone of its kind, never forward to it
    text = "推进产业园区管理改革。青川临港产业园区工业投资增长，产业园区新增企业12家。"
    projects = [(m.text, m.start) for m in extractor.extract(text) if m.type == "project"]
    assert ("产业园区", 0 + text.index("产业园区")) not in projects, projects
    assert ("产业园区", text.rindex("产业园区")) in projects, projects


def test_a_title_given_after_the_clause_verb_is_no_work(extractor) -> None:
    # made-up: 获评 is the clause's verb; the title over the whole nation after it names no work
    text = "青州白沙公路获评全国最美公路。"
    projects = [m.text for m in extractor.extract(text) if m.type == "project"]
    assert projects == ["青州白沙公路"], projects


def test_a_facility_its_clause_builds_is_a_project_and_one_that_acts_an_org(extractor) -> None:
    """Issue 22 kind 4: a hospital, school or museum built or opened is a work (a project); where it
    acts, or heads a longer project's name, it is the institution (an org)."""
    def names(text: str) -> set[tuple[str, str]]:
        return {(m.type, m.text) for m in extractor.extract(text) if m.type in ("org", "project")}

    assert names("建成开放江城长城博物馆，推进遗址申遗") == {("project", "江城长城博物馆")}
    assert names("推动北岭海东中学开工建设") == {("project", "北岭海东中学")}
    assert ("project", "江城考古博物馆") in names("江城版本馆、江城考古博物馆、市图书新馆等投入使用")
    assert ("project", "西岭第一人民医院北岭医院") in names("江城大学附属肿瘤医院西岭医院、西岭第一人民医院北岭医院建成投运")
    assert names("江城医院开诊，江城医院院长表示") == {("org", "江城医院")}
    assert ("org", "江城医院") in names("建成江城医院国家医学中心青浦基地")


def test_an_energy_group_by_its_short_form_opens_its_project(extractor) -> None:
    """Issue 22 kind 5 (a company's short form opening a project's name): the power groups' short
    forms (国电, 华电, 国能 …) are curated; a common phrase of the same characters is none."""
    found = {(m.type, m.text) for m in extractor.extract("加快国电青岭、华电北岭、大唐西坪等煤电项目建设，保障国家能源安全。")}
    assert ("org", "大唐") in found, found
    assert {("org", "国电"), ("org", "华电")} <= found, found
    assert not any(t == "org" and "能源" in x for t, x in found), found


def test_a_large_firm_by_its_curated_short_form_opens_its_project(extractor) -> None:
    # made-up: a provincial energy or materials group's short form + its site or product
    found = {(m.type, m.text) for m in extractor.extract("推进陕煤青川化学二期、恒力西岭造船等项目建设。")}
    assert {("org", "陕煤"), ("org", "恒力")} <= found, found


def test_a_central_enterprise_by_its_official_short_name(extractor) -> None:
    # made-up sites: a central state enterprise's short name opening the project it builds
    found = {(m.type, m.text) for m in extractor.extract("推进国家管网北岭储气库、上海电气青川风电等项目建设。")}
    assert {("org", "国家管网"), ("org", "上海电气")} <= found, found


def test_a_new_energy_maker_by_its_short_name(extractor) -> None:
    # made-up sites: well-known makers' short names opening their projects in a list
    found = {(m.type, m.text) for m in extractor.extract("推进通威青川基地、天合光能北岭组件等项目建设。")}
    assert {("org", "通威"), ("org", "天合光能")} <= found, found


def test_every_central_enterprise_loads_with_its_registered_name() -> None:
    """The SASAC section: a short name maps to the registered name; a short name on an earlier line
    (the listed arm 中国中车股份有限公司) keeps that line's full name, not the group's later line."""
    from extractor.ruleset.entity_rules import load_gazetteer
    table = load_gazetteer(ROOT / "rules" / "org_gazetteer.txt")
    assert table["中国通号"] == "中国铁路通信信号集团有限公司"
    assert table["哈电"] == "哈尔滨电气集团有限公司"
    assert table["中国检验认证（集团）有限公司"] == "中国检验认证（集团）有限公司"
    assert table["中车集团"] == "中国中车集团有限公司"
    assert table["中国中车"] == "中国中车股份有限公司"
    # a place + an industry word is no short name of a group: 中国|黄金, 哈尔滨|电气
    assert not {"中国黄金", "哈尔滨电气", "中国物流", "中国铝业"} & set(table)


def test_a_central_enterprise_short_name_opens_its_project_but_not_inside_a_word(extractor) -> None:
    # made-up sites: 中国通号 and 哈电 open their projects (both reported); 中智 inside 集中|智能 is no name
    found = {(m.type, m.text) for m in extractor.extract("推进中国通号北岭信号产业园、哈电西川汽轮机基地等项目建设。")}
    assert {("org", "中国通号"), ("org", "哈电"), ("project", "哈电西川汽轮机基地")} <= found, found
    found = {(m.type, m.text) for m in extractor.extract("推动园区集中智能调度，中国黄金消费稳中有升。")}
    assert not any(t == "org" and ("中智" in x or "黄金" in x) for t, x in found), found


@pytest.mark.parametrize("text,word", [("组建大数据集团，发展大数据产业", "大数据"), ("白银集团扩产，白银产量增长", "白银"),
                                       ("做强省纺织集团，省纺织行业转型", "省纺织"), ("组建能源集团，发展能源", "能源")])
def test_a_groups_words_without_a_proper_core_are_no_short_name(extractor, text, word) -> None:
    """A trade's (大数据), a city's (白银) or a level's (省|纺织) group: the words before 集团 name no org alone."""
    assert not [m for m in extractor.extract(text) if m.type == "org" and m.text == word]


def test_a_park_goes_by_its_name_without_its_places_only_when_that_name_says_which_park(extractor) -> None:
    # made-up: one coined word (or characters jieba knows one by one) before a park's or a zone's head
    text = "位于青州蓝谷产业园的企业增多，蓝谷产业园今年投资超百亿元。"
    parks = [(m.text, m.canonical) for m in extractor.extract(text) if m.type == "project"]
    assert parks == [("青州蓝谷产业园", None), ("蓝谷产业园", "青州蓝谷产业园")], parks
    # …not common words of a field (数字|经济), nor a kind's head of two characters (中心, 基地)
    kinds = "推进青州数字经济产业园建设，数字经济产业园企业增多。江城奥体中心开放，奥体中心游客多。"
    names = [m.text for m in extractor.extract(kinds) if m.type == "project"]
    assert "数字经济产业园" not in names and "奥体中心" not in names, names


def test_a_group_named_again_without_its_leading_region(extractor) -> None:
    """A group named once with its region (上海 + 华夏集团) and again without it: the later mention is
    the same group, though its brand alone (a place word jieba knows) names no org before 集团."""
    found = {(m.type, m.text) for m in extractor.extract("上月，上海华夏集团与北岭签约，华夏集团董事长王刚出席。")}
    assert {("org", "上海华夏集团"), ("org", "华夏集团")} <= found, found
    # a trade's words after the region are no short name of their own (天津|能源集团 -> no 能源)
    found = {(m.type, m.text) for m in extractor.extract("组建天津能源集团，发展能源产业。")}
    assert not any(t == "org" and x == "能源" for t, x in found), found
