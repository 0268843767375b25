"""Sentences and words, with character offsets into the text.

Words come from jieba through rjieba, the Rust port of jieba (jieba-rs): the same dictionary
and algorithm, identical segmentation (tests/test_segment.py checks it against
jieba.Tokenizer on the corpus), about 9x faster. The instance is owned, its user dictionary
comes from the rules, and it runs only on small windows around candidates.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import sys
from bisect import bisect_right
from functools import lru_cache
from types import ModuleType

from ..ruleset.rules import RuleSet

# A sentence ends after 。！？；!?; (plus any closing quotes or brackets) or at a line break.
# One class first, then the rest of the mark: `re` scans that ~3x faster than an alternation.
SENTENCE_END = re.compile(r"[。！？；!?;\n](?:(?<=\n)\n*|[。！？；!?;]*[”’」』）)\"']*)")
SENTENCE_TAIL = re.compile(r"[。！？；!?;\n][。！？；!?;]*[”’」』）)\"']*\s*\Z")  # a text that ends a sentence
CACHED_WINDOW = 4096  # characters: a longer window (a clause of a page with no punctuation) is not kept in the cache
WINDOW = 8  # characters of context on each side when segmenting around a candidate


def _rjieba_extension() -> ModuleType:
    """rjieba's compiled module, loaded without rjieba/__init__.py: that file builds a module-level
    Jieba nobody here uses, a second load of the dictionary (0.15-0.2 s of every process's start-up).
    A later `import rjieba` finds this module in sys.modules and gets the same class."""
    name = "rjieba.rjieba"
    if name in sys.modules:
        return sys.modules[name]
    package = importlib.util.find_spec("rjieba")
    if package is None or not package.submodule_search_locations:
        raise ModuleNotFoundError("rjieba is not installed; it segments the text", name="rjieba")
    spec = importlib.machinery.PathFinder.find_spec(name, list(package.submodule_search_locations))
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"rjieba's compiled module is not in {package.submodule_search_locations}", name=name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


class Segmenter:
    """Owns a jieba (rjieba) instance so no module-level segmenter state is ever touched."""

    def __init__(self, rules: RuleSet) -> None:
        self._jieba = _rjieba_extension().Jieba()
        for word in rules.user_words:
            self._jieba.add_word(word, None, None)

    @lru_cache(maxsize=4096)  # noqa: B019 - one Segmenter per RuleSet, lives as long as it
    def _tokens(self, window: str) -> list[tuple[str, int, int]]:
        """(word, start, end) as jieba's tokenize gives them; callers must not change the list.
        Dictionary words only: jieba's HMM glues unknown single characters (占比约 -> 比约)."""
        return self._jieba.tokenize(window, "default", False)

    def word_offsets(self, window: str) -> list[tuple[int, int]]:
        """(start, end) of each word of a short text."""
        return [(s, e) for _, s, e in self._tokens(window)]

    @lru_cache(maxsize=4096)  # noqa: B019 - as _tokens; about half the windows facts/ tags come back
    def tag(self, window: str) -> tuple[tuple[str, str], ...]:
        """(word, part-of-speech) pairs of a short window, dictionary words only (a tuple: it is shared)."""
        return tuple(self._jieba.tag(window, False))

    def clause_words(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Word spans (absolute offsets) inside text[start:end], a clause between punctuation
        marks: jieba cuts at every such mark, so the only context needed is the mark after
        it (\r before a \n mark is one token with it, and no word of the clause)."""
        size = end - start
        window = text[start : end + 1]
        tokens = self._tokens(window) if len(window) <= CACHED_WINDOW else self._jieba.tokenize(window, "default", False)
        return [(start + s, start + e) for _, s, e in tokens if e <= size]

    def word_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Word spans (absolute offsets) covering text[start-WINDOW:end+WINDOW]."""
        lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
        return [(lo + s, lo + e) for _, s, e in self._tokens(text[lo:hi])]


def sentence_starts(text: str) -> list[int]:
    """Start offset of each non-blank sentence, in order (always at least [0])."""
    starts: list[int] = []
    position = 0
    for match in SENTENCE_END.finditer(text):
        if not text[position : match.start()].isspace() and match.start() > position:
            starts.append(position)
        position = match.end()
    if position < len(text) and not text[position:].isspace():
        starts.append(position)
    return starts or [0]


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with a sentence's end (so a text written after it starts a new one)."""
    return SENTENCE_TAIL.search(text, max(0, len(text) - 64)) is not None


def sentence_index(starts: list[int], offset: int) -> int:
    """0-based index of the sentence containing `offset`, counting only non-empty sentences."""
    return max(0, bisect_right(starts, offset) - 1)
