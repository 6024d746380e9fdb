"""The scorecard a person reads in a terminal, in Chinese: why the grade is capped (if it is), then what to
fix first (problems ordered by points lost, each with its fix), then every element grouped 结构/内容/质量
with its evidence and line. `problems_only` stops after the problems; a batch ends with the ranking and
the coverage table, which `summary_only` prints alone."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.render.model import (
    Run,
    is_optional_absent,
    most_missed,
    points_lost,
    problems,
    short_paths,
    status_counts,
    status_label,
)
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
    PASS: ("✓", "green"),
    PARTIAL: ("◐", "yellow"),
    FAIL: ("✗", "red"),
    NOT_APPLICABLE: ("–", "bright_black"),
    UNKNOWN: ("?", "cyan"),
}
OPTIONAL_MARK = ("–", "bright_black")


def _mark(element: ElementVerdict) -> Text:
    """The status mark and label; an absent optional element is grey 未写（可选）, never a red ✗."""
    symbol, style = OPTIONAL_MARK if is_optional_absent(element) else MARKS[element.status]
    return Text(f"{symbol} {status_label(element)}", style=style)


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
        optional = is_optional_absent(element)
        if element.missing:
            style = "bold" if optional else "bold red" if element.status == FAIL else "bold yellow"
            text.append("缺少：", style=style)
            text.append(element.missing + "\n")
        if element.fix:
            text.append("建议：", style="bold")
            text.append(element.fix + "\n")
        if element.basis and (verbose or (element.status == FAIL and not optional)):
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
        name = _mark(element)
        name.append("\n" + element.name)
        if element.weight == 0:
            name.append("（不计分）", style="dim")
        table.add_row(name, _explanation(element, verbose))
    return table


def _header(result: ReportResult) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    # Text, not str: a path or a title may contain [brackets] that rich would read as markup.
    grid.add_row("文件", Text(result.path))
    grid.add_row("标题", Text(result.title or "（未识别到标题）"))
    grid.add_row("报告主体", Text(result.issuer or "（未识别）"))
    grid.add_row("报告年度", str(result.year) if result.year else "（未识别）")
    grid.add_row(
        "主体类型",
        f"{result.profile_name}（{PROFILE_SOURCE_LABELS.get(result.profile_source, result.profile_source)}）",
    )
    grid.add_row("发布日期", result.published or "（未知）")
    grid.add_row("要素", "，".join(f"{label} {n}" for label, n in status_counts(result).items()))
    return grid


def caps_text(result: ReportResult) -> Text | None:
    """Why the grade is capped, one line per veto: what a reader must see before anything else."""
    if not result.caps:
        return None
    text = Text()
    for cap in result.caps:
        text.append(f"✗等级不高于{cap.cap}：", style="bold red")
        text.append(cap.reason + "\n")
    text.rstrip()
    return text


def problems_table(result: ReportResult) -> Table | Text:
    """The problems ordered by points lost (缺失 before 部分 on equal loss), each with its fix."""
    found = problems(result)
    if not found:
        return Text("没有缺失或部分具备的计分要素。", style="green")
    table = Table(
        title="先补这几项（按失分排序）", title_justify="left", box=box.SIMPLE_HEAD, expand=True, pad_edge=False
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("要素", ratio=2, overflow="fold")
    table.add_column("失分", justify="right", no_wrap=True)
    table.add_column("怎么补", ratio=5, overflow="fold")
    for index, element in enumerate(found, start=1):
        name = _mark(element)
        name.append("\n" + element.name)
        advice = Text()
        if element.missing:
            advice.append("缺少：", style="bold")
            advice.append(element.missing + "\n")
        advice.append(element.fix or "")
        advice.rstrip()
        table.add_row(str(index), name, f"{points_lost(element):g}", advice)
    return table


def scorecard(result: ReportResult, verbose: bool = False, problems_only: bool = False) -> Panel:
    """One report's scorecard as a renderable panel: caps, header, problems, then every element."""
    parts: list = []
    capped = caps_text(result)
    if capped is not None:
        parts += [capped, Text("")]
    parts += [_header(result), Text(""), problems_table(result)]
    if not problems_only:
        for group, label in GROUP_LABELS.items():
            elements = [e for e in result.elements if e.group == group]
            if elements:
                parts.append(Text(f"\n{label}", style="bold underline"))
                parts.append(_group_table(elements, verbose))
    colour = "red" if result.caps else "green" if result.score >= 75 else "yellow" if result.score >= 60 else "red"
    grade = result.grade
    if result.grade_by_score and result.grade_by_score != result.grade:
        grade += f"（按得分为{result.grade_by_score}）"
    title = Text.assemble(
        ("法治政府建设年度报告检查  ", "bold"), (f"得分 {result.score:.1f}  等级 {grade}", f"bold {colour}")
    )
    return Panel(Group(*parts), title=title, title_align="left", border_style=colour)


# Below these widths the ranking leaves out the year, then the file and the partial count (the 报告主体
# still names the report).
WIDTH_FOR_YEAR = 72
WIDTH_FOR_FILE = 56


def ranking(
    results: list[ReportResult], errors: list[tuple[str, str]], width: int = 120, grades: tuple[str, ...] = ()
) -> Group:
    """For several reports: a ranking by score, then the files that could not be read, listed below so the
    table keeps its columns; on a narrow terminal the year and then the file column are left out."""
    with_year, with_file = width >= WIDTH_FOR_YEAR, width >= WIDTH_FOR_FILE
    table = Table(title="批量检查排名", box=box.SIMPLE_HEAD, expand=True, pad_edge=False, collapse_padding=True)
    table.add_column("名次", justify="right", no_wrap=True)
    table.add_column("报告主体", ratio=3, overflow="fold", min_width=6)
    if with_year:
        table.add_column("年度", no_wrap=True)
    if with_file:
        table.add_column("文件", ratio=4, overflow="fold", min_width=8)
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("等级", no_wrap=True)
    table.add_column("缺失", justify="right", no_wrap=True)
    if with_file:
        table.add_column("部分", justify="right", no_wrap=True)
    shown = short_paths([r.path for r in results] + [path for path, _ in errors])
    for rank, result in ranked(tuple(results), grades):
        grade = Text(result.grade + ("*" if result.caps else ""), style="red" if result.caps else "")
        cells: list = [str(rank), Text(result.issuer or "（未识别）")]
        cells += [str(result.year or "?")] if with_year else []
        cells += [Text(shown[result.path])] if with_file else []
        cells += [f"{result.score:.1f}", grade, str(result.missing_count)]
        cells += [str(result.partial_count)] if with_file else []
        table.add_row(*cells)
    parts: list = [table]
    if any(r.caps for r in results):
        parts.append(Text("* 缺少法定章节，等级不高于规则集规定的上限（见该报告评分卡开头）", style="dim"))
    if errors:
        listing = Text(f"无法读取 {len(errors)} 份：\n", style="bold red")
        for path, message in errors:
            listing.append(f"  {shown[path]}：", style="red")
            listing.append(message + "\n")
        listing.rstrip()
        parts.append(listing)
    return Group(*parts)


def coverage_table(run: Run, verbose: bool = False) -> Table:
    """For a batch: which elements most reports miss, with pass / partial / fail counts."""
    rows = [c for c in most_missed(run.coverage) if c.missed]
    shown = rows if verbose else rows[:COVERAGE_ROWS]
    caption = f"按缺失、部分的报告数排序；共 {len(rows)} 项有报告未完全具备"
    if len(shown) < len(rows):
        caption += f"，显示前 {len(shown)} 项（--verbose 显示全部）"
    table = Table(title="要素覆盖情况", caption=caption, box=box.SIMPLE_HEAD)
    table.add_column("要素", overflow="fold")
    if verbose:
        table.add_column("ID", overflow="fold")
    for column in ("通过", "部分", "缺失", "不适用"):
        table.add_column(column, justify="right", no_wrap=True)
    for item in shown:
        counts = item.counts
        cells: list = [item.name]
        if verbose:
            cells.append(Text(item.id, style="dim"))
        cells += [
            str(counts[PASS]),
            Text(str(counts[PARTIAL]), style="yellow" if counts[PARTIAL] else ""),
            Text(str(counts[FAIL]), style="red" if counts[FAIL] else ""),
            str(counts[NOT_APPLICABLE]),
        ]
        table.add_row(*cells)
    return table


def render_run(
    run: Run, console: Console, verbose: bool = False, problems_only: bool = False, summary_only: bool = False
) -> None:
    """Every report's scorecard (unless `summary_only`); for a batch, then the ranking and coverage."""
    if not summary_only:
        for result in run.results:
            console.print(scorecard(result, verbose, problems_only))
    if run.is_batch or summary_only:
        console.print(ranking(list(run.results), list(run.errors), console.width, run.grades))
        if run.results and run.is_batch:
            console.print(coverage_table(run, verbose))
