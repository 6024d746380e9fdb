"""A self-contained HTML scorecard: one file, inline CSS, SVG and JavaScript, nothing fetched at view time.

For each report: score and grade, bar charts of points by group (结构/内容/质量) and by area (the 纲要
areas of the rules), every element with its status, evidence, what is missing and how to fix it, and the
report text with evidence lines highlighted; an evidence link jumps to its line. For a batch the page
starts with the ranking table and the per-element coverage. Every piece of text is HTML-escaped.
The page works without JavaScript (links are plain anchors); the script adds the status filter and the
highlight of the line jumped to.
"""

from __future__ import annotations

import re
from html import escape

from checker import __version__
from checker.render.model import Run, most_missed, points_by, ranking
from checker.results import FAIL, GROUP_LABELS, NOT_APPLICABLE, PARTIAL, PASS, STATUS_LABELS, UNKNOWN, ReportResult

COLOURS = {PASS: "#2e7d32", PARTIAL: "#f9a825", FAIL: "#c62828", NOT_APPLICABLE: "#9e9e9e", UNKNOWN: "#0277bd"}
PROFILE_SOURCES = {"detected": "自动识别", "option": "指定", "default": "未能识别，按默认"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CSS = """
:root{--ok:#2e7d32;--part:#f9a825;--bad:#c62828;--na:#9e9e9e;--unk:#0277bd;--line:#e0e0e0}
*{box-sizing:border-box}
body{font-family:"Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:0;
 background:#f5f5f5;color:#212121;line-height:1.6}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:24px;margin:8px 0}h2{font-size:20px;margin:16px 0 8px}h3{font-size:17px;margin:12px 0 6px}
.meta{color:#616161;font-size:13px}
section.card,article.report{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:16px;margin:16px 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#fafafa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scorebox{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.score{font-size:48px;font-weight:bold}.grade{font-size:22px;padding:2px 12px;border-radius:6px;color:#fff}
.g-ok{background:var(--ok)}.g-mid{background:var(--part)}.g-bad{background:var(--bad)}
.charts{display:flex;gap:24px;flex-wrap:wrap}.charts figure{margin:0}.charts figcaption{font-weight:bold}
.element{border-left:4px solid var(--na);padding:6px 10px;margin:6px 0;background:#fcfcfc}
.element.pass{border-color:var(--ok)}.element.partial{border-color:var(--part)}.element.fail{border-color:var(--bad)}
.element.unknown{border-color:var(--unk)}
.badge{display:inline-block;min-width:4em;text-align:center;color:#fff;border-radius:4px;padding:0 6px;margin-right:8px;font-size:13px}
.b-pass{background:var(--ok)}.b-partial{background:var(--part);color:#212121}.b-fail{background:var(--bad)}
.b-na{background:var(--na)}.b-unknown{background:var(--unk)}
.eid{color:#757575;font-size:12px;font-family:monospace}
.element p{margin:2px 0}.label{font-weight:bold}
a.ev{color:#1565c0;text-decoration:none;border-bottom:1px dashed #1565c0;cursor:pointer}
.source{font-family:"WenQuanYi Micro Hei Mono",monospace;font-size:13px;border:1px solid var(--line);max-height:600px;
 overflow:auto;background:#fff}
.line{display:flex;white-space:pre-wrap;word-break:break-all}
.line .ln{flex:0 0 4em;text-align:right;padding-right:8px;color:#9e9e9e;user-select:none;border-right:1px solid var(--line)}
.line .tx{padding-left:8px}
.line.hit{background:#fff8e1}.line.hit .ln{color:#e65100;font-weight:bold}
.line.current{background:#ffe082;outline:2px solid #ff6f00}
.toolbar{margin:8px 0}.toolbar button{margin-right:6px;padding:2px 10px;border:1px solid #bdbdbd;border-radius:4px;
 background:#fff;cursor:pointer}.toolbar button.active{background:#1565c0;color:#fff;border-color:#1565c0}
article.only-problems .element.pass,article.only-problems .element.na{display:none}
.errors li{color:var(--bad)}
"""

SCRIPT = """
(function(){
  function mark(id){
    var line=document.getElementById(id);
    if(!line||!line.classList.contains('line'))return false;
    document.querySelectorAll('.line.current').forEach(function(l){l.classList.remove('current');});
    line.classList.add('current');
    line.scrollIntoView({block:'center'});
    return true;
  }
  document.addEventListener('click',function(event){
    var link=event.target.closest('a.ev');
    if(!link)return;
    var id=link.getAttribute('href').slice(1);
    if(mark(id)){event.preventDefault();history.replaceState(null,'','#'+id);}
  });
  document.querySelectorAll('article.report').forEach(function(article){
    var bar=document.createElement('div');bar.className='toolbar';
    [['all','显示全部要素'],['problems','只看缺失和部分']].forEach(function(item){
      var button=document.createElement('button');button.type='button';button.textContent=item[1];
      button.dataset.filter=item[0];if(item[0]==='all')button.classList.add('active');
      button.addEventListener('click',function(){
        article.classList.toggle('only-problems',item[0]==='problems');
        bar.querySelectorAll('button').forEach(function(b){b.classList.toggle('active',b===button);});
      });
      bar.appendChild(button);
    });
    var list=article.querySelector('.elements');list.insertBefore(bar,list.firstChild);
    var hits=article.querySelectorAll('.line.hit').length;
    article.querySelector('.hit-count').textContent='（共 '+hits+' 行有证据，点击证据可跳到原文）';
  });
  if(location.hash)mark(location.hash.slice(1));
  document.documentElement.dataset.ready='1';
})();
"""


def e(text: object) -> str:
    """HTML-escape anything for text or a quoted attribute; control characters removed."""
    return escape(_CONTROL.sub("", str(text)), quote=True)


def _grade_class(score: float) -> str:
    return "g-ok" if score >= 75 else "g-mid" if score >= 60 else "g-bad"


def bar_chart(rows: list[tuple[str, float, float]], label_width: int = 250) -> str:
    """A horizontal bar per (label, earned, possible), as inline SVG with a text fallback in <title>."""
    bar_width, row = 260, 26
    height = row * len(rows) + 6
    width = label_width + bar_width + 120
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for index, (label, earned, possible) in enumerate(rows):
        y = 4 + index * row
        ratio = earned / possible if possible else 0.0
        colour = COLOURS[PASS] if ratio >= 0.75 else COLOURS[PARTIAL] if ratio >= 0.6 else COLOURS[FAIL]
        summary = f"{label}：{earned:g}/{possible:g} 分（{ratio:.0%}）"
        parts.append(f"<g><title>{e(summary)}</title>")
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="13">{e(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="18" fill="#eeeeee"/>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width * ratio:.1f}" height="18" fill="{colour}"/>')
        parts.append(
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}" font-size="12">{earned:g}/{possible:g}（{ratio:.0%}）</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(counts: dict[str, int], width: int = 220) -> str:
    """A bar split by status counts (pass, partial, fail, n/a, unknown), for the coverage table."""
    total = sum(counts.values()) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="14" role="img">']
    x = 0.0
    for status in (PASS, PARTIAL, FAIL, NOT_APPLICABLE, UNKNOWN):
        w = width * counts.get(status, 0) / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="14" fill="{COLOURS[status]}">'
                f"<title>{STATUS_LABELS[status]} {counts[status]}</title></rect>"
            )
        x += w
    parts.append("</svg>")
    return "".join(parts)


def _element(result: ReportResult, index: int, prefix: str, lines: set[int]) -> str:
    element = result.elements[index]
    css = "na" if element.status == NOT_APPLICABLE else element.status
    out = [
        f'<div class="element {css}" id="{prefix}-e-{e(element.id)}">',
        f'<p><span class="badge b-{css}">{STATUS_LABELS[element.status]}</span><b>{e(element.name)}</b> '
        f'<span class="eid">{e(element.id)}</span> <span class="meta">{element.points:g}/{element.weight:g} 分</span></p>',
    ]
    for evidence in element.evidence:
        where = evidence.location or f"第{evidence.line}行"
        if evidence.line in lines:
            out.append(
                f'<p><span class="label">证据</span> <a class="ev" href="#{prefix}-L{evidence.line}">{e(where)}</a>：'
                f"{e(evidence.text)}</p>"
            )
        else:
            out.append(f'<p><span class="label">证据</span> {e(where)}：{e(evidence.text)}</p>')
    if element.missing and element.status in (FAIL, PARTIAL, UNKNOWN):
        out.append(f'<p><span class="label">缺少</span> {e(element.missing)}</p>')
    if element.fix and element.status in (FAIL, PARTIAL, UNKNOWN):
        out.append(f'<p><span class="label">建议</span> {e(element.fix)}</p>')
    if element.note and (element.status in (NOT_APPLICABLE, UNKNOWN) or not element.evidence):
        out.append(f'<p class="meta">{e(element.note)}</p>')
    if element.basis and element.status != PASS:
        out.append(f'<p class="meta">依据：{e(element.basis)}</p>')
    out.append("</div>")
    return "\n".join(out)


def _source(result: ReportResult, prefix: str, hits: dict[int, list[str]]) -> str:
    rows = []
    for number, text in result.lines:
        names = hits.get(number)
        if names:
            rows.append(
                f'<div class="line hit" id="{prefix}-L{number}" title="{e("证据：" + "、".join(names))}">'
                f'<span class="ln">{number}</span><span class="tx">{e(text)}</span></div>'
            )
        else:
            rows.append(
                f'<div class="line" id="{prefix}-L{number}"><span class="ln">{number}</span>'
                f'<span class="tx">{e(text)}</span></div>'
            )
    return '<div class="source">' + "\n".join(rows) + "</div>"


def report_card(result: ReportResult, prefix: str) -> str:
    """One report as an <article>: header, charts, elements by group, text with evidence highlighted."""
    line_numbers = {number for number, _ in result.lines}
    hits: dict[int, list[str]] = {}
    for element in result.elements:
        for evidence in element.evidence:
            if evidence.line in line_numbers:
                names = hits.setdefault(evidence.line, [])
                if element.name not in names:
                    names.append(element.name)
    counts = {s: sum(1 for x in result.elements if x.status == s) for s in STATUS_LABELS}
    summary = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in counts.items() if n)
    by_group = [(GROUP_LABELS.get(g, g), earned, possible) for g, earned, possible in points_by(result, "group")]
    out = [
        f'<article class="report" id="{prefix}">',
        f"<h2>{e(result.title or '（未识别到标题）')}</h2>",
        '<div class="scorebox">',
        f'<div><span class="score">{result.score:.1f}</span> 分</div>',
        f'<div class="grade {_grade_class(result.score)}">{e(result.grade)}</div>',
        f"<div>要素：{e(summary)}</div>",
        "</div>",
        "<table>",
        f"<tr><th>文件</th><td>{e(result.path)}</td></tr>",
        f"<tr><th>报告主体</th><td>{e(result.issuer or '（未识别）')}</td></tr>",
        f"<tr><th>报告年度</th><td>{e(result.year or '（未识别）')}</td></tr>",
        f"<tr><th>主体类型</th><td>{e(result.profile_name)}（{e(PROFILE_SOURCES.get(result.profile_source, result.profile_source))}）</td></tr>",
        f"<tr><th>发布日期</th><td>{e(result.published or '（未知）')}</td></tr>",
        "</table>",
        '<div class="charts">',
        f"<figure><figcaption>按分组得分</figcaption>{bar_chart(by_group, 60)}</figure>",
        f"<figure><figcaption>按领域得分</figcaption>{bar_chart(points_by(result, 'area'))}</figure>",
        "</div>",
        '<section class="elements">',
    ]
    for group, label in GROUP_LABELS.items():
        indexes = [i for i, x in enumerate(result.elements) if x.group == group]
        if indexes:
            out.append(f"<h3>{e(label)}</h3>")
            out += [_element(result, i, prefix, line_numbers) for i in indexes]
    out.append("</section>")
    if result.lines:
        out.append(f'<h3>报告原文 <span class="meta hit-count">（共 {len(hits)} 行有证据）</span></h3>')
        out.append(_source(result, prefix, hits))
    else:
        out.append('<p class="meta hit-count">（未附报告原文）</p>')
    out.append("</article>")
    return "\n".join(out)


def batch_sections(run: Run, anchors: dict[str, str]) -> str:
    """The ranking table and the coverage table of a batch."""
    out = [
        '<section class="card" id="ranking"><h2>批量检查排名</h2><table>',
        "<tr><th>名次</th><th>文件</th><th>主体类型</th><th>得分</th><th>等级</th><th>缺失</th><th>部分</th></tr>",
    ]
    for rank, result in ranking(run.results):
        partial = result.partial_count
        out.append(
            f'<tr><td class="num">{rank}</td><td><a href="#{anchors[result.path]}">{e(result.path)}</a></td>'
            f'<td>{e(result.profile_name)}</td><td class="num">{result.score:.1f}</td><td>{e(result.grade)}</td>'
            f'<td class="num">{result.missing_count}</td><td class="num">{partial}</td></tr>'
        )
    for path, problem in run.errors:
        out.append(f'<tr class="error"><td>–</td><td>{e(path)}</td><td colspan="5">无法读取：{e(problem)}</td></tr>')
    out.append("</table></section>")
    out.append('<section class="card" id="coverage"><h2>要素覆盖情况</h2>')
    out.append('<p class="meta">按缺失、部分的报告数排序：哪些要素多数报告没有写到。</p><table>')
    out.append("<tr><th>要素</th><th>通过</th><th>部分</th><th>缺失</th><th>不适用</th><th>分布</th></tr>")
    for item in most_missed(run.coverage):
        c = item.counts
        out.append(
            f'<tr><td>{e(item.name)} <span class="eid">{e(item.id)}</span></td><td class="num">{c[PASS]}</td>'
            f'<td class="num">{c[PARTIAL]}</td><td class="num">{c[FAIL]}</td><td class="num">{c[NOT_APPLICABLE]}</td>'
            f"<td>{stacked_bar(c)}</td></tr>"
        )
    out.append("</table></section>")
    return "\n".join(out)


def render(run: Run) -> str:
    anchors: dict[str, str] = {}
    for index, result in enumerate(run.results, start=1):
        anchors.setdefault(result.path, f"r{index}")
    title = "法治政府建设年度报告检查" + ("（批量）" if run.is_batch else "")
    body = []
    if run.is_batch:
        body.append(batch_sections(run, anchors))
    elif run.errors:
        items = "".join(f"<li>{e(path)}：{e(problem)}</li>" for path, problem in run.errors)
        body.append(f'<section class="card"><h2>无法读取</h2><ul class="errors">{items}</ul></section>')
    body += [report_card(result, f"r{index}") for index, result in enumerate(run.results, start=1)]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # Nothing may be loaded from anywhere: the file is meant to be mailed and opened offline.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; img-src data:\">",
            f"<title>{e(title)}</title>",
            f"<style>{CSS}</style></head><body><main>",
            f"<h1>{e(title)}</h1>",
            f'<p class="meta">fzcheck {e(__version__)} · 规则集：{e(run.ruleset)} · 报告 {len(run.results)} 份'
            + (f" · 无法读取 {len(run.errors)} 份" if run.errors else "")
            + "</p>",
            *body,
            f"</main><script>{SCRIPT}</script></body></html>",
            "",
        ]
    )
