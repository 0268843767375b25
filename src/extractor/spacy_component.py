"""The extractor as a spaCy pipeline component: `nlp.add_pipe("zh_report_extractor")`.

Registered through the `spacy_factories` entry point (pyproject.toml), which spaCy imports
when a Language is created; the decorator below then registers the factory. Mentions go to
`doc.spans["extractor"]`, labelled by type, with SPEC's fields as Span extensions:

    >>> import spacy
    >>> nlp = spacy.blank("zh")
    >>> _ = nlp.add_pipe("zh_report_extractor")
    >>> doc = nlp("直接投资102亿元")
    >>> span = doc.spans["extractor"][0]
    >>> span.text, span.label_, span._.value, span._.unit
    ('102亿元', 'number', 10200000000.0, 'CNY')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

FACTORY_NAME = "zh_report_extractor"
DEFAULT_SPANS_KEY = "extractor"
# Mention fields carried by each span, as `span._.<field>`.
SPAN_FIELDS = ("value", "value_high", "values", "unit", "dimension", "qualifier", "name", "canonical")
# Where the field values live: doc.user_data[STORE][(start_char, end_char, label)] -> dict.
# Getters read them from there, so two mentions with the same offsets but different types
# (which a Span's own extension storage cannot tell apart) keep their own values.
STORE = "extractor.mentions"


def _field_getter(field: str):
    def get(span: Span) -> Any:
        values = span.doc.user_data.get(STORE, {}).get((span.start_char, span.end_char, span.label_))
        return None if values is None else values.get(field)

    return get


def register_extensions() -> None:
    """Span._.value, ._.unit, ._.canonical … (force: re-registering on reload is harmless)."""
    for field in SPAN_FIELDS:
        Span.set_extension(field, getter=_field_getter(field), force=True)


def _float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


def mention_fields(mention: Any) -> dict[str, Any]:
    """A Mention's extension values; Decimals become floats, as in the JSONL output."""
    return {
        "value": _float(mention.value),
        "value_high": _float(mention.value_high),
        "values": [float(v) for v in mention.values] if mention.values is not None else None,
        "unit": mention.unit,
        "dimension": mention.dimension,
        "qualifier": mention.qualifier,
        "name": mention.name,
        "canonical": mention.canonical,
    }


class ReportExtractor:
    """Runs the Extractor on doc.text and stores its mentions as labelled spans."""

    def __init__(self, nlp: Language, name: str, rules_dir: Optional[str], spans_key: str) -> None:
        from .pipeline import Extractor  # imported here so spaCy's entry-point scan stays cheap

        self.name = name
        self.spans_key = spans_key
        self.extractor = Extractor(rules_dir=Path(rules_dir) if rules_dir else None)  # rules load once
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        spans, store = [], doc.user_data.setdefault(STORE, {})
        for mention in self.extractor.extract(doc.text, doc_id=doc.user_data.get("doc_id", "text")):
            # "expand" widens to whole tokens when a segmenter's words cut through a mention.
            span = doc.char_span(mention.start, mention.end, label=mention.type, alignment_mode="expand")
            if span is None:
                continue  # only when the offsets fall in trailing whitespace no token covers
            store[(span.start_char, span.end_char, span.label_)] = mention_fields(mention)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    FACTORY_NAME,
    default_config={"rules_dir": None, "spans_key": DEFAULT_SPANS_KEY},
    assigns=["doc.spans"] + [f"span._.{field}" for field in SPAN_FIELDS],
)
def make_report_extractor(nlp: Language, name: str, rules_dir: Optional[str], spans_key: str) -> ReportExtractor:
    """Factory for `nlp.add_pipe("zh_report_extractor", config={"rules_dir": ..., "spans_key": ...})`."""
    return ReportExtractor(nlp, name, rules_dir, spans_key)
