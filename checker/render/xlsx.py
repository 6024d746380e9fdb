"""An Excel workbook for the reviewer who tracks a batch in a spreadsheet (openpyxl).

Sheets:
- 排名: one row per report, best first: 名次, 报告主体, 年度, 类型, 得分, 等级, 缺失, 部分, the missing
  elements by name, 文件, and 等级说明 (why the grade is capped whatever the score, if it is).
- 要素矩阵: report × element, each cell the status (通过/部分/缺失/…), filled in the status colour.
- 覆盖: per element, how many reports pass, are partial, miss it…, most missed first.
- 无法读取: the inputs that could not be read, and why.
Report text never becomes a formula: every text cell is stored as a string.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checker import __version__
from checker.render.model import Run, is_optional_absent, most_missed, ranking, status_label
from checker.results import FAIL, GROUP_LABELS, NOT_APPLICABLE, PARTIAL, PASS, UNKNOWN

# Light fills a printed sheet can still be read on; the optional-absent cell is grey, never red.
FILLS = {
    PASS: "C8E6C9",
    PARTIAL: "FFF59D",
    FAIL: "FFCDD2",
    NOT_APPLICABLE: "E0E0E0",
    UNKNOWN: "B3E5FC",
    "optional": "EEEEEE",
}
_HEADER = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """A row whose text cells stay text: openpyxl would store "=…" as a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _header(sheet: Worksheet, names: Sequence[str], widths: Sequence[float]) -> None:
    _append(sheet, names)
    for cell in sheet[1]:
        cell.font = _HEADER
        cell.alignment = _WRAP
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _ranking(sheet: Worksheet, run: Run) -> None:
    columns = ("名次", "报告主体", "年度", "类型", "得分", "等级", "缺失", "部分", "缺失的要素", "文件", "等级说明")
    _header(sheet, columns, (6, 24, 8, 12, 8, 8, 6, 6, 60, 40, 60))
    for rank, result in ranking(run.results, run.grades):
        missing = [e.name for e in result.elements if e.status == FAIL and not is_optional_absent(e)]
        _append(
            sheet,
            [
                rank,
                result.issuer or "（未识别）",
                result.year,
                result.profile_name,
                result.score,
                result.grade,
                result.missing_count,
                result.partial_count,
                "、".join(missing),
                result.path,
                "；".join(c.reason for c in result.caps),
            ],
        )
    sheet.auto_filter.ref = sheet.dimensions


def _matrix(sheet: Worksheet, run: Run) -> None:
    ids = [c.id for c in run.coverage]
    names = {c.id: c.name for c in run.coverage}
    _header(sheet, ["报告主体", "得分", *(names[i] for i in ids)], (24, 8, *(10 for _ in ids)))
    sheet.row_dimensions[1].height = 60
    sheet.freeze_panes = "C2"
    fills = {key: _fill(colour) for key, colour in FILLS.items()}
    for _, result in ranking(run.results, run.grades):
        by_id = {e.id: e for e in result.elements}
        row = [result.issuer or result.path, result.score]
        row += [status_label(by_id[i]) if i in by_id else "" for i in ids]
        _append(sheet, row)
        for column, element_id in enumerate(ids, start=3):
            element = by_id.get(element_id)
            if element is not None:
                key = "optional" if is_optional_absent(element) else element.status
                sheet.cell(row=sheet.max_row, column=column).fill = fills[key]


def _coverage(sheet: Worksheet, run: Run) -> None:
    columns = ("要素", "编号", "分组", "通过", "部分", "缺失", "不适用", "无法判断", "计分")
    _header(sheet, columns, (28, 34, 8, 8, 8, 8, 8, 10, 6))
    for item in most_missed(run.coverage):
        counts = item.counts
        _append(
            sheet,
            [
                item.name,
                item.id,
                GROUP_LABELS.get(item.group, item.group),
                counts[PASS],
                counts[PARTIAL],
                counts[FAIL],
                counts[NOT_APPLICABLE],
                counts[UNKNOWN],
                "是" if item.scored else "否",
            ],
        )
    sheet.auto_filter.ref = sheet.dimensions


def _errors(sheet: Worksheet, run: Run) -> None:
    _header(sheet, ("文件", "原因"), (50, 80))
    for path, problem in run.errors:
        _append(sheet, [path, problem])


def render(run: Run) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    book = Workbook()
    sheets = {"排名": _ranking, "要素矩阵": _matrix, "覆盖": _coverage, "无法读取": _errors}
    first = True
    for title, fill in sheets.items():
        sheet = book.active if first else book.create_sheet()
        sheet.title = title
        fill(sheet, run)
        first = False
    book.properties.creator = f"fzcheck {__version__}"
    book.properties.title = "法治政府建设年度报告检查"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
