"""Broken rule files fail at load time with file, line and problem."""

from __future__ import annotations

import shutil

import pytest

from extractor.errors import RuleError
from extractor.ruleset.rules import load_rules

from .conftest import ROOT, rules_copy_with




@pytest.mark.parametrize(
    "name,old,new,problem",
    [
        ("numbers.yaml", "  - id: number.bare", "  - id: number.bare\n    id: again", "duplicate key"),
        ("numbers.yaml", "rules:\n", "rules:\n  - [\n", "invalid YAML"),
        ("numbers.yaml", "    pattern: |\n      ", "    pattern: |\n      {no_such_fragment}", "unknown fragment"),
        ("numbers.yaml", "    type: number\n", "    type: numbr\n", "rule type"),
        ("ratios.yaml", "    examples:\n      - {text: 投票结果为3比1, span: 3比1, values: [3, 1]}\n", "", "no examples"),
        ("units.yaml", "{code: t, dimension: mass, surfaces: [吨]}", "{code: t, dimension: mass, surfaces: [吨], extra: 1}", "unknown key"),
        ("normalize.yaml", "  億: 亿", "  億: 亿亿", "one character"),
        ("exclusions.yaml", "    not: [发布于2020, 2021-2025规划, 截至2020]\n", "", "no 'not' examples"),
        ("numbers.yaml", "    engine: re  #", "    engine: pcre  #", "engine must be one of"),
        ("numbers.yaml", "    requires: [分之]\n", "    requires: 分之\n", "requires must be a list"),
        ("orgs.yaml", "    requires: [讯, 日电]", "    requires: 讯", "requires must be a list"),
        ("orgs.yaml", "  - id: org.brand\n", "  - id: org.brand\n    requires: [科技]\n", "requires is for rules of the pattern recognizer"),
        # re has no Unicode properties (numeral_start tests one) and no repeated captures
        ("exclusions.yaml", "{numeral_first}(?<!", "{numeral_start}(?<!", "does not compile (re)"),
        ("ratios.yaml", "  - id: ratio.colon\n", "  - id: ratio.colon\n    engine: re\n", "does not compile (re)"),
        ("numbers.yaml", "      (?P<num>{sign}?{numeral})\n", "      (?P<part>{sign}?{numeral})\n", "repeated captures"),
    ],
)
def test_broken_rule_names_file_and_line(tmp_path, name, old, new, problem) -> None:
    rules = rules_copy_with(tmp_path, name, old, new)
    with pytest.raises(RuleError) as caught:
        load_rules(rules)
    assert caught.value.path.endswith(name)
    assert caught.value.line is not None and caught.value.line > 0
    assert problem in str(caught.value)


def test_missing_rule_file(tmp_path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "units.yaml").unlink()
    with pytest.raises(RuleError, match="units.yaml: required rule file is missing"):
        load_rules(rules)


def test_yaml_tags_are_not_executed(tmp_path) -> None:
    rules = rules_copy_with(tmp_path, "numbers.yaml", "fragments:\n", "evil: !!python/object/apply:os.system ['true']\nfragments:\n")
    with pytest.raises(RuleError, match="invalid YAML"):
        load_rules(rules)
