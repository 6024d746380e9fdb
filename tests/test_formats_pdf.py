"""PDF loading: paragraphs rejoined, running headers and page numbers dropped, unreadable PDFs explained.

seed001.pdf and seed002.pdf were made from the seeds by LibreOffice (see fixtures/formats/README.md):
every seed line is one justified, first-line-indented paragraph, under a running header naming the report
and above a "- N -" page number.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from checker.errors import InputError
from checker.read.formats import load_report
from checker.read.formats import pdf as pdf_format
from checker.read.formats.pdf import load_pdf

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "fixtures" / "formats"
SEEDS = ROOT / "fixtures" / "seeds"
# PDF → (seed, number of leading seed lines that are the report itself, running header)
CASES = {
    "seed001.pdf": ("001_fc7b85533537df1c.txt", None, "余家镇2023年法治政府建设情况报告"),
    # Seed 002 ends with the web page's links and footer (lines 32-40), which are not report paragraphs.
    "seed002.pdf": ("002_31e37ca5113b7cf1.txt", 31, "大溪镇2025年法治政府建设情况报告"),
}


def squeeze(text: str) -> str:
    # The layout puts a gap between Chinese and digits (2023 年) and the text layer cannot tell it from
    # a typed space, so paragraphs are compared without spaces.
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def loaded():
    return {name: load_report(str(FORMATS / name)) for name in CASES}


@pytest.mark.parametrize("name", CASES)
def test_every_seed_paragraph_comes_back_whole(loaded, name):
    seed, count, _ = CASES[name]
    lines = (SEEDS / seed).read_text(encoding="utf-8").split("\n")[:count]
    expected = [squeeze(line) for line in lines if line.strip()]
    got = [squeeze(line.text) for line in loaded[name].lines]
    assert got[: len(expected)] == expected


@pytest.mark.parametrize("name", CASES)
def test_running_header_and_page_numbers_are_gone(loaded, name):
    _, _, header = CASES[name]
    texts = [line.text for line in loaded[name].lines]
    assert not [text for text in texts if squeeze(text) == header]
    assert not [text for text in texts if re.fullmatch(r"[-\s\d]+", text)]
    assert not any(re.search(r"-\s*\d+\s*-", text) for text in texts)


def test_key_sentences_are_intact(loaded):
    texts = [squeeze(line.text) for line in loaded["seed001.pdf"].lines]
    # Wrapped over three lines of page 1 in the PDF.
    sentence = "习近平法治思想构成新时代全面依法治国的规划图、路线图和施工图。"
    assert [text for text in texts if sentence in text] == [
        "“立善法于天下，则天下治；立善法于一国，则一国治”。"
        + sentence
        + "余家镇把学习宣传贯彻习近平法治思想作为重大的政治任务，全面深入推进法治建设。"
    ]
    # This paragraph runs from the foot of page 1 onto page 2.
    spanning = next(text for text in texts if text.startswith("二是严格执行依法行政"))
    assert "实现数据报送常态化、报送标准规范化。" in spanning
    assert spanning.endswith("提供法律意见2条。")


def test_numbers_and_locations_point_at_first_lines(loaded):
    lines = loaded["seed001.pdf"].lines
    assert lines[0].text == "关于2023年法治政府建设情况的报告"
    assert (lines[0].number, lines[0].location) == (1, "第1页第1行")
    numbers = [line.number for line in lines]
    assert numbers == sorted(set(numbers))
    # The third paragraph after the title is the first wrapped one: it takes lines 5-7 of page 1.
    assert lines[4].location == "第1页第5行" and lines[5].number == 8
    assert any(line.location.startswith("第2页") for line in lines)
    assert loaded["seed001.pdf"].format == "pdf"


def test_encrypted_pdf():
    with pytest.raises(InputError, match="加密") as caught:
        load_report(str(FORMATS / "encrypted.pdf"))
    assert "\n" not in str(caught.value)


def blank_pdf(pages: int = 1) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf(2))
    with pytest.raises(InputError, match="扫描图像.*OCR"):
        load_report(str(path))


def test_too_many_pages(monkeypatch):
    monkeypatch.setattr(pdf_format, "MAX_PAGES", 1)
    data = (FORMATS / "seed002.pdf").read_bytes()
    with pytest.raises(InputError, match="超过 1 页的上限"):
        load_pdf(data, "r.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%garbage", (FORMATS / "seed002.pdf").read_bytes()[:2000]])
def test_damaged_pdf(data):
    with pytest.raises(InputError, match="无法作为 PDF 打开"):
        load_pdf(data, "r.pdf")


def test_pdf_on_stdin_or_misnamed_is_recognised(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes((FORMATS / "seed002.pdf").read_bytes())
    assert load_report(str(path)).format == "pdf"
