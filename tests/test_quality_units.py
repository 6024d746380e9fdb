"""Each quality analysis on small texts: what it finds, on which line, and what it leaves alone."""

from __future__ import annotations

import pytest

from checker.judge.checks.numbers import amount_pattern, amounts_in, chinese_to_int
from tests.conftest import check_text, profile_checker

HEAD = "关于2023年法治政府建设情况的报告\n\n一、工作情况\n"
SIGN = "\n\n××镇人民政府\n2024年3月1日"


def _element(checker, text: str, element: str):
    return check_text(checker, text).element(element)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"), [("三十", 30), ("两千", 2000), ("十五", 15), ("一千二百零五", 1205), ("九", 9), ("百", 100)]
)
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_amounts_with_magnitudes_and_hedges():
    pattern = amount_pattern(["件", "人次", "人"])
    found = amounts_in("受理三十余件,培训1.2万人次,调解近6400余件,服务两千人", pattern)
    assert [(a.value, a.unit, a.approximate) for a in found] == [
        (30, "件", True),
        (12000, "人次", False),
        (6400, "件", True),
        (2000, "人", False),
    ]


# ---------------------------------------------------------------- stats


def test_rate_recomputed_and_flagged_with_both_numbers(checker):
    text = HEAD + "全年共调解矛盾纠纷481件,成功调解474件,调解成功率95.5%。" + SIGN
    finding = _element(checker, text, "quality.stats_consistency")
    assert finding.status == "fail"
    assert finding.evidence[0].line == 4
    assert (
        "481" in finding.evidence[0].text and "474" in finding.evidence[0].text and "98.54%" in finding.evidence[0].text
    )


def test_rate_within_rounding_passes(checker):
    text = HEAD + "开展行政争议案件协调化解21件,成功化解20件,化解率95%。" + SIGN
    assert _element(checker, text, "quality.stats_consistency").status == "pass"


def test_counts_across_a_sentence_boundary(checker):
    text = HEAD + "全年受理信访事项42件。其中办结38件,办结率95.2%。" + SIGN
    finding = _element(checker, text, "quality.stats_consistency")
    assert finding.status == "fail"
    assert "90.48%" in finding.evidence[0].text


def test_hedged_counts_are_not_recomputed(checker):
    text = HEAD + "全年调解矛盾纠纷300余件,成功调解200余件,调解成功率99%。" + SIGN
    assert _element(checker, text, "quality.stats_consistency").status == "pass"


def test_part_larger_than_total(checker):
    text = HEAD + "共办理信访事项20件,其中按期办结25件。" + SIGN
    finding = _element(checker, text, "quality.stats_consistency")
    assert finding.status == "fail"
    assert "25" in finding.evidence[0].text and "20" in finding.evidence[0].text


def test_listed_parts_summing_over_the_total(checker):
    text = HEAD + "全县建立调解组织100个,其中专业调解机构15家、派驻调解室40个、村居调委会50个。" + SIGN
    finding = _element(checker, text, "quality.stats_consistency")
    assert finding.status == "fail"
    assert "15+40+50=105" in finding.evidence[0].text


def test_parts_in_other_units_are_not_summed(checker):
    text = HEAD + "法律顾问共提供法律服务888件,其中提供法律咨询716次,举办法治宣传活动135场。" + SIGN
    assert _element(checker, text, "quality.stats_consistency").status == "pass"


def test_impossible_percentages(checker):
    text = HEAD + "行政机关负责人出庭应诉率达120%。案件数量同比上升130%。盗窃案件同比下降120%。" + SIGN
    finding = _element(checker, text, "quality.stats_consistency")
    messages = " ".join(e.text for e in finding.evidence)
    assert "120% 超过 100%" in messages
    assert "130" not in messages  # a growth figure may exceed 100%
    assert "下降 120%" in messages


# ---------------------------------------------------------------- temporal


def test_stale_congress_and_plan(checker):
    text = "关于2023年法治政府建设情况的报告\n\n2023年,我镇认真贯彻党的十九大精神。\n深入推进七五普法。" + SIGN
    finding = _element(checker, text, "quality.temporal_consistency")
    assert finding.status == "fail"
    assert {e.line for e in finding.evidence} == {3, 4}


def test_historical_mention_is_not_stale(checker):
    text = (
        "关于2023年法治政府建设情况的报告\n\n党的十九大以来,我镇法治建设取得长足进步。全面贯彻党的二十大精神。" + SIGN
    )
    assert _element(checker, text, "quality.temporal_consistency").status == "pass"


def test_anachronism_by_publication_date(checker):
    text = "关于2023年法治政府建设情况的报告\n发布日期:2024-02-20\n\n学习贯彻党的二十届三中全会精神。"
    finding = _element(checker, text, "quality.temporal_consistency")
    assert finding.status == "fail"
    assert "三中全会" in finding.evidence[0].text


def test_department_deciding_reconsideration_cases_after_2024(ruleset):
    text = "××县市场监督管理局2024年法治政府建设年度报告\n\n一、主要举措和成效\n全年受理行政复议案件12件,审结10件。"
    department = check_text(profile_checker(ruleset, "department"), text).element("quality.temporal_consistency")
    county = check_text(profile_checker(ruleset, "county"), text).element("quality.temporal_consistency")
    assert department.status == "partial" and "复议" in department.evidence[0].text
    assert county.status == "pass"


def test_plan_heading_year(checker):
    text = HEAD + "全年调解纠纷450件。\n二、2023年工作计划\n加强培训。" + SIGN
    finding = _element(checker, text, "quality.temporal_consistency")
    assert finding.status == "partial"
    assert finding.evidence[0].line == 5


# ---------------------------------------------------------------- causes, substance, links


SHORTCOMINGS = (
    HEAD
    + "全年调解纠纷450件。\n二、存在的不足和原因\n"
    + "(一)法治宣传精准性不足。普法宣传仍以传统方式为主,由于专职普法人员不足,覆盖面有限。\n"
    + "(二)执法水平有待进一步提高。执法程序不够规范。\n"
    + "三、2024年工作计划\n(一)创新宣传模式,每年开展精准普法活动不少于10场。\n"
)


def test_causes_per_item(checker):
    finding = _element(checker, SHORTCOMINGS, "section.causes")
    rows = finding.details["items"]
    assert [(row["line"], bool(row["cause"])) for row in rows] == [(6, True), (7, False)]
    assert any(e.line == 7 and e.text.startswith("未写原因") for e in finding.evidence)
    assert any(e.line == 6 and e.text.startswith("原因") for e in finding.evidence)


def test_restated_symptom_is_not_a_cause(checker):
    text = (
        HEAD
        + "全年调解纠纷450件。\n二、存在的不足和原因\n(一)队伍建设。能力有待进一步提高。\n(二)宣传。形式不够丰富。\n"
    )
    finding = _element(checker, text, "section.causes")
    assert finding.status == "partial"
    assert all(row["cause"] is None for row in finding.details["items"])


def test_links_list_unanswered_shortcomings(checker):
    finding = _element(checker, SHORTCOMINGS, "quality.plan_links_shortcomings")
    assert finding.status == "partial"
    assert finding.details["unanswered"] == ["执法水平有待进一步提高"]
    assert finding.evidence[0].line == 7
    answered = finding.details["links"][0]["answered_by"][0]
    assert answered["line"] == 9 and "宣传" in answered["terms"]


def test_substance_marks_generic_items(checker):
    finding = _element(checker, SHORTCOMINGS, "quality.shortcomings_substance")
    row = next(row for row in finding.details["items"] if row["line"] == 7)
    assert not row["specific"]
    assert "有待进一步提高" in row["stock_phrases"]
    assert any(e.line == 7 and e.text.startswith("笼统") for e in finding.evidence)


def test_single_sentence_of_shortcomings_is_split_into_items(checker):
    text = (
        HEAD + "全年调解纠纷450件。\n二、存在的不足\n我镇依然存在一些短板,统筹协调效能需进一步加强,法治氛围不够浓厚。\n"
        "三、2024年工作计划\n(一)加强法治氛围的营造。\n"
    )
    finding = _element(checker, text, "quality.plan_links_shortcomings")
    assert finding.details["shortcomings"] == 2
    assert finding.details["unanswered"] == ["统筹协调效能需进一步加强"]


def test_plan_specificity_lists_items_without_targets(checker):
    finding = _element(checker, SHORTCOMINGS, "quality.plan_specificity")
    assert finding.details["items"][0]["targets"]


# ---------------------------------------------------------------- local


def test_foreign_platform_flagged_at_its_line(checker):
    text = "重庆市××镇2023年法治政府建设年度报告\n\n依托“渝快办”办理事项1万件。\n推广“浙里办”平台。\n\n重庆市××镇人民政府\n2024年3月1日"
    finding = _element(checker, text, "quality.local_consistency")
    assert finding.status == "partial"
    assert finding.evidence[0].line == 4 and "浙江" in finding.evidence[0].text


def test_national_mentions_are_not_foreign(checker):
    text = (
        "重庆市××镇2023年法治政府建设年度报告\n\n坚持和发展新时代“枫桥经验”,弘扬延安精神,推进“川渝通办”,用好“渝快办”。"
    )
    assert _element(checker, text, "quality.local_consistency").status == "pass"


# ---------------------------------------------------------------- integrity


def test_lost_unit_points_at_its_line(checker):
    text = HEAD + "全年组织学习6次。\n组织召开党委会51中心组扩大学习44学习党的二十大报告。" + SIGN
    finding = _element(checker, text, "quality.text_integrity")
    assert finding.status == "fail"
    assert {e.line for e in finding.evidence if "缺少单位" in e.text} == {5}


def test_numbering_gap_and_lost_heading_numeral(checker):
    text = HEAD + "全年组织学习6次。\n三、存在的不足\n宣传方式单一。\n2024年工作计划\n加强培训。" + SIGN
    finding = _element(checker, text, "quality.text_integrity")
    texts = {e.line: e.text for e in finding.evidence}
    assert "不连续" in texts[5]
    assert "缺少编号" in texts[7]


def test_truncated_paragraph_before_a_heading(checker):
    text = (
        HEAD
        + "全年组织学习6次,开展普法宣传活动15场次,发放宣传资料10000余份,进一步增强了群众的法治意识和\n二、存在的不足\n宣传方式单一。"
        + SIGN
    )
    finding = _element(checker, text, "quality.text_integrity")
    assert any(e.line == 4 and "截断" in e.text for e in finding.evidence)


# ---------------------------------------------------------------- data files


def test_provinces_come_from_the_data_file(ruleset):
    assert len(ruleset.data["provinces"]) == 31
    assert "枫桥经验" in ruleset.data["national_mentions"]


def test_a_rule_pack_can_add_a_data_file(tmp_path):
    from checker.ruleset import build_ruleset, rules_dir

    (tmp_path / "extra.yaml").write_text("shared_regions: [湘黔渝边区]\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text("version: 1\ndata_files: [extra.yaml]\n", encoding="utf-8")
    ruleset = build_ruleset(rules_dir() / "baseline.yaml", None, (str(tmp_path / "pack.yaml"),))
    assert "湘黔渝边区" in ruleset.data["shared_regions"] and "川渝通办" in ruleset.data["shared_regions"]
