"""The same report in any format gets the same element verdicts as its plain text."""

from __future__ import annotations

import codecs
from pathlib import Path

import docx
import pytest

from tests.conftest import ROOT, SEEDS, statuses

SEED_FILES = sorted(SEEDS.glob("*.txt"))
FORMATS = ROOT / "fixtures" / "formats"


def _docx_copy(seed: Path, target: Path) -> Path:
    """The seed as Word would hold it after pasting: one paragraph per line, blank ones included."""
    document = docx.Document()
    for line in seed.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.save(target)
    return target


ENCODINGS = {
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_encodings(checker, tmp_path, seed, encoding):
    copy = tmp_path / "report.txt"
    copy.write_bytes(ENCODINGS[encoding](seed.read_text(encoding="utf-8")))
    assert statuses(checker.check_path(str(copy))) == statuses(checker.check_path(str(seed)))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_docx(checker, tmp_path, seed):
    copy = _docx_copy(seed, tmp_path / "report.docx")
    assert statuses(checker.check_path(str(copy))) == statuses(checker.check_path(str(seed)))


@pytest.mark.parametrize(("pdf", "seed"), [("seed001.pdf", "001"), ("seed002.pdf", "002")])
def test_pdf_made_by_libreoffice(checker, pdf, seed):
    text = next(SEEDS.glob(f"{seed}_*.txt"))
    assert statuses(checker.check_path(str(FORMATS / pdf))) == statuses(checker.check_path(str(text)))


def test_saved_web_page(checker):
    # The page carries what the plain text lacks (a title, 发布机构, 发布日期) and loses the chrome the text
    # kept; everything about the report's contents must be judged the same.
    page = statuses(checker.check_path(str(FORMATS / "gov_page.html")))
    text = statuses(checker.check_path(str(SEEDS / "002_31e37ca5113b7cf1.txt")))
    contents = [k for k in text if k.split(".")[0] in ("section", "content")]
    assert {k: page[k] for k in contents} == {k: text[k] for k in contents}
    assert page["meta.title"] == "pass" and page["meta.issuer"] == "pass"
    assert page["compliance.publication_deadline"] == "pass"
