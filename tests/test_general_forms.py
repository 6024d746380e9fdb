"""Forms real reports take that the seeds do not show, found by writing new reports and checking them."""

from __future__ import annotations

import pytest

from checker.read.segment import segment
from checker.read.source import SourceDocument, lines_from_text
from tests.conftest import check_text, statuses

BODY = "全年共调解矛盾纠纷120件，成功调解118件；主动公开政府信息86条；组织普法活动12场次。"


def kinds(ruleset, text: str) -> list[tuple[str, int]]:
    document = segment(SourceDocument("t.txt", "text", lines_from_text(text)), ruleset.conventions)
    return [(s.kind, s.level) for s in document.sections if s.kind != "preamble"]


@pytest.mark.parametrize(
    "heading",
    [
        "一、2024年法治政府建设主要举措和成效",
        "第一部分 2024年推进法治政府建设的主要举措和成效",
        "一、2024年重点工作完成情况",
        "一、2024年度法治政府建设目标任务完成情况",
    ],
)
def test_year_led_achievement_headings_are_not_plans(ruleset, heading):
    text = f"{heading}\n{BODY}\n二、存在的不足\n宣传方式单一。\n三、2025年工作计划\n加强培训。"
    assert [k for k, _ in kinds(ruleset, text)] == ["measures_results", "shortcomings", "plan"]


def test_combined_shortcomings_and_plan_section(ruleset):
    text = (
        f"一、主要工作和成效\n{BODY}\n二、存在问题及下一步打算\n（一）存在问题\n"
        "部分社区法律顾问驻点时间不足，主要原因是经费投入不足。\n（二）下一步打算\n每季度开展驻点服务不少于3次。"
    )
    # The combined section is split where its plan starts: two parts, both announced by the heading.
    assert kinds(ruleset, text) == [("measures_results", 1), ("shortcomings", 1), ("plan", 1)]


def test_page_numbers_and_page_tools_are_chrome(checker):
    text = (
        "某某镇2024年法治政府建设年度报告\n\n一、主要举措和成效\n" + BODY + "\n- 2 -\n二、存在的不足\n宣传方式单一。\n"
        "三、2025年工作计划\n加强培训。\n\n某某镇人民政府\n2025年3月1日\n- 3 -\n责任编辑：李明\n"
        "下一篇：关于2024年度行政复议工作情况的通报\n【打印】【关闭】"
    )
    result = check_text(checker, text)
    assert result.element("meta.issuer").status == "pass"
    assert result.element("compliance.publication_deadline").status == "pass"
    assert result.element("quality.plan_links_shortcomings").evidence[0].text.find("- 2 -") == -1


@pytest.mark.parametrize(
    "sentence",
    [
        "全年没有发生行政复议和行政诉讼案件。",
        "未发生以镇政府为被申请人的行政复议案件，未发生以镇政府为被告的行政诉讼案件。",
        "全年未发生一起行政复议、行政诉讼案件。",
        "本年度无行政复议、行政诉讼案件发生。",
        "继续保持行政复议、行政诉讼“双零”。",
    ],
)
def test_zero_case_statements(checker, sentence):
    result = statuses(check_text(checker, sentence))
    assert result["content.administrative_reconsideration"] == "pass"
    assert result["content.litigation_response"] == "pass"


def test_rate_over_the_right_total_is_not_flagged(checker):
    text = "受理行政复议案件53件，审结49件，其中维持34件、纠错9件，纠错率18.4%。"
    assert statuses(check_text(checker, text))["quality.stats_consistency"] == "pass"


@pytest.mark.parametrize("phrase", ["评查案卷350卷", "典型案件19例", "发放告知书40封", "安装监控50路", "清理河道8公顷"])
def test_measure_words_are_units(checker, phrase):
    text = f"关于2024年法治政府建设情况的报告\n\n一、主要举措和成效\n全年{phrase}，成效明显。\n\n某某镇人民政府\n2025年3月1日"
    assert statuses(check_text(checker, text))["quality.text_integrity"] == "pass"


def test_slogan_about_congress_oversight_is_partial(checker):
    assert statuses(check_text(checker, "自觉接受人大监督和社会舆论监督。"))["content.oversight"] == "partial"
    text = "办理人大代表建议15件、政协委员提案11件，按期办结率100%。"
    assert statuses(check_text(checker, text))["content.oversight"] == "pass"


def test_reviews_counted_without_the_words_legality_review(checker):
    text = "法律顾问审查合同协议47份，审核规范性文件6件。"
    assert statuses(check_text(checker, text))["content.legality_review"] == "pass"


def test_government_office_publishing_a_district_report(checker):
    text = (
        "发布机构：某某区人民政府办公室\n发布时间：2025-03-20\n\n某某区2024年法治政府建设年度报告\n\n"
        "一、主要举措和成效\n" + BODY + "\n二、存在的不足\n宣传方式单一。\n三、2025年工作计划\n加强培训。"
    )
    assert check_text(checker, text).profile == "county"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The total a clause earlier, when it counts the same thing (调解): 276/934 = 29.55%, so 26.9% is
        # wrong and 29.6% right.
        ("受理调解案件934件，调解成功率高于上年。调解成功276件，调解成功率26.9%。", "fail"),
        ("受理调解案件934件，调解成功率高于上年。调解成功276件，调解成功率29.6%。", "pass"),
        # A clause earlier counts 审结 cases, the rate 调解和解 ones: which total the writer meant is not
        # certain (审结? 结案? all cases received?), so nothing is said.
        ("审结934件，直接纠错104件，纠错率11.1%。通过调解和解方式结案276件，调解和解率26.9%。", "pass"),
        # Parts listed after a rate clause: 136+118+87+97 = 438 > 412; with 71 they add up to 412.
        (
            "共排查矛盾纠纷412件，成功调解398件，调解成功率96.6%，其中婚姻家庭136件、邻里118件、土地林权87件、其他97件。",
            "fail",
        ),
        (
            "共排查矛盾纠纷412件，成功调解398件，调解成功率96.6%，其中婚姻家庭136件、邻里118件、土地林权87件、其他71件。",
            "pass",
        ),
    ],
)
def test_statistics_across_clauses(checker, text, expected):
    assert statuses(check_text(checker, text))["quality.stats_consistency"] == expected


def test_a_range_carries_its_unit_after_the_second_number(checker):
    text = "关于2024年法治政府建设情况的报告\n\n一、主要举措和成效\n各司法所平均仅有2至3人，办理3到5天。\n\n某某镇人民政府\n2025年3月1日"
    assert statuses(check_text(checker, text))["quality.text_integrity"] == "pass"


def test_street_party_working_committee_is_a_township(checker):
    text = (
        "东城街道2024年法治政府建设年度报告\n\n一、主要举措和成效\n"
        + BODY
        + "\n\n东城街道党工委\n东城街道办事处\n2025年3月10日"
    )
    assert check_text(checker, text).profile == "township"


def test_causes_said_with_yuanyin_shi(checker):
    text = (
        "一、主要举措和成效\n" + BODY + "\n二、存在的不足\n（一）行政执法监督力量不足。原因是监督机构编制有限。\n"
        "（二）普法针对性不强。这是由于需求调研缺乏。\n三、2025年工作计划\n（一）充实监督力量。\n（二）开展普法需求调研。"
    )
    assert statuses(check_text(checker, text))["section.causes"] == "pass"


def test_one_shared_generic_term_does_not_answer_a_shortcoming(checker):
    text = (
        "一、主要举措和成效\n" + BODY + "\n二、存在的不足\n（一）综合行政执法能力不足。执法人员少。\n"
        "三、2025年工作计划\n（一）规范重大行政决策。严格执行决策程序。"
    )
    assert statuses(check_text(checker, text))["quality.plan_links_shortcomings"] == "fail"


def test_pdf_evidence_of_named_checks_has_page_and_line(checker):
    from tests.conftest import ROOT

    result = checker.check_path(str(ROOT / "fixtures" / "formats" / "seed001.pdf"))
    for element_id in ("meta.title", "section.shortcomings", "section.next_year_plan"):
        assert result.element(element_id).evidence[0].location.startswith("第")
