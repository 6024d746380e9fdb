"""Plain-text loading: every encoding reports are published in reads to the same lines."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.formats import load_report
from checker.read.formats.text import decode, load_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "seeds").glob("*.txt"))


def seed_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_encoded_copies_read_like_the_utf8_original(tmp_path, seed, encoding, prefix):
    original = load_report(str(seed))
    copy = tmp_path / "report.txt"
    copy.write_bytes(prefix + seed_text(seed).encode(encoding))
    loaded = load_report(str(copy))
    assert [line.text for line in loaded.lines] == [line.text for line in original.lines]
    assert [line.number for line in loaded.lines] == [line.number for line in original.lines]


def test_utf8_is_reported_as_utf8():
    assert load_report(str(SEEDS[0])).encoding == "utf-8"


def test_gb18030_only_characters_survive():
    # 䶮 (CJK Extension A, used in personal names) is missing from Python's gbk codec but not from GB18030.
    text = "县长王䶮同志主持召开常务会议，研究法治政府建设工作。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    decoded, used = decode(text.encode("gb18030"), "r.txt")
    assert (decoded, used) == (text, "gb18030")


def test_utf16_without_bom_is_detected():
    text = seed_text(SEEDS[1])
    document = load_text(text.encode("utf-16-le"), "r.txt")
    assert "\n".join(line.text for line in document.lines) == text.replace("\r\n", "\n")
    assert document.encoding.replace("_", "-").lower() == "utf-16-le"


def test_big5_is_not_mistaken_for_gb18030():
    # Traditional-Chinese Big5 bytes also decode as GB18030, into nonsense of rare characters.
    text = (
        "二零二三年法治政府建設年度報告\n一、推進法治政府建設的主要舉措和成效\n"
        "（一）強化組織領導，壓實法治建設責任。始終堅持黨對法治政府建設的全面領導，"
        "將法治建設納入全鎮年度工作要點和考核體系，與中心工作同部署、同推進、同考核。\n"
    )
    decoded, used = decode(text.encode("big5"), "r.txt")
    assert decoded == text
    assert used.lower().replace("-", "") == "big5"


def test_forced_encoding_is_used_or_explained():
    assert decode("法治".encode("gbk"), "r.txt", "gbk") == ("法治", "gbk")
    with pytest.raises(InputError, match="未知的编码"):
        decode(b"abc", "r.txt", "no-such-codec")
    with pytest.raises(InputError, match="按 utf-8 解码失败"):
        decode("法治".encode("gb18030"), "r.txt", "utf-8")


def test_binary_file_named_txt(tmp_path):
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match="二进制") as caught:
        load_report(str(binary))
    assert "\n" not in str(caught.value)


def test_undecodable_bytes(tmp_path):
    garbage = tmp_path / "report.txt"
    garbage.write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(InputError, match="无法识别文本编码") as caught:
        load_report(str(garbage))
    assert "\n" not in str(caught.value)


def test_stdin_reads_text(monkeypatch):
    text = "2023年法治政府建设情况报告\n一、主要举措\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("gb18030"))))
    document = load_report("-")
    assert [line.text for line in document.lines] == ["2023年法治政府建设情况报告", "一、主要举措", ""]
    assert document.format == "text"


def test_traditional_text_in_gb18030_stays_gb18030():
    text = (
        "二零二三年法治政府建設年度報告。強化組織領導，壓實法治建設責任，將法治建設納入全鎮年度工作要點和考核體系。\n"
    )
    assert decode(text.encode("gb18030"), "r.txt") == (text, "gb18030")
