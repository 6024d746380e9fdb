"""The concise format, for pre-commit hooks and CI logs: the gate's verdict first, then one line per problem.

    报告.txt: 未通过 — 得分 41.2 低于 60；缺失必备要素 存在的不足（等级 不合格）
    报告.txt:1: 缺失 存在的不足 — 缺少：没有“存在的不足”部分
    报告.txt:28: 部分 突发事件依法应对 — 缺少：只顺带提到应急调度，没有预案、演练

A problem is a scored element that is missing (缺失) or only partly met (部分); missing ones come first,
each group in catalog order. The line is the element's first evidence line, or 1 when it has none (the
element is missing from the whole file), so editors and CI logs can jump to it. Elements that cannot be
judged, do not apply or carry no weight are not problems. In a batch the first line is the verdict on
the whole run.
"""

from __future__ import annotations

from checker.render.model import Run, is_scored
from checker.results import FAIL, PARTIAL, STATUS_LABELS, ElementVerdict, ReportResult


def _verdict(run: Run, result: ReportResult) -> str:
    return _gate(run, result) + "".join(f"；等级不高于{cap.cap}：{cap.reason}" for cap in result.caps)


def _gate(run: Run, result: ReportResult) -> str:
    problems = run.gate_problems(result)
    if problems:
        return f"{result.path}: 未通过 — {'；'.join(problems)}（等级 {result.grade}）"
    if run.fail_under is not None:
        return f"{result.path}: 通过 — 得分 {result.score:.1f}，不低于 {run.fail_under:g}（等级 {result.grade}）"
    if run.required:
        return f"{result.path}: 通过 — 必备要素均未缺失（得分 {result.score:.1f}，等级 {result.grade}）"
    return f"{result.path}: 得分 {result.score:.1f}，等级 {result.grade}（未设门槛）"


def _line(element: ElementVerdict) -> int:
    return next((e.line for e in element.evidence if e.line >= 1), 1)


def problem_lines(result: ReportResult) -> list[str]:
    """One line per missing, then per partly met, scored element: `file:line: 缺失 名称 — 缺少：…`."""
    lines = []
    for status in (FAIL, PARTIAL):
        for element in result.elements:
            if element.status != status or not is_scored(element):
                continue
            missing = " ".join((element.missing or element.note or "未说明").split())
            what = missing if missing.startswith("缺少") else f"缺少：{missing}"
            lines.append(f"{result.path}:{_line(element)}: {STATUS_LABELS[status]} {element.name} — {what}")
    return lines


def _run_verdict(run: Run) -> str:
    failing = [r.path for r in run.results if run.gate_problems(r)]
    total = len(run.results) + len(run.errors)
    parts = []
    if failing:
        parts.append(f"{len(failing)} 份未达门槛（{'、'.join(failing)}）")
    if run.errors:
        parts.append(f"{len(run.errors)} 份无法读取（{'、'.join(path for path, _ in run.errors)}）")
    if parts:
        return f"fzcheck: 未通过 — {total} 份报告中 {'，'.join(parts)}"
    if run.has_gate:
        return f"fzcheck: 通过 — {total} 份报告均达到门槛"
    return f"fzcheck: 检查了 {total} 份报告（未设门槛）"


def render(run: Run) -> str:
    lines = [_run_verdict(run)] if run.is_batch else []
    for path, problem in run.errors:
        lines.append(f"{path}: 无法读取 — {problem}")
    for result in run.results:
        lines.append(_verdict(run, result))
        lines += problem_lines(result)
    return "\n".join(lines) + ("\n" if lines else "")
