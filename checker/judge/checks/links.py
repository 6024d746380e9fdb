"""Which plan item answers which shortcoming: shared key terms and the same area of work.

Reports phrase a shortcoming and the measure that answers it differently ("治理力量薄弱" / "充实治理力量",
"资源保障能力有待加强" / "强化资源保障"), and both are wrapped in stock verbs (加强, 进一步, 提升) that every
sentence shares. So the comparison removes the stock phrases, cuts what is left into character bigrams
(Chinese has no spaces; two characters are the shortest unit that still carries meaning) and asks for
shared bigrams in the headline, or the same 纲要 area (data.topics) named in both headlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from checker.judge.checks.items import Item
from checker.read.normalize import HAN

# Words every shortcoming and every plan item uses; sharing them says nothing about a link.
DEFAULT_STOCK = (
    "进一步", "有待", "提高", "提升", "加强", "强化", "持续", "深化", "推进", "不够", "不足", "完善", "存在",
    "问题", "工作", "建设", "法治政府", "水平", "能力", "全面", "切实", "积极", "较为", "比较", "仍然", "仍",
    "还", "短板", "薄弱", "不高", "单一", "我镇", "我县", "我区", "我局", "部分", "个别", "有效", "实效",
    "深入", "开展", "落实", "严格", "不断", "加大", "力度", "增强", "法治", "依法行政", "一是", "二是",
    "三是", "四是", "五是", "需要", "需", "的", "和", "与", "及", "等",
)  # fmt: skip
_LEADING_MARK = re.compile(r"^[\s(（)）、.]*(?:[一二三四五六七八九十]+|\d+)?[\s(（)）、.]*")
_CJK_RUN = re.compile(rf"{HAN}+")


@cache
def _stock_pattern(stock: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(stock, key=len, reverse=True)))


def key_bigrams(text: str, stock: tuple[str, ...] = DEFAULT_STOCK) -> frozenset[str]:
    """The character bigrams of a text's content words, after numbering and stock phrases are removed."""
    text = _stock_pattern(stock).sub(" ", _LEADING_MARK.sub("", text))
    grams: set[str] = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


# Identity equality: topics are compiled once per rule set, and as cache keys they must hash cheaply.
@dataclass(frozen=True, eq=False)
class Topic:
    """An area of work (data.topics) and the words that name it."""

    id: str
    name: str
    pattern: re.Pattern[str]


def compile_topics(raw: Iterable[dict]) -> tuple[Topic, ...]:
    """The topics table of a rule set, compiled once per table: the same Topic objects come back for every
    report, so the caches keyed by them (topics_of) hit across reports."""
    return _compiled_topics(tuple((t["id"], t["name"], tuple(t["words"])) for t in raw))


@lru_cache(maxsize=16)
def _compiled_topics(table: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[Topic, ...]:
    return tuple(Topic(i, name, re.compile("|".join(re.escape(w) for w in words))) for i, name, words in table)


def topics_of(text: str, topics: tuple[Topic, ...]) -> frozenset[str]:
    return frozenset(t.id for t in topics if t.pattern.search(text))


class Features:
    """The key terms and areas of texts, each computed once: a shortcoming is compared with many plan
    items, so a pair should cost only set intersections. One per report (or comparison), not a global
    cache: the texts of one report never come back in the next, and a global cache grew with the batch."""

    def __init__(self, topics: tuple[Topic, ...], stock: tuple[str, ...] = DEFAULT_STOCK) -> None:
        self.topics = topics
        self.stock = stock
        self._terms: dict[str, frozenset[str]] = {}
        self._areas: dict[str, frozenset[str]] = {}

    def terms(self, text: str) -> frozenset[str]:
        if text not in self._terms:
            self._terms[text] = key_bigrams(text, self.stock)
        return self._terms[text]

    def areas(self, text: str) -> frozenset[str]:
        if text not in self._areas:
            self._areas[text] = topics_of(text, self.topics)
        return self._areas[text]


@dataclass(frozen=True)
class Link:
    """A plan item that answers a shortcoming, and why: the shared terms and the shared areas."""

    item: Item
    score: float
    terms: tuple[str, ...]
    areas: tuple[str, ...]


def link_score(shortcoming: Item, answer: Item, features: Features) -> Link | None:
    """How strongly `answer` (a plan item, or a passage of a later report) answers `shortcoming`; None if not.

    A link needs one of: a key term shared by both headlines; the same area named in both headlines; or the
    shortcoming's area named anywhere in the answer together with at least two shared key terms. The body
    of a long plan item mentions half the 纲要, so the body alone never makes a link.
    """
    wanted = features.terms(shortcoming.head)
    head_terms = wanted & features.terms(answer.head)
    body_terms = wanted & features.terms(answer.text)
    # Areas named in the shortcoming's headline link headline to headline; areas only found in its text
    # are weaker evidence (a long item touches several areas) and need shared terms as well.
    head_topics = features.areas(shortcoming.head)
    areas = head_topics or features.areas(shortcoming.text[:80])
    head_areas = head_topics & features.areas(answer.head)
    body_areas = areas & features.areas(answer.text)
    # One shared two-character term (行政, 教育) is too weak alone: every headline of a bureau's report may
    # share it. It links only with a second term or a shared area.
    if len(head_terms) == 1 and not (head_areas or body_areas):
        head_terms = frozenset()
    score = 2.0 * len(head_terms) + 2.0 * len(head_areas)
    if body_areas and len(body_terms) >= 2:
        score += len(body_terms) + len(body_areas)
    if score <= 0:
        return None
    return Link(answer, score, tuple(sorted(head_terms | body_terms)), tuple(sorted(head_areas | body_areas)))


class AnswerIndex:
    """Which answers could link to a shortcoming at all: those sharing a key term anywhere, or an area in
    their headline (the necessary conditions of `link_score`). Built once per list of answers, it keeps a
    long report from comparing every shortcoming with every plan item."""

    def __init__(self, answers: list[Item], features: Features) -> None:
        self.answers = answers
        self.by_term: dict[str, set[int]] = {}
        self.by_area: dict[str, set[int]] = {}
        for index, answer in enumerate(answers):
            for term in features.terms(answer.text) | features.terms(answer.head):
                self.by_term.setdefault(term, set()).add(index)
            for area in features.areas(answer.head):
                self.by_area.setdefault(area, set()).add(index)

    def candidates(self, shortcoming: Item, features: Features) -> list[Item]:
        found: set[int] = set()
        for term in features.terms(shortcoming.head):
            found |= self.by_term.get(term, set())
        for area in features.areas(shortcoming.head):
            found |= self.by_area.get(area, set())
        return [self.answers[i] for i in sorted(found)]


def best_links(
    shortcoming: Item, answers: list[Item], features: Features, index: AnswerIndex | None = None
) -> list[Link]:
    """The answers that answer a shortcoming, strongest first."""
    pool = index.candidates(shortcoming, features) if index is not None else answers
    found = [link for answer in pool for link in [link_score(shortcoming, answer, features)] if link]
    return sorted(found, key=lambda link: (-link.score, link.item.line))
