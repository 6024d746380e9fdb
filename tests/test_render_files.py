"""Outputs as files: one file per report in a directory, the Excel workbook, and skipping what fzcheck wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest

from checker.cli import main
from checker.cli.check import parse_outputs
from checker.errors import UsageError
from checker.render import render_bytes
from checker.render.files import file_stem, unique_names, written_by_fzcheck
from checker.render.model import Run
from tests.conftest import SEEDS
from tests.test_render_formats import TRICKY, catalog, sample_result

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_names_are_the_stems_and_stay_unique():
    paths = ["a/余家镇2023年报告.txt", "b/余家镇2023年报告.docx", "c/余家镇2023年报告.TXT", "-", "x/in?de:x.md"]
    names = unique_names(paths, ".html", taken=["index.html"])
    assert names == {
        "a/余家镇2023年报告.txt": "余家镇2023年报告.html",
        "b/余家镇2023年报告.docx": "余家镇2023年报告-2.html",
        "c/余家镇2023年报告.TXT": "余家镇2023年报告-3.html",
        "-": "标准输入.html",
        "x/in?de:x.md": "in_de_x.html",
    }
    # A report named "index" does not take the overview's name; case does not make names distinct.
    assert unique_names(["INDEX.txt"], ".html", taken=["index.html"]) == {"INDEX.txt": "INDEX-2.html"}
    assert file_stem("...") == "报告"


def test_directory_targets(tmp_path):
    (tmp_path / "existing").mkdir()
    outputs = parse_outputs(["html:out/", f"markdown:{tmp_path / 'existing'}", "xlsx:汇总.xlsx", "html:one.html"], None)
    assert [o.per_report for o in outputs] == [True, True, False, False]
    # Two formats may share a directory; a binary format never goes to standard output.
    assert len(parse_outputs(["html:out/", "markdown:out/"], None)) == 2
    with pytest.raises(UsageError, match="xlsx 是文件格式"):
        parse_outputs(["xlsx"], None)
    with pytest.raises(UsageError, match="同一个文件"):
        parse_outputs(["html:out/", "html:out/"], None)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "各镇报告"
    folder.mkdir()
    for seed in SEED_FILES[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


def test_one_file_per_report_and_an_index(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = folder / "OUT"
    code = main(["check", str(folder), "-f", f"html:{out}/", "-f", f"markdown:{out}/", "-f", f"xlsx:{out}/汇总.xlsx"])
    assert code == 2  # the broken file is listed, not fatal to the others
    written = sorted(p.name for p in out.iterdir())
    stems = [seed.stem for seed in SEED_FILES[:3]]
    assert written == sorted([*(f"{s}.html" for s in stems), *(f"{s}.md" for s in stems), "index.html", "汇总.xlsx"])
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+)">', index)
    assert sorted(unquote(link) for link in links) == sorted(f"{s}.html" for s in stems)
    assert "损坏.docx" in index and "无法读取" in index
    page = (out / f"{stems[0]}.html").read_text(encoding="utf-8")
    assert page.count('<article class="report"') == 1 and 'href="index.html"' in page
    capsys.readouterr()
    # Checked again with OUT inside the folder: the same three reports (and the broken file), nothing else.
    assert main(["check", str(folder), "-f", "json", "-f", f"html:{out}/"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert sorted(Path(r["path"]).name for r in data["reports"]) == sorted(s.name for s in SEED_FILES[:3])
    assert [Path(e["path"]).name for e in data["errors"]] == ["损坏.docx"]
    assert "跳过 7 个 fzcheck 生成的文件" in captured.err


def test_outputs_are_marked_and_reports_are_not(tmp_path):
    result = sample_result()
    run = Run((result,), (), "测试", catalog(result))
    for fmt, name in (("html", "a.html"), ("markdown", "a.md"), ("terminal", "a.txt")):
        (tmp_path / name).write_bytes(render_bytes(fmt, run))
        assert written_by_fzcheck(tmp_path / name), fmt
    for seed in SEED_FILES:
        assert not written_by_fzcheck(seed)
    assert not written_by_fzcheck(tmp_path / "missing.html")


def test_an_input_is_never_overwritten_by_a_per_report_file(tmp_path):
    report = tmp_path / "报告.md"
    report.write_bytes(SEED_FILES[0].read_bytes())
    assert main(["check", str(report), "-f", f"markdown:{tmp_path}"]) in (0, 1)
    assert report.read_bytes() == SEED_FILES[0].read_bytes()
    assert (tmp_path / "报告-2.md").exists()


def test_workbook_sheets():
    first, second = sample_result(), sample_result("乙.txt", 80.0)
    first = type(first)(**{**first.__dict__, "issuer": '=HYPERLINK("x")'})
    run = Run((first, second), (("坏.docx", "不是有效的 .docx 文件"),), "测试", catalog(first))
    import io

    book = openpyxl.load_workbook(io.BytesIO(render_bytes("xlsx", run)))
    assert book.sheetnames == ["排名", "要素矩阵", "覆盖", "无法读取"]
    ranking = [[c.value for c in row] for row in book["排名"].iter_rows()]
    assert ranking[0][:8] == ["名次", "报告主体", "年度", "类型", "得分", "等级", "缺失", "部分"]
    assert [row[9] for row in ranking[1:]] == ["乙.txt", first.path]  # best first, one row per report
    assert ranking[2][1] == '=HYPERLINK("x")' and book["排名"]["B3"].data_type == "s"
    # The missing elements by name: the scored one, not the optional one.
    assert ranking[1][8] == "要素major_decisions"
    matrix = book["要素矩阵"]
    header = [c.value for c in matrix[1]]
    column = header.index("要素major_decisions") + 1
    cell = matrix.cell(row=2, column=column)
    assert cell.value == "缺失" and cell.fill.start_color.rgb.endswith("FFCDD2")
    optional = matrix.cell(row=2, column=header.index("要素other_matters") + 1)
    assert optional.value == "未写（可选）" and optional.fill.start_color.rgb.endswith("EEEEEE")
    coverage = [[c.value for c in row] for row in book["覆盖"].iter_rows(values_only=False)]
    assert coverage[1][1] == "content.major_decisions" and coverage[1][5] == 2
    assert [[c.value for c in row] for row in book["无法读取"].iter_rows()][1] == ["坏.docx", "不是有效的 .docx 文件"]
    assert TRICKY not in str(ranking)
