"""Is the published text whole? Lost units and numerals, broken numbering, cut sentences, page leftovers.

Reports are copied from word processors into web editors, and the copy loses things: the 次 after a
number ("党委会51中心组扩大学习44"), the numeral of a heading ("、存在的不足", ")坚持人民至上"), the end
of a sentence. Each defect found here points at the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from checker.judge.context import snippet
from checker.read.normalize import HAN
from checker.read.numerals import numeral_value
from checker.results import FAIL, PARTIAL, PASS, Evidence, Finding

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.read.document import Paragraph
    from checker.ruleset import Rule

_LOST_UNIT = re.compile(rf"(?<={HAN})(\d+)(?=({HAN}))")
_GARBLED_DATE = re.compile(r"^\d{5,8}$")
_TOP_NUMERAL = re.compile(r"^(?:第)?([一二三四五六七八九十]{1,3})\s*(?:[、.,]|部分)")
_SUB_NUMERAL = re.compile(r"^\(\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*\)")
_ANY_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,]|第[一二三四五六七八九十]{1,3}部分|[、)(]|\d{1,2}\s*[、.])"
)
_SENTENCE_END = "。!?;:…”’)》]"
_CLAUSE_STOP = re.compile(r"[。!?;]")
MAX_EVIDENCE = 15
# Defects listed in the details, at most (a report has a handful; a page of broken numbers, thousands).
MAX_LISTED = 200


@dataclass(frozen=True)
class Defect:
    """One thing wrong with the text: where, what, and whether it garbles the content or only the form."""

    line: int
    kind: str
    text: str
    garbled: bool


def _heading_like(paragraph: Paragraph) -> bool:
    """A paragraph that reads like a heading that lost its marker: a short first clause standing alone."""
    text = paragraph.text
    end = _CLAUSE_STOP.search(text, 0, 21)  # the first clause is short only if it ends within 21 characters
    if end is None:
        return len(text) <= 20
    return text[end.start()] == "。"


# ---------------------------------------------------------------- numbering


def _top_numbering(context: Context) -> list[Defect]:
    """Top-level headings: numerals in sequence, none missing, none lost."""
    tops = [p for p in context.document.paragraphs if p.level == 1]
    numbered = any(_TOP_NUMERAL.match(p.text) or _SUB_NUMERAL.match(p.text) or p.text.startswith("、") for p in tops)
    defects: list[Defect] = []
    paren = [m.group(1).isdigit() for p in tops for m in [_SUB_NUMERAL.match(p.text)] if m]
    if len(set(paren)) > 1:
        first = next(p for p in tops if _SUB_NUMERAL.match(p.text))
        defects.append(Defect(first.line, "numbering", "同一层级混用“(1)”和“(一)”两种编号", False))
    expected = 1
    for paragraph in tops:
        marker = _TOP_NUMERAL.match(paragraph.text) or _SUB_NUMERAL.match(paragraph.text)
        if marker:
            value = numeral_value(marker.group(1))
            if value == expected - 1:
                defects.append(Defect(paragraph.line, "numbering", f"一级标题编号重复：“{marker.group(0)}”", False))
            elif value != expected:
                defects.append(
                    Defect(
                        paragraph.line,
                        "numbering",
                        f"一级标题编号不连续：应为第{expected}个，实为“{marker.group(0)}”",
                        False,
                    )
                )
            expected = value + 1
            continue
        if paragraph.text.startswith("、"):
            defects.append(
                Defect(paragraph.line, "lost_numeral", f"标题丢失了编号：{snippet(paragraph.text)[:30]}", True)
            )
        elif numbered and not _ANY_MARK.match(paragraph.text):
            defects.append(
                Defect(
                    paragraph.line,
                    "lost_numeral",
                    f"一级标题缺少编号（应为第{expected}个）：{paragraph.text[:30]}",
                    True,
                )
            )
        expected += 1
    return defects


def _sub_numbering(context: Context) -> list[Defect]:
    """Numbered subsections ((一)…) inside each section: in sequence, one style, none lost."""
    document = context.document
    defects: list[Defect] = []
    for section in document.sections:
        if section.level != 1:
            continue
        members = [document.paragraphs[i] for i in section.paragraphs if document.paragraphs[i].level != 1]
        styles = {m.group(1).isdigit() for p in members for m in [_SUB_NUMERAL.match(p.text)] if m}
        if len(styles) > 1:
            first = next(p for p in members if _SUB_NUMERAL.match(p.text))
            defects.append(Defect(first.line, "numbering", "同一层级混用“(1)”和“(一)”两种编号", False))
        expected: int | None = 1
        unnumbered: list[Paragraph] = []
        for paragraph in members:
            marker = _SUB_NUMERAL.match(paragraph.text)
            if paragraph.text.startswith(")"):
                defects.append(
                    Defect(paragraph.line, "lost_numeral", f"标题丢失了编号：{snippet(paragraph.text)[:30]}", True)
                )
                expected, unnumbered = None, []
                continue
            if not marker:
                if _heading_like(paragraph) and not _ANY_MARK.match(paragraph.text):
                    unnumbered.append(paragraph)
                continue
            value = numeral_value(marker.group(1))
            if expected is not None and value > expected:
                missing = value - expected
                if len(unnumbered) == missing:
                    for k, lost in enumerate(unnumbered):
                        defects.append(
                            Defect(
                                lost.line,
                                "lost_numeral",
                                f"小标题缺少编号（应为第{expected + k}个）：{lost.text[:30]}",
                                True,
                            )
                        )
                else:
                    defects.append(
                        Defect(
                            paragraph.line,
                            "numbering",
                            f"二级标题编号不连续：应为第{expected}个，实为“{marker.group(0)}”",
                            False,
                        )
                    )
            elif expected is not None and value < expected:
                defects.append(
                    Defect(paragraph.line, "numbering", f"二级标题编号重复或倒序：“{marker.group(0)}”", False)
                )
            expected, unnumbered = value + 1, []
    return defects


# ---------------------------------------------------------------- text


def _stray_closing_quote(text: str) -> int | None:
    """Where a closing ” appears with no “ open (as in ”八五“), or None when the quotes pair up."""
    if "”" not in text:
        return None
    open_quote = False
    for quote in _QUOTES.finditer(text):
        if quote.group(0) == "“":
            open_quote = True
        elif not open_quote:
            return quote.start()
        else:
            open_quote = False
    return None


_QUOTES = re.compile("[“”]")


def _lost_units(context: Context, rule: Rule) -> list[Defect]:
    allowed = re.compile("|".join(rule.params["after_number"]))
    exempt = set(rule.params["exempt_numbers"])
    defects: list[Defect] = []
    for paragraph in context.document.paragraphs:
        if not _LOST_UNIT.search(paragraph.text):
            continue  # none in any of its sentences either (a sentence is a stretch of the paragraph)
        for sentence in paragraph.sentences:
            text = sentence.text
            for found in _LOST_UNIT.finditer(text):
                if found.group(1) in exempt or allowed.match(text[found.end() : found.end() + 4]):
                    continue
                piece = text[max(0, found.start() - 6) : found.end() + 4]
                defects.append(Defect(sentence.line, "lost_unit", f"数字“{found.group(1)}”后缺少单位：“{piece}”", True))
    return defects


def _truncated(context: Context) -> list[Defect]:
    """A paragraph that stops without closing punctuation right before a heading: the sentence was cut."""
    paragraphs = context.document.paragraphs
    defects: list[Defect] = []
    followers: list[Paragraph | None] = [*paragraphs[1:], None] if paragraphs else []
    for paragraph, following in zip(paragraphs, followers, strict=True):
        has_body = paragraph.level == 0 or len(paragraph.text) > len(paragraph.heading) + 10
        if not has_body or len(paragraph.text) < 40 or paragraph.text[-1] in _SENTENCE_END:
            continue
        if following is None or following.level >= 1:
            tail = paragraph.sentences[-1] if paragraph.sentences else None
            line = tail.line if tail else paragraph.line
            defects.append(Defect(line, "truncated", f"段末没有句号，句子可能被截断：…{paragraph.text[-20:]}", False))
    return defects


def _marks(context: Context) -> list[Defect]:
    defects: list[Defect] = []
    for paragraph in context.document.paragraphs:
        stray = _stray_closing_quote(paragraph.text)
        if stray is not None:
            text = paragraph.text[max(0, stray - 8) : stray + 8]
            defects.append(Defect(paragraph.line, "quotes", f"引号方向颠倒或不成对：{text}", False))
        if paragraph.text.count("《") != paragraph.text.count("》"):
            defects.append(Defect(paragraph.line, "quotes", f"书名号不成对：{snippet(paragraph.text)[:40]}", False))
    return defects


@cache
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """The rule's frame patterns as one pattern, compiled once per run."""
    return re.compile("|".join(patterns)) if patterns else None


def _frame(context: Context, frame_patterns: list[str]) -> list[Defect]:
    """Title, 落款 and date, and web-page leftovers other than the page's ordinary frame."""
    document = context.document
    defects: list[Defect] = []
    for field in document.signature:
        if _GARBLED_DATE.match(field.value):
            defects.append(Defect(field.line, "signature", f"落款日期残缺：{field.value}", True))
    frame = _alternation(tuple(frame_patterns))
    stray = [c for c in document.chrome if frame is None or not frame.search(c.value)]
    if stray:
        first = stray[0]
        defects.append(
            Defect(
                first.line,
                "chrome",
                f"文中混有 {len(stray)} 行网页残留（已忽略），如：{first.value[:30]}",
                False,
            )
        )
    last_line = document.paragraphs[-1].line if document.paragraphs else 1
    if document.title is None:
        defects.append(Defect(document.paragraphs[0].line if document.paragraphs else 1, "title", "缺少标题", False))
    # A page's 发布机构 names the body but is no 落款: the published text itself lacks one (the catalog's
    # minor defect).
    if not document.signature:
        defects.append(Defect(last_line, "signature", "缺少落款（报告主体和日期）", False))
    elif document.signature and not any(
        "signed" in document.dates or _GARBLED_DATE.match(f.value) for f in document.signature
    ):
        defects.append(Defect(document.signature[-1].line, "signature", "落款缺少成文日期", False))
    return defects


def text_integrity(rule: Rule, context: Context) -> Finding:
    """Numbers that lost their units, headings that lost their numerals, cut sentences, leftovers."""
    defects = (
        _lost_units(context, rule)
        + _top_numbering(context)
        + _sub_numbering(context)
        + _truncated(context)
        + _marks(context)
        + _frame(context, rule.params.get("frame", []))
    )
    garbled = sorted((d for d in defects if d.garbled), key=lambda d: d.line)
    minor = sorted((d for d in defects if not d.garbled), key=lambda d: d.line)
    listed = [*garbled, *minor][:MAX_LISTED]
    details = {
        "garbled": len(garbled),
        "minor": len(minor),
        # The first defects, garbled ones first; the counts above are of all.
        "defects": [{"line": d.line, "kind": d.kind, "text": d.text, "garbled": d.garbled} for d in listed],
    }
    evidence = tuple(Evidence(d.line, d.text) for d in [*garbled, *minor][:MAX_EVIDENCE])
    if garbled:
        return Finding(
            FAIL,
            evidence,
            missing=f"发现 {len(garbled)} 处残缺（数字缺单位、标题缺编号等），另有 {len(minor)} 处小问题",
            details=details,
        )
    if minor:
        return Finding(PARTIAL, evidence, missing=f"发现 {len(minor)} 处格式小问题", details=details)
    return Finding(PASS, note="编号连续，未见残缺", details=details)
