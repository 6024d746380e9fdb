"""Quality checks without false alarms: statistics held only against certain totals, the page frame not a defect.

Each text is reasoned by hand: which count a careful reader takes as the rate's total, and whether the
stated rate agrees with it."""

from __future__ import annotations

import pytest

from tests.conftest import check_text

HEAD = "一、主要工作及成效\n"


def stats(checker, body: str) -> str:
    return check_text(checker, HEAD + body).element("quality.stats_consistency").status


@pytest.mark.parametrize(
    "body",
    [
        # The nearest earlier count (87件) is smaller than the part; 255/903 = 28.2%, the writer's total.
        "全年收到行政复议申请1036件，受理962件，审结903件，其中纠错87件、调解和解255件，纠错率9.6%、调解和解率28.2%。",
        # The only earlier total counts legal-aid cases, not settlements: the rate's total is not stated.
        "全年办理法律援助案件1046件。通过调解和解方式结案276件，调解和解率29.6%。",
        # 全程网办率 is a share of items handled online; no count of those is given.
        "县政务服务中心进驻部门38个、事项1248项，公布行政权力事项4236项，全程网办率87.6%。",
        # Two targets and a rate in the plan are goals, not counts.
        "全年调解纠纷450件。\n二、2024年工作计划\n每季度开展培训不少于4次，全年普法活动不少于8次，覆盖率达到50%。",
    ],
)
def test_no_accusation_without_a_certain_total(checker, body):
    assert stats(checker, body) == "pass"


@pytest.mark.parametrize(
    "body",
    [
        # 474/481 = 98.5%, not 90.5%: the total shares the rate's word (调解).
        "共调解各类矛盾纠纷481件，成功调解474件，调解成功率90.5%。",
        # 103/103 = 100%: the one count right before the part is its total.
        "全年共排查矛盾纠纷103件、化解103件，化解率90%。",
        # 38/42 = 90.5%: 其中 breaks the total down.
        "全年受理信访事项42件。其中办结38件，办结率95.2%。",
    ],
)
def test_a_wrong_rate_over_a_certain_total_is_found(checker, body):
    assert stats(checker, body) == "fail"


# ---------------------------------------------------------------- the page frame is no defect of the text

REPORT = (
    "关于2023年法治政府建设情况的报告\n\n一、工作情况\n全年组织学习6次。\n二、存在的不足\n宣传方式单一。\n"
    "三、2024年工作计划\n加强培训。\n\n某某镇人民政府\n2024年3月1日\n"
)


def test_a_published_pages_ordinary_frame_is_not_a_defect(checker):
    page = (
        "某某县人民政府\n首页 > 政务公开 > 法治政府建设\n发布时间：2024-03-05  来源：某某镇  浏览次数：\n[字体：大 中 小]\n"
        + REPORT
        + "【打印本页】【关闭窗口】\n上一篇：某某镇2023年政府信息公开年度报告\n主办：某某县人民政府办公室\n网站标识码：5000000001\n"
    )
    assert check_text(checker, page).element("quality.text_integrity").status == "pass"


def test_leftovers_beyond_the_frame_are_a_minor_defect(checker):
    page = (
        "您访问的链接即将离开“某某市”门户网站 是否继续？\n继续访问放弃\n"
        + REPORT
        + "热门词汇\n最新政策\n国务院部门网站\n"
    )
    element = check_text(checker, page).element("quality.text_integrity")
    assert element.status == "partial" and "网页残留" in element.evidence[0].text


def test_a_share_of_summed_parts_is_not_held_against_the_last_count(checker):
    # (1105 + 258) / 1382 = 98.6%: 合计 sums the two parts.
    body = "县级1382项政务服务事项中，“一趟不用跑”事项1105项、“最多跑一趟”事项258项，合计占比98.6%。"
    assert stats(checker, body) == "pass"
