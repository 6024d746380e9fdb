"""Turn the phrases written in rule files into compiled patterns, refusing ones that could run away.

A phrase is literal Chinese text. Two small conveniences keep rule files readable:
- `…` (or `...`) stands for a short gap inside one sentence: "经费…不足" matches 经费投入不足.
- a phrase starting with `re:` is a regular expression, for the few cases words cannot say.
Rule packs come from strangers, so regular expressions are checked for the shapes that backtrack
catastrophically (a quantified group that itself holds an unbounded quantifier) and for size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

GAP = "[^。!?;\n]{0,12}"
MAX_PATTERN_LENGTH = 2000
# Counted repetition beyond this ({0,5000}) is never needed to find a phrase in a sentence and makes
# both the compiled program and the backtracking large.
MAX_REPEAT_COUNT = 100
# Unbounded quantifiers (*, +, {n,}) in one pattern: each one in sequence multiplies the work a failing
# search does on a long line by that line's length; the shipped patterns use at most four.
MAX_UNBOUNDED = 4
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")

# The parsed form of a pattern is the reliable way to see its shape: a textual scan is fooled by
# escapes, character classes and non-capturing groups. re._parser is CPython's own parser; it is
# internal, so if it ever moves the textual checks below still run.
try:
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other interpreters
    _sre = _sre_parse = None  # type: ignore[assignment]

_NESTED_QUANTIFIER = re.compile(
    r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*]|\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\{\d*,\}"
)


class PatternError(ValueError):
    """A phrase or regular expression in a rule file that cannot be used."""


def check_regex(source: str) -> None:
    """Refuse a regular expression that is too long, could backtrack catastrophically or does not compile.

    Refused shapes: a repeated group holding a quantifier or an alternation ((a+)+, (a|ab)*, (.*a){10}:
    the ways a group can split the text multiply at every repetition), counted repetition above
    MAX_REPEAT_COUNT, more than MAX_UNBOUNDED unbounded quantifiers, backreferences and conditionals.
    Repetition of a single character or class ((a|b)* is one class) is fine: it matches in one way.
    """
    if len(source) > MAX_PATTERN_LENGTH:
        raise PatternError(f"正则表达式过长（{len(source)} 字符，上限 {MAX_PATTERN_LENGTH}）")
    if _NESTED_QUANTIFIER.search(source):
        raise PatternError(f"正则表达式含嵌套重复，可能灾难性回溯：{source!r}")
    if _BACKREFERENCE.search(source):
        raise PatternError(f"正则表达式不允许反向引用：{source!r}")
    try:
        # Through the cache: the pattern is compiled for use right after it passes, and Python's own
        # cache of 512 patterns is smaller than a rule set.
        _compiled(source)
    except (re.error, OverflowError, RecursionError) as exc:
        # re.error's text is English; its position is what helps the author find the mistake.
        position = getattr(exc, "pos", None)
        where = f"（第 {position + 1} 个字符附近有误）" if position is not None else "（括号、方括号或重复次数有误）"
        raise PatternError(f"正则表达式无效：{source!r}{where}") from None
    if _sre_parse is not None:
        problem = _shape_problem(_sre_parse.parse(source))
        if problem:
            raise PatternError(f"正则表达式{problem}，可能灾难性回溯：{source!r}")


def _children(op: object, av: Any) -> list[Any]:
    """The sub-patterns directly inside one parsed node."""
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is _sre.SUBPATTERN:
        return [av[3]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _sre.ATOMIC_GROUP:
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _shape_problem(parsed: Any) -> str | None:
    """Why a parsed pattern could run away, or None: see check_regex for the shapes refused."""
    unbounded = 0
    stack = [parsed]
    while stack:
        for op, av in stack.pop():
            if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
                return "含反向引用或条件分组"
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                low, high, body = av
                if high == _sre.MAXREPEAT:
                    unbounded += 1
                elif max(low, high) > MAX_REPEAT_COUNT:
                    return f"的重复次数超过 {MAX_REPEAT_COUNT}"
                if high > 1 and _holds_choice(body):
                    return "在重复的分组中含有量词或多字符的分支"
            stack += _children(op, av)
    if unbounded > MAX_UNBOUNDED:
        return f"含 {unbounded} 个无上限的量词（上限 {MAX_UNBOUNDED}）"
    return None


def _holds_choice(parsed: Any) -> bool:
    """Whether a sub-pattern can match the same text in more than one way: it holds a quantifier
    (other than an optional ?) or an alternation the parser could not fold into one character class."""
    stack = [parsed]
    while stack:
        for op, av in stack.pop():
            if op is _sre.BRANCH:
                return True
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[1] != av[0]:
                return True
            stack += _children(op, av)
    return False


def phrase_regex(phrase: str) -> str:
    """The regular-expression source for one phrase of a rule file."""
    if phrase.startswith("re:"):
        source = phrase[3:]
        _checked_regex(source)
        return source
    if not phrase:
        raise PatternError("空短语")
    parts = re.split(r"…+|\.\.\.", phrase)
    return GAP.join(re.escape(part) for part in parts)


def required_literals(phrase: str) -> frozenset[str] | None:
    """Strings of which every match of the phrase contains at least one, or None when no such set can
    be told (a pattern of classes only, or case-insensitive). One scan of a report for every rule's
    literals (see checker.ruleset.scan) then tells which sentences a clause need not be tried on."""
    if not phrase.startswith("re:"):
        if not phrase:
            raise PatternError("空短语")
        # Each part of a gapped phrase must occur; the longest is the most selective.
        longest = max(re.split(r"…+|\.\.\.", phrase), key=len)
        return frozenset([longest]) if longest else None
    source = phrase[3:]
    _checked_regex(source)
    if _sre_parse is None:  # pragma: no cover - other interpreters
        return None
    parsed = _sre_parse.parse(source)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _required(parsed)


def _required(sequence: Any) -> frozenset[str] | None:
    """The most selective required set of a parsed sequence: a run of literal characters, or one
    required set per branch of an alternation, or the set of a group or a repeat that must occur."""
    choices: list[frozenset[str]] = []
    run: list[str] = []
    # A sentinel at the end closes the last run of literals.
    for op, av in [*sequence, (None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            choices.append(frozenset(["".join(run)]))
            run = []
        found: frozenset[str] | None = None
        if op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _required(av[3])
        elif op is _sre.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required(av[2])
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in av):
            found = frozenset(chr(code) for _, code in av)
        if found:
            choices.append(found)
    if not choices:
        return None
    # Longer literals are rarer in a report; among equals, fewer alternatives.
    return max(choices, key=lambda c: (min(map(len, c)), -len(c)))


def compile_alternatives(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of the phrases, longest alternatives first so matches are maximal."""
    sources = sorted({phrase_regex(p) for p in phrases}, key=len, reverse=True)
    if not sources:
        raise PatternError("空的短语列表")
    return _compiled("|".join(f"(?:{s})" for s in sources))


def compile_terms(terms: Sequence[str | Sequence[str]]) -> tuple[re.Pattern[str], ...]:
    """A term is a phrase or a list of synonymous phrases; each becomes one pattern."""
    return tuple(compile_alternatives([t] if isinstance(t, str) else t) for t in terms)


def compile_regexes(sources: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Compile regular expressions from a rule file after the safety check."""
    compiled = []
    for source in sources:
        _checked_regex(source)
        compiled.append(_compiled(source))
    return tuple(compiled)


def screen_for(terms: Sequence[re.Pattern[str]]) -> tuple[str | None, bool]:
    """The source of one pattern that matches where any of the terms does, and whether it may be run on
    many units joined by newlines with the same yes/no answer as on each unit (no anchors, boundaries or
    lookarounds, whose answer depends on what surrounds the match). Compile it with `compile_screen`."""
    if not terms:
        return None, False
    if len(terms) == 1:
        return terms[0].pattern, _context_free(terms[0].pattern)
    source = "|".join(f"(?:{term.pattern})" for term in terms)
    return source, _context_free(source)


def compile_screen(source: str) -> re.Pattern[str] | None:
    """A screen's pattern, or None when the joined terms cannot be compiled together."""
    try:
        return _compiled(source)
    except (re.error, OverflowError, RecursionError):
        return None


_ESCAPED_ANCHOR = re.compile(r"\\[bBAZ]")
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_CONTEXT = re.compile(r"[\^$]|\(\?[=!<]")


def _context_free(source: str) -> bool:
    r"""Whether a pattern's matching a stretch of text depends on that stretch alone: no anchors
    (^ $ \A \Z), word boundaries (\b \B) or lookarounds. Textual and conservative (a ^ in a class
    other than at its start counts as an anchor): a false "no" only costs speed, while parsing every
    pattern again would cost start-up time."""
    if _ESCAPED_ANCHOR.search(source):
        return False
    plain = _ESCAPE.sub("", source).replace("[^", "[")
    return not _CONTEXT.search(plain)


# A rule set is compiled again for each profile a run meets (and the baseline is part of each):
# remembering compiled patterns and passed safety checks by source makes the second build cheap.
@lru_cache(maxsize=8192)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@lru_cache(maxsize=8192)
def _checked_regex(source: str) -> None:
    check_regex(source)


def check_regex_once(source: str) -> None:
    """`check_regex`, remembered for the run: every profile's rule set checks the baseline's patterns again."""
    _checked_regex(source)
