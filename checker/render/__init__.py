"""Renderers: turn checked reports into what a person or a tool reads. None re-reads a document.

Each format is its own module with `render(run) -> str`; `render_text` picks one by name. The terminal
scorecard is printed through a rich Console; written to a file it is plain text without colour.
"""

from __future__ import annotations

import io
from importlib import import_module

from checker.render.model import Run

FORMATS = ("terminal", "json", "markdown", "html", "sarif", "junit", "github", "csv")
# Module per format (imported only when that format is asked for: rich and xml cost start-up time).
_MODULES = {
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "csv": "csv_report",
}
# Formats whose renderer shows the report text (so a batch must keep each report's lines).
NEEDS_LINES = frozenset({"html"})


def render_text(fmt: str, run: Run, verbose: bool = False, width: int = 110) -> str:
    """The output of one format as text."""
    if fmt == "terminal":
        from rich.console import Console

        from checker.render import terminal

        buffer = io.StringIO()
        console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False)
        terminal.render_run(run, console, verbose)
        return buffer.getvalue()
    if fmt == "json":
        from checker.render import json_report

        return json_report.render_run(run)
    if fmt == "html":
        from checker.render import html

        return html.render(run, verbose)
    return import_module(f"checker.render.{_MODULES[fmt]}").render(run)
