"""The scorecard a person reads in a terminal: in Chinese, grouped 结构/内容/质量, evidence with its line,
what is missing and how to fix it, the score and the grade."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.render.model import Run, most_missed
from checker.render.model import ranking as ranked
from checker.results import (
    FAIL,
    GROUP_LABELS,
    NOT_APPLICABLE,
    PARTIAL,
    PASS,
    PROFILE_SOURCE_LABELS,
    UNKNOWN,
    ElementVerdict,
    ReportResult,
)

# Without --verbose the batch coverage table shows this many of the most-missed elements.
COVERAGE_ROWS = 15

MARKS = {
    PASS: ("✓ 通过", "green"),
    PARTIAL: ("◐ 部分", "yellow"),
    FAIL: ("✗ 缺失", "red"),
    NOT_APPLICABLE: ("– 不适用", "bright_black"),
    UNKNOWN: ("? 无法判断", "cyan"),
}
PROFILE_SOURCES = PROFILE_SOURCE_LABELS


def _where(line: int, location: str) -> str:
    return location or f"第{line}行"


def _explanation(element: ElementVerdict, verbose: bool) -> Text:
    text = Text()
    shown = element.evidence if verbose else element.evidence[:1]
    for evidence in shown:
        text.append(f"{_where(evidence.line, evidence.location)}：", style="bold")
        text.append(evidence.text + "\n")
    if element.status == PASS and element.note and (verbose or not shown):
        text.append(element.note + "\n", style="dim")
    if element.status not in (PASS, NOT_APPLICABLE):
        if element.missing:
            text.append("缺少：", style="bold red" if element.status == FAIL else "bold yellow")
            text.append(element.missing + "\n")
        if element.fix:
            text.append("建议：", style="bold")
            text.append(element.fix + "\n")
        if element.basis and (verbose or element.status == FAIL):
            text.append("依据：" + element.basis + "\n", style="dim")
    if element.status == NOT_APPLICABLE and element.note:
        text.append(element.note + "\n", style="dim")
    text.rstrip()
    return text


def _group_table(elements: list[ElementVerdict], verbose: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("要素", ratio=2, overflow="fold")
    table.add_column("证据 / 缺失与建议", ratio=5, overflow="fold")
    for element in elements:
        label, style = MARKS[element.status]
        name = Text(label, style=style)
        name.append("\n" + element.name)
        if element.weight == 0:
            name.append("（不计分）", style="dim")
        table.add_row(name, _explanation(element, verbose))
    return table


def _header(result: ReportResult) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    # Text, not str: a path or a title may contain [brackets] that rich would read as markup.
    grid.add_row("文件", Text(result.path))
    grid.add_row("标题", Text(result.title or "（未识别到标题）"))
    grid.add_row("报告主体", Text(result.issuer or "（未识别）"))
    grid.add_row("报告年度", str(result.year) if result.year else "（未识别）")
    grid.add_row(
        "主体类型", f"{result.profile_name}（{PROFILE_SOURCES.get(result.profile_source, result.profile_source)}）"
    )
    grid.add_row("发布日期", result.published or "（未知）")
    counts = {status: sum(1 for e in result.elements if e.status == status) for status in MARKS}
    summary = "，".join(f"{MARKS[s][0][2:]} {n}" for s, n in counts.items() if n)
    grid.add_row("要素", summary)
    return grid


def scorecard(result: ReportResult, verbose: bool = False) -> Panel:
    """One report's scorecard as a renderable panel."""
    parts: list = [_header(result)]
    for group, label in GROUP_LABELS.items():
        elements = [e for e in result.elements if e.group == group]
        if elements:
            parts.append(Text(f"\n{label}", style="bold underline"))
            parts.append(_group_table(elements, verbose))
    colour = "green" if result.score >= 75 else "yellow" if result.score >= 60 else "red"
    title = Text.assemble(
        ("法治政府建设年度报告检查  ", "bold"), (f"得分 {result.score:.1f}  等级 {result.grade}", f"bold {colour}")
    )
    return Panel(Group(*parts), title=title, title_align="left", border_style=colour)


def ranking(results: list[ReportResult], errors: list[tuple[str, str]]) -> Table:
    """For several reports: a ranking by score with the number of missing elements."""
    table = Table(title="批量检查排名", box=box.SIMPLE_HEAD)
    for column in ("名次", "文件", "主体类型", "年度", "得分", "等级", "缺失", "部分"):
        table.add_column(column, no_wrap=column != "文件")
    for rank, result in ranked(tuple(results)):
        partial = result.partial_count
        table.add_row(
            str(rank),
            Text(result.path),
            result.profile_name,
            str(result.year or "?"),
            f"{result.score:.1f}",
            result.grade,
            str(result.missing_count),
            str(partial),
        )
    for path, message in errors:
        table.add_row("–", Text(path), "", "", "", Text("无法读取", style="red"), "", Text(message, style="red"))
    return table


def coverage_table(run: Run, verbose: bool = False) -> Table:
    """For a batch: which elements most reports miss, with pass / partial / fail counts."""
    rows = [c for c in most_missed(run.coverage) if c.missed]
    shown = rows if verbose else rows[:COVERAGE_ROWS]
    caption = f"按缺失、部分的报告数排序；共 {len(rows)} 项有报告未完全具备"
    if len(shown) < len(rows):
        caption += f"，显示前 {len(shown)} 项（--verbose 显示全部）"
    table = Table(title="要素覆盖情况", caption=caption, box=box.SIMPLE_HEAD)
    for column in ("要素", "ID", "通过", "部分", "缺失", "不适用"):
        table.add_column(column, justify="right" if column in ("通过", "部分", "缺失", "不适用") else "left")
    for item in shown:
        counts = item.counts
        table.add_row(
            item.name,
            Text(item.id, style="dim"),
            str(counts[PASS]),
            Text(str(counts[PARTIAL]), style="yellow" if counts[PARTIAL] else ""),
            Text(str(counts[FAIL]), style="red" if counts[FAIL] else ""),
            str(counts[NOT_APPLICABLE]),
        )
    return table


def render_run(run: Run, console: Console, verbose: bool = False) -> None:
    """Every report's scorecard; for a batch, then the ranking and the coverage table."""
    for result in run.results:
        console.print(scorecard(result, verbose))
    if run.is_batch:
        console.print(ranking(list(run.results), list(run.errors)))
        if run.results:
            console.print(coverage_table(run, verbose))
