"""Quality checks: what a reviewer judges by reading closely, made explicit and repeatable.

Each check reads its thresholds and vocabularies from the rule's `params` or the rule set's `data`
tables, and explains its verdict with the sentences it counted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker.judge.checks.items import Item, items_in
from checker.judge.checks.links import DEFAULT_STOCK, AnswerIndex, Features, best_links, compile_topics, topics_of
from checker.judge.context import snippet
from checker.results import FAIL, PARTIAL, PASS, Evidence, Finding

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.ruleset import Rule

_BOOK_TITLE = re.compile(r"《[^》]{0,60}》")


def _without_titles(text: str) -> str:
    """Numbers inside document titles (《…(2021-2025年)》) are not facts the report states."""
    return _BOOK_TITLE.sub("", text)


# ---------------------------------------------------------------- 数据支撑


def quantitative_evidence(rule: Rule, context: Context) -> Finding:
    """Enough quantified facts in the achievements, spread over several areas of work."""
    params = rule.params
    topics = compile_topics(context.ruleset.data.get("topics", []))
    facts = 0
    areas: set[str] = set()
    evidence: list[Evidence] = []
    for paragraph in context.document.in_scopes(("achievements",)):
        for sentence in paragraph.sentences:
            found = context.quantity.findall(_without_titles(sentence.view))
            if not found:
                continue
            facts += len(found)
            areas |= topics_of(sentence.view, topics)
            if len(evidence) < 3:
                evidence.append(Evidence(sentence.line, snippet(sentence.text)))
    names = [topic.name for topic in topics if topic.id in areas]
    details = {"quantified_facts": facts, "areas": names}
    summary = f"成效部分有 {facts} 处量化数据，涉及 {len(areas)} 个工作领域"
    if facts >= params["pass_facts"] and len(areas) >= params["pass_areas"]:
        return Finding(PASS, tuple(evidence), note=summary, details=details)
    if facts >= params["partial_facts"]:
        return Finding(PARTIAL, tuple(evidence), missing=summary + "，数据偏少或集中在少数领域", details=details)
    return Finding(FAIL, tuple(evidence), missing=summary + "，缺少可核验的数据", details=details)


# ---------------------------------------------------------------- 不足与安排


def _share(context: Context, scope: str) -> float:
    total = context.document.body_chars
    part = sum(len(p.text) for p in context.document.paragraphs if p.scope == scope)
    return part / total if total else 0.0


_GENERIC = re.compile(
    r"有待(?:进一步)?(?:提高|提升|加强|完善)|(?:需|需要)进一步(?:加强|提高|提升|完善)|还?不够(?:完善|到位|浓厚|深入|平衡|高|强)"
    r"|意识(?:淡薄|不强)|参差不齐|(?:比较|较为)?薄弱"
)


def _is_specific(item: Item, params: dict[str, Any]) -> bool:
    detail = item.text[len(item.head) :] if len(item.text) > len(item.head) + 10 else item.text
    return len(detail) >= params["min_item_chars"] and bool(re.search("|".join(params["specific_markers"]), item.text))


def substance_table(items: list[Item], params: dict[str, Any]) -> list[dict[str, Any]]:
    """For each shortcoming: its line, headline, whether it is specific, and the stock phrases it uses."""
    return [
        {
            "line": item.line,
            "head": snippet(item.head, "")[:40],
            "specific": _is_specific(item, params),
            "stock_phrases": sorted(set(_GENERIC.findall(item.text))),
        }
        for item in items
    ]


def shortcomings_substance(rule: Rule, context: Context) -> Finding:
    """Shortcomings with unit-specific detail rather than stock phrases."""
    params = rule.params
    items = items_in(context.document, "shortcomings")
    share = _share(context, "shortcomings")
    if not items:
        return Finding(FAIL, missing=rule.missing)
    rows = substance_table(items, params)
    specific = [row for row in rows if row["specific"]]
    generic = [row for row in rows if not row["specific"]]
    details = {"items": rows, "specific_items": len(specific), "share": round(share, 3)}
    evidence = [Evidence(row["line"], f"具体：{row['head']}") for row in specific]
    evidence += [
        Evidence(
            row["line"],
            f"笼统：{row['head']}" + (f"（{'、'.join(row['stock_phrases'])}）" if row["stock_phrases"] else ""),
        )
        for row in generic
    ]
    evidence.sort(key=lambda e: e.line)
    summary = f"列出 {len(items)} 项不足，其中 {len(specific)} 项具体；篇幅占正文 {share:.0%}"
    # Most items concrete (not a count of them) is what separates a real self-assessment from stock phrases.
    mostly_specific = len(specific) >= params["min_specific"] and 3 * len(specific) >= 2 * len(items)
    if share >= params["pass_share"] or mostly_specific:
        return Finding(PASS, tuple(evidence[:8]), note=summary, details=details)
    return Finding(
        PARTIAL, tuple(evidence[:8]), missing=summary + "；多为“有待提高”“不够完善”之类的套话", details=details
    )


def plan_specificity(rule: Rule, context: Context) -> Finding:
    """Plan items naming instruments, numbers, coverage or deadlines."""
    plan = [p for p in context.document.paragraphs if p.scope == "plan"]
    if not plan:
        return Finding(FAIL, missing=rule.missing)
    targets = re.compile("|".join(rule.params["targets"]))
    hits: list[Evidence] = []
    count = 0
    for paragraph in plan:
        for sentence in paragraph.sentences:
            text = _without_titles(sentence.view)
            found = [m.group(0) for m in targets.finditer(text)] + [m.group(0) for m in context.quantity.finditer(text)]
            if found:
                count += len(found)
                hits.append(Evidence(sentence.line, f"目标：{'、'.join(found[:3])}——{snippet(sentence.text)}"))
    rows = []
    for item in items_in(context.document, "plan"):
        text = _without_titles(item.text)
        found = [m.group(0) for m in targets.finditer(text)] + [m.group(0) for m in context.quantity.finditer(text)]
        rows.append({"line": item.line, "head": snippet(item.head, "")[:40], "targets": found[:6]})
    details = {"targets": count, "items": rows}
    if count >= rule.params["min_targets"]:
        return Finding(PASS, tuple(hits[:5]), note=f"安排中有 {count} 处量化目标或明确要求", details=details)
    vague = [Evidence(row["line"], f"无可检查的目标：{row['head']}") for row in rows if not row["targets"]]
    return Finding(
        PARTIAL,
        tuple(sorted(hits + vague, key=lambda e: e.line)[:6]) or (Evidence(plan[0].line, snippet(plan[0].text)),),
        missing="安排多为方向性表述，缺少数量、覆盖面或时限等可检查的目标",
        details=details,
    )


def plan_links_shortcomings(rule: Rule, context: Context) -> Finding:
    """Every shortcoming answered by a plan item: shared key terms or the same area of work."""
    shortcomings = items_in(context.document, "shortcomings")
    plan = items_in(context.document, "plan")
    if not shortcomings or not plan:
        return Finding(FAIL, missing="缺少不足或下一年度安排，无法对应")
    topics = compile_topics(context.ruleset.data.get("topics", []))
    stock = tuple(rule.params.get("stock_phrases", DEFAULT_STOCK))
    features = Features(topics, stock)
    index = AnswerIndex(plan, features)
    rows: list[dict[str, Any]] = []
    evidence: list[Evidence] = []
    for item in shortcomings:
        links = best_links(item, plan, features, index)
        head = snippet(item.head, "")[:40]
        rows.append(
            {
                "line": item.line,
                "head": head,
                "answered_by": [
                    {"line": link.item.line, "head": snippet(link.item.head, "")[:40], "terms": list(link.terms),
                     "areas": list(link.areas)}
                    for link in links[:3]
                ],
            }
        )  # fmt: skip
        if links:
            evidence.append(
                Evidence(item.line, f"{head[:24]} ← 第{links[0].item.line}行：{snippet(links[0].item.head)[:30]}")
            )
        else:
            evidence.append(Evidence(item.line, f"没有对应安排：{head}"))
    unanswered = [row for row in rows if not row["answered_by"]]
    answered = len(rows) - len(unanswered)
    details = {
        "shortcomings": len(rows),
        "answered": answered,
        "links": rows,
        "unanswered": [r["head"] for r in unanswered],
    }
    # Unanswered ones first: they are what the reader has to act on.
    evidence.sort(key=lambda e: (not e.text.startswith("没有对应安排"), e.line))
    if not unanswered:
        return Finding(PASS, tuple(evidence[:8]), note=f"{answered} 项不足在安排中都有对应措施", details=details)
    missing = "以下不足在下一年度安排中没有对应措施：" + "；".join(r["head"][:30] for r in unanswered[:4])
    return Finding(PARTIAL if answered else FAIL, tuple(evidence[:8]), missing=missing, details=details)


def section_balance(rule: Rule, context: Context) -> Finding:
    """Informational: the share of the body given to shortcomings."""
    share = _share(context, "shortcomings")
    plan = _share(context, "plan")
    return Finding(
        PASS,
        note=f"不足部分占正文 {share:.0%}，安排部分占 {plan:.0%}",
        details={"shortcomings_share": round(share, 3), "plan_share": round(plan, 3)},
    )
