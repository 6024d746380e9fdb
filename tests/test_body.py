"""Who reports: names and their kinds, from titles, openings, letterheads, 落款 and self-references."""

from __future__ import annotations

import pytest

from checker.judge.body import kind_of, opening_name, title_name
from tests.conftest import check_text


@pytest.fixture(scope="module")
def specs(ruleset):
    return ruleset.profiles


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("常平镇", "township"),
        ("澄江镇人民政府", "township"),
        ("中共重庆市北碚区澄江镇委员会", "township"),
        ("广州市海珠区人民政府南洲街道办事处", "township"),
        ("清波街道党工委", "township"),
        ("象图乡人民政府", "township"),
        ("经棚镇", "township"),
        ("秀山土家族苗族自治县人民政府", "county"),
        ("中共静宁县委员会", "county"),
        ("泊头市人民政府", "county"),
        ("翁牛特旗人民政府", "county"),
        ("浦东新区人民政府", "county"),
        ("湖南省人民政府", "county"),
        ("县司法局", "department"),
        ("市市场监管局", "department"),
        ("北京市丰台区教育委员会", "department"),
        ("区教委", "department"),
        ("铜仁市生态环境局江口县分局", "department"),
        ("上高县卫生健康局", "department"),
        ("陕西省自然资源厅", "department"),
        ("中卫市政务服务中心", "department"),
        ("闵行区发展和改革委员会", "department"),
        ("司法部", "department"),
        ("贵州双龙航空港经济区", "department"),
        ("县人民政府办公室", "department"),
        ("2023年度法治政府建设", None),
        ("本网", None),
    ],
)
def test_kind_of_a_name_is_told_by_its_last_part(specs, name, kind):
    assert kind_of(name, specs) == kind


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("广州市海珠区人民政府南洲街道办事处关于2024年法治政府建设情况的报告", "广州市海珠区人民政府南洲街道办事处"),
        ("重庆市长寿区司法局2022年度法治政府建设年度报告", "重庆市长寿区司法局"),
        ("2023年澄江镇法治政府建设情况", "澄江镇"),
        ("关于2023年法治政府建设情况的报告", None),
    ],
)
def test_the_body_a_title_names(specs, title, name):
    assert title_name(title, specs) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("2022年，县司法局紧紧围绕县委、县政府中心工作，立足司法行政实际。", "县司法局"),
        ("市市场监管局在市委市政府坚强领导下，扎实推进法治政府建设。", "市市场监管局"),
        ("在区委、区政府正确领导下，共和乡党委、政府深入学习贯彻习近平法治思想。", "共和乡"),
        ("2023年，贵州双龙航空港经济区（以下简称经济区）坚持以习近平法治思想为指导。", "贵州双龙航空港经济区"),
        ("根据工作要求，现将万州区余家镇人民政府2023年法治政府建设情况报告如下：", "万州区余家镇人民政府"),
        ("2023年，我们坚持以习近平新时代中国特色社会主义思想为指导。", None),
        # The subject after adverbial clauses, and never the superiors of a clause that opens with a preposition.
        ("为深入贯彻落实习近平法治思想，全面推进依法行政，桃源县民政局在县委领导下，立足民政职能。", "桃源县民政局"),
        ("2024年，得益于县委、县政府的坚强领导，我乡积极作为，勇于探索。", "我乡"),
        ("2025年，中村乡法治政府建设工作在市委的正确领导下，认真落实上级部署。", "中村乡"),
    ],
)
def test_the_subject_of_an_opening_sentence(specs, sentence, name):
    assert opening_name(sentence, specs) == name


def test_a_district_named_before_a_street_does_not_make_it_a_county(checker):
    text = (
        "广州市海珠区人民政府南洲街道办事处关于2024年法治政府建设情况的报告\n\n"
        "2024年，在区委、区政府的坚强领导下，街道党工委深入学习贯彻习近平法治思想。\n"
    )
    result = check_text(checker, text)
    assert (result.profile, result.profile_source) == ("township", "title")


def test_a_self_referring_department_without_a_name(checker):
    text = (
        "关于2023年度法治政府建设情况的报告\n\n"
        "2023年，我局坚持以习近平法治思想为指导，推进依法行政。\n"
        "一、主要举措和成效\n我局全年办理行政处罚案件56件，本局执法人员全部持证上岗。\n"
    )
    result = check_text(checker, text)
    assert (result.profile, result.profile_source) == ("department", "opening")
    assert result.element("meta.issuer").status == "fail"


def test_a_letterhead_names_the_body(checker):
    text = "洪雅县人民政府文件\n洪府〔2022〕12号\n关于2021年法治政府建设情况的报告\n\n2021年，全县深入推进依法行政。\n"
    result = check_text(checker, text)
    assert (result.profile, result.profile_source) == ("county", "letterhead")
    assert result.element("meta.issuer").status == "pass"


def test_nothing_names_the_body_says_so(checker):
    result = check_text(checker, "关于2023年法治政府建设情况的报告\n\n2023年，我们坚持依法行政，工作取得成效。\n")
    assert (result.profile, result.profile_source) == ("county", "default")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # Published in December of the year it reports: the body outweighs the date.
        (
            "法治政府建设情况报告\n发布日期：2019-12-20\n\n2019年以来，我区坚持依法行政。\n一、主要工作\n办理复议8件。\n二、2020年工作计划\n加强培训。\n",
            2019,
        ),
        # A document's title holds a year range that is not the report's.
        (
            "法治政府建设情况报告\n\n根据《法治政府建设实施纲要（2021—2025年）》要求，现将我局2023年度工作报告如下：\n",
            2023,
        ),
        # Published in spring: the year before.
        ("法治政府建设情况报告\n发布日期：2024-03-01\n\n本年度，我镇坚持依法行政。\n", 2023),
    ],
)
def test_report_year_from_the_body_before_the_date(checker, text, year):
    assert check_text(checker, text).year == year


def test_a_site_operator_as_publisher_is_not_the_issuer(checker):
    # The page's 发布机构 is the county government's office; the report names its body, 县司法局, only in
    # its opening sentence: the body is named in the text alone (partial), and it is a department.
    text = (
        "关于2023年度法治政府建设情况的报告\n发布机构：光山县人民政府办公室  发布日期：2024-01-30\n\n"
        "2023年，县司法局紧紧围绕县委、县政府中心工作，推进依法行政。\n"
    )
    result = check_text(checker, text)
    assert result.profile == "department"
    assert result.element("meta.issuer").status == "partial"


def test_a_publisher_naming_the_body_is_its_issuer(checker):
    text = (
        "秀山土家族苗族自治县2023年度法治政府建设情况报告\n[ 发布机构 ] 秀山县人民政府\n\n"
        "2023年，秀山县深入践行习近平法治思想。\n"
    )
    result = check_text(checker, text)
    assert (result.profile, result.element("meta.issuer").status) == ("county", "pass")


def test_label_lines_before_the_text_are_not_its_opening(checker):
    text = (
        "- 索 引 号:4311230009/2025-00578 分 类:\n发文机关:\n双牌县教育局 发文日期:2025-02-25 15:58 - 名称:\n"
        "中共双牌县教育局党组2024年度法治政府建设年度报告 - 文号:\n"
        "2024年，双牌县教育局在县委、县政府的正确领导下，坚持依法治教、依法行政。\n"
    )
    result = check_text(checker, text)
    assert (result.profile, result.year) == ("department", 2024)
