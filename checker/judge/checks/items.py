"""Split the shortcomings and the plan into their items, the unit that cause, substance and link checks use.

Reports list items as numbered subsections ((一) …), as numbered paragraphs, as 一是…二是… inside one
paragraph, or as a single sentence. Whichever form is used, an item is what the writer counted as one.
A single unnumbered sentence of shortcomings ("统筹协调效能需进一步加强,行政决策效能需进一步提高,法治
氛围不够浓厚") is split into its symptom clauses, because each clause is a shortcoming the plan must answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.read.document import Document, Paragraph

_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|第[一二三四五六七八九十][,，、])")
# A clause that states a shortcoming: the symptom words reports use.
_SYMPTOM = re.compile(
    r"有待|需(?:要)?进一步|不够|不足|薄弱|欠缺|不高|不强|不到位|不充分|不完善|单一|滞后|缺乏|较弱|偏弱|偏高|偏低"
    r"|不匹配|不相匹配|不规范|不均衡|不平衡|不深入|短板|差距"
)
# The lead-in of a list of shortcomings, not a shortcoming itself: "依然存在一些短板".
_LEAD_IN = re.compile(
    r"存在(?:着)?(?:一些|部分|不少|若干|诸多)?[^,;。]{0,4}(?:问题|短板|不足|差距|薄弱环节)|取得[^,;。]{0,8}(?:成效|成绩)"
    r"|(?:仍|还|尚)(?:有|存在)(?:一定|一些)?(?:的)?差距"
)
_CLAUSE_END = re.compile(r"[,;。:]")
# Items of a part that the checks read, at most: a report lists a few dozen (the corpus: 5). Linking every
# shortcoming with every plan item grows with the product of their numbers, and 30,000 numbered lines in
# both parts would take minutes; the first hundred of each decide as well.
MAX_ITEMS = 100
_HEADLINE_END = re.compile(r"[,;。:!?]")
# A clause shorter than this between semicolons is part of a list, not a measure of its own.
_MIN_MEASURE_CHARS = 8
_SENTENCE_END = re.compile(r"[。;!?]")


@dataclass(frozen=True)
class Item:
    """One shortcoming or one plan item: its text, its headline (first clause) and its line."""

    text: str
    head: str
    line: int
    # Indices of the paragraphs the item spans, to find the line of any sentence inside it.
    paragraphs: tuple[int, ...] = ()


def _head(text: str, scope: str = "shortcomings") -> str:
    """An item's headline. A shortcoming's is its first clause ("一是部分干部法治意识还不够强"): what
    follows explains it, and the words there must not be taken for what it is about. A plan item's is its
    first sentence ("一是持续深化学习…，抓好领导干部学法用法"): a measure often names its subject second."""
    return (_HEADLINE_END if scope == "shortcomings" else _SENTENCE_END).split(text, maxsplit=1)[0]


def body_of(item: Item) -> str:
    """The item's text after its headline: where causes and details are stated."""
    at = item.text.find(item.head)
    rest = item.text[at + len(item.head) :] if at >= 0 else item.text
    return rest.lstrip("。;,:") or item.text


def _split_enumerated(paragraph: Paragraph, scope: str) -> list[Item]:
    starts = [m.start() for m in _ENUMERATOR.finditer(paragraph.text)]
    if len(starts) < 2:
        return [Item(paragraph.text, _head(paragraph.text, scope), paragraph.line, (paragraph.index,))]
    pieces = [paragraph.text[a:b] for a, b in zip(starts, [*starts[1:], len(paragraph.text)], strict=False)]
    return [Item(piece, _head(piece, scope), paragraph.line, (paragraph.index,)) for piece in pieces]


def symptom_clauses(paragraph: Paragraph) -> list[Item]:
    """The symptom clauses of one unnumbered paragraph, each as an item; [] when fewer than two."""
    clauses = [c.strip() for c in _CLAUSE_END.split(paragraph.text) if c.strip()]
    found = [c for c in clauses if _SYMPTOM.search(c) and not _LEAD_IN.search(c)]
    if len(found) < 2:
        return []
    return [Item(c, c, paragraph.line, (paragraph.index,)) for c in found]


def measure_clauses(paragraph: Paragraph) -> list[Item]:
    """The measures of a plan given as one unnumbered paragraph of clauses between semicolons ("下一步，我局将
    加强学习…；加强执法队伍建设…；创新普法方式…"), each as an item; [] when fewer than two."""
    clauses: list[str] = []
    for piece in (c.strip() for c in paragraph.text.split(";")):
        if clauses and len(piece) < _MIN_MEASURE_CHARS:
            clauses[-1] += ";" + piece  # too short to be a measure: part of the one before
        elif piece:
            clauses.append(piece)
    if len(clauses) < 2:
        return []
    return [Item(c, _head(c, "plan"), paragraph.line, (paragraph.index,)) for c in clauses]


def items_in(document: Document, scope: str) -> list[Item]:
    """The items of the part of the report in `scope` (shortcomings or plan), at most MAX_ITEMS."""
    return _all_items(document, scope)[:MAX_ITEMS]


def _all_items(document: Document, scope: str) -> list[Item]:
    paragraphs = [p for p in document.paragraphs if p.scope == scope]
    body = [p for p in paragraphs if not (p.level == 1 and len(p.text) <= len(p.heading) + 4)]
    if not body:
        return []
    marked = [p for p in body if p.level >= 2]
    if marked:
        # Each item's paragraphs are gathered first and joined once: adding them one by one to a growing
        # text made a long item quadratic.
        groups: list[list[Paragraph]] = []
        for paragraph in body:
            if paragraph.level >= 2 or not groups:
                groups.append([paragraph])
            else:
                groups[-1].append(paragraph)
        return [
            Item(
                "".join(p.text for p in group),
                group[0].heading or _head(group[0].text, scope),
                group[0].line,
                tuple(p.index for p in group),
            )
            for group in groups
        ]
    result: list[Item] = []
    for paragraph in body:
        items = _split_enumerated(paragraph, scope)
        if scope == "plan" and len(items) == 1 and len(body) == 1:
            items = measure_clauses(paragraph) or items
        result += items
    if scope == "shortcomings" and len(result) == 1 and len(body) == 1:
        return symptom_clauses(body[0]) or result
    return result
