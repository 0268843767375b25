"""The start-up disk cache: a table is built once per key, read back equal, and a cache that
cannot be used only costs the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.names import dictionary, entity_text
from extractor.names.dictionary import FIRST_TAG_CHAR, WordTags, jieba_dictionary, packed_tags, parse_tags
from extractor.ruleset import disk_cache
from extractor.ruleset.disk_cache import CACHE_DIR_ENV, KEPT_TABLES, cache_key, cached
from extractor.errors import RuleError
from extractor.pipeline import Extractor
from extractor.ruleset.rules import load_rules

from .conftest import CORPUS, child_env, rules_copy_with


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back_equal(folder: Path) -> None:
    build = Builds({"的": "uj", "天津": "ns"})
    key = cache_key(b"source")
    assert cached("table", key, build) == build.value
    assert cached("table", key, build) == build.value
    assert build.calls == 1
    assert [p.name for p in folder.iterdir()] == [f"table-{key}.marshal"]


def test_a_changed_source_is_built_again(folder: Path) -> None:
    build = Builds(["a"])
    cached("table", cache_key(b"one"), build)
    cached("table", cache_key(b"two"), build)
    assert build.calls == 2


def test_tables_of_sources_taking_turns_are_kept_and_the_least_used_dropped(folder: Path) -> None:
    build = Builds(["a"])
    keys = [cache_key(str(k).encode()) for k in range(KEPT_TABLES + 1)]
    for age, key in enumerate(keys[:KEPT_TABLES]):
        cached("table", key, build)
        os.utime(folder / f"table-{key}.marshal", ns=(age * 10**9, age * 10**9))  # oldest first
    cached("table", keys[0], build)  # read back: now the most recently used
    assert build.calls == KEPT_TABLES
    cached("table", keys[-1], build)  # one more source: the least recently used (keys[1]) goes
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"table-{k}.marshal" for k in keys if k != keys[1])
    cached("table", keys[0], build)
    assert build.calls == KEPT_TABLES + 1


def test_key_separates_its_sources() -> None:
    assert cache_key(b"ab", b"c") != cache_key(b"a", b"bc")


def test_a_truncated_file_is_rebuilt(folder: Path) -> None:
    build = Builds({"k": "v" * 100})
    key = cache_key(b"x")
    cached("table", key, build)
    path = folder / f"table-{key}.marshal"
    path.write_bytes(path.read_bytes()[:10])
    assert cached("table", key, build) == build.value
    assert build.calls == 2


def test_a_folder_that_cannot_be_created_only_costs_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    build = Builds([1, 2])
    assert cached("table", cache_key(b"x"), build) == [1, 2]
    assert cached("table", cache_key(b"x"), build) == [1, 2]
    assert build.calls == 2


def test_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    assert disk_cache.cache_dir() is None


def test_default_folder_is_under_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert disk_cache.cache_dir() == tmp_path / "extractor"


def test_dictionary_tags_from_the_cache_equal_the_parsed_file(folder: Path) -> None:
    entity_text.dictionary_tags.cache_clear()
    try:
        built = entity_text.dictionary_tags()  # nothing cached in the new folder: parsed
        entity_text.dictionary_tags.cache_clear()
        read = entity_text.dictionary_tags()  # read back from the folder
    finally:
        entity_text.dictionary_tags.cache_clear()
    assert len(list(folder.glob("dictionary_tags-*.marshal"))) == 1
    assert len(read) == 0  # nothing looked up yet: each word is found at its first look-up
    parsed = parse_tags(jieba_dictionary().read_text(encoding="utf-8"), "nr|ns|uj|v")
    assert len(parsed) > 100_000
    for word, tag in parsed.items():
        if tag in ("nr", "ns", "uj"):  # (the tags the table was built for: v among them)
            assert read.get(word) == tag == built.get(word)
    assert read.get("的") == "uj" and read.get("天津") == "ns"


def test_word_tags_find_whole_words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word is found whole (not a word it starts or ends, nor one across an entry's edge),
    found again from what the first look-up kept, and a string no word is gives None."""
    words = {"高新": "nz", "高新区": "ns", "新区": "n", "区": "q", "造": "v"}
    tags = WordTags(*packed_tags(words))
    assert [tags.get(w) for w in ("高新", "高新区", "新区", "区", "造")] == ["nz", "ns", "n", "q", "v"]
    assert tags.get("高新区") == "ns" and len(tags) == 5
    monkeypatch.setattr(dictionary, "bucket", lambda word: 0)  # every word in one group, in order
    packed, kinds, starts = packed_tags(words)
    tags = WordTags(packed, kinds, starts)
    across = "高新\t" + chr(FIRST_TAG_CHAR + kinds.index("nz")) + "\n高新区"  # an entry's end and the next's word
    assert f"\n{across}\t" in packed
    for absent in ("高", "新", "高新区区", "", "新区\t", across, "区\n造", "\n", "\t"):
        assert tags.get(absent) is None


def test_dictionary_tags_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    """The key may not depend on a set's iteration order, which changes with the hash seed."""
    script = "from extractor.names.entity_text import dictionary_tags; dictionary_tags()"
    names = set()
    for seed in ("1", "2", "3", "4"):
        env = {**child_env(), CACHE_DIR_ENV: str(tmp_path), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script], env=env, check=True)
        names |= {path.name for path in tmp_path.glob("dictionary_tags-*.marshal")}
    assert len(names) == 1


def test_rules_read_back_from_the_cache_extract_the_same(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = next(CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    fresh = Extractor(rules=load_rules()).extract_document(text)
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    load_rules()  # builds and stores
    assert len(list(folder.glob("rules-*.pickle"))) == 1
    assert Extractor(rules=load_rules()).extract_document(text) == fresh


def test_an_edited_rule_file_is_never_served_from_the_cache(folder: Path, tmp_path: Path) -> None:
    rules = rules_copy_with(tmp_path, "units.yaml", "surfaces: [元, 人民币, 元人民币]", "surfaces: [元, 人民币, 元人民币]")
    assert "人民币元" not in load_rules(rules).units  # stored in the cache
    text = (rules / "units.yaml").read_text(encoding="utf-8")
    (rules / "units.yaml").write_text(text.replace("元人民币]", "元人民币, 人民币元]", 1), encoding="utf-8")
    assert load_rules(rules).units["人民币元"].code == "CNY"
    assert len(list(folder.glob("rules-*.pickle"))) == 2  # both kept (KEPT_TABLES): the first may come back


def test_the_rules_key_holds_the_code_this_process_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module edited on disk while a process runs must not key a RuleSet its older code builds:
    the engine's part of the key is read once, never again when a folder is keyed."""
    from extractor.ruleset import rules as rules_module

    directory = rules_module.default_rules_dir()
    before = rules_module._rules_key(directory)

    def no_engine_read(self, pattern):
        raise AssertionError(f"engine modules read again when keying: {self}/{pattern}")

    monkeypatch.setattr(Path, "rglob", no_engine_read)
    assert rules_module._rules_key(directory) == before
    monkeypatch.setattr(rules_module, "engine_digest", lambda: "other code")
    assert rules_module._rules_key(directory) != before


def test_re_patterns_are_read_back_compiled(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table's `re` patterns load from their compiled code: re's parser and compiler are not
    run again (pickle's own way compiled each one at every load), and they match as compiled."""
    import re
    from re import _compiler

    patterns = [re.compile(r"(?P<num>[0-9]+)(?:万|亿)?(?P<unit>家|个)", re.VERBOSE), re.compile(r"(?m)^[一二三]、"),
                re.compile(r"(?<![0-9])十[一二三四五]五(?=规划|时期)")]
    key = cache_key(b"patterns")
    cached("patterns", key, Builds(patterns), pickled=True)

    def no_compile(*args: object) -> None:
        raise AssertionError("a cached re pattern was compiled again")

    re.purge()  # (re's own cache of patterns compiled in this process)
    monkeypatch.setattr(_compiler, "compile", no_compile)
    read = cached("patterns", key, Builds(None), pickled=True)
    monkeypatch.undo()
    text = "新增企业12家、项目3万个。\n一、“十四五”时期回顾\n二、十五五规划"
    for pattern, back in zip(patterns, read):
        assert (back.pattern, back.flags, back.groups, dict(back.groupindex)) == (
            pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex))
        assert [m.regs for m in back.finditer(text)] == [m.regs for m in pattern.finditer(text)] != []


def test_refused_re_code_is_built_again(folder: Path) -> None:
    """Code _sre refuses (a foreign or damaged table) is no crash: the table is built again."""
    import pickle

    key = cache_key(b"bad code")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"patterns-{key}.pickle").write_bytes(pickle.dumps(
        _Reduced(disk_cache._compiled_re, ("a", 32, [99999, 1, 2], 0, {}, (None,)))))
    build = Builds(["built"])
    assert cached("patterns", key, build, pickled=True) == ["built"]
    assert build.calls == 1


class _Reduced:
    """Pickles as a call of `function` on `args`."""

    def __init__(self, function: object, args: tuple) -> None:
        self.function, self.args = function, args

    def __reduce__(self) -> tuple:
        return self.function, self.args


def test_fact_rules_are_read_back_from_the_cache_equal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.ruleset.fact_rules import load_fact_rules

    path = load_rules().directory / "facts.yaml"
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    fresh = load_fact_rules(path)
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    load_fact_rules(path)  # builds and stores
    assert len(list(folder.glob("fact_rules-*.pickle"))) == 1
    read = load_fact_rules(path)
    assert read is not fresh and read.period.pattern == fresh.period.pattern
    text = "2025年1-9月，江城规上工业产值上升7.2%，预计开工新项目97个。"
    assert [m.span() for m in read.period.finditer(text)] == [m.span() for m in fresh.period.finditer(text)] != []


def test_table_rules_recognizer_patterns_and_places_are_read_back_from_the_cache(folder: Path) -> None:
    """What start-up built of tables.yaml, of the lexicon's words (the name recognizers' patterns)
    and of the division table is stored once and read back: a second Extractor builds none of it,
    and extracts as the first."""
    from extractor.ruleset.divisions import divisions

    text = next(CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    divisions.cache_clear()
    first = Extractor(rules=load_rules())
    expected = first.extract_document(text)
    names = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert {"table_rules", "recognizer_patterns", "divisions", "place_words"} <= set(names)
    stored = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    divisions.cache_clear()
    second = Extractor(rules=load_rules())
    assert second.extract_document(text) == expected
    assert sorted(p.name.split("-")[0] for p in folder.iterdir()) == names  # nothing new written
    assert second.recognizers.subunit.pattern == first.recognizers.subunit.pattern
    assert second.table_cells is not first.table_cells and set(stored) == set(folder.iterdir())


def test_dictionary_is_read_once_for_the_keys_of_its_tables(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dict.txt (5 MB) is read and hashed once a process for the keys of the tables built from
    it, not once a table; a table already cached reads it no more."""
    tables = (entity_text.dictionary_tags, dictionary.common_proper_words, dictionary.common_place_words,
              dictionary.common_landform_words, dictionary.misread_divisions)

    def clear() -> None:
        for table in (*tables, dictionary.dictionary_digest):
            table.cache_clear()

    real, reads = dictionary.jieba_dictionary, []
    try:
        clear()
        for table in tables:
            table()  # built and stored in the new folder
        clear()
        monkeypatch.setattr(dictionary, "jieba_dictionary", lambda: reads.append(1) or real())
        for table in tables:
            table()  # read back
    finally:
        clear()
    assert len(reads) == 1
