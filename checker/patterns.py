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

GAP = "[^。!?;\n]{0,12}"
MAX_PATTERN_LENGTH = 2000
# A group with + or * inside, itself repeated by +, * or {n,}: (a+)+, (a|b*)*, (\w+\s?)+ ...
_NESTED_QUANTIFIER = re.compile(
    r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*]|\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\{\d*,\}"
)
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class PatternError(ValueError):
    """A phrase or regular expression in a rule file that cannot be used."""


def check_regex(source: str) -> None:
    """Refuse a regular expression that is too long, backtracks catastrophically or does not compile."""
    if len(source) > MAX_PATTERN_LENGTH:
        raise PatternError(f"正则表达式过长（{len(source)} 字符，上限 {MAX_PATTERN_LENGTH}）")
    if _NESTED_QUANTIFIER.search(source):
        raise PatternError(f"正则表达式含嵌套重复，可能灾难性回溯：{source!r}")
    if _BACKREFERENCE.search(source):
        raise PatternError(f"正则表达式不允许反向引用：{source!r}")
    try:
        re.compile(source)
    except re.error as exc:
        raise PatternError(f"正则表达式无效：{source!r}（{exc}）") from None


def phrase_regex(phrase: str) -> str:
    """The regular-expression source for one phrase of a rule file."""
    if phrase.startswith("re:"):
        source = phrase[3:]
        check_regex(source)
        return source
    if not phrase:
        raise PatternError("空短语")
    parts = re.split(r"…+|\.\.\.", phrase)
    return GAP.join(re.escape(part) for part in parts)


def compile_alternatives(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of the phrases, longest alternatives first so matches are maximal."""
    sources = sorted({phrase_regex(p) for p in phrases}, key=len, reverse=True)
    if not sources:
        raise PatternError("空的短语列表")
    return re.compile("|".join(f"(?:{s})" for s in sources))


def compile_terms(terms: Sequence[str | Sequence[str]]) -> tuple[re.Pattern[str], ...]:
    """A term is a phrase or a list of synonymous phrases; each becomes one pattern."""
    return tuple(compile_alternatives([t] if isinstance(t, str) else t) for t in terms)


def compile_regexes(sources: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Compile regular expressions from a rule file after the safety check."""
    compiled = []
    for source in sources:
        check_regex(source)
        compiled.append(re.compile(source))
    return tuple(compiled)
