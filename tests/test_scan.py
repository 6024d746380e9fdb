"""The one-pass literal scan: required literals of phrases, the automaton, and that using them to skip
sentences never changes a verdict."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.pipeline import Checker
from checker.read.normalize import view_of
from checker.read.segment import segment
from checker.read.source import SourceDocument, lines_from_text
from checker.ruleset import Ruleset
from checker.ruleset.patterns import required_literals
from checker.ruleset.scan import Names, PhraseIndex, Words
from tests.conftest import ROOT, SEEDS, check_text

REPORTS = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "fixtures" / "reports").glob("*.txt"))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("行政执法", {"行政执法"}),
        # Both parts of a gapped phrase must occur; the longer one is kept.
        ("经费…不足", {"经费"}),
        ("执法…三项制度", {"三项制度"}),
        ("re:(?<!副)(镇长|县长)", {"镇长", "县长"}),
        ("re:监督(?!管理)", {"监督"}),
        ("re:数字[\u4e00-\u9fff]{2,3}建设", {"数字"}),
        ("re:规范性文件[^。;]{0,12}?\\d+\\s*(件|份)", {"规范性文件"}),
        # An optional group is not required; the group after it is.
        ("re:(下一步|明年)(我们)?[^。]{0,4}(将|拟)", {"下一步", "明年"}),
        # Single-character alternatives are parsed as a class of literals.
        ("re:\\d+(件|份)", {"件", "份"}),
        # Only 执 must occur in every match of "(行政)?执法?".
        ("re:(行政)?执法?", {"执"}),
    ],
)
def test_required_literals(phrase, expected):
    assert required_literals(phrase) == expected


@pytest.mark.parametrize("phrase", ["re:\\d+", "re:(?i)abc", "re:[^。]{2,8}", "re:(甲|\\d)"])
def test_no_required_literal(phrase):
    assert required_literals(phrase) is None


def _views(ruleset: Ruleset) -> list[str]:
    """The view of every sentence and every paragraph of the real reports."""
    views = []
    for path in REPORTS:
        source = SourceDocument(path.name, "text", lines_from_text(path.read_text(encoding="utf-8")))
        document = segment(source, ruleset.conventions)
        views += [s.view for p in document.paragraphs for s in p.sentences]
        views += [view_of(p.text) for p in document.paragraphs]
    return views


def test_every_shipped_term_match_holds_one_of_its_literals(ruleset: Ruleset):
    """The promise the scan relies on, checked for every term of every rule on real sentences: where a
    term matches, one of its required literals occurs."""
    views = _views(ruleset)
    checked = 0
    for rule in ruleset.rules:
        for clause in (*rule.pass_clauses, *rule.partial_clauses):
            if clause.term_literals is None:
                continue
            for term, literals in zip(clause.terms, clause.term_literals, strict=True):
                for view in views:
                    if term.search(view):
                        checked += 1
                        assert any(literal in view for literal in literals), (rule.id, term.pattern, view)
    assert checked > 500


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    text=st.text(alphabet="甲乙丙丁戊", max_size=40),
)
def test_longest_matches_like_a_longest_first_alternation(words, text):
    alternation = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    expected = [(m.start(), m.group(0)) for m in alternation.finditer(text)]
    assert list(Words(words).longest(text)) == expected
    assert list(Names(words).longest(text)) == expected


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="甲乙丙。", min_size=1, max_size=3), min_size=1, max_size=6, unique=True),
    text=st.text(alphabet="甲乙丙丁。", max_size=30),
)
def test_found_in_is_every_word_that_occurs(words, text):
    assert Words(words).found_in(text) == {w for w in words if w in text}
    assert Names(words).found_in(text) == {w for w in words if w in text}


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="甲乙丙]^-\\", min_size=1, max_size=4), max_size=8, unique=True),
    text=st.text(alphabet="甲乙丙丁]^-\\", max_size=40),
)
def test_names_and_the_automaton_find_the_same_occurrences(words, text):
    # Characters a regex character class treats specially included: the index builds one.
    assert sorted(Names(words).occurrences(text)) == sorted(Words(words).occurrences(text))


def test_a_literal_across_two_sentences_is_held_by_the_paragraph_only(checker):
    index = PhraseIndex(["成效。全年"])
    assert index.crosses_sentences
    document = segment(
        SourceDocument("r.txt", "text", lines_from_text("一、主要成效\n取得成效。全年调解纠纷12件。\n")),
        checker.base.conventions,
    )
    paragraph = document.paragraphs[-1]
    whole, parts = index.paragraph(view_of(paragraph.text), paragraph.sentences)
    assert whole == {"成效。全年"}
    assert parts == [set(), set()]


class _ScreenOnly(Checker):
    """The checker with the literal scan switched off: every clause is screened by its regex."""

    def ruleset_for(self, profile: str) -> Ruleset:
        ruleset = super().ruleset_for(profile)

        def bare(clauses):
            return tuple(replace(c, literals=None, term_literals=None) for c in clauses)

        rules = tuple(
            replace(r, pass_clauses=bare(r.pass_clauses), partial_clauses=bare(r.partial_clauses))
            for r in ruleset.rules
        )
        return replace(ruleset, rules=rules)


def _variants(text: str) -> list[str]:
    """The report, its body paragraphs reversed, and its lines run together in pairs."""
    lines = text.split("\n")
    head, body, tail = lines[:6], lines[6:-4], lines[-4:]
    paired = [a + b for a, b in zip(body[::2], body[1::2], strict=False)]
    return [text, "\n".join(head + body[::-1] + tail), "\n".join(head + paired + tail)]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: Path(p).name[:12])
def test_skipping_sentences_by_literal_never_changes_a_verdict(checker, ruleset, path):
    screen_only = _ScreenOnly(ruleset)
    for text in _variants(path.read_text(encoding="utf-8")):
        fast, slow = check_text(checker, text), check_text(screen_only, text)
        assert fast.elements == slow.elements
