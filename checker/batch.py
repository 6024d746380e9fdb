"""Check many reports: sequentially, or across processes for larger batches, results in input order.

Workers each build their own checker once (rule sets compile per process) and send back only the
`ReportResult`, without the report's text unless a renderer needs it, so the parent holds results and
never documents. An unreadable file becomes an outcome with an error; it does not stop the batch.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial

from checker.budget import TimeLimitExceeded
from checker.config import Config, adjust
from checker.errors import FzcheckError, InputError
from checker.judge.score import grade
from checker.pipeline import Checker, CheckOptions
from checker.render.json_report import report_text
from checker.render.json_stream import slim
from checker.results import ReportResult
from checker.ruleset import load_ruleset

# Below this many files a process pool costs more (start-up, rule compilation per worker) than it saves.
PARALLEL_MIN = 8


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to check a file the same way the parent would; must pickle."""

    options: CheckOptions = field(default_factory=CheckOptions)
    config: Config = field(default_factory=Config)
    keep_lines: bool = False
    # When the run's only output is streamed JSON: the worker renders each report's JSON (None: no;
    # else whether the run is a batch, which decides the layout) and sends back that text with a slim
    # result, so the parent neither encodes nor unpickles whole results.
    json_batch: bool | None = None


@dataclass(frozen=True)
class Outcome:
    """One input of the batch: its result, or why it could not be checked."""

    path: str
    result: ReportResult | None = None
    error: str | None = None
    # The report's JSON as `json_report.report_text` lays it out, when the job asked for it.
    rendered: str | None = None
    # The error is a fault of the checker (a bug, memory exhausted), not of the input.
    internal: bool = False
    # The report took longer than the job's time limit (CheckOptions.time_limit) and was stopped.
    timed_out: bool = False


def default_jobs() -> int:
    """The CPUs this process may use (affinity-aware where the platform tells us)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_checker(job: Job) -> Checker:
    """The checker for a job: the shipped rule set with the job's rule packs."""
    return Checker(load_ruleset(extra_files=job.options.extra_rules), job.options)


def check_one(checker: Checker, job: Job, path: str, problem: str | None = None, data: bytes | None = None) -> Outcome:
    """Check one input (the file at `path`, or `data` named `path`); any failure to read it becomes the
    outcome's error."""
    if problem:
        return Outcome(path, error=problem)
    try:
        result = checker.check_path(path) if data is None else checker.check_data(data, path)
    except InputError as exc:
        return Outcome(path, error=exc.problem)
    except TimeLimitExceeded as exc:
        return Outcome(path, error=str(exc), timed_out=True)
    except FzcheckError as exc:
        return Outcome(path, error=str(exc))
    except Exception as exc:  # a bug met on one odd file must not lose the other 999 results
        return Outcome(path, error=f"检查时出现内部错误：{type(exc).__name__}: {exc}", internal=True)
    if job.config.changes_results:
        result = adjust(result, job.config, partial(grade, checker.ruleset_for(result.profile)))
    if not job.keep_lines:
        result = replace(result, lines=())
    if job.json_batch is not None:
        return Outcome(path, result=slim(result), rendered=report_text(result, job.json_batch))
    return Outcome(path, result=result)


# Per worker process: built once by the pool's initializer.
_WORKER: tuple[Checker, Job] | None = None


def _init_worker(job: Job) -> None:
    global _WORKER
    # Ctrl-C is the parent's to handle: it cancels the batch; workers just stop when told.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (make_checker(job), job)


def _work(item: tuple[str, str | None]) -> Outcome:
    assert _WORKER is not None, "worker not initialised"
    checker, job = _WORKER
    return check_one(checker, job, *item)


def run(
    items: Sequence[tuple[str, str | None]],
    job: Job,
    jobs: int = 1,
    checker: Checker | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Check (path, problem-or-None) items and yield outcomes in input order.

    With `jobs` > 1 and at least PARALLEL_MIN files (standard input excluded: only this process can
    read it) the files are spread over a process pool in chunks."""
    parallel = jobs > 1 and len(items) >= PARALLEL_MIN and all(path != "-" for path, _ in items)
    if not parallel:
        checker = checker or make_checker(job)
        for path, problem in items:
            outcome = check_one(checker, job, path, problem)
            if on_done:
                on_done(outcome)
            yield outcome
        return
    workers = min(jobs, len(items))
    # Chunks amortise the inter-process round trip; several per worker keep the load balanced.
    chunksize = max(1, min(32, len(items) // (workers * 4)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(job,))
    try:
        for outcome in pool.map(_work, items, chunksize=chunksize):
            if on_done:
                on_done(outcome)
            yield outcome
    finally:
        # On Ctrl-C or an abandoned generator, drop the chunks not yet started instead of finishing them.
        pool.shutdown(wait=True, cancel_futures=True)
