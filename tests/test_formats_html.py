"""HTML loading: only the article of a saved government page, its title first, and its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.formats import load_report
from checker.read.formats.html import load_html

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "formats" / "gov_page.html"
SEED_002 = ROOT / "fixtures" / "seeds" / "002_31e37ca5113b7cf1.txt"
TITLE = "秀山土家族苗族自治县大溪镇2025年法治政府建设情况报告"


@pytest.fixture(scope="module")
def page():
    return load_report(str(PAGE))


def test_only_the_article_comes_out(page):
    # gov_page.html wraps lines 1-31 of seed 002 (make_html.py), one <p> each, under the page's title.
    report = [line.strip() for line in SEED_002.read_text(encoding="utf-8").split("\n")[:31] if line.strip()]
    assert [line.text for line in page.lines] == [TITLE, *report]
    assert [line.number for line in page.lines] == list(range(1, len(report) + 2))


@pytest.mark.parametrize(
    "chrome",
    ["您当前的位置", "首页", "索引号", "发布机构", "字号", "打印本页", "关闭窗口", "分享到", "相关链接",
     "秀山县2024年法治政府建设情况报告", "扫一扫", "版权所有", "网站标识码", "ICP备", "_hmt", "不是正文", "搜索"],
)  # fmt: skip
def test_page_chrome_is_left_out(page, chrome):
    assert not [line.text for line in page.lines if chrome in line.text]


def test_metadata_is_read(page):
    assert page.metadata == {
        "索引号": "11500241MB1C12345X/2026-00003",
        "发布机构": "秀山县大溪镇人民政府",
        "成文日期": "2026-01-15",
        "发布日期": "2026-01-21",
        "来源": "秀山县大溪镇",  # the page's 来源 line, kept apart from 发布机构
    }
    assert page.format == "html"
    assert page.encoding == "gb18030"  # declared gb2312, read as its superset


def test_gb2312_declared_page_with_gb18030_only_characters():
    html = (
        '<html><head><meta charset="gb2312"><title>报告</title></head><body>'
        "<div id='zoom'><p>县长王䶮同志主持召开常务会议，研究部署法治政府建设工作。</p></div></body></html>"
    )
    document = load_html(html.encode("gb18030"), "r.html")
    assert "县长王䶮同志主持召开常务会议，研究部署法治政府建设工作。" in [line.text for line in document.lines]


def test_visible_metadata_labels_and_source_fallback():
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
    <title>关于2023年法治政府建设情况的报告 - 常平镇</title>
    <meta name="PubDate" content="2024-03-01 09:00:00"></head><body>
    <div class="nav"><a>首页</a><a>街镇</a></div>
    <h1>关于2023年法治政府建设情况的报告</h1>
    <div class="info">发布时间：2024年3月28日 来源：常平镇司法所 浏览次数：1024</div>
    <div class="article-content"><p>2023年，常平镇深入学习贯彻习近平法治思想，全面推进法治政府建设。</p>
    <p>一、主要工作</p><p>（一）强化组织领导。镇党委、镇政府主要负责人切实履行推进法治建设第一责任人职责。</p>
    <p>二、存在的不足</p><p>普法宣传的针对性还需加强。</p></div>
    <div class="footer">版权所有：东莞市人民政府办公室</div></body></html>"""
    document = load_html(html.encode("utf-8"), "r.html")
    # 来源 names who sent the article in, not the reporting body: it is kept, but not as 发布机构.
    assert document.metadata == {"发布日期": "2024-03-28", "来源": "常平镇司法所"}
    assert [line.text for line in document.lines] == [
        "关于2023年法治政府建设情况的报告",
        "2023年，常平镇深入学习贯彻习近平法治思想，全面推进法治政府建设。",
        "一、主要工作",
        "（一）强化组织领导。镇党委、镇政府主要负责人切实履行推进法治建设第一责任人职责。",
        "二、存在的不足",
        "普法宣传的针对性还需加强。",
    ]


def test_br_separated_text_and_table_cells_become_lines():
    html = """<html><head><title>法治政府建设年度报告</title></head><body><table><tr><td class="zw">
    一、主要举措<br>全年办理行政复议案件12件，依法纠错2件。<br><br>二、统计数据
    <table><tr><td>行政许可</td><td>424件</td></tr></table></td></tr></table></body></html>"""
    texts = [line.text for line in load_html(html.encode("utf-8"), "r.htm").lines]
    assert texts == ["法治政府建设年度报告", "一、主要举措", "全年办理行政复议案件12件，依法纠错2件。", "二、统计数据",
                     "行政许可", "424件"]  # fmt: skip


def test_empty_html(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("<html><head><title></title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="没有") as caught:
        load_report(str(path))
    assert "\n" not in str(caught.value)


def test_page_with_navigation_only(tmp_path):
    path = tmp_path / "report.shtml"
    path.write_text(
        "<html><body><nav><a>首页</a><a>政务公开</a></nav><script>var 正文 = '法治政府建设';</script>"
        "<div class='footer'>版权所有：某县人民政府</div></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="没有找到正文文字"):
        load_report(str(path))


def test_html_on_stdin_is_recognised(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.read_bytes())))
    document = load_report("-")
    assert document.format == "html"
    assert document.lines[0].text == TITLE


def test_forced_format(tmp_path):
    path = tmp_path / "download.bin"
    path.write_bytes(PAGE.read_bytes())
    assert load_report(str(path), input_format="html").lines[0].text == TITLE
    with pytest.raises(InputError, match="不支持的输入格式"):
        load_report(str(path), input_format="rtf")
