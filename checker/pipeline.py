"""The whole job for one report: load → normalise and segment → evaluate rules → score."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from checker.budget import DEFAULT_TIME_LIMIT, Budget
from checker.judge.context import Context
from checker.judge.evaluate import evaluate_rule
from checker.judge.facts import gather_facts
from checker.judge.score import grade as graded
from checker.judge.score import score, verdict
from checker.read.document import Document
from checker.read.formats import DEFAULT_MAX_BYTES, load_data, load_report
from checker.read.normalize import fold
from checker.read.script import SIMPLIFIED, in_simplified, restore, restore_quotes
from checker.read.segment import segment
from checker.read.source import SourceDocument
from checker.results import ElementVerdict, ReportResult
from checker.ruleset import Ruleset, build_ruleset


@dataclass(frozen=True)
class CheckOptions:
    """What the user chose on the command line (or a caller in code)."""

    profile: str | None = None
    published: str | None = None
    input_format: str | None = None
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    extra_rules: tuple[str, ...] = ()
    # Seconds one report may take, loading included (None: no limit); see checker.budget.
    time_limit: float | None = DEFAULT_TIME_LIMIT


class Checker:
    """Checks reports against a rule set; compiled rule sets are kept per profile for the whole run."""

    def __init__(self, base: Ruleset, options: CheckOptions | None = None) -> None:
        self.base = base
        self.options = options or CheckOptions()
        self._by_profile: dict[str, Ruleset] = {}

    def ruleset_for(self, profile: str) -> Ruleset:
        if profile not in self._by_profile:
            self._by_profile[profile] = build_ruleset(self.base.files[0], profile, self.base.files[1:])
        return self._by_profile[profile]

    def budget(self) -> Budget:
        """A fresh time budget for one report, as the options set it."""
        return Budget(self.options.time_limit)

    def check_source(self, source: SourceDocument, budget: Budget | None = None) -> ReportResult:
        """Check an already loaded report within its time budget (TimeLimitExceeded past it)."""
        budget = budget or self.budget()
        # The collector outside the timer: once the timer is off, nothing can stop it being turned on again.
        with _no_cycle_collection(), budget.armed():
            result = self._check(source, budget)
            budget.finish()
        return result

    def _check(self, source: SourceDocument, budget: Budget) -> ReportResult:
        budget.enter("script")
        source = in_simplified(source)
        budget.enter("segment")
        document = segment(source, self.base.conventions)
        budget.enter("facts")
        facts = gather_facts(document, self.base.profiles, self.options.profile, self.options.published)
        with budget.paused():  # compiling a rule set is the run's work, done once, not this report's
            ruleset = self.ruleset_for(facts.profile)
        budget.enter("context")
        context = Context(document, facts, ruleset)
        elements = []
        for rule in ruleset.rules:
            budget.enter(f"rule:{rule.id}")
            elements.append(verdict(rule, evaluate_rule(rule, context)))
        budget.enter("locations")
        elements = _with_locations(elements, source, document)
        budget.enter("result")
        total = score(elements)
        grade, caps = graded(ruleset, total, elements)
        spec = next(p for p in ruleset.profiles if p.id == facts.profile)
        result = ReportResult(
            path=source.path,
            format=source.format,
            encoding=source.encoding,
            profile=facts.profile,
            profile_name=spec.name,
            profile_source=facts.profile_source,
            year=facts.year,
            title=document.title.value if document.title else None,
            issuer=facts.issuer,
            published=facts.published,
            score=total,
            grade=grade,
            caps=caps,
            grade_by_score=ruleset.grade(total),
            outline=_outline(document),
            elements=tuple(elements),
            lines=tuple((line.number, line.text) for line in source.lines),
            script=source.script,
        )
        return result if source.script == SIMPLIFIED else _in_original_script(result, source)

    def check_path(self, path: str) -> ReportResult:
        """Load and check one report file ("-" for standard input); loading counts against the time limit."""
        options = self.options
        return self._loaded(lambda: load_report(path, options.input_format, options.encoding, options.max_bytes))

    def check_data(self, data: bytes, path: str) -> ReportResult:
        """Check a report whose bytes are already in memory (an upload); `path` only names it."""
        options = self.options
        return self._loaded(lambda: load_data(data, path, options.input_format, options.encoding))

    def _loaded(self, load: Callable[[], SourceDocument]) -> ReportResult:
        budget = self.budget()
        with _no_cycle_collection(), budget.armed():
            budget.enter("load")
            return self.check_source(load(), budget)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a report is checked. A check builds trees of small
    objects (a line, a paragraph, a sentence, a unit each) that hold no cycles, and with hundreds of
    thousands of them alive the collector's passes over all of them cost a third of the time of a page
    of short lines. Memory is unaffected (reference counting frees them); a cycle made meanwhile is
    collected once the collector runs again."""
    if not gc.isenabled():  # paused by an outer check (or by the caller): leave it as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _with_locations(elements: list[ElementVerdict], source: SourceDocument, document: Document) -> list[ElementVerdict]:
    """Give every piece of evidence the place a user finds it (第2页第14行, 表格1 第3行第2列) when the
    format has one: named checks only know the line number. In a Word file, where paragraphs have no
    visible numbers, the place also names the heading above and the paragraph's first words."""
    locations = {line.number: line.location for line in source.lines if line.location}
    if source.format in WORD_FORMATS:
        locations.update(findable_locations(source, document))
        rewrite = True
    else:
        rewrite = False
    if not locations:
        return elements
    return [
        replace(
            element,
            evidence=tuple(
                replace(e, location=locations[e.line]) if e.line in locations and (rewrite or not e.location) else e
                for e in element.evidence
            ),
        )
        for element in elements
    ]


WORD_FORMATS = ("docx", "doc")
# How much of a paragraph's start the location quotes (enough to find it with Ctrl+F), and of a heading.
FIRST_WORDS = 14
HEADING_WORDS = 24


def _clip(text: str, size: int) -> str:
    return text[:size] + ("…" if len(text) > size else "")


def findable_locations(source: SourceDocument, document: Document) -> dict[int, str]:
    """Paragraph number → where a reader finds it in Word: “二、存在的不足”下 第41段（“一是部分工作人员…”）."""
    texts: dict[int, str] = {}
    places: dict[int, str] = {}
    for line in source.lines:
        if line.text.strip() and line.number not in texts:
            texts[line.number] = line.text.strip()
            places[line.number] = line.location or f"第{line.number}段"
    under: dict[int, str] = {}
    top = sub = ""
    for paragraph in document.paragraphs:
        heading = _clip(texts.get(paragraph.line, paragraph.text), HEADING_WORDS)
        if paragraph.level == 1 and paragraph.heading:
            top, sub = heading, ""
            under.setdefault(paragraph.line, "")
        elif paragraph.level == 2 and paragraph.heading:
            sub = heading
            under.setdefault(paragraph.line, top)
        else:
            under.setdefault(paragraph.line, sub or top)
    found = {}
    for number, text in texts.items():
        words = _clip(text, FIRST_WORDS)
        above = under.get(number, "")
        found[number] = (f"“{above}”下 " if above else "") + f"{places[number]}（“{words}”）"
    return found


# How many source lines after an evidence line its quote may reach into (a sentence of a paragraph
# hard-wrapped over many lines).
_QUOTE_REACH = 40


def _in_original_script(result: ReportResult, source: SourceDocument) -> ReportResult:
    """A traditional report's result as its writer sees it: the text, title, body and every quote in
    traditional characters again; the tool's own words stay as they are."""
    back = source.back
    folded = {line.number: fold(line.text) for line in source.lines}
    numbers = sorted(folded)
    position = {number: index for index, number in enumerate(numbers)}

    def window(line: int) -> str:
        start = position.get(line, 0)
        return "".join(folded[n] for n in numbers[start : start + _QUOTE_REACH])

    elements = tuple(
        replace(
            element,
            evidence=tuple(replace(e, text=restore_quotes(e.text, window(e.line), back)) for e in element.evidence),
        )
        for element in result.elements
    )
    return replace(
        result,
        elements=elements,
        title=restore(result.title, back) if result.title else None,
        issuer=restore(result.issuer, back) if result.issuer else None,
        lines=tuple((number, restore(text, back)) for number, text in result.lines),
    )


def _outline(document: Document) -> tuple[tuple[int, str, str], ...]:
    """The title and the section headings the report has, as (line, kind, heading)."""
    outline = [(document.title.line, "title", document.title.value)] if document.title else []
    outline += [(s.line, s.kind, s.heading) for s in document.sections if s.heading]
    return tuple(outline)
