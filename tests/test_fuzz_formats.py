"""Arbitrary bytes under any supported file name give a loaded document or one InputError, never
another exception; through the CLI they give exit code 0 or 2 and never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.read.formats import load_report
from tests.conftest import SEEDS

FORMATS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body><w:p/></w:body></w:document>")
    return buffer.getvalue()


# Real files of each format to damage, so the fuzzer gets past the first byte of each parser.
PREFIXES = {
    ".txt": SEEDS.glob("*.txt").__next__().read_bytes()[:600],
    ".html": (FORMATS_DIR / "gov_page.html").read_bytes()[:2000],
    ".pdf": (FORMATS_DIR / "seed001.pdf").read_bytes()[:3000],
    ".docx": _docx_bytes(),
}


def damaged(data: bytes, cut: int, junk: bytes) -> bytes:
    at = cut % (len(data) + 1)
    return data[:at] + junk + data[at + len(junk) :]


def _load(path: Path) -> None:
    try:
        document = load_report(str(path))
    except InputError:
        return
    assert document.lines


@pytest.mark.parametrize("suffix", list(PREFIXES))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path, suffix, data):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(data)
    _load(path)


@pytest.mark.parametrize("suffix", list(PREFIXES))
@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**6), junk=st.binary(max_size=64))
def test_damaged_real_files(tmp_path, suffix, cut, junk):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(damaged(PREFIXES[suffix], cut, junk))
    _load(path)


@pytest.mark.parametrize("suffix", list(PREFIXES))
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10**6), junk=st.binary(max_size=64))
def test_damaged_files_through_the_cli(tmp_path, capsys, suffix, cut, junk):
    from checker.cli import main

    path = tmp_path / f"report{suffix}"
    path.write_bytes(damaged(PREFIXES[suffix], cut, junk))
    code = main(["check", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in captured.err
    if code == 2:
        assert captured.err.startswith("fzcheck:")
