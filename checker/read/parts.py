"""Parts of a report without a heading of their own, found sentence by sentence after sectioning.

Art. 25 asks for shortcomings and a plan, and reports give them in forms a heading-based segmenter
misses: one combined section ("三、存在问题及下一步工作打算") that states the problems first and then
the measures; shortcomings as the opening sentences of the plan section; a plan that is only a closing
"下一步，我局将……"; shortcomings stated in passing at the end of the achievements ("但也存在一些不足").
Each such stretch becomes a part of its own kind, so that what judges shortcomings and plans (causes,
substance, specificity, links) reads the text that is there. A part found here without a heading is
not `explicit`: the section elements then see a partial, not a full, section.

The sentence patterns are data (rules: document.implicit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from checker.read.conventions import ImplicitParts
from checker.read.document import Paragraph, Section

SHORTCOMINGS, PLAN = "shortcomings", "plan"
# A closing plan is one of the last few paragraphs of the report, not a 下一步 in the middle of it.
MAX_CLOSING_PARAGRAPHS = 3
# Shortcomings in passing: the lead sentence and the symptom sentences right after it.
MAX_EMBEDDED_SENTENCES = 6


@dataclass
class _Part:
    """A top-level part being rebuilt: a section's description and its paragraphs."""

    kind: str
    explicit: bool
    heading: str
    line: int
    scope: str
    also: tuple[str, ...] = ()
    paragraphs: list[Paragraph] = field(default_factory=list)


def find_parts(
    paragraphs: Sequence[Paragraph], sections: Sequence[Section], rules: ImplicitParts | None
) -> tuple[tuple[Paragraph, ...], tuple[Section, ...]]:
    """Paragraphs and sections with the implicit parts made explicit kinds (see the module docstring).

    Subsections (level 2) are kept with the paragraphs they held; paragraphs split in two keep their
    subsection on both halves."""
    if rules is None or not paragraphs:
        return tuple(paragraphs), tuple(sections)
    tops = [s for s in sections if s.level == 1]
    parts = [
        _Part(s.kind, s.explicit, s.heading, s.line, s.scope, s.also, [paragraphs[i] for i in s.paragraphs])
        for s in tops
    ]
    parts = [piece for part in parts for piece in _split_combined(part, rules)]
    kinds = {part.kind for part in parts}
    if PLAN in kinds and SHORTCOMINGS not in kinds:
        parts = [piece for part in parts for piece in _shortcomings_opening_plan(part, rules)]
    if PLAN not in {part.kind for part in parts}:
        parts = _closing_plan(parts, rules)
    if SHORTCOMINGS not in {part.kind for part in parts}:
        last = max((i for i, part in enumerate(parts) if part.scope == "achievements"), default=None)
        if last is not None:
            parts = [*parts[:last], *_embedded_shortcomings(parts[last], rules), *parts[last + 1 :]]
    return _rebuild(parts, sections, paragraphs)


# ---------------------------------------------------------------- the four forms


def _split_combined(part: _Part, rules: ImplicitParts) -> list[_Part]:
    """A section whose heading names both the shortcomings and the plan, split where the plan starts."""
    if not part.explicit or not {part.kind, *part.also} >= {SHORTCOMINGS, PLAN}:
        return [part]
    paired = _split_items(part, rules)
    if paired:
        return paired
    at = _first_cue(part.paragraphs, rules, skip_first=True)
    if at is None:
        return [part]
    before, after = _split_at(part.paragraphs, at)
    if not before:
        return [part]
    shortcomings = _Part(SHORTCOMINGS, True, part.heading, part.line, SHORTCOMINGS, (PLAN,), before)
    plan = _Part(PLAN, True, part.heading, after[0].line if after else part.line, PLAN, (SHORTCOMINGS,), after)
    return [shortcomings, plan] if after else [shortcomings]


def _split_items(part: _Part, rules: ImplicitParts) -> list[_Part] | None:
    """A combined section whose numbered items each state a problem and then its measure ("（一）…推进不够
    平衡。…。下一步，我们将…"): every item is cut where its measure starts, the problems going to the
    shortcomings and the measures, in the same order, to the plan. None when the items are not of that kind."""
    items = [p for p in part.paragraphs if p.level >= 2]
    cues = [next((i for i, s in enumerate(p.sentences) if i and rules.plan_cue.search(s.text)), None) for p in items]
    if len(items) < 2 or sum(cue is not None for cue in cues) * 2 < len(items):
        return None
    problems: list[Paragraph] = []
    measures: list[Paragraph] = []
    for paragraph in part.paragraphs:
        cue = next((i for i, s in enumerate(paragraph.sentences) if i and rules.plan_cue.search(s.text)), None)
        if cue is None:
            (measures if measures and paragraph.level < 2 else problems).append(paragraph)
            continue
        before, after = _split_at([paragraph], (0, cue))
        problems += before
        measures += after
    shortcomings = _Part(SHORTCOMINGS, True, part.heading, part.line, SHORTCOMINGS, (PLAN,), problems)
    plan = _Part(PLAN, True, part.heading, measures[0].line if measures else part.line, PLAN, (SHORTCOMINGS,), measures)
    return [shortcomings, plan]


def _shortcomings_opening_plan(part: _Part, rules: ImplicitParts) -> list[_Part]:
    """A plan section that opens with the shortcomings ("当前还存在…不足。下一步，我局将…")."""
    if part.kind != PLAN or not part.paragraphs:
        return [part]
    body = [p for p in part.paragraphs if not _is_heading_only(p)]
    if not body or body[0].level >= 2:
        return [part]
    first = body[0]
    cue = next((i for i, s in enumerate(first.sentences) if i and rules.plan_cue.search(s.text)), None)
    leading = first.sentences[:cue] if cue is not None else first.sentences
    if not leading or not all(rules.symptom.search(s.text) for s in leading) or rules.plan_cue.search(leading[0].text):
        return [part]
    position = part.paragraphs.index(first)
    before, after = _split_at(part.paragraphs, (position, len(leading)))
    if not after:  # nothing but problems: the section is what its heading says, however it is worded
        return [part]
    heading_only = before[:-1]
    shortcomings = _Part(SHORTCOMINGS, False, "", before[-1].line, SHORTCOMINGS, (), [before[-1]])
    plan = replace(part, paragraphs=heading_only + after)
    return [shortcomings, plan]


def _closing_plan(parts: list[_Part], rules: ImplicitParts) -> list[_Part]:
    """No plan section: the report's last paragraphs from a "下一步，我们将…" on are its plan."""
    last = parts[-1]
    candidates = last.paragraphs[-MAX_CLOSING_PARAGRAPHS:]
    offset = len(last.paragraphs) - len(candidates)
    for index, paragraph in enumerate(candidates):
        cue = next((i for i, s in enumerate(paragraph.sentences) if rules.plan_cue.search(s.text)), None)
        if cue is None:
            continue
        before, after = _split_at(last.paragraphs, (offset + index, cue))
        plan = _Part(PLAN, False, "", after[0].line, PLAN, (), after)
        return [*parts[:-1], *([replace(last, paragraphs=before)] if before else []), plan]
    return parts


def _embedded_shortcomings(part: _Part, rules: ImplicitParts) -> list[_Part]:
    """No shortcomings section: a sentence near the end of the achievements that admits shortcomings
    ("但也存在一些不足"), with the symptom sentences after it, is the shortcomings part. Only the last
    paragraphs are read: earlier, "还存在…问题" is more often a problem the work solved."""
    first = max(0, len(part.paragraphs) - MAX_CLOSING_PARAGRAPHS)
    for position in range(first, len(part.paragraphs)):
        paragraph = part.paragraphs[position]
        lead = next((i for i, s in enumerate(paragraph.sentences) if rules.shortcoming_lead.search(s.text)), None)
        if lead is None:
            continue
        end = lead + 1
        while (
            end < len(paragraph.sentences)
            and end - lead < MAX_EMBEDDED_SENTENCES
            and rules.symptom.search(paragraph.sentences[end].text)
            and not rules.plan_cue.search(paragraph.sentences[end].text)
        ):
            end += 1
        before, rest = _split_at(part.paragraphs, (position, lead))
        middle, after = _split_at(rest, (0, end - lead))
        pieces = [replace(part, paragraphs=before)] if before else []
        pieces.append(_Part(SHORTCOMINGS, False, "", middle[0].line, SHORTCOMINGS, (), middle))
        if after:
            pieces.append(_Part(part.kind, False, "", after[0].line, part.scope, (), after))
        return pieces
    return [part]


# ---------------------------------------------------------------- sentences and paragraphs


def _is_heading_only(paragraph: Paragraph) -> bool:
    return paragraph.level == 1 and len(paragraph.text) <= len(paragraph.heading) + 4


def _first_cue(paragraphs: list[Paragraph], rules: ImplicitParts, skip_first: bool) -> tuple[int, int] | None:
    """(paragraph, sentence) of the first sentence that starts the plan, the heading itself skipped and,
    with `skip_first`, never the very first sentence (the part must first state something)."""
    seen_text = not skip_first
    for p_index, paragraph in enumerate(paragraphs):
        if _is_heading_only(paragraph):
            continue
        for s_index, sentence in enumerate(paragraph.sentences):
            # A numbered item after the problems is a measure: "(一)进一步加强学习".
            starts_item = s_index == 0 and paragraph.level >= 2
            if seen_text and (rules.plan_cue.search(sentence.text) or starts_item):
                return p_index, s_index
            seen_text = True
    return None


def _split_at(paragraphs: list[Paragraph], at: tuple[int, int]) -> tuple[list[Paragraph], list[Paragraph]]:
    """The paragraphs before sentence `at` = (paragraph, sentence) and from it on; the paragraph holding
    it is cut in two when the sentence is not its first."""
    p_index, s_index = at
    if p_index >= len(paragraphs):
        return list(paragraphs), []
    paragraph = paragraphs[p_index]
    if s_index == 0:
        return list(paragraphs[:p_index]), list(paragraphs[p_index:])
    if s_index >= len(paragraph.sentences):
        return list(paragraphs[: p_index + 1]), list(paragraphs[p_index + 1 :])
    head = paragraph.sentences[:s_index]
    tail = paragraph.sentences[s_index:]
    first = replace(paragraph, text="".join(s.text for s in head), sentences=tuple(head))
    second = replace(
        paragraph,
        text="".join(s.text for s in tail),
        line=tail[0].line,
        location=tail[0].location,
        level=0,
        heading="",
        sentences=tuple(tail),
    )
    return [*paragraphs[:p_index], first], [second, *paragraphs[p_index + 1 :]]


def _rebuild(
    parts: list[_Part], sections: Sequence[Section], original: Sequence[Paragraph]
) -> tuple[tuple[Paragraph, ...], tuple[Section, ...]]:
    """Number the paragraphs again and describe the sections by their new paragraph indices."""
    paragraphs: list[Paragraph] = []
    tops: list[Section] = []
    # Each original paragraph's new indices (two when it was split), to carry subsections over.
    moved: dict[int, list[int]] = {}
    for top, part in enumerate(parts):
        indices = []
        for paragraph in part.paragraphs:
            index, old_index = len(paragraphs), paragraph.index
            # Copied only when something changes (a sentence knows its paragraph's index): most paragraphs
            # keep their place, and copying every sentence of a long report cost more than sectioning it.
            if paragraph.index != index:
                sentences = tuple(replace(s, paragraph=index) for s in paragraph.sentences)
                paragraph = replace(paragraph, index=index, sentences=sentences)
            if paragraph.scope != part.scope or paragraph.section != top:
                paragraph = replace(paragraph, scope=part.scope, section=top)
            paragraphs.append(paragraph)
            moved.setdefault(old_index, []).append(index)
            indices.append(index)
        tops.append(
            Section(part.kind, part.explicit, part.heading, part.line, 1, part.scope, tuple(indices), part.also)
        )
    top_kind = {index: tops[paragraphs[index].section].kind for index in range(len(paragraphs))}
    subsections = [
        replace(s, paragraphs=tuple(i for old in s.paragraphs for i in moved.get(old, ())))
        for s in sections
        if s.level == 2
    ]
    # A subsection is worth keeping only when it is a different part from the section now holding it.
    subsections = [s for s in subsections if s.paragraphs and top_kind[s.paragraphs[0]] != s.kind]
    # A subsection's paragraphs take its scope again, as the segmenter gave them.
    for section in subsections:
        for index in section.paragraphs:
            paragraphs[index] = replace(paragraphs[index], scope=section.scope)
    ordered = sorted([*tops, *subsections], key=lambda s: (min(s.paragraphs, default=len(original) + s.line), s.level))
    return tuple(paragraphs), tuple(ordered)
