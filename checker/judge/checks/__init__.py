"""Named checks: the few rules that need code (dates, titles, item-by-item analysis, recomputation).

A rule file names a check with `check:` and tunes it with `params:`; the registry below is the whole
vocabulary a rule file can call. Rule packs cannot add checks: they can only use these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from checker.judge.checks import integrity, meta, quality, stats, structure, timeliness

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.results import Finding
    from checker.ruleset import Rule

Check = Callable[["Rule", "Context"], "Finding"]

CHECKS: dict[str, Check] = {
    "title": meta.title,
    "issuer": meta.issuer,
    "report_year": meta.report_year,
    "publication_deadline": meta.publication_deadline,
    "department_submission": meta.department_submission,
    "causes": structure.causes,
    "quantitative_evidence": quality.quantitative_evidence,
    "shortcomings_substance": quality.shortcomings_substance,
    "plan_specificity": quality.plan_specificity,
    "plan_links_shortcomings": quality.plan_links_shortcomings,
    "temporal_consistency": timeliness.temporal_consistency,
    "local_consistency": timeliness.local_consistency,
    "text_integrity": integrity.text_integrity,
    "stats_consistency": stats.stats_consistency,
    "section_balance": quality.section_balance,
}
