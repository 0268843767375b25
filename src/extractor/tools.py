"""`extractor`: tools around `extract` — score an output folder, check the rule files.

    extractor eval GOLD OUTDIR       precision, recall, F1 per type and value accuracy
    extractor texts GOLD DIRECTORY   a benchmark's texts as files, to run `extract` on
    extractor rules check            validate rules/ and run every inline example

Exit status: 0 ok, 1 a check failed (an example, or --min-f1), 2 usage error or unreadable
input (a bad gold file, a missing output folder, a broken rule file).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer

from .examples import example_failures
from .errors import RuleError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
RELATIVE_TOLERANCE = 1e-9  # values are exact decimals written as floats

# Benchmark labels (../shared/benchmarks) -> SPEC mention types. Labels not listed are not
# scored (Recognizers' `ordinal`: SPEC says ordinals are not numbers; CLUENER's game, book …).
BENCHMARK_TYPES = {
    "ORG": "org", "PER": "person", "LOC": "place",  # MSRA
    "company": "org", "government": "org", "organization": "org",  # CLUENER2020
    "name": "person", "address": "place",
    "number": "number", "percentage": "number", "currency": "number", "dimension": "number",  # Recognizers
    **{t: t for t in ("ratio", "project", "time", "event")},
}

app = typer.Typer(
    name="extractor", no_args_is_help=True, add_completion=True, rich_markup_mode=None,
    help="Tools around `extract`: score an output folder against gold mentions, check the rule files.\n\n"
         "Example:  extractor rules check",
)
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="Work with the rule files.\n\nExample:  extractor rules check --rules rules/")
app.add_typer(rules_app, name="rules")


class UsageError(Exception):
    """Bad input to a tool (gold file, output folder): one line, exit 2."""


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"extractor: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


# --- gold and predicted mentions ------------------------------------------------------


@dataclass(frozen=True)
class Span:
    doc_id: str
    type: str
    start: int
    end: int
    text: str = ""
    value: Optional[float] = None
    values: Optional[tuple[float, ...]] = None
    unit: Optional[str] = None
    qualifier: Optional[str] = None
    checks_unit: bool = False  # a gold row that gives unit and qualifier: e2e compares them too
    optional: bool = False  # gold "optional": a prediction overlapping it is neither right nor wrong

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.doc_id, self.type, self.start, self.end)


@dataclass
class Gold:
    spans: list[Span] = field(default_factory=list)
    doc_ids: dict[str, str] = field(default_factory=dict)  # doc_id -> text (benchmark format)
    ignored_labels: Counter = field(default_factory=Counter)


def parse_value(value: Any) -> Optional[float]:
    """A gold value: a number, or a string as the benchmarks write them ("1.0753", "50%")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().removesuffix("%")  # "50%" is 50 with unit %, as SPEC writes it
    try:
        return float(Decimal(text))
    except InvalidOperation:
        return None  # "1/3", "" …: no value to compare; the span still counts


def benchmark_doc_id(gold_path: Path, line_number: int, case: dict) -> str:
    """A case's own `doc_id` or `id`, else `<gold file stem>-<line number, 5 digits>`."""
    own = case.get("doc_id") or case.get("id")
    return str(own) if own is not None else f"{gold_path.stem}-{line_number:05d}"


def _spec_span(row: dict) -> Span:
    values = row.get("values")
    return Span(str(row["doc_id"]), row["type"], int(row["start"]), int(row["end"]), row.get("text") or "",
                parse_value(row.get("value")), tuple(float(v) for v in values) if values else None,
                row.get("unit"), row.get("qualifier"), "unit" in row and "qualifier" in row,
                bool(row.get("optional")))


def _add_benchmark_case(gold: Gold, gold_path: Path, line_number: int, case: dict) -> None:
    doc_id = benchmark_doc_id(gold_path, line_number, case)
    gold.doc_ids[doc_id] = case["text"]
    for item in case.get("entities", case.get("expected")) or []:
        label = item.get("label", item.get("type"))
        mention_type = BENCHMARK_TYPES.get(label)
        if mention_type is None:
            gold.ignored_labels[label] += 1
            continue
        gold.spans.append(Span(doc_id, mention_type, int(item["start"]), int(item["end"]),
                               item.get("surface", ""), parse_value(item.get("value"))))


UNSCORED_GOLD_TYPES = frozenset({"event"})  # optional extras of the dev set's gold, never scored


def read_gold_folder(folder: Path) -> Gold:
    """A folder of NAME.txt + NAME.gold.jsonl (../shared/reports): rows without doc_id belong
    to NAME; `event` rows are not scored."""
    gold = Gold()
    files = sorted(folder.glob("*.gold.jsonl"))
    if not files:
        raise UsageError(f"{folder} holds no *.gold.jsonl file")
    for path in files:
        doc_id = path.name.removesuffix(".gold.jsonl")
        text_path = path.with_name(doc_id + ".txt")
        if not text_path.is_file():
            raise UsageError(f"{path}: no {text_path.name} beside it")
        gold.doc_ids[doc_id] = ""
        for line_number, row in _json_lines(path):
            if row.get("type") in UNSCORED_GOLD_TYPES:
                gold.ignored_labels[row["type"]] += 1
                continue
            try:
                gold.spans.append(_spec_span({"doc_id": doc_id, **row}))
            except (KeyError, TypeError, ValueError) as exc:
                raise UsageError(f"{path}:{line_number}: malformed gold row: {exc!r}") from None
    return gold


def read_gold(path: Path) -> Gold:
    """Gold mentions from SPEC mention rows or benchmark cases (the format is told per line),
    or a folder of NAME.txt + NAME.gold.jsonl."""
    if path.is_dir():
        return read_gold_folder(path)
    gold = Gold()
    for line_number, row in _json_lines(path):
        try:
            if {"doc_id", "type", "start", "end"} <= row.keys():
                span = _spec_span(row)
                gold.spans.append(span)
                gold.doc_ids.setdefault(span.doc_id, "")
            elif "text" in row and ("entities" in row or "expected" in row):
                _add_benchmark_case(gold, path, line_number, row)
            else:
                raise UsageError(f"{path}:{line_number}: neither a mention row (doc_id, type, start, end) "
                                 "nor a benchmark case (text, entities/expected)")
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}:{line_number}: malformed gold row: {exc!r}") from None
    return gold


def _json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{line_number}: not JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise UsageError(f"{path}:{line_number}: expected a JSON object")
            yield line_number, row


def read_predicted(out_dir: Path, doc_ids: set[str]) -> list[Span]:
    """OUTDIR/mentions.jsonl rows of the gold's documents."""
    path = out_dir / "mentions.jsonl"
    if not path.is_file():
        raise UsageError(f"{path} does not exist (run `extract ... --out {out_dir}` first)")
    return [_spec_span(row) for _, row in _json_lines(path) if str(row.get("doc_id")) in doc_ids]


def processed_doc_ids(out_dir: Path) -> Optional[set[str]]:
    """Documents the run read successfully, or None when documents.jsonl is absent."""
    path = out_dir / "documents.jsonl"
    if not path.is_file():
        return None
    return {str(row["doc_id"]) for _, row in _json_lines(path) if row.get("status") == "ok"}


# --- scoring ------------------------------------------------------------------------


@dataclass
class TypeScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_value: int = 0  # matched pairs whose gold has a value
    value_agrees: int = 0
    end_to_end: int = 0  # matched pairs whose value, unit and qualifier all agree (as the gold gives them)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> Optional[float]:
        return self.value_agrees / self.with_value if self.with_value else None

    @property
    def e2e_f1(self) -> float:
        """F1 counting a match only when value, unit and qualifier are right too."""
        total = self.gold + self.predicted
        return 2 * self.end_to_end / total if total else 0.0

    def add(self, other: "TypeScore") -> None:
        for name in ("gold", "predicted", "matched", "with_value", "value_agrees", "end_to_end"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "value_accuracy": self.value_accuracy, "values_compared": self.with_value,
                "e2e_f1": self.e2e_f1}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def values_agree(gold: Span, predicted: Span) -> Optional[bool]:
    """None when the gold gives no value; a ratio compares its parts."""
    if gold.values is not None:
        return predicted.values is not None and len(gold.values) == len(predicted.values) and all(
            _close(a, b) for a, b in zip(gold.values, predicted.values))
    if gold.value is None:
        return None
    return predicted.value is not None and _close(gold.value, predicted.value)


def end_to_end_agrees(gold: Span, predicted: Span) -> bool:
    """Value (or parts), and unit and qualifier when the gold gives them."""
    if values_agree(gold, predicted) is False:
        return False
    return not gold.checks_unit or (gold.unit == predicted.unit and gold.qualifier == predicted.qualifier)


@dataclass
class Outcome:
    """Gold mentions missed and predictions that match no gold (neither overlapping an optional one)."""

    missed: list[Span] = field(default_factory=list)
    spurious: list[Span] = field(default_factory=list)
    wrong_value: list[tuple[Span, Span]] = field(default_factory=list)


def _overlaps_optional(optional: dict[tuple[str, str], list[Span]], p: Span) -> bool:
    return any(g.start < p.end and p.start < g.end for g in optional.get((p.doc_id, p.type), ()))


def score(gold: list[Span], predicted: list[Span], types: set[str],
          outcome: Optional[Outcome] = None) -> dict[str, TypeScore]:
    """Exact matches on (doc_id, type, start, end), per type, and value agreement of matches.
    A prediction that is not an exact match of a required gold mention and overlaps an
    optional one is not counted at all (the dev set's "optional": defensible either way)."""
    scores = {t: TypeScore() for t in sorted(types)}
    required = {g.key: g for g in gold if g.type in types and not g.optional}
    optional: dict[tuple[str, str], list[Span]] = {}
    for g in gold:
        if g.type in types and g.optional:
            optional.setdefault((g.doc_id, g.type), []).append(g)
    predicted_by_key: dict[tuple[str, str, int, int], Span] = {}
    for p in predicted:
        if p.type in types and (p.key in required or not _overlaps_optional(optional, p)):
            predicted_by_key[p.key] = p
    for p in predicted_by_key.values():
        scores[p.type].predicted += 1
        if outcome is not None and p.key not in required:
            outcome.spurious.append(p)
    for g in required.values():
        type_score = scores[g.type]
        type_score.gold += 1
        match = predicted_by_key.get(g.key)
        if match is None:
            if outcome is not None:
                outcome.missed.append(g)
            continue
        type_score.matched += 1
        agrees = values_agree(g, match)
        if agrees is not None:
            type_score.with_value += 1
            type_score.value_agrees += agrees
        if end_to_end_agrees(g, match):
            type_score.end_to_end += 1
        elif outcome is not None:
            outcome.wrong_value.append((g, match))
    return scores


def overall(scores: dict[str, TypeScore]) -> TypeScore:
    total = TypeScore()
    for type_score in scores.values():
        total.add(type_score)
    return total


def score_table(scores: dict[str, TypeScore]) -> list[str]:
    lines = [f"{'type':<10}{'gold':>7}{'pred':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}{'e2e F1':>8}  value accuracy"]
    for name, s in [*scores.items(), ("all", overall(scores))]:
        accuracy = f"{s.value_accuracy:.3f} ({s.value_agrees}/{s.with_value})" if s.with_value else "-"
        lines.append(f"{name:<10}{s.gold:>7}{s.predicted:>7}{s.matched:>7}"
                     f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.e2e_f1:>8.3f}  {accuracy}")
    return lines


def per_document_table(gold: list[Span], predicted: list[Span], types: set[str], doc_ids: list[str]) -> list[str]:
    """One line per document: P/R/F1 of each type."""
    ordered = sorted(types)
    lines = [f"{'document':<36}" + "".join(f"{t + ' P/R/F1':>23}" for t in ordered)]
    for doc_id in doc_ids:
        scores = score([g for g in gold if g.doc_id == doc_id], [p for p in predicted if p.doc_id == doc_id], types)
        cells = "".join(f"{s.precision:>9.3f}{s.recall:>7.3f}{s.f1:>7.3f}" if s.gold or s.predicted else f"{'-':>23}"
                        for s in (scores[t] for t in ordered))  # "-": nothing to score of that type
        lines.append(f"{doc_id[:35]:<36}{cells}")
    return lines


# --- eval -----------------------------------------------------------------------------

EVAL_HELP = """Score OUTDIR/mentions.jsonl against GOLD: precision, recall and F1 per type (exact
span and type), and value accuracy (matched mentions whose value agrees within 1e-9).

GOLD is JSONL in either format, told apart line by line:

\b
  SPEC mention rows:  {"doc_id", "type", "start", "end", "text", "value"[, "values"]}
  benchmark cases:    {"text", "entities" or "expected": [{"start", "end",
                       "label" or "type", "value"?}]}   (../shared/benchmarks)

Benchmark labels map to SPEC types: ORG, company, government, organization -> org;
number, percentage, currency, dimension -> number; PER, name -> person; LOC, address ->
place. Other labels (ordinal, game, book ...) are not scored; their counts are shown.

GOLD may also be a folder of NAME.txt + NAME.gold.jsonl (../shared/reports): its rows
belong to the document NAME, `"optional": true` rows are neither rewarded nor penalised
(a prediction overlapping one is not counted), `event` rows are not scored, and scores are
printed per report too. `e2e F1` counts a number only when its value, unit and qualifier
are right as well.

Document ids: mention rows carry theirs. A benchmark case is the document
`<GOLD file stem>-<line number, 5 digits>` (test.jsonl line 7 -> test-00007) unless it has
a "doc_id" or "id" field; `extractor texts GOLD DIR` writes the texts under exactly those
names, so `extract DIR --out OUTDIR` gives matching ids. Only the gold's documents are
scored, and only the types found in GOLD unless --types is given.

Example:

\b
  extractor texts ../shared/benchmarks/msra_ner/test.jsonl /tmp/msra
  extract /tmp/msra --out /tmp/msra-out
  extractor eval ../shared/benchmarks/msra_ner/test.jsonl /tmp/msra-out

Exit status: 0 scored, 1 overall F1 below --min-f1, 2 unreadable GOLD or OUTDIR."""


@app.command("eval", help=EVAL_HELP)
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold mentions (JSONL).", show_default=False)],
    outdir: Annotated[Path, typer.Argument(help="An output folder of `extract`.", show_default=False)],
    types: Annotated[Optional[str], typer.Option("--types", help="Comma-separated types to score, e.g. number,org (default: the gold's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list misses, spurious predictions and wrong values.")] = False,
    min_f1: Annotated[Optional[float], typer.Option("--min-f1", min=0.0, max=1.0, help="Exit 1 when the overall F1 is below this.")] = None,
) -> None:
    try:
        gold_mentions = read_gold(gold)
        predicted = read_predicted(outdir, set(gold_mentions.doc_ids))
        processed = processed_doc_ids(outdir)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    scored_types = {t.strip() for t in types.split(",") if t.strip()} if types else {s.type for s in gold_mentions.spans}
    outcome = Outcome()
    scores = score(gold_mentions.spans, predicted, scored_types, outcome)
    missing = sorted(set(gold_mentions.doc_ids) - processed) if processed is not None else []
    per_document = gold.is_dir()
    if as_json:
        report: dict[str, Any] = {
            "types": {t: s.as_dict() for t, s in scores.items()}, "all": overall(scores).as_dict(),
            "documents": len(gold_mentions.doc_ids), "documents_not_in_outdir": len(missing),
            "ignored_labels": dict(gold_mentions.ignored_labels)}
        if per_document:
            report["per_document"] = {
                doc_id: {t: s.as_dict() for t, s in score(
                    [g for g in gold_mentions.spans if g.doc_id == doc_id],
                    [p for p in predicted if p.doc_id == doc_id], scored_types).items()}
                for doc_id in gold_mentions.doc_ids}
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        _print_eval(gold_mentions, scores, missing)
        if per_document:
            for line in per_document_table(gold_mentions.spans, predicted, scored_types, list(gold_mentions.doc_ids)):
                typer.echo(line)
        if errors:
            _print_errors(outcome)
    if min_f1 is not None and overall(scores).f1 < min_f1:
        typer.echo(f"extractor: overall F1 {overall(scores).f1:.3f} is below --min-f1 {min_f1}", err=True)
        raise typer.Exit(EXIT_FAILED)


def _print_eval(gold: Gold, scores: dict[str, TypeScore], missing: list[str]) -> None:
    typer.echo(f"{len(gold.doc_ids)} gold document(s), {len(gold.spans)} gold mention(s)")
    if gold.ignored_labels:
        typer.echo("not scored (no SPEC type): " + ", ".join(f"{k} {v}" for k, v in gold.ignored_labels.most_common()))
    for line in score_table(scores):
        typer.echo(line)
    if missing:
        typer.echo(f"warning: {len(missing)} gold document(s) not read in OUTDIR (counted as misses), "
                   f"e.g. {', '.join(missing[:3])}", err=True)


def _print_errors(outcome: Outcome) -> None:
    rows = [(g.doc_id, g.start, "miss", g.type, g.text, "") for g in outcome.missed]
    rows += [(p.doc_id, p.start, "spurious", p.type, p.text, "") for p in outcome.spurious]
    rows += [(g.doc_id, g.start, "value", g.type, g.text, f"gold {g.value} {g.unit} {g.qualifier} / "
              f"predicted {p.value} {p.unit} {p.qualifier}") for g, p in outcome.wrong_value]
    for doc_id, start, kind, kind_type, text, note in sorted(rows):
        typer.echo(f"{doc_id}\t{start}\t{kind}\t{kind_type}\t{text}\t{note}".rstrip("\t"))


# --- texts ----------------------------------------------------------------------------

TEXTS_HELP = """Write each benchmark case of GOLD to DIRECTORY/<doc id>.txt (UTF-8), named as
`extractor eval` expects, so `extract DIRECTORY --out OUTDIR` can be scored against GOLD.

Example:  extractor texts ../shared/benchmarks/cluener2020/dev.jsonl /tmp/cluener"""


@app.command("texts", help=TEXTS_HELP)
def texts_command(
    gold: Annotated[Path, typer.Argument(help="Benchmark cases (JSONL).", show_default=False)],
    directory: Annotated[Path, typer.Argument(help="Folder for the text files.", show_default=False)],
) -> None:
    try:
        cases = read_gold(gold)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    texts = {doc_id: text for doc_id, text in cases.doc_ids.items() if text}
    if not texts:
        raise fail_usage(f"{gold} has no benchmark cases with a text")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for doc_id, text in texts.items():
            (directory / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"cannot write in {directory}: {exc.strerror or exc}") from None
    typer.echo(f"{len(texts)} text file(s) -> {directory}")


# --- rules check ----------------------------------------------------------------------


RULES_CHECK_HELP = """Load the rule files (a broken one is reported as FILE:LINE: problem, exit 2),
then run every inline example: positive examples, `not` texts, exclusion `keeps` texts and
numeral examples, exactly as the test suite does. Prints each failure and the counts; exit 1
when any example fails.

Example:  extractor rules check --rules my_rules/"""


@rules_app.command("check", help=RULES_CHECK_HELP)
def rules_check(
    rules: Annotated[Optional[Path], typer.Option("--rules", help="Rule folder (default: the rules shipped with the package).")] = None,
) -> None:
    from .pipeline import Extractor
    from .rules import load_rules

    try:
        ruleset = load_rules(rules)
        extractor = Extractor(rules=ruleset)
    except RuleError as exc:
        raise fail_usage(f"bad rule file: {exc}") from None
    passed = failed = 0
    for example_id, failure in example_failures(extractor, ruleset):  # examples.py, shared with the tests
        if failure is None:
            passed += 1
            continue
        failed += 1
        typer.echo(f"FAIL {example_id}\n     {failure}")
    typer.echo(f"{ruleset.directory}: {len(ruleset.rules)} rules, {len(ruleset.exclusions)} exclusions; "
               f"examples: {passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_FAILED)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="extractor")
