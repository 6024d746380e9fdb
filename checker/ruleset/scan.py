"""Find many fixed strings in one pass over a text, with an Aho-Corasick automaton (pyahocorasick).

Two jobs need it. The evaluator asks, for every clause of every rule, which sentences could hold it:
a clause only holds where one of its required literals occurs (patterns.required_literals), and one
pass for all literals replaces about sixty regex scans of the whole report. The gazetteer check reads
the place names of 31 provinces: an alternation of 500 names costs the regex engine a try of each name
at each character, the automaton one step per character.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import ahocorasick

if TYPE_CHECKING:
    from checker.read.document import Sentence

# A literal holding one of these could run across two sentences of a paragraph, so its paragraphs are
# found by scanning whole paragraphs rather than by joining what their sentences hold.
SENTENCE_ENDS = frozenset("。!?;")


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

    def paragraph(self, view: str, sentences: Sequence[Sentence]) -> tuple[set[str], list[set[str]]]:
        """The literals a paragraph holds, and those each of its sentences holds."""
        in_sentences = [self.found_in(sentence.view) for sentence in sentences]
        if not self.crosses_sentences and "".join(s.view for s in sentences) == view:
            return set().union(*in_sentences), in_sentences
        return self.found_in(view), in_sentences
