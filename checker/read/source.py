"""The loader's output: a report's text as the user sees it, line by line, before any normalising.

Every loader (plain text, .docx, .pdf, .html) produces a `SourceDocument`; the later stages never look at
the original file again. A `SourceLine.number` is what evidence points at: the line of a text file, the
paragraph number of a .docx, the running line number of a PDF's text layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line (or paragraph, or table cell) of the input, with where a user finds it."""

    text: str
    number: int
    # Human-readable place when the number alone is not enough, e.g. "第2页第14行" or "表格1 第3行第2列".
    location: str = ""


@dataclass(frozen=True)
class SourceDocument:
    """A report as read from its file: the lines in reading order and what the container said about it."""

    path: str
    format: str
    lines: tuple[SourceLine, ...]
    encoding: str | None = None
    # Metadata the container carried outside the text (an HTML page's <meta>, a .docx's core properties),
    # keyed by the Chinese label used in the text: 发布日期, 成文日期, 发布机构, 索引号.
    metadata: dict[str, str] = field(default_factory=dict)
    # "traditional" when the file was in traditional characters: then `lines` and `metadata` hold the
    # simplified conversion every later stage reads, and `back` maps each converted character to the
    # original one, so that what the user is shown is in their own script (see checker.read.script).
    script: str = "simplified"
    back: Mapping[str, str] = field(default_factory=dict)


def lines_from_text(text: str) -> tuple[SourceLine, ...]:
    """Split decoded text into numbered lines the way an editor shows them."""
    # str.splitlines also breaks on \x0b, \x1c and friends; an editor does not, and the line numbers
    # must agree with what the user sees.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(SourceLine(text=line, number=i) for i, line in enumerate(text.split("\n"), start=1))
