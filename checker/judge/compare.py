"""Last year's report against this year's: what was followed up, and how much was copied.

Two questions a reviewer asks and cannot answer by eye over two long reports:
- Follow-up: which of last year's shortcomings and plan items does this year's report take up? For each
  one, the best matching passage of this year's achievements (shared key terms and the same area of work,
  as in quality.plan_links_shortcomings), with its line, or none.
- Copying: which paragraphs of this year's report are near-duplicates of last year's (character 3-gram
  Jaccard similarity at or above a threshold), and what share of this year's body they make up.
The same near-duplicate search, across different bodies' reports of one batch, finds template copying
(`shared_paragraphs`). Paragraphs are indexed by their shingles, so the search is not quadratic in the
number of paragraphs: only pairs that share a shingle are ever compared.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from checker.judge.checks.items import Item, items_in
from checker.judge.checks.links import DEFAULT_STOCK, compile_topics, key_bigrams, topics_of
from checker.judge.context import snippet
from checker.judge.facts import gather_facts
from checker.read.document import Document, Paragraph
from checker.read.normalize import match_view
from checker.read.segment import segment
from checker.read.source import SourceDocument
from checker.ruleset import Ruleset

DEFAULT_THRESHOLD = 0.6
SHINGLE = 3
MIN_PARAGRAPH_CHARS = 30
# A sentence of last year's found word for word this year is copied when it is at least this long.
MIN_COPIED_SENTENCE = 8
# A shingle in more paragraphs than this is boilerplate ("法治政府建设"); it finds no useful candidates.
MAX_POSTINGS = 200
_NOT_TEXT = re.compile(r"[\W_]")
# A follow-up needs this many shared key terms, and this score (terms + 2 per shared area of work).
MIN_SHARED_TERMS = 2
MIN_FOLLOW_SCORE = 4


@dataclass(frozen=True)
class Passage:
    """A quoted piece of a report and its line."""

    line: int
    text: str


@dataclass(frozen=True)
class FollowUp:
    """One of last year's shortcomings or plan items, and where this year's report takes it up."""

    kind: str  # "shortcoming" or "plan"
    line: int
    head: str
    addressed: Passage | None
    score: float
    terms: tuple[str, ...]
    # A shortcoming of last year listed again, nearly word for word, among this year's shortcomings.
    repeated: Passage | None = None


@dataclass(frozen=True)
class CopiedParagraph:
    """A paragraph of this year's report that is a near-duplicate of one of last year's."""

    this_line: int
    last_line: int
    similarity: float
    text: str


@dataclass(frozen=True)
class Comparison:
    """The whole comparison of two reports."""

    last_path: str
    this_path: str
    last_year: int | None
    this_year: int | None
    followups: tuple[FollowUp, ...]
    copied: tuple[CopiedParagraph, ...]
    copied_share: float
    threshold: float

    @property
    def addressed_count(self) -> int:
        return sum(1 for f in self.followups if f.addressed)


@dataclass(frozen=True)
class SharedParagraph:
    """A paragraph found, nearly word for word, in two different bodies' reports (first and second are
    the reports' paths, first_body and second_body their 报告主体)."""

    first: str
    first_line: int
    second: str
    second_line: int
    similarity: float
    text: str
    first_body: str = ""
    second_body: str = ""


# ---------------------------------------------------------------- near-duplicate paragraphs


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """The character n-grams of a paragraph's words (punctuation, quotes and spaces removed)."""
    view = _NOT_TEXT.sub("", match_view(text)[0])
    return frozenset(view[i : i + size] for i in range(max(len(view) - size + 1, 0)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _comparable(document: Document) -> list[Paragraph]:
    """Paragraphs long enough for similarity to mean copying, not a shared stock heading."""
    return [p for p in document.paragraphs if len(p.text) >= MIN_PARAGRAPH_CHARS]


class ShingleIndex:
    """Paragraphs indexed by shingle: the candidates for a query are those sharing enough shingles."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.sets: list[frozenset[str]] = []

    def add(self, grams: frozenset[str]) -> int:
        key = len(self.sets)
        self.sets.append(grams)
        for gram in grams:
            self.postings[gram].append(key)
        return key

    def similar(self, grams: frozenset[str], threshold: float) -> list[tuple[int, float]]:
        """(key, Jaccard similarity) of every indexed paragraph at or above the threshold, best first."""
        shared: Counter[int] = Counter()
        for gram in grams:
            posting = self.postings.get(gram, ())
            if len(posting) <= MAX_POSTINGS:
                shared.update(posting)
        found = []
        for key, common in shared.items():
            other = self.sets[key]
            # Jaccard cannot reach the threshold when the sizes differ too much; skip the exact computation.
            if min(len(grams), len(other)) < threshold * max(len(grams), len(other)):
                continue
            if common / (len(grams) + len(other) - common) >= threshold * 0.9:
                similarity = jaccard(grams, other)
                if similarity >= threshold:
                    found.append((key, similarity))
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def copied_paragraphs(last: Document, this: Document, threshold: float) -> list[CopiedParagraph]:
    """This year's paragraphs that are near-duplicates of last year's, with the best match for each."""
    index = ShingleIndex()
    last_paragraphs = _comparable(last)
    for paragraph in last_paragraphs:
        index.add(shingles(paragraph.text))
    copied = []
    for paragraph in _comparable(this):
        matches = index.similar(shingles(paragraph.text), threshold)
        if matches:
            key, similarity = matches[0]
            copied.append(
                CopiedParagraph(
                    paragraph.line, last_paragraphs[key].line, round(similarity, 3), snippet(paragraph.text)
                )
            )
    return copied


def shared_paragraphs(
    docs: list[tuple[str, str, Document]], threshold: float = DEFAULT_THRESHOLD
) -> list[SharedParagraph]:
    """Near-duplicate paragraphs shared between different bodies' reports (template copying).

    `docs` holds (path, body, segmented report); the body is the 报告主体 (or the path when unknown).
    Reports of the same body are versions of one report, never compared with each other.
    """
    index = ShingleIndex()
    owners: list[tuple[str, str, Paragraph]] = []
    found: list[SharedParagraph] = []
    for path, body, document in docs:
        paragraphs = _comparable(document)
        grams = [shingles(p.text) for p in paragraphs]
        for paragraph, paragraph_grams in zip(paragraphs, grams, strict=True):
            for key, similarity in index.similar(paragraph_grams, threshold):
                other_path, other_body, other = owners[key]
                if other_body != body:
                    found.append(
                        SharedParagraph(
                            other_path,
                            other.line,
                            path,
                            paragraph.line,
                            round(similarity, 3),
                            snippet(paragraph.text),
                            other_body,
                            body,
                        )
                    )
        # Indexed after the queries, so a report is never compared with itself.
        for paragraph, paragraph_grams in zip(paragraphs, grams, strict=True):
            index.add(paragraph_grams)
            owners.append((path, body, paragraph))
    return found


@dataclass(frozen=True)
class PairSummary:
    """Two bodies whose reports share paragraphs: how many (in the report with the most), and what share
    of each body's text they are."""

    first: str
    second: str
    paragraphs: int
    first_share: float
    second_share: float


@dataclass(frozen=True)
class Copies:
    """Template copying across a batch: per pair of bodies first, then every shared paragraph."""

    reports: int
    threshold: float
    # Each body with its reports (more than one: versions of the same report, not copies).
    bodies: tuple[tuple[str, tuple[str, ...]], ...]
    pairs: tuple[PairSummary, ...]
    shared: tuple[SharedParagraph, ...]


def find_copies(docs: list[tuple[str, str, Document]], threshold: float = DEFAULT_THRESHOLD) -> Copies:
    """Shared paragraphs between different bodies, summarised per pair of bodies (largest share first)."""
    shared = shared_paragraphs(docs, threshold)
    bodies: dict[str, list[str]] = {}
    chars: dict[str, dict[int, int]] = {}
    for path, body, document in docs:
        bodies.setdefault(body, []).append(path)
        chars[path] = {p.line: len(p.text) for p in _comparable(document)}
    total = {body: sum(sum(chars[path].values()) for path in paths) for body, paths in bodies.items()}
    pairs: dict[tuple[str, str], list[SharedParagraph]] = {}
    for item in shared:
        first, second = sorted((item.first_body, item.second_body))
        pairs.setdefault((first, second), []).append(item)
    summaries = []
    for (first, second), items in pairs.items():
        used: dict[str, set[tuple[str, int]]] = {first: set(), second: set()}
        for item in items:
            used[item.first_body].add((item.first, item.first_line))
            used[item.second_body].add((item.second, item.second_line))
        shares = {}
        for body, marks in used.items():
            copied = sum(chars[path].get(line, 0) for path, line in marks)
            shares[body] = round(copied / total[body], 3) if total[body] else 0.0
        # Versions of one body share the same paragraphs: count them in the report that has the most.
        per_report: dict[str, int] = {}
        for marks in used.values():
            for path, _ in marks:
                per_report[path] = per_report.get(path, 0) + 1
        summaries.append(PairSummary(first, second, max(per_report.values()), shares[first], shares[second]))
    summaries.sort(key=lambda p: (-max(p.first_share, p.second_share), -p.paragraphs, p.first, p.second))
    return Copies(
        reports=len(docs),
        threshold=threshold,
        bodies=tuple((body, tuple(paths)) for body, paths in bodies.items()),
        pairs=tuple(summaries),
        shared=tuple(shared),
    )


# ---------------------------------------------------------------- follow-up


def _item_terms(item: Item, stock: tuple[str, ...]) -> frozenset[str]:
    """The key terms of an item: its headline and the start of what it says."""
    return key_bigrams(item.head, stock) | key_bigrams(item.text[:60], stock)


def _best_passage(
    item: Item, candidates: list[tuple[int, str, frozenset[str], frozenset[str]]], topics: Any, stock: tuple[str, ...]
) -> tuple[Passage | None, float, tuple[str, ...]]:
    """This year's sentence that best takes up a last-year item, if any shares enough with it."""
    wanted = _item_terms(item, stock)
    areas = topics_of(item.head, topics) or topics_of(item.text[:80], topics)
    best: tuple[Passage | None, float, tuple[str, ...]] = (None, 0.0, ())
    for line, text, terms, sentence_areas in candidates:
        shared = wanted & terms
        score = len(shared) + 2 * len(areas & sentence_areas)
        if len(shared) >= MIN_SHARED_TERMS and score >= MIN_FOLLOW_SCORE and score > best[1]:
            best = (Passage(line, snippet(text)), float(score), tuple(sorted(shared)))
    return best


def _sentences(
    document: Document, scopes: tuple[str, ...], topics: Any, stock: tuple[str, ...], skip: set[int] | None = None
) -> list:
    """(line, text, key terms, areas) of the sentences in `scopes`, leaving out paragraphs in `skip`."""
    return [
        (s.line, s.text, key_bigrams(s.text, stock), topics_of(s.text, topics))
        for p in document.in_scopes(scopes)
        if not skip or p.index not in skip
        for s in p.sentences
    ]


def _new_sentences(candidates: list, last: Document, threshold: float) -> list:
    """The candidates that are not last year's text again: a sentence found word for word in last year's
    report, or nearly so (3-gram similarity at the threshold), is copied, not follow-up."""
    index = ShingleIndex()
    for paragraph in last.paragraphs:
        for sentence in paragraph.sentences:
            index.add(shingles(sentence.text))
    last_text = _NOT_TEXT.sub("", "".join(match_view(p.text)[0] for p in last.paragraphs))
    fresh = []
    for candidate in candidates:
        view = _NOT_TEXT.sub("", match_view(candidate[1])[0])
        if len(view) >= MIN_COPIED_SENTENCE and view in last_text:
            continue
        if index.similar(shingles(candidate[1]), threshold):
            continue
        fresh.append(candidate)
    return fresh


def _repeated(item: Item, this_items: list[Item], threshold: float) -> Passage | None:
    grams = shingles(item.text)
    for other in this_items:
        if jaccard(grams, shingles(other.text)) >= threshold:
            return Passage(other.line, snippet(other.text))
    return None


def compare_reports(
    last: SourceDocument, this: SourceDocument, ruleset: Ruleset, threshold: float = DEFAULT_THRESHOLD
) -> Comparison:
    """Compare last year's report with this year's: follow-up of shortcomings and plan, and copied text."""
    conventions = ruleset.conventions
    last_doc, this_doc = segment(last, conventions), segment(this, conventions)
    last_facts = gather_facts(last_doc, ruleset.profiles)
    this_facts = gather_facts(this_doc, ruleset.profiles)
    topics = compile_topics(ruleset.data.get("topics", []))
    stock = DEFAULT_STOCK
    copied = copied_paragraphs(last_doc, this_doc, threshold)
    copied_lines = {c.this_line for c in copied}
    # Follow-up is new text about last year's item: copied paragraphs and sentences never count.
    copied_paragraph_indexes = {p.index for p in this_doc.paragraphs if p.line in copied_lines}
    candidates = _sentences(this_doc, ("achievements",), topics, stock, copied_paragraph_indexes)
    candidates = _new_sentences(candidates, last_doc, threshold)
    this_shortcomings = items_in(this_doc, "shortcomings")
    followups: list[FollowUp] = []
    for kind, scope in (("shortcoming", "shortcomings"), ("plan", "plan")):
        for item in items_in(last_doc, scope):
            passage, score, terms = _best_passage(item, candidates, topics, stock)
            repeated = _repeated(item, this_shortcomings, threshold) if kind == "shortcoming" else None
            followups.append(FollowUp(kind, item.line, snippet(item.head, "")[:40], passage, score, terms, repeated))
    body = sum(len(p.text) for p in _comparable(this_doc))
    copied_chars = sum(len(p.text) for p in _comparable(this_doc) if p.line in copied_lines)
    return Comparison(
        last_path=last.path,
        this_path=this.path,
        last_year=last_facts.year,
        this_year=this_facts.year,
        followups=tuple(followups),
        copied=tuple(copied),
        copied_share=round(copied_chars / body, 3) if body else 0.0,
        threshold=threshold,
    )
