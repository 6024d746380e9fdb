"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer, …).

One run; the rule set's elements are `tool.driver.rules`. Every element a report fails (level error),
meets only partly (warning; error with --strict) or cannot be judged (note) is a result (an unscored,
optional element only a note) whose message says, in Chinese, what is missing and how to fix it. A result points at its first evidence line when there is one, else at the
file alone. Unreadable inputs are tool execution notifications. Each report's score and grade are
properties of its artifact.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.render.model import RuleInfo, Run, problem_level
from checker.results import GROUP_LABELS, STATUS_LABELS, ElementVerdict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def uri(path: str) -> str:
    """A relative URI reference for a path as given on the command line (non-ASCII percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/:-._~")


def _rule(info: RuleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.name},
        "fullDescription": {"text": f"{info.name}。依据：{info.basis}"},
        "help": {"text": info.fix},
        "properties": {
            "weight": info.weight,
            "group": info.group,
            "group_label": GROUP_LABELS.get(info.group, info.group),
            "area": info.area,
        },
    }


def message(element: ElementVerdict) -> str:
    """What is missing and how to fix it, in one message."""
    parts = [f"{element.name}（{STATUS_LABELS[element.status]}）：{element.missing or element.note or '无法判断'}"]
    if element.fix:
        parts.append(f"建议：{element.fix}")
    return "。".join(p.rstrip("。") for p in parts) + "。"


def _location(path: str, element: ElementVerdict) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path)}}
    evidence = next((e for e in element.evidence if e.line >= 1), None)
    if evidence is not None:
        physical["region"] = {"startLine": evidence.line, "snippet": {"text": evidence.text}}
    return {"physicalLocation": physical}


def document(run: Run) -> dict[str, Any]:
    """The SARIF log as a dictionary."""
    catalog = list(run.catalog)
    known = {r.id for r in catalog}
    # Elements a result set has but the catalog lacks (a caller without a catalog): describe from the verdict.
    for result in run.results:
        for element in result.elements:
            if element.id not in known:
                known.add(element.id)
                catalog.append(
                    RuleInfo(
                        element.id,
                        element.name,
                        element.group,
                        element.area,
                        element.weight,
                        element.basis,
                        element.fix,
                        element.missing,
                    )
                )
    index = {r.id: i for i, r in enumerate(catalog)}
    results = []
    for result in run.results:
        for element in result.elements:
            level = problem_level(element, run.strict)
            if level is None:
                continue
            results.append(
                {
                    "ruleId": element.id,
                    "ruleIndex": index[element.id],
                    "level": level,
                    "message": {"text": message(element)},
                    "locations": [_location(result.path, element)],
                    "properties": {"status": element.status, "weight": element.weight, "points": element.points},
                }
            )
    artifacts = [
        {
            "location": {"uri": uri(r.path)},
            "properties": {
                "score": r.score,
                "grade": r.grade,
                "grade_caps": [c.reason for c in r.caps],
                "profile": r.profile,
                "title": r.title or "",
            },
        }
        for r in run.results
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f"无法读取：{problem}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}],
        }
        for path, problem in run.errors
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fzcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://pypi.org/project/fzcheck/",
                        "rules": [_rule(r) for r in catalog],
                    }
                },
                "invocations": [{"executionSuccessful": not run.errors, "toolExecutionNotifications": notifications}],
                "artifacts": artifacts,
                "results": results,
                "properties": {"ruleset": run.ruleset},
            }
        ],
    }


def render(run: Run) -> str:
    return json.dumps(document(run), ensure_ascii=False, indent=2) + "\n"
