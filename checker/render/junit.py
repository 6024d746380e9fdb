"""JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure, GitHub test-report actions).

Shape: <testsuites> holds one <testsuite> per report (name = the path) and one <testcase> per element
(classname = the report path, name = "element-id 要素名"). Levels follow the gate (see
checker.render.model.problem_level), so a report that passes the gate does not turn a dashboard red
for what is only partly met:
  pass             → an empty testcase (passed)
  fail             → <failure type="fail">
  partial          → a passed testcase whose <system-out> says what is missing (a warning);
                     with --strict, <failure type="partial">
  n/a, unknown     → <skipped>
  an unscored (optional, weight 0) element that fails or is partial → <skipped>: it must not fail CI
An unreadable input is a testsuite with one testcase carrying <error type="input">.
The report's score, grade, profile and number of partly met elements are <properties> of its testsuite.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.render.model import ERROR, NOTE, WARNING, Run, is_scored, problem_level
from checker.results import FAIL, NOT_APPLICABLE, PARTIAL, STATUS_LABELS, UNKNOWN, ElementVerdict, ReportResult

# XML 1.0 cannot carry most control characters, even escaped; a stray \x0b from a .docx would make the
# whole file unreadable to a parser.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _detail(element: ElementVerdict) -> str:
    lines = []
    for evidence in element.evidence[:3]:
        lines.append(f"证据 {evidence.location or f'第{evidence.line}行'}：{evidence.text}")
    if element.missing:
        lines.append(f"缺少：{element.missing}")
    if element.fix:
        lines.append(f"建议：{element.fix}")
    if element.basis:
        lines.append(f"依据：{element.basis}")
    return clean("\n".join(lines))


def _testcase(suite: ET.Element, result: ReportResult, element: ElementVerdict, strict: bool) -> str | None:
    """Add the element's testcase; returns its level (None for a pass or an element that does not apply)."""
    case = ET.SubElement(
        suite, "testcase", classname=clean(result.path), name=clean(f"{element.id} {element.name}"), time="0"
    )
    level = problem_level(element, strict)
    label = STATUS_LABELS[element.status]
    if level == ERROR:
        failure = ET.SubElement(case, "failure", type=element.status, message=clean(f"{label}：{element.missing}"))
        failure.text = _detail(element)
    elif level == WARNING:
        ET.SubElement(case, "system-out").text = clean(
            f"{label}（警告，不算失败）：{element.missing}\n{_detail(element)}"
        )
    elif level == NOTE and element.status in (FAIL, PARTIAL):
        ET.SubElement(case, "skipped", message=clean(f"不计分的要素，{label}：{element.missing}"))
    elif element.status in (NOT_APPLICABLE, UNKNOWN):
        ET.SubElement(case, "skipped", message=clean(f"{label}：{element.note or element.missing}"))
    return level


def _suite(root: ET.Element, result: ReportResult, strict: bool) -> dict[str, int]:
    suite = ET.SubElement(root, "testsuite", name=clean(result.path), time="0")
    properties = ET.SubElement(suite, "properties")
    partial = sum(e.status == PARTIAL and is_scored(e) for e in result.elements)
    for name, value in (
        ("score", f"{result.score:.1f}"),
        ("grade", result.grade),
        ("grade_cap", "；".join(c.reason for c in result.caps)),
        ("profile", result.profile),
        ("title", result.title or ""),
        ("partial", str(partial)),
    ):
        ET.SubElement(properties, "property", name=name, value=clean(value))
    levels = [_testcase(suite, result, element, strict) for element in result.elements]
    counts = {
        "tests": len(result.elements),
        "failures": levels.count(ERROR),
        "errors": 0,
        "skipped": sum(
            e.status in (NOT_APPLICABLE, UNKNOWN) or level == NOTE
            for e, level in zip(result.elements, levels, strict=True)
        ),
    }
    for key, value in counts.items():
        suite.set(key, str(value))
    return counts


def _error_suite(root: ET.Element, path: str, problem: str) -> dict[str, int]:
    suite = ET.SubElement(
        root, "testsuite", name=clean(path), tests="1", failures="0", errors="1", skipped="0", time="0"
    )
    case = ET.SubElement(suite, "testcase", classname=clean(path), name="读取报告", time="0")
    error = ET.SubElement(case, "error", type="input", message=clean(f"无法读取：{problem}"))
    error.text = clean(problem)
    return {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}


def render(run: Run) -> str:
    root = ET.Element("testsuites", name="fzcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in run.results:
        for key, value in _suite(root, result, run.strict).items():
            totals[key] += value
    for path, problem in run.errors:
        for key, value in _error_suite(root, path, problem).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
