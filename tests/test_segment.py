"""Segmentation of real-looking reports: chrome, metadata, title, 落款, headings in every state."""

from __future__ import annotations

import pytest

from checker.read.segment import parse_date, segment
from checker.read.source import SourceDocument, lines_from_text


def seg(ruleset, text: str):
    return segment(SourceDocument("t.txt", "text", lines_from_text(text)), ruleset.conventions)


def kinds(document) -> list[tuple[str, bool, int]]:
    return [(s.kind, s.explicit, s.line) for s in document.sections if s.kind != "preamble"]


PAGE = """中国政府网 | 某某市人民政府网
您当前的位置：首页>政务公开>法治政府建设年度报告
[ 索引号 ] 1150/2024-00016 [ 发文字号 ]
[ 发布机构 ] 某某县人民政府
[ 成文日期 ] 2024-02-20 [ 发布日期 ] 2024-02-29

某某县2023年度法治政府建设情况报告

2023年，某某县深入践行习近平法治思想，取得积极成效。现将有关情况报告如下：

一、主要举措和成效
全年办理行政复议69件。
二、存在的问题和不足
（一）依法决策仍存在短板。
三、2024年工作打算
持续强化党对法治政府建设的领导。

扫一扫在手机打开当前页
版权所有：某某县人民政府 网站标识码：5002410002
"""


def test_page_frame(ruleset):
    document = seg(ruleset, PAGE)
    assert document.title.value == "某某县2023年度法治政府建设情况报告"
    assert document.title.line == 7
    assert document.metadata["publisher"].value == "某某县人民政府"
    assert document.dates["published"] == ("2024-02-29", 5)
    assert document.dates["written"] == ("2024-02-20", 5)
    chrome = " ".join(f.value for f in document.chrome)
    assert "您当前的位置" in chrome and "版权所有" in chrome
    body = " ".join(p.text for p in document.paragraphs)
    assert "政务公开" not in body and "扫一扫" not in body
    assert kinds(document) == [("measures_results", True, 11), ("shortcomings", True, 13), ("plan", True, 15)]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("、存在的不足", "shortcomings"),
        ("下步工作打算", "plan"),
        ("三、工作建议", "plan"),
        ("二、推进法治政府建设存在的不足", "shortcomings"),
        ("二、问题和短板", "shortcomings"),
        ("二、党政主要负责人履行推进法治建设第一责任人职责情况", "first_responsible"),
        ("四、其他需要报告的情况", "other_matters"),
        ("二．存在的问题及原因", "shortcomings"),
        ("二,存在的问题", "shortcomings"),
        ("第二部分 存在的不足", "shortcomings"),
        ("二、困难和问题", "shortcomings"),
        ("二、面临的困难和挑战", "shortcomings"),
        ("二、主要负责人履职情况", "first_responsible"),
        ("三、改进措施", "plan"),
        ("三、对策建议", "plan"),
    ],
)
def test_damaged_and_bare_headings(ruleset, heading, kind):
    text = f"一、工作开展情况\n全年调解纠纷450件，化解率100%。\n{heading}\n一是部分工作人员能力有待提高。"
    document = seg(ruleset, text)
    assert [k for k, _, _ in kinds(document)] == ["measures_results", kind]


def test_full_width_subheadings_and_subsection_kinds(ruleset):
    text = (
        "一、2023年度工作开展情况\n（1） 夯实思想根基\n组织学习6次。\n"
        "（三）强化组织领导，党政主要负责人履行推进法治建设第一责任人职责\n定期开展党委会议6次。\n"
        "二、存在的不足和原因\n（一）法治意识淡薄。宣传方式不够创新。\n三、2024年工作思路\n（一）推进民主法治。"
    )
    document = seg(ruleset, text)
    assert ("first_responsible", True, 4) in kinds(document)
    plan = [p for p in document.paragraphs if p.scope == "plan"]
    assert plan[-1].text.startswith("(一)推进民主法治")


def test_subsection_numbering_is_the_top_level_when_there_is_no_higher_one(ruleset):
    text = "(一)主要工作成效\n全年调解纠纷450件。\n(二)存在的不足\n宣传方式单一。\n(三)下一步工作计划\n加强培训。"
    assert [k for k, _, _ in kinds(seg(ruleset, text))] == ["measures_results", "shortcomings", "plan"]


def test_enumerations_inside_paragraphs_are_not_headings(ruleset):
    text = "一、工作情况\n一是狠抓落实。二是狠抓学习，存在的问题得到整改。\n二、存在的不足\n宣传方式单一。"
    document = seg(ruleset, text)
    assert [k for k, _, _ in kinds(document)] == ["measures_results", "shortcomings"]


def test_unclassified_top_headings_continue_the_achievements(ruleset):
    text = "一、坚持党的领导\n召开会议4次。\n二、深化依法行政\n审查合同130份。\n三、存在的问题\n宣传方式单一。"
    document = seg(ruleset, text)
    assert kinds(document) == [
        ("measures_results", False, 1),
        ("measures_results", False, 3),
        ("shortcomings", True, 5),
    ]
    assert [p.scope for p in document.paragraphs] == ["achievements"] * 4 + ["shortcomings"] * 2


def test_signature_block(ruleset):
    text = "一、工作情况\n全年调解纠纷450件，取得积极成效。\n\n中共某某镇委员会\n某某镇人民政府\n2024年3月1日\n"
    document = seg(ruleset, text)
    assert [f.value for f in document.signature] == ["中共某某镇委员会", "某某镇人民政府", "2024年3月1日"]
    assert document.dates["signed"] == ("2024-03-01", 6)
    assert all("人民政府" not in p.text for p in document.paragraphs)


def test_rewrapped_paragraphs_are_joined_and_keep_line_numbers(ruleset):
    line = "全年共调解各类矛盾纠纷481件，成功调解474件，调解成功率98.5%，调解成功的纠纷回访满意率为100%，群众满意。"
    wrapped = "\n".join(line[i : i + 20] for i in range(0, len(line), 20))
    document = seg(ruleset, "一、工作情况\n" + wrapped + "\n二、存在的不足\n宣传方式单一。")
    body = [p for p in document.paragraphs if p.level == 0]
    assert body[0].text.replace(",", "，") == line.replace(",", "，")
    assert body[0].line == 2


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-03-27", "2024-03-27"),
        ("2024年3月1日", "2024-03-01"),
        ("二〇二四年三月二十日", "2024-03-20"),
        ("2024123", None),
        ("日期:2022-01-25 15:43", "2022-01-25"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_a_pdf_letterhead_repeated_on_each_page_is_furniture_and_the_sentence_runs_on(ruleset):
    text = (
        "永丰县人民政府文件\n\n永丰县人民政府关于2024年度法治\n政府建设情况的报告\n\n"
        "一、工作开展情况\n全县持续转变政府职能，坚持把转变政府职能作\n- 1 -\n\n永丰县人民政府文件\n\n"
        "为深化改革的重要抓手，全年办理审批事项1200件。\n\n永丰县人民政府\n2025年3月20日\n"
    )
    document = seg(ruleset, text)
    assert document.title is not None and document.title.value == "永丰县人民政府关于2024年度法治政府建设情况的报告"
    joined = "".join(p.text for p in document.paragraphs)
    assert "转变政府职能作为深化改革的重要抓手" in joined and "人民政府文件" not in joined
    assert [f.value for f in document.signature] == ["永丰县人民政府", "2025年3月20日"]


def test_the_letterheads_name_under_the_last_paragraph_is_the_signature(ruleset):
    text = "某县司法局\n\n某县司法局2024年法治政府建设情况报告\n\n一、工作开展情况\n全年办理行政复议案件12件，调解矛盾纠纷450件，开展普法活动30场次。\n\n某县司法局\n"
    assert [f.value for f in seg(ruleset, text).signature] == ["某县司法局"]
