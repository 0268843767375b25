"""Properties over arbitrary input: never raises, offsets always index the original text."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CORPUS

# Characters the rules care about, mixed with arbitrary Unicode, so matches actually happen.
INTERESTING = "0123456789０１２３４５６７８９.,，:：∶%％万亿千百十一二两三四五六七八九零〇壹貳億萬约近多余以上左右家个元亿元平方米个百分点倍分之第年《》“”()（）-~至 \n。"
texts = st.text(alphabet=st.one_of(st.sampled_from(INTERESTING), st.characters()), max_size=200)


def _check(extractor, text: str) -> None:
    for mention in extractor.extract(text):
        assert text[mention.start : mention.end] == mention.text
        assert 0 <= mention.start < mention.end <= len(text)
        for value in (mention.value, mention.value_high, *(mention.values or ())):
            assert value is None or math.isfinite(float(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_offsets_hold_on_arbitrary_text(extractor, text: str) -> None:
    _check(extractor, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_offsets_hold_on_mutated_corpus(extractor, data) -> None:
    text = (CORPUS / "000_08e7a5d6346f8cff.txt").read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(text)))
    insert = data.draw(texts)
    mutated = text[:cut] + insert + text[cut + data.draw(st.integers(0, 20)) :]
    _check(extractor, mutated)
    assert extractor.extract(mutated) == extractor.extract(mutated)  # deterministic
