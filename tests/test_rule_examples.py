"""Every rule carries examples of text that must pass, be partial and fail; run them all."""

from __future__ import annotations

import pytest

from checker.examples import run_examples
from checker.ruleset import load_ruleset

RULESET = load_ruleset()
OUTCOMES = run_examples(RULESET)


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_rule_has_examples(rule):
    # A scored rule must show both sides of its line; an informational one at least one example.
    assert rule.examples["pass"], f"{rule.id} has no example that must pass"
    if rule.weight > 0:
        assert rule.examples["fail"] or rule.examples["partial"], f"{rule.id} has no example that must not pass"


@pytest.mark.parametrize("outcome", OUTCOMES, ids=[f"{o.rule_id}-{o.expected}-{i}" for i, o in enumerate(OUTCOMES)])
def test_example(outcome):
    assert outcome.actual == outcome.expected, f"{outcome.rule_id} 示例：{outcome.text!r}"
