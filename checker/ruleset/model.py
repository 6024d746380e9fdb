"""The compiled rule set: plain, immutable data the evaluator interprets (it never reads YAML itself)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from checker.read.conventions import Conventions
from checker.ruleset.patterns import compile_screen
from checker.ruleset.scan import PhraseIndex

SCOPES = ("achievements", "shortcomings", "plan", "other", "closing")
STATUSES = ("pass", "partial", "fail")
PROFILES = ("township", "county", "department")

T = TypeVar("T")


@dataclass(frozen=True)
class Clause:
    """One way a rule can find evidence. Text clauses look at sentences or paragraphs in some scopes;
    the others look at the document's structure."""

    terms: tuple[re.Pattern[str], ...] = ()
    # "any": one of the terms; "all": every term; "at_least": `minimum` distinct terms.
    mode: str = "any"
    minimum: int = 1
    quantity: bool = False
    exclude: re.Pattern[str] | None = None
    within: str = "sentence"
    scopes: tuple[str, ...] | None = None
    heading: str | None = None
    section: str | None = None
    min_sections: int = 1
    min_chars: int = 0
    note: str = ""
    # All terms in one pattern (its source), to skip units holding none of them; screen_joined: the screen
    # may be run once over all units joined (see patterns.screen_for). Compiled only when a clause has no
    # required literals to prefilter by: compiling every rule's screen cost a tenth of a run's start-up.
    screen_source: str | None = field(default=None, compare=False, repr=False)
    screen_joined: bool = field(default=False, compare=False, repr=False)
    # Literals of which a unit must hold one for the clause to hold there (see checker.ruleset.scan); None
    # when some phrase has no such literal and units must be screened by `screen`.
    literals: frozenset[str] | None = field(default=None, compare=False, repr=False)
    # The same for each term, in the order of `terms`: a term whose literals a unit lacks cannot match.
    term_literals: tuple[frozenset[str], ...] | None = field(default=None, compare=False, repr=False)

    @property
    def screen(self) -> re.Pattern[str] | None:
        """The screen, compiled on first use (and kept: patterns are cached by source)."""
        return compile_screen(self.screen_source) if self.screen_source is not None else None


@dataclass(frozen=True)
class Rule:
    """An element of the catalog: what it means, how it is found, how it is scored, how to fix it."""

    id: str
    name: str
    group: str
    weight: float
    basis: str
    fix: str
    missing: str
    type: str
    source: str
    line: int
    area: str = ""
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    pass_clauses: tuple[Clause, ...] = ()
    partial_clauses: tuple[Clause, ...] = ()
    plan_only_partial: bool = True
    applies: bool = True
    partial_note: str = ""
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    minimum: float
    name: str


@dataclass(frozen=True)
class Veto:
    """Elements whose absence caps the grade whatever the score (e.g. a section 督察工作规定 Art. 25
    requires): when any of `elements` has a status in `when`, the grade is at best `cap`."""

    elements: tuple[str, ...]
    when: tuple[str, ...]
    cap: str
    reason: str


@dataclass(frozen=True)
class ProfileSpec:
    """A kind of reporting body: the endings of its names and the words it uses for itself."""

    id: str
    name: str
    # The profile's name endings as one pattern anchored at the end of a name: "…街道办事处" ends with one
    # of the township's, "…市场监管局" with one of the department's.
    endings: re.Pattern[str] | None
    self_words: tuple[str, ...]
    priority: int


@dataclass(frozen=True)
class Ruleset:
    """Everything one run needs: the rules for the chosen profile and the document conventions."""

    name: str
    profile: str
    rules: tuple[Rule, ...]
    grades: tuple[Grade, ...]
    groups: dict[str, str]
    conventions: Conventions
    profiles: tuple[ProfileSpec, ...]
    data: dict[str, Any]
    files: tuple[str, ...]
    vetoes: tuple[Veto, ...] = ()

    @cached_property
    def phrases(self) -> PhraseIndex:
        """The literals of every text clause in one automaton, built on first use."""
        clauses = (c for rule in self.rules for c in (*rule.pass_clauses, *rule.partial_clauses))
        return PhraseIndex(literal for clause in clauses for literal in clause.literals or ())

    def derived(self, build: Callable[[Ruleset], T]) -> T:
        """What `build` makes of this rule set (a check's tables compiled from its data), made on first
        use and kept with the rule set: a check asks for it once per report."""
        made = self.__dict__.setdefault("_derived", {})  # a frozen dataclass: its __dict__ still holds caches
        if build not in made:
            made[build] = build(self)
        return made[build]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def grade(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: g.minimum, reverse=True):
            if score >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""
