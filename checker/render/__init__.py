"""Renderers: turn checked reports into what a person or a tool reads. None re-reads a document.

Each text format is its own module with `render(run) -> str`; `render_text` picks one by name. The Excel
(xlsx) workbook and the Word (docx) copy with comments are files: `render_bytes`. `write_per_report` (checker.render.files)
writes one file per report into a directory. The CLI and the web page call these same functions.
The terminal scorecard is printed through a rich Console; written to a file it is plain text without colour.
"""

from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path

from checker.render.model import Run

TEXT_FORMATS = ("terminal", "json", "markdown", "html", "sarif", "junit", "github", "csv", "concise")
BINARY_FORMATS = ("docx", "xlsx")
FORMATS = TEXT_FORMATS + BINARY_FORMATS
# What `fzcheck compare` and `fzcheck copies` write (checker.render.comparison).
COMPARE_FORMATS = ("terminal", "json", "markdown", "html")
# Module per format (imported only when that format is asked for: rich and xml cost start-up time).
_MODULES = {
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "csv": "csv_report",
    "concise": "concise",
}
# Formats whose renderer shows the report text (so a batch must keep each report's lines).
NEEDS_LINES = frozenset({"html", "docx"})
# Plain-text formats that carry no mark of fzcheck's own. Written to a file (which may be named .txt and
# land in the folder being checked) they end with a line of it, so checking that folder again skips them.
_UNMARKED_PLAIN = frozenset({"concise", "github"})
# Formats that describe one report per file: a batch needs a directory (-f docx:DIR/).
ONE_REPORT_PER_FILE = frozenset({"docx"})


def render_text(
    fmt: str, run: Run, verbose: bool = False, width: int = 110, problems_only: bool = False, summary_only: bool = False
) -> str:
    """The output of one text format; `problems_only` and `summary_only` shorten the terminal card."""
    if fmt == "terminal":
        from rich.console import Console

        from checker.render import terminal
        from checker.render.files import TEXT_MARK

        buffer = io.StringIO()
        console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False)
        terminal.render_run(run, console, verbose, problems_only, summary_only)
        # Only the file gets the mark: it lets a later run skip this file when it walks the folder.
        return buffer.getvalue() + f"（{TEXT_MARK}）\n"
    if fmt == "json":
        from checker.render import json_report

        return json_report.render_run(run)
    if fmt == "html":
        from checker.render import html

        return html.render(run, verbose)
    return import_module(f"checker.render.{_MODULES[fmt]}").render(run)


def render_bytes(fmt: str, run: Run, verbose: bool = False, original: Path | bytes | None = None) -> bytes:
    """The output of any format as the bytes of a file: docx and xlsx as such, text formats in UTF-8.

    docx is the one report of `run` with comments; `original` is its .docx (a path, or the bytes of an
    upload) whose formatting the copy keeps. Without it a .docx report is read (never written) from its
    path; any other report becomes a clean .docx of its text."""
    if fmt == "xlsx":
        from checker.render import xlsx

        return xlsx.render(run)
    if fmt == "docx":
        from checker.render import docx_comments

        return docx_comments.render(run, original)
    return file_text(fmt, run, verbose).encode("utf-8")


def file_text(fmt: str, run: Run, verbose: bool = False, **shorter: bool) -> str:
    """A text format as written to a file: `render_text`, with fzcheck's mark on formats that lack one."""
    text = render_text(fmt, run, verbose, **shorter)
    if fmt in _UNMARKED_PLAIN:
        from checker.render.files import TEXT_MARK

        text += f"（{TEXT_MARK}）\n"
    return text


def write_per_report(fmt: str, run: Run, directory: str | Path, verbose: bool = False, inputs: tuple[str, ...] = ()):
    """One file per report in `directory`, plus index.html for html; returns the paths written."""
    from checker.render import files

    def render(name: str, single: Run, index: str) -> str | bytes:
        if name == "html":
            from checker.render import html

            return html.render(single, verbose, index_href=index)
        return render_bytes(name, single) if name in BINARY_FORMATS else file_text(name, single, verbose)

    return files.write_per_report(fmt, run, directory, render, inputs)
