"""extractor: numbers, ratios, organizations, projects and facts from Chinese reports.

    from extractor import extract_text
    result = extract_text("全区规模以上工业企业达到579家")
    result.mentions, result.facts, result.to_frames()["facts"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

__version__ = "0.1.0"
__all__ = ["ExtractionResult", "extract_text", "__version__"]

if TYPE_CHECKING:
    from .model import Fact, Mention
    from .pipeline import Extractor

_DEFAULT: dict[str, "Extractor"] = {}  # the shipped rules, loaded on first use (about a second)


@dataclass
class ExtractionResult:
    mentions: list["Mention"] = field(default_factory=list)
    facts: list["Fact"] = field(default_factory=list)

    def to_frames(self) -> dict:
        """{"mentions": DataFrame, "facts": DataFrame} with SPEC's columns, as the CLI writes them."""
        import pandas as pd

        from .output.write import FACT_FIELDS, MENTION_FIELDS, fact_row, mention_row

        return {
            "mentions": pd.DataFrame([mention_row(m) for m in self.mentions], columns=MENTION_FIELDS),
            "facts": pd.DataFrame([fact_row(f) for f in self.facts], columns=FACT_FIELDS),
        }


def extract_text(text: str, doc_id: str = "text", extractor: Optional["Extractor"] = None) -> ExtractionResult:
    """Mentions and facts of one text; pass an Extractor to use other rules or reuse one."""
    if extractor is None:
        from .pipeline import Extractor

        if "shipped" not in _DEFAULT:
            _DEFAULT["shipped"] = Extractor()
        extractor = _DEFAULT["shipped"]
    mentions, facts = extractor.extract_document(text, doc_id)
    return ExtractionResult(mentions, facts)
