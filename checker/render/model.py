"""What every renderer reads: the checked reports of one run, the unreadable inputs, and batch figures.

Renderers take a `Run` and return text; they never open a report again. The batch figures (ranking and
per-element coverage) are computed here once so every format agrees on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

from checker.results import (
    CREDIT,
    FAIL,
    NOT_APPLICABLE,
    PARTIAL,
    PASS,
    STATUS_LABELS,
    UNKNOWN,
    ElementVerdict,
    ReportResult,
)
from checker.ruleset import Ruleset

STATUS_ORDER = (PASS, PARTIAL, FAIL, NOT_APPLICABLE, UNKNOWN)


@dataclass(frozen=True)
class RuleInfo:
    """An element of the catalog as the rule set defines it (for SARIF rule metadata and coverage rows)."""

    id: str
    name: str
    group: str
    area: str
    weight: float
    basis: str
    fix: str
    missing: str


@dataclass(frozen=True)
class Coverage:
    """How one element fared across a batch: how many reports passed, were partial, failed, …"""

    id: str
    name: str
    group: str
    counts: dict[str, int]
    # False when the element carries no weight in any report (optional, 不计分): listed after the rest.
    scored: bool = True

    @property
    def missed(self) -> int:
        """Reports that do not fully have the element (fail or partial): what a batch summary sorts by."""
        return self.counts[FAIL] + self.counts[PARTIAL]


@dataclass(frozen=True)
class Run:
    """One `fzcheck check` run: results in input order, unreadable inputs, and the rule catalog."""

    results: tuple[ReportResult, ...]
    errors: tuple[tuple[str, str], ...] = ()
    ruleset: str = ""
    catalog: tuple[RuleInfo, ...] = ()
    fail_under: float | None = None
    required: tuple[str, ...] = ()
    # --strict: a partly met element is an error too (SARIF, GitHub) and a JUnit failure.
    strict: bool = False
    # The rule set's grade names, best first (grade_names): the ranking orders by grade before score.
    grades: tuple[str, ...] = ()

    @property
    def is_batch(self) -> bool:
        """More than one input: batch sections (ranking, coverage) are shown."""
        return len(self.results) + len(self.errors) > 1

    @property
    def has_gate(self) -> bool:
        """Whether this run has a gate at all (a threshold or required elements)."""
        return self.fail_under is not None or bool(self.required)

    def gate_problems(self, result: ReportResult) -> list[str]:
        """Why `result` fails this run's gate (nothing when it passes)."""
        return gate_problems(result, self.fail_under, self.required)

    @cached_property
    def coverage(self) -> list[Coverage]:
        """Per-element status counts across the reports, in catalog order (computed once)."""
        return coverage(self.results, self.catalog)


def grade_names(ruleset: Ruleset) -> tuple[str, ...]:
    """The rule set's grades, best first."""
    return tuple(g.name for g in sorted(ruleset.grades, key=lambda g: g.minimum, reverse=True))


def catalog_of(ruleset: Ruleset) -> tuple[RuleInfo, ...]:
    """The rule set's elements as plain data for renderers."""
    return tuple(RuleInfo(r.id, r.name, r.group, r.area, r.weight, r.basis, r.fix, r.missing) for r in ruleset.rules)


def coverage(results: tuple[ReportResult, ...], catalog: tuple[RuleInfo, ...] = ()) -> list[Coverage]:
    """Count each element's statuses over all reports; elements ordered as in the catalog, then as found."""
    names: dict[str, tuple[str, str]] = {r.id: (r.name, r.group) for r in catalog}
    counts: dict[str, dict[str, int]] = {r.id: dict.fromkeys(STATUS_ORDER, 0) for r in catalog}
    scored: set[str] = set()
    for result in results:
        for element in result.elements:
            names.setdefault(element.id, (element.name, element.group))
            counts.setdefault(element.id, dict.fromkeys(STATUS_ORDER, 0))[element.status] += 1
            if element.weight > 0:
                scored.add(element.id)
    return [Coverage(i, names[i][0], names[i][1], c, i in scored or not results) for i, c in counts.items()]


def most_missed(items: list[Coverage]) -> list[Coverage]:
    """Coverage rows ordered by how many reports fail, then partly meet, the element (ties in catalog order);
    elements that count for no report's score (optional ones) come last."""
    order = {c.id: index for index, c in enumerate(items)}
    return sorted(items, key=lambda c: (not c.scored, -c.counts[FAIL], -c.counts[PARTIAL], order[c.id]))


def ranking(results: tuple[ReportResult, ...], grades: tuple[str, ...] = ()) -> list[tuple[int, ReportResult]]:
    """Reports by grade, then score, best first; equal standing shares a rank (1, 2, 2, 4), ties ordered by
    path. A grade a missing required part capped counts as that grade: a 76-point report without its
    存在的不足 chapter is 不合格, and ranks below a complete 合格 one of 65. Without the grade names
    (`grades`, best first), capped reports rank after all others."""

    def standing(result: ReportResult) -> tuple[int, float]:
        if grades:
            place = grades.index(result.grade) if result.grade in grades else len(grades)
        else:
            place = int(bool(result.caps))
        return place, -result.score

    ordered = sorted(results, key=lambda r: (*standing(r), r.path))
    ranked: list[tuple[int, ReportResult]] = []
    for index, result in enumerate(ordered, start=1):
        rank = ranked[-1][0] if ranked and standing(ranked[-1][1]) == standing(result) else index
        ranked.append((rank, result))
    return ranked


def points_by(result: ReportResult, key: str) -> list[tuple[str, float, float]]:
    """(label, points earned, points possible) per group or area, over the elements that count for score."""
    totals: dict[str, list[float]] = {}
    for element in result.elements:
        if element.status not in CREDIT or element.weight <= 0:
            continue
        label = getattr(element, key) or "其他"
        earned, possible = totals.setdefault(label, [0.0, 0.0])
        totals[label] = [earned + element.points, possible + element.weight]
    return [(label, round(e, 2), round(p, 2)) for label, (e, p) in totals.items()]


def is_scored(element: ElementVerdict) -> bool:
    """Whether the element counts for the score. An unscored element (weight 0, 不计分) that is missing is
    shown as information (SARIF note, GitHub notice, JUnit skipped), never as an error that fails CI."""
    return element.weight > 0


OPTIONAL_ABSENT = "未写（可选）"


def is_optional_absent(element: ElementVerdict) -> bool:
    """An optional element (weight 0, 不计分) the report does not have: information, never a problem."""
    return element.status == FAIL and element.weight <= 0


def status_label(element: ElementVerdict) -> str:
    """The status as a reader sees it: 通过/部分/缺失/不适用/无法判断, or 未写（可选） for an absent optional one."""
    return OPTIONAL_ABSENT if is_optional_absent(element) else STATUS_LABELS[element.status]


def status_counts(result: ReportResult) -> dict[str, int]:
    """How many elements have each status as a reader sees it, in the order 通过, 部分, 缺失, 未写（可选）,
    不适用, 无法判断 (statuses no element has are left out)."""
    order = [STATUS_LABELS[PASS], STATUS_LABELS[PARTIAL], STATUS_LABELS[FAIL], OPTIONAL_ABSENT]
    order += [STATUS_LABELS[NOT_APPLICABLE], STATUS_LABELS[UNKNOWN]]
    counts = dict.fromkeys(order, 0)
    for element in result.elements:
        counts[status_label(element)] += 1
    return {label: n for label, n in counts.items() if n}


def points_lost(element: ElementVerdict) -> float:
    return round(element.weight - element.points, 2)


def problems(result: ReportResult) -> list[ElementVerdict]:
    """What to fix first: scored elements that are missing or partial, by points lost (most first); on
    equal loss a missing element before a partial one, then in catalog order."""
    found = [e for e in result.elements if e.status in (FAIL, PARTIAL) and e.weight > 0]
    order = {e.id: index for index, e in enumerate(result.elements)}
    return sorted(found, key=lambda e: (-points_lost(e), e.status != FAIL, order[e.id]))


def short_paths(paths: list[str]) -> dict[str, str]:
    """Each path without the folder all of them share, for a narrow column ("各镇报告/余家镇.txt" and
    "各镇报告/大溪镇.txt" read "余家镇.txt" and "大溪镇.txt")."""
    real = [p for p in paths if p != "-"]
    parts = [PurePath(p).parts[:-1] for p in real]
    common = 0
    if parts:
        while all(len(each) > common and each[common] == parts[0][common] for each in parts):
            common += 1
    return {p: p if p == "-" else str(PurePath(*PurePath(p).parts[common:])) for p in paths}


# How much an element's verdict matters to a tool that reads levels (SARIF, GitHub annotations, JUnit).
ERROR, WARNING, NOTE = "error", "warning", "note"


def problem_level(element: ElementVerdict, strict: bool = False) -> str | None:
    """The level of an element's verdict, following the gate: a missing element is an error, a partly met
    one a warning (an error when `strict`), one that cannot be judged a note, and an unscored (optional)
    element only ever a note. None for a pass and for an element that does not apply."""
    if element.status not in (FAIL, PARTIAL, UNKNOWN):
        return None
    if not is_scored(element) or element.status == UNKNOWN:
        return NOTE
    return ERROR if element.status == FAIL or strict else WARNING


def gate_problems(result: ReportResult, fail_under: float | None, required: tuple[str, ...]) -> list[str]:
    """Why a report fails the gate, in Chinese, or nothing when it passes: a score below the threshold,
    and the required elements it fails (status fail; partial is not a failure), named as users know them."""
    problems = []
    if fail_under is not None and result.score < fail_under:
        problems.append(f"得分 {result.score:.1f} 低于 {fail_under:g}")
    failed = [e.name for e in result.elements if e.id in required and e.status == FAIL]
    if failed:
        problems.append(f"缺失必备要素 {'、'.join(failed)}")
    return problems
