"""Short names a full name goes by in one document: a company's without its region, legal form and
business words, a short name the text declares in brackets, a project's without its 项目 or its owner
(read by link.DocumentNames, which maps them back to the full name)."""

from __future__ import annotations

import regex

from .entities import PARENTHESIS, SegmentedText, EntitySpan
from .entity_text import PROPER_TAGS
from .word_classes import BODY_LEVELS

# Original text -> name: full-width brackets, no spaces of any width inside.
NAME_FOLD = str.maketrans({"(": "（", ")": "）"})
SPACES = regex.compile(r"\s+")
# A short name declared in brackets right after a full name: （以下简称“海辰科技”）, (简称海辰), with a listed
# company's code after it in the same brackets (（以下简称“海辰股份”，600001.SH）).
DECLARED_SHORT = regex.compile(r"[（(][ \t]{0,2}(?:以下)?(?:简称|下称)[：:为]?[ \t]{0,2}[“\"「『]?"
                               r"(?P<short>[\p{Han}A-Za-z0-9]{2,16})[”\"」』]?[ \t]{0,2}"
                               r"(?:[，,][ \t]{0,2}[0-9]{4,6}(?:\.[A-Za-z]{2})?[ \t]{0,2})?[）)]")
GROUP = "集团"  # a group's head, no legal form: its short name is the name before it
SITE_HEAD = 3  # the shortest head of a site whose name goes without its places (产业园, 开发区)
COMMON_PHRASE_TAGS = ("l", "i", "a", "v", "vn", "d", "ad")  # a set phrase's, a quality's, a verb's: a kind's words
BRACKETED = regex.compile(r"[（(](?P<short>[\p{Han}A-Za-z]{2,8})[）)]")


def normalize_name(text: str) -> str:
    """丹佛斯(天津)有限公司 -> 丹佛斯（天津）有限公司; 马 续 -> 马续."""
    return SPACES.sub("", text.translate(NAME_FOLD))


def _after_places(doc: SegmentedText, span: EntitySpan, regions: bool = False) -> int:
    """Where a name starts after the place words of two or more characters that open it (one
    character jieba tags a place opens a brand or a site as often: 东|旭蓝天, 东|湖…); with
    `regions`, a place word after the first only when it is a region's (天津|中环|半导体: the
    place word after the region may be the brand, 中环半导体)."""
    start = span.start
    for s, e in doc.inner_words(span.start, span.end):
        if s != start or e - s < 2 or not doc.is_place(s, e):
            break
        if regions and s > span.start and not doc.text.endswith(doc.lex.region_ends, s, e):
            break
        start = e
    return start


def org_short_names(doc: SegmentedText, span: EntitySpan) -> list[str]:
    """天津红日药业股份有限公司 -> [红日药业]; 铁科纵横(天津)科技发展有限公司 -> [铁科纵横科技发展,
    铁科纵横科技, 铁科纵横]: the region, the parenthesis, the legal form and business words dropped."""
    lex = doc.lex
    start = _after_places(doc, span, regions=True)  # drop the leading region: 天津 / 天津市 / 天津市|武清区
    core = PARENTHESIS.sub("", doc.text[start : span.end])
    form = next((f for f in lex.legal_forms if core.endswith(f)), None)
    if form is None and core.endswith(GROUP) and doc.text[span.start] not in BODY_LEVELS:
        # 湖北建投集团 -> 湖北建投: a group without its head, four characters or more with a proper
        # core (a place, a proper word, characters jieba knows one by one); not a level's group
        # (省|纺织集团 is the province's), not a trade's (大数据|集团) or a city's (白银|集团)
        whole = doc.text[span.start : span.end - len(GROUP)]
        names = [whole] if len(whole) >= 4 and not PARENTHESIS.search(whole) and doc.evidence(
            span.start, span.end - len(GROUP)) else []
        brand = doc.text[start : span.end - len(GROUP)]
        if start > span.start and len(brand) >= 2 and not PARENTHESIS.search(brand) and brand not in lex.org_generic and (
                not all(doc.text[a:b] in lex.org_generic or doc.text[a:b] in lex.industry_words
                        for a, b in doc.inner_words(start, span.end - len(GROUP)))):  # (not a trade's: 能源|集团)
            names.append(brand + GROUP)  # 上海|海辰集团 -> 海辰集团: the group without its leading region
        return names
    if form is None or core.endswith(lex.branch_forms):
        return []
    names = [core[: -len(form)]]
    if form.startswith(GROUP) and form != GROUP:  # 爱民药业|集团股份有限公司 -> 爱民药业集团 too: the group as written
        names.insert(0, core[: -len(form)] + GROUP)
    # Business words dropped one by one from the end (传动科技 of 绿的谐波传动科技): each shorter
    # core is a short name while it stays distinctive (the filter below).
    shortest_first = sorted(lex.industry_words, key=len)
    while (industry := next((w for w in shortest_first if names[-1].endswith(w) and len(names[-1]) > len(w)), None)):
        names.append(names[-1][: -len(industry)])
    brand_end = _brand_end(doc, start, span.end - len(form)) if core == doc.text[start : span.end] else None
    region = span.start, start  # the region written before the brand
    bracket = PARENTHESIS.search(doc.text, start, span.end)
    if brand_end is None and bracket is not None and bracket.end() == span.end - len(form) and doc.is_region_text(
            bracket.start() + 1, bracket.end() - 1) and start == span.start:
        # 海辰电器（苏州）有限公司 -> 海辰, 苏州海辰: the region in brackets goes before the brand
        brand_end = _brand_end(doc, start, bracket.start())
        region = bracket.start() + 1, bracket.end() - 1
    coined = ""
    if brand_end is not None:  # 湖北|新驰|电动车|有限公司 -> 新驰, 湖北新驰: the brand, with its region
        names.append(doc.text[start:brand_end])
        if region[0] < region[1]:
            names.append(doc.text[region[0]:region[1]] + doc.text[start:brand_end])
        if all(e - s == 1 for s, e in doc.inner_words(start, brand_end)):
            coined = doc.text[start:brand_end]  # 海|辰: characters jieba knows only one by one
    if form.startswith("股份") and core == doc.text[start : span.end]:
        # a listed company's usual short name: the words before its first business word + 股份
        # (苏州|华兴|新材料|股份有限公司 -> 华兴股份)
        words = doc.inner_words(start, span.end - len(form))
        business = next((s for s, e in words if doc.text[s:e] in lex.industry_words), None)
        if business is not None and business - start >= 2:
            names.append(doc.text[start:business] + "股份")
    tags = doc.tags
    # Two characters are a name only when jieba knows them as one (华为) or only one by one (海|辰,
    # a coined brand), not as a common word.
    return [n for n in names if len(n) >= 3 or (len(n) == 2 and (tags.get(n) in ("nr", "nz", "nt") or n == coined))]


def declared_short_names(doc: SegmentedText, span: EntitySpan) -> list[str]:
    """海辰新能源科技有限公司（以下简称“海辰科技”）-> [海辰科技]: the short name the text
    itself declares in brackets right after the full name."""
    declared = DECLARED_SHORT.match(doc.text, span.end)
    if declared is not None:
        return [declared.group("short")]
    # 江城市交通投资集团有限公司（江城交投）: a bare short name in brackets after a company's legal
    # name, when it is no place (…有限公司（中国）), no former name (（原…）) and no kind (（上市公司）)
    bare = BRACKETED.match(doc.text, span.end)
    if bare is None or not doc.text.endswith(doc.lex.legal_forms, span.start, span.end):
        return []
    s, e = bare.span("short")
    words = doc.inner_words(s, e)
    if not words or doc.text.startswith("原", s) or all(doc.is_place(a, b) for a, b in words) or all(
            doc.text[a:b] in doc.lex.org_generic for a, b in words) or doc.text.endswith((*doc.lex.legal_forms, "企业"), s, e):
        return []
    return [doc.text[s:e]]


def _brand_end(doc: SegmentedText, start: int, end: int) -> int | None:
    """Where a company's brand ends when one product word follows it (新|日 + 电动车): the brand
    is a proper-noun word or two or more characters jieba knows one by one, the product one word
    that is no place's or person's name."""
    words = doc.inner_words(start, end)
    if len(words) < 2:
        return None
    text = doc.text
    if words[0][1] - words[0][0] > 1:
        k = 1 if doc.tags.get(text[words[0][0]:words[0][1]]) in ("nr", "nz", "nt") else 0
    else:
        k = 0
        while k < len(words) and words[k][1] - words[k][0] == 1 and text[words[k][0]] not in doc.lex.left_stop:
            k += 1
        k = k if k >= 2 else 0
    if k == 0 or len(words) - k != 1 or doc.tags.get(text[words[k][0]:words[k][1]]) in PROPER_TAGS - {"nz"}:
        return None  # (jieba tags some products nz: 摩托车)
    return words[k - 1][1]


def project_short_names(doc: SegmentedText, span: EntitySpan, heads: tuple[str, ...],
                         zone_heads: tuple[str, ...] = ()) -> list[str]:
    """中国电信京津冀大数据基地项目 -> [中国电信京津冀大数据基地]: the name before a trailing 项目/工程;
    无锡高新区 -> [高新区]: a zone's kind alone, as a report says it after naming the zone once."""
    name = doc.text[span.start : span.end]
    for tail in ("项目", "工程"):
        if name.endswith(tail) and name[: -len(tail)].endswith(heads) and len(name) - len(tail) >= 4:
            return [name[: -len(tail)]]
    zone = next((z for z in zone_heads if name.endswith(z) and len(name) > len(z)), None)
    return ([zone] if zone else []) + _unplaced(doc, span, heads)


def _unplaced(doc: SegmentedText, span: EntitySpan, heads: tuple[str, ...]) -> list[str]:
    """益阳|碳谷产业园 -> [碳谷产业园], 新洲区|阳逻开发区 -> [阳逻开发区]: a site's name after the places
    that open it, as a report says it once it named the site in full; its own words before the head
    (two characters or more) must be one word or characters jieba knows one by one, no generic word
    (江城|数字|经济|产业园: a kind)."""
    start = _after_places(doc, span)
    head = max((h for h in heads if doc.text.endswith(h, start, span.end)), key=len, default="")
    if start == span.start or len(head) < SITE_HEAD or span.end - len(head) - start < 2:
        return []  # (a park's or a zone's head, 产业园, 开发区; 中心, 基地, 港 end kinds as often: 奥体中心)
    words = doc.inner_words(start, span.end - len(head))
    one_word = len(words) == 1 and doc.tags.get(doc.text[words[0][0]:words[0][1]]) not in COMMON_PHRASE_TAGS
    singles = len(words) > 1 and all(e - s == 1 for s, e in words)  # (阳|逻: characters jieba knows one by one)
    if not (one_word or singles) or any(doc.text[s:e] in doc.lex.project_generic for s, e in words):
        return []  # (a phrase of common words, 数据要素|综合, 自由贸易/l: a kind of zone)
    return [doc.text[start : span.end]]


def owned_project_short_names(doc: SegmentedText, span: EntitySpan, owner_end: int | None,
                               heads: tuple[str, ...]) -> list[str]:
    """A project named after its owner, without the owner: 海辰集团|华南基地 -> [华南基地],
    海辰集团|新能源装备研发中心项目 -> [新能源装备研发中心项目, 新能源装备研发中心]."""
    if owner_end is None or owner_end >= span.end:
        return []
    rest = doc.text[owner_end : span.end]
    names = [rest] if len(rest) >= 4 and rest.endswith(heads) else []
    for tail in ("项目", "工程"):
        if names and rest.endswith(tail) and rest[: -len(tail)].endswith(heads) and len(rest) - len(tail) >= 4:
            names.append(rest[: -len(tail)])
    return names
