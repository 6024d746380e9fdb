"""Facts about a report that several rules need: its year, its reporting body, its dates, its profile."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from checker.judge.body import is_prose, reporting_body
from checker.read.document import Document
from checker.results import Evidence
from checker.ruleset import ProfileSpec

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Years that are not the report's: inside a document's title (《…纲要(2021-2025年)》), in a range
# ("2021—2025年", "2021至2025年"), or a deadline ("到2025年").
_NOT_THE_YEAR = re.compile(
    r"《[^》]{0,80}》|(?:19|20)\d{2}\s*(?:年)?\s*[-~至到—]\s*(?:19|20)\d{2}\s*年|[到至]\s*20\d{2}\s*年"
)
_SINCE = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?以来")
# How much each place a year is read from counts. The title is the report's own statement; an opening
# "2023年，…" or a heading "一、2023年工作情况" nearly so; the plan's "2024年工作计划" is the year after;
# a publication date only says the report year is that year (published in its last months) or the one
# before (published in the first months of the next).
_WEIGHTS = {"title": 10, "opening": 6, "heading": 5, "plan_heading": 5, "since": 3, "date": 2}
_SOURCES = ("title", "opening", "heading", "plan_heading", "since", "date")
# A report published from this month on is taken to be on the same year (some cities publish in December).
SAME_YEAR_FROM_MONTH = 11
MAX_OPENING_PARAGRAPHS = 3


@dataclass(frozen=True)
class ReportFacts:
    """What the evaluator knows about the report as a whole."""

    year: int | None
    year_source: str
    year_evidence: Evidence | None
    issuer: str | None
    issuer_source: str
    issuer_evidence: Evidence | None
    published: str | None
    published_source: str
    published_evidence: Evidence | None
    written: str | None
    profile: str
    profile_source: str


def _years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(_NOT_THE_YEAR.sub(" ", text))]


def _year(document: Document, published: str | None) -> tuple[int | None, str, Evidence | None]:
    """The year reported on: every place that states or implies it votes, weighted by how reliable it is.

    The body outweighs the publication date: a report may be published in December of the year it
    reports ("2019年以来…", plan "2020年工作计划") or in the following spring."""
    votes: dict[int, float] = defaultdict(float)
    first: dict[tuple[int, str], Evidence] = {}

    def vote(year: int, source: str, evidence: Evidence) -> None:
        if 1990 <= year <= 2100:
            votes[year] += _WEIGHTS[source]
            first.setdefault((year, source), evidence)

    for field in [*([document.title] if document.title else []), *document.title_block]:
        for year in _years_in(field.value)[:1]:
            vote(year, "title", Evidence(field.line, field.value))
    # The first sentence that states a year ("2023年，…", "现将我局2022年度…报告如下").
    for paragraph in [p for p in document.paragraphs if is_prose(p)][:MAX_OPENING_PARAGRAPHS]:
        stated = next(((s, years[0]) for s in paragraph.sentences[:2] for years in [_years_in(s.text)] if years), None)
        if stated:
            vote(stated[1], "opening", Evidence(stated[0].line, stated[0].text[:80]))
            break
    for section in document.sections:
        stated = _years_in(section.heading)[:1] if section.explicit else []
        for year in stated:
            if section.scope == "plan":
                vote(year - 1, "plan_heading", Evidence(section.line, section.heading))
            elif section.scope == "achievements":
                vote(year, "heading", Evidence(section.line, section.heading))
    for paragraph in document.paragraphs[:12]:
        for found in _SINCE.finditer(paragraph.text):
            vote(int(found.group(1)), "since", Evidence(paragraph.line, paragraph.text[:80]))
    if published:
        day = date.fromisoformat(published)
        year = day.year if day.month >= SAME_YEAR_FROM_MONTH else day.year - 1
        vote(year, "date", Evidence(0, published))
    if not votes:
        return None, "", None
    best = max(votes, key=lambda y: (votes[y], y))
    source = next(s for s in _SOURCES if (best, s) in first)
    return best, source, first[(best, source)]


def _published(document: Document, override: str | None) -> tuple[str | None, str, Evidence | None]:
    if override:
        return override, "option", None
    for key, source in (("published", "metadata"), ("signed", "signature")):
        if key in document.dates:
            iso, line = document.dates[key]
            return iso, source, Evidence(line, iso)
    return None, "", None


def gather_facts(
    document: Document, specs: tuple[ProfileSpec, ...], profile: str | None = None, published: str | None = None
) -> ReportFacts:
    """Work out the report-wide facts; `profile` and `published` come from the command line when given.

    `profile_source` says where the kind of body was read: "option", one of the places in
    checker.judge.body (signature, title_block, letterhead, title, opening, self_reference, publisher,
    source), or "default" when nothing named it and the county profile was assumed."""
    body = reporting_body(document, specs)
    pub, pub_source, pub_evidence = _published(document, published)
    year, year_source, year_evidence = _year(document, pub)
    if profile:
        chosen, source = profile, "option"
    elif body.kind:
        chosen, source = body.kind, body.kind_source
    else:
        chosen, source = "county", "default"
    written = document.dates.get("written", (None, 0))[0]
    return ReportFacts(
        year=year,
        year_source=year_source,
        year_evidence=year_evidence,
        issuer=body.name,
        issuer_source=body.name_source,
        issuer_evidence=body.name_evidence,
        published=pub,
        published_source=pub_source,
        published_evidence=pub_evidence,
        written=written,
        profile=chosen,
        profile_source=source,
    )
