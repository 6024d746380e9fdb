"""A request's reports through the worker pool, and the run the renderers read.

Uploads are checked exactly as `fzcheck check` checks files (`batch.check_one` in the workers); pasted
text is checked as `fzcheck check -` checks standard input, under the name "-".
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from checker.batch import Outcome
from checker.config import Config
from checker.errors import InputError
from checker.read.formats import report_format
from checker.render.model import RuleInfo, Run
from checker.web.errors import WebError
from checker.web.pool import CheckPool, CheckTask, TimedOut, WorkerDied
from checker.web.upload import FILE_FIELD, TEXT_FIELD, Form, Upload

# Pasted text is named as standard input is on the command line.
PASTED = "-"

# What became of a report, as an HTTP status would say it.
CHECKED, UNREADABLE, UNSUPPORTED, TIMED_OUT, FAULT = 200, 400, 415, 408, 500


@dataclass(frozen=True)
class Checked:
    """A report's outcome and its status: CHECKED, UNREADABLE, UNSUPPORTED, TIMED_OUT or FAULT."""

    outcome: Outcome
    status: int

    @classmethod
    def of(cls, outcome: Outcome) -> Checked:
        if outcome.result is not None:
            return cls(outcome, CHECKED)
        if outcome.timed_out:  # stopped by its own time limit (CheckOptions.time_limit) inside the worker
            return cls(outcome, TIMED_OUT)
        return cls(outcome, FAULT if outcome.internal else UNREADABLE)


@dataclass(frozen=True)
class Catalog:
    """What every run of this server shares: the rule set's name and elements, and the configuration."""

    ruleset: str
    rules: tuple[RuleInfo, ...]
    config: Config
    # Grade names, best first (render.model.grade_names): the ranking orders by them.
    grades: tuple[str, ...] = ()


def reports_of(form: Form) -> list[Upload]:
    """The reports a request sent: its files in order, then the pasted text if any."""
    uploads = list(form.files)
    text = form.fields.get(TEXT_FIELD)
    if text is not None and text.strip():
        uploads.append(Upload(PASTED, text))
    if not uploads:
        raise WebError(400, f"没有收到报告：请上传文件（{FILE_FIELD} 字段）或粘贴报告文本（{TEXT_FIELD} 字段）")
    return uploads


async def check_reports(
    pool: CheckPool, uploads: list[Upload], keep_lines: bool = False, json_batch: bool | None = None
) -> list[Checked]:
    """Check every upload on the pool (concurrently), outcomes in upload order. A file of a type no
    loader reads is refused here, without a worker's time."""

    async def one(upload: Upload) -> Checked:
        if upload.name != PASTED:
            try:
                report_format(upload.name)
            except InputError as exc:
                return Checked(Outcome(upload.name, error=exc.problem), UNSUPPORTED)
        try:
            outcome = await pool.run(CheckTask(upload.name, upload.data, keep_lines, json_batch))
        except TimedOut:
            problem = f"检查超过 {pool.seconds:g} 秒的时限，已停止（文件可能过大或结构异常）"
            return Checked(Outcome(upload.name, error=problem), TIMED_OUT)
        except WorkerDied:
            problem = "检查进程意外退出（文件可能导致内存耗尽），已重启"
            return Checked(Outcome(upload.name, error=problem), FAULT)
        return Checked.of(outcome)

    # A task group: when one report is refused (503, the queue is full) the others stop waiting too.
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(upload)) for upload in uploads]
    except* WebError as refused:
        raise refused.exceptions[0] from None
    return [task.result() for task in tasks]


def run_of(checked: list[Checked], catalog: Catalog) -> Run:
    """The run `fzcheck check` would have for the same inputs: results in order, then the errors."""
    results = tuple(c.outcome.result for c in checked if c.status == CHECKED and c.outcome.result is not None)
    errors = tuple((c.outcome.path, c.outcome.error or "") for c in checked if c.status != CHECKED)
    config = catalog.config
    return Run(
        results, errors, catalog.ruleset, catalog.rules, config.fail_under, config.required, grades=catalog.grades
    )


def refusal(checked: list[Checked]) -> WebError | None:
    """When no report could be checked: the error to answer with (the first report's reason and
    status); None when at least one was checked."""
    if any(c.status == CHECKED for c in checked):
        return None
    first = checked[0]
    message = f"{first.outcome.path}: {first.outcome.error}"
    if len(checked) > 1:
        message = f"没有一份报告能够检查。{message}"
    return WebError(first.status, message, errors=tuple((c.outcome.path, c.outcome.error or "") for c in checked))
