"""Run the examples every rule carries: text that must pass, be partial and fail.

An example is a small report (one sentence, or a few lines with headings) checked by the whole
pipeline, so an example tests the rule as users meet it, segmentation and scoping included.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.pipeline import Checker, CheckOptions
from checker.read.source import SourceDocument, lines_from_text
from checker.ruleset import PROFILES, Rule, Ruleset


@dataclass(frozen=True)
class ExampleOutcome:
    """One example run: which rule, what it should give, what it gave."""

    rule_id: str
    expected: str
    actual: str
    text: str
    profile: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def example_profile(rule: Rule, checkers: dict[str, Checker]) -> str:
    """The profile an example runs under: county first, else the first one the rule applies to."""
    for profile in ("county", *PROFILES):
        found = checkers[profile].ruleset_for(profile).rule(rule.id)
        if found is not None and found.applies:
            return profile
    return "county"


def run_examples(ruleset: Ruleset, rule_ids: set[str] | None = None) -> list[ExampleOutcome]:
    """Check every example of every rule (or of the given rules) and report the outcomes."""
    checkers = {p: Checker(ruleset, CheckOptions(profile=p)) for p in PROFILES}
    outcomes = []
    for rule in ruleset.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        profile = example_profile(rule, checkers)
        for expected, texts in rule.examples.items():
            for index, text in enumerate(texts, start=1):
                source = SourceDocument(f"{rule.id}:{expected}#{index}", "text", lines_from_text(text))
                result = checkers[profile].check_source(source)
                element = result.element(rule.id)
                actual = element.status if element else "missing"
                outcomes.append(ExampleOutcome(rule.id, expected, actual, text, profile))
    return outcomes
