"""Outputs of `fzcheck compare` (last year's report against this year's) and `fzcheck copies` (template
copying across a batch): terminal text, JSON, Markdown and an HTML page from the shared templates."""

from __future__ import annotations

import json
from typing import Any

from checker.judge.compare import Comparison, Copies, Passage
from checker.render.files import TEXT_MARK
from checker.render.markdown import cell

KIND_LABELS = {"shortcoming": "上年不足", "plan": "上年安排"}


# ---------------------------------------------------------------- compare


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data."""

    def passage(p: Passage | None) -> dict[str, Any] | None:
        return {"line": p.line, "text": p.text} if p else None

    return {
        "last": {"path": comparison.last_path, "year": comparison.last_year},
        "this": {"path": comparison.this_path, "year": comparison.this_year},
        "threshold": comparison.threshold,
        "copied_share": comparison.copied_share,
        "copied": [
            {"this_line": c.this_line, "last_line": c.last_line, "similarity": c.similarity, "text": c.text}
            for c in comparison.copied
        ],
        "followups": [
            {
                "kind": f.kind,
                "line": f.line,
                "head": f.head,
                "addressed": passage(f.addressed),
                "score": f.score,
                "terms": list(f.terms),
                "repeated": passage(f.repeated),
            }
            for f in comparison.followups
        ],
        "addressed": comparison.addressed_count,
        "total": len(comparison.followups),
    }


def _followup_summary(comparison: Comparison) -> str:
    return (
        f"回应上年不足和安排：{comparison.addressed_count}/{len(comparison.followups)} 项在本年度成效中找到"
        "新写的对应内容（照抄上年的文字不算）"
    )


def _copied_summary(comparison: Comparison) -> str:
    return (
        f"与上年雷同的段落：{len(comparison.copied)} 段，占本年度正文 {comparison.copied_share:.0%}"
        f"（字符三元组 Jaccard 相似度 ≥ {comparison.threshold:g}）"
    )


def comparison_terminal(comparison: Comparison) -> str:
    """The comparison as text for a terminal, in Chinese, every claim with its line."""
    lines = [
        f"上一年度：{comparison.last_path}（{comparison.last_year or '年度不明'}）",
        f"本年度：  {comparison.this_path}（{comparison.this_year or '年度不明'}）",
        "",
        _followup_summary(comparison),
    ]
    for f in comparison.followups:
        lines.append(f"  [{KIND_LABELS[f.kind]}] 第{f.line}行 {f.head}")
        if f.addressed:
            lines.append(f"      ✓ 本年第{f.addressed.line}行：{f.addressed.text}")
        else:
            lines.append("      ✗ 本年度成效中未见新写的对应内容")
        if f.repeated:
            lines.append(f"      ! 本年第{f.repeated.line}行又列为不足：{f.repeated.text}")
    lines += ["", _copied_summary(comparison)]
    for c in comparison.copied:
        lines.append(f"  本年第{c.this_line}行 ≈ 上年第{c.last_line}行（相似度 {c.similarity:.2f}）：{c.text}")
    return "\n".join(lines) + "\n"


def comparison_markdown(comparison: Comparison) -> str:
    out = [
        f"<!-- {TEXT_MARK} -->",
        "",
        "## 年度对比",
        "",
        f"- 上一年度：`{comparison.last_path.replace('`', '')}`（{comparison.last_year or '年度不明'}）",
        f"- 本年度：`{comparison.this_path.replace('`', '')}`（{comparison.this_year or '年度不明'}）",
        "",
        f"### {_followup_summary(comparison)}",
        "",
        "| 上年 | 行 | 内容 | 本年对应（新写） | 又列为不足 |",
        "|---|---|---|---|---|",
    ]
    for f in comparison.followups:
        found = f"第{f.addressed.line}行：{f.addressed.text}" if f.addressed else "❌ 未见"
        repeated = f"第{f.repeated.line}行：{f.repeated.text}" if f.repeated else ""
        out.append(f"| {KIND_LABELS[f.kind]} | {f.line} | {cell(f.head)} | {cell(found)} | {cell(repeated)} |")
    out += ["", f"### {_copied_summary(comparison)}", ""]
    if comparison.copied:
        out += ["| 本年行 | 上年行 | 相似度 | 段落 |", "|---|---|---|---|"]
        out += [f"| {c.this_line} | {c.last_line} | {c.similarity:.2f} | {cell(c.text)} |" for c in comparison.copied]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- copies


def copies_dict(copies: Copies) -> dict[str, Any]:
    """Template copying as JSON: per pair of bodies first, then every shared paragraph."""
    return {
        "reports": copies.reports,
        "threshold": copies.threshold,
        "versions": [{"body": body, "paths": list(paths)} for body, paths in copies.bodies if len(paths) > 1],
        "pairs": [
            {
                "first": p.first,
                "second": p.second,
                "paragraphs": p.paragraphs,
                "first_share": p.first_share,
                "second_share": p.second_share,
            }
            for p in copies.pairs
        ],
        "shared": [
            {
                "first": s.first,
                "first_body": s.first_body,
                "first_line": s.first_line,
                "second": s.second,
                "second_body": s.second_body,
                "second_line": s.second_line,
                "similarity": round(s.similarity, 3),
                "text": s.text,
            }
            for s in copies.shared
        ],
    }


def _copies_headline(copies: Copies) -> str:
    return (
        f"检查了 {copies.reports} 份报告（{len(copies.bodies)} 个报告主体），不同主体之间有 {len(copies.pairs)} 对"
        f"共用段落，共 {len(copies.shared)} 处（相似度阈值 {copies.threshold:g}）"
    )


def _versions_note(copies: Copies) -> str:
    versions = [f"{body}（{len(paths)} 份）" for body, paths in copies.bodies if len(paths) > 1]
    return "同一报告主体的多份报告视为不同版本，不互相比较：" + "、".join(versions) if versions else ""


def copies_terminal(copies: Copies) -> str:
    lines = [_copies_headline(copies)]
    note = _versions_note(copies)
    lines += [note] if note else []
    if copies.pairs:
        lines += ["", "按报告主体两两汇总（共用段落数；占各自正文的比例）："]
        lines += [
            f"  {p.first} ↔ {p.second}：{p.paragraphs} 段，占{p.first} {p.first_share:.0%}，占{p.second} {p.second_share:.0%}"
            for p in copies.pairs
        ]
        lines += ["", "段落明细："]
    for item in copies.shared:
        lines.append(f"\n相似度 {item.similarity:.0%}")
        lines.append(f"  {item.first_body}  {item.first}:{item.first_line}")
        lines.append(f"  {item.second_body}  {item.second}:{item.second_line}")
        lines.append(f"  {item.text[:80]}")
    return "\n".join(lines) + "\n"


def copies_markdown(copies: Copies) -> str:
    out = [f"<!-- {TEXT_MARK} -->", "", "## 模板套用检查", "", _copies_headline(copies), ""]
    note = _versions_note(copies)
    out += [note, ""] if note else []
    if copies.pairs:
        out += [
            "### 按报告主体两两汇总",
            "",
            "| 主体 | 主体 | 共用段落 | 占前者正文 | 占后者正文 |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {cell(p.first)} | {cell(p.second)} | {p.paragraphs} | {p.first_share:.0%} | {p.second_share:.0%} |"
            for p in copies.pairs
        ]
        out += ["", "### 段落明细", "", "| 相似度 | 报告 | 行 | 报告 | 行 | 段落 |", "|---|---|---|---|---|---|"]
        out += [
            f"| {s.similarity:.0%} | {cell(s.first_body)} | {s.first_line} | {cell(s.second_body)} | {s.second_line} "
            f"| {cell(s.text)} |"
            for s in copies.shared
        ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- dispatch


def render_comparison(fmt: str, comparison: Comparison) -> str:
    if fmt == "json":
        return json.dumps(comparison_dict(comparison), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return comparison_markdown(comparison)
    if fmt == "html":
        from checker.render.html import page

        return page(
            "compare.html",
            title="年度对比",
            show_ids=False,
            comparison=comparison,
            labels=KIND_LABELS,
            followup_summary=_followup_summary(comparison),
            copied_summary=_copied_summary(comparison),
        )
    return comparison_terminal(comparison)


def render_copies(fmt: str, copies: Copies) -> str:
    if fmt == "json":
        return json.dumps(copies_dict(copies), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return copies_markdown(copies)
    if fmt == "html":
        from checker.render.html import page

        return page(
            "copies.html",
            title="模板套用检查",
            show_ids=False,
            copies=copies,
            headline=_copies_headline(copies),
            versions=_versions_note(copies),
        )
    return copies_terminal(copies)
