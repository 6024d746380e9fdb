"""Find many fixed strings in one pass over a text.

Two jobs need it. The evaluator asks, for every clause of every rule, which sentences could hold it:
a clause only holds where one of its required literals occurs (patterns.required_literals), and one
pass for all literals replaces about sixty regex scans of the whole report; an Aho-Corasick automaton
(pyahocorasick) does it (`Words`, `PhraseIndex`). The gazetteer check reads the 3,000 place names of 31
provinces; there the automaton is slow (see `Names`) and a two-character index does the job.
"""

from __future__ import annotations

import re
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


class _Vocabulary:
    """A fixed set of non-empty strings and the questions asked of a text about them; subclasses say
    how occurrences are found."""

    words: frozenset[str]

    def occurrences(self, text: str) -> Iterable[tuple[int, str]]:
        """Every occurrence as (start, word), overlapping ones included, in any order."""
        raise NotImplementedError

    def found_in(self, text: str) -> set[str]:
        """Every word that occurs in the text, overlapping occurrences included."""
        if not self.words or not text:
            return set()
        return {word for _, word in self.occurrences(text)}

    def longest(self, text: str) -> Iterator[tuple[int, str]]:
        """Occurrences as (start, word) from left to right, the longest word at each place, none
        overlapping: what an alternation of the words, longest first, finds with finditer.

        Chosen from all occurrences rather than with the automaton's own iter_long, which misses a
        word inside a longer one's unfinished prefix (乙 in "丁乙" when 丁乙丁 is a word too)."""
        if not self.words or not text:
            return
        found = sorted((start, -len(word), word) for start, word in self.occurrences(text))
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
        found = sorted((-len(word), start, word) for start, word in self.occurrences(text))
        taken: list[tuple[int, str]] = []
        covered: set[int] = set()
        for length, start, word in found:
            span = range(start, start - length)
            if not covered.intersection(span):
                covered.update(span)
                taken.append((start, word))
        return sorted(taken)


class Words(_Vocabulary):
    """Strings found by an Aho-Corasick automaton: one step per character of the text, fast while the
    strings begin with a few hundred different characters."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        if self.words:
            self._automaton.make_automaton()

    def occurrences(self, text: str) -> Iterator[tuple[int, str]]:
        if not self.words or not text:  # an automaton without words cannot be searched
            return iter(())
        return ((end - len(word) + 1, word) for end, word in self._automaton.iter(text))

    def found_in(self, text: str) -> set[str]:
        # Straight from the automaton: asked of every paragraph of every report.
        if not self.words or not text:
            return set()
        return {word for _, word in self._automaton.iter(text)}


class Names(_Vocabulary):
    """Many names (a gazetteer), found through an index of their first two characters.

    pyahocorasick looks a character up among a node's children one by one, so an automaton of 3,000
    place names, whose root has 900 children, costs about 0.5 µs per character of text: 2 ms for one
    report. Here a regex character class (a bitmap, scanned in C) finds where a name can start; only
    there is the two-character prefix looked up, and the name lengths it allows tried."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        self._singles = frozenset(word for word in self.words if len(word) == 1)
        lengths: dict[str, set[int]] = {}
        for word in self.words:
            if len(word) > 1:
                lengths.setdefault(word[:2], set()).add(len(word))
        self._lengths = {prefix: sorted(found) for prefix, found in lengths.items()}
        # Where a name can start: a first character followed by a second one of some name (half as many
        # places as the first character alone), or a one-character name.
        firsts = "".join(sorted({word[0] for word in self.words if len(word) > 1}))
        seconds = "".join(sorted({word[1] for word in self.words if len(word) > 1}))
        singles = "".join(sorted(self._singles))
        starts = ([f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])"] if firsts else []) + (
            [f"[{re.escape(singles)}]"] if singles else []
        )
        self._starts = re.compile("|".join(starts)) if starts else None

    def occurrences(self, text: str) -> Iterator[tuple[int, str]]:
        if self._starts is None:
            return
        words, singles, by_prefix, size = self.words, self._singles, self._lengths, len(text)
        for start in self._starts.finditer(text):
            at = start.start()
            if text[at] in singles:
                yield at, text[at]
            for length in by_prefix.get(text[at : at + 2], ()):  # ascending
                if at + length > size:
                    break
                word = text[at : at + length]
                if word in words:
                    yield at, word


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
