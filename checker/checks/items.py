"""Split the shortcomings and the plan into their items, the unit that cause, substance and link checks use.

Reports list items as numbered subsections ((一) …), as numbered paragraphs, as 一是…二是… inside one
paragraph, or as a single sentence. Whichever form is used, an item is what the writer counted as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.segment import Document, Paragraph

_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|第[一二三四五六七八九十][,，、])")


@dataclass(frozen=True)
class Item:
    """One shortcoming or one plan item: its text, its headline (first clause) and its line."""

    text: str
    head: str
    line: int


def _head(text: str) -> str:
    return re.split(r"[。;!?]", text, maxsplit=1)[0]


def _split_enumerated(paragraph: Paragraph) -> list[Item]:
    starts = [m.start() for m in _ENUMERATOR.finditer(paragraph.text)]
    if len(starts) < 2:
        return [Item(paragraph.text, _head(paragraph.text), paragraph.line)]
    pieces = [paragraph.text[a:b] for a, b in zip(starts, [*starts[1:], len(paragraph.text)], strict=False)]
    return [Item(piece, _head(piece), paragraph.line) for piece in pieces]


def items_in(document: Document, scope: str) -> list[Item]:
    """The items of the part of the report in `scope` (shortcomings or plan)."""
    paragraphs = [p for p in document.paragraphs if p.scope == scope]
    body = [p for p in paragraphs if not (p.level == 1 and len(p.text) <= len(p.heading) + 4)]
    if not body:
        return []
    marked = [p for p in body if p.level >= 2]
    if marked:
        items: list[Item] = []
        for paragraph in body:
            if paragraph.level >= 2 or not items:
                items.append(Item(paragraph.text, paragraph.heading or _head(paragraph.text), paragraph.line))
            else:
                last = items[-1]
                items[-1] = Item(last.text + paragraph.text, last.head, last.line)
        return items
    result: list[Item] = []
    for paragraph in body:
        result += _split_enumerated(paragraph)
    return result
