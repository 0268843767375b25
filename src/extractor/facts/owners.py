"""A document's orgs and projects by sentence, sorted for bisecting: each figure's owner and the
name its subject opens after are found in O(log n), so a sentence listing thousands of
companies with their figures costs each figure no more than a short one."""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from ..model import Mention
from ..ruleset.rule_files import Pattern

OWNER_REACH = 8  # characters after a name read for the verb that makes it an owner (投资, 总投资)


class Owners:
    """One sentence's names that an owner verb follows, ordered so the best owner ending at or
    before a position is the last one up to it: by end, then project before org, then length
    (the first written wins a tie, as max() over them in text order would)."""

    def __init__(self, usable: list[Mention]) -> None:
        ranked = sorted(enumerate(usable), key=lambda item: (item[1].end, item[1].type == "project",
                                                             item[1].end - item[1].start, -item[0]))
        self._names = [name for _, name in ranked]
        self._ends = [name.end for name in self._names]

    def last_before(self, position: int) -> Optional[Mention]:
        """The best owner ending at or before `position`."""
        index = bisect_right(self._ends, position)
        return self._names[index - 1] if index else None

    def last(self) -> Optional[Mention]:
        return self._names[-1] if self._names else None


class SentenceNames:
    """Orgs and projects (mentions in text order) grouped by sentence, indexed on first use."""

    def __init__(self, names: list[Mention]) -> None:
        self._by_sentence: dict[int, list[Mention]] = {}
        for name in names:
            self._by_sentence.setdefault(name.sentence, []).append(name)
        self._ends: dict[int, list[int]] = {}
        self._owners: dict[int, Owners] = {}

    def ends(self, sentence: int) -> list[int]:
        """Where the sentence's names end, sorted."""
        if sentence not in self._ends:
            self._ends[sentence] = sorted(name.end for name in self._by_sentence.get(sentence, ()))
        return self._ends[sentence]

    def owners(self, sentence: int, folded: str, followed_by: Pattern) -> Owners:
        """The sentence's names followed by an owner verb (`followed_by` matched right after the name)."""
        if sentence not in self._owners:
            self._owners[sentence] = Owners([name for name in self._by_sentence.get(sentence, ())
                                             if followed_by.match(folded[name.end:name.end + OWNER_REACH])])
        return self._owners[sentence]
