"""The rule set: YAML rule files read, validated and compiled into immutable `Ruleset` data.

`files` reads and validates rule files; `load` compiles them into the `model`; `patterns` turns phrases
into safe regular expressions; `scan` finds every rule literal in one pass; `yamlsource` keeps line
numbers for error messages.
"""

from checker.ruleset.files import read_rule_file, rules_dir
from checker.ruleset.load import build_ruleset, load_ruleset
from checker.ruleset.model import PROFILES, Clause, Grade, ProfileSpec, Rule, Ruleset, Veto

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
