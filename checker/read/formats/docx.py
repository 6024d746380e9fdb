""".docx reports: body paragraphs and table cells in reading order, with Word's automatic numbering
written out the way Word shows it.

A heading such as "一、存在的不足" is often typed as "存在的不足" with the "一、" supplied by a numbering
definition; the rules look for the visible label, so it is rebuilt from numbering.xml. Headers, footers,
footnotes and comments are not part of the report's text and are left out.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.read.source import SourceDocument, SourceLine

# A .docx is a zip; its central directory says how large every member will be once inflated (and
# Python's zipfile never inflates a member past that size), so a bomb is caught before any parsing.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Deflated XML of a real document shrinks 5-30 times; a large member that shrank by more than this
# was built to explode.
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_MIN_BYTES = 10 * 1024 * 1024
# A .doc conversion by LibreOffice takes a few seconds; one that hangs must not hang the check.
CONVERT_TIMEOUT_SECONDS = 120

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# Subtrees whose text is not part of the paragraph as read: deleted revisions, and drawings/text boxes
# (whose text Word stores twice, in mc:Choice and mc:Fallback).
_SKIP = {_w("del"), _w("drawing"), _w("pict"), _w("object"), f"{{{_MC}}}AlternateContent", _w("txbxContent")}
_BREAKS = {_w("br"), _w("cr")}


def load_docx(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """Load a .docx report; `encoding` is meaningless for a zip container and ignored."""
    check_zip(data, path)
    import docx  # lazy: a plain-text run never pays for python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = Numbering.from_document(document)
    # python-docx raises KeyError, ValueError, lxml and zlib errors... on a broken package: all mean the same.
    # The library's text (often English, about zip members or XML) would not help: say what to do.
    except Exception:
        raise InputError(
            path, "无法作为 .docx 打开（文件损坏或不是 Word 文档）；请用 Word/WPS 打开后另存为 .docx 再检查"
        ) from None
    return SourceDocument(path=path, format="docx", lines=tuple(_body_lines(body, numbering)))


def load_doc(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """A .doc or .wps report: converted to .docx by LibreOffice when it is installed, else refused with
    the conversion to do by hand. Line numbers are those of the converted document's paragraphs."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            path,
            f"不能直接读取 {_suffix(path)} 文件：请用 Word/WPS 另存为 .docx，"
            f"或运行 soffice --headless --convert-to docx {os.path.basename(path) or '文件名'}",
        )
    with tempfile.TemporaryDirectory(prefix="fzcheck-") as tmp:
        source = os.path.join(tmp, "report" + (_suffix(path) if _suffix(path) in (".doc", ".wps") else ".doc"))
        with open(source, "wb") as file:
            file.write(data)
        # A private profile: a LibreOffice the user has open (or another conversion) holds the default
        # profile's lock, and soffice would then hand the job to it and exit without converting.
        profile = "file://" + os.path.join(tmp, "profile")
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", tmp]
        try:
            subprocess.run([*command, source], capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"用 LibreOffice 转换为 .docx 超时（{CONVERT_TIMEOUT_SECONDS} 秒）") from None
        converted = os.path.join(tmp, "report.docx")
        if not os.path.exists(converted):
            raise InputError(path, "用 LibreOffice 转换为 .docx 失败；请用 Word/WPS 另存为 .docx 后再检查")
        with open(converted, "rb") as file:
            converted_data = file.read()
    document = load_docx(converted_data, path)
    return SourceDocument(path=path, format="doc", lines=document.lines, metadata=document.metadata)


def load_ofd(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """OFD (the Chinese fixed-layout format) has no reader here, and LibreOffice cannot convert it."""
    raise InputError(path, "不能读取 .ofd 文件：请用 OFD 阅读器（数科、福昕等）另存为 PDF 或 .docx 后再检查")


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def check_zip(data: bytes, path: str) -> None:
    """Refuse what is not a zip, a damaged zip, and a zip bomb, from the central directory alone."""
    if not data.startswith(b"PK"):
        raise InputError(path, "不是有效的 .docx 文件（不是 ZIP 压缩包；若是旧版 .doc，请另存为 .docx）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(
            path, "不是有效的 .docx 文件（ZIP 结构损坏，文件可能不完整或被截断）；请重新保存或重新下载"
        ) from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            path,
            f"解压后超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB（{total // (1024 * 1024)} MB），疑似压缩炸弹，拒绝读取",
        )
    for member in members:
        if member.file_size > _RATIO_CHECK_MIN_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise InputError(path, f"压缩比异常（{member.filename}），疑似压缩炸弹，拒绝读取")
    # A zip that is not a Word package (python-docx would say so in English, naming a zip member).
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise InputError(
            path,
            "不是有效的 .docx 文件（是 ZIP 压缩包，但里面没有 Word 文档的正文）；请用 Word/WPS 另存为 .docx 再检查",
        )


# --- body traversal --------------------------------------------------------------------------------


def _body_lines(body, numbering: Numbering) -> Iterator[SourceLine]:
    """Paragraphs and tables in body order; each body paragraph and each table takes one number."""
    tables = 0
    for position, element in enumerate(_block_children(body), start=1):
        if element.tag == _w("p"):
            text = numbering.label(element) + paragraph_text(element)
            # A soft line break shows as a new line in Word: keep it one, under the paragraph's number.
            for part in text.split("\n"):
                yield SourceLine(text=part, number=position, location=f"第{position}段")
        else:
            tables += 1
            yield from _table_lines(element, position, tables, numbering)


def numbered_blocks(body) -> Iterator:
    """The body's w:p and w:tbl elements in the order that gives them their numbers (第N段): what the
    Word copy with comments uses to find the paragraph a piece of evidence points at."""
    return _block_children(body)


def _block_children(parent) -> Iterator:
    """Block-level w:p and w:tbl children, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _block_children(content)


def _table_lines(table, position: int, table_number: int, numbering: Numbering) -> Iterator[SourceLine]:
    """One line per visible cell; a cell merged into its left or upper neighbour is not repeated."""
    for row_index, row in enumerate(table.iterfind(_w("tr")), start=1):
        column = _grid_before(row)
        for cell in row.iterfind(_w("tc")):
            span, continues_above = _cell_span(cell)
            if not continues_above:
                texts = [numbering.label(p) + paragraph_text(p) for p in _cell_paragraphs(cell)]
                text = " ".join(t.replace("\n", " ").strip() for t in texts if t.strip())
                yield SourceLine(
                    text=text, number=position, location=f"表格{table_number} 第{row_index}行第{column + 1}列"
                )
            column += span


def _grid_before(row) -> int:
    before = row.find(f"{_w('trPr')}/{_w('gridBefore')}")
    return int(before.get(_w("val"), "0")) if before is not None else 0


def _cell_span(cell) -> tuple[int, bool]:
    """How many grid columns a cell covers, and whether it continues a vertical merge from above."""
    properties = cell.find(_w("tcPr"))
    if properties is None:
        return 1, False
    span_element = properties.find(_w("gridSpan"))
    span = int(span_element.get(_w("val"), "1")) if span_element is not None else 1
    merge = properties.find(_w("vMerge"))
    continues = merge is not None and merge.get(_w("val"), "continue") == "continue"
    return max(span, 1), continues


def _cell_paragraphs(cell) -> Iterator:
    """Every paragraph in a cell, including those of tables nested in it, in order."""
    for element in _block_children(cell):
        if element.tag == _w("p"):
            yield element
        else:
            for row in element.iterfind(_w("tr")):
                for inner in row.iterfind(_w("tc")):
                    yield from _cell_paragraphs(inner)


def paragraph_text(paragraph) -> str:
    """The characters a paragraph shows, including runs inside hyperlinks, fields, insertions and smart
    tags (python-docx's `Paragraph.text` misses some of these), without deleted text or text boxes."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _w("t"):
            parts.append(child.text or "")
        elif tag == _w("tab"):
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag == _w("pPr"):
            continue
        else:
            _collect(child, parts)


# --- automatic numbering ---------------------------------------------------------------------------


@dataclass
class Level:
    """One level of an abstract numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show all levels' numbers as decimal
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass
class Numbering:
    """numbering.xml and the style bindings, plus the running counters while the body is read."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → ilvl → Level
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → startOverride
    styles: dict[str, tuple[str | None, int | None, str | None]] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_document(cls, document) -> Numbering:
        numbering = cls()
        numbering._read_styles(document.styles.element)
        try:
            part = document.part.part_related_by(_NUMBERING_RELTYPE)
        except KeyError:
            return numbering  # no numbering.xml: nothing is numbered automatically
        numbering._read_numbering(part.element)
        return numbering

    def _read_styles(self, styles) -> None:
        for style in styles.iterfind(_w("style")):
            if style.get(_w("type")) != "paragraph":
                continue
            style_id = style.get(_w("styleId"))
            based = style.find(_w("basedOn"))
            num_id, ilvl = _num_pr(style.find(_w("pPr")))
            self.styles[style_id] = (num_id, ilvl, based.get(_w("val")) if based is not None else None)
            if style.get(_w("default")) in ("1", "true", "on"):
                self.default_style = style_id

    def _read_numbering(self, root) -> None:
        links: dict[str, str] = {}
        for abstract in root.iterfind(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"))
            self.levels[abstract_id] = {
                int(lvl.get(_w("ilvl"), "0")): _read_level(lvl) for lvl in abstract.iterfind(_w("lvl"))
            }
            link = abstract.find(_w("numStyleLink"))
            if link is not None:
                links[abstract_id] = link.get(_w("val"))
        for num in root.iterfind(_w("num")):
            num_id = num.get(_w("numId"))
            abstract = num.find(_w("abstractNumId"))
            if abstract is None:
                continue
            self.nums[num_id] = abstract.get(_w("val"))
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = override.find(_w("startOverride"))
                if start is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = int(start.get(_w("val"), "1"))
                lvl = override.find(_w("lvl"))
                if lvl is not None:  # a level redefined for this num only: give the num its own definition
                    own = f"num{num_id}"
                    self.levels.setdefault(own, dict(self.levels.get(self.nums[num_id], {})))[ilvl] = _read_level(lvl)
                    self.nums[num_id] = own
        # A numStyleLink definition borrows its levels from the list a numbering style points at.
        for abstract_id, style_id in links.items():
            num_id = self.styles.get(style_id, (None, None, None))[0]
            target = self.nums.get(num_id or "")
            if target and self.levels.get(target):
                self.levels[abstract_id] = self.levels[target]

    def label(self, paragraph) -> str:
        """The visible number of a paragraph ("一、", "（二）", "3."), advancing the counters; "" if none."""
        num_id, ilvl = self._numbering_of(paragraph)
        abstract_id = self.nums.get(num_id or "")
        if abstract_id is None or num_id == "0":
            return ""
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        values = self._advance(num_id, abstract_id, ilvl, levels)
        if level.fmt == "bullet":
            return ""  # a bullet glyph (often from a symbol font) is not text worth checking
        label = level.text
        for depth in range(9, -1, -1):  # %10 does not exist; go high to low so "%1" never eats "%11"
            placeholder = f"%{depth + 1}"
            if placeholder in label:
                shown = levels.get(depth, Level())
                fmt = "decimal" if level.legal and depth != ilvl else shown.fmt
                label = label.replace(placeholder, format_number(values.get(depth, shown.start), fmt))
        if not label:
            return ""
        if level.suffix != "nothing" and label[-1].isascii():
            return label + " "  # "1." then a tab or space; after "、" or "）" Word's gap is no character
        return label

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        """numId and level from the paragraph's own numPr, else inherited from its style chain."""
        properties = paragraph.find(_w("pPr"))
        num_id, ilvl = _num_pr(properties)
        style_id = None
        if properties is not None:
            style = properties.find(_w("pStyle"))
            style_id = style.get(_w("val")) if style is not None else None
        style_id = style_id or self.default_style
        if num_id is None:
            num_id, style_ilvl = self._style_numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if ilvl is None:
            ilvl = self._level_bound_to(num_id, style_id)
        return num_id, ilvl

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based_on = self.styles.get(style_id, (None, None, None))
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def _level_bound_to(self, num_id: str | None, style_id: str | None) -> int:
        """A style bound to a list without a level uses the level whose w:pStyle names it."""
        for ilvl, level in self.levels.get(self.nums.get(num_id or "", ""), {}).items():
            if style_id and level.style == style_id:
                return ilvl
        return 0

    def _advance(self, num_id: str, abstract_id: str, ilvl: int, levels: dict[int, Level]) -> dict[int, int]:
        # Word continues one sequence across every num of an abstract definition; a num with a
        # startOverride restarts the level the first time it is used.
        counters = self.counters.setdefault(abstract_id, {})
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = override - 1
        current = counters.get(ilvl)
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        return counters


_NUMBERING_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def _num_pr(properties) -> tuple[str | None, int | None]:
    if properties is None:
        return None, None
    num_pr = properties.find(_w("numPr"))
    if num_pr is None:
        return None, None
    num_id = num_pr.find(_w("numId"))
    ilvl = num_pr.find(_w("ilvl"))
    return (
        num_id.get(_w("val")) if num_id is not None else None,
        int(ilvl.get(_w("val"), "0")) if ilvl is not None else None,
    )


def _read_level(lvl) -> Level:
    def value(tag: str) -> str | None:
        element = lvl.find(_w(tag))
        return element.get(_w("val")) if element is not None else None

    restart = value("lvlRestart")
    legal = lvl.find(_w("isLgl"))
    return Level(
        start=int(value("start") or 1),
        fmt=value("numFmt") or "decimal",
        text=value("lvlText") if value("lvlText") is not None else "",
        suffix=value("suff") or "tab",
        restart=int(restart) if restart is not None else None,
        legal=legal is not None and legal.get(_w("val"), "true") not in ("0", "false", "off"),
        style=value("pStyle"),
    )


# --- number formats --------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def format_number(value: int, fmt: str) -> str:
    """A counter value in one of Word's numFmt styles; unknown styles fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(value)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_number(value, _CN_LEGAL_DIGITS, "拾佰仟")
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(value - 1) % 12]
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇" if d == "0" else _CN_DIGITS[int(d)] for d in str(value))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return _PARENTHESIZED[value - 1]
    if fmt == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return _FULLSTOP[value - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "none":
        return ""
    return str(value)


def chinese_number(value: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五: counting as written in Chinese headings."""
    if value <= 0 or value >= 10000:
        return str(value)
    parts: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // power % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append(digits[0])
            pending_zero = False
        # 十一 not 一十一 when ten is the leading unit; 一百一十 keeps the 一.
        if not (power == 10 and digit == 1 and not parts and digits is _CN_DIGITS):
            parts.append(digits[digit])
        parts.append(unit)
    return "".join(parts)


def _roman(value: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    numerals += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = []
    for amount, numeral in numerals:
        while value >= amount:
            result.append(numeral)
            value -= amount
    return "".join(result)
