"""`fzcheck compare`: follow-up of last year's shortcomings and plan, copied paragraphs, template copying."""

from __future__ import annotations

import json

from checker.cli import main
from checker.judge.compare import compare_reports, find_copies, jaccard, shared_paragraphs, shingles
from checker.read.formats import load_report
from checker.read.segment import segment
from checker.read.source import SourceDocument, lines_from_text
from checker.render.comparison import comparison_dict, comparison_terminal
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
    data = comparison_dict(comparison)
    json.dumps(data, ensure_ascii=False)
    assert data["total"] == len(data["followups"]) and data["copied_share"] == comparison.copied_share
    text = comparison_terminal(comparison)
    assert "第13行" in text and "相似度" in text


def test_identical_reports_are_fully_copied_and_copying_is_no_follow_up(ruleset):
    source = load_report(str(SEED_000))
    comparison = compare_reports(source, source, ruleset)
    assert comparison.copied_share == 1.0
    # Last year's items are all there, word for word: none of it is follow-up.
    assert comparison.followups and comparison.addressed_count == 0


def test_a_copied_sentence_inside_a_new_paragraph_is_no_follow_up(ruleset):
    """This year's paragraph is new, but the sentence that matches last year's item is last year's."""
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    staff = next(line for line in lines if "法律知识水平" in line)
    sentence = staff.split("。")[0].removeprefix("一是") + "。"
    lines[12] = "今年新建法治文化广场一处，组织文艺演出三场。" + sentence
    this = SourceDocument("this.txt", "text", lines_from_text("\n".join(lines)))
    comparison = compare_reports(load_report(str(SEED_000)), this, ruleset)
    item = next(f for f in comparison.followups if f.kind == "shortcoming" and "法律知识" in f.head)
    assert item.addressed is None or item.addressed.line != 13


def test_similarity_is_jaccard_of_three_grams():
    assert jaccard(shingles("全面推进依法行政工作"), shingles("全面推进依法行政工作")) == 1.0
    assert jaccard(shingles("全面推进依法行政"), shingles("扎实开展普法宣传")) == 0.0


def test_shared_paragraphs_between_bodies_only(ruleset):
    first = segment(load_report(str(SEED_000)), ruleset.conventions)
    other = segment(_this_year(), ruleset.conventions)
    unrelated = segment(load_report(str(SEEDS / "004_3fc20d629b335cca.txt")), ruleset.conventions)
    docs = [("a.txt", "澄江镇", first), ("b.txt", "某镇", other), ("c.txt", "常平镇", unrelated)]
    shared = shared_paragraphs(docs, 0.6)
    assert shared and all({s.first_body, s.second_body} == {"澄江镇", "某镇"} for s in shared)
    assert all({s.first, s.second} == {"a.txt", "b.txt"} for s in shared)
    assert any(s.first_line == 25 and s.second_line == 25 for s in shared)
    # The same body's reports are versions, not template copies of each other.
    assert not shared_paragraphs([("a.txt", "澄江镇", first), ("b.txt", "澄江镇", other)], 0.6)


def test_copies_summarised_per_pair_of_bodies(ruleset):
    first = segment(load_report(str(SEED_000)), ruleset.conventions)
    other = segment(_this_year(), ruleset.conventions)
    unrelated = segment(load_report(str(SEEDS / "004_3fc20d629b335cca.txt")), ruleset.conventions)
    docs = [
        ("a.txt", "澄江镇", first),
        ("a2.txt", "澄江镇", first),
        ("b.txt", "某镇", other),
        ("c.txt", "常平镇", unrelated),
    ]
    copies = find_copies(docs, 0.6)
    assert dict(copies.bodies)["澄江镇"] == ("a.txt", "a2.txt")
    (pair,) = copies.pairs
    assert {pair.first, pair.second} == {"澄江镇", "某镇"}
    # Two paragraphs of 某镇's report were rewritten: most, not all, of each side is shared; both
    # versions of 澄江镇 hold the same paragraphs, which count once.
    assert 0.5 < pair.first_share < 1 and 0.5 < pair.second_share < 1
    in_b = {s.second_line if s.second == "b.txt" else s.first_line for s in copies.shared}
    assert pair.paragraphs == len(in_b)


def test_compare_and_copies_write_every_format(tmp_path, capsys):
    folder = tmp_path / "各镇"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_000.read_bytes())
    (folder / "b.txt").write_text(SEED_000.read_text(encoding="utf-8").replace("澄江镇", "某某镇"), encoding="utf-8")
    for fmt in ("terminal", "json", "markdown", "html"):
        out = tmp_path / f"对比.{fmt}"
        assert main(["compare", str(folder / "a.txt"), str(folder / "b.txt"), "-f", fmt, "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert "回应上年不足和安排" in text or '"followups"' in text, fmt
        assert main(["copies", str(folder), "-f", fmt]) == 0
        copies = capsys.readouterr().out
        assert "某某镇" in copies, fmt
    assert main(["copies", str(folder), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairs"][0]["first_share"] == 1.0 and data["pairs"][0]["paragraphs"] >= 10
    assert main(["copies", str(folder), "-f", "html"]) == 0
    page = capsys.readouterr().out
    assert '<meta name="generator" content="fzcheck' in page and "按报告主体两两汇总" in page
