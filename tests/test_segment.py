"""The segmenter (rjieba, the Rust port of jieba) must segment exactly as jieba does."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from extractor.text.segment import sentence_index, sentence_starts

from .conftest import CORPUS, child_env

jieba.setLogLevel(logging.WARNING)


@pytest.mark.parametrize("article", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_words_equal_jieba_tokenizer(article, extractor) -> None:
    text = article.read_text(encoding="utf-8")
    reference = jieba.Tokenizer()
    for word in extractor.rules.user_words:
        reference.add_word(word)
    for line in filter(None, text.splitlines()):
        expected = [(s, e) for _, s, e in reference.tokenize(line, HMM=False)]
        assert extractor.segmenter.word_offsets(line) == expected, line


def test_sentences_split_after_closing_quotes() -> None:
    text = "他说:“要发展实体经济。”项目全面建成后\n\n新的一行"
    starts = sentence_starts(text)
    assert [text[s:e].strip() for s, e in zip(starts, starts[1:] + [len(text)])] == [
        "他说:“要发展实体经济。”", "项目全面建成后", "新的一行"]
    assert sentence_index(starts, text.index("项目")) == 1


def test_the_tag_dictionary_is_jiebas_own() -> None:
    """entity_text finds dict.txt without importing jieba; it is the file jieba itself loads."""
    import os

    from extractor.names.dictionary import jieba_dictionary

    assert jieba_dictionary() == Path(os.path.dirname(jieba.__file__)) / jieba.DEFAULT_DICT_NAME


def test_rjieba_default_instance_is_not_built() -> None:
    """Start-up loads jieba's dictionary once, for the Segmenter: rjieba/__init__.py's own
    module-level instance is skipped, and a later `import rjieba` still works, same class."""
    script = ("import sys; from extractor.pipeline import Extractor; Extractor().warm_up(); "
              "assert 'rjieba' not in sys.modules, 'rjieba/__init__.py ran'; "
              "import rjieba; from extractor.text.segment import _rjieba_extension; "
              "assert rjieba.Jieba is _rjieba_extension().Jieba; print(rjieba.cut('全区共有12家企业', False))")
    done = subprocess.run([sys.executable, "-c", script], env=child_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['全区', '共有', '12', '家', '企业']"
