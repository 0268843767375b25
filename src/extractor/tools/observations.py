"""Observation scoring: NAME.obs.jsonl gold (../shared/reports) against an `extract` output folder.

A gold line names its figure by `text`, the number mention's text, which occurs once in the
report; it is matched to the fact of the one predicted number mention with that text. Its keys
are SPEC's observation fields; a key left out was undecidable and is not scored. A figure is
fully right when every key given is right, the indicator compared loosely: scope and flow words
and brackets (with what they enclose) removed from both sides (the reports' README).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .app import UsageError
from .gold import _json_lines
from .scoring import overall

OBSERVATION_KEYS = ("indicator", "measure", "direction", "modality", "region", "period_start", "period_end")
LOOSE_WORDS = ("全社会", "全区", "全县", "全市", "全省", "新建", "新增", "净增", "累计", "完成", "实现")
_LOOSE = re.compile("|".join(LOOSE_WORDS) + r"|[（(][^（()）]*[)）]|[（()）]")
GOLD_SUFFIX = ".obs.jsonl"


def loose_indicator(indicator: Optional[str]) -> Optional[str]:
    """The indicator without scope and flow words, and without brackets and what they enclose."""
    return None if indicator is None else _LOOSE.sub("", indicator)


@dataclass
class ObservationScore:
    figures: int = 0  # gold lines
    found: int = 0  # gold lines with a predicted fact
    given: Counter = field(default_factory=Counter)  # key -> gold lines giving it
    right: Counter = field(default_factory=Counter)  # key -> of those, predicted right
    indicator_loose: int = 0
    fully_right: int = 0
    all_but_indicator: int = 0

    def add(self, other: "ObservationScore") -> None:
        self.figures += other.figures
        self.found += other.found
        self.given.update(other.given)
        self.right.update(other.right)
        self.indicator_loose += other.indicator_loose
        self.fully_right += other.fully_right
        self.all_but_indicator += other.all_but_indicator

    def as_dict(self) -> dict[str, float]:
        def share(part: int, whole: int) -> float:
            return round(part / whole, 4) if whole else 0.0
        out = {"figures": self.figures, "found": share(self.found, self.figures),
               "fully_right": share(self.fully_right, self.figures),
               "all_but_indicator": share(self.all_but_indicator, self.figures),
               "indicator_loose": share(self.indicator_loose, self.given["indicator"])}
        out.update({key: share(self.right[key], self.given[key]) for key in OBSERVATION_KEYS})
        return out


@dataclass(frozen=True)
class ObservationMiss:
    doc_id: str
    text: str
    wrong: dict  # key -> (gold, predicted); {} with found False: no fact for the figure
    found: bool


def observation_gold(folder: Path) -> dict[str, list[dict]]:
    """doc_id -> its gold lines, for every NAME.obs.jsonl of the folder ({} when there is none)."""
    gold = {}
    for path in sorted(folder.glob("*" + GOLD_SUFFIX)):
        rows = []
        for line_number, row in _json_lines(path):
            if not isinstance(row.get("text"), str):
                raise UsageError(f"{path}:{line_number}: an observation needs the number's `text`")
            rows.append(row)
        gold[path.name.removesuffix(GOLD_SUFFIX)] = rows
    return gold


def predicted_facts(out_dir: Path, doc_ids: set[str]) -> dict[str, dict[str, dict]]:
    """doc_id -> number mention text -> the first fact of the one mention with that text."""
    for name in ("mentions.jsonl", "facts.jsonl"):
        if not (out_dir / name).is_file():
            raise UsageError(f"{out_dir / name} does not exist (run `extract ... --out {out_dir}` first)")
    mentions = {row["id"]: row for _, row in _json_lines(out_dir / "mentions.jsonl") if row.get("doc_id") in doc_ids}
    texts = Counter((m["doc_id"], m["text"]) for m in mentions.values())
    by_text: dict[str, dict[str, dict]] = {}
    for _, row in _json_lines(out_dir / "facts.jsonl"):
        mention = mentions.get(row.get("mention_id"))
        if mention is not None and texts[(mention["doc_id"], mention["text"])] == 1:
            by_text.setdefault(mention["doc_id"], {}).setdefault(mention["text"], row)
    return by_text


def score_observations(gold_rows: list[dict], facts: dict[str, dict], doc_id: str,
                       misses: Optional[list[ObservationMiss]] = None) -> ObservationScore:
    """One report's figures scored key by key, as a whole and as a whole but the indicator."""
    result = ObservationScore()
    for gold in gold_rows:
        result.figures += 1
        fact = facts.get(gold["text"])
        result.found += fact is not None
        wrong = {}
        for key in OBSERVATION_KEYS:
            if key not in gold:
                continue
            result.given[key] += 1
            predicted = fact.get(key) if fact is not None else None
            if fact is not None and predicted == gold[key]:
                result.right[key] += 1
            else:
                wrong[key] = (gold[key], predicted)
        loose = "indicator" not in gold or (
            fact is not None and loose_indicator(fact.get("indicator")) == loose_indicator(gold["indicator"]))
        if "indicator" in gold and loose:
            result.indicator_loose += 1
            wrong.pop("indicator", None)
        others = fact is not None and not any(key != "indicator" for key in wrong)
        result.all_but_indicator += others
        result.fully_right += others and loose
        if misses is not None and (wrong or fact is None):
            misses.append(ObservationMiss(doc_id, gold["text"], wrong, fact is not None))
    return result


def score_observation_folder(folder: Path, out_dir: Path,
                             misses: Optional[list[ObservationMiss]] = None) -> dict[str, ObservationScore]:
    """doc_id -> score, for every report of `folder` with observation gold."""
    gold = observation_gold(folder)
    if not gold:
        return {}
    facts = predicted_facts(out_dir, set(gold))
    return {doc_id: score_observations(rows, facts.get(doc_id, {}), doc_id, misses) for doc_id, rows in gold.items()}


def observation_table(scores: dict[str, ObservationScore], totals_only: bool = False) -> list[str]:
    """Per report (unless `totals_only`), then the totals last (so `| tail` shows only aggregate figures)."""
    lines = [f"observations ({len(scores)} report(s) with *.obs.jsonl): fully right, all but indicator, indicator (loose)"]
    for doc_id, result in () if totals_only else scores.items():
        figures = result.as_dict()
        lines.append(f"  {doc_id:40} {result.figures:4} figures  {figures['fully_right']:.3f}  "
                     f"{figures['all_but_indicator']:.3f}  {figures['indicator_loose']:.3f}")
    total = overall(scores, ObservationScore())
    figures = total.as_dict()
    lines.append("observation field    right")
    lines += [f"  {key:18} {figures[key]:.3f}" for key in OBSERVATION_KEYS + ("indicator_loose", "found")]
    lines.append(f"observations: {total.figures} figures, fully right {figures['fully_right']:.3f}, "
                 f"all but indicator {figures['all_but_indicator']:.3f}, indicator (loose) {figures['indicator_loose']:.3f}")
    return lines

