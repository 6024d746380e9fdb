"""`fzcheck compare`: follow-up of last year's shortcomings and plan, copied paragraphs, template copying."""

from __future__ import annotations

import json

from checker.judge.compare import (
    compare_reports,
    comparison_to_dict,
    jaccard,
    render_comparison_terminal,
    shared_paragraphs,
    shingles,
)
from checker.read.formats import load_report
from checker.read.segment import segment
from checker.read.source import SourceDocument, lines_from_text
from tests.conftest import SEEDS

SEED_000 = SEEDS / "000_3fe6be48873162dd.txt"


def _this_year() -> SourceDocument:
    """Seed 000 as next year's report: two achievement paragraphs rewritten, the rest copied."""
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    lines[12] = "全年组织镇村干部法律知识培训6次,开展法律知识讲座3场,镇村干部依法行政能力明显提高。"
    lines[20] = "今年我镇新建法治文化广场一处,组织文艺演出,群众反响良好,参与人数众多,形式新颖,内容丰富多彩。"
    return SourceDocument("this.txt", "text", lines_from_text("\n".join(lines)))


def test_copied_share_and_changed_paragraphs(ruleset):
    comparison = compare_reports(load_report(str(SEED_000)), _this_year(), ruleset)
    copied_lines = {c.this_line for c in comparison.copied}
    assert 13 not in copied_lines and 21 not in copied_lines
    assert {5, 9, 11, 15, 25} <= copied_lines
    assert all(c.similarity >= comparison.threshold for c in comparison.copied)
    assert 0.5 < comparison.copied_share < 1.0


def test_last_years_shortcoming_matched_to_this_years_passage(ruleset):
    comparison = compare_reports(load_report(str(SEED_000)), _this_year(), ruleset)
    staff = next(f for f in comparison.followups if f.kind == "shortcoming" and "法律知识" in f.head)
    assert staff.addressed is not None and staff.addressed.line == 13
    assert "法律" in "".join(staff.terms)
    # Still listed word for word among this year's shortcomings.
    assert staff.repeated is not None and staff.repeated.line == 25


def test_unaddressed_items_are_reported(ruleset):
    comparison = compare_reports(load_report(str(SEED_000)), _this_year(), ruleset)
    mechanism = next(f for f in comparison.followups if f.kind == "shortcoming" and "机制" in f.head)
    assert mechanism.addressed is None


def test_output_forms(ruleset):
    comparison = compare_reports(load_report(str(SEED_000)), _this_year(), ruleset)
    data = comparison_to_dict(comparison)
    json.dumps(data, ensure_ascii=False)
    assert data["total"] == len(data["followups"]) and data["copied_share"] == comparison.copied_share
    text = render_comparison_terminal(comparison)
    assert "第13行" in text and "相似度" in text


def test_identical_reports_are_fully_copied(ruleset):
    source = load_report(str(SEED_000))
    assert compare_reports(source, source, ruleset).copied_share == 1.0


def test_similarity_is_jaccard_of_three_grams():
    assert jaccard(shingles("全面推进依法行政工作"), shingles("全面推进依法行政工作")) == 1.0
    assert jaccard(shingles("全面推进依法行政"), shingles("扎实开展普法宣传")) == 0.0


def test_shared_paragraphs_between_bodies_only(ruleset):
    first = segment(load_report(str(SEED_000)), ruleset.conventions)
    other = segment(_this_year(), ruleset.conventions)
    unrelated = segment(load_report(str(SEEDS / "004_3fc20d629b335cca.txt")), ruleset.conventions)
    shared = shared_paragraphs([("澄江镇", first), ("某镇", other), ("常平镇", unrelated)], 0.6)
    assert shared and all({s.first, s.second} == {"澄江镇", "某镇"} for s in shared)
    assert any(s.first_line == 25 and s.second_line == 25 for s in shared)
    # The same body's reports are not template copies of each other.
    assert not shared_paragraphs([("澄江镇", first), ("澄江镇", other)], 0.6)
