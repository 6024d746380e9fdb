"""Planted faults on the five real reports: each fault is found at its line, and the untouched report
does not carry that flag.

A fault is planted by editing one line of a seed in place (line numbers stay as the user sees them):
a rate that no longer matches its counts, a stale 普法 plan or congress, a shortcoming whose cause was
cut, a plan item removed, another province's platform inserted, a heading that lost its numeral.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from checker.read.source import SourceDocument, lines_from_text
from checker.results import ReportResult
from tests.conftest import SEEDS

SEED = {
    "000": "000_3fe6be48873162dd.txt",
    "001": "001_fc7b85533537df1c.txt",
    "002": "002_31e37ca5113b7cf1.txt",
    "003": "003_de700f0da81c1964.txt",
    "004": "004_3fc20d629b335cca.txt",
}


@dataclass(frozen=True)
class Plant:
    """Replace `old` by `new` on `line` of a seed; the flag must then be on `flag_line` and contain `marker`."""

    seed: str
    line: int
    old: str
    new: str
    element: str
    flag_line: int
    marker: str


def _text(seed: str) -> str:
    return (SEEDS / SEED[seed]).read_text(encoding="utf-8")


def _planted(seed: str, plant: Plant) -> str:
    lines = _text(seed).split("\n")
    assert plant.old in lines[plant.line - 1], f"{seed} 第{plant.line}行没有“{plant.old}”"
    lines[plant.line - 1] = lines[plant.line - 1].replace(plant.old, plant.new, 1)
    return "\n".join(lines)


def _check(checker, text: str, name: str) -> ReportResult:
    return checker.check_source(SourceDocument(name, "text", lines_from_text(text)))


def _flags(result: ReportResult, element: str, line: int, marker: str) -> list[str]:
    verdict = result.element(element)
    assert verdict is not None
    return [e.text for e in verdict.evidence if e.line == line and marker in e.text]


@pytest.fixture(scope="module")
def untouched(checker):
    return {seed: checker.check_path(str(SEEDS / name)) for seed, name in SEED.items()}


RATES = [
    Plant("000", 19, "化解率100%", "化解率90%", "quality.stats_consistency", 19, "写作 90%"),
    Plant("001", 27, "调解成功率98.5%", "调解成功率95.5%", "quality.stats_consistency", 27, "写作 95.5%"),
    Plant("002", 10, "化解率达100%", "化解率达90%", "quality.stats_consistency", 10, "写作 90%"),
    Plant("003", 43, "化解率95%", "化解率85%", "quality.stats_consistency", 43, "写作 85%"),
    Plant("004", 70, "调解成功率约为97.6%", "调解成功率约为90.6%", "quality.stats_consistency", 70, "写作 90.6%"),
]
STALE = [
    Plant("000", 5, "全面贯彻党的二十大精神", "全面贯彻党的十九大精神", "quality.temporal_consistency", 5, "十九大"),
    Plant("001", 27, "深入推进”八五“普法规划", "深入推进”七五“普法规划", "quality.temporal_consistency", 27, "七五普法"),
    Plant("002", 12, "以“八五”普法推进为抓手", "以“七五”普法推进为抓手", "quality.temporal_consistency", 12, "七五普法"),
    Plant("003", 47, "扎实开“八五”普法中期督察工作", "扎实开“七五”普法中期督察工作", "quality.temporal_consistency", 47, "七五普法"),
    Plant(
        "004", 78, "《法治社会建设实施纲要(2020-2025年)》", "《法治政府建设实施纲要(2015-2020年)》",
        "quality.temporal_consistency", 78, "纲要（2015—2020）",
    ),
]  # fmt: skip
CAUSES = [
    Plant(
        "000",
        25,
        ",个别村干部文化水平较低,对于法治政府建设工作适应较慢",
        "",
        "section.causes",
        25,
        "未写原因：一是部分工作人员",
    ),
    Plant("001", 43, "法治专业人员较少，从事治理工作的人手不足，", "", "section.causes", 43, "未写原因：治理力量薄弱"),
    Plant("002", 21, "镇级财政紧张,法治建设经费投入不足,", "", "section.causes", 20, "未写原因：资源保障能力有待加强"),
    Plant(
        "003",
        55,
        "少数部门和镇街依法决策工作机制尚未完全建立,",
        "",
        "section.causes",
        55,
        "未写原因：依法决策仍存在短板",
    ),
]
PLAN_REMOVED = [
    # Seed 000 is left out: its second shortcoming (机制还不够完善) has no answering item even untouched, as
    # the reference reads it, so removing a plan item plants nothing new.
    Plant("001", 50, "", "", "quality.plan_links_shortcomings", 41, "没有对应安排：法治意识淡薄"),
    Plant("002", 29, "", "", "quality.plan_links_shortcomings", 20, "没有对应安排：资源保障能力"),
    Plant("003", 65, "", "", "quality.plan_links_shortcomings", 55, "没有对应安排：依法决策"),
    Plant("004", 80, "", "", "quality.plan_links_shortcomings", 74, "没有对应安排：行政决策效能"),
]
PLATFORMS = [
    Plant(
        "000",
        15,
        "依法行政服务受到群众好评。",
        "依法行政服务受到群众好评。推广“浙里办”平台应用。",
        "quality.local_consistency",
        15,
        "浙里办",
    ),
    Plant(
        "001", 19, "大力推行权力清单", "依托“粤省事”平台,大力推行权力清单", "quality.local_consistency", 19, "粤省事"
    ),
    Plant("002", 12, "创新宣传载体", "借鉴“浙里办”经验,创新宣传载体", "quality.local_consistency", 12, "浙里办"),
    Plant("003", 27, "紧盯“一站式”办理", "紧盯“一站式”办理,对接“苏服办”", "quality.local_consistency", 27, "苏服办"),
    Plant(
        "004", 34, "加快“数字政府”建设", "加快“数字政府”建设,推广“渝快办”", "quality.local_consistency", 34, "渝快办"
    ),
]
HEADINGS = [
    Plant("000", 7, "一、工作开展情况", "工作开展情况", "quality.text_integrity", 7, "缺少编号"),
    Plant("001", 39, "二、存在的不足和原因", "存在的不足和原因", "quality.text_integrity", 39, "缺少编号"),
    Plant("001", 43, "（二）治理力量薄弱", "治理力量薄弱", "quality.text_integrity", 43, "缺少编号"),
    Plant(
        "002",
        13,
        "二、推进法治政府建设存在的不足",
        "推进法治政府建设存在的不足",
        "quality.text_integrity",
        13,
        "缺少编号",
    ),
    Plant("002", 16, "(二)法治宣传精准性不足", "法治宣传精准性不足", "quality.text_integrity", 16, "缺少编号"),
    Plant(
        "003",
        61,
        "四、2024年推进法治政府建设的工作思路",
        "2024年推进法治政府建设的工作思路",
        "quality.text_integrity",
        61,
        "缺少编号",
    ),
    Plant("004", 72, "二、存在的不足", "存在的不足", "quality.text_integrity", 72, "缺少编号"),
]
ALL = RATES + STALE + CAUSES + PLAN_REMOVED + PLATFORMS + HEADINGS


@pytest.mark.parametrize("plant", ALL, ids=lambda p: f"{p.seed}-{p.element.split('.')[-1]}-L{p.line}")
def test_planted_fault_is_flagged_at_its_line(checker, untouched, plant):
    if plant.old == "":
        # A removal (old == "") empties the whole line: the paragraph disappears, line numbers stay.
        lines = _text(plant.seed).split("\n")
        lines[plant.line - 1] = ""
        if plant.seed == "002" and plant.line == 29:
            lines[29] = ""  # (四) heading on line 29, its body on line 30
        text = "\n".join(lines)
    else:
        text = _planted(plant.seed, plant)
    result = _check(checker, text, SEED[plant.seed])
    found = _flags(result, plant.element, plant.flag_line, plant.marker)
    evidence = [(e.line, e.text) for e in result.element(plant.element).evidence]
    assert found, f"planted fault not flagged at line {plant.flag_line}: {evidence}"
    # One unexplained item of three still meets the ≥ 2/3 rule for causes; every other fault costs the pass.
    if plant.element != "section.causes":
        assert result.element(plant.element).status != "pass"
    assert not _flags(untouched[plant.seed], plant.element, plant.flag_line, plant.marker), (
        "untouched seed has the flag"
    )


def test_seed_004_lists_every_shortcoming_without_cause(untouched):
    # Seed 004 gives no cause at all, so there is no cause sentence to remove: every item is flagged as it is.
    causes = untouched["004"].element("section.causes")
    assert causes.status == "fail"
    assert [row["cause"] for row in causes.details["items"]] == [None, None, None]
    assert all(e.line == 74 and e.text.startswith("未写原因") for e in causes.evidence)


def test_seed_004_with_a_cause_added_is_no_longer_flagged_there(checker):
    text = _planted(
        "004", Plant("004", 74, "法治氛围不够浓厚", "法治氛围不够浓厚,主要是由于专职普法力量不足", "", 0, "")
    )
    causes = _check(checker, text, SEED["004"]).element("section.causes")
    assert any(row["cause"] and "由于" in row["cause"] for row in causes.details["items"])


@pytest.mark.parametrize("seed", list(SEED))
def test_untouched_seeds_keep_their_quality_verdicts(untouched, seed):
    # The verdicts the planted tests start from (the reference agreement is checked in test_seeds.py).
    expected = {
        "000": {
            "quality.stats_consistency": "pass",
            "quality.temporal_consistency": "pass",
            "quality.local_consistency": "pass",
        },
        "001": {
            "quality.stats_consistency": "pass",
            "quality.temporal_consistency": "pass",
            "quality.local_consistency": "pass",
        },
        "002": {
            "quality.stats_consistency": "pass",
            "quality.temporal_consistency": "pass",
            "quality.local_consistency": "partial",
        },
        "003": {
            "quality.stats_consistency": "fail",
            "quality.temporal_consistency": "partial",
            "quality.local_consistency": "pass",
        },
        "004": {
            "quality.stats_consistency": "fail",
            "quality.temporal_consistency": "pass",
            "quality.local_consistency": "pass",
        },
    }[seed]
    got = {element: untouched[seed].element(element).status for element in expected}
    assert got == expected
