"""Where a company's legal name starts when jieba's reading of its brand cut it (suffix's helpers)."""

from __future__ import annotations

from ..entity_text import SegmentedText

JOINS = "与和及或的、在是为将由对向从把被给让到至等并"  # characters that join or cut a clause, never a brand's
PARTICLE_TAGS = frozenset({"u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "p", "c", "r", "m", "q"})  # no brand's
OPENING_MARKS = "、，,。；;：:（(\n"  # marks after which a list item or a clause opens


def brand_after_place(doc: SegmentedText, start: int, first: int, end: int) -> int:
    """浙江|同|岚…有限公司, 湖北|必|锐…有限公司, 江西省|爱|岚|科技有限公司: one or two characters
    jieba knows alone (同/p, 必/d, 爱/v) cut between a place that opens the name and the rest,
    where they and the rest's first word make a run of two or more single characters, are a
    brand's, not the clause's: a company's legal name (its caller's test) runs from its place."""
    words = [w for w in doc.near(max(0, start - 12), min(first, start + 2)) if w[1] <= first]
    k = next((i for i, w in enumerate(words) if w[0] == start), None)
    if k is None:
        return start
    cut = k
    while cut > 0 and k - cut < 2 and words[cut - 1][1] == words[cut][0] and words[cut - 1][1] - words[cut - 1][0] == 1 and (
            doc.text[words[cut - 1][0]] not in JOINS and doc.text[words[cut - 1][0]].isalpha()):
        cut -= 1
    if cut == k or cut == 0 or words[cut - 1][1] != words[cut][0] or words[k][1] - words[k][0] != 1 and k - cut < 2:
        return start  # no single characters cut, or a run of one (建|天宇…有限公司: the clause's verb)
    place = words[cut - 1]
    if place[1] - place[0] < 2 or not doc.is_place(*place) or cut > 1 and words[cut - 2][1] == place[0] and not (
            doc.is_stop(*words[cut - 2]) or not doc.text[words[cut - 2][0]].isalpha()):
        return start  # the place must open the name (after a clause word or a mark)
    return place[0]


def brand_before_trade(doc: SegmentedText, start: int, first: int, trades: tuple[str, ...], generic: frozenset[str]) -> int:
    """、|飞扬|科技有限公司: where only a trade's words (科技) or none stand between the start and the
    legal form, the one word cut before them that opens a list item or a clause (a brand jieba reads
    as a verb or an adjective: 飞扬/v) is the brand's; no clause word, place or generic word."""
    if start == 0 or any(doc.text[a:b] not in trades for a, b in doc.inner_words(start, first)):
        return start
    before = [w for w in doc.near(max(0, start - 4), start) if w[1] == start]
    if not before:
        return start
    ws, we = before[-1]
    word = doc.text[ws:we]
    if not 2 <= we - ws <= 3 or not word.isalpha() or word in generic or word in doc.lex.left_stop or doc.is_place(ws, we):
        return start
    return ws if ws == 0 or doc.text[ws - 1] in OPENING_MARKS else start


def brand_of_singles(doc: SegmentedText, start: int, first: int, trades: tuple[str, ...]) -> int:
    """了|岚|捷|讯|集团: where no brand is left before a company's head (only a trade's words or none),
    two or three one-character words right before the start, no particle or joining character
    among them (讯 reads as a dateline's, 捷 as a place), are the brand: jieba knows its characters
    only one by one."""
    if any(doc.text[a:b] not in trades for a, b in doc.inner_words(start, first)):
        return start
    run = start
    for ws, we in reversed([w for w in doc.near(max(0, start - 4), start) if w[1] <= start]):
        char = doc.text[ws:we]
        if we != run or we - ws != 1 or not char.isalpha() or char in JOINS or doc.tags.get(char) in PARTICLE_TAGS or (
                start - ws > 3):
            break
        run = ws
    return run if start - run >= 2 else start


ITEM_REACH = 16  # characters of a list item read back from a legal name's start (a bounded scan)


def whole_list_item(doc: SegmentedText, start: int, first: int) -> int:
    """、|华北|某汽|大同/d|车桥|有限公司, 、|同/p|信/v|材料|有限公司: a legal name that is a whole item
    of a list (a 、 opens it) is named from the mark on, when jieba read the words it cut before
    the start as the clause's (an adverb, a preposition): no verb or clause word of two or more
    characters, no joining character, no mark, at most ITEM_REACH characters."""
    mark = doc.text.rfind("、", max(0, start - ITEM_REACH), start)
    if mark < 0 or mark + 1 == start:
        return start
    words = doc.inner_words(mark + 1, start)
    if not words or words[0][0] != mark + 1 or words[-1][1] != start:
        return start
    for ws, we in words:
        word = doc.text[ws:we]
        if not word.isalpha() or any(c in JOINS for c in word) or we - ws > 1 and not doc.misread_place(word) and (
                doc.is_verb(word) or doc.is_stop(ws, we) or word in doc.lex.left_stop):
            return start  # (a division's name jieba reads as an adverb, 大同/d, is a place's word)
    return mark + 1


LEVEL_CHARS = "省市区县州镇乡村"  # a division's level: 市|和|集团 is the city and a group, no brand
NO_BRAND_TAGS = PARTICLE_TAGS | {"f", "x", "t"}  # a brand's character is no particle, direction or time


def brand_of_function_words(doc: SegmentedText, start: int, first: int, end: int) -> int:
    """引进了|兴发/v|集团, 上海|均/d|和/c|集团, 、|经|投/vn|集团, 继/v|山|能/v|集团, 浙江|正/d|泰|集团:
    two characters right before a company's head that jieba read as the clause's words (a verb, an
    adverb, a conjunction) are its brand where the structure before them closes the clause's part:
    a mark or the clause's opening, a verb or its particle (then the brand opens the name), or a
    place (then the place opens it). One two-character verb (兴发/v) is a brand only as an object of
    a finished verb (了) or an item of a list that a mark opens: 加快|组建|集团 keeps no name."""
    words = [w for w in doc.near(max(0, first - 8), first) if w[1] <= first]
    if not words or words[-1][1] != first:
        return start
    if words[-1][1] - words[-1][0] == 2:
        brand = [words[-1]]
    elif len(words) > 1 and words[-1][0] - words[-2][0] == 1 and words[-2][1] == words[-1][0] and first - words[-2][0] == 2:
        brand = words[-2:]
    else:
        return start
    at = brand[0][0]
    chars = doc.text[at:first]
    if start < at - 1 or not chars.isalpha() or chars[0] in JOINS or any(c in LEVEL_CHARS for c in chars):
        return start
    tags = [doc.tags.get(doc.text[a:b]) for a, b in brand]
    if tags[0] in NO_BRAND_TAGS or len(brand) == 2 and tags[1] in {"u", "uj", "ul", "r", "m", "q", "f"}:
        return start
    before = [w for w in words if w[1] == at]
    opener = doc.text[before[0][0]:at] if before else ""
    mark = at == 0 or not before and not doc.text[at - 1].isalpha()
    if len(brand) == 1:  # one word: a verb of two characters, the object of 了 or an item of a list
        listed = doc.text[at - 1:at] == "、" or mark and doc.text.startswith("、", end)  # not 推动|组建|集团、
        if tags[0] != "v" or chars in doc.lex.org_generic or not (opener == "了" or listed):
            return start
        return at
    if mark or opener in ("了", "的") or opener and doc.is_verb(opener):  # no place shows the opening: no
        clause = tags[0] in ("d", "c", "p") or any(c in JOINS for c in chars)  # adverb or join first (又|和|集团)
        return at if start >= at - 1 and not clause else start
    if before and before[0][1] - before[0][0] >= 2 and doc.is_place(*before[0]) and start >= at - 1:
        return before[0][0]
    return start


GENERIC_APPOSITION_REACH = 6  # characters of a kind's word (企业, 龙头企业) read back before a verb-read character


def brand_led_by_verb(doc: SegmentedText, start: int, first: int, generic: frozenset[str]) -> int:
    """，|采/v|埃|孚|集团, 龙头企业|采/v|埃|孚|集团: a brand jieba knows only one character at a time, left
    before a company's head as two or three single characters (a coined or foreign name), lost its
    first character where jieba read that one alone as a verb: after a mark, the text's start or a
    kind's word in apposition (企业, 公司), no clause stands before that character, so it is the brand's.
    No joining character, particle or digit; the brand is at most four characters."""
    inner = doc.inner_words(start, first)
    if not 2 <= len(inner) <= 3 or inner[0][0] != start or any(
            b - a != 1 or not doc.text[a].isalpha() or doc.text[a] in JOINS or doc.tags.get(doc.text[a]) in PARTICLE_TAGS
            for a, b in inner):
        return start
    before = [w for w in doc.near(max(0, start - 2), start) if w[1] == start]
    if not before or before[0][1] - before[0][0] != 1:
        return start
    at = before[0][0]
    char = doc.text[at]
    if not char.isalpha() or char in JOINS or doc.tags.get(char) != "v":
        return start
    if at == 0 or doc.text[at - 1] in OPENING_MARKS or doc.text[at - 1] in "“\"":
        return at
    kind = [w for w in doc.near(max(0, at - GENERIC_APPOSITION_REACH), at) if w[1] == at]  # (龙头企业: a word ending in one)
    return at if kind and at - kind[0][0] >= 2 and doc.text[at - 2:at] in generic else start


REGION_BRACKET = 8  # characters of a region in brackets after a group's head (a bounded look)


def region_after_group(doc: SegmentedText, first: int, end: int) -> int:
    """某某汽车集团|（中国）: a region in brackets right after a group's head, with no legal form after it
    (then the legal name runs on: …集团（中国）有限公司), is the group's own, as a region in brackets inside a
    company's legal name is: the name ends after the bracket."""
    if doc.text[first:end] != "集团" or doc.text[end:end + 1] not in ("（", "("):
        return end
    close = next((k for k in range(end + 2, min(len(doc.text), end + REGION_BRACKET + 1)) if doc.text[k] in "）)"), None)
    if close is None or not doc.is_region_text(end + 1, close) or doc.text.startswith(doc.lex.legal_forms, close + 1):
        return end  # (a bracket of words, or the legal form after it: the legal name's own head finds that)
    return close + 1


CLAUSE_READ_TAGS = frozenset({"d", "a", "ad", "b", "c"})  # an adverb's, an adjective's, a conjunction's: no verb's


def brand_word_after_place(doc: SegmentedText, start: int, first: int) -> int:
    """香港|起步/d|国际|集团有限公司: a legal name whose words before the legal form show no proper core (国际,
    a trade), right after a two-character word jieba reads as an adverb, an adjective or a conjunction, itself
    right after a place of two or more characters: that word is the brand's (no verb: 上海|注册|投资有限公司
    is a clause), and the name runs from the place."""
    rest = doc.inner_words(start, first)
    if not rest or rest[0][0] != start or doc.has_proper_core(rest, brands=True):
        return start
    before = [w for w in doc.near(max(0, start - 6), start) if w[1] <= start]
    if len(before) < 2 or before[-1][1] != start or before[-2][1] != before[-1][0]:
        return start
    (ps, pe), (ws, we) = before[-2], before[-1]
    word = doc.text[ws:we]
    if we - ws != 2 or not word.isalpha() or any(c in JOINS for c in word) or doc.tags.get(word) not in CLAUSE_READ_TAGS or (
            word in doc.lex.left_stop or doc.is_place(ws, we)):
        return start
    return ps if pe - ps >= 2 and doc.is_place(ps, pe) else start
