"""Names matched by a rule's own pattern."""

from __future__ import annotations

from typing import Iterator

from ...ruleset.entity_rules import EntityRule
from ..entity_text import EntitySpan, SegmentedText
from .base import _name_start

ONE_LEVEL = tuple("省市区县")  # a level written alone before a body of its own (市|十六届人大)


class PatternRecognizer:
    """A part of Recognizers (reads the patterns RecognizerBase compiles)."""

    def pattern(self, doc: SegmentedText, rule: EntityRule) -> Iterator[EntitySpan]:
        """Names with a fixed structure (中国共产党第十五次全国代表大会, 第九届全国人民代表大会):
        the rule's regex, starting and ending at word edges."""
        assert rule.pattern is not None
        if not rule.may_match(doc.text):
            return  # none of the rule's `requires` in the text: it cannot match
        for match in rule.pattern.finditer(doc.text):
            s, e = match.span()
            edges = doc.boundaries(s, e)
            if e not in edges and e != len(doc.text):
                continue
            if s in edges:
                start = s
                if rule.needs_level:  # 天津市武清区 + 第十八届人民代表大会
                    region = doc.region_before.search(doc.text, max(0, s - 14), s)
                    if region is not None:
                        trimmed = doc.trim_left(region.start(), s)
                        start = trimmed if trimmed < s and doc.is_region_text(trimmed, s) else s
                    if start == s and doc.text.startswith(ONE_LEVEL, s - 1) and s - 1 in doc.boundaries(s - 1, s):
                        start = s - 1  # 省|十四届人大: the level alone is the document's own region
                    if start == s:
                        continue  # 人民代表大会 alone is a kind of body
                elif rule.joins_org == "optional":  # a party or society no rule knows: 中国XX会 + 第七次全国代表大会
                    left = _name_start(doc, s, "ordinal")
                    if s - left >= 3 and doc.text[s - 1] in "党会社盟团" and doc.evidence(left, s):
                        yield EntitySpan(left, e, rule.type, rule.id, priority=1)
                yield EntitySpan(start, e, rule.type, rule.id, priority=1)
            elif rule.joins_org:  # jieba glues a known name to it: 中共十五大
                for a, b in doc.near(s, e):
                    if a < s < b and doc.text[a:s] in self.known:
                        yield EntitySpan(a, e, rule.type, rule.id, priority=0)  # already joined
                        break
