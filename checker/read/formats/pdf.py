"""PDF reports: the text layer, page by page, as paragraphs.

A PDF has no paragraphs, only positioned lines. The loader drops what repeats on every page (running
headers, footers, page numbers), then rejoins the lines the layout wrapped: a line that fills the text
width and does not end a sentence continues on the next line, unless that one starts a heading
(一、 （一） 1. 一是). Each paragraph keeps where its first line is: `number` is that line's running
number in the document and `location` reads "第P页第L行", counting only text lines (not headers, footers
or page numbers).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from checker.errors import InputError
from checker.read.source import SourceDocument, SourceLine

MAX_PAGES = 500
# Fewer visible characters than this in the whole text layer: the PDF is pictures of pages.
_MIN_TEXT_CHARS = 20

_SENTENCE_END = set("。！？；：!?;:")
_CLOSERS = "”’」』）)》\"'"
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)|[一二三四五六七八九十]+是"
    r"|第[一二三四五六七八九十百\d]+[章节条部分]|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_PAGE_NUMBER = re.compile(
    r"^[-－—–\s]*\d{1,4}[-－—–\s]*$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
    r"|^(?:page\s*)?\d+(?:\s*of\s*\d+)?$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# How many lines at the top and bottom of a page are looked at for running headers and footers.
_EDGE_LINES = 2
_MIN_REPEAT_SHARE = 0.5
# Share of lines starting about two characters in, from which indents are taken to mark paragraphs.
_MIN_INDENTED_SHARE = 0.08


@dataclass
class _Line:
    """One text line of a page with its horizontal extent (PDF points) and the size of its characters."""

    text: str
    left: float
    right: float
    top: float
    em: float


def load_pdf(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """Load a PDF report; `encoding` does not apply to PDFs and is ignored."""
    import pypdfium2 as pdfium  # lazy: only PDF input pays for the PDF library

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(path, "PDF 已加密，需要密码才能打开；请提供未加密的版本") from None
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_SECURITY:
            raise InputError(path, "PDF 使用了不支持的加密方式，无法读取；请提供未加密的版本") from None
        raise InputError(
            path, "无法作为 PDF 打开（文件损坏、不完整或不是 PDF）；请重新导出或重新下载后再检查"
        ) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(path, f"PDF 有 {len(pdf)} 页，超过 {MAX_PAGES} 页的上限")
        pages = [_page_lines(pdf, index, pdfium) for index in range(len(pdf))]
    except pdfium.PdfiumError:
        raise InputError(
            path, "PDF 中有无法读取的页面（文件损坏或不完整）；请重新导出或重新下载 PDF 后再检查"
        ) from None
    finally:
        pdf.close()
    if sum(len(line.text.replace(" ", "")) for page in pages for line in page) < _MIN_TEXT_CHARS:
        raise InputError(path, "PDF 看起来是扫描图像，没有文字层；需要先做 OCR 文字识别")
    pages = drop_running_lines(pages)
    return SourceDocument(path=path, format="pdf", lines=tuple(join_paragraphs(pages)))


def _page_lines(pdf, index: int, pdfium) -> list[_Line]:
    """A page's text lines in pdfium's reading order, with the geometry the rejoining needs."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        lines: list[_Line] = []
        chars: list[str] = []
        boxes: list[tuple[float, float, float, float]] = []
        count = textpage.count_chars()
        for i in range(count):
            code = pdfium.raw.FPDFText_GetUnicode(textpage, i)
            if code == 10 or code == 13:
                if code == 10:
                    _finish_line(chars, boxes, lines)
                continue
            if code == 0xFFFE or code == 0:
                continue  # pdfium's marker for a soft hyphen / a char it could not map
            if code in (0x20, 0xA0) and pdfium.raw.FPDFText_IsGenerated(textpage, i) == 1:
                chars.append("\x00")  # a gap pdfium guessed; decided once the neighbours are known
                boxes.append((0.0, 0.0, 0.0, 0.0))
                continue
            chars.append(chr(code))
            boxes.append(textpage.get_charbox(i))
        _finish_line(chars, boxes, lines)
        return lines
    finally:
        textpage.close()
        page.close()


def _finish_line(chars: list[str], boxes: list, lines: list[_Line]) -> None:
    text = _resolve_gaps(chars)
    real = [box for ch, box in zip(chars, boxes, strict=True) if ch.strip() and ch != "\x00" and box[2] > box[0]]
    chars.clear()
    boxes.clear()
    if not text.strip() or not real:
        return
    widths = [right - left for left, _, right, _ in real]
    heights = [top - bottom for _, bottom, _, top in real]
    em = max(statistics.median(widths), statistics.median(heights), 1.0)
    lines.append(
        _Line(
            text=text.strip(),
            left=min(box[0] for box in real),
            right=max(box[2] for box in real),
            top=max(box[3] for box in real),
            em=em,
        )
    )


def _resolve_gaps(chars: list[str]) -> str:
    """Keep a guessed space between Latin words; drop it next to Chinese, where layout spacing (such as
    the gap Word and LibreOffice put between 2023 and 年) is no character of the text."""
    out: list[str] = []
    for i, ch in enumerate(chars):
        if ch != "\x00":
            out.append(ch)
            continue
        before = out[-1] if out else ""
        after = next((c for c in chars[i + 1 :] if c != "\x00"), "")
        if before and after and not _CJK.match(before) and not _CJK.match(after) and before != " ":
            out.append(" ")
    return "".join(out)


def drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers, and headers/footers that repeat (digits aside) at the same edge of most pages."""
    edge_counts: Counter[str] = Counter()
    for page in pages:
        edge_counts.update({_shape(line.text) for line in _edges(page)})
    threshold = max(2, _MIN_REPEAT_SHARE * len(pages))
    kept = []
    for page in pages:
        edges = {id(line) for line in _edges(page)}
        kept.append(
            [
                line
                for line in page
                if id(line) not in edges
                or not (
                    _PAGE_NUMBER.match(line.text) or (len(pages) > 1 and edge_counts[_shape(line.text)] >= threshold)
                )
            ]
        )
    return kept


def _edges(page: list[_Line]) -> list[_Line]:
    by_height = sorted(page, key=lambda line: -line.top)
    return by_height[:_EDGE_LINES] + by_height[-_EDGE_LINES:]


def _shape(text: str) -> str:
    """A header's identity across pages: the same words, whatever page number it carries."""
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def join_paragraphs(pages: list[list[_Line]]) -> list[SourceLine]:
    """Rejoin wrapped lines into paragraphs, across page breaks too."""
    indents = _uses_indents(pages)
    paragraphs: list[SourceLine] = []
    text = ""
    start = (0, 0, 0)  # running number, page, line on page
    running = 0
    previous: _Line | None = None
    for page_number, page in enumerate(pages, start=1):
        margins = _margins(page)
        for line_number, line in enumerate(page, start=1):
            running += 1
            if previous is not None and _continues(previous, line, margins, indents):
                text += _glue(text, line.text) + line.text
            else:
                if previous is not None:
                    paragraphs.append(_paragraph(text, start))
                text, start = line.text, (running, page_number, line_number)
            previous = line
        # The page's full width decides whether its last line wraps onto the next page.
        if previous is not None:
            previous = _with_margins(previous, margins)
    if previous is not None:
        paragraphs.append(_paragraph(text, start))
    return paragraphs


def _paragraph(text: str, start: tuple[int, int, int]) -> SourceLine:
    running, page, line = start
    return SourceLine(text=text, number=running, location=f"第{page}页第{line}行")


def _margins(page: list[_Line]) -> tuple[float, float]:
    """The text block's left and right edges on a page."""
    if not page:
        return 0.0, 0.0
    return min(line.left for line in page), max(line.right for line in page)


def _with_margins(line: _Line, margins: tuple[float, float]) -> _Line:
    # Remember whether the page's last line was full, measured against its own page.
    full = line.right >= margins[1] - 2 * line.em
    return _Line(text=line.text, left=line.left, right=1e9 if full else -1e9, top=line.top, em=line.em)


def _continues(previous: _Line, line: _Line, margins: tuple[float, float], indents: bool) -> bool:
    """Whether `line` goes on the paragraph `previous` ended: previous was full and left a sentence open."""
    if _HEADING.match(line.text):
        return False
    left, right = margins
    if previous.right < right - 2 * previous.em:
        return False  # a short line ends its paragraph (a heading, a title, a paragraph's last line)
    indented = line.left - left >= 1.5 * line.em
    if indented:
        return False  # a first-line indent of about two characters starts a new paragraph
    stripped = previous.text.rstrip(_CLOSERS + " ")
    if stripped and stripped[-1] in _SENTENCE_END:
        # A sentence can end exactly at the margin mid-paragraph; where paragraphs are marked by
        # first-line indents, an unindented next line shows the paragraph goes on.
        return indents
    return bool(stripped)


def _uses_indents(pages: list[list[_Line]]) -> bool:
    """Whether paragraphs are marked by first-line indents: many lines start about two characters in."""
    lines = indented = 0
    for page in pages:
        left, _ = _margins(page)
        for line in page:
            lines += 1
            indented += 1.5 * line.em <= line.left - left <= 4 * line.em
    return lines > 0 and indented / lines >= _MIN_INDENTED_SHARE


def _glue(before: str, after: str) -> str:
    """Nothing between Chinese characters; a space where a Latin word was wrapped."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalpha():
        return " "
    return ""
