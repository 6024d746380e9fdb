"""The HTML scorecard: self-contained, escaped, and working in a real headless browser (Debian chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from checker.cli import main
from checker.render import render_text
from checker.render.model import Run
from tests.conftest import SEEDS
from tests.test_render_formats import catalog, sample_result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page() -> str:
    result = sample_result()
    return render_text("html", Run((result,), (), "测试规则集", catalog(result)))


def test_everything_is_escaped(page):
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "\x0b" not in page
    assert len(re.findall(r"<script>", page)) == 1  # only our own script


def test_self_contained(page):
    # Nothing is fetched when the page is viewed: no external src/href, and a CSP forbidding it.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    assert "<link" not in page


def test_score_charts_elements_and_text(page):
    assert "41.7" in page and "不合格" in page
    # Bars by group: structure earned 1 + 1.5 of 1 + 3 possible (n/a, unknown and weight-0 left out).
    assert "结构：2.5/4 分（62%）" in page
    assert "内容：0/2 分（0%）" in page
    # By area: 健全行政决策制度体系 has only the failed major_decisions (0 of 2).
    assert "健全行政决策制度体系：0/2 分（0%）" in page
    # The partial element's evidence links to line 5, which is highlighted in the report text.
    assert 'href="#r1-L5"' in page
    assert re.search(r'<div class="line hit" id="r1-L5" title="证据：要素causes">', page)
    assert '<div class="line" id="r1-L4">' in page
    for label in ("缺少", "建议", "报告原文", "按分组得分", "按领域得分"):
        assert label in page


def test_batch_has_ranking_and_coverage():
    first, second = sample_result(), sample_result("乙.txt", 80.0)
    page = render_text("html", Run((first, second), (("坏.txt", "文件为空"),), "测试", catalog(first)))
    ranking = page[page.index('id="ranking"') : page.index('id="coverage"')]
    assert ranking.index("乙.txt") < ranking.index("报告,甲:1.txt")
    assert "无法读取：文件为空" in ranking
    assert 'href="#r2"' in ranking and '<article class="report" id="r2">' in page
    coverage = page[page.index('id="coverage"') :]
    assert 'title="通过 0"' not in coverage  # zero-width segments are left out
    assert 'title="部分 2"' in coverage


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_in_headless_chromium(tmp_path, capsys):
    page = tmp_path / "评分卡.html"
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert main(["check", *seeds, "--format", f"html:{page}", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)["reports"][1]
    line = next(ev["line"] for e in report["elements"] for ev in e["evidence"] if ev["line"] > 0)
    with tempfile.TemporaryDirectory() as profile:
        # After the script ran: a filter toolbar per report, the hit counts filled in, and the line
        # named in the URL's fragment (as an evidence link would set it) marked as the current one.
        dom = _chromium(["--dump-dom", f"{page.as_uri()}#r2-L{line}"], Path(profile)).stdout
        assert 'data-ready="1"' in dom
        assert dom.count('class="toolbar"') == 5
        assert "只看缺失和部分" in dom
        assert "点击证据可跳到原文" in dom
        assert re.search(rf'class="line hit current" id="r2-L{line}"', dom)
        shot = tmp_path / "shot.png"
        _chromium(["--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()], Path(profile))
    assert shot.exists()
    # A blank 1280×2000 page compresses to ~12 kB; the rendered tables, bars and text are far larger.
    assert shot.stat().st_size > 50_000


def test_element_ids_only_on_request(page):
    # Ids are in the page (for the toggle) but hidden by default; --verbose shows them.
    assert '<span class="eid">content.major_decisions</span>' in page
    assert ".eid{display:none" in page and '<body class="show-ids">' not in page
    result = sample_result()
    verbose = render_text("html", Run((result,), (), "测试", catalog(result)), verbose=True)
    assert '<body class="show-ids">' in verbose


def test_problems_first_and_optional_absent_not_red(page):
    summary = page[page.index('<div class="summary">') : page.index('<section class="elements">')]
    problems = summary[summary.index('class="problems"') :]
    # major_decisions loses 2 points, causes 1.5: in that order; the optional element is no problem.
    assert problems.index("要素major_decisions") < problems.index("要素causes")
    assert "要素other_matters" not in problems
    assert '<div class="element optional" id="r1-e-section.other_matters">' in page
    assert '<span class="badge b-optional">未写（可选）</span>' in page


def test_templates_are_reusable_by_another_page():
    """A page elsewhere (the web shell) extends the base layout and reuses the card and batch blocks."""
    from checker.render.html import GENERATOR, card_view, environment, run_view

    first, second = sample_result(), sample_result("乙.txt", 80.0)
    run = Run((first, second), (), "测试", catalog(first))
    page = (
        environment()
        .from_string(
            '{% extends "base.html" %}{% from "scorecard.html" import report_card %}'
            '{% from "batch.html" import ranking_table %}{% block content %}<form id="upload"></form>'
            "{{ ranking_table(run_view) }}{{ report_card(card) }}{% endblock %}"
        )
        .render(title="网页", generator=GENERATOR, show_ids=False, run_view=run_view(run), card=card_view(first, "x1"))
    )
    assert '<form id="upload"></form>' in page and 'id="ranking"' in page and '<article class="report" id="x1">' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def _seed_page(tmp_path: Path) -> tuple[Path, list[str]]:
    seed = sorted(SEEDS.glob("*.txt"))[1]
    page = tmp_path / "评分卡.html"
    assert main(["check", str(seed), "-f", f"html:{page}"]) in (0, 1)
    lines = seed.read_text(encoding="utf-8").splitlines()
    return page, lines


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_printed_pdf_has_the_whole_text(tmp_path):
    import pypdfium2

    page, lines = _seed_page(tmp_path)
    pdf = tmp_path / "printed.pdf"
    with tempfile.TemporaryDirectory() as profile:
        _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], Path(profile))
    document = pypdfium2.PdfDocument(str(pdf))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    squeeze = re.compile(r"\s+")
    printed = squeeze.sub("", "".join(pages))
    wanted = [squeeze.sub("", line) for line in lines if line.strip()]
    assert len(wanted) > 20
    missing = [line for line in wanted if line not in printed]
    assert not missing, f"{len(missing)} lines not printed, e.g. {missing[:2]}"
    # The summary (score, problems) is on the first page and the details start on a later one.
    assert "先补这几项" in pages[0] and "报告原文" not in pages[0]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_no_horizontal_overflow_at_390_px(tmp_path):
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))[:2]
    page = tmp_path / "批量.html"
    assert main(["check", *seeds, "-f", f"html:{page}"]) in (0, 1)
    # Headless chromium will not make a window narrower than 500 px, so the page is shown in a 390 px
    # frame; a probe in the page measures the document's width and every box that sticks out of the
    # viewport (outside the scrolling table wrappers) and posts the figures to the frame's parent.
    probe = """<script>addEventListener('load',function(){var w=document.documentElement.clientWidth,bad=0;
      document.querySelectorAll('body *').forEach(function(el){if(el.closest('.table-wrap'))return;
        if(el.getBoundingClientRect().right>w+1)bad++;});
      parent.postMessage([w,document.documentElement.scrollWidth,bad].join(','),'*');});</script>"""
    probed = tmp_path / "probe.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    frame = tmp_path / "phone.html"
    frame.write_text(
        '<!DOCTYPE html><body style="margin:0"><iframe src="probe.html" style="width:390px;height:844px;border:0">'
        "</iframe><script>addEventListener('message',function(m){document.body.dataset.found=m.data;});</script>",
        encoding="utf-8",
    )
    with tempfile.TemporaryDirectory() as profile:
        dom = _chromium(
            ["--window-size=800,900", "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()], Path(profile)
        ).stdout
    width, scroll, outside = (int(x) for x in re.search(r'data-found="([\d,]+)"', dom).group(1).split(","))
    assert 360 <= width <= 390  # 390 less a scroll bar, if one is drawn
    assert scroll <= width and outside == 0, (scroll, outside)
