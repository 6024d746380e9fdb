"""A report being judged: the document, its facts and the rule set, with the views and indexes every
rule asks for computed once (units of text, the one-pass literal scan, evidence lookup).

Named checks and the evidence evaluator both read a `Context`; it lives below both of them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from functools import cached_property
from typing import NamedTuple

from checker.judge.facts import ReportFacts
from checker.read.document import Document, Paragraph, Sentence
from checker.read.normalize import view_of
from checker.results import Evidence
from checker.ruleset import Ruleset

SNIPPET = 110
CN_NUMERALS = "一二两三四五六七八九十百千"


class Unit(NamedTuple):
    """A stretch of text a clause is tested on: a sentence, a paragraph, a section or a whole scope.
    (A named tuple: a report has one per sentence, and a tuple is made three times faster.)"""

    view: str
    line: int
    location: str
    text: str


class Context:
    """A report being checked, with the views rules need computed once and shared."""

    def __init__(self, document: Document, facts: ReportFacts, ruleset: Ruleset) -> None:
        self.document = document
        self.facts = facts
        self.ruleset = ruleset
        units = "|".join(re.escape(u) for u in sorted(ruleset.data.get("quantity_units", []), key=len, reverse=True))
        self._unit_lists: dict[tuple[str, tuple[str, ...] | None], list[Unit]] = {}
        self._joined: dict[tuple[str, tuple[str, ...] | None], tuple[str, list[int]]] = {}
        # A number is read from the start of its run of numerals, and spaces are taken whole (possessive):
        # the leftmost match is the same, but a run of 100,000 digits or spaces is no longer tried from
        # each of its characters (which made the search quadratic, or worse with the spaces).
        self.quantity = re.compile(
            rf"(?<!\d)\d+(?:\.\d+)?\s*+(?:余|多)?\s*+(?:万|亿)?\s*+(?:{ruleset.conventions.unit_pattern.pattern})"
            rf"|(?<![{CN_NUMERALS}])[{CN_NUMERALS}]+(?:余|多)?(?:{units or '次|场|件|期|名|人次|批'})(?!事)"
        )

    @cached_property
    def paragraph_views(self) -> list[str]:
        return [view_of(p.text) for p in self.document.paragraphs]

    @cached_property
    def _sentences(self) -> tuple[list[Sentence], list[int]] | None:
        """Every sentence in document order and its line, for `locate`; None when lines ever go back
        (then `locate` scans from the start, as the order of the search must not change)."""
        sentences = self._all_sentences
        lines = [s.line for s in sentences]
        if any(a > b for a, b in itertools.pairwise(lines)):
            return None
        return sentences, lines

    @cached_property
    def _held(self) -> tuple[list[AbstractSet[str]], list[AbstractSet[str]]]:
        """The rule literals each paragraph holds and those each sentence holds (in document order),
        from one scan of the report."""
        phrases = self.ruleset.phrases
        paragraphs: list[AbstractSet[str]] = []
        sentences: list[AbstractSet[str]] = []
        for paragraph, view in zip(self.document.paragraphs, self.paragraph_views, strict=True):
            whole, parts = phrases.paragraph(view, paragraph.sentences)
            paragraphs.append(whole)
            sentences += parts
        return paragraphs, sentences

    @cached_property
    def _where_held(self) -> dict[str, tuple[dict[str, list[int]], list[str]]]:
        """For sentences and for paragraphs: each literal's units (all of them, in document order) and
        each unit's scope."""
        paragraphs, sentences = self._held
        scopes = [p.scope for p in self.document.paragraphs]
        return {
            "paragraph": (_inverted(paragraphs), scopes),
            "sentence": (_inverted(sentences), [p.scope for p in self.document.paragraphs for _ in p.sentences]),
        }

    def units_holding(
        self,
        within: str,
        scopes: tuple[str, ...] | None,
        literals: frozenset[str],
        terms: tuple[frozenset[str], ...] | None = None,
        needed: int = 1,
    ) -> Iterator[tuple[Unit, AbstractSet[str]]]:
        """The units of one kind in some scopes that hold one of the literals, in order, each with all
        the literals it holds. With `terms` (each term's literals), only the units holding literals of at
        least `needed` distinct terms: the others cannot hold the clause, and a report of 30,000 lines
        that each name one of its terms need not have each line looked at."""
        if within in self._where_held:
            index, scope_of = self._where_held[within]
            held = self._held[0] if within == "paragraph" else self._held[1]
            hits = sorted(set().union(*(index[literal] for literal in literals & index.keys())))
            if terms is not None and needed >= 2:
                per_term: Counter[int] = Counter()
                for term in terms:
                    per_term.update(set().union(*(index[literal] for literal in term & index.keys())))
                hits = [i for i in hits if per_term[i] >= needed]
            # Lazily, and a unit is made only when a clause reaches it: a clause usually stops at its third
            # piece of evidence, and a report of 100,000 short lines need not have 100,000 units made.
            return ((self._unit_at(within, i), held[i]) for i in hits if scopes is None or scope_of[i] in scopes)
        return (
            (unit, held)
            for unit, held in zip(self.unit_list(within, scopes), self._unit_literals(within, scopes), strict=True)
            if not held.isdisjoint(literals)
        )

    @cached_property
    def _all_sentences(self) -> list[Sentence]:
        return [s for p in self.document.paragraphs for s in p.sentences]

    def _unit_at(self, within: str, index: int) -> Unit:
        """The unit of the report's sentences or paragraphs (in document order) at `index`."""
        if within == "sentence":
            sentence = self._all_sentences[index]
            return Unit(sentence.view, sentence.line, sentence.location, sentence.text)
        paragraph = self.document.paragraphs[index]
        return Unit(self.paragraph_views[index], paragraph.line, paragraph.location, paragraph.text)

    def _unit_literals(self, within: str, scopes: tuple[str, ...] | None) -> Iterator[AbstractSet[str]]:
        """What each section or scope unit of `unit_list` holds, in the same order."""
        paragraphs = self.document.in_scopes(scopes)
        held = self._held[0]
        if within == "section":
            by_section: dict[int, set[str]] = {}
            for paragraph in paragraphs:
                by_section.setdefault(paragraph.section, set()).update(held[paragraph.index])
            yield from by_section.values()
        elif paragraphs:
            yield set().union(*(held[p.index] for p in paragraphs))

    def unit_list(self, within: str, scopes: tuple[str, ...] | None) -> list[Unit]:
        """The units of one kind in some scopes, built once per report: every clause asks again."""
        key = (within, scopes)
        if key not in self._unit_lists:
            if scopes is not None and within in ("sentence", "paragraph"):
                # The report's own units, those of the scopes: one Unit per sentence whatever the scopes.
                _, scope_of = self._where_held[within]
                every = self.unit_list(within, None)
                self._unit_lists[key] = [unit for unit, scope in zip(every, scope_of, strict=True) if scope in scopes]
            else:
                self._unit_lists[key] = list(self._build_units(within, scopes))
        return self._unit_lists[key]

    def joined_view(self, within: str, scopes: tuple[str, ...] | None) -> tuple[str, list[int]]:
        """All unit views of one kind joined by newlines, and where each unit starts in the result."""
        key = (within, scopes)
        if key not in self._joined:
            starts: list[int] = []
            offset = 0
            for unit in self.unit_list(within, scopes):
                starts.append(offset)
                offset += len(unit.view) + 1
            self._joined[key] = ("\n".join(unit.view for unit in self.unit_list(within, scopes)), starts)
        return self._joined[key]

    def candidates(self, within: str, scopes: tuple[str, ...] | None, screen: re.Pattern[str]) -> list[int]:
        """Indices of the units a context-free screen may match in, in order: one scan over the joined
        views instead of one search per unit. A match that runs across units marks every unit it
        touches, so a unit whose own match it swallowed is still looked at (a superset, never less)."""
        text, starts = self.joined_view(within, scopes)
        marked: set[int] = set()
        for match in screen.finditer(text):
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
            marked.update(range(first, last + 1))
        return sorted(marked)

    def _build_units(self, within: str, scopes: tuple[str, ...] | None) -> Iterator[Unit]:
        paragraphs = self.document.in_scopes(scopes)
        if within == "sentence":
            yield from [Unit(s.view, s.line, s.location, s.text) for p in paragraphs for s in p.sentences]
        elif within == "paragraph":
            views = self.paragraph_views
            yield from [Unit(views[p.index], p.line, p.location, p.text) for p in paragraphs]
        elif within == "section":
            by_section: dict[int, list[Paragraph]] = {}
            for paragraph in paragraphs:
                by_section.setdefault(paragraph.section, []).append(paragraph)
            for group in by_section.values():
                yield self._joined_unit(group)
        elif paragraphs:
            yield self._joined_unit(paragraphs)

    def _joined_unit(self, paragraphs: list[Paragraph]) -> Unit:
        view = "\n".join(self.paragraph_views[p.index] for p in paragraphs)
        return Unit(view, paragraphs[0].line, paragraphs[0].location, "\n".join(p.text for p in paragraphs))

    def locate(self, unit: Unit, match: re.Match[str]) -> Evidence:
        """Evidence for a match inside a unit: the sentence (or paragraph) that holds it, with its line."""
        focus = match.group(0)
        if "\n" in unit.view or len(unit.text) > SNIPPET * 2:
            indexed = self._sentences
            if indexed is None:
                sentences, start = [s for p in self.document.paragraphs for s in p.sentences], 0
            else:
                # Lines never decrease, so the first sentence at or after the unit's line is found by
                # bisection instead of a scan from the top: with many matches in a long report the scan
                # made evidence lookup quadratic.
                sentences, start = indexed[0], bisect_left(indexed[1], unit.line)
            for sentence in itertools.islice(sentences, start, None):
                if focus in sentence.view and sentence.line >= unit.line:
                    return Evidence(sentence.line, snippet(sentence.text, focus), sentence.location)
        return Evidence(unit.line, snippet(unit.text, focus), unit.location)


def _inverted(held: list[AbstractSet[str]]) -> dict[str, list[int]]:
    """For each literal, the indices of the units that hold it, in order."""
    index: dict[str, list[int]] = {}
    for position, literals in enumerate(held):
        for literal in literals:
            index.setdefault(literal, []).append(position)
    return index


def snippet(text: str, focus: str = "") -> str:
    """A quotable piece of a sentence, centred on what matched when the sentence is long."""
    if len(text) <= SNIPPET:
        return text
    at = max(text.find(focus[:4]) if focus else 0, 0)
    start = max(0, min(at - 30, len(text) - SNIPPET))
    return ("…" if start else "") + text[start : start + SNIPPET] + "…"
