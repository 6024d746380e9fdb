"""Paragraphs and sections of a report's body: hard-wrapped lines joined again, headings told by their
numbering (whatever the writer's numerals) or their words, each section given its kind and scope, and
every paragraph cut into sentences that keep their line."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from checker.read.conventions import Conventions, SectionKind
from checker.read.document import Paragraph, Section, Sentence
from checker.read.normalize import view_of

TERMINAL = "。!?;:…"
_SENTENCE_END = re.compile(r"(?<=[。!?;])")
_TOP_MARK = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,]|第[一二三四五六七八九十]{1,3}部分[、:.,]?|、)\s*")
_SUB_MARK = re.compile(r"^(?:\(\s*[一二三四五六七八九十]{1,3}\s*\)|\(\s*\d{1,2}\s*\)|\)(?=[^\d]))\s*")
_ITEM_MARK = re.compile(r"^\d{1,2}\s*[、.](?!\d)\s*")
_HEADING_END = re.compile(r"[。!?;]")
MAX_HEADING_CHARS = 30
# Narrower than this, short lines are more likely headings or lists than a wrapped paragraph.
MIN_WRAP_WIDTH = 16


@dataclass
class Line:
    """One folded line of the input on its way into a paragraph."""

    text: str
    number: int
    location: str


@lru_cache(maxsize=16)
def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """The patterns as one alternation, searched once per line instead of once per pattern; None when
    they cannot be joined (a pattern with global inline flags)."""
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None
    except re.error:
        return None


# ---------------------------------------------------------------- paragraphs


def marker_level(text: str) -> int:
    if _TOP_MARK.match(text):
        return 1
    if _SUB_MARK.match(text):
        return 2
    if _ITEM_MARK.match(text):
        return 3
    return 0


def _lostmarker_level(text: str) -> int:
    """The level of a marker that lost its numeral ("、…", ")…"); -1 when the marker is whole.

    A wrapped line may well start with 、 or ) in mid-sentence, so only whole markers stop a join.
    """
    if text.startswith("、"):
        return 1
    if text.startswith(")"):
        return 2
    return -1


def join_wrapped(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs: blank lines separate them, and a line that was hard-wrapped (full
    width, no closing punctuation) continues into the next one."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return []
    wide = lengths[int(0.9 * (len(lengths) - 1))]
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if not line.text:
            if current:
                groups.append(current)
                current = []
            continue
        if current:
            previous = current[-1].text
            continues = (
                previous[-1] not in TERMINAL
                and len(previous) >= 0.85 * wide
                and wide >= MIN_WRAP_WIDTH
                and not (marker_level(previous) and len(previous) <= MAX_HEADING_CHARS and len(previous) < wide)
                and marker_level(line.text) in (0, _lostmarker_level(line.text))
            )
            if not continues:
                groups.append(current)
                current = []
        current.append(line)
    if current:
        groups.append(current)
    return groups


def _heading_text(text: str) -> str:
    rest = _TOP_MARK.sub("", text, count=1)
    rest = _SUB_MARK.sub("", rest, count=1) if rest == text else rest
    rest = _ITEM_MARK.sub("", rest, count=1) if rest == text else rest
    end = _HEADING_END.search(rest)
    return (rest[: end.start()] if end else rest)[:60].strip()


def _classify_all(heading: str, level_name: str, kinds: tuple[SectionKind, ...]) -> list[SectionKind]:
    """Every kind a heading names, in the order the rule set tries them.

    A heading may name two parts ("存在问题及下一步打算"): then the part it names first is the section,
    and the other may follow as a numbered subsection of it.
    """
    named: list[tuple[int, int, SectionKind]] = []
    for order, kind in enumerate(kinds):
        if level_name not in kind.levels:
            continue
        # The leftmost match of an alternation is the earliest of its alternatives' matches.
        joined = any_of(kind.headings)
        if joined is not None:
            first = joined.search(heading)
            starts = [first.start()] if first else []
        else:
            starts = [m.start() for p in kind.headings for m in [p.search(heading)] if m]
        if starts:
            named.append((min(starts), order, kind))
    if {k.kind for _, _, k in named} >= {"shortcomings", "plan"}:
        named.sort(key=lambda item: (item[0], item[1]))
    return [kind for _, _, kind in named]


def _classify(heading: str, level_name: str, kinds: tuple[SectionKind, ...]) -> SectionKind | None:
    named = _classify_all(heading, level_name, kinds)
    return named[0] if named else None


def sections_of(
    groups: list[list[Line]], conventions: Conventions
) -> tuple[tuple[Paragraph, ...], tuple[Section, ...]]:
    texts = ["".join(line.text for line in group) for group in groups]
    levels = [marker_level(t) for t in texts]
    # The highest numbering level a report uses is its section level, whatever the numerals.
    present = sorted({lv for lv in levels if lv})
    top_level = present[0] if present else 1
    kinds = conventions.sections

    sections: list[dict] = [
        {
            "kind": "preamble",
            "explicit": False,
            "heading": "",
            "line": groups[0][0].number if groups else 0,
            "level": 1,
            "scope": "achievements",
            "paragraphs": [],
        }
    ]
    top = 0
    sub: int | None = None
    paragraphs: list[Paragraph] = []
    for index, (group, text, marker) in enumerate(zip(groups, texts, levels, strict=True)):
        heading = ""
        level = 0
        if marker:
            heading = _heading_text(text)
            if marker == top_level:
                level = 1
            elif marker == top_level + 1 or (marker > top_level and top_level == 1):
                level = 2
        elif len(text) <= MAX_HEADING_CHARS and text[-1] not in TERMINAL:
            bare = _classify(text, "top", kinds)
            if bare is not None:
                heading, level = text, 1
        if level == 1:
            named = _classify_all(heading, "top", kinds)
            kind = named[0] if named else None
            previous = sections[top]
            if kind is not None:
                also = {k.kind for k in named[1:]}
                entry = {"kind": kind.kind, "explicit": True, "scope": kind.scope, "also": also}
            elif previous["kind"] == "preamble":
                entry = {"kind": "measures_results", "explicit": False, "scope": "achievements"}
            else:
                entry = {"kind": previous["kind"], "explicit": False, "scope": previous["scope"]}
            entry.update(heading=heading, line=group[0].number, level=1, paragraphs=[])
            sections.append(entry)
            top, sub = len(sections) - 1, None
        elif level == 2:
            kind = _classify(heading, "sub", kinds)
            parent = sections[top]
            # A subsection is worth recording only when it is a different part from its section.
            fits = kind is not None and (kind.scope == parent["scope"] or kind.kind in parent.get("also", ()))
            if kind is not None and fits and kind.kind != parent["kind"]:
                sections.append(
                    {
                        "kind": kind.kind,
                        "explicit": True,
                        "heading": heading,
                        "line": group[0].number,
                        "level": 2,
                        "scope": kind.scope,
                        "paragraphs": [],
                    }
                )
                sub = len(sections) - 1
            else:
                sub = None
        owner = sub if sub is not None else top
        sections[owner]["paragraphs"].append(index)
        if owner != top:
            sections[top]["paragraphs"].append(index)
        paragraphs.append(_paragraph(index, group, text, level, heading, sections[owner]["scope"], top))
    frozen = tuple(
        Section(
            s["kind"],
            s["explicit"],
            s["heading"],
            s["line"],
            s["level"],
            s["scope"],
            tuple(s["paragraphs"]),
            tuple(sorted(s.get("also", ()))),
        )
        for s in sections
    )
    return tuple(paragraphs), frozen


def _paragraph(
    index: int, group: list[Line], text: str, level: int, heading: str, scope: str, section: int
) -> Paragraph:
    # Where each source line starts inside the joined text, to give every sentence its own line.
    starts: list[tuple[int, Line]] = []
    offset = 0
    for line in group:
        starts.append((offset, line))
        offset += len(line.text)
    offsets = [start for start, _ in starts]
    sentences = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        if piece.strip():
            # The last line starting at or before the sentence; bisection, since a paragraph of
            # thousands of hard-wrapped lines made the scan from the end quadratic.
            owner = starts[bisect_right(offsets, position) - 1][1]
            sentences.append(Sentence(piece.strip(), view_of(piece), owner.number, owner.location, index))
        position += len(piece)
    first = group[0]
    return Paragraph(index, text, first.number, first.location, level, heading, scope, section, tuple(sentences))
