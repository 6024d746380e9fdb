"""Structure checks that a heading alone cannot decide: the causes of the shortcomings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker.judge.checks.items import Item, body_of, items_in
from checker.judge.context import snippet
from checker.results import FAIL, PARTIAL, PASS, Evidence, Finding

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.read.document import Document
    from checker.ruleset import Rule

_CLAUSE = re.compile(r"[^,;。:!?]+")
# Phrases that only restate a symptom: a clause made of them explains nothing.
_RESTATEMENT = re.compile(r"有待(?:进一步)?(?:提高|提升|加强|完善)|(?:需|需要)进一步|还?不够(?:完善|到位|高|强)")


def line_of_text(document: Document, item: Item, text: str) -> int:
    """The line of the sentence in the item that holds `text` (the item's line when none does)."""
    probe = text[:12]
    for index in item.paragraphs:
        for sentence in document.paragraphs[index].sentences:
            if probe and probe in sentence.text:
                return sentence.line
    return item.line


def cause_of(item: Item, factor: re.Pattern[str], connective: re.Pattern[str] | None = None) -> str | None:
    """The clause of an item that names an underlying factor, or None when it only restates the symptom.

    The headline is the symptom ("资源保障能力有待加强"); a cause has to be found in what follows it, and a
    clause that is nothing but "有待进一步提高" is the symptom again, whatever else it matches. An item that
    is its headline alone has a cause only when the headline says so with a connective ("由于…，…")."""
    body = body_of(item)
    if body == item.text:
        if connective is None or not connective.search(item.text):
            return None
        search_in = item.text
    else:
        search_in = body
    for clause in _CLAUSE.findall(search_in):
        if factor.search(clause) and not (_RESTATEMENT.search(clause) and len(clause) < 16):
            return clause.strip()
    return None


def cause_table(
    items: list[Item], factor: re.Pattern[str], document: Document, connective: re.Pattern[str] | None = None
) -> list[dict[str, Any]]:
    """For each shortcoming: its line, its headline and the cause found for it (None when there is none)."""
    rows = []
    for item in items:
        cause = cause_of(item, factor, connective)
        rows.append(
            {
                "line": item.line,
                "head": snippet(item.head, "")[:40],
                "cause": cause,
                "cause_line": line_of_text(document, item, cause) if cause else None,
            }
        )
    return rows


def causes(rule: Rule, context: Context) -> Finding:
    """Cause analysis: an explicit one, or an underlying factor for most shortcomings.

    A heading that says 原因 is not enough: many reports promise causes and restate the symptoms.
    """
    params = rule.params
    document = context.document
    explicit = re.compile("|".join(params["explicit"]))
    factor = re.compile("|".join(params["factors"]))
    connective = re.compile("|".join(params["connectives"])) if params.get("connectives") else None
    items = items_in(document, "shortcomings")
    rows = cause_table(items, factor, document, connective)
    with_cause = [row for row in rows if row["cause"]]
    without = [row for row in rows if not row["cause"]]
    details: dict[str, Any] = {"items": rows, "items_with_cause": len(with_cause)}
    evidence = [Evidence(row["cause_line"], f"原因：{row['cause']}（{row['head']}）") for row in with_cause]
    evidence += [Evidence(row["line"], f"未写原因：{row['head']}") for row in without]
    evidence.sort(key=lambda e: e.line)
    shortcomings = [p for p in document.paragraphs if p.scope == "shortcomings"]
    for paragraph in shortcomings:
        for sentence in paragraph.sentences:
            if explicit.search(sentence.view):
                shown = (Evidence(sentence.line, snippet(sentence.text)), *evidence)
                return Finding(PASS, shown[:8], details=details, note="有专门的原因分析")
    summary = f"{len(with_cause)}/{len(items)} 项不足写明了成因"
    if items and len(with_cause) * 3 >= len(items) * 2:
        return Finding(PASS, tuple(evidence[:8]), details=details, note=summary)
    heading = next((s for s in document.sections if "原因" in s.heading and s.scope == "shortcomings"), None)
    if with_cause or heading:
        shown = evidence if evidence else [Evidence(heading.line, heading.heading)] if heading else []
        unexplained = "、".join(row["head"][:16] for row in without[:4])
        return Finding(
            PARTIAL,
            tuple(shown[:8]),
            missing=f"只有 {summary}；其余只是重述现象：{unexplained}",
            details=details,
        )
    return Finding(FAIL, tuple(evidence[:8]), missing=rule.missing, details=details)
