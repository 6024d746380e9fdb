"""What the evaluator produces and every renderer consumes: verdicts per element and a report's score."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, PARTIAL, FAIL, NOT_APPLICABLE, UNKNOWN = "pass", "partial", "fail", "n/a", "unknown"
CREDIT = {PASS: 1.0, PARTIAL: 0.5, FAIL: 0.0}
STATUS_LABELS = {PASS: "通过", PARTIAL: "部分", FAIL: "缺失", NOT_APPLICABLE: "不适用", UNKNOWN: "无法判断"}
GROUP_LABELS = {"structure": "结构", "content": "内容", "quality": "质量"}
# Where the kind of reporting body was read (ReportResult.profile_source); the weak ones say so.
PROFILE_SOURCE_LABELS = {
    "option": "命令行指定",
    "signature": "依据落款",
    "title_block": "依据标题下的署名",
    "letterhead": "依据文头",
    "title": "依据标题",
    "opening": "依据正文开头",
    "self_reference": "依据正文自称，依据较弱",
    "publisher": "依据发布机构，依据较弱",
    "source": "依据来源，依据较弱",
    "default": "未能识别，按默认；可用 --profile 指定",
}


@dataclass(frozen=True)
class Evidence:
    """A quoted piece of the report and the line a user finds it on."""

    line: int
    text: str
    location: str = ""


@dataclass(frozen=True)
class Finding:
    """What a rule concluded before scoring: a status, the evidence, and in words what is missing."""

    status: str
    evidence: tuple[Evidence, ...] = ()
    missing: str = ""
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ElementVerdict:
    """One element of the catalog as judged for one report."""

    id: str
    name: str
    group: str
    area: str
    status: str
    weight: float
    points: float
    evidence: tuple[Evidence, ...]
    missing: str
    fix: str
    basis: str
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GradeCap:
    """Why a report's grade is lower than its score would give: a vetoing element it lacks."""

    element: str
    name: str
    cap: str
    reason: str


@dataclass(frozen=True)
class ReportResult:
    """A checked report: what it is, every element's verdict, and the score."""

    path: str
    format: str
    encoding: str | None
    profile: str
    profile_name: str
    profile_source: str
    year: int | None
    title: str | None
    issuer: str | None
    published: str | None
    score: float
    grade: str
    elements: tuple[ElementVerdict, ...]
    # The report's text as (line number, text), for renderers that show it (HTML). Never part of the JSON;
    # batch runs drop it unless a renderer needs it, so memory holds results, not documents.
    lines: tuple[tuple[int, str], ...] = ()
    # "traditional" when the input was in traditional characters (checked after conversion, shown as written).
    script: str = "simplified"
    # The vetoes that capped the grade below what the score gives (the reasons are shown first).
    caps: tuple[GradeCap, ...] = ()
    # The grade band of the score alone ("" when it is `grade`).
    grade_by_score: str = ""
    # Headings of the report's sections as (line, kind, heading), for outputs that point to where a
    # missing part belongs (the Word copy with comments).
    outline: tuple[tuple[int, str, str], ...] = ()

    def element(self, element_id: str) -> ElementVerdict | None:
        return next((e for e in self.elements if e.id == element_id), None)

    @property
    def missing_count(self) -> int:
        return sum(1 for e in self.elements if e.status == FAIL and e.weight > 0)

    @property
    def partial_count(self) -> int:
        return sum(1 for e in self.elements if e.status == PARTIAL)
