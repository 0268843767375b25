"""`extractor eval GOLD OUTDIR`: precision, recall and F1 per type, value accuracy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .app import EXIT_FAILED, UsageError, app, fail_usage
from .gold import Gold, processed_doc_ids, read_gold, read_predicted
from .observations import ObservationMiss, ObservationScore, observation_table, score_observation_folder
from .scoring import Outcome, TypeScore, overall, per_document_table, score, score_table

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
are right as well. Reports with NAME.obs.jsonl (observation gold: a number's `text` and SPEC's
observation fields) are scored against OUTDIR/facts.jsonl too: each field's accuracy, figures
fully right, right in all fields but the indicator, and the indicator compared loosely (scope
and flow words and brackets removed); a key left out of the gold is not scored. The totals
are printed last. `--totals-only` prints only the totals (no row per report, no `per_document`
key with --json, no --errors list): the way to score a held-out set such as reports/check.

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
    totals_only: Annotated[bool, typer.Option("--totals-only", help="Print only the aggregate rows: no per-report rows or errors (for a held-out set).")] = False,
) -> None:
    try:
        gold_mentions = read_gold(gold)
        predicted = read_predicted(outdir, set(gold_mentions.doc_ids))
        processed = processed_doc_ids(outdir)
        observation_misses: list[ObservationMiss] = []
        observations = score_observation_folder(gold, outdir, observation_misses) if gold.is_dir() else {}
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    scored_types = {t.strip() for t in types.split(",") if t.strip()} if types else {s.type for s in gold_mentions.spans}
    outcome = Outcome()
    scores = score(gold_mentions.spans, predicted, scored_types, outcome)
    missing = sorted(set(gold_mentions.doc_ids) - processed) if processed is not None else []
    per_document = gold.is_dir() and not totals_only
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
        if observations:
            report["observations"] = {"all": overall(observations, ObservationScore()).as_dict()}
            if per_document:
                report["observations"]["per_document"] = {d: s.as_dict() for d, s in observations.items()}
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        _print_eval(gold_mentions, scores, missing)
        if per_document:
            for line in per_document_table(gold_mentions.spans, predicted, scored_types, list(gold_mentions.doc_ids)):
                typer.echo(line)
        if errors and not totals_only:
            _print_errors(outcome)
            for miss in observation_misses:
                wrong = "; ".join(f"{key} gold {g!r} / predicted {p!r}" for key, (g, p) in miss.wrong.items())
                typer.echo(f"{miss.doc_id}\tobservation\t{miss.text}\t{wrong if miss.found else 'no fact'}")
        for line in observation_table(observations, totals_only) if observations else ():
            typer.echo(line)
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
