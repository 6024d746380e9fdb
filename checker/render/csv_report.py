"""CSV for spreadsheets: exactly one shape, one row per (report, element).

Columns (header row in English so scripts can rely on it):
  path, score, grade, profile, element_id, element_name, group, status, status_label, weight, points,
  line, evidence, missing, fix, batch_pass, batch_partial, batch_fail, issuer, grade_cap
`line`/`evidence` are the first evidence (empty when there is none). `batch_pass/partial/fail` repeat, on
every row of an element, how many reports of the whole run have that element passed / partial / failed,
so the batch coverage is in the same table (filter one report, or pivot on element_id).
`issuer` is the 报告主体; `grade_cap` says why the grade is capped whatever the score (a missing section
the rule set's vetoes name), empty when it is not. An unreadable input is one row with status "error" and the problem in `missing`.
The text is UTF-8 with a byte-order mark so that Excel opens Chinese correctly.
"""

from __future__ import annotations

import csv
import io

from checker.render.model import Run
from checker.results import FAIL, PARTIAL, PASS, STATUS_LABELS

COLUMNS = (
    "path",
    "score",
    "grade",
    "profile",
    "element_id",
    "element_name",
    "group",
    "status",
    "status_label",
    "weight",
    "points",
    "line",
    "evidence",
    "missing",
    "fix",
    "batch_pass",
    "batch_partial",
    "batch_fail",
    "issuer",
    "grade_cap",
)
# A spreadsheet runs a cell starting with these as a formula; report text must never do that.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def safe(text: str) -> str:
    """Neutralise a cell a spreadsheet would read as a formula (an apostrophe forces text)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(run: Run) -> str:
    counts = {c.id: c.counts for c in run.coverage}
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in run.results:
        cap = "；".join(c.reason for c in result.caps)
        for element in result.elements:
            evidence = next(iter(element.evidence), None)
            batch = counts.get(element.id, {})
            writer.writerow(
                [
                    safe(result.path),
                    f"{result.score:.1f}",
                    result.grade,
                    result.profile,
                    element.id,
                    element.name,
                    element.group,
                    element.status,
                    STATUS_LABELS[element.status],
                    f"{element.weight:g}",
                    f"{element.points:g}",
                    evidence.line if evidence else "",
                    safe(evidence.text) if evidence else "",
                    safe(element.missing),
                    safe(element.fix),
                    batch.get(PASS, 0),
                    batch.get(PARTIAL, 0),
                    batch.get(FAIL, 0),
                    safe(result.issuer or ""),
                    safe(cap),
                ]
            )
    for path, problem in run.errors:
        writer.writerow(
            [
                safe(path),
                "",
                "",
                "",
                "",
                "",
                "",
                "error",
                "无法读取",
                "",
                "",
                "",
                "",
                safe(problem),
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return buffer.getvalue()
