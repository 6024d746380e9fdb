"""Forms real reports take that the seeds do not show, found by writing new reports and checking them."""

from __future__ import annotations

import pytest

from checker.segment import segment
from checker.source import SourceDocument, lines_from_text
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
    assert kinds(ruleset, text) == [("measures_results", 1), ("shortcomings", 1), ("plan", 2)]


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
