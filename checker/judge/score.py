"""Score a report: weighted credit over the elements that could be judged, and the grade band."""

from __future__ import annotations

from collections.abc import Sequence

from checker.results import CREDIT, NOT_APPLICABLE, PASS, ElementVerdict, Finding, GradeCap
from checker.ruleset import Rule, Ruleset


def verdict(rule: Rule, finding: Finding) -> ElementVerdict:
    """Combine a rule and its finding into a scored element verdict."""
    credit = CREDIT.get(finding.status)
    points = round(rule.weight * credit, 2) if credit is not None else 0.0
    return ElementVerdict(
        id=rule.id,
        name=rule.name,
        group=rule.group,
        area=rule.area,
        status=finding.status,
        weight=rule.weight,
        points=points,
        evidence=finding.evidence,
        # Nothing is missing from an element that passed or does not apply; only those get no advice.
        missing="" if finding.status in (PASS, NOT_APPLICABLE) else (finding.missing or rule.missing),
        fix="" if finding.status in (PASS, NOT_APPLICABLE) else rule.fix,
        basis=rule.basis,
        note=finding.note,
        details=finding.details,
    )


def score(elements: list[ElementVerdict]) -> float:
    """0–100: points earned over points possible; n/a and unknown elements are left out."""
    judged = [e for e in elements if e.status in CREDIT and e.weight > 0]
    possible = sum(e.weight for e in judged)
    if not possible:
        return 0.0
    return round(100 * sum(e.points for e in judged) / possible, 1)


def grade(ruleset: Ruleset, total: float, elements: Sequence[ElementVerdict]) -> tuple[str, tuple[GradeCap, ...]]:
    """The grade band of the score, capped by the rule set's vetoes: a report that lacks a vetoing
    element (a section 督察工作规定 Art. 25 requires) gets at best the veto's grade; returns the grade and
    every veto that applies (its reason is shown first wherever the grade is)."""
    by_score = ruleset.grade(total)
    minimum = {g.name: g.minimum for g in ruleset.grades}
    caps = []
    for veto in ruleset.vetoes:
        for element in elements:
            if element.id in veto.elements and element.status in veto.when:
                reason = veto.reason.replace("{name}", element.name)
                caps.append(GradeCap(element.id, element.name, veto.cap, reason))
    # Every reason is kept (a reader of a 不合格 report still learns a required section is missing);
    # the grade is the lower of the score's band and the lowest cap.
    names = [by_score, *(c.cap for c in caps)]
    return min(names, key=lambda name: minimum.get(name, 0)), tuple(caps)
