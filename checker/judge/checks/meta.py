"""Checks on what the report is: its title, its reporting body, its year and its dates."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from checker.judge.body import ISSUING_SOURCES
from checker.results import FAIL, PARTIAL, PASS, UNKNOWN, Evidence, Finding

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.ruleset import Rule

_YEAR = re.compile(r"20\d{2}\s*年")
# Where a stated year counts as the report saying it (the title, the opening sentence, the first heading).
STATED_YEAR_SOURCES = frozenset({"title", "opening", "heading"})


def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


def title(rule: Rule, context: Context) -> Finding:
    """A title naming the year, 法治政府建设 and a report."""
    document = context.document
    candidates = ([document.title] if document.title else []) + list(document.title_block)
    params = rule.params
    for field in candidates:
        text = field.value.replace(" ", "")
        if _YEAR.search(text) and _any(params["subject"], text) and _any(params["report_words"], text):
            return Finding(PASS, (Evidence(field.line, field.value),))
    for field in candidates:
        text = field.value.replace(" ", "")
        if _any(params["subject"], text):
            problem = "标题不是报告体例（应为“…年度报告”或“…情况的报告”）"
            if not _YEAR.search(text):
                problem = "标题缺少报告年度"
            return Finding(PARTIAL, (Evidence(field.line, field.value),), missing=problem)
    return Finding(FAIL, missing=rule.missing)


def issuer(rule: Rule, context: Context) -> Finding:
    """The reporting body named in a 落款 or the page's 发布机构, not only somewhere in the body."""
    facts = context.facts
    evidence = (facts.issuer_evidence,) if facts.issuer_evidence else ()
    if facts.issuer_source in ISSUING_SOURCES:
        return Finding(PASS, evidence)
    if facts.issuer:
        return Finding(PARTIAL, evidence, missing="报告主体只在标题或正文中出现，缺少落款或发布机构")
    return Finding(FAIL, missing=rule.missing)


def report_year(rule: Rule, context: Context) -> Finding:
    """The year reported on, stated in the title or the opening sentence and consistent with the dates."""
    facts = context.facts
    evidence = (facts.year_evidence,) if facts.year_evidence else ()
    if facts.year is None:
        return Finding(FAIL, missing=rule.missing)
    if facts.year_source not in STATED_YEAR_SOURCES:
        return Finding(PARTIAL, evidence, missing="报告年度只能从日期或正文推断，标题和开头都没有写明")
    if facts.published and not facts.year <= int(facts.published[:4]) <= facts.year + 1:
        return Finding(
            PARTIAL,
            evidence,
            missing=f"报告年度 {facts.year} 与发布日期 {facts.published} 不一致",
        )
    return Finding(PASS, evidence)


def _deadline(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year + 1, month, day)


def publication_deadline(rule: Rule, context: Context) -> Finding:
    """Published by 1 April of the following year (Art. 24)."""
    facts = context.facts
    if facts.year is None or facts.published is None:
        return Finding(UNKNOWN, missing="正文和页面中都没有发布日期，无法判断是否按时公开（可用 --published 提供）")
    deadline = _deadline(facts.year, rule.params["deadline"])
    published = date.fromisoformat(facts.published)
    evidence = (facts.published_evidence,) if facts.published_evidence else ()
    if published <= deadline:
        return Finding(PASS, evidence, note=f"发布于 {published}，期限 {deadline}")
    late = (published - deadline).days
    return Finding(FAIL, evidence, missing=f"发布于 {published}，晚于 {deadline} 的公开期限 {late} 天")


def department_submission(rule: Rule, context: Context) -> Finding:
    """A department's report written (成文) by 1 March of the following year."""
    facts = context.facts
    signed = context.document.dates.get("signed")
    written = facts.written or (signed[0] if signed else None)
    if facts.year is None:
        return Finding(UNKNOWN, missing="无法确定报告年度，不能判断是否按时报送")
    deadline = _deadline(facts.year, rule.params["deadline"])
    if written is None and facts.published and date.fromisoformat(facts.published) <= deadline:
        # Not dated, but published by the deadline: it was written by then too.
        return Finding(PASS, note=f"没有成文日期，但发布于 {facts.published}，不晚于报送期限 {deadline}")
    if written is None:
        return Finding(UNKNOWN, missing="没有成文日期或落款日期，无法判断是否按时报送")
    if date.fromisoformat(written) <= deadline:
        return Finding(PASS, note=f"成文于 {written}，期限 {deadline}")
    return Finding(FAIL, missing=f"成文于 {written}，晚于 {deadline} 的报送期限")
