"""The web page and the downloads: templates that extend the scorecard's (checker/render/templates) in
the same autoescaping environment, and the tasks that render them in the worker processes, so that a
batch of a hundred scorecards never holds up the server's event loop."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader

from checker.batch import Job
from checker.pipeline import Checker
from checker.render import BINARY_FORMATS, render_bytes
from checker.render import html as scorecard
from checker.render.files import file_stem
from checker.render.model import Run

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the page offers to download: kind → (renderer format, file suffix, media type). The Word copy with
# comments is one .docx per report: for a batch, a zip of them.
DOWNLOADS = {
    "docx": ("docx", ".docx", DOCX_TYPE),
    "html": ("html", ".html", "text/html; charset=utf-8"),
    "json": ("json", ".json", "application/json; charset=utf-8"),
    "xlsx": ("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", ".csv", "text/csv; charset=utf-8"),
}
assert all(fmt in BINARY_FORMATS or fmt in ("html", "json", "csv") for fmt, _, _ in DOWNLOADS.values())
ZIP_TYPE = "application/zip"


@cache
def environment() -> Environment:
    """The scorecard's template environment, with the web templates in front of its own."""
    base = scorecard.environment()
    assert base.loader is not None
    return base.overlay(loader=ChoiceLoader([PackageLoader("checker.web", "templates"), base.loader]))


@dataclass(frozen=True)
class PageInfo:
    """What the page says about this server: the rule set and the limits of an upload."""

    ruleset: str
    file_limit: str
    files: int
    login: bool = False


def render_page(
    info: PageInfo, run: Run | None = None, error: str = "", errors: tuple[tuple[str, str], ...] = ()
) -> str:
    """The page: the upload form, then a run's scorecards (as report.html shows them) or an error."""
    values: dict[str, Any] = (
        scorecard.scorecard_values(run)
        if run is not None
        else {"title": "法治政府建设年度报告检查", "show_ids": False, "run_view": None, "cards": []}
    )
    if run is not None and run.errors:
        run = replace(run, errors=tuple((path, for_the_page(problem)) for path, problem in run.errors))
        values = scorecard.scorecard_values(run)
    errors = tuple((path, for_the_page(problem)) for path, problem in errors)
    template = environment().get_template("page.html")
    return template.render(generator=scorecard.GENERATOR, info=info, error=for_the_page(error), errors=errors, **values)


# Advice for the command line ("；用 --input-format 指定格式", "（可用 --max-bytes 调整）") means nothing on
# the page: the messages are shared with the CLI, so the page leaves such advice out.
_CLI_ADVICE = re.compile(
    r"[；;]\s*[^；;（）()]*--[a-z][a-z-]*[^；;（）()]*|[（(][^（）()]*--[a-z][a-z-]*[^（）()]*[）)]"
)


def for_the_page(message: str) -> str:
    """A message without the command-line options it recommends."""
    return _CLI_ADVICE.sub("", message) if "--" in message else message


def render_login(error: str = "") -> str:
    template = environment().get_template("login.html")
    return template.render(generator=scorecard.GENERATOR, title="登录", show_ids=False, error=error)


def download_name(run: Run, suffix: str) -> str:
    """A download's file name: the report's own name for one report, a batch name for several."""
    if len(run.results) == 1 and not run.errors:
        return f"{file_stem(run.results[0].path)}-{'批注' if suffix == '.docx' else '评分'}{suffix}"
    return f"fzcheck-批量检查{suffix}"


def word_copies(run: Run, originals: tuple[bytes | None, ...]) -> bytes:
    """The Word copy with comments of each report: the .docx itself for one report, a zip for several.
    `originals` holds, per result, the uploaded .docx whose formatting a copy keeps (None: a clean copy
    of the text); an upload's name is never looked up on disk."""
    copies = [
        render_bytes("docx", replace(run, results=(result,), errors=()), original=original)
        for result, original in zip(run.results, originals, strict=True)
    ]
    if len(copies) == 1:
        return copies[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (result, copy) in enumerate(zip(run.results, copies, strict=True), start=1):
            archive.writestr(f"{index:02d}-{file_stem(result.path)}-批注.docx", copy)
    return buffer.getvalue()


@dataclass(frozen=True)
class PageTask:
    """Render the page with a run's scorecards (in a worker)."""

    info: PageInfo
    run: Run

    def perform(self, checker: Checker, job: Job) -> str:
        return render_page(self.info, self.run)


@dataclass(frozen=True)
class DownloadTask:
    """Render one download of a run as the bytes of its file (in a worker); `originals` as in
    `word_copies`."""

    fmt: str
    run: Run
    originals: tuple[bytes | None, ...] = ()

    def perform(self, checker: Checker, job: Job) -> bytes:
        if self.fmt == "docx":
            return word_copies(self.run, self.originals)
        return render_bytes(self.fmt, self.run)
