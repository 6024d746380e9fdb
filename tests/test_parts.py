"""Parts without a heading of their own: combined sections, shortcomings opening the plan, a closing plan,
shortcomings in passing. Each case is reasoned from the text: which sentences state problems and which
state measures."""

from __future__ import annotations

from checker.read.segment import segment
from checker.read.source import SourceDocument, lines_from_text
from tests.conftest import check_text

ACHIEVEMENTS = "一、主要工作及成效\n全年调解矛盾纠纷120件，成功调解118件；审查合同36份；开展普法活动15场次。\n"


def parts(ruleset, text: str) -> list[tuple[str, bool, list[str]]]:
    document = segment(SourceDocument("t.txt", "text", lines_from_text(text)), ruleset.conventions)
    return [
        (s.kind, s.explicit, [document.paragraphs[i].text for i in s.paragraphs])
        for s in document.sections
        if s.level == 1 and s.kind != "preamble"
    ]


def test_a_combined_section_is_split_where_the_plan_starts(ruleset):
    text = ACHIEVEMENTS + (
        "三、存在问题及下一步工作打算\n"
        "对照上级要求仍有差距。主要是干部法治思维还不强，普法形式比较单一。下一步，我乡将重点抓好以下工作：\n"
        "（一）进一步加强学习。每季度组织集中学法1次。\n"
    )
    found = parts(ruleset, text)
    assert [(kind, explicit) for kind, explicit, _ in found] == [
        ("measures_results", True),
        ("shortcomings", True),
        ("plan", True),
    ]
    shortcomings, plan = found[1][2], found[2][2]
    # The heading paragraph leads the shortcomings; the problems follow it, the plan's first sentence does not.
    assert "普法形式比较单一" in "".join(shortcomings[1:]) and "下一步" not in "".join(shortcomings[1:])
    assert plan[0].startswith("下一步") and "集中学法" in "".join(plan)


def test_a_combined_section_without_problems_first_stays_whole(ruleset):
    text = ACHIEVEMENTS + "三、存在问题及下一步工作打算\n（一）加强学习。每季度组织集中学法1次。\n"
    assert [kind for kind, _, _ in parts(ruleset, text)][1:] in (["plan"], ["shortcomings"])


def test_shortcomings_in_the_opening_sentences_of_the_plan(ruleset):
    text = ACHIEVEMENTS + (
        "二、2024年工作打算\n"
        "当前，我局法治建设还存在执法力量不足、普法针对性不强等问题。2024年，我局将重点做好以下工作：\n"
        "（一）充实执法力量。新招录执法人员3名。\n"
    )
    found = parts(ruleset, text)
    assert [(kind, explicit) for kind, explicit, _ in found] == [
        ("measures_results", True),
        ("shortcomings", False),
        ("plan", True),
    ]
    assert "执法力量不足" in found[1][2][0]


def test_a_plan_that_is_only_a_closing_paragraph(checker):
    text = (
        ACHIEVEMENTS + "二、存在的不足\n执法队伍专业人员偏少。\n\n下一步，我局将加强执法培训，年内组织培训不少于4次。\n"
    )
    result = check_text(checker, text)
    assert result.element("section.next_year_plan").status == "partial"
    # The closing paragraph is judged as the plan it is, not as missing.
    assert result.element("quality.plan_specificity").status != "fail"


def test_shortcomings_in_passing_at_the_end_of_the_achievements(checker):
    text = (
        "某镇2024年法治建设工作情况\n\n"
        "2024年，某镇全年调解矛盾纠纷86宗，调解成功81宗，开展普法活动12场次。\n\n"
        "但也要看到，我镇法治建设仍存在一些不足，部分群众法治意识有待提高，镇综合行政执法力量相对薄弱。\n\n"
        "下一步，我镇将继续加强执法队伍建设，持续抓好普法宣传。\n"
    )
    result = check_text(checker, text)
    assert result.element("section.shortcomings").status == "partial"
    assert result.element("section.next_year_plan").status == "partial"
    # The embedded shortcomings are items the substance check reads, not "no shortcomings".
    assert result.element("quality.shortcomings_substance").status != "fail"


def test_a_problem_solved_early_in_the_achievements_is_no_shortcoming(ruleset):
    text = (
        "一、主要工作及成效\n针对排查发现还存在的安全隐患问题12处，已全部整改到位。\n"
        "全年调解矛盾纠纷120件。\n审查合同36份。\n开展普法活动15场次。\n培训执法人员40人次。\n"
        "二、2024年工作计划\n加强执法培训，年内组织培训不少于4次。\n"
    )
    assert "shortcomings" not in [kind for kind, _, _ in parts(ruleset, text)]


def test_combined_items_each_stating_a_problem_then_its_measure(ruleset):
    text = ACHIEVEMENTS + (
        "三、存在问题和下步工作打算\n"
        "（一）法治政府建设推进不够平衡。少数部门重视不够，3件文件因程序不完整被退回。下一步，我们将加大督导力度。\n"
        "（二）基层执法力量薄弱。部分乡镇持证率仅60%。下一步，我们将组织资格考试。\n"
    )
    found = parts(ruleset, text)
    assert [kind for kind, _, _ in found] == ["measures_results", "shortcomings", "plan"]
    shortcomings, plan = "".join(found[1][2]), "".join(found[2][2])
    # Every item's problem goes to the shortcomings and its measure, in order, to the plan.
    assert "推进不够平衡" in shortcomings and "持证率仅60%" in shortcomings and "下一步" not in shortcomings
    assert plan.index("督导力度") < plan.index("资格考试")
