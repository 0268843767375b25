"""Stage 0, before any input: the rule files of rules/ loaded, validated and compiled.

Takes a rules directory (YAML with inline examples); gives one immutable `RuleSet` (numbers,
ratios, exclusions, units, names) and `FactRules` (rules/facts.yaml), or a `RuleError` naming
file and line. `disk_cache` keeps what start-up builds between runs.
"""
