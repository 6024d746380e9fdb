"""A Markdown scorecard a reviewer can paste into an issue, a pull request or an e-mail.

GitHub-flavoured tables; every cell is escaped so report text (which may contain | * _ < and line breaks)
cannot break the table or inject markup.
"""

from __future__ import annotations

import re

from checker.render.files import TEXT_MARK
from checker.render.model import Run, is_optional_absent, most_missed, points_lost, problems, ranking, status_label
from checker.results import (
    FAIL,
    GROUP_LABELS,
    NOT_APPLICABLE,
    PARTIAL,
    PASS,
    PROFILE_SOURCE_LABELS,
    STATUS_LABELS,
    UNKNOWN,
    ReportResult,
)

ICONS = {PASS: "✅", PARTIAL: "🟡", FAIL: "❌", NOT_APPLICABLE: "➖", UNKNOWN: "❔"}
# Characters with a meaning in Markdown or HTML inside a table cell.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def cell(text: str) -> str:
    """One table cell: markup characters escaped, line breaks kept visible as <br>."""
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\r", ""))
    return escaped.replace("\n", "<br>").strip() or " "


def _evidence(result: ReportResult, element_index: int) -> str:
    element = result.elements[element_index]
    if not element.evidence:
        return ""
    first = element.evidence[0]
    where = first.location or f"第{first.line}行"
    more = f"（另有 {len(element.evidence) - 1} 处）" if len(element.evidence) > 1 else ""
    return f"{where}：{first.text}{more}"


def scorecard(result: ReportResult, heading: str = "##") -> list[str]:
    """The Markdown lines for one report."""
    counts = {status: sum(1 for e in result.elements if e.status == status) for status in ICONS}
    summary = "，".join(f"{ICONS[s]} {STATUS_LABELS[s]} {n}" for s, n in counts.items() if n)
    out = [f"{heading} 法治政府建设年度报告检查：{cell(result.title or result.path)}", ""]
    # Why the grade is capped comes before anything else.
    out += [f"> **等级不高于{cell(cap.cap)}**：{cell(cap.reason)}" for cap in result.caps]
    out += [""] if result.caps else []
    out += [
        f"**得分 {result.score:.1f}　等级 {result.grade}**　　{summary}",
        "",
        "| 项目 | 内容 |",
        "|---|---|",
        f"| 文件 | `{result.path.replace('`', '')}` |",
        f"| 报告主体 | {cell(result.issuer or '（未识别）')} |",
        f"| 报告年度 | {result.year or '（未识别）'} |",
        f"| 主体类型 | {cell(result.profile_name)}（{PROFILE_SOURCE_LABELS.get(result.profile_source, result.profile_source)}） |",
        f"| 发布日期 | {result.published or '（未知）'} |",
        "",
    ]
    found = problems(result)
    if found:
        out += [f"{heading}# 先补这几项（按失分排序）", ""]
        for index, element in enumerate(found, start=1):
            advice = f"：{cell(element.fix)}" if element.fix else ""
            out.append(
                f"{index}. {ICONS[element.status]} **{cell(element.name)}**（{STATUS_LABELS[element.status]}，"
                f"失 {points_lost(element):g} 分）{advice}"
            )
        out.append("")
    for group, label in GROUP_LABELS.items():
        indexes = [i for i, e in enumerate(result.elements) if e.group == group]
        if not indexes:
            continue
        out += [f"{heading}# {label}", "", "| 状态 | 要素 | 证据 | 缺少 | 建议 |", "|---|---|---|---|---|"]
        for index in indexes:
            element = result.elements[index]
            name = element.name + ("（不计分）" if element.weight == 0 else "")
            note = element.note if element.status == NOT_APPLICABLE else ""
            out.append(
                f"| {'➖' if is_optional_absent(element) else ICONS[element.status]} {status_label(element)} "
                f"| {cell(name)}<br>`{element.id}` "
                f"| {cell(_evidence(result, index) or note)} | {cell(element.missing)} | {cell(element.fix)} |"
            )
        out.append("")
    return out


def batch_sections(run: Run) -> list[str]:
    """Ranking and per-element coverage for more than one input."""
    out = [
        "## 批量检查排名",
        "",
        "| 名次 | 报告主体 | 文件 | 主体类型 | 得分 | 等级 | 缺失 | 部分 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rank, result in ranking(run.results, run.grades):
        grade = result.grade + ("（缺法定章节）" if result.caps else "")
        out.append(
            f"| {rank} | {cell(result.issuer or '（未识别）')} | {cell(result.path)} | {cell(result.profile_name)} "
            f"| {result.score:.1f} | {grade} | {result.missing_count} | {result.partial_count} |"
        )
    for path, message in run.errors:
        out.append(f"| – | | {cell(path)} | | | 无法读取 | {cell(message)} | |")
    rows = [c for c in most_missed(run.coverage) if c.missed]
    out += ["", "## 要素覆盖情况", "", "按缺失、部分的报告数排序。", ""]
    out += ["| 要素 | ID | 通过 | 部分 | 缺失 | 不适用 |", "|---|---|---|---|---|---|"]
    for item in rows:
        c = item.counts
        out.append(f"| {cell(item.name)} | `{item.id}` | {c[PASS]} | {c[PARTIAL]} | {c[FAIL]} | {c[NOT_APPLICABLE]} |")
    return [*out, ""]


def render(run: Run) -> str:
    """The whole Markdown document: batch summary first (if any), then each report's scorecard."""
    # An HTML comment (invisible once rendered) that lets a later run skip this file in a folder.
    out: list[str] = [f"<!-- {TEXT_MARK} -->", ""]
    if run.is_batch:
        out += ["# fzcheck 批量检查", "", *batch_sections(run)]
        for result in run.results:
            out += scorecard(result, "###")
    else:
        for result in run.results:
            out += scorecard(result)
        for path, message in run.errors:
            out += [f"**无法读取** `{path.replace('`', '')}`：{cell(message)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"
