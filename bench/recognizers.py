"""Score the extractor on the Recognizers-Text Chinese cases (shared/benchmarks/recognizers_zh).

Run from the repo root:  .venv/bin/python bench/recognizers.py [--benchmarks DIR] [--out DIR]

Their span conventions are not SPEC's (NumberModel marks 十 in 十斤, we mark 十斤), so an expected
item counts as found when a predicted `number` mention OVERLAPS it, and values are compared
only for those overlapping pairs:
  overlap-recall     expected items overlapped by some predicted number / expected items
  overlap-precision  predicted numbers overlapping some expected item / predicted numbers
  value accuracy     matched pairs whose values agree / matched pairs (items with no amount,
                     such as a bare 美元, are left out)
Values are compared as exact decimals within a relative 1e-9 (their repeating decimals stop at
15 digits). A percent value ("50%", "6E-05%") is compared as a fraction (0.5): our `%` and
`pp` values are divided by 100 (they write 个百分点 as %), `‰` by 1000, a `fraction` (千分之一)
is taken as is, and a bare number is read as percent. For a range (5-20%) either bound may agree.

Every miss (expected item not found or found with another value) and every spurious prediction
gets a coarse cause, and each cause is marked `convention` (SPEC or report text says we should not
match it that way) or `check` (may be a real extractor bug). The full listing goes to
OUT/recognizers_misses.txt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Optional

import regex

from extractor.model import Mention
from extractor.pipeline import Extractor

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCHMARKS = REPO_ROOT.parent / "shared" / "benchmarks"
DEFAULT_OUT = Path(__file__).resolve().parent / "out"
SUITE = "recognizers_zh"
RELATIVE_TOLERANCE = Decimal("1e-9")
# Appended to a bare numeral to see whether only the missing unit stopped us; a unit, not a
# measure word, so the 一个/一家 article exclusion does not hide 一.
PROBE_UNIT = "元"

CONVENTION, CHECK = "convention", "check"

# cause -> (kind, one-line description). Order is the order they are printed in.
CAUSES: dict[str, tuple[str, str]] = {
    "unit_only": (CONVENTION, "a unit name with no amount (人民币, 美元)"),
    "ordinal": (CONVENTION, "an ordinal (第三); SPEC: ordinals are not numbers"),
    "date_or_clock": (CONVENTION, "part of a date or clock time (１９９１年, ２０点); SPEC: time"),
    "exponent_or_suffix": (CONVENTION, "scientific notation, ^, or a k/K/M suffix (2e5, 2^5, 40k, -2.5 M)"),
    "discount_zhe": (CONVENTION, "a discount in 折 (75折, 对折): shop talk, not report text"),
    "mixed_number_you": (CONVENTION, "a mixed number with 又 (3又一千分之23)"),
    "archaic_or_colloquial": (CONVENTION, "兆, 万万, 打, 半百, 百三, 两 as a weight: archaic or colloquial"),
    "data_unit_scaled": (CONVENTION, "千/兆 folded into a data unit (三千比特 = 3 kilobit)"),
    "spaced_out": (CONVENTION, "a numeral spread over spaces (一百 五 十 二, 百 分 之 2)"),
    "bare_numeral_needs_unit": (CONVENTION, "a bare Chinese numeral; found once a unit follows (by design)"),
    "outside_model_scope": (CONVENTION, "spurious only because this file marks one kind (currency, percent …)"),
    "tenths_cheng": (CHECK, "tenths in 成 (九成, 9成): also report style (近九成企业)"),
    "approximate_ji": (CHECK, "几 as an approximate digit (二十几万, 十几家)"),
    "half_suffix": (CHECK, "a trailing 半 (一吨半, 三成半): the value loses the half"),
    "slash_fraction": (CHECK, "an Arabic fraction with a slash (1/2, ３／５): we read the numerator alone"),
    "mixed_compound": (CHECK, "Arabic digits mixed with 万/千/百 inside one numeral (3万4000, 5万4千6百)"),
    "zero_ten": (CHECK, "零 before 十 (一千零十二 = 1012, 一百零十万 = 110万) read wrong"),
    "wan_fen_zhi": (CHECK, "万分之 / 亿分之 with no leading 一"),
    "sign_dropped": (CHECK, "a negative value (负, -) read as positive, or, for a bare numeral, it would be"),
    "unknown_unit": (CHECK, "the amount is read once the unit is swapped for 元: the unit is not in units.yaml"),
    "context_rejected": (CHECK, "found when extracted alone, lost in its sentence"),
    "partial_span": (CHECK, "the prediction covers only part of the item and its value differs"),
    "value_differs": (CHECK, "the spans overlap but the values differ"),
    "unit_differs": (CHECK, "value matched, unit differs (also listed if the value is wrong too)"),
    "no_mention": (CHECK, "nothing predicted over the item"),
    "in_url": (CHECK, "spurious: a number inside a URL"),
    "unexpected": (CHECK, "spurious: a number where the case expects none"),
}

# Surface features that explain a miss whatever was predicted, tried in this order.
SURFACE_FEATURES: list[tuple[str, regex.Pattern]] = [
    ("exponent_or_suffix", regex.compile(r"""\^                             # 2^5
                                            |[0-9０-９.．][ ]*[eEｅ][－\-+]*[0-9０-９]   # 2e5, 21.2E0
                                            |[0-9０-９][ ]*[kKＫM]             # 40k, -2.5 M
                                         """, regex.VERBOSE)),
    ("discount_zhe", regex.compile(r"折")),
    ("mixed_number_you", regex.compile(r"又")),
    ("archaic_or_colloquial", regex.compile(r"兆|万万|萬萬|打|半百|^[百千][一二三四五六七八九]$")),
    ("spaced_out", regex.compile(r"\S\s+\S")),
    ("tenths_cheng", regex.compile(r"成")),
    ("approximate_ji", regex.compile(r"[几幾]")),
    ("half_suffix", regex.compile(r"半$")),
    ("slash_fraction", regex.compile(r"[0-9０-９][ ]*[/／][ ]*[0-9０-９]")),
    ("mixed_compound", regex.compile(r"[0-9０-９][万萬千百亿億]零?[0-9０-９]")),
    ("zero_ten", regex.compile(r"零[十拾]")),
    ("wan_fen_zhi", regex.compile(r"^[万萬亿億]分之")),
]
# Causes read from the expected unit name.
UNIT_NAME_CAUSES = {"Liang": "archaic_or_colloquial", "Kilobit": "data_unit_scaled",
                    "Kilobyte": "data_unit_scaled", "Megabyte": "data_unit_scaled"}
DATE_OR_CLOCK_AFTER = regex.compile(r"^[年月日号號点點时時]")
URL = regex.compile(r"https?://\S+")
# The leading numeral of a surface, to swap whatever unit follows it for a known one.
NUMERAL_CHARS = "0-9０-９.．,，零〇一二两兩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億點点"
LEADING_NUMERAL = regex.compile(rf"^[负負\-－]?[{NUMERAL_CHARS}]+")
# Which of our dimensions each single-kind file marks; anything else predicted there is out of scope.
IN_SCOPE: dict[str, set[str]] = {
    "CurrencyModel": {"money"},
    "DimensionModel": {"area", "length", "mass", "volume", "data", "energy", "power", "speed", "temperature"},
    "PercentModel": {"percent", "percent_point", "fraction", "permille"},
    "OrdinalModel": set(),
}
# NumberModel marks every numeral, but its negative cases (一美元 -> nothing) leave money to CurrencyModel.
OUT_OF_SCOPE: dict[str, set[str]] = {"NumberModel": {"money"}}
# Their unit names -> our unit codes ("Dollar" is a bare $: read as USD).
UNIT_CODES = {
    "Chinese yuan": "CNY", "United States dollar": "USD", "Dollar": "USD", "Japanese yen": "JPY", "Euro": "EUR",
    "Swiss franc": "CHF", "Hong Kong dollar": "HKD", "New Taiwan dollar": "TWD", "Nigerian naira": "NGN",
    "Bitcoin": "BTC", "Kilogram": "kg", "Gram": "g", "Microgram": "ug", "Ton": "t", "Jin": "jin", "Liang": "liang",
    "Kilometer": "km", "Meter": "m", "Centimeter": "cm", "Mu": "mu", "Kilobit": "kbit", "Kilobyte": "kB",
    "Megabyte": "MB",
}


@dataclass(frozen=True)
class ExpectedItem:
    surface: str
    start: int
    end: int
    type: str
    value: Optional[str]
    unit: Optional[str]


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    expected: tuple[ExpectedItem, ...]


@dataclass(frozen=True)
class Miss:
    case: Case
    cause: str
    item: Optional[ExpectedItem]  # None for a spurious prediction
    predictions: tuple[Mention, ...]


COUNTERS = ("cases", "expected", "predicted", "matched", "predicted_overlapping",
            "values_compared", "values_agreeing", "units_compared", "units_agreeing")


@dataclass
class FileScore:
    name: str
    cases: int = 0
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    predicted_overlapping: int = 0
    values_compared: int = 0
    values_agreeing: int = 0
    units_compared: int = 0
    units_agreeing: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _share(self.matched, self.expected)

    @property
    def precision(self) -> float:
        return _share(self.predicted_overlapping, self.predicted)

    @property
    def value_accuracy(self) -> float:
        return _share(self.values_agreeing, self.values_compared)

    @property
    def unit_accuracy(self) -> Optional[float]:
        return _share(self.units_agreeing, self.units_compared) if self.units_compared else None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0  # nothing to get wrong counts as perfect


def load_cases(path: Path) -> list[Case]:
    cases = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                row = json.loads(line)
                items = tuple(expected_item(item) for item in row["expected"])
                cases.append(Case(number, row["text"], items))
    return cases


def expected_item(row: dict) -> ExpectedItem:
    return ExpectedItem(**{name: row[name] for name in ExpectedItem.__dataclass_fields__})


def overlaps(mention: Mention, item: ExpectedItem) -> bool:
    return mention.start < item.end and item.start < mention.end


def expected_amount(item: ExpectedItem) -> tuple[Optional[Decimal], bool]:
    """(amount, is_percent); a percent string "50%" becomes the fraction 0.5."""
    if item.value is None:
        return None, False
    text = item.value.strip()
    is_percent = text.endswith("%")
    try:
        amount = Decimal(text.rstrip("%"))
    except InvalidOperation:
        return None, is_percent
    return (amount / 100 if is_percent else amount), is_percent


def predicted_amounts(mention: Mention, as_fraction: bool) -> list[Decimal]:
    """The mention's value (and range top), scaled to a fraction when the item is a percent."""
    bounds = [v for v in (mention.value, mention.value_high) if v is not None]
    if not as_fraction or mention.dimension == "fraction":
        return bounds
    divisor = Decimal(1000) if mention.unit == "‰" else Decimal(100)  # %, pp and bare numbers
    return [v / divisor for v in bounds]


def amounts_agree(a: Decimal, b: Decimal) -> bool:
    return a == b or abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def value_agrees(mention: Mention, item: ExpectedItem, sign: int = 1) -> bool:
    """Whether the mention carries the item's amount (times `sign`: -1 asks "up to the sign")."""
    amount, is_percent = expected_amount(item)
    return amount is not None and any(amounts_agree(sign * amount, p) for p in predicted_amounts(mention, is_percent))


def unit_agrees(mention: Mention, item: ExpectedItem) -> bool:
    return UNIT_CODES.get(item.unit or "") == mention.unit


def best_match(item: ExpectedItem, numbers: list[Mention]) -> Optional[Mention]:
    """The overlapping prediction whose value agrees, else the one overlapping most."""
    candidates = [m for m in numbers if overlaps(m, item)]
    if not candidates:
        return None
    agreeing = [m for m in candidates if value_agrees(m, item)]
    if agreeing:
        return agreeing[0]
    return max(candidates, key=lambda m: min(m.end, item.end) - max(m.start, item.start))


def surface_cause(case: Case, item: ExpectedItem) -> Optional[str]:
    """A cause readable from the item itself, whatever was predicted."""
    if item.value is None:
        return "unit_only"
    if item.type == "ordinal":
        return "ordinal"
    if item.unit in UNIT_NAME_CAUSES:
        return UNIT_NAME_CAUSES[item.unit]
    if DATE_OR_CLOCK_AFTER.match(case.text[item.end :]):
        return "date_or_clock"
    for cause, pattern in SURFACE_FEATURES:
        if pattern.search(item.surface):
            return cause
    return None


def probe(extractor: Extractor, item: ExpectedItem, text: str) -> list[Mention]:
    """Numbers in `text` (the item's surface, altered) that start where the surface does."""
    return [m for m in numbers_in(extractor, text) if m.start == 0 or text[: m.start] in "负負-－"]


def unmatched_cause(item: ExpectedItem, extractor: Extractor) -> str:
    """Why nothing overlaps the item, found by extracting its surface alone and with a unit."""
    alone = shifted(item)
    if any(value_agrees(m, alone) for m in probe(extractor, item, item.surface)):
        return "context_rejected"
    with_unit = probe(extractor, item, item.surface + PROBE_UNIT)
    if any(value_agrees(m, alone) for m in with_unit):
        return "bare_numeral_needs_unit"
    if any(value_agrees(m, alone, sign=-1) for m in with_unit):
        return "sign_dropped"
    numeral = LEADING_NUMERAL.match(item.surface)
    if numeral and numeral.end() < len(item.surface):
        swapped = probe(extractor, item, numeral.group() + PROBE_UNIT)
        if any(value_agrees(m, alone) for m in swapped):
            return "unknown_unit"
    return "no_mention"


def wrong_value_cause(item: ExpectedItem, mention: Mention) -> str:
    amount, _ = expected_amount(item)
    if amount is not None and amount < 0 and value_agrees(mention, item, sign=-1):
        return "sign_dropped"
    if not (mention.start <= item.start and item.end <= mention.end):
        return "partial_span"
    return "value_differs"


def shifted(item: ExpectedItem) -> ExpectedItem:
    """The item as if its surface were the whole text (for probing it alone)."""
    return ExpectedItem(item.surface, 0, len(item.surface), item.type, item.value, item.unit)


def numbers_in(extractor: Extractor, text: str) -> list[Mention]:
    return [m for m in extractor.extract(text) if m.type == "number"]


def in_scope(file_name: str, mention: Mention) -> bool:
    dimension = (mention.dimension or "").split("/")[0]  # CNY/m2 is money
    if file_name in IN_SCOPE:
        return dimension in IN_SCOPE[file_name]
    return dimension not in OUT_OF_SCOPE.get(file_name, set())


def spurious_cause(file_name: str, case: Case, mention: Mention) -> str:
    if any(url.start() <= mention.start and mention.end <= url.end() for url in URL.finditer(case.text)):
        return "in_url"
    return "unexpected" if in_scope(file_name, mention) else "outside_model_scope"


def score_case(file_name: str, case: Case, extractor: Extractor, score: FileScore) -> None:
    numbers = numbers_in(extractor, case.text)
    score.cases += 1
    score.expected += len(case.expected)
    score.predicted += len(numbers)
    for mention in numbers:
        if any(overlaps(mention, item) for item in case.expected):
            score.predicted_overlapping += 1
        else:
            score.misses.append(Miss(case, spurious_cause(file_name, case, mention), None, (mention,)))
    for item in case.expected:
        score_item(case, item, numbers, extractor, score)


def score_item(
    case: Case, item: ExpectedItem, numbers: list[Mention], extractor: Extractor, score: FileScore
) -> None:
    mention = best_match(item, numbers)
    overlapping = tuple(m for m in numbers if overlaps(m, item))
    if mention is None:
        cause = surface_cause(case, item) or unmatched_cause(item, extractor)
        score.misses.append(Miss(case, cause, item, overlapping))
        return
    score.matched += 1
    if item.unit is not None:
        score.units_compared += 1
        if unit_agrees(mention, item):
            score.units_agreeing += 1
        else:
            score.misses.append(Miss(case, UNIT_NAME_CAUSES.get(item.unit, "unit_differs"), item, (mention,)))
    if item.value is None:
        return  # nothing to compare: a unit name with no amount
    score.values_compared += 1
    if value_agrees(mention, item):
        score.values_agreeing += 1
    else:
        cause = surface_cause(case, item) or wrong_value_cause(item, mention)
        score.misses.append(Miss(case, cause, item, overlapping))


def score_file(path: Path, extractor: Extractor) -> FileScore:
    score = FileScore(path.stem)
    for case in load_cases(path):
        score_case(path.stem, case, extractor, score)
    return score


def suite_dir(benchmarks: Path) -> Path:
    return benchmarks / SUITE


def score_benchmarks(benchmarks: Path, extractor: Optional[Extractor] = None) -> dict[str, FileScore]:
    """Scores of every recognizers_zh/*.jsonl under `benchmarks`, by file stem."""
    extractor = extractor or Extractor()
    return {path.stem: score_file(path, extractor) for path in sorted(suite_dir(benchmarks).glob("*.jsonl"))}


def total(scores: Iterable[FileScore]) -> FileScore:
    overall = FileScore("all")
    for score in scores:
        for name in COUNTERS:
            setattr(overall, name, getattr(overall, name) + getattr(score, name))
        overall.misses.extend(score.misses)
    return overall


def score_table(scores: list[FileScore]) -> list[str]:
    lines = [f"{'file':<16}{'cases':>6}{'expected':>9}{'predicted':>10}{'recall':>8}{'precision':>10}"
             f"{'value acc':>10}{'unit acc':>9}  value agree/compared"]
    for s in scores:
        unit = "-" if s.unit_accuracy is None else f"{s.unit_accuracy:.3f}"
        lines.append(
            f"{s.name:<16}{s.cases:>6}{s.expected:>9}{s.predicted:>10}{s.recall:>8.3f}{s.precision:>10.3f}"
            f"{s.value_accuracy:>10.3f}{unit:>9}  {s.values_agreeing}/{s.values_compared}"
        )
    return lines


def cause_counts(scores: list[FileScore]) -> dict[str, dict[str, int]]:
    """cause -> file -> number of misses, for the causes that occur."""
    counts = {s.name: Counter(miss.cause for miss in s.misses) for s in scores}
    table = {cause: {s.name: counts[s.name][cause] for s in scores} for cause in CAUSES}
    return {cause: row for cause, row in table.items() if sum(row.values())}


def cause_table(scores: list[FileScore]) -> list[str]:
    names = [s.name for s in scores]
    lines = [f"{'cause':<24}{'kind':<12}" + "".join(f"{n.removesuffix('Model'):>11}" for n in names) + f"{'all':>6}"]
    for cause, row in cause_counts(scores).items():
        cells = "".join(f"{row[n]:>11}" for n in names)
        lines.append(f"{cause:<24}{CAUSES[cause][0]:<12}{cells}{sum(row.values()):>6}")
    return lines


def describe_mention(mention: Mention) -> str:
    value = mention.value if mention.value_high is None else f"{mention.value}..{mention.value_high}"
    return f"{mention.text!r}[{mention.start}:{mention.end}] value={value} unit={mention.unit}"


def clipped(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def describe_miss(file_name: str, miss: Miss) -> str:
    head = f"{file_name}:{miss.case.line}  text={clipped(miss.case.text)!r}"
    if miss.item is None:
        return f"{head}\n    spurious   {describe_mention(miss.predictions[0])}"
    item = miss.item
    got = "; ".join(describe_mention(m) for m in miss.predictions) or "nothing"
    expected = f"{item.surface!r}[{item.start}:{item.end}] value={item.value} unit={item.unit}"
    return f"{head}\n    expected   {expected}\n    predicted  {got}"


def write_listing(scores: list[FileScore], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Recognizers-Text misses, grouped by cause (see bench/README.md). Causes:"]
    lines += [f"#   {cause:<24} {kind:<11} {text}" for cause, (kind, text) in CAUSES.items()]
    for cause in CAUSES:
        group = [(s.name, miss) for s in scores for miss in s.misses if miss.cause == cause]
        if group:
            lines.append(f"\n## {cause} ({CAUSES[cause][0]}): {len(group)}")
            lines += [describe_miss(name, miss) for name, miss in group]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS,
                        help=f"the shared benchmarks folder, holding {SUITE}/ (default: ../shared/benchmarks "
                             "from the repo root)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where recognizers_misses.txt goes (default bench/out)")
    return parser.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> None:
    args = parse_args(argv)
    if not any(suite_dir(args.benchmarks).glob("*.jsonl")):
        sys.exit(f"recognizers: no {SUITE}/*.jsonl under {args.benchmarks} (pass --benchmarks DIR)")
    scores = list(score_benchmarks(args.benchmarks).values())
    print("\n".join(score_table(scores + [total(scores)])))
    print()
    print("\n".join(cause_table(scores)))
    listing = args.out / "recognizers_misses.txt"
    write_listing(scores, listing)
    print(f"\nper-case listing: {listing}")


if __name__ == "__main__":
    main()
