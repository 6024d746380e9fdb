"""Traditional characters: detected, converted before checking, and shown to the user as written."""

from __future__ import annotations

import json

import pytest

from checker.read.script import SIMPLIFIED, TRADITIONAL, detect_script, restore, restore_map, restore_quotes
from tests.conftest import SEEDS, check_text, statuses

opencc = pytest.importorskip("opencc")
TO_TRADITIONAL = opencc.OpenCC("s2t")


def test_detects_traditional_and_simplified_text():
    assert (
        detect_script("關於2023年法治政府建設情況的報告。我鎮認真貫徹落實黨委決策部署，調解糾紛十二件。") == TRADITIONAL
    )
    assert (
        detect_script("关于2023年法治政府建设情况的报告。我镇认真贯彻落实党委决策部署，调解纠纷十二件。") == SIMPLIFIED
    )


def test_a_few_traditional_characters_in_a_simplified_report_do_not_switch_it():
    # A quoted old name and a variant form: still a simplified report.
    text = "我镇学习《論語》选段，开展“乾隆御碑”文化普法活动，全镇调解纠纷12件，成功调解12件。" * 3
    assert detect_script(text) == SIMPLIFIED


def test_restore_map_and_quotes_keep_our_own_words():
    original = "調解糾紛12件"
    converted = "调解纠纷12件"
    back = restore_map([(original, converted)])
    assert restore(converted, back) == original
    # Only the quoted stretch goes back to the original script; the tool's prefix stays simplified.
    assert restore_quotes("未写原因：调解纠纷12件", converted, back) == "未写原因：調解糾紛12件"


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_seed_in_traditional_characters_gets_the_same_verdicts(checker, seed):
    text = seed.read_text(encoding="utf-8")
    simplified = check_text(checker, text, seed.name)
    traditional = check_text(checker, TO_TRADITIONAL.convert(text), seed.name)
    assert traditional.script == TRADITIONAL and simplified.script == SIMPLIFIED
    assert statuses(traditional) == statuses(simplified)
    assert (traditional.profile, traditional.year, traditional.score) == (
        simplified.profile,
        simplified.year,
        simplified.score,
    )


def test_evidence_is_quoted_in_the_original_script(checker):
    text = TO_TRADITIONAL.convert((SEEDS / "001_fc7b85533537df1c.txt").read_text(encoding="utf-8"))
    result = check_text(checker, text, "001.txt")
    evidence = result.element("content.administrative_reconsideration").evidence[0]
    line_text = text.split("\n")[evidence.line - 1]
    assert "零發生" in evidence.text and "零發生" in line_text
    assert result.title == "關於2023年法治政府建設情況的報告"
    # The text shown beside the verdicts is the user's own.
    assert dict(result.lines)[evidence.line] == line_text


def test_json_records_the_script(tmp_path, capsys):
    from checker.cli import main

    path = tmp_path / "繁體.txt"
    path.write_text(
        TO_TRADITIONAL.convert((SEEDS / "003_de700f0da81c1964.txt").read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert main(["check", str(path), "--format", "json", "--no-config"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)["reports"][0]
    assert report["script"] == "traditional"
    assert report["profile"] == "county" and report["year"] == 2023


def test_a_traditional_web_page_reads_its_metadata(tmp_path, checker):
    page = (
        "<html><head><meta charset='utf-8'><title>花石鎮2023年法治政府建設年度報告</title></head><body>"
        "<div class='nav'>首頁 &gt; 政務公開</div>"
        "<div class='article'><h1>花石鎮2023年法治政府建設年度報告</h1>"
        "<p>發布時間：2024-03-15　來源：花石鎮人民政府</p>"
        "<p>2023年，花石鎮堅持以習近平法治思想為指導，全年調解矛盾糾紛120件，成功調解118件。</p>"
        "<p>一、主要舉措和成效</p><p>組織黨委理論學習中心組專題學習習近平法治思想6次。</p></div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = checker.check_path(str(path))
    assert result.script == TRADITIONAL
    assert result.published == "2024-03-15"
    assert result.profile == "township"
    assert result.element("meta.title").status == "pass"
