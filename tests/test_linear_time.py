"""Every stage's time grows in proportion to its input, whatever shape the input has.

Shapes are made, not listed: benchmarks/shapes.py is a small grammar of report material (counts, rates,
其中 clauses, digits, dates, quotes, headings, table cells, chrome, runs of one character, …, joined by a
separator and placed in a part of a report); hypothesis draws more shapes from it, and each regular
expression of the rule set is fed runs made of its own pieces. A stage fails when doubling its input more
than about doubles its time: the ratio is measured here, best of several runs of CPU time, for stages
that take long enough to measure, so no test depends on how fast the machine is. Absolute figures (1 MB
of each shape against an ordinary 1 MB report) are printed by benchmarks/linear.py.

The speed-ups keep results exactly: the equivalences they rest on are checked on random inputs below.
"""

from __future__ import annotations

import contextlib
import re
import signal
import time
from collections.abc import Callable, Iterator
from re import _constants as sre  # the parsed form tells a pattern's repeats reliably
from re import _parser as sre_parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.shapes import ATOMS, FRAMES, NAMED, SEPARATORS, Shape, make
from benchmarks.stages import all_stages, growth
from checker.errors import InputError
from checker.judge.checks import stats
from checker.judge.checks.numbers import CN_NUMERAL, amount_pattern
from checker.judge.context import CN_NUMERALS
from checker.read.formats import html as html_format
from checker.read.normalize import fold, fold_lines
from checker.ruleset import Ruleset, load_ruleset
from checker.ruleset.scan import PhraseIndex

# Bytes of the smaller input; the larger is twice as big. Large enough for a quadratic stage to stand
# out of the fixed costs (the shapes that once took minutes at 1 MB took a second at this size), small
# enough for the whole file to run in seconds.
SIZE = 12_000
# A quadratic stage gives 4 when its input doubles, a linear one 2; busy machines add noise to both.
MAX_RATIO = 3.5
# Stages faster than this at the larger size are not judged: a garbage collection or a burst of load
# elsewhere moves them by as much as they take.
MIN_SECONDS = 0.015
# Rounds at most: measuring stops after the first round in which no stage looks superlinear, so more
# rounds cost time only when a burst of load (or a real quadratic stage) made one look so.
RETRIES = 8


def _stages(checker) -> Callable[[str], dict[str, float]]:
    return lambda text: all_stages(checker, text, ("json", "html"))


def _superlinear(found) -> list[str]:
    return [
        f"{g.stage}: {g.small * 1000:.1f} ms → {g.large * 1000:.1f} ms (×{g.ratio:.1f})"
        for g in found
        if g.large >= MIN_SECONDS and g.ratio >= MAX_RATIO
    ]


@pytest.mark.parametrize("name", list(NAMED))
def test_each_stage_grows_linearly_on_each_named_shape(checker, name):
    shape = NAMED[name]
    found = growth(_stages(checker), lambda size: make(shape, size), SIZE, repeats=RETRIES)
    assert not _superlinear(found), f"{name} ({shape.name}): " + "; ".join(_superlinear(found))


_SHAPES = st.builds(
    Shape,
    st.lists(st.sampled_from(sorted(ATOMS)), min_size=1, max_size=3, unique=True).map(tuple),
    st.sampled_from(sorted(SEPARATORS)),
    st.sampled_from(FRAMES),
)


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(shape=_SHAPES)
def test_each_stage_grows_linearly_on_drawn_shapes(checker, shape):
    found = growth(_stages(checker), lambda size: make(shape, size), SIZE, repeats=RETRIES)
    assert not _superlinear(found), f"{shape.name}: " + "; ".join(_superlinear(found))


# ---------------------------------------------------------------- web pages


def _page(body: str) -> str:
    return f"<html><head><title>某县2023年法治政府建设情况报告_某县人民政府</title></head><body>{body}</body></html>"


PAGES: dict[str, Callable[[int], str]] = {
    # Navigation, tool bars and footers, many times over around a short article.
    "chrome": lambda n: _page(
        "<div class='nav'><a>首页</a> | <a>网站地图</a></div><div class='share'>分享到：打印 关闭</div>" * n
        + "<div class='content'><p>一、工作成效。全年调解纠纷450件。</p></div>"
        + "<div class='footer'>版权所有：某县人民政府 网站标识码5002410001</div>" * n
    ),
    # Tool words inside the article, each line of them ending in something else.
    "tool lines": lambda n: _page("<div class='content'>" + "<p>打印 关闭 打印 关闭 打印 关闭 x</p>" * n + "</div>"),
    # Unclosed inline tags around every piece of text (old editors): text ever deeper.
    "unclosed tags": lambda n: _page("<div class='content'>" + "<font>法治政府建设情况。" * min(n, 1500) + "</div>"),
    # Many short paragraphs of report text.
    "paragraphs": lambda n: _page("<div class='content'>" + "<p>全年调解纠纷450件，成功调解441件。</p>" * n + "</div>"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_reading_a_web_page_grows_linearly(name):
    # Unclosed tags are capped at 1,500 levels: the HTML parser itself (lexbor) takes time growing with
    # the square of the nesting depth, which only the time limit bounds; what we do with the tree is linear.
    make_page = PAGES[name]

    def measure(page: str) -> dict[str, float]:
        start = time.process_time()
        with contextlib.suppress(InputError):  # a page without an article is refused: that takes time too
            html_format.load_html(page.encode("utf-8"), "page.html")
        return {"load": time.process_time() - start}

    found = growth(measure, lambda size: make_page(size // 120), SIZE * 4, repeats=RETRIES)
    assert not _superlinear(found), f"{name}: " + "; ".join(_superlinear(found))


# ---------------------------------------------------------------- regular expressions


def _rule_patterns(ruleset: Ruleset) -> Iterator[re.Pattern[str]]:
    """Every pattern of the rule set that is searched in text of any length: the terms, screens and
    exclusions of clauses, chrome and footer patterns, implicit parts, dated references, topic words, and
    each named check's regex parameters the way the checks join them."""
    conventions = ruleset.conventions
    yield from conventions.chrome
    yield from conventions.footer_markers
    if conventions.implicit is not None:
        implicit = conventions.implicit
        yield from (implicit.plan_cue, implicit.shortcoming_lead, implicit.symptom)
    for rule in ruleset.rules:
        for clause in (*rule.pass_clauses, *rule.partial_clauses):
            yield from clause.terms
            yield from (p for p in (clause.screen, clause.exclude) if p is not None)
        for value in rule.params.values():
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                yield re.compile("|".join(value))
    for entry in ruleset.data.get("temporal", []):
        yield re.compile(entry["pattern"])
    for topic in ruleset.data.get("topics", []):
        yield re.compile("|".join(re.escape(word) for word in topic["words"]))


def _code_patterns(ruleset: Ruleset) -> Iterator[re.Pattern[str]]:
    """The code's own patterns that are searched in whole sentences, paragraphs or lines."""
    yield amount_pattern(["件", "次", "人次", "个", "%"])
    yield re.compile(
        rf"(?<!\d)\d+(?:\.\d+)?\s*+(?:余|多)?\s*+(?:万|亿)?\s*+(?:{ruleset.conventions.unit_pattern.pattern})"
        rf"|(?<![{CN_NUMERALS}])[{CN_NUMERALS}]+(?:余|多)?(?:次|场|件)(?!事)"
    )
    yield from (stats._RATE, stats._SHARE, stats._FALL, stats._RATE_CLAUSE, stats._BOOK_TITLE)
    yield from (html_format._CHROME_LINE, html_format._TITLE_SEPARATORS, html_format._META_TEXT)


def _pieces(pattern: re.Pattern[str]) -> list[str] | None:
    """Strings a pattern is made of: its runs of literal characters and a character of each class, plus a
    few that every report has (a space, a digit, a numeral, a full stop, a Chinese character). None for a
    pattern without an unbounded repeat (*, +, {n,}): each place it is tried at costs a bounded amount,
    so it is linear whatever the text."""
    found: set[str] = {" ", "1", "一", "。", "法"}
    unbounded = False

    def walk(sequence) -> None:
        nonlocal unbounded
        run: list[str] = []
        for op, av in sequence:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                found.add("".join(run))
                run.clear()
            if op is sre.IN:
                for kind, value in av:
                    if kind is sre.LITERAL:
                        found.add(chr(value))
                    elif kind is sre.RANGE:
                        found.add(chr(value[0]))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                unbounded = unbounded or av[1] == sre.MAXREPEAT
                walk(av[2])
            elif op is sre.SUBPATTERN:
                walk(av[3])
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op is sre.ATOMIC_GROUP:
                walk(av)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])
        if run:
            found.add("".join(run))

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return sorted(found)[:10] if unbounded else None


class _Late(Exception):
    pass


def _search_all(pattern: re.Pattern[str], text: str, seconds: float = 2.0) -> float:
    """CPU seconds to find every match (how search, findall, sub and split all scan); inf past `seconds`."""

    def late(_signum, _frame):
        raise _Late

    previous = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.process_time()
    try:
        for _ in pattern.finditer(text):
            pass
        return time.process_time() - start
    except _Late:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _regex_growth(pattern: re.Pattern[str], small: int = 1000) -> list[str]:
    """The inputs (runs of one piece, or of a piece and a separator, with or without a stray end) on
    which finding every match takes time growing faster than the input: 4× the text, more than 8× the
    time, best of five runs; or already a quarter of a second for the small text (exponential)."""
    problems: list[str] = []
    pieces = _pieces(pattern)
    if pieces is None:
        return problems
    units = [*pieces, *(piece + sep for piece in pieces for sep in (" ", "1"))]
    for unit in units:
        for end in ("", "\x00"):

            def text(size: int, unit: str = unit, end: str = end) -> str:
                return unit * max(1, size // len(unit)) + end

            slow = _search_all(pattern, text(small), 0.5)
            fast = 0.0
            if slow < 0.25:  # else already hopeless at the small size
                fast = _search_all(pattern, text(4 * small))
                if not (fast > 0.002 and fast > 8 * slow):
                    continue
                slow = min(_search_all(pattern, text(small), 0.5) for _ in range(5))
                fast = min(_search_all(pattern, text(4 * small)) for _ in range(5))
            if slow >= 0.25 or (fast > 0.002 and fast > 8 * slow):
                growth = f"{slow * 1000:.1f} → {fast * 1000:.1f} ms" if slow < 0.25 else f"{slow:.2f} s on {small}"
                problems.append(f"{pattern.pattern[:80]!r} on {unit!r}×n{end!r}: {growth}")
                return problems
    return problems


def test_every_pattern_searched_in_long_text_is_linear():
    ruleset = load_ruleset()
    unique = {p.pattern: p for p in [*_rule_patterns(ruleset), *_code_patterns(ruleset)]}
    problems = [problem for pattern in unique.values() for problem in _regex_growth(pattern)]
    assert not problems, "\n".join(problems)


def test_the_pattern_growth_test_finds_quadratic_and_exponential_patterns():
    # The shapes that cost this project minutes: a number's run tried from each of its digits, a word
    # list tried in every way of sharing the spaces between its words.
    assert _regex_growth(re.compile(r"\d+件"))
    assert _regex_growth(re.compile(r"^(?:[【]?\s*(?:打印|关闭)\s*[】]?[\s:|]*)+$"))
    assert not _regex_growth(re.compile(r"(?<!\d)\d+件"))


# ---------------------------------------------------------------- the speed-ups keep results


_TEXT = st.text(
    alphabet=st.sampled_from(list("法治政府1２3 \u3000\t\u00a0“”《》。，,;；:：!?˙—－\u200b\u0301ＡａⅫ①\u2028")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=12))
def test_folding_all_lines_at_once_is_folding_each(lines):
    assert fold_lines(lines) == [fold(line) for line in lines]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="法治政府建设。;", min_size=1, max_size=6), min_size=1, max_size=8),
    st.lists(st.text(alphabet="法治政府建设。;", min_size=1, max_size=3), max_size=6),
)
def test_one_scan_of_a_paragraph_finds_what_its_sentences_hold(sentence_views, words):
    class Sentence:
        def __init__(self, view: str) -> None:
            self.view = view

    index = PhraseIndex(words)
    view = "".join(sentence_views)
    whole, held = index.paragraph(view, [Sentence(v) for v in sentence_views])
    assert set(whole) == index.found_in(view)
    assert [set(h) for h in held] == [index.found_in(v) for v in sentence_views]


_NUMERIC = st.text(alphabet=list("12.0一十百千万余多近约共达 \u2028件次人%率成功占比下降了受理，。"), max_size=24)


@settings(max_examples=500, deadline=None)
@given(_NUMERIC)
def test_numbers_read_from_the_start_of_their_run_are_the_same_matches(text):
    # The patterns as they were, without the lookbehinds and possessive spaces that made them linear.
    units = ["件", "次", "人次", "%"]
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    number = rf"\d+(?:\.\d+)?|{CN_NUMERAL}+"
    plain_amount = re.compile(
        rf"(?P<hedge>近|约|超过|逾|共计|共|达)?\s*(?P<number>{number})\s*"
        rf"(?P<more>余|多)?\s*(?P<mag>万|亿|千|百)?\s*(?P<more2>余|多)?\s*(?P<unit>{unit})"
    )
    plain_rate = re.compile(
        r"(?P<stem>[\u4e00-\u9fff]{1,8}?)率\s*(?:约为|约|为|达到|达|是|均为|均达|保持|提升至|提高到|提高至)?\s*"
        r"(?P<value>\d+(?:\.\d+)?)\s*%"
    )
    pairs = [(plain_amount, amount_pattern(units)), (plain_rate, stats._RATE)]
    for plain, linear in pairs:
        assert [(m.span(), m.groups()) for m in plain.finditer(text)] == [
            (m.span(), m.groups()) for m in linear.finditer(text)
        ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("ab_|｜-—12 \u3000"), max_size=12))
def test_title_separators_split_as_before(title):
    plain = re.compile(r"\s*(?:[_|｜]|--|—+|\s-\s|-(?=[^\d]))\s*")
    assert html_format._TITLE_SEPARATORS.split(title) == plain.split(title)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["打印", "本页", "关闭", "窗口", "收藏", "【", "】", " ", ":", "|", "大", "中", "x"]),
        max_size=8,
    )
)
def test_tool_lines_are_recognised_as_before(pieces):
    line = "".join(pieces)
    plain = re.compile(
        r"^(?:[【\[]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回顶部|收藏|分享(?:到)?|字号|纠错)\s*[】\]]?[\s:：|]*)+"
        r"(?:[大中小]\s*)*$"
    )
    # The first alternative of the page-tool pattern, atomic now, against the same alternative as it was.
    atomic = re.compile(html_format._CHROME_LINE.pattern.split("$|", 1)[0] + "$")
    assert bool(atomic.search(line)) == bool(plain.search(line))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["共12件", "8件", "，", "办结率", "95%", "其中", "法", "率5%", "、"]), max_size=12))
def test_the_total_past_a_rate_clause_is_the_one_a_scan_finds(pieces):
    # Bisection over the counts before 其中 finds the last one with a rate clause between it and 其中,
    # as testing every count does (within the look-back bounds).
    text = "".join(pieces)
    at = text.rfind("其中")
    if at < 0:
        return
    ends = [m.end() for m in re.finditer(r"\d+件", text[:at])]
    scanned = [i for i, end in enumerate(ends) if stats._RATE_CLAUSE.search(text[end:at])]
    assert stats._last_past_rate_clause(text, at, ends, len(ends)) == (max(scanned) if scanned else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("法治。!?;，一二"), max_size=30))
def test_a_heading_like_paragraph_is_told_as_before(text):
    from types import SimpleNamespace

    from checker.judge.checks.integrity import _heading_like

    first = re.split(r"[。!?;]", text, maxsplit=1)[0]
    before = len(first) <= 20 and (first == text or text[len(first) : len(first) + 1] == "。")
    assert _heading_like(SimpleNamespace(text=text)) == before
