"""Size limits on input are enforced with a clear message, before the input is read whole."""

from __future__ import annotations

import io
import zipfile

import pytest

from checker.cli import main
from checker.errors import InputError
from checker.read.formats import DEFAULT_MAX_BYTES, load_report, read_bytes
from checker.read.formats import docx as docx_format
from tests.conftest import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]


def test_default_limit_is_generous_but_finite():
    assert 1024 * 1024 <= DEFAULT_MAX_BYTES <= 100 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(DEFAULT_MAX_BYTES + 1)  # sparse
    with pytest.raises(InputError, match="上限"):
        load_report(str(big))


def test_the_limit_is_configurable(tmp_path):
    with pytest.raises(InputError, match="max-bytes"):
        load_report(str(SEED), max_bytes=1000)
    assert load_report(str(SEED), max_bytes=SEED.stat().st_size).lines


def test_standard_input_is_read_only_up_to_the_limit(monkeypatch):
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(InputError, match="上限"):
        read_bytes("-", max_bytes=4096)


def test_cli_max_bytes(tmp_path, capsys):
    code = main(["check", str(SEED), "--format", "json", "--max-bytes", "100"])
    assert code == 2
    assert "上限" in capsys.readouterr().err


def test_docx_uncompressed_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_format, "MAX_UNCOMPRESSED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a/>" + " " * 5000)
    path = tmp_path / "big.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="压缩炸弹"):
        load_report(str(path))


def test_pdf_page_limit(monkeypatch):
    from checker.read.formats import pdf as pdf_format

    monkeypatch.setattr(pdf_format, "MAX_PAGES", 1)
    with pytest.raises(InputError, match="页的上限"):
        load_report(str(SEEDS.parent / "formats" / "seed001.pdf"))
