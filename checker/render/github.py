"""GitHub Actions workflow commands: annotations on the report files in a pull request or run summary.

  fail     → ::error file=…,line=…,title=…::message
  partial  → ::warning …  (::error with --strict)
  unknown  → ::notice …   (and an unscored, optional element, whatever its status)
and one ::notice per report with its score and grade; an unreadable input is an ::error on the file.
`line=` is given only when the element has evidence on a real line (a missing element has none).
"""

from __future__ import annotations

from checker.render.model import ERROR, NOTE, WARNING, Run, problem_level
from checker.results import ElementVerdict, ReportResult

COMMANDS = {ERROR: "error", WARNING: "warning", NOTE: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: % first, then the line breaks that would end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus the ':' and ',' that separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line; properties with value None are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(result: ReportResult, element: ElementVerdict, level: str) -> str:
    line = next((e.line for e in element.evidence if e.line >= 1), None)
    text = element.missing or element.note or "无法判断"
    if element.fix:
        text = f"{text.rstrip('。')}。建议：{element.fix}"
    return command(
        COMMANDS[level],
        text,
        file=result.path,
        line=line,
        title=f"{element.name}（{element.id}）",
    )


def render(run: Run) -> str:
    lines = []
    for result in run.results:
        lines.append(
            command(
                "notice",
                "".join(f"等级不高于{c.cap}：{c.reason}。" for c in result.caps)
                + f"得分 {result.score:.1f}，等级 {result.grade}，缺失 {result.missing_count} 项",
                file=result.path,
                title=f"fzcheck：{result.title or result.path}",
            )
        )
        for element in result.elements:
            level = problem_level(element, run.strict)
            if level is not None:
                lines.append(_annotation(result, element, level))
    for path, problem in run.errors:
        lines.append(command("error", problem, file=path, title="fzcheck：无法读取报告"))
    return "\n".join(lines) + ("\n" if lines else "")
