"""Evaluate rules against a segmented report: each rule becomes a Finding with evidence.

Evidence rules are data: clauses of phrases that must co-occur in a sentence or paragraph, in given
scopes of the report. The scope rule of the catalog is built in: evidence counts fully only in the
achievements part; the same evidence found only in the plan makes the element partial; the
shortcomings part is never evidence of an achievement. Rules that need code name a check instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from checker.errors import RuleError
from checker.judge.checks import CHECKS
from checker.judge.context import Context, Unit, snippet
from checker.results import FAIL, NOT_APPLICABLE, PARTIAL, PASS, Evidence, Finding
from checker.ruleset import Clause, Rule

__all__ = ["Context", "evaluate_rule", "run_clause", "snippet"]

PASS_SCOPES = ("achievements",)
PARTIAL_SCOPES = ("achievements", "plan", "other")
MAX_EVIDENCE = 3


def _distinct_matches(terms: Iterable[re.Pattern[str]], view: str) -> list[re.Match[str]]:
    """One match per term that occurs, no two covering the same characters: in "调解是达成共识" the word
    调解 cannot stand both for the subject (纠纷/调解) and for the action (化解/调解) of a clause."""
    taken: list[tuple[int, int]] = []
    found: list[re.Match[str]] = []
    for term in terms:
        # finditer's matches do not overlap each other, so a long match that collides with an earlier
        # term's can hide a shorter one inside it; searching again after each taken span finds those.
        tries = itertools.chain(term.finditer(view), (term.search(view, end) for _, end in list(taken)))
        for match in tries:
            if match and all(match.end() <= start or match.start() >= end for start, end in taken):
                taken.append(match.span())
                found.append(match)
                break
    return found


def _needed(clause: Clause) -> int:
    """How many distinct terms a unit must hold for the clause to hold there."""
    return clause.minimum if clause.mode in ("all", "at_least") else 1


def _clause_matches(
    clause: Clause, unit: Unit, context: Context, held: AbstractSet[str] | None = None
) -> re.Match[str] | None:
    """The first match that shows the clause holds in the unit, or None. `held`, the rule literals the
    unit holds, rules out the terms that cannot match there before any of them is searched for."""
    needed = _needed(clause)
    terms: Iterable[re.Pattern[str]] = clause.terms
    if held is not None and clause.term_literals is not None:
        terms = [
            term for term, need in zip(clause.terms, clause.term_literals, strict=True) if not need.isdisjoint(held)
        ]
        if len(terms) < needed:
            return None
    if clause.exclude is not None and clause.exclude.search(unit.view):
        return None
    found = _distinct_matches(terms, unit.view)
    if len(found) < needed:
        return None
    if clause.quantity:
        amount = context.quantity.search(unit.view)
        if not amount:
            return None
        return found[0] if found else amount
    return found[0] if found else None


def run_clause(clause: Clause, context: Context, default_scopes: tuple[str, ...]) -> list[Evidence]:
    """Evidence that a clause holds in the report, at most MAX_EVIDENCE pieces."""
    document = context.document
    if clause.heading:
        return [Evidence(s.line, s.heading) for s in document.sections if s.kind == clause.heading and s.explicit][
            :MAX_EVIDENCE
        ]
    if clause.section:
        matching = [s for s in document.sections if s.kind == clause.section and s.level == 1]
        if len(matching) < clause.min_sections:
            return []
        return [Evidence(s.line, s.heading) for s in matching][:MAX_EVIDENCE]
    scopes = clause.scopes or default_scopes
    if clause.min_chars:
        body = [p for p in document.in_scopes(scopes) if not p.level]
        if sum(len(p.text) for p in body) < clause.min_chars:
            return []
        return [Evidence(body[0].line, snippet(body[0].text), body[0].location)]
    # A clause needs at least one of its terms in a unit, so units holding none are skipped: found from
    # the report's one scan for rule literals, or by one regex scan over all units joined when the
    # screen allows it, else by one search per unit.
    screened = _needed(clause) >= 1 and clause.screen_source is not None
    candidates: Iterable[tuple[Unit, AbstractSet[str] | None]]
    if screened and clause.literals is not None:
        candidates = context.units_holding(
            clause.within, scopes, clause.literals, clause.term_literals, _needed(clause)
        )
    else:
        screen = clause.screen if screened else None
        units = context.unit_list(clause.within, scopes)
        indices: Iterable[int] = range(len(units))
        if screen is not None and clause.screen_joined:
            indices = context.candidates(clause.within, scopes, screen)
        candidates = ((units[i], None) for i in indices if screen is None or screen.search(units[i].view))
    evidence: list[Evidence] = []
    for unit, held in candidates:
        match = _clause_matches(clause, unit, context, held)
        if match:
            evidence.append(context.locate(unit, match))
            if len(evidence) >= MAX_EVIDENCE:
                break
    return evidence


def evaluate_evidence_rule(rule: Rule, context: Context) -> Finding:
    """Pass on evidence in the achievements; partial on weaker evidence or on plan-only mentions."""
    evidence: list[Evidence] = []
    for clause in rule.pass_clauses:
        evidence += run_clause(clause, context, PASS_SCOPES)
        if len(evidence) >= MAX_EVIDENCE:
            break
    if evidence:
        return Finding(PASS, tuple(_unique(evidence)[:MAX_EVIDENCE]))
    if rule.plan_only_partial:
        for clause in rule.pass_clauses:
            if clause.heading or clause.section or clause.min_chars:
                continue
            planned = run_clause(clause, context, ("plan",)) if (clause.scopes is None) else []
            if planned:
                return Finding(
                    PARTIAL,
                    tuple(planned),
                    missing=f"仅在下一年度安排中提及；{rule.missing}",
                    note="只在计划部分出现，不能算作本年度成效",
                )
    for clause in rule.partial_clauses:
        partial = run_clause(clause, context, PARTIAL_SCOPES)
        if partial:
            return Finding(PARTIAL, tuple(partial), missing=rule.partial_note or rule.missing)
    return Finding(FAIL, missing=rule.missing)


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, str]] = set()
    unique = []
    for item in evidence:
        if (item.line, item.text) not in seen:
            seen.add((item.line, item.text))
            unique.append(item)
    return unique


def evaluate_rule(rule: Rule, context: Context) -> Finding:
    """The finding for one rule: not applicable, a named check, or an evidence rule."""
    if not rule.applies:
        return Finding(NOT_APPLICABLE, note=f"不适用于{context.ruleset.name or '该类报告主体'}")
    if rule.type == "check":
        try:
            return CHECKS[rule.check or ""](rule, context)
        except KeyError as exc:
            # A rule pack naming a check without the params it needs: the pack's fault, said at its line.
            raise RuleError(
                rule.source, f"命名检查 {rule.check} 缺少参数 {exc}", line=rule.line, rule_id=rule.id
            ) from None
    return evaluate_evidence_rule(rule, context)
