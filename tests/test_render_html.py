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
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
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
    assert "<title>要素causes 0</title>" not in page  # zero-width segments are left out
    assert "<title>部分 2</title>" in page


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
