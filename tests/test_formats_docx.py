""".docx loading: body order, tables, Word's automatic numbering, and refusing broken or hostile files.

The documents are built here with python-docx from the seed reports, so CI needs no office suite.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from checker.errors import InputError
from checker.read.formats import docx as docx_format
from checker.read.formats import load_report
from checker.read.formats.docx import chinese_number, load_docx
from tests.conftest import english_words

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
# Seed 002 is a township report with three numbered parts (一、) each holding sub-items ((一)...).
SEED_002 = SEEDS / "002_31e37ca5113b7cf1.txt"
REPORT_LINES = SEED_002.read_text(encoding="utf-8").split("\n")[:31]
PART = re.compile(r"^[一二三四五六七八九十]+、")
ITEM = re.compile(r"^\(([一二三四五六七八九十]+)\)")

NUMBERING_XML = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>
    <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
"""


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_numbering(document) -> str:
    """Add a three-level Chinese list definition; returns its numId. Heading 1 is bound to level 0."""
    numbering = document.part.numbering_part.element
    # abstractNum elements must precede num elements in numbering.xml.
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    abstract = parse_xml(NUMBERING_XML)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    heading = document.styles["Heading 1"].element
    heading.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
    )
    return "90"


def numbered_paragraph(document, text: str, num_id: str, level: int):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def numbered_report() -> bytes:
    """Seed 002 with its 一、 and (一) labels removed from the text and left to Word's numbering."""
    document = docx.Document()
    num_id = add_numbering(document)
    for line in REPORT_LINES:
        if PART.match(line):
            document.add_paragraph(PART.sub("", line), style="Heading 1")  # numbered through its style
        elif ITEM.match(line):
            numbered_paragraph(document, ITEM.sub("", line), num_id, 1)
        else:
            document.add_paragraph(line)
    return to_bytes(document)


def test_plain_paragraphs_read_as_the_seed_lines():
    document = docx.Document()
    for line in REPORT_LINES:
        document.add_paragraph(line)
    loaded = load_docx(to_bytes(document), "r.docx")
    assert [line.text for line in loaded.lines] == REPORT_LINES
    assert [line.number for line in loaded.lines] == list(range(1, len(REPORT_LINES) + 1))
    assert loaded.lines[2].location == "第3段"
    assert loaded.format == "docx"


def test_automatic_numbering_is_written_out():
    loaded = load_docx(numbered_report(), "r.docx")
    # The numbering restarts (一) under each part, exactly as the seed numbers its items by hand, so the
    # labels Word shows are the seed's, with the full-width brackets of the list definition.
    expected = [ITEM.sub(lambda m: f"（{m.group(1)}）", line) for line in REPORT_LINES]
    assert [line.text for line in loaded.lines] == expected
    texts = [line.text for line in loaded.lines]
    assert "二、推进法治政府建设存在的不足" in texts
    assert "（四）资源保障能力有待加强" in texts
    assert "三、工作建议" in texts


def test_numbering_levels_and_formats():
    document = docx.Document()
    num_id = add_numbering(document)
    document.add_paragraph("主要举措", style="Heading 1")
    numbered_paragraph(document, "强化组织保障", num_id, 1)
    numbered_paragraph(document, "召开专题会议", num_id, 2)
    numbered_paragraph(document, "开展专题培训", num_id, 2)
    numbered_paragraph(document, "深化理论武装", num_id, 1)
    numbered_paragraph(document, "组织专题研讨", num_id, 2)
    document.add_paragraph("存在的不足", style="Heading 1")
    numbered_paragraph(document, "队伍能力不足", num_id, 1)
    document.add_paragraph("工作建议", style="Heading 2")  # a heading style with no list: plain text
    texts = [line.text for line in load_docx(to_bytes(document), "r.docx").lines]
    assert texts == [
        "一、主要举措",
        "（一）强化组织保障",
        "1. 召开专题会议",
        "2. 开展专题培训",
        "（二）深化理论武装",
        "1. 组织专题研讨",
        "二、存在的不足",
        "（一）队伍能力不足",
        "工作建议",
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "一百"), (105, "一百零五"),
     (110, "一百一十")],
)  # fmt: skip
def test_chinese_counting(value, written):
    assert chinese_number(value) == written


def statistics_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("2023年行政执法情况如下：")
    table = document.add_table(rows=4, cols=4)
    for column, text in enumerate(["类别", "项目", "2022年", "2023年"]):
        table.cell(0, column).text = text
    for row, (item, before, after) in enumerate([("行政许可（件）", "380", "424"), ("行政处罚（件）", "21", "17")], 1):
        table.cell(row, 1).text = item
        table.cell(row, 2).text = before
        table.cell(row, 3).text = after
    category = table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge
    category.text = "行政执法"
    note = table.cell(3, 0).merge(table.cell(3, 3))  # horizontal merge across the row
    note.text = "备注：数据来源于镇综合行政执法办公室"
    document.add_paragraph("以上数据截至2023年12月31日。")
    return to_bytes(document)


def test_table_cells_in_body_order_without_repeating_merged_cells():
    lines = load_docx(statistics_document(), "r.docx").lines
    assert [(line.number, line.location, line.text) for line in lines] == [
        (1, "第1段", "2023年行政执法情况如下："),
        (2, "表格1 第1行第1列", "类别"),
        (2, "表格1 第1行第2列", "项目"),
        (2, "表格1 第1行第3列", "2022年"),
        (2, "表格1 第1行第4列", "2023年"),
        (2, "表格1 第2行第1列", "行政执法"),
        (2, "表格1 第2行第2列", "行政许可（件）"),
        (2, "表格1 第2行第3列", "380"),
        (2, "表格1 第2行第4列", "424"),
        (2, "表格1 第3行第2列", "行政处罚（件）"),
        (2, "表格1 第3行第3列", "21"),
        (2, "表格1 第3行第4列", "17"),
        (2, "表格1 第4行第1列", "备注：数据来源于镇综合行政执法办公室"),
        (3, "第3段", "以上数据截至2023年12月31日。"),
    ]


def test_headers_footers_and_deleted_text_are_left_out():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "余家镇人民政府文件"
    document.sections[0].footer.paragraphs[0].text = "- 1 -"
    paragraph = document.add_paragraph("全年办理行政复议案件")
    deleted = parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>十二</w:delText></w:r></w:del>')
    inserted = parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>3</w:t></w:r></w:ins>')
    paragraph._p.append(deleted)
    paragraph._p.append(inserted)
    paragraph.add_run("件。")
    texts = [line.text for line in load_docx(to_bytes(document), "r.docx").lines]
    assert texts == ["全年办理行政复议案件3件。"]


def test_load_report_picks_docx_by_suffix(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(numbered_report())
    assert load_report(str(path)).lines[1].text == "一、推进法治政府建设的主要举措和成效"


def test_truncated_docx(tmp_path):
    data = numbered_report()
    path = tmp_path / "report.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="截断") as caught:
        load_report(str(path))
    assert "\n" not in str(caught.value)


def test_not_a_zip_named_docx(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes("关于2023年法治政府建设情况的报告".encode())
    with pytest.raises(InputError, match="不是有效的 .docx"):
        load_report(str(path))


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文档")
    with pytest.raises(InputError, match="不是有效的 .docx 文件（是 ZIP 压缩包，但里面没有 Word 文档的正文）"):
        load_docx(buffer.getvalue(), "r.docx")


def test_word_package_that_python_docx_cannot_read_is_one_chinese_line():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "不是 XML")
    with pytest.raises(InputError, match="无法作为 .docx 打开") as caught:
        load_docx(buffer.getvalue(), "r.docx")
    assert english_words(str(caught.value), "r.docx") == [], str(caught.value)


def test_zip_bomb_by_total_size():
    # A member whose central-directory entry promises 3.75 GB once inflated: refused before inflating.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 0xF0000000)  # uncompressed size field
    with pytest.raises(InputError, match="压缩炸弹") as caught:
        load_docx(bytes(data), "r.docx")
    assert "MB" in str(caught.value)


def test_zip_bomb_by_compression_ratio():
    # 12 MB of one repeated byte deflates about a thousandfold; no document's XML does that.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x20" * (12 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(InputError, match="压缩比异常"):
        load_docx(buffer.getvalue(), "r.docx")


def test_doc_without_libreoffice_explains_conversion(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_format.shutil, "which", lambda name: None)
    path = tmp_path / "报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(InputError, match="soffice --headless --convert-to docx 报告.doc") as caught:
        load_report(str(path))
    assert "另存为 .docx" in str(caught.value)


def test_ofd_is_refused_with_advice(tmp_path):
    path = tmp_path / "报告.ofd"
    path.write_bytes(b"PK\x03\x04 ofd")
    with pytest.raises(InputError, match="另存为 PDF 或 .docx"):
        load_report(str(path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_doc_is_converted_when_libreoffice_is_installed(tmp_path):
    # LibreOffice writes the numbered report as .doc; reading it back converts it to .docx again, with
    # numbering.xml rewritten by LibreOffice, and the labels must still come out as Word shows them.
    source = tmp_path / "report.docx"
    source.write_bytes(numbered_report())
    command = ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc"]
    subprocess.run([*command, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    loaded = load_report(str(tmp_path / "report.doc"))
    assert loaded.format == "doc"
    expected = [ITEM.sub(lambda m: f"（{m.group(1)}）", line) for line in REPORT_LINES]
    assert [line.text for line in loaded.lines] == expected
