"""The JSON contract written report by report, so a batch of thousands holds results, not documents.

The bytes are exactly those of `json_report.render_run` for the same run: each report is written as it
comes, laid out as it sits inside the whole document (in a batch, by the worker that checked it), and
what follows the reports (errors, the batch ranking and coverage) is written at the end from slim
copies of the results.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import replace
from typing import IO

from checker.atomic import atomic_writer
from checker.error_text import unwritable
from checker.errors import FzcheckError
from checker.render.json_report import layout, report_text, run_document
from checker.render.model import Run
from checker.results import ElementVerdict, ReportResult


def slim(result: ReportResult) -> ReportResult:
    """What the batch sections need of a result once its full JSON is written: statuses and scores."""
    elements = tuple(
        replace(e, evidence=(), details={}, missing="", fix="", note="", basis="") for e in result.elements
    )
    return replace(result, elements=elements, lines=())


class SlimPool:
    """Slim results as a batch keeps them: elements with the same verdict are one shared object.

    A slim element is fully described by a few fields, and most reports share most verdicts; results
    unpickled from workers would otherwise each hold their own copies of 40 names and ids, which made
    the parent grow by about 15 KB a report."""

    def __init__(self) -> None:
        self._elements: dict[tuple[object, ...], ElementVerdict] = {}

    def keep(self, result: ReportResult) -> ReportResult:
        elements = tuple(
            self._elements.setdefault((e.id, e.name, e.group, e.area, e.status, e.weight, e.points), e)
            for e in result.elements
        )
        return replace(result, elements=elements)


class JsonStream:
    """Writes one run's JSON to standard output or, atomically, to a file."""

    def __init__(self, path: str | None, ruleset_name: str, batch: bool) -> None:
        self.path = path
        self.batch = batch
        self.count = 0
        self._file = contextlib.ExitStack()
        if path is None:
            self.stream: IO[str] = sys.stdout
        else:
            try:
                self.stream = self._file.enter_context(atomic_writer(path))
            except OSError as exc:
                raise FzcheckError(unwritable(path, exc)) from None
        # Everything up to the reports list depends only on the rule set's name.
        before, _ = layout(Run((), (), ruleset_name))
        self.stream.write(before.removesuffix("\n"))

    def report(self, result: ReportResult) -> None:
        self.write_report(report_text(result, self.batch))

    def write_report(self, text: str) -> None:
        """Write one report already rendered by `report_text` (batch workers render their own)."""
        self.stream.write(("," if self.count else "") + "\n" + text)
        self.count += 1

    def finish(self, run: Run) -> None:
        """Write what follows the reports and close (for a file: rename it into place)."""
        if self.count == 0:
            # json.dumps writes an empty list on one line.
            text = json.dumps(run_document(run), ensure_ascii=False, indent=2) + "\n"
            self.stream.write(text[text.index('"reports": [') + len('"reports": [') :])
        else:
            _, after = layout(run)
            self.stream.write("\n" + after)
        self.stream.flush()
        try:
            self._file.close()  # for a file: renamed into place
        except OSError as exc:
            raise FzcheckError(unwritable(self.path, exc)) from None

    def abandon(self) -> None:
        """On an error: leave no half-written file behind (a no-op once finished)."""
        self._file.__exit__(RuntimeError, RuntimeError("abandoned"), None)
