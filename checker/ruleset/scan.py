"""Find many fixed strings in one pass over a text, with an Aho-Corasick automaton (pyahocorasick).

Two jobs need it. The evaluator asks, for every clause of every rule, which sentences could hold it:
a clause only holds where one of its required literals occurs (patterns.required_literals), and one
pass for all literals replaces about sixty regex scans of the whole report. The gazetteer check reads
the place names of 31 provinces: an alternation of 500 names costs the regex engine a try of each name
at each character, the automaton one step per character.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate
from typing import TYPE_CHECKING

import ahocorasick

if TYPE_CHECKING:
    from checker.read.document import Sentence

# A literal holding one of these could run across two sentences of a paragraph, so its paragraphs are
# found by scanning whole paragraphs rather than by joining what their sentences hold.
SENTENCE_ENDS = frozenset("。!?;")
# What a sentence without any literal holds: one shared empty set instead of one per sentence.
_NOTHING: frozenset[str] = frozenset()


class Words:
    """A fixed set of non-empty strings, compiled once."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        if self.words:
            self._automaton.make_automaton()

    def found_in(self, text: str) -> set[str]:
        """Every word that occurs in the text, overlapping occurrences included."""
        if not self.words or not text:
            return set()
        return {word for _, word in self._automaton.iter(text)}

    def longest(self, text: str) -> Iterator[tuple[int, str]]:
        """Occurrences as (start, word) from left to right, the longest word at each place, none
        overlapping: what an alternation of the words, longest first, finds with finditer.

        Chosen from all occurrences rather than with the automaton's own iter_long, which misses a
        word inside a longer one's unfinished prefix (乙 in "丁乙" when 丁乙丁 is a word too)."""
        if not self.words or not text:
            return
        found = sorted((end - len(word) + 1, -len(word), word) for end, word in self._automaton.iter(text))
        free = 0
        for start, _, word in found:
            if start >= free:
                yield start, word
                free = start + len(word)

    def longest_first(self, text: str) -> list[tuple[int, str]]:
        """Occurrences as (start, word), none overlapping, longer words chosen before shorter ones that
        overlap them wherever they start: in "制定西青区" the name 西青区 wins over 定西, which only
        straddles two words. Sorted by start."""
        if not self.words or not text:
            return []
        found = sorted((-len(word), end - len(word) + 1, word) for end, word in self._automaton.iter(text))
        taken: list[tuple[int, str]] = []
        covered: set[int] = set()
        for length, start, word in found:
            span = range(start, start - length)
            if not covered.intersection(span):
                covered.update(span)
                taken.append((start, word))
        return sorted(taken)


class PhraseIndex(Words):
    """The required literals of every text clause of a rule set."""

    def __init__(self, literals: Iterable[str]) -> None:
        super().__init__(literals)
        self.crosses_sentences = any(SENTENCE_ENDS & set(literal) for literal in self.words)

    def paragraph(self, view: str, sentences: Sequence[Sentence]) -> tuple[AbstractSet[str], list[AbstractSet[str]]]:
        """The literals a paragraph holds, and those each of its sentences holds.

        The sentences' views make up the paragraph's (they only leave out blank pieces), so one scan of
        the paragraph serves all of them: an occurrence within one sentence's stretch is that
        sentence's. A paragraph of 100,000 sentences is then one call, not 100,000."""
        views = [sentence.view for sentence in sentences]
        if len(views) == 1 and views[0] == view:  # a paragraph of one sentence: one scan, one set
            found = self.found_in(view)
            return found, [found]
        if len(views) < 2 or "".join(views) != view:
            in_sentences: list[AbstractSet[str]] = [self.found_in(v) for v in views]
            if not self.crosses_sentences and "".join(views) == view:
                return set().union(*in_sentences), in_sentences
            return self.found_in(view), in_sentences
        ends = list(accumulate(len(v) for v in views))
        held: list[AbstractSet[str]] = [_NOTHING] * len(views)
        whole: set[str] = set()
        if self.words and view:
            for end, word in self._automaton.iter(view):
                whole.add(word)
                sentence = bisect_right(ends, end)
                if end - len(word) + 1 >= (ends[sentence - 1] if sentence else 0):  # starts in it too
                    found = held[sentence]
                    if found is _NOTHING:
                        found = held[sentence] = set()
                    found.add(word)  # type: ignore[attr-defined]
        return whole, held
