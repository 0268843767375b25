"""The k-th item of a list before 分别 names the k-th figure after it (交通、教育、科技行业分别完成18亿元、16亿元和7亿元);
a part of the subject step (SubjectSteps)."""

from __future__ import annotations

import re
from typing import Optional

from ..model import Mention
from ..text.marks import first_mark, last_mark
from .context import CLAUSE_MARKS, LIST_END, RESPECTIVE_WINDOW


# Last characters of the names of quantities (人数, 吞吐量, 零售额, 增加值, 花费, 收入, 投资, 能耗, 人次, 价格 …):
# jieba tags a quantity and a thing (旅客, 电池) alike as n, so a list of endings tells them apart.
QUANTITY_ENDS = tuple("数量额率值费入收资耗次价格积")
CLAUSE_MARKS_BUT_LIST = CLAUSE_MARKS.replace("、", "")  # the marks that end a ratio's listed labels (、 joins them)


class RespectiveItems:
    """The items of a 分别 list; a part of FactLinker (needs self.rules and self._segmenter)."""

    def respective_item(self, folded: str, mention: Mention, sentence_start: int) -> Optional[str]:
        """交通、教育、科技行业分别完成18亿元、16亿元和7亿元: the k-th item before 分别 names the
        k-th figure after it, when there are as many items as figures (else None)."""
        near = max(sentence_start, mention.start - RESPECTIVE_WINDOW)  # bounded: lists are short
        at = folded.rfind(self.rules.respectively, near, mention.start)
        if at < 0:
            return None
        after = at + len(self.rules.respectively)
        if any(mark in folded[after:mention.start] for mark in LIST_END):
            return None  # a later clause than the list's
        reach = min(len(folded), mention.end + RESPECTIVE_WINDOW)
        end = first_mark(folded, LIST_END, mention.end, reach)
        end = end if end >= 0 else reach
        # 甲、乙分别从40家、30家增加到60家、45家: the figures on each side of the change verb are a list each
        change = self._unanchored_change()
        moved = [found.end() for found in change.finditer(folded, after, mention.start)]
        turn = change.search(folded, mention.end, end)
        rank = len(self.rules.respective_joiners.findall(folded, moved[-1] if moved else after, mention.start))
        total = rank + 1 + len(self.rules.respective_joiners.findall(folded, mention.end, turn.start() if turn else end))
        begin = max(near, last_mark(folded, CLAUSE_MARKS_BUT_LIST, near, at) + 1)
        listed = folded[begin:at]
        for pattern, names in self.rules.ratio_labels:  # 第一、二、三产业增加值: the ordinal list's own names
            found = pattern.search(listed)
            if found and len(names) == total:
                return names[rank] + listed[found.end():]
        items = self.rules.respective_items.split(listed)
        if len(items) != total:
            items = self.rules.respective_joiners.split(listed)
        if len(items) == 1 and total > 1:
            for pattern, names in self.rules.respective_pairs:  # 城乡常住居民消费支出分别增长3%、7%
                found = pattern.search(listed)
                if found and len(names) == total:  # the words before the pair qualify both (本外币存贷款余额)
                    return listed[:found.start()] + names[rank] + listed[found.end():]
        if len(items) != total or total < 2 or not all(items):
            return None
        words = [word for word, _ in self._segmenter.tag(items[-1])]
        # the last item's last word is the quantity every item shares (产值 of 汽车零部件产值, 数 of 命案数), but a
        # one-character word that names no quantity (类 of 干果类) is part of that item's own name
        shared = words[-1] if len(words) > 1 and (len(words[-1]) > 1 or words[-1] in QUANTITY_ENDS) else ""
        if "等" in items[-1][:-1]:  # 食品、…、汽车零部件等重点行业产值: the kind after 等 is no part of the last item
            items[-1] = items[-1][:items[-1].index("等")]
        last = self._segmenter.tag(items[-1])
        own = self._segmenter.tag(items[rank])
        if rank < len(items) - 1 and ((len(own) > 1 and items[rank][-1] == items[-1][-1])
                                      or (len(own) > 1 and own[-1][0].endswith(QUANTITY_ENDS) and own[-1][0] != shared)):
            shared = ""  # 道路交通事故起数、受伤人数, 接待游客总人数、旅游总花费: the item names its own quantity
        elif (len(own) == 1 + (own[0][1] == "p") and len(last) >= 3 and len(last[0][0]) > 1 and items[rank] != last[0][0]
              and not self.rules.respective_joiners.search(items[-1])):
            # 城镇、农村居民人均消费支出: a one-word item stands for the last item's first word; of a pair, for as many
            # characters as it has when that word is longer by a word (农村居民, one word: 城镇 for 农村, 居民 shared)
            pair = total == 2 and len(last[0][0]) - len(own[-1][0]) > 1
            shared = items[-1][len(own[-1][0]) if pair else len(last[0][0]):]
        elif own and own[-1][1] == "b" and len(last) == 1 and len(items[-1]) > len(own[-1][0]) + 1:
            # 刑事、治安案件: an item ending in a distinguishing word (b) qualifies the head of a last item jieba reads as
            # one word; the word stands for as many characters of it
            shared = items[-1][len(own[-1][0]):]
        # 城镇居民、农村居民人均消费支出: the item's ending (居民) recurs in the last item; what follows it there is shared
        ending = next((items[rank][-n:] for n in range(len(items[rank]) - 1, 1, -1)
                       if items[rank][-n:] in items[-1][:-1]), None)
        if ending:
            shared = items[-1][items[-1].index(ending) + len(ending):]
        item = items[rank] if not shared or items[rank].endswith(shared) else items[rank] + shared
        lead = self._segmenter.tag(items[0])[0]
        if rank and lead[1] == "p" and not item.startswith(lead[0]):
            item = lead[0] + item  # 对东盟、中东市场出口: the preposition of the first item is every item's
        return self.rules.category_tail.sub("", item) or item

    def _unanchored_change(self) -> "re.Pattern[str]":
        """rules' change verbs (增加至, 提高到 …) found anywhere, not only opening the text between two figures."""
        if getattr(self, "_change_anywhere", None) is None:
            self._change_anywhere = re.compile(self.rules.change.pattern.lstrip("^"))
        return self._change_anywhere
