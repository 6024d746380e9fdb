"""The Word copy with comments (批注) and findable evidence in Word files.

Reports are built here as .docx with python-docx from the seed reports; LibreOffice is used, when it is
installed, to check that the copy converts to PDF.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from checker.cli import main
from checker.read.formats.docx import numbered_blocks
from checker.render.files import written_by_fzcheck
from tests.conftest import SEEDS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build_docx(seed: Path, target: Path, drop_from: str | None = None, drop_to: str | None = None) -> Path:
    """The seed as a Word file: the title as Heading 1, 一、 parts as Heading 2, body in 14 pt, and a
    small table after the first part's heading; optionally without the lines from `drop_from` to `drop_to`."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    if drop_from:
        start = next(i for i, line in enumerate(lines) if line.startswith(drop_from))
        end = next(i for i, line in enumerate(lines) if i > start and line.startswith(drop_to or "\0"))
        lines = lines[:start] + lines[end:]
    document = docx.Document()
    for index, line in enumerate(lines):
        if index == 0:
            document.add_heading(line, level=1)
        elif line[:2] in ("一、", "二、", "三、", "四、"):
            document.add_heading(line, level=2)
            if line.startswith("一、"):
                table = document.add_table(rows=1, cols=2)
                table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
        else:
            document.add_paragraph().add_run(line).font.size = Pt(14)
    document.save(target)
    return target


def anchored_numbers(document) -> dict[str, int]:
    """Comment id → number of the paragraph (or table) its range starts in, numbered as the reader does."""
    found = {}
    for number, block in enumerate(numbered_blocks(document.element.body), start=1):
        for start in block.iter(f"{W}commentRangeStart"):
            found[start.get(f"{W}id")] = number
    return found


@pytest.fixture
def township(tmp_path) -> Path:
    return build_docx(SEEDS / "001_fc7b85533537df1c.txt", tmp_path / "余家镇2023年报告.docx")


def _check_json(path: Path, capsys) -> dict:
    main(["check", str(path), "-f", "json"])
    return json.loads(capsys.readouterr().out)["reports"][0]


def test_evidence_in_a_word_file_names_its_heading_and_first_words(township, capsys):
    report = _check_json(township, capsys)
    causes = next(e for e in report["elements"] if e["id"] == "section.causes")
    location = causes["evidence"][0]["location"]
    # 不足的原因 sits under 二、存在的不足和原因; the paragraph starts with its sub-item.
    assert location.startswith("“二、存在的不足和原因”下 第") and "段（“（一）法治意识淡薄" in location
    xi = next(e for e in report["elements"] if e["id"] == "content.xi_thought_study")
    assert (
        "“（1） 夯实思想根基" in xi["evidence"][0]["location"]
        or "“一、2023年度工作开展情况" in xi["evidence"][0]["location"]
    )


def test_comments_on_evidence_and_where_missing_parts_belong(township, tmp_path, capsys):
    original = township.read_bytes()
    report = _check_json(township, capsys)
    out = tmp_path / "批注"
    assert main(["check", str(township), "-f", f"docx:{out}/"]) in (0, 1)
    assert township.read_bytes() == original  # the original is never written
    copy_path = out / township.name
    copy = docx.Document(copy_path)
    comments = {c.comment_id: c for c in copy.comments}
    anchors = anchored_numbers(copy)
    assert all(c.author == "fzcheck" for c in comments.values())
    problems = [e for e in report["elements"] if e["status"] in ("fail", "partial") and e["weight"] > 0]
    for element in problems:
        mine = [
            cid for cid, c in comments.items() if c.text.startswith(f"【{element['status_label']}】{element['name']}")
        ]
        assert mine, element["id"]
        if element["status"] == "partial" and element["evidence"]:
            # One comment on each evidence paragraph.
            wanted = {ev["line"] for ev in element["evidence"]}
            assert {anchors[str(cid)] for cid in mine} == wanted, element["id"]
    # The summary is on the title (paragraph 1) and lists the problems.
    summary = next(c for c in comments.values() if c.text.startswith("fzcheck 检查结果"))
    assert anchors[str(summary.comment_id)] == 1 and "先补这几项" in summary.text
    # Optional, absent: no comment.
    assert not any("其他需要报告的情况" in c.text.split("\n")[0] for c in comments.values() if c is not summary)
    # Paragraphs and styles as in the original; the copy is marked as fzcheck's, the original is not.
    before = docx.Document(township)
    assert [(p.text, p.style.name) for p in before.paragraphs] == [(p.text, p.style.name) for p in copy.paragraphs]
    # The copy's runs are the original's (a comment adds only its own reference run, which has no text).
    assert [(r.text, r.font.size) for p in before.paragraphs for r in p.runs if r.text] == [
        (r.text, r.font.size) for p in copy.paragraphs for r in p.runs if r.text
    ]
    assert written_by_fzcheck(copy_path) and not written_by_fzcheck(township)


def test_a_missing_chapter_is_commented_where_it_belongs(tmp_path, capsys):
    report = build_docx(SEEDS / "003_de700f0da81c1964.txt", tmp_path / "无不足.docx", "三、存在的问题和不足", "四、")
    target = tmp_path / "无不足-批注.docx"
    assert main(["check", str(report), "-f", f"docx:{target}", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["reports"][0]
    assert data["grade"] == "不合格"
    copy = docx.Document(target)
    anchors = anchored_numbers(copy)
    comment = next(c for c in copy.comments if c.text.startswith("【缺失】存在的不足"))
    # Before the plan chapter, which is where a 存在的不足 chapter belongs.
    plan = next(
        n for n, b in enumerate(numbered_blocks(copy.element.body), 1) if "".join(b.itertext()).startswith("四、")
    )
    assert anchors[str(comment.comment_id)] == plan and "在此之前补写" in comment.text
    summary = next(c for c in copy.comments if c.text.startswith("fzcheck 检查结果"))
    assert summary.text.split("\n")[1].startswith("等级不高于不合格")


def test_other_inputs_become_a_clean_word_file(tmp_path):
    seed = SEEDS / "001_fc7b85533537df1c.txt"
    target = tmp_path / "卡.docx"
    assert main(["check", str(seed), "-f", f"docx:{target}"]) in (0, 1)
    copy = docx.Document(target)
    text = [p.text for p in copy.paragraphs]
    assert [line.strip() for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()] == [
        t.strip() for t in text
    ]
    assert copy.paragraphs[0].style.name == "Title" and copy.paragraphs[2].style.name == "Heading 2"
    assert len(copy.comments) >= 2


def test_a_batch_needs_a_directory_for_word_files(tmp_path, capsys):
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    assert main(["check", *seeds, "-f", f"docx:{tmp_path / 'x.docx'}"]) == 2
    assert "请用 -f docx:目录/" in capsys.readouterr().err


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
)
def test_libreoffice_converts_the_copy(township, tmp_path):
    target = tmp_path / "copy.docx"
    assert main(["check", str(township), "-f", f"docx:{target}"]) in (0, 1)
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "copy.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_a_folder_checked_twice_with_its_outputs_inside(tmp_path, capsys):
    import openpyxl

    folder = tmp_path / "各镇报告"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        build_docx(seed, folder / f"{seed.stem}.docx")
    (folder / "纯文本.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[2].read_bytes())
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04broken")
    out = folder / "OUT"
    arguments = ["check", str(folder), "-f", f"html:{out}/", "-f", f"docx:{out}/", "-f", f"xlsx:{out}/汇总.xlsx"]
    assert main(arguments) == 2  # the broken file is listed, not fatal
    readable = sorted(p.stem for p in folder.iterdir() if p.is_file() and p.name != "损坏.docx")
    assert sorted(p.stem for p in out.glob("*.docx")) == readable
    assert sorted(p.stem for p in out.glob("*.html")) == sorted([*readable, "index"])
    book = openpyxl.load_workbook(out / "汇总.xlsx")
    assert book["排名"].max_row == 1 + len(readable)
    assert [c.value for c in book["无法读取"]["A"]][1:] == [str(folder / "损坏.docx")]
    capsys.readouterr()
    assert main([*arguments, "-f", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert sorted(Path(r["path"]).stem for r in data["reports"]) == readable
