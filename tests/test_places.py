"""Places: the home province from county-level names, other provinces' places and platforms, and
ordinary words that merely contain a place name. Each case is reasoned from where the places are."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from checker.ruleset.scan import Names, Words
from tests.conftest import check_text


def local(checker, text: str):
    return check_text(checker, text).element("quality.local_consistency")


def test_the_home_province_is_known_from_a_county_name(checker):
    # 静宁县 is in 甘肃, so 定西 and 平凉 (甘肃 cities) are home and 浙里办 (浙江's platform) is foreign.
    text = (
        "静宁县城川镇2023年法治政府建设年度报告\n\n一、主要举措和成效\n"
        "学习借鉴平凉市、定西市等地经验，依托“浙里办”平台受理群众事项120件。\n"
    )
    element = local(checker, text)
    assert element.details["home"] == "甘肃"
    # Another province's platform used for the year's own work is a clear sign of copied text.
    assert element.status == "fail"


def test_ordinary_words_holding_a_place_name_are_not_places(checker):
    text = (
        "永春县蓬壶镇2024年法治政府建设年度报告\n\n一、主要举措和成效\n"
        "发挥新乡贤、老党员作用调处纠纷36件；制定西部片区治理方案，保持社会安定区域稳定，优化营商环境繁荣昌盛。"
        "通过“闽政通”办理事项。\n"
    )
    element = local(checker, text)
    assert element.details["home"] == "福建"
    assert element.status == "pass", element.evidence


def test_a_partner_province_in_an_aid_programme_is_no_copied_text(checker):
    text = (
        "新疆维吾尔自治区玛纳斯县2023年法治政府建设情况报告\n\n一、主要举措和成效\n"
        "依托福建省对口援疆机制，邀请援疆法律专家来县开展执法培训2期。\n"
    )
    assert local(checker, text).status == "pass"


def test_a_city_name_that_starts_a_towns_name_is_that_town(checker):
    text = (
        "新疆维吾尔自治区玛纳斯县2023年法治政府建设情况报告\n\n一、主要举措和成效\n"
        "兰州湾镇试行“网格+调解”工作法，全年化解纠纷56件。\n"
    )
    assert local(checker, text).status == "pass"
    # The city itself still counts: 学习兰州市经验 is another province's name.
    assert local(checker, text.replace("兰州湾镇试行", "照搬兰州市做法试行")).status != "pass"


def test_a_neighbours_platform_named_as_something_to_learn_from_is_only_suspicious(checker):
    text = "重庆市秀山县大溪镇2025年法治政府建设报告\n\n一、主要举措和成效\n学习推广“湘矛调”等数字化调解平台应用，用好“渝快办”。\n"
    assert local(checker, text).status == "partial"


@given(
    words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    text=st.text(alphabet="甲乙丙丁。", max_size=40),
)
def test_longest_first_takes_non_overlapping_occurrences_longest_first(words, text):
    found = Names(words).longest_first(text)
    assert found == Words(words).longest_first(text)
    spans = [(start, start + len(word)) for start, word in found]
    assert all(text[a:b] == word for (a, b), (_, word) in zip(spans, found, strict=True))
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    # Every occurrence left out overlaps a chosen one at least as long (longest first, nothing skipped).
    for word in words:
        for start in range(len(text) - len(word) + 1):
            if text.startswith(word, start) and (start, word) not in found:
                assert any(a < start + len(word) and start < b and b - a >= len(word) for a, b in spans)
