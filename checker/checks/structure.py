"""Structure checks that a heading alone cannot decide: the causes of the shortcomings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.checks.items import items_in
from checker.evaluate import snippet
from checker.results import FAIL, PARTIAL, PASS, Evidence, Finding

if TYPE_CHECKING:
    from checker.evaluate import Context
    from checker.ruleset import Rule


def causes(rule: Rule, context: Context) -> Finding:
    """Cause analysis: an explicit one, or an underlying factor for most shortcomings.

    A heading that says 原因 is not enough: many reports promise causes and restate the symptoms.
    """
    params = rule.params
    document = context.document
    explicit = re.compile("|".join(params["explicit"]))
    factor = re.compile("|".join(params["factors"]))
    shortcomings = [p for p in document.paragraphs if p.scope == "shortcomings"]
    for paragraph in shortcomings:
        for sentence in paragraph.sentences:
            if explicit.search(sentence.view):
                return Finding(PASS, (Evidence(sentence.line, snippet(sentence.text)),))
    items = items_in(document, "shortcomings")
    with_cause = [(item, m) for item in items for m in [factor.search(item.text)] if m]
    evidence = tuple(Evidence(item.line, snippet(item.text, m.group(0))) for item, m in with_cause[:3])
    details = {"items": len(items), "items_with_cause": len(with_cause)}
    if items and len(with_cause) * 3 >= len(items) * 2:
        return Finding(PASS, evidence, details=details, note=f"{len(with_cause)}/{len(items)} 项不足写明了成因")
    heading = next((s for s in document.sections if "原因" in s.heading and s.scope == "shortcomings"), None)
    if with_cause or heading:
        shown = evidence if evidence else ((Evidence(heading.line, heading.heading),) if heading else ())
        return Finding(
            PARTIAL,
            shown,
            missing=f"只有 {len(with_cause)}/{len(items)} 项不足写出了原因；其余只是重述现象",
            details=details,
        )
    return Finding(FAIL, missing=rule.missing, details=details)
