"""A copy of the report as a Word file with comments (批注), the way a reviewer returns a report.

For a .docx report the copy is the original file with comments added (its paragraphs, styles and
layout untouched; the original is never written); for any other input, a clean .docx of the text.
Comments (author "fzcheck"):
- one summary on the title: score, grade, why the grade is capped, what to fix first;
- one on each evidence paragraph of a partial element: what is missing, how to fix it, the basis;
- one per missing element where it belongs (the heading of its section, or the heading before which
  it should come), or on the title when the report has no such place.
Absent optional elements get no comment: they are not problems.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from checker.errors import FzcheckError
from checker.render.files import DOCX_STATUS
from checker.render.model import Run, points_lost, problems
from checker.results import FAIL, PARTIAL, STATUS_LABELS, ElementVerdict, ReportResult

AUTHOR = "fzcheck"
INITIALS = "fz"
# Where a missing element belongs: the section kinds to comment on, best first, each with how the
# comment says it ("补写在本部分" on the section itself, "在此之前补写" on the section that should follow).
IN, BEFORE = "在本部分补写", "在此之前补写"
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "section.measures_results": (("shortcomings", BEFORE), ("first_responsible", BEFORE), ("plan", BEFORE)),
    "section.shortcomings": (("plan", BEFORE), ("other_matters", BEFORE)),
    "section.causes": (("shortcomings", IN), ("causes", IN), ("plan", BEFORE)),
    "section.first_responsible": (("shortcomings", BEFORE), ("plan", BEFORE)),
    "section.next_year_plan": (("other_matters", BEFORE),),
    "quality.shortcomings_substance": (("shortcomings", IN),),
    "quality.plan_specificity": (("plan", IN),),
    "quality.plan_links_shortcomings": (("plan", IN),),
}
# Content elements belong among the achievements.
CONTENT_PLACE = (("measures_results", IN),)


@dataclass(frozen=True)
class Note:
    """One comment: the report line (paragraph number) it is anchored on, and its paragraphs of text."""

    line: int
    paragraphs: tuple[str, ...]


def _advice(element: ElementVerdict) -> list[str]:
    parts = []
    if element.missing:
        parts.append(f"缺少：{element.missing}")
    if element.fix:
        parts.append(f"建议：{element.fix}")
    if element.basis:
        parts.append(f"依据：{element.basis}")
    return parts


def _title_line(result: ReportResult) -> int:
    title = next((line for line, kind, _ in result.outline if kind == "title"), None)
    if title is not None:
        return title
    return next((number for number, text in result.lines if text.strip()), 1)


def _place(element: ElementVerdict, result: ReportResult) -> tuple[int, str]:
    """The line a missing element's comment goes on, and how the comment says where to write."""
    wanted = PLACES.get(element.id) or (CONTENT_PLACE if element.group == "content" else ())
    for kind, relation in wanted:
        line = next((line for line, found, _ in result.outline if found == kind), None)
        if line is not None:
            return line, relation
    return _title_line(result), "报告中没有对应的部分，请按建议补写"


def notes(result: ReportResult) -> list[Note]:
    """Every comment of the copy: the summary first, then one per partial evidence paragraph and one per
    missing element, in the order of the problems list (most points lost first)."""
    title = _title_line(result)
    summary = [f"fzcheck 检查结果：得分 {result.score:.1f}，等级 {result.grade}。"]
    summary += [f"等级不高于{cap.cap}：{cap.reason}。" for cap in result.caps]
    found = problems(result)
    if found:
        summary.append("先补这几项（按失分排序）：")
        summary += [
            f"{index}. {element.name}（{STATUS_LABELS[element.status]}，失 {points_lost(element):g} 分）"
            for index, element in enumerate(found, start=1)
        ]
    else:
        summary.append("没有缺失或部分具备的计分要素。")
    out = [Note(title, tuple(summary))]
    for element in found:
        label = STATUS_LABELS[element.status]
        lines = sorted({e.line for e in element.evidence if e.line > 0}) if element.status == PARTIAL else []
        if lines:
            for line in lines:
                out.append(Note(line, (f"【{label}】{element.name}", *_advice(element))))
        elif element.status in (FAIL, PARTIAL):
            line, relation = _place(element, result)
            out.append(Note(line, (f"【{label}】{element.name}：{relation}", *_advice(element))))
    return out


# ---------------------------------------------------------------- the Word file


def _original_bytes(result: ReportResult, original: Path | bytes | None) -> bytes | None:
    """The report's own .docx when there is one: given, or read (read only) from its path."""
    if isinstance(original, bytes):
        return original
    if result.format != "docx":
        return None
    path = original or Path(result.path)
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _numbered_paragraphs(document) -> dict[int, object]:
    """Paragraph number (as the reader numbered it) → the w:p to anchor on (a table: its first paragraph)."""
    from checker.read.formats.docx import numbered_blocks

    found = {}
    for number, block in enumerate(numbered_blocks(document.element.body), start=1):
        paragraph = block if block.tag.endswith("}p") else next(block.iter(block.tag.rsplit("}", 1)[0] + "}p"), None)
        if paragraph is not None:
            found[number] = paragraph
    return found


def _clean_document(result: ReportResult):
    """A plain .docx of the report's text: one paragraph per line, the title and headings styled."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    kinds = {line: kind for line, kind, _ in result.outline}
    found = {}
    for number, text in result.lines:
        if not text.strip() or number in found:
            continue
        kind = kinds.get(number)
        if kind == "title":
            paragraph = document.add_paragraph(text.strip(), style="Title")
        elif kind is not None:
            paragraph = document.add_paragraph(text.strip(), style="Heading 2")
        else:
            paragraph = document.add_paragraph(text)
        found[number] = paragraph._p
    return document, found


def _runs(paragraph_element, document) -> list:
    """The runs to anchor a comment on: the paragraph's own, or any inside it (hyperlinks, fields), or a
    new empty run when the paragraph has none."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run as WordRun

    paragraph = Paragraph(paragraph_element, document._body)
    if paragraph.runs:
        return paragraph.runs
    inner = [WordRun(r, paragraph) for r in paragraph_element.iter(paragraph_element.tag.rsplit("}", 1)[0] + "}r")]
    return inner or [paragraph.add_run("")]


def _nearest(number: int, paragraphs: dict[int, object]) -> object:
    """The paragraph numbered `number`, or the nearest one before it (a blank line), or the first."""
    candidates = [n for n in paragraphs if n <= number]
    return paragraphs[max(candidates)] if candidates else paragraphs[min(paragraphs)]


def annotated(result: ReportResult, original: Path | bytes | None = None) -> bytes:
    """The report as a .docx with fzcheck's comments."""
    import docx

    data = _original_bytes(result, original)
    if data is not None:
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises many kinds on a broken package; their names mean nothing to a user
            raise FzcheckError(
                f"{result.path}: 无法打开原 Word 文件写入批注（文件损坏或不是 Word 文档）；请用 Word/WPS 另存为 .docx 后再试"
            ) from None
        paragraphs = _numbered_paragraphs(document)
    else:
        document, paragraphs = _clean_document(result)
    if not paragraphs:
        paragraphs = {1: document.add_paragraph(result.title or "（空报告）")._p}
    for note in notes(result):
        runs = _runs(_nearest(note.line, paragraphs), document)
        comment = document.add_comment(runs, text=note.paragraphs[0], author=AUTHOR, initials=INITIALS)
        for text in note.paragraphs[1:]:
            comment.add_paragraph(text)
    # The mark that lets a later run skip this copy when it walks the folder.
    document.core_properties.content_status = DOCX_STATUS
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(run: Run, original: Path | bytes | None = None) -> bytes:
    """The Word copy of the one report of `run` (a batch needs a directory: one copy per report)."""
    if len(run.results) != 1:
        raise FzcheckError("带批注的 Word 文件一份报告一个：批量检查请用 -f docx:目录/")
    return annotated(run.results[0], original)
