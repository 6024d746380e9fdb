"""The JSON contract written report by report, so a batch of thousands holds results, not documents.

The bytes are exactly those of `json_report.render_run` for the same run: each report is dumped as it
comes, indented as it would sit inside the whole document, and what follows the reports (errors, the
batch ranking and coverage) is written at the end from slim copies of the results.
"""

from __future__ import annotations

import contextlib
import json
import sys
import textwrap
from dataclasses import replace
from typing import IO

from checker.atomic import atomic_writer
from checker.errors import FzcheckError
from checker.render.json_report import batch_dict, report_dict, run_document
from checker.render.model import Run
from checker.results import ReportResult

# Stands in for the reports while the surrounding document is laid out by json.dumps.
_MARKER = "@@fzcheck-reports@@"
_REPORT_INDENT = "    "


def slim(result: ReportResult) -> ReportResult:
    """What the batch sections need of a result once its full JSON is written: statuses and scores."""
    elements = tuple(
        replace(e, evidence=(), details={}, missing="", fix="", note="", basis="") for e in result.elements
    )
    return replace(result, elements=elements, lines=())


def _layout(run: Run) -> tuple[str, str]:
    """The text before the first report and after the last, as `render_run` would lay them out."""
    document = run_document(replace(run, results=()))
    if run.is_batch:
        # The batch sections are computed from the (slim) results; the reports themselves are already out.
        document["batch"] = batch_dict(run)
    document["reports"] = [_MARKER]
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    marker_line = f'{_REPORT_INDENT}"{_MARKER}"\n'
    before, after = text.split(marker_line)
    return before, after


class JsonStream:
    """Writes one run's JSON to standard output or, atomically, to a file."""

    def __init__(self, path: str | None, ruleset_name: str) -> None:
        self.path = path
        self.count = 0
        self._file = contextlib.ExitStack()
        if path is None:
            self.stream: IO[str] = sys.stdout
        else:
            try:
                self.stream = self._file.enter_context(atomic_writer(path))
            except OSError as exc:
                raise FzcheckError(f"{path}: 无法写入输出文件：{exc.strerror or exc}") from None
        # Everything up to the reports list depends only on the rule set's name.
        before, _ = _layout(Run((), (), ruleset_name))
        self.stream.write(before.removesuffix("\n"))

    def report(self, result: ReportResult) -> None:
        text = json.dumps(report_dict(result), ensure_ascii=False, indent=2)
        self.stream.write(("," if self.count else "") + "\n" + textwrap.indent(text, _REPORT_INDENT))
        self.count += 1

    def finish(self, run: Run) -> None:
        """Write what follows the reports and close (for a file: rename it into place)."""
        if self.count == 0:
            # json.dumps writes an empty list on one line.
            text = json.dumps(run_document(run), ensure_ascii=False, indent=2) + "\n"
            self.stream.write(text[text.index('"reports": [') + len('"reports": [') :])
        else:
            _, after = _layout(run)
            self.stream.write("\n" + after)
        self.stream.flush()
        try:
            self._file.close()  # for a file: renamed into place
        except OSError as exc:
            raise FzcheckError(f"{self.path}: 无法写入输出文件：{exc.strerror or exc}") from None

    def abandon(self) -> None:
        """On an error: leave no half-written file behind (a no-op once finished)."""
        self._file.__exit__(RuntimeError, RuntimeError("abandoned"), None)
