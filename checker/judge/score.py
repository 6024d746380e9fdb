"""Score a report: weighted credit over the elements that could be judged, and the grade band."""

from __future__ import annotations

from checker.results import CREDIT, NOT_APPLICABLE, PASS, ElementVerdict, Finding
from checker.ruleset import Rule


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
