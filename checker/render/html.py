"""The HTML scorecard: Jinja2 templates (autoescaped) shipped in checker/render/templates.

For each report: score and grade, what to fix first, points by group (结构/内容/质量) and by area (the
纲要 areas of the rules) as bars, every element with its status, evidence, what is missing and how to fix
it, and the report text with evidence lines highlighted; an evidence link jumps to its line. For a batch
the page starts with the ranking and the per-element coverage. The page is one self-contained file
(inline CSS and script, nothing fetched at view time), works without JavaScript, prints with the summary
on the first page and the whole text, and fits a 390 px phone screen.

The templates are built for reuse: `base.html` is the layout any page extends, `scorecard.html` and
`batch.html` hold the report card and the batch tables as macros, fed by `card_view` and `run_view`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from checker import __version__
from checker.render.model import (
    Run,
    is_optional_absent,
    most_missed,
    points_by,
    problems,
    ranking,
    status_counts,
    status_label,
)
from checker.results import (
    FAIL,
    GROUP_LABELS,
    NOT_APPLICABLE,
    PARTIAL,
    PASS,
    PROFILE_SOURCE_LABELS,
    STATUS_LABELS,
    UNKNOWN,
    ElementVerdict,
    ReportResult,
)

COLOURS = {PASS: "#2e7d32", PARTIAL: "#f9a825", FAIL: "#c62828", NOT_APPLICABLE: "#9e9e9e", UNKNOWN: "#0277bd"}
STATUS_CSS = {PASS: "pass", PARTIAL: "partial", FAIL: "fail", NOT_APPLICABLE: "na", UNKNOWN: "unknown"}
GENERATOR = f"fzcheck {__version__}"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(value: Any) -> Any:
    """Every value a template prints loses its control characters (they are invalid in HTML)."""
    # Markup is what macros and the escaper return: already safe, already cleaned.
    return _CONTROL.sub("", value) if isinstance(value, str) and not isinstance(value, Markup) else value


@cache
def environment() -> Environment:
    """The template environment: package templates, autoescape on for everything, no silent typos."""
    return Environment(
        loader=PackageLoader("checker.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_printable,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


# ---------------------------------------------------------------- view models


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label and earned/possible points."""

    label: str
    earned: float
    possible: float

    @property
    def ratio(self) -> float:
        return self.earned / self.possible if self.possible else 0.0

    @property
    def width(self) -> str:
        return f"{100 * self.ratio:.1f}"

    @property
    def colour(self) -> str:
        return COLOURS[PASS] if self.ratio >= 0.75 else COLOURS[PARTIAL] if self.ratio >= 0.6 else COLOURS[FAIL]

    @property
    def value(self) -> str:
        return f"{self.earned:g}/{self.possible:g}（{self.ratio:.0%}）"

    @property
    def summary(self) -> str:
        return f"{self.label}：{self.earned:g}/{self.possible:g} 分（{self.ratio:.0%}）"


@dataclass(frozen=True)
class EvidenceView:
    line: int
    text: str
    where: str
    linked: bool


@dataclass(frozen=True)
class ElementView:
    """An element as the card shows it: only the advice that applies to its status."""

    id: str
    name: str
    status: str
    status_label: str
    css: str
    points: str
    weight: str
    evidence: tuple[EvidenceView, ...]
    missing: str
    fix: str
    note: str
    basis: str
    lost: str = ""


@dataclass(frozen=True)
class CardView:
    """Everything `report_card` shows for one report; `prefix` makes its anchors unique in the page."""

    result: ReportResult
    prefix: str
    summary: str
    grade_class: str
    profile_source: str
    problems: tuple[ElementView, ...]
    groups: tuple[tuple[str, tuple[ElementView, ...]], ...]
    by_group: tuple[Bar, ...]
    by_area: tuple[Bar, ...]
    lines: tuple[tuple[int, str], ...]
    hits: dict[int, list[str]]
    caps: tuple[Any, ...] = ()


@dataclass(frozen=True)
class RankingRow:
    rank: int
    issuer: str
    path: str
    href: str
    profile: str
    year: str
    score: str
    grade: str
    missing: int
    partial: int
    capped: str = ""


@dataclass(frozen=True)
class Segment:
    css: str
    width: str
    title: str


@dataclass(frozen=True)
class CoverageRow:
    id: str
    name: str
    counts: dict[str, int]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class RunView:
    """The batch overview: ranking rows (with links), coverage rows, unreadable inputs."""

    ruleset: str
    reports: int
    is_batch: bool
    ranking: tuple[RankingRow, ...]
    coverage: tuple[CoverageRow, ...]
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def grade_class(result: ReportResult) -> str:
    """The grade's colour: by score, red whatever the score when a veto capped the grade."""
    if result.caps:
        return "g-bad"
    return "g-ok" if result.score >= 75 else "g-mid" if result.score >= 60 else "g-bad"


def element_view(element: ElementVerdict, prefix: str, line_numbers: set[int]) -> ElementView:
    status = element.status
    advice = status in (FAIL, PARTIAL, UNKNOWN)
    evidence = tuple(
        EvidenceView(ev.line, ev.text, ev.location or f"第{ev.line}行", ev.line in line_numbers)
        for ev in element.evidence
    )
    show_note = bool(element.note) and (status in (NOT_APPLICABLE, UNKNOWN) or not element.evidence)
    return ElementView(
        id=element.id,
        name=element.name,
        status=STATUS_CSS[status],
        status_label=status_label(element),
        css="optional" if is_optional_absent(element) else STATUS_CSS[status],
        points=f"{element.points:g}",
        weight=f"{element.weight:g}",
        evidence=evidence,
        missing=element.missing if advice else "",
        fix=element.fix if advice else "",
        note=element.note if show_note else "",
        basis=element.basis if status != PASS else "",
        lost=f"{element.weight - element.points:g}",
    )


def card_view(result: ReportResult, prefix: str) -> CardView:
    """The view of one report's card (`prefix` is the id of its <article>, e.g. "r1")."""
    line_numbers = {number for number, _ in result.lines}
    hits: dict[int, list[str]] = {}
    for element in result.elements:
        for evidence in element.evidence:
            if evidence.line in line_numbers:
                names = hits.setdefault(evidence.line, [])
                if element.name not in names:
                    names.append(element.name)
    counts = status_counts(result)
    views = {element.id: element_view(element, prefix, line_numbers) for element in result.elements}
    groups = tuple(
        (label, tuple(views[x.id] for x in result.elements if x.group == group))
        for group, label in GROUP_LABELS.items()
        if any(x.group == group for x in result.elements)
    )
    return CardView(
        result=result,
        prefix=prefix,
        summary="，".join(f"{label} {n}" for label, n in counts.items()),
        grade_class=grade_class(result),
        profile_source=PROFILE_SOURCE_LABELS.get(result.profile_source, result.profile_source),
        problems=tuple(views[x.id] for x in problems(result)),
        groups=groups,
        by_group=tuple(Bar(GROUP_LABELS.get(g, g), e, p) for g, e, p in points_by(result, "group")),
        by_area=tuple(Bar(label, e, p) for label, e, p in points_by(result, "area")),
        lines=result.lines,
        hits=hits,
        caps=result.caps,
    )


def _segments(counts: dict[str, int]) -> tuple[Segment, ...]:
    total = sum(counts.values()) or 1
    return tuple(
        Segment(STATUS_CSS[s], f"{100 * counts[s] / total:.1f}", f"{STATUS_LABELS[s]} {counts[s]}")
        for s in (PASS, PARTIAL, FAIL, NOT_APPLICABLE, UNKNOWN)
        if counts.get(s)
    )


def run_view(run: Run, hrefs: dict[str, str] | None = None) -> RunView:
    """The batch overview of a run; `hrefs` maps a report's path to the link of its scorecard."""
    hrefs = hrefs or {}
    rows = tuple(
        RankingRow(
            rank=rank,
            issuer=result.issuer or "（未识别）",
            path=result.path,
            href=hrefs.get(result.path, ""),
            profile=result.profile_name,
            year=str(result.year or "?"),
            score=f"{result.score:.1f}",
            grade=result.grade,
            missing=result.missing_count,
            partial=result.partial_count,
            capped="缺法定章节" if result.caps else "",
        )
        for rank, result in ranking(run.results, run.grades)
    )
    coverage = tuple(CoverageRow(c.id, c.name, c.counts, _segments(c.counts)) for c in most_missed(run.coverage))
    return RunView(run.ruleset, len(run.results), run.is_batch, rows, coverage, tuple(run.errors))


# ---------------------------------------------------------------- pages


def page(template: str, **values: Any) -> str:
    """Render one of the page templates with what every page shows (the generator mark)."""
    return environment().get_template(template).render(generator=GENERATOR, **values)


def scorecard_values(run: Run, verbose: bool = False) -> dict[str, Any]:
    """What report.html (or a page extending it, such as the web page) shows of a run: the batch
    overview with each report linked to its card in the same page, and the cards."""
    prefixes = [f"r{index}" for index in range(1, len(run.results) + 1)]
    anchors: dict[str, str] = {}
    for result, prefix in zip(run.results, prefixes, strict=True):
        anchors.setdefault(result.path, f"#{prefix}")
    return {
        "title": "法治政府建设年度报告检查" + ("（批量）" if run.is_batch else ""),
        "show_ids": verbose,
        "run_view": run_view(run, anchors),
        "cards": [card_view(result, prefix) for result, prefix in zip(run.results, prefixes, strict=True)],
    }


def render(run: Run, verbose: bool = False, index_href: str = "") -> str:
    """The scorecard page of a run (one report, or a batch with its overview first); `index_href` links
    back to the batch overview when the page is one of a directory of scorecards."""
    return page("report.html", index_href=index_href, **scorecard_values(run, verbose))


def render_index(run: Run, hrefs: dict[str, str], verbose: bool = False) -> str:
    """index.html beside one scorecard per report: the batch overview, each report linked to its file."""
    return page("index.html", title="法治政府建设年度报告检查（批量）", show_ids=verbose, run_view=run_view(run, hrefs))
