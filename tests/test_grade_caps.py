"""The compliance verdict: a report without a section 督察工作规定 Art. 25 requires cannot be graded above
不合格; the veto is data in the rule set; the reason comes first in every format."""

from __future__ import annotations

import json
import re

import pytest

from checker.cli import main
from checker.errors import RuleError
from checker.judge.score import grade
from checker.render import render_text
from checker.render.model import Run
from checker.ruleset import build_ruleset, rules_dir
from tests.conftest import ROOT, SEEDS
from tests.test_render_formats import element

SEED = SEEDS / "003_de700f0da81c1964.txt"  # 优秀 with all four chapters; 三、存在的问题和不足 is lines 53-60


@pytest.fixture
def without_shortcomings(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("三、存在的问题和不足"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、"))
    report = tmp_path / "无不足.txt"
    report.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    return report


def test_grade_is_capped_by_a_missing_section(ruleset):
    elements = [element("section.shortcomings", "fail", 3, 0, "structure", name="存在的不足")]
    assert grade(ruleset, 95.0, elements) == ("不合格", grade(ruleset, 95.0, elements)[1])
    (cap,) = grade(ruleset, 95.0, elements)[1]
    assert (cap.element, cap.cap) == ("section.shortcomings", "不合格") and "“存在的不足”" in cap.reason
    # A partial 存在的不足 (mentioned in passing, no chapter) caps too; a partial 第一责任人 does not.
    assert grade(ruleset, 95.0, [element("section.shortcomings", "partial", 3, 1.5, "structure")])[0] == "不合格"
    assert grade(ruleset, 95.0, [element("section.first_responsible", "partial", 3, 1.5, "structure")]) == ("优秀", ())
    assert grade(ruleset, 95.0, [element("section.first_responsible", "fail", 3, 0, "structure")])[0] == "不合格"
    # Other elements never cap; a score already below the cap keeps its band and still says why.
    assert grade(ruleset, 95.0, [element("content.major_decisions", "fail", 2, 0)]) == ("优秀", ())
    low = grade(ruleset, 40.0, elements)
    assert low[0] == "不合格" and len(low[1]) == 1


def test_a_pack_changes_the_veto(tmp_path):
    pack = tmp_path / "省.yaml"
    pack.write_text(
        "version: 1\nid: province\nname: 某省\nvetoes:\n"
        "  - {elements: [content.major_decisions], cap: 合格, reason: 没有写重大行政决策}\n",
        encoding="utf-8",
    )
    ruleset = build_ruleset(rules_dir() / "baseline.yaml", None, (str(pack),))
    # The pack's list replaces the baseline's: a missing 存在的不足 no longer caps, 重大行政决策 does.
    assert grade(ruleset, 95.0, [element("section.shortcomings", "fail", 3, 0, "structure")]) == ("优秀", ())
    capped = grade(ruleset, 95.0, [element("content.major_decisions", "fail", 2, 0)])
    assert capped[0] == "合格" and capped[1][0].reason == "没有写重大行政决策"
    assert grade(ruleset, 65.0, [element("content.major_decisions", "fail", 2, 0)])[0] == "合格"


@pytest.mark.parametrize(
    ("veto", "problem"),
    [
        ("{elements: [content.nonexistent], cap: 合格, reason: x}", "不存在"),
        ("{elements: [content.major_decisions], cap: 很差, reason: x}", "不在 grades 中"),
    ],
)
def test_a_broken_veto_is_a_rule_error(tmp_path, veto, problem):
    pack = tmp_path / "坏.yaml"
    pack.write_text(f"version: 1\nid: bad\nname: 坏\nvetoes:\n  - {veto}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=problem):
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(pack),))


def test_deleted_chapter_is_graded_fail_with_the_reason_first(without_shortcomings, tmp_path, capsys):
    report = str(without_shortcomings)
    page = tmp_path / "卡.html"
    assert main(["check", report, "-f", "json", "-f", f"html:{page}", "-f", f"terminal:{tmp_path / 'k.txt'}"]) == 0
    data = json.loads(capsys.readouterr().out)["reports"][0]
    assert data["grade"] == "不合格" and data["score"] >= 60
    assert data["grade_by_score"] != "不合格"
    assert [c["element"] for c in data["grade_caps"]] == ["section.shortcomings"]
    keys = list(data)
    assert keys.index("grade_caps") == keys.index("grade") + 1  # the reason right after the grade
    # Terminal: the reason is the first line inside the card, before the header and the problems.
    card = (tmp_path / "k.txt").read_text(encoding="utf-8")
    first_line = card.splitlines()[1]
    assert "等级不高于不合格" in first_line and card.index("存在的不足") < card.index("文件")
    html = page.read_text(encoding="utf-8")
    assert html.index('class="veto"') < html.index('class="scorebox"')
    assert '<div class="grade g-bad">不合格</div>' in html  # red, although the score alone is 良好
    assert re.search(r"<p><b>等级不高于不合格</b>：缺少[^<]*“存在的不足”部分</p>", html)


def test_reason_first_in_markdown_csv_and_ranking(without_shortcomings, capsys):
    report = str(without_shortcomings)
    assert main(["check", report, str(SEED), "-f", "markdown"]) == 0
    markdown = capsys.readouterr().out
    card = markdown[markdown.index("### 法治政府建设年度报告检查：秀山") :]
    first = next(line for line in card.splitlines()[1:] if line.strip())
    assert first.startswith("> **等级不高于不合格**")
    ranking = markdown[markdown.index("## 批量检查排名") : markdown.index("## 要素覆盖情况")]
    assert "| 报告主体 |" in ranking and "秀山土家族苗族自治县人民政府" in ranking and "不合格（缺法定章节）" in ranking
    assert main(["check", report, "-f", "csv"]) == 0
    rows = list(__import__("csv").DictReader(capsys.readouterr().out.lstrip("\ufeff").splitlines()))
    assert rows[0]["issuer"] == "秀山土家族苗族自治县人民政府" and "存在的不足" in rows[0]["grade_cap"]


def test_problems_first_optional_never_red_and_short_outputs(without_shortcomings, tmp_path):
    first = element("content.major_decisions", "fail", 2, 0, fix="写明五项法定程序")
    partial = element("section.causes", "partial", 3, 1.5, "structure", fix="写明原因")
    small = element("content.legal_counsel", "fail", 1, 0, fix="写明法律顾问")
    tie = element("content.oversight", "partial", 2, 1, fix="写明监督")
    optional = element("section.other_matters", "fail", 0, 0, "structure", missing="没有（可选）")
    from tests.test_render_formats import sample_result

    result = sample_result()
    result = type(result)(**{**result.__dict__, "elements": (optional, small, tie, partial, first)})
    text = render_text("terminal", Run((result,), (), "测试"), width=100)
    listing = text[text.index("先补这几项") : text.index("结构")]
    order = [name for name in ("major_decisions", "causes", "legal_counsel", "oversight") if name in listing]
    # Lost 2, 1.5, then 1 and 1: the missing element before the partial one on equal loss.
    assert sorted(order, key=listing.index) == ["major_decisions", "causes", "legal_counsel", "oversight"]
    assert "写明五项法定程序" in listing and "other_matters" not in listing
    assert "未写（可选）" in text and "✗ 未写" not in text
    short = render_text("terminal", Run((result,), (), "测试"), width=100, problems_only=True)
    assert "先补这几项" in short and "\n结构" not in short and "\n内容" not in short


def test_summary_prints_only_ranking_and_coverage(without_shortcomings, capsys):
    assert main(["check", str(without_shortcomings), str(SEED), "--summary", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "批量检查排名" in out and "要素覆盖情况" in out and "先补这几项" not in out and "╭" not in out


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_ranking_survives_unreadable_files_at_any_width(tmp_path, width):
    folder = tmp_path / "各镇报告"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 broken")
    from checker.pipeline import Checker

    checker = Checker(__import__("checker.ruleset", fromlist=["load_ruleset"]).load_ruleset())
    results = tuple(checker.check_path(str(p)) for p in sorted(folder.glob("*.txt")))
    run = Run(results, ((str(folder / "坏.docx"), "不是有效的 .docx 文件"),), "测试")
    text = render_text("terminal", run, width=width, summary_only=True)
    table = text[: text.index("无法读取")]
    # Every report keeps its rank, score and issuer; the broken file is listed below, whole.
    for rank, result in enumerate(sorted(results, key=lambda r: -r.score), start=1):
        assert re.search(rf"^\s*{rank}\s.*{result.score:.1f}", table, re.M), (width, rank)
    issuers = table.replace("\n", "").replace(" ", "")
    assert all(result.issuer[:4] in issuers for result in results), width
    assert "坏.docx" in text[text.index("无法读取") :]
    assert all(len(line) <= width for line in text.splitlines())


def test_a_capped_report_ranks_after_the_complete_ones(without_shortcomings, capsys):
    # Seed 003 without its 存在的不足 chapter still scores more than a complete 合格 township report, but it is
    # the one the reviewer returns first: it ranks after every report its veto did not cap.
    other = ROOT / "fixtures" / "corpus" / "reports" / "B07.txt"
    assert main(["check", str(without_shortcomings), str(other), "-f", "json"]) == 0
    ranking = json.loads(capsys.readouterr().out)["batch"]["ranking"]
    capped, complete = (next(r for r in ranking if r["path"] == str(p)) for p in (without_shortcomings, other))
    assert capped["score"] > complete["score"] and capped["grade"] == "不合格"
    assert [r["path"] for r in ranking] == [str(other), str(without_shortcomings)]
    assert (complete["rank"], capped["rank"]) == (1, 2)


def test_the_ranking_follows_the_grade_a_pack_caps_at(ruleset):
    # A provincial pack may cap at 合格: a 95-point report capped there still ranks above a 10-point 不合格.
    from dataclasses import replace

    from checker.render.model import grade_names, ranking
    from checker.results import GradeCap
    from tests.test_render_formats import sample_result

    cap = GradeCap("content.major_decisions", "重大行政决策", "合格", "没有写重大行政决策")
    capped = replace(sample_result("甲.txt", 95.0), grade="合格", caps=(cap,))
    weak = replace(sample_result("乙.txt", 10.0), grade="不合格", caps=())
    assert grade_names(ruleset)[0] == "优秀" and grade_names(ruleset)[-1] == "不合格"
    assert [r.path for _, r in ranking((weak, capped), grade_names(ruleset))] == ["甲.txt", "乙.txt"]
