"""A segmented report: the types every later stage reads (sentences, paragraphs, sections, the page's
metadata, title and 落款). They live apart from the segmenter so that the stages that only read them
never import how they are made. They have slots: a report of 100,000 short lines makes that many
of each, and a frozen dataclass with slots is made in half the time."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.read.source import SourceDocument


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the body: folded text, the view phrases are matched in, and where it starts."""

    text: str
    view: str
    line: int
    location: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the body after re-joining hard-wrapped lines."""

    index: int
    text: str
    line: int
    location: str
    level: int
    heading: str
    scope: str
    section: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level section (level 1) or a recognised subsection (level 2) of the report."""

    kind: str
    explicit: bool
    heading: str
    line: int
    level: int
    scope: str
    paragraphs: tuple[int, ...]
    # The other kinds a combined heading names ("存在问题及下一步工作打算": plan, for a shortcomings section).
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    """A piece of metadata and the line it was read from."""

    value: str
    line: int


@dataclass(frozen=True)
class Document:
    """A segmented report: everything the evaluator needs, nothing of the original file format."""

    source: SourceDocument
    title: Field | None
    title_block: tuple[Field, ...]
    metadata: dict[str, Field]
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    signature: tuple[Field, ...]
    chrome: tuple[Field, ...]
    dates: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Short lines right above the title, such as a letterhead ("××县人民政府文件") or the body's name:
    # candidates for the reporting body, kept apart from the page's header.
    letterhead: tuple[Field, ...] = ()

    @property
    def body_chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    def in_scopes(self, scopes: tuple[str, ...] | None) -> list[Paragraph]:
        return [p for p in self.paragraphs if scopes is None or p.scope in scopes]
