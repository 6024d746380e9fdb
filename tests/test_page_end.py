"""The end of a page: a 落款 and its date followed by page tools, a 公文 note, garbled dates, and the
dates that stand in for a missing publication or writing date."""

from __future__ import annotations

import pytest

from checker.read.segment import garbled_date
from tests.conftest import check_text

BODY = (
    "关于2023年法治政府建设情况的报告\n\n一、工作情况\n全年组织学习6次。\n二、存在的不足\n宣传方式单一。\n"
    "三、2024年工作计划\n加强培训。\n\n"
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021325", "2021-03-25"),
        ("20240226", "2024-02-26"),
        ("202431", "2024-03-01"),
        ("2024123", None),
        ("2024", None),
    ],
)
def test_a_garbled_date_is_read_only_when_one_reading_exists(text, iso):
    # 2021325: month 32 does not exist, so 3-25; 2024123 reads as 1-23 or 12-3.
    assert garbled_date(text) == iso


@pytest.mark.parametrize(
    "tail",
    [
        "\n共2页 上一页 1 2 下一页\n【打印本页】【关闭窗口】\n主办：某某县人民政府办公室 承办：某某县大数据中心\n",
        "\n（此件公开发布）\n— 5 —\n",
    ],
)
def test_a_signature_followed_by_page_tools_or_a_note(checker, tail):
    result = check_text(checker, BODY + "某某镇人民政府\n2024年3月1日\n" + tail)
    assert result.issuer == "某某镇人民政府"
    assert result.published == "2024-03-01"
    assert result.element("meta.issuer").status == "pass"


def test_a_garbled_signature_date_serves_as_the_publication_date(checker):
    result = check_text(checker, BODY + "某某镇人民政府\n2024325\n")
    assert result.published == "2024-03-25"
    assert result.element("compliance.publication_deadline").status == "pass"


def test_a_department_published_before_the_deadline_was_written_before_it(checker):
    text = "某某县司法局2023年法治政府建设年度报告\n发布日期：2024-01-30\n\n" + BODY.split("\n\n", 1)[1]
    result = check_text(checker, text)
    assert result.profile == "department"
    assert result.element("compliance.department_submission").status == "pass"


def test_a_long_metadata_line_before_an_untitled_body_is_read(checker):
    text = (
        "某某区人民政府\n首页 > 政务公开 > 街道信息公开\n"
        "发布日期：2024-04-12　　浏览次数：316　　字号：[ 大 中 小 ]　　打印本页　　关闭窗口\n\n"
        "2023年，某某路街道办事处在区委、区政府的领导下，坚持以习近平法治思想为指导。现将有关情况报告如下：\n"
    )
    result = check_text(checker, text)
    assert result.published == "2024-04-12"
    assert result.element("compliance.publication_deadline").status == "fail"
