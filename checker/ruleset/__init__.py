"""The rule set: YAML rule files read, validated and compiled into immutable `Ruleset` data.

`load` reads and compiles; `patterns` turns phrases into safe regular expressions; `scan` finds every
rule literal in one pass; `yamlsource` keeps line numbers for error messages.
"""

from checker.ruleset.load import (
    PROFILES,
    Clause,
    Grade,
    ProfileSpec,
    Rule,
    Ruleset,
    Veto,
    build_ruleset,
    load_ruleset,
    read_rule_file,
    rules_dir,
)

__all__ = [
    "PROFILES",
    "Clause",
    "Grade",
    "ProfileSpec",
    "Rule",
    "Ruleset",
    "Veto",
    "build_ruleset",
    "load_ruleset",
    "read_rule_file",
    "rules_dir",
]
