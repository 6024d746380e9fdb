"""The JSON contract: every element of every report by id with its status, evidence and advice.

The shape is described by checker/schemas/report.schema.json; `schema_version` changes when a field
changes meaning. Output is deterministic: the same input gives byte-identical JSON.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from checker import __version__
from checker.render.model import Run, most_missed, ranking
from checker.results import STATUS_LABELS, ElementVerdict, ReportResult

SCHEMA_VERSION = "1.0"


def element_dict(element: ElementVerdict) -> dict[str, Any]:
    return {
        "id": element.id,
        "name": element.name,
        "group": element.group,
        "area": element.area,
        "status": element.status,
        "status_label": STATUS_LABELS[element.status],
        "weight": element.weight,
        "points": element.points,
        "evidence": [{"line": e.line, "text": e.text, "location": e.location} for e in element.evidence],
        "missing": element.missing,
        "fix": element.fix,
        "basis": element.basis,
        "note": element.note,
        "details": element.details,
    }


def report_dict(result: ReportResult) -> dict[str, Any]:
    counts = {status: 0 for status in STATUS_LABELS}
    for element in result.elements:
        counts[element.status] += 1
    return {
        "path": result.path,
        "format": result.format,
        "encoding": result.encoding,
        "script": result.script,
        "score": result.score,
        "grade": result.grade,
        "grade_caps": [{"element": c.element, "name": c.name, "cap": c.cap, "reason": c.reason} for c in result.caps],
        "grade_by_score": result.grade_by_score or result.grade,
        "profile": result.profile,
        "profile_name": result.profile_name,
        "profile_source": result.profile_source,
        "year": result.year,
        "title": result.title,
        "issuer": result.issuer,
        "published": result.published,
        "summary": counts,
        "elements": [element_dict(e) for e in result.elements],
    }


def batch_dict(run: Run) -> dict[str, Any]:
    """For more than one input: the ranking by score and each element's status counts across reports.

    `coverage` is in catalog order; `most_missed` lists element ids by how many reports fail, then
    partly meet, them, so a reader sees at once what most reports lack."""
    items = run.coverage
    return {
        "reports": len(run.results),
        "errors": len(run.errors),
        "ranking": [
            {
                "rank": rank,
                "path": r.path,
                "issuer": r.issuer,
                "year": r.year,
                "score": r.score,
                "grade": r.grade,
                "profile": r.profile,
                "missing": r.missing_count,
                "partial": r.partial_count,
            }
            for rank, r in ranking(run.results, run.grades)
        ],
        "coverage": [{"id": c.id, "name": c.name, "group": c.group, "counts": c.counts} for c in items],
        "most_missed": [c.id for c in most_missed(items) if c.missed],
    }


def document(results: list[ReportResult], errors: list[tuple[str, str]], ruleset_name: str) -> dict[str, Any]:
    """The whole JSON document for one run (single-report shape; see `run_document` for batches)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "fzcheck", "version": __version__},
        "ruleset": ruleset_name,
        "reports": [report_dict(r) for r in results],
        "errors": [{"path": path, "error": message} for path, message in errors],
    }


def run_document(run: Run) -> dict[str, Any]:
    """The JSON document for a run; a `batch` object is added only when there was more than one input,
    so the output for one report is unchanged."""
    data = document(list(run.results), list(run.errors), run.ruleset)
    if run.is_batch:
        data["batch"] = batch_dict(run)
    return data


# Stands in for the reports while the surrounding document is laid out by json.dumps.
_MARKER = "@@fzcheck-reports@@"
REPORT_INDENT = "    "


def report_text(result: ReportResult, batch: bool) -> str:
    """One report as it sits in the document's `reports` list. In a batch each report is one line, so a
    file of a thousand reports stays greppable and is written by the C encoder (indented JSON is
    encoded in pure Python, three times slower, and twice the size); one report alone is indented."""
    if batch:
        return REPORT_INDENT + json.dumps(report_dict(result), ensure_ascii=False)
    return textwrap.indent(json.dumps(report_dict(result), ensure_ascii=False, indent=2), REPORT_INDENT)


def layout(run: Run) -> tuple[str, str]:
    """The document's text before the first report and after the last; the batch sections are
    computed from the results (slim ones will do: see json_stream.slim)."""
    if not run.is_batch and not run.errors:
        return _single_layout(run.ruleset)
    return _layout(run)


@cache
def _single_layout(ruleset: str) -> tuple[str, str]:
    """One report and no errors: the text around it depends on the rule set's name only (a server
    answering one report at a time lays it out once)."""
    return _layout(Run((), (), ruleset))


def _layout(run: Run) -> tuple[str, str]:
    data = run_document(replace(run, results=()))
    if run.is_batch:
        data["batch"] = batch_dict(run)
    data["reports"] = [_MARKER]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    before, after = text.split(f'{REPORT_INDENT}"{_MARKER}"\n')
    return before, after


def render_run(run: Run) -> str:
    return assemble(run, [report_text(result, run.is_batch) for result in run.results])


def assemble(run: Run, reports: Sequence[str]) -> str:
    """The document for a run whose reports are already rendered by `report_text` (by the workers that
    checked them); the run's results may then be slim (see json_stream.slim)."""
    if not reports:
        return json.dumps(run_document(run), ensure_ascii=False, indent=2) + "\n"
    before, after = layout(run)
    return before.removesuffix("\n") + ",".join("\n" + text for text in reports) + "\n" + after
