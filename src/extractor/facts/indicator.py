"""Indicator namer: a fact's subject without place, period, scope and comparison words, so the
same indicator from two districts joins (光明区上半年固定资产投资 -> 固定资产投资)."""

from __future__ import annotations

from typing import Callable, Optional

from ..ruleset.fact_rules import IndicatorRules
from ..ruleset.rule_files import Pattern


SHARE_NAMES = ("比重", "占比", "比例")
# 台阶, 大关, 关口 of 跨过3个千亿元台阶: milestones a figure passed, no indicator; nouns to jieba like any other (so a list)
MILESTONES = ("台阶", "大关", "关口")
# 总量 opening a share's name refers to the quantity named before (a pronoun to jieba's tags as much as a noun: a word)
TOTAL_OF_BEFORE = "总量"
BRACKET_REACH = 12  # characters of a short bracket (subject.py GLUED_BRACKETS keeps one inside a name)


def indicator_name(subject: Optional[str], rules: IndicatorRules, places: tuple[str, ...], measure: str,
                   previous: Optional[str], heading: Optional[str] = None, percent: bool = False,
                   counted: bool = False, noun_phrase: Callable[[str], bool] = lambda text: False,
                   word_ends_at: Callable[[str, int], bool] = lambda text, end: True,
                   preposition: Callable[[str], Optional[tuple[int, int]]] = lambda text: None) -> Optional[str]:
    """`places`: the place names written in the document, longest first; `previous`: the indicator of the
    number before in the same or the previous sentence (for 增速, 比重 standing alone);
    `heading`: the text before a colon that opens the number's list (地级市投资增速前二名：);
    `counted`: the subject is the noun right after the figure, what it counts (5个县区); `noun_phrase`:
    whether a text is nouns only (by their part-of-speech tags); `word_ends_at`: whether a word ends at an offset
    of a text (a place, scope or link word is cut off only there: 上海港 and 北京证券交易所 keep their place);
    `preposition`: where the text's first preposition (a word jieba tags p) starts and ends, if any."""
    names = places
    text = _clean(subject or "", rules, names, measure, noun_phrase, word_ends_at, preposition)
    if previous and text.startswith(TOTAL_OF_BEFORE) and rules.share_of.match(text, len(TOTAL_OF_BEFORE)):
        # 出口额120亿元…；总量占全省的比重达15%: 总量 stands for the quantity of the figure before
        part, whole = text[len(TOTAL_OF_BEFORE):], _quantity_of(previous, rules)
        text = whole if whole.endswith(part) else whole + part
    found = rules.share_of.match(text) if previous and measure in ("share", "change") and text.endswith(SHARE_NAMES) else None
    if found and len(text) > found.end() + 2:  # 产值增长6%、占全市工业比重达41%: the figure before's share of a whole named
        whole = _quantity_of(previous, rules)  # …增速高于全省2个百分点，占全省比重: the quantity's share, not its rate's
        return whole if whole.endswith(text) else whole + text
    if measure == "share":
        found = rules.share_of.search(text)
        # 甲占乙比重, 甲占比: the share's own name, kept whole when it names its part
        if found and text not in rules.relative and not (found.start() > 0 and text.endswith(SHARE_NAMES)):
            text = text[: found.start()]
            found = rules.tail.search(text)
            if found and found.start() > 0:
                text = text[: found.start()]  # 棉花产量连续4年占全国九成: the span before 占 is no part of the name
    if heading:
        heading = rules.rank.sub("", heading)
        dated = list(rules.period.finditer(heading))  # 地级市1—7月投资增速: the name follows the period
        head = _clean(heading[dated[-1].end():] if dated and dated[-1].end() < len(heading) else heading,
                      rules, names, measure)
        # the items name only a place (中卫市增长36.4%), a part of the heading's name (开工率),
        # or a plain % under a rate heading (完成63.5% under 投资完成率前二名)
        if head and (not text or head.endswith(text)
                     or (percent and measure == "level" and head.endswith("率") and not text.endswith("率"))):
            text = head
    if measure == "ratio" and text.endswith("的") and previous:
        return previous  # 是全县当年GDP的3.84倍: a multiple of the figure before
    found = rules.multiple_of.search(text) if measure == "ratio" else None
    if found and found.start() > 0:
        text = text[:found.start()]  # 出口额是2015年的2.1倍: the exports, 2015's being the base
    if text in rules.relative and previous:
        found = rules.growth_suffix.search(previous)  # 增速…，降幅较上月收窄: the rate of the figure, not of its rate
        whole = previous[:found.start()] if found and found.start() > 0 and not previous.endswith(text) else previous
        return previous if measure == "growth" or previous.endswith(text) else whole + text
    found = rules.share_of.search(previous) if previous and text in ("", previous) and measure == "growth" and percent else None
    if found and found.start() > 0 and previous.endswith(SHARE_NAMES):
        return previous[:found.start()]  # 占比达91%，同比下降16.7%: the part fell, a share moves in points
    if not text and previous and (measure in ("growth", "change", "ratio", "share")
                                  or (subject or "").strip() in names or rules.comparison.match((subject or "").strip())):
        # 占4.03%, 两年平均增长1.7%, 其中甲市2例: the indicator of the figure before; so is a base's level
        # (达到1.2万亿元，比2020年的0.9万亿元增加…: the subject is the comparison and its base only)
        return previous
    text = text.rstrip("的").strip("、，,；;：: ")  # 信号灯联网、累计达: a list mark is no part of the name
    if text.endswith(MILESTONES) and previous:
        return previous  # 跨过三个万亿元大关、超过3.3万亿元: the figure of the subject before the milestones
    if rules.scope_only.fullmatch(text) and not (counted and rules.level_only.fullmatch(text)):
        return None  # 全市80%的人口: the scope, not the indicator; but 5个县区 counts 县区
    return text or None


def _quantity_of(indicator: str, rules: IndicatorRules) -> str:
    """出口额增速 -> 出口额: the quantity whose rate an indicator names (itself when it names none)."""
    rate = rules.growth_suffix.search(indicator)
    return indicator[:rate.start()] if rate and rate.start() > 0 else indicator


def _clean(text: str, rules: IndicatorRules, names: tuple[str, ...], measure: str,
           noun_phrase: Callable[[str], bool] = lambda text: False,
           word_ends_at: Callable[[str, int], bool] = lambda text, end: True,
           preposition: Callable[[str], Optional[tuple[int, int]]] = lambda text: None) -> str:
    text = text.strip()
    if text.count("“") != text.count("”"):  # “全县GEP总值 cut from a quotation: the quote mark is not the name's
        text = text.strip("“”")
    for lead in (rules.event_lead, rules.lead):  # 投产后预计可实现年产值: 投产后, then …实现
        found = lead.match(text)
        if found and found.end() < len(text) - 1 and word_ends_at(text, found.end()):  # never down to a bare suffix (建成率 -> 率)
            before = found.groupdict().get("before")  # 渔业实现增加值, 规上工业企业实现营业收入: what is measured stays
            # 建成, 安排, 来源为 … act on the noun after; 规上工业企业实现营业收入 keeps its subject
            word = found.group()[len(before or ""):]  # 实现, 新设 carry their subject's figure (自贸试验区新设企业)
            kept = before and (names_a_sector(before) or ((word[-2:] in ("实现", "完成") or (word[:1] == "新" and word != "新建"))
                                                          and (noun_phrase(before) or _means_phrase(before, noun_phrase, preposition))))
            text = (before if kept else "") + text[found.end():]
    text = text.lstrip("的")
    changed = True
    while changed and text:
        changed = False
        # One C-level test of every name first: most subjects open with no place name.
        for name in names if text.startswith(names) else ():
            if text.startswith(name) and word_ends_at(text, len(name)):
                text, changed = text[len(name):].lstrip("的"), True
                break
        close = text.find(")", 0, BRACKET_REACH) if text.startswith("(") else -1
        if close > 0:  # 银川市(不含某区)计划投资: the bracket after a place cut off goes with it
            text, changed = text[close + 1:], True
        found = rules.duration_head.match(text)
        if (found and 0 < found.end() < len(text) - 1 and word_ends_at(text, found.end())
                and not noun_phrase(text[found.end():])):  # 五年净增经营主体, but 九年义务教育巩固率 is a name
            text, changed = text[found.end():], True
        for k, head in enumerate(rules.heads):  # the first: scope, region and level words, cut only where a word ends
            found = head.match(text)
            if found and 0 < found.end() < len(text) - 1 and (k or word_ends_at(text, found.end())):  # never down to a bare suffix (率)
                text, changed = text[found.end():].lstrip("的,，及和与、"), True  # 地级市及前海重大项目…: the level and its peers
    found = rules.tail.search(text)
    while found:  # 工业投资三年累计: 累计, then 三年
        text = text[: found.start()]
        found = rules.tail.search(text)
    found = rules.comparison.search(text)
    if found:
        text = text[: found.start()]
        found = rules.tail.search(text)
        while found and found.start() > 0:  # 增速分别高于全国…: 分别, left before the comparison
            text = text[: found.start()]
            found = rules.tail.search(text)
    if measure == "growth":
        found = rules.growth_suffix.search(text)
        if found and found.start() > 0:
            text = text[: found.start()]
    return text


def _means_phrase(before: str, noun_phrase: Callable[[str], bool],
                  preposition: Callable[[str], Optional[tuple[int, int]]]) -> bool:
    """限额以上单位通过公共网络(实现零售额): a unit or a sector and a phrase of a preposition and its nouns, how or where
    the unit achieved the figure, measure the quantity after 实现 together, as written."""
    span = preposition(before)
    if span is None or span[0] == 0 or span[1] >= len(before):
        return False
    head = before[:span[0]]
    return (names_a_sector(head) or noun_phrase(head)) and noun_phrase(before[span[1]:])


SECTOR_ENDS = ("业", "类")  # 制造业, 服装鞋帽类: a sector or a category names no quantity by itself
# firms and jobs end in 业 too and are counted, not measured by a sector's quantity: jieba tags them as it tags 制造业
NOT_SECTORS = ("企业", "就业", "创业", "专业", "物业", "毕业", "作业", "事业")
TOTAL_SUM = "总额"  # a total's amount, whose parts are amounts (额) of their own
QUANTITY_MAX = 4  # characters of a quantity after a sector (增加值, 零售额, 营业收入)


def names_a_sector(text: Optional[str]) -> bool:
    """制造业, 渔业, 服装鞋帽类: a sector or a category, which names no quantity by itself."""
    return bool(text) and text.endswith(SECTOR_ENDS) and not text.endswith(NOT_SECTORS)


def _sector_end(text: str) -> int:
    """The last sector's end, not a firm's (限额以上企业社会消费品零售总额: 企业 is counted, no sector), or -1."""
    return next((k for k in range(len(text) - 1, -1, -1)
                 if text[k] in SECTOR_ENDS and not text[:k + 1].endswith(NOT_SECTORS)), -1)


def with_quantity(indicator: Optional[str], previous: Optional[str],
                  last_quantity: Callable[[str], Optional[str]] = lambda text: None,
                  rate: Optional[Pattern] = None) -> Optional[str]:
    """其中，装备制造业增长10.2% after 规模以上工业增加值增长8.4%: a sector that names no quantity
    is measured by the quantity of the figure before (增加值), which follows that figure's own sector;
    when that figure names no sector, by its last word if it names a quantity (`last_quantity`: 价格 of
    居民消费价格, so 其中食品类上涨2.4% -> 食品类价格)."""
    if not previous or not names_a_sector(indicator):
        return indicator
    found = rate.search(previous) if rate is not None else None
    if found and found.start() > 0:  # 第三产业增加值…，较上年下降6.8个百分点；交通运输业增长7.5%: the quantity, not its rate
        previous = previous[:found.start()]
    cut = _sector_end(previous)
    quantity = previous[cut + 1:] if cut >= 0 else (last_quantity(previous) or "")
    if not 2 <= len(quantity) <= QUANTITY_MAX or indicator.endswith(quantity):
        return indicator
    if quantity.endswith(TOTAL_SUM):  # 零售总额 is the sum of its parts; a category's part is its 零售额
        quantity = quantity[:-len(TOTAL_SUM)] + TOTAL_SUM[-1]
    return indicator + quantity


# The reporting units a quantity is of (规模以上工业企业营业收入, 限额以上单位零售额): jieba tags them as it tags any
# noun, so their names tell them apart.
BODIES = ("企业", "单位")


# Verbs of what a reporting unit achieves that open a clause whose subject is left unwritten (…企业120家，实现营业收入…)
ELIDED_SUBJECT_VERBS = ("实现", "完成")
CLAUSE_OPENING = "，,；;"  # the marks after which such a clause opens, within the sentence


def with_owner(indicator: Optional[str], previous: Optional[str], words: Callable[[str], int],
               between: str = "、") -> Optional[str]:
    """监管企业营收增长5.9%、利润增长5.5%; 规上工业企业营业收入、利润总额分别增长…: a quantity named by one word
    right after a figure of a reporting unit's quantity is the same unit's (`words`: how many words a text is).
    So is any quantity of a clause with no subject of its own, opened by 实现 or 完成 right after the figure before
    (甲类企业85家，实现营业收入…；实现利润总额…): the unit counted or measured before achieved it.
    `between`: the text from the figure before to this one."""
    if not indicator or not previous or any(body in indicator for body in BODIES):
        return indicator
    at = max(previous.rfind(body) for body in BODIES)
    owner = previous[:at + 2] if at >= 0 else ""
    mark = between[:1] or "0"  # no text between: the figures run into each other (投资5亿元28个项目), no clause
    opening = between.lstrip(CLAUSE_OPENING + " ")
    elided = (mark in CLAUSE_OPENING and opening.startswith(ELIDED_SUBJECT_VERBS)
              and opening.endswith(indicator) and not any(stop in opening for stop in CLAUSE_OPENING + "、。"))
    if elided and not owner:  # 规模以上服务业240家，实现营业收入…: the sector counted (its units) or measured before
        owner = previous if names_a_sector(previous) else previous[:_sector_end(previous) + 1]
    if elided and owner and not indicator.startswith(owner):
        return owner + indicator
    prefix = previous[:-len(indicator)] if previous.endswith(indicator) else ""
    if mark in "，," and prefix and (prefix == owner or (not owner and names_a_sector(prefix))):
        return previous  # …实现营业收入120亿元，同比增长8%: the growth of the unit's (the sector's) quantity named before
    if mark not in "、，," or words(indicator) != 1:
        return indicator
    if not owner or len(owner) >= len(previous) or previous.endswith(indicator):
        return indicator
    return owner + indicator
