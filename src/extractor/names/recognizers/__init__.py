"""Recognizers: one method per `recognizer:` name of rules/orgs.yaml and rules/projects.yaml,
each proposing EntitySpans for a whole document (suffix, regional, government, gazetteer,
brand, enumeration, pattern for orgs; head, works and listed for projects). Patterns are compiled once per
RuleSet. Which candidates survive is decided in joins.py and entities.py.
"""

from __future__ import annotations

from .base import RecognizerBase
from .enumerations import EnumerationRecognizer
from .gazetteer import GazetteerRecognizer
from .listed import ListedRecognizer
from .government import GovernmentRecognizers
from .pattern import PatternRecognizer
from .projects import ProjectRecognizers
from .shown_names import ShownNameRecognizers
from .suffix import SuffixRecognizer
from .works import WorksRecognizer

__all__ = ["Recognizers"]


class Recognizers(RecognizerBase, SuffixRecognizer, GovernmentRecognizers, GazetteerRecognizer,
                  ShownNameRecognizers, EnumerationRecognizer, PatternRecognizer, ProjectRecognizers, ListedRecognizer, WorksRecognizer):
    """One method per recognizer name; each yields EntitySpans for the whole document."""
