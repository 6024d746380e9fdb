"""Time each stage of checking one report, and how each stage's time grows with the size of its input.

Shared by the linear-time tests (which compare ratios, never absolute times) and benchmarks/linear.py
(which prints the figures). Stages are those the pipeline's time budget names (load, segment, facts,
each rule, …) and the renderers; CPU time of this process is measured, so that other processes on a
busy machine disturb the figures less.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

from checker.budget import Budget
from checker.pipeline import Checker
from checker.read.formats.text import load_text
from checker.render import render_text
from checker.render.model import Run, catalog_of
from checker.results import ReportResult

# The renderers a user can ask for; each is a stage of its own ("render:json", …).
RENDERERS = ("json", "html", "terminal", "markdown", "sarif", "junit", "github", "csv")


def check_stages(checker: Checker, text: str, name: str = "report.txt") -> tuple[ReportResult, dict[str, float]]:
    """Check a report given as text, as if read from a UTF-8 file; the seconds each stage took."""
    budget = Budget(None, clock=time.process_time, record=True)
    budget.enter("load")
    source = load_text(text.encode("utf-8"), name)
    result = checker.check_source(source, budget)
    assert budget.timings is not None
    return result, dict(budget.timings)


def render_stages(checker: Checker, result: ReportResult, formats: tuple[str, ...] = RENDERERS) -> dict[str, float]:
    """The seconds each renderer takes to write one checked report."""
    run = Run((result,), (), checker.base.name, catalog_of(checker.base))
    timings = {}
    for fmt in formats:
        start = time.process_time()
        render_text(fmt, run)
        timings[f"render:{fmt}"] = time.process_time() - start
    return timings


def all_stages(checker: Checker, text: str, formats: tuple[str, ...] = RENDERERS) -> dict[str, float]:
    """Seconds per stage for checking and rendering a report; "total" is their sum."""
    gc.collect()
    result, timings = check_stages(checker, text)
    timings.update(render_stages(checker, result, formats))
    timings.pop("start", None)
    timings["total"] = sum(timings.values())
    return timings


@dataclass(frozen=True)
class Growth:
    """How a stage's time changed when its input doubled: the best of several runs at each size."""

    stage: str
    small: float
    large: float

    @property
    def ratio(self) -> float:
        return self.large / self.small if self.small > 0 else float("inf")


def growth(
    measure: Callable[[str], dict[str, float]], make: Callable[[int], str], size: int, repeats: int = 3
) -> list[Growth]:
    """Per stage, the best time at `size` and at twice `size` over up to `repeats` rounds (sizes
    interleaved, so a burst of load elsewhere hits both); stops as soon as no stage looks superlinear."""
    texts = (make(size), make(2 * size))
    best: list[dict[str, float]] = [{}, {}]
    for _ in range(repeats):
        for which, text in enumerate(texts):
            for stage, seconds in measure(text).items():
                best[which][stage] = min(seconds, best[which].get(stage, seconds))
        found = [Growth(stage, best[0].get(stage, 0.0), best[1][stage]) for stage in best[1]]
        if all(g.ratio < 2.8 for g in found if g.large > 0.002):
            break
    return found
