"""Quality checks: what a reviewer judges by reading closely, made explicit and repeatable.

Each check reads its thresholds and vocabularies from the rule's `params` or the rule set's `data`
tables, and explains its verdict with the sentences it counted.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from checker.checks.items import Item, items_in
from checker.evaluate import snippet
from checker.results import FAIL, PARTIAL, PASS, UNKNOWN, Evidence, Finding

if TYPE_CHECKING:
    from checker.evaluate import Context
    from checker.ruleset import Rule

_BOOK_TITLE = re.compile(r"《[^》]{0,60}》")


def _without_titles(text: str) -> str:
    """Numbers inside document titles (《…(2021-2025年)》) are not facts the report states."""
    return _BOOK_TITLE.sub("", text)


def _topics(context: Context) -> list[tuple[str, str, re.Pattern[str]]]:
    return [
        (t["id"], t["name"], re.compile("|".join(re.escape(w) for w in t["words"])))
        for t in context.ruleset.data.get("topics", [])
    ]


def _topics_of(text: str, topics: list[tuple[str, str, re.Pattern[str]]]) -> set[str]:
    return {topic_id for topic_id, _, pattern in topics if pattern.search(text)}


# ---------------------------------------------------------------- 数据支撑


def quantitative_evidence(rule: Rule, context: Context) -> Finding:
    """Enough quantified facts in the achievements, spread over several areas of work."""
    params = rule.params
    topics = _topics(context)
    facts = 0
    areas: set[str] = set()
    evidence: list[Evidence] = []
    for paragraph in context.document.in_scopes(("achievements",)):
        for sentence in paragraph.sentences:
            found = context.quantity.findall(_without_titles(sentence.view))
            if not found:
                continue
            facts += len(found)
            areas |= _topics_of(sentence.view, topics)
            if len(evidence) < 3:
                evidence.append(Evidence(sentence.line, snippet(sentence.text)))
    names = [name for topic_id, name, _ in topics if topic_id in areas]
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


def _is_specific(item: Item, params: dict[str, Any]) -> bool:
    detail = item.text[len(item.head) :] if len(item.text) > len(item.head) + 10 else item.text
    return len(detail) >= params["min_item_chars"] and bool(re.search("|".join(params["specific_markers"]), item.text))


def shortcomings_substance(rule: Rule, context: Context) -> Finding:
    """Shortcomings with unit-specific detail rather than stock phrases."""
    params = rule.params
    items = items_in(context.document, "shortcomings")
    share = _share(context, "shortcomings")
    if not items:
        return Finding(FAIL, missing=rule.missing)
    specific = [item for item in items if _is_specific(item, params)]
    details = {"items": len(items), "specific_items": len(specific), "share": round(share, 3)}
    evidence = tuple(Evidence(item.line, snippet(item.text)) for item in (specific or items)[:3])
    summary = f"列出 {len(items)} 项不足，其中 {len(specific)} 项具体；篇幅占正文 {share:.0%}"
    # Most items concrete (not a count of them) is what separates a real self-assessment from stock phrases.
    mostly_specific = len(specific) >= params["min_specific"] and 3 * len(specific) >= 2 * len(items)
    if share >= params["pass_share"] or mostly_specific:
        return Finding(PASS, evidence, note=summary, details=details)
    return Finding(PARTIAL, evidence, missing=summary + "；多为“有待提高”“不够完善”之类的套话", details=details)


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
            found = len(targets.findall(text)) + len(context.quantity.findall(text))
            if found:
                count += found
                hits.append(Evidence(sentence.line, snippet(sentence.text)))
    details = {"targets": count}
    if count >= rule.params["min_targets"]:
        return Finding(PASS, tuple(hits[:3]), note=f"安排中有 {count} 处量化目标或明确要求", details=details)
    return Finding(
        PARTIAL,
        tuple(hits[:3]) or (Evidence(plan[0].line, snippet(plan[0].text)),),
        missing="安排多为方向性表述，缺少数量、覆盖面或时限等可检查的目标",
        details=details,
    )


def plan_links_shortcomings(rule: Rule, context: Context) -> Finding:
    """Every shortcoming answered by a plan item on the same area of work."""
    shortcomings = items_in(context.document, "shortcomings")
    plan = items_in(context.document, "plan")
    if not shortcomings or not plan:
        return Finding(FAIL, missing="缺少不足或下一年度安排，无法对应")
    topics = _topics(context)
    plan_topics = [_topics_of(item.text, topics) for item in plan]
    answered: list[Item] = []
    unanswered: list[Item] = []
    for item in shortcomings:
        wanted = _topics_of(item.head, topics) or _topics_of(item.text, topics)
        (answered if any(wanted & covered for covered in plan_topics) else unanswered).append(item)
    details = {
        "shortcomings": len(shortcomings),
        "answered": len(answered),
        "unanswered": [snippet(i.head, "") for i in unanswered],
    }
    if not unanswered:
        return Finding(
            PASS,
            tuple(Evidence(i.line, snippet(i.head)) for i in answered[:3]),
            note=f"{len(answered)} 项不足在安排中都有对应措施",
            details=details,
        )
    missing = "以下不足在下一年度安排中没有对应措施：" + "；".join(snippet(i.head)[:30] for i in unanswered[:4])
    evidence = tuple(Evidence(i.line, snippet(i.head)) for i in unanswered[:3])
    return Finding(PARTIAL if answered else FAIL, evidence, missing=missing, details=details)


# ---------------------------------------------------------------- 时效与地域


def _reference_date(context: Context) -> date | None:
    facts = context.facts
    if facts.published:
        return date.fromisoformat(facts.published)
    signed = context.document.dates.get("signed")
    if signed:
        return date.fromisoformat(signed[0])
    return date(facts.year + 1, 4, 1) if facts.year else None


def temporal_consistency(rule: Rule, context: Context) -> Finding:
    """No stale references for the report year, and nothing cited before it existed."""
    year = context.facts.year
    if year is None:
        return Finding(UNKNOWN, missing="无法确定报告年度，不能判断表述的时效")
    written_by = _reference_date(context)
    views = context.paragraph_views
    full = "\n".join(views)
    major: list[Evidence] = []
    minor: list[Evidence] = []
    for entry in context.ruleset.data.get("temporal", []):
        pattern = re.compile(entry["pattern"])
        if not pattern.search(full) or any(u in full for u in entry.get("unless", [])):
            continue
        if "stale_from" in entry and year < entry["stale_from"]:
            continue
        if "stale_until" in entry and year > entry["stale_until"]:
            continue
        if "exists_from" in entry and (written_by is None or written_by >= date.fromisoformat(entry["exists_from"])):
            continue
        for paragraph, view in zip(context.document.paragraphs, views, strict=True):
            found = pattern.search(view)
            if found:
                note = Evidence(paragraph.line, f"{entry['message']}：{snippet(paragraph.text, found.group(0))}")
                (major if entry["severity"] in ("major", "anachronism") else minor).append(note)
                break
    plan_year = next(
        (
            int(m.group(1))
            for s in context.document.sections
            if s.kind == "plan" and s.explicit
            for m in [re.search(r"(20\d{2})\s*年", s.heading)]
            if m
        ),
        None,
    )
    if plan_year is not None and plan_year != year + 1:
        section = next(s for s in context.document.sections if s.kind == "plan" and s.explicit)
        minor.append(Evidence(section.line, f"安排年度 {plan_year} 应为报告年度的下一年 {year + 1}：{section.heading}"))
    if major:
        return Finding(FAIL, tuple(major + minor)[:5], missing="有过时或超前的表述，见证据")
    if minor:
        return Finding(PARTIAL, tuple(minor)[:5], missing="有时效性存疑的表述，请核实")
    return Finding(PASS, note=f"未发现与 {year} 年度不符的表述")


def local_consistency(rule: Rule, context: Context) -> Finding:
    """Places and platforms of the reporting body's own province, not another's (copied text)."""
    document = context.document
    provinces = context.ruleset.data.get("provinces", [])
    shared = context.ruleset.data.get("shared_regions", [])
    frame = " ".join(
        [f.value for f in document.chrome]
        + [f.value for f in document.signature]
        + [f.value for f in document.metadata.values()]
        + ([document.title.value] if document.title else [])
    )
    body = "\n".join(context.paragraph_views)
    for phrase in shared:
        body = body.replace(phrase, "")
        frame = frame.replace(phrase, "")
    counts: Counter[str] = Counter()
    for province in provinces:
        tokens = province["names"] + province.get("platforms", []) + province.get("cities", [])
        counts[province["name"]] += sum(body.count(t) + 3 * frame.count(t) for t in tokens)
        counts[province["name"]] += 5 * len(
            re.findall(re.escape(province["abbr"]) + r"ICP备|" + re.escape(province["abbr"]) + "公网安备", frame)
        )
    mentioned = [name for name, n in counts.most_common() if n]
    if not mentioned:
        return Finding(PASS, note="未出现可判断省份的地名或平台名")
    home = mentioned[0]
    flagged: list[Evidence] = []
    for province in provinces:
        if province["name"] == home:
            continue
        for token in province.get("platforms", []) + province["names"] + province.get("cities", []):
            for paragraph, view in zip(document.paragraphs, context.paragraph_views, strict=True):
                if token in view and not any(token in s for s in shared):
                    flagged.append(
                        Evidence(paragraph.line, f"“{token}”属于{province['name']}：{snippet(paragraph.text, token)}")
                    )
                    break
    if not flagged:
        return Finding(PASS, note=f"地名和平台名与{home}一致")
    in_frame = any(t in frame for p in provinces if p["name"] != home for t in p["names"] + p.get("platforms", []))
    status = FAIL if in_frame or len(flagged) >= rule.params["fail_tokens"] else PARTIAL
    return Finding(
        status, tuple(flagged[:5]), missing=f"报告主体在{home}，但出现了其他省份的地名或平台，请人工核实是否套用"
    )


# ---------------------------------------------------------------- 文本质量


_LOST_UNIT = re.compile(r"(?<=[\u4e00-\u9fff])(\d+)(?=([\u4e00-\u9fff]))")
_GARBLED_DATE = re.compile(r"^\d{5,8}$")
_TOP_NUMERAL = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.,]")
_SUB_NUMERAL = re.compile(r"^\(\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*\)")
_CN = "一二三四五六七八九十"


def _numeral_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.index(text[1]) + 1
    if text.endswith("十"):
        return (_CN.index(text[0]) + 1) * 10
    if "十" in text:
        return (_CN.index(text[0]) + 1) * 10 + _CN.index(text[2]) + 1
    return _CN.index(text) + 1 if text in _CN else 0


def _numbering_defects(context: Context) -> list[Evidence]:
    """Gaps, repeats and mixed styles in the numbering of headings."""
    defects: list[Evidence] = []
    tops = [
        (p, m.group(1)) for p in context.document.paragraphs for m in [_TOP_NUMERAL.match(p.text)] if m and p.level == 1
    ]
    expected = 1
    for paragraph, numeral in tops:
        value = _numeral_value(numeral)
        if value != expected:
            defects.append(
                Evidence(
                    paragraph.line, f"一级标题编号应为第{expected}个，实为“{numeral}、”：{snippet(paragraph.heading)}"
                )
            )
        expected = value + 1
    for section in context.document.sections:
        subs = [
            (context.document.paragraphs[i], m)
            for i in section.paragraphs
            if section.level == 1
            for m in [_SUB_NUMERAL.match(context.document.paragraphs[i].text)]
            if m
        ]
        styles = {m.group(1).isdigit() for _, m in subs}
        if len(styles) > 1:
            paragraph = subs[0][0]
            defects.append(Evidence(paragraph.line, "同一层级混用“(1)”和“(一)”两种编号"))
        expected = 1
        for paragraph, m in subs:
            value = _numeral_value(m.group(1))
            if value != expected and len(styles) == 1:
                defects.append(
                    Evidence(paragraph.line, f"二级标题编号不连续：应为第{expected}个，实为“({m.group(1)})”")
                )
            expected = value + 1
    return defects


def _stray_closing_quote(text: str) -> int | None:
    """Where a closing ” appears with no “ open (as in ”八五“), or None when the quotes pair up."""
    open_quote = False
    for index, char in enumerate(text):
        if char == "“":
            open_quote = True
        elif char == "”":
            if not open_quote:
                return index
            open_quote = False
    return None


def text_integrity(rule: Rule, context: Context) -> Finding:
    """Numbers that lost their units, headings that lost their numerals, leftovers of extraction."""
    params = rule.params
    document = context.document
    allowed = re.compile("|".join(params["after_number"]))
    exempt = set(params["exempt_numbers"])
    garbled: list[Evidence] = []
    minor: list[Evidence] = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        for found in _LOST_UNIT.finditer(text):
            following = text[found.end() : found.end() + 4]
            if found.group(1) in exempt or allowed.match(following):
                continue
            garbled.append(
                Evidence(
                    paragraph.line,
                    f"数字“{found.group(1)}”后缺少单位：{snippet(text, text[max(0, found.start() - 6) : found.end() + 4])}",
                )
            )
        if re.match(r"^[、)]", text):
            garbled.append(Evidence(paragraph.line, f"标题丢失了编号：{snippet(text)[:30]}"))
        stray = _stray_closing_quote(text)
        if stray is not None:
            minor.append(Evidence(paragraph.line, f"引号方向颠倒或不成对：{text[max(0, stray - 8) : stray + 8]}"))
        if text.count("《") != text.count("》"):
            minor.append(Evidence(paragraph.line, f"书名号不成对：{snippet(text)[:40]}"))
    for field in document.signature:
        if _GARBLED_DATE.match(field.value):
            garbled.append(Evidence(field.line, f"落款日期残缺：{field.value}"))
    minor += _numbering_defects(context)
    if document.chrome:
        first = document.chrome[0]
        minor.append(
            Evidence(first.line, f"正文混有 {len(document.chrome)} 行网页杂项（已忽略），如：{first.value[:30]}")
        )
    if document.title is None:
        minor.append(Evidence(document.paragraphs[0].line if document.paragraphs else 1, "缺少标题"))
    if not document.signature and "publisher" not in document.metadata:
        minor.append(Evidence(document.paragraphs[-1].line if document.paragraphs else 1, "缺少落款（报告主体和日期）"))
    details = {"garbled": len(garbled), "minor": len(minor)}
    if garbled:
        return Finding(
            FAIL,
            tuple(garbled[:6]),
            missing=f"发现 {len(garbled)} 处残缺（数字缺单位、标题缺编号等），另有 {len(minor)} 处小问题",
            details=details,
        )
    if minor:
        return Finding(PARTIAL, tuple(minor[:6]), missing=f"发现 {len(minor)} 处格式小问题", details=details)
    return Finding(PASS, note="编号连续，未见残缺", details=details)


# ---------------------------------------------------------------- 数据自洽

_COUNT = re.compile(r"([\u4e00-\u9fff]{0,8}?)(\d+(?:\.\d+)?)\s*(?:余|多)?\s*(件|宗|起|个|次|人|户|条|份|家)")
_RATE = re.compile(r"([\u4e00-\u9fff]{1,6})率\s*(?:约为|约|为|达到|达|是|均为)?\s*(\d+(?:\.\d+)?)\s*%")
_PART = re.compile(
    r"(?:共|总计|累计|合计)[\u4e00-\u9fff]{0,12}?(\d+)\s*(件|宗|起|个|次|人|户|条|份|家)[^。;]{0,6}?其中[\u4e00-\u9fff]{0,12}?(\d+)\s*(件|宗|起|个|次|人|户|条|份|家)"
)
_RISE = re.compile(r"同比|增长|上升|增加|提高|下降|减少|较去年|较上年")


def _shares_stem(stem: str, label: str) -> bool:
    """Whether a rate's name (调解成功) and a count's label (成功调解) talk about the same thing."""
    return any(stem[i : i + 2] in label for i in range(len(stem) - 1))


def stats_consistency(rule: Rule, context: Context) -> Finding:
    """Rates recomputed from the counts they are computed from; parts within their totals."""
    tolerance = float(rule.params["tolerance_points"])
    problems: list[Evidence] = []
    checked = 0
    for paragraph in context.document.paragraphs:
        for sentence in paragraph.sentences:
            text = _without_titles(sentence.view)
            for rate in _RATE.finditer(text):
                stem, value = rate.group(1), float(rate.group(2))
                before = text[: rate.start()]
                if value > 100 and not _RISE.search(before[-8:] + stem):
                    problems.append(
                        Evidence(sentence.line, f"{stem}率 {value:g}% 超过 100%：{snippet(sentence.text, stem)}")
                    )
                    continue
                counts = [(m.group(1), float(m.group(2)), m.group(3)) for m in _COUNT.finditer(before)]
                if len(counts) < 2:
                    continue
                total = counts[0]
                part = next((c for c in reversed(counts[1:]) if _shares_stem(stem, c[0]) and c[2] == total[2]), None)
                if part is None or total[1] == 0:
                    continue
                checked += 1
                computed = 100 * part[1] / total[1]
                decimals = len(rate.group(2).split(".")[1]) if "." in rate.group(2) else 0
                allowed = 0.5 * 10 ** (-decimals) + tolerance
                if abs(computed - value) > allowed:
                    problems.append(
                        Evidence(
                            sentence.line,
                            f"{stem}率写作 {value:g}%，按 {part[1]:g}/{total[1]:g} 计算应为 {computed:.2f}%：{snippet(sentence.text, stem)}",
                        )
                    )
            for part in _PART.finditer(text):
                total_n, part_n = float(part.group(1)), float(part.group(3))
                checked += 1
                if part.group(2) == part.group(4) and part_n > total_n:
                    problems.append(
                        Evidence(sentence.line, f"其中 {part_n:g} 大于总数 {total_n:g}：{snippet(sentence.text)}")
                    )
    details = {"checked": checked, "inconsistent": len(problems), "tolerance_points": tolerance}
    if problems:
        return Finding(
            FAIL,
            tuple(problems[:6]),
            missing=f"{len(problems)} 处数据前后不一致（容差：末位半个单位加 {tolerance:g} 个百分点）",
            details=details,
        )
    return Finding(PASS, note=f"核算了 {checked} 处比率或分项，均一致", details=details)


def section_balance(rule: Rule, context: Context) -> Finding:
    """Informational: the share of the body given to shortcomings."""
    share = _share(context, "shortcomings")
    plan = _share(context, "plan")
    return Finding(
        PASS,
        note=f"不足部分占正文 {share:.0%}，安排部分占 {plan:.0%}",
        details={"shortcomings_share": round(share, 3), "plan_share": round(plan, 3)},
    )
