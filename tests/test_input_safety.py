"""Input files are never overwritten, whatever output a run is asked for, and garbage is not scored."""

from __future__ import annotations

import os
import shutil

import pytest

from checker.cli import main
from tests.conftest import SEEDS

SEED = SEEDS / "003_de700f0da81c1964.txt"


@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / "A.txt")
    shutil.copy(SEEDS / "001_fc7b85533537df1c.txt", reports / "B.txt")
    return reports


def test_an_output_naming_a_report_found_in_a_folder_is_refused(folder, capsys):
    before = (folder / "B.txt").read_bytes()
    assert main(["check", str(folder), "-f", f"html:{folder / 'B.txt'}", "--no-config"]) == 2
    assert (folder / "B.txt").read_bytes() == before
    assert "不能覆盖输入" in capsys.readouterr().err


def test_an_earlier_output_in_the_folder_may_be_written_again(folder, capsys):
    target = folder / "汇总.md"
    assert main(["check", str(folder), "-f", f"markdown:{target}", "--no-config"]) in (0, 1)
    capsys.readouterr()
    # The second run finds its own earlier output among the files: it is skipped, then rewritten.
    assert main(["check", str(folder), "-f", f"markdown:{target}", "--no-config"]) in (0, 1)
    assert "已写入" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["compare", "copies"])
def test_compare_and_copies_never_write_over_a_report(folder, command, capsys):
    before = (folder / "B.txt").read_bytes()
    args = [command, str(folder / "A.txt"), str(folder / "B.txt")] if command == "compare" else [command, str(folder)]
    assert main([*args, "-f", "markdown", "-o", str(folder / "B.txt")]) == 2
    assert (folder / "B.txt").read_bytes() == before
    assert "不能覆盖输入" in capsys.readouterr().err


def test_concise_written_into_the_folder_is_not_checked_next_time(folder, capsys):
    assert main(["check", str(folder), "-f", f"concise:{folder / '简报.txt'}", "--no-config"]) in (0, 1)
    capsys.readouterr()
    assert main(["check", str(folder), "-f", "json", "--no-config"]) in (0, 1)
    assert '"reports": 2' in capsys.readouterr().out


def test_concise_gives_the_reason_a_grade_is_capped(tmp_path, capsys):
    # Seed 003 without its shortcomings chapter (lines 55-60): graded 不合格 whatever its score.
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if "存在的问题和不足" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("四、"))
    report = tmp_path / "r.txt"
    report.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    main(["check", str(report), "-f", "concise", "--fail-under", "60", "--no-config"])
    first = capsys.readouterr().out.split("\n")[0]
    assert "等级不高于不合格" in first and "存在的不足" in first


def test_an_unreadable_folder_is_reported_not_skipped(folder, capsys):
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(SEED, locked / "C.txt")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root, a capability or a file system that ignores the mode
            pytest.skip("this user can read a folder with mode 000")
        assert main(["check", str(folder), "-f", "json", "--no-config"]) == 2
        assert "没有权限" in capsys.readouterr().err
    finally:
        locked.chmod(0o755)


def test_mostly_rare_characters_are_refused_as_garbage(tmp_path, capsys):
    # Bytes decoded as the wrong thing: rare hanzi nobody writes a report in.
    garbage = "".join(chr(0x4E00 + (i * 7919) % 20900) for i in range(3000))
    path = tmp_path / "坏.txt"
    path.write_text(garbage, encoding="utf-8")
    assert main(["check", str(path), "--no-config"]) == 2
    assert "乱码" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["json", "csv", "sarif", "junit"])
def test_an_unmarked_format_written_into_the_folder_is_skipped_next_time(folder, fmt, capsys):
    target = folder / "结果.txt"
    for _ in range(2):  # the second run finds its own output among the reports: skipped, then rewritten
        assert main(["check", str(folder), "-f", f"{fmt}:{target}", "--no-config"]) in (0, 1)
        capsys.readouterr()
    assert main(["check", str(folder), "-f", "json", "--no-config"]) in (0, 1)
    assert '"reports": 2' in capsys.readouterr().out


def test_a_report_named_index_html_keeps_its_name_and_its_bytes(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    page = folder / "index.html"
    shutil.copy(SEEDS.parent / "formats" / "gov_page.html", page)
    before = page.read_bytes()
    assert main(["check", str(folder), "-f", f"html:{folder}/", "--no-config"]) in (0, 1)
    assert page.read_bytes() == before
    overview = [p for p in folder.glob("index-*.html") if 'href="' in p.read_text(encoding="utf-8")]
    assert overview, "the overview is written under another name"
