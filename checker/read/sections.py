"""Paragraphs and sections of a report's body: hard-wrapped lines joined again, headings told by their
numbering (whatever the writer's numerals) or their words, each section given its kind and scope, and
every paragraph cut into sentences that keep their line."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from checker.read.conventions import Conventions, SectionKind, any_of
from checker.read.document import Paragraph, Section, Sentence
from checker.read.normalize import view_of

TERMINAL = "。!?;:…"
_SENTENCE_END = re.compile(r"(?<=[。!?;])")
_TOP_MARK = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,]|第[一二三四五六七八九十]{1,3}部分[、:.,]?|、)\s*")
_SUB_MARK = re.compile(r"^(?:\(\s*[一二三四五六七八九十]{1,3}\s*\)|\(\s*\d{1,2}\s*\)|\)(?=[^\d]))\s*")
_ITEM_MARK = re.compile(r"^\d{1,2}\s*[、.](?!\d)\s*")
_HEADING_END = re.compile(r"[。!?;]")
MAX_HEADING_CHARS = 30
# A year named in a heading ("2025年工作举措").
_HEADING_YEAR = re.compile(r"(20\d\d)\s*年")
# Words of a heading that reports what was done, never what will be.
_RESULTS = re.compile(r"情况|成效|成绩|完成|进展|整改|落实")
# Narrower than this, short lines are more likely headings or lists than a wrapped paragraph.
MIN_WRAP_WIDTH = 16


@dataclass(slots=True)
class Line:
    """One folded line of the input on its way into a paragraph (with slots: a report may have 100,000)."""

    text: str
    number: int
    location: str


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


def _classify_all(
    heading: str, level_name: str, kinds: tuple[SectionKind, ...], screen: re.Pattern[str] | None = None
) -> list[SectionKind]:
    """Every kind a heading names, in the order the rule set tries them.

    A heading may name two parts ("存在问题及下一步打算"): then the part it names first is the section,
    and the other may follow as a numbered subsection of it. `screen`, all the level's heading patterns
    in one, rules out at once the many short lines that name no kind.
    """
    if screen is not None and not screen.search(heading):
        return []
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


def _parts_level(texts: list[str], levels: list[int], classify_all: Callable[[str, str], list[SectionKind]]) -> int:
    """The numbering level of the report's parts, whatever the numerals: the highest level it uses, unless
    only a lower level heads the parts a report must have ("1.…工作情况 (1)… 2.存在的不足 3.2024年工作打算":
    the (1) items are not its sections, the 1. 2. 3. headings are)."""
    present = sorted({level for level in levels if level})
    if not present:
        return 1

    def heads_a_part(text: str) -> bool:
        if len(text) > MAX_HEADING_CHARS or text[-1] in TERMINAL:
            return False
        return any(kind.scope in ("shortcomings", "plan") for kind in classify_all(_heading_text(text), "top"))

    # Only when the highest level names no part at all: a report whose 一、二、 headings name no shortcomings
    # or plan (because it lacks them) keeps its 一、 level, whatever a (三) item below is about.
    if any(
        level == present[0] and classify_all(_heading_text(text), "top")
        for text, level in zip(texts, levels, strict=True)
    ):
        return present[0]
    heading_parts = {level for text, level in zip(texts, levels, strict=True) if level and heads_a_part(text)}
    return min(heading_parts) if heading_parts else present[0]


@dataclass
class _Earlier:
    """What the headings so far have shown, kept as they come (asking all of them again for each heading
    made a page of dated headings quadratic): an explicit shortcomings part, and the latest year named."""

    shortcomings: bool = False
    latest_year: int = 0

    def note(self, section: dict) -> None:
        self.shortcomings |= section["scope"] == "shortcomings" and bool(section.get("explicit"))
        stated = _HEADING_YEAR.search(section["heading"])
        if stated:
            self.latest_year = max(self.latest_year, int(stated.group(1)))


def _plan_after_shortcomings(
    kind: SectionKind, heading: str, earlier: _Earlier, kinds: tuple[SectionKind, ...]
) -> SectionKind:
    """A dated work heading after the shortcomings ("三、2025年工作举措" after "二、薄弱环节") is the plan:
    its words (举措, 重点工作) also head achievements, but reports give the year's results before their
    shortcomings, and the year's plan after them."""
    stated = _HEADING_YEAR.search(heading)
    if kind.scope != "achievements" or kind.kind == "first_responsible" or not stated or _RESULTS.search(heading):
        return kind
    # Later than every year the earlier headings name: "2023年度督察反馈问题整改" after 2024's results is not it.
    if not earlier.shortcomings or int(stated.group(1)) <= earlier.latest_year:
        return kind
    return next((k for k in kinds if k.kind == "plan"), kind)


def _heading_screens(kinds: tuple[SectionKind, ...]) -> dict[str, re.Pattern[str] | None]:
    """For each level, one pattern of every heading pattern of the kinds at that level (see any_of)."""
    return {
        level: any_of(tuple(p for kind in kinds if level in kind.levels for p in kind.headings))
        for level in ("top", "sub")
    }


def sections_of(
    groups: list[list[Line]], conventions: Conventions
) -> tuple[tuple[Paragraph, ...], tuple[Section, ...]]:
    texts = ["".join(line.text for line in group) for group in groups]
    levels = [marker_level(t) for t in texts]
    kinds = conventions.sections
    screens = _heading_screens(kinds)
    # Headings repeat (a list of a hundred "(一)加强…" items): each text is classified once.
    classified: dict[tuple[str, str], list[SectionKind]] = {}

    def classify_all(text: str, level_name: str) -> list[SectionKind]:
        key = (text, level_name)
        if key not in classified:
            classified[key] = _classify_all(text, level_name, kinds, screens[level_name])
        return classified[key]

    top_level = _parts_level(texts, levels, classify_all)

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
    earlier = _Earlier()
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
        elif len(text) <= MAX_HEADING_CHARS and text[-1] not in TERMINAL and classify_all(text, "top"):
            heading, level = text, 1
        if level == 1:
            named = classify_all(heading, "top")
            kind = named[0] if named else None
            previous = sections[top]
            if kind is not None:
                kind = _plan_after_shortcomings(kind, heading, earlier, kinds)
                also = {k.kind for k in named[1:]} - {kind.kind}
                entry = {"kind": kind.kind, "explicit": True, "scope": kind.scope, "also": also}
            elif previous["kind"] == "preamble":
                entry = {"kind": "measures_results", "explicit": False, "scope": "achievements"}
            else:
                entry = {"kind": previous["kind"], "explicit": False, "scope": previous["scope"]}
            entry.update(heading=heading, line=group[0].number, level=1, paragraphs=[])
            sections.append(entry)
            earlier.note(entry)
            top, sub = len(sections) - 1, None
        elif level == 2:
            kind = next(iter(classify_all(heading, "sub")), None)
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
                earlier.note(sections[-1])
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
    first = group[0]
    if len(group) == 1:  # most paragraphs: every sentence is on the paragraph's one line
        sentences = tuple(
            Sentence(stripped, view_of(piece), first.number, first.location, index)
            for piece in _SENTENCE_END.split(text)
            for stripped in [piece.strip()]
            if stripped
        )
        return Paragraph(index, text, first.number, first.location, level, heading, scope, section, sentences)
    # Where each source line starts inside the joined text, to give every sentence its own line.
    starts: list[tuple[int, Line]] = []
    offset = 0
    for line in group:
        starts.append((offset, line))
        offset += len(line.text)
    offsets = [start for start, _ in starts]
    found = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        stripped = piece.strip()
        if stripped:
            # The last line starting at or before the sentence; bisection, since a paragraph of
            # thousands of hard-wrapped lines made the scan from the end quadratic.
            owner = starts[bisect_right(offsets, position) - 1][1]
            found.append(Sentence(stripped, view_of(piece), owner.number, owner.location, index))
        position += len(piece)
    return Paragraph(index, text, first.number, first.location, level, heading, scope, section, tuple(found))
