"""Machine-readable formats (SARIF, JUnit, GitHub, CSV, Markdown, JSON batch) on a hand-built result.

The result below is written out by hand so every expectation can be read off it: six elements, one of
each status plus an unscored (weight 0) failure, and evidence text full of characters that each format
must escape.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from checker.render import render_text
from checker.render.github import escape_data, escape_property
from checker.render.model import RuleInfo, Run, coverage, ranking
from checker.results import ElementVerdict, Evidence, ReportResult

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((DATA / "sarif-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
TRICKY = 'a|b <script>alert("x")</script> 100%,: *强调* \x0b'
PATH = "报告,甲:1.txt"


def element(eid: str, status: str, weight: float, points: float, group: str = "content", **more) -> ElementVerdict:
    base = {
        "id": eid,
        "name": f"要素{eid.split('.')[-1]}",
        "group": group,
        "area": more.pop("area", "健全行政决策制度体系"),
        "status": status,
        "weight": weight,
        "points": points,
        "evidence": (),
        "missing": "",
        "fix": "",
        "basis": "《某规定》第一条",
    }
    base.update(more)
    return ElementVerdict(**base)


def sample_result(path: str = PATH, score: float = 41.7) -> ReportResult:
    elements = (
        element(
            "meta.title",
            "pass",
            1,
            1,
            "structure",
            area="报告体例",
            evidence=(Evidence(1, "某镇2023年法治政府建设年度报告"),),
        ),
        element(
            "section.causes",
            "partial",
            3,
            1.5,
            "structure",
            area="法定章节",
            evidence=(Evidence(5, TRICKY),),
            missing="只有 1/2 项不足写出了原因",
            fix="写明原因",
        ),
        element("content.major_decisions", "fail", 2, 0, missing="没有重大行政决策的情况", fix="写明五项法定程序"),
        element(
            "compliance.department_submission", "n/a", 1, 0, "structure", area="报告时限", note="不适用于乡镇（街道）"
        ),
        element(
            "compliance.publication_deadline",
            "unknown",
            2,
            0,
            "structure",
            area="报告时限",
            missing="没有发布日期，无法判断",
            fix="标明发布日期",
        ),
        element(
            "section.other_matters",
            "fail",
            0,
            0,
            "structure",
            area="法定章节",
            missing="没有“其他需要报告的情况”",
            fix="可选",
        ),
    )
    return ReportResult(
        path=path,
        format="text",
        encoding="utf-8",
        profile="township",
        profile_name="乡镇（街道）",
        profile_source="title",
        year=2023,
        title="某镇2023年法治政府建设年度报告",
        issuer="某镇人民政府",
        published=None,
        score=score,
        grade="不合格",
        elements=elements,
        lines=((1, "某镇2023年法治政府建设年度报告"), (2, ""), (3, "一、主要举措和成效"), (4, "略。"), (5, TRICKY)),
    )


def catalog(result: ReportResult) -> tuple[RuleInfo, ...]:
    return tuple(
        RuleInfo(e.id, e.name, e.group, e.area, e.weight, e.basis, e.fix or "补写", e.missing) for e in result.elements
    )


@pytest.fixture
def run() -> Run:
    result = sample_result()
    return Run((result,), (), "测试规则集", catalog(result))


@pytest.fixture
def batch() -> Run:
    first, second = sample_result(), sample_result("乙.txt", 80.0)
    return Run((first, second), (("坏.txt", "文件为空"),), "测试规则集", catalog(first))


# ---------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_official_schema(run, batch):
    for each in (run, batch):
        jsonschema.validate(json.loads(render_text("sarif", each)), SARIF_SCHEMA)


def test_sarif_results_levels_and_locations(run):
    log = json.loads(render_text("sarif", run))
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    # Pass and n/a are not results; the weight-0 failure is information only.
    assert {k: r["level"] for k, r in results.items()} == {
        "section.causes": "warning",
        "content.major_decisions": "error",
        "compliance.publication_deadline": "note",
        "section.other_matters": "note",
    }
    partial = results["section.causes"]["locations"][0]["physicalLocation"]
    assert partial["region"]["startLine"] == 5
    assert partial["artifactLocation"]["uri"] == "%E6%8A%A5%E5%91%8A%2C%E7%94%B2:1.txt"
    missing = results["content.major_decisions"]["locations"][0]["physicalLocation"]
    assert "region" not in missing  # no evidence line: the file alone
    assert "没有重大行政决策的情况" in results["content.major_decisions"]["message"]["text"]
    assert "建议：写明五项法定程序" in results["content.major_decisions"]["message"]["text"]


def test_sarif_strict_makes_partial_an_error(run):
    log = json.loads(render_text("sarif", replace(run, strict=True)))
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["section.causes"] == "error" and levels["content.major_decisions"] == "error"
    assert levels["section.other_matters"] == "note" and levels["compliance.publication_deadline"] == "note"


def test_sarif_rule_metadata(run):
    driver = json.loads(render_text("sarif", run))["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == [e.id for e in run.results[0].elements]
    rule = rules["content.major_decisions"]
    assert rule["help"]["text"] == "写明五项法定程序"
    assert "《某规定》第一条" in rule["fullDescription"]["text"]
    assert rule["properties"]["weight"] == 2 and rule["properties"]["group"] == "content"
    for result in json.loads(render_text("sarif", run))["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_unreadable_input_is_a_notification(batch):
    invocation = json.loads(render_text("sarif", batch))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "文件为空" in invocation["toolExecutionNotifications"][0]["message"]["text"]


# ---------------------------------------------------------------- JUnit


def test_junit_shape(batch):
    root = ET.fromstring(render_text("junit", batch).encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [PATH, "乙.txt", "坏.txt"]
    first = suites[0]
    # 6 elements: pass; fail → failure; partial → passed with a warning in system-out; n/a, unknown and
    # the unscored failure → skipped.
    assert (first.get("tests"), first.get("failures"), first.get("skipped")) == ("6", "1", "3")
    cases = {c.get("name").split()[0]: c for c in first.findall("testcase")}
    assert cases["section.causes"].find("failure") is None and cases["section.causes"].find("skipped") is None
    assert "只有 1/2 项不足写出了原因" in cases["section.causes"].find("system-out").text
    assert cases["content.major_decisions"].find("failure").get("type") == "fail"
    assert cases["compliance.department_submission"].find("skipped") is not None
    assert cases["meta.title"].find("failure") is None and cases["meta.title"].find("skipped") is None
    assert suites[2].find("testcase/error").get("type") == "input"
    assert root.get("tests") == "13" and root.get("failures") == "2" and root.get("errors") == "1"
    properties = {p.get("name"): p.get("value") for p in first.find("properties")}
    assert properties["score"] == "41.7" and properties["partial"] == "1"


def test_junit_strict_makes_partial_a_failure(batch):
    root = ET.fromstring(render_text("junit", replace(batch, strict=True)).encode("utf-8"))
    first = root.findall("testsuite")[0]
    assert (first.get("tests"), first.get("failures"), first.get("skipped")) == ("6", "2", "3")
    cases = {c.get("name").split()[0]: c for c in first.findall("testcase")}
    assert cases["section.causes"].find("failure").get("type") == "partial"
    # The unscored failure stays information even when strict.
    assert cases["section.other_matters"].find("skipped") is not None
    assert root.get("failures") == "4"


def test_junit_of_a_report_with_only_partial_elements_has_no_failures():
    # Above the gate, nothing missing, two partly met elements: the gate passes, so CI must stay green.
    elements = tuple(
        element(f"content.e{i}", "partial" if i < 2 else "pass", 1, 0.5 if i < 2 else 1, missing="写得不够具体")
        for i in range(6)
    )
    result = replace(sample_result(score=83.3), elements=elements)
    root = ET.fromstring(render_text("junit", Run((result,), fail_under=60)).encode("utf-8"))
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert len(root.findall(".//system-out")) == 2


def test_junit_is_read_by_a_junit_parser(batch, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "fz.xml"
    path.write_text(render_text("junit", batch), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 3
    cases = list(suites[0])
    assert len(cases) == 6
    outcomes = {case.name.split()[0]: [type(r).__name__ for r in case.result] for case in cases}
    assert outcomes["content.major_decisions"] == ["Failure"]
    assert outcomes["section.causes"] == []  # partial: a warning, not a failure
    assert outcomes["compliance.publication_deadline"] == ["Skipped"]
    assert outcomes["meta.title"] == []
    # The vertical tab in the evidence is not allowed in XML 1.0; it must have been replaced.
    assert "\x0b" not in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- GitHub


def test_github_escaping():
    assert escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_github_annotations(run):
    lines = render_text("github", run).splitlines()
    assert lines[0].startswith("::notice file=报告%2C甲%3A1.txt,title=fzcheck")
    by_title = {line.split("title=")[1].split("::")[0]: line for line in lines[1:]}
    causes = by_title["要素causes（section.causes）"]
    assert causes.startswith("::warning file=报告%2C甲%3A1.txt,line=5,")
    decisions = by_title["要素major_decisions（content.major_decisions）"]
    assert decisions.startswith("::error file=") and ",line=" not in decisions
    assert decisions.endswith("::没有重大行政决策的情况。建议：写明五项法定程序")
    assert by_title["要素other_matters（section.other_matters）"].startswith("::notice ")
    assert by_title["要素publication_deadline（compliance.publication_deadline）"].startswith("::notice ")
    assert len(lines) == 5  # summary + partial + fail + unknown + unscored fail


def test_github_strict_makes_partial_an_error(run):
    lines = render_text("github", replace(run, strict=True)).splitlines()
    causes = next(line for line in lines if "title=要素causes" in line)
    assert causes.startswith("::error ")
    other = next(line for line in lines if "title=要素other_matters" in line)
    assert other.startswith("::notice ")


# ---------------------------------------------------------------- concise


def test_concise_gives_the_verdict_first_then_one_line_per_problem(run):
    failing = replace(run, fail_under=60, required=("content.major_decisions",))
    lines = render_text("concise", failing).splitlines()
    assert lines[0] == f"{PATH}: 未通过 — 得分 41.7 低于 60；缺失必备要素 要素major_decisions（等级 不合格）"
    # Missing before partial; the line is the first evidence line, else 1. Not problems: the pass, n/a,
    # unknown and the unscored failure.
    assert lines[1:] == [
        f"{PATH}:1: 缺失 要素major_decisions — 缺少：没有重大行政决策的情况",
        f"{PATH}:5: 部分 要素causes — 缺少：只有 1/2 项不足写出了原因",
    ]


def test_concise_verdict_without_and_above_the_gate(run):
    assert render_text("concise", run).splitlines()[0] == f"{PATH}: 得分 41.7，等级 不合格（未设门槛）"
    passing = render_text("concise", replace(run, fail_under=40)).splitlines()[0]
    assert passing == f"{PATH}: 通过 — 得分 41.7，不低于 40（等级 不合格）"


def test_concise_batch_starts_with_the_verdict_on_the_run(batch):
    lines = render_text("concise", replace(batch, fail_under=60)).splitlines()
    assert lines[0] == f"fzcheck: 未通过 — 3 份报告中 1 份未达门槛（{PATH}），1 份无法读取（坏.txt）"
    assert lines[1] == "坏.txt: 无法读取 — 文件为空"
    assert "乙.txt: 通过 — 得分 80.0，不低于 60（等级 不合格）" in lines
    assert sum(line.startswith("乙.txt:") for line in lines) == 3  # its verdict and its two problems


# ---------------------------------------------------------------- CSV


def test_csv_one_row_per_report_and_element(batch):
    text = render_text("csv", batch)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2 * 6 + 1  # two reports of six elements, one unreadable input
    causes = next(r for r in rows if r["path"] == PATH and r["element_id"] == "section.causes")
    assert (causes["status"], causes["line"], causes["evidence"]) == ("partial", "5", TRICKY)
    assert causes["score"] == "41.7" and causes["profile"] == "township"
    # Both reports are partial on section.causes: the batch columns say so on every row of it.
    assert (causes["batch_pass"], causes["batch_partial"], causes["batch_fail"]) == ("0", "2", "0")
    error = rows[-1]
    assert (error["path"], error["status"], error["missing"]) == ("坏.txt", "error", "文件为空")


def test_csv_neutralises_formulas():
    result = sample_result(path="=HYPERLINK(1).txt")
    rows = list(csv.reader(io.StringIO(render_text("csv", Run((result,))).lstrip("\ufeff"))))
    assert rows[1][0] == "'=HYPERLINK(1).txt"


# ---------------------------------------------------------------- Markdown


def test_markdown_scorecard(run):
    text = render_text("markdown", run)
    assert "**得分 41.7　等级 不合格**" in text
    row = next(line for line in text.splitlines() if "section.causes" in line)
    # The pipe, angle brackets and asterisks of the evidence are escaped, so the row keeps 5 cells.
    assert "a\\|b \\<script\\>" in row and "\\*强调\\*" in row
    cells = re.split(r"(?<!\\)\|", row)
    assert len(cells) == 7  # empty, 5 cells, empty: the escaped pipe did not add a column


def test_markdown_batch_has_ranking_and_coverage(batch):
    text = render_text("markdown", batch)
    assert "## 批量检查排名" in text and "## 要素覆盖情况" in text
    ranking_rows = [line for line in text.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert "乙.txt" in ranking_rows[0]  # 80.0 ranks before 41.7


# ---------------------------------------------------------------- batch figures and JSON


def test_ranking_shares_ranks_on_equal_scores():
    results = (sample_result("c.txt", 50), sample_result("a.txt", 70), sample_result("b.txt", 50))
    assert [(rank, r.path) for rank, r in ranking(results)] == [(1, "a.txt"), (2, "b.txt"), (2, "c.txt")]


def test_coverage_counts_statuses_over_reports():
    first = sample_result("a.txt")
    second = sample_result("b.txt")
    items = {c.id: c for c in coverage((first, second))}
    assert items["section.causes"].counts == {"pass": 0, "partial": 2, "fail": 0, "n/a": 0, "unknown": 0}
    assert items["meta.title"].counts["pass"] == 2
    assert items["section.other_matters"].scored is False


def test_json_batch_object_validates(batch, run):
    document = json.loads(render_text("json", batch))
    jsonschema.validate(document, REPORT_SCHEMA)
    assert [r["path"] for r in document["batch"]["ranking"]] == ["乙.txt", PATH]
    # Scored elements first: the fail on content.major_decisions (2 reports), then the partial ones.
    assert document["batch"]["most_missed"][:2] == ["content.major_decisions", "section.causes"]
    assert "batch" not in json.loads(render_text("json", run))
    assert "lines" not in json.dumps(json.loads(render_text("json", run))["reports"][0])
