"""Worker processes that check uploaded reports, each report under a time limit.

A report that runs past the limit costs only its own worker: the worker (and anything it started, such
as LibreOffice converting a .doc) is killed and replaced, the request gets a timeout error, and every
other request goes on. concurrent.futures cannot do this (a running task cannot be stopped), hence one
pipe per worker here. Workers come from a fork server that has already imported the checker, so a
replacement is ready in well under a second; each builds its checker once (`batch.make_checker`) and
checks with `batch.check_one`, exactly as `fzcheck check` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any, Protocol

from checker.batch import Job, Outcome, check_one, make_checker
from checker.pipeline import Checker
from checker.web.errors import WebError

log = logging.getLogger("fzcheck.web")

_READY = "ready"
# How long a new worker may take to import and compile the rule set before it is given up on.
_START_SECONDS = 120.0
# After a worker could not be started, wait this long before trying again.
_RETRY_SECONDS = 5.0
# A check stops itself at the time limit (checker.budget, the same seconds) and answers with a clear
# error, keeping its worker; the worker is killed only this much later, when a stage could not be stopped.
_KILL_GRACE_SECONDS = 2.0


class Task(Protocol):
    """Work for a worker process (a check, a page, a download): it must pickle, and is performed with
    the worker's checker."""

    def perform(self, checker: Checker, job: Job) -> Any: ...


@dataclass(frozen=True)
class CheckTask:
    """One report: its bytes, its label, and what the caller needs back (see batch.Job)."""

    path: str
    data: bytes
    keep_lines: bool = False
    json_batch: bool | None = None

    def perform(self, checker: Checker, job: Job) -> Outcome:
        task_job = replace(job, keep_lines=self.keep_lines, json_batch=self.json_batch)
        return check_one(checker, task_job, self.path, None, self.data)


class TimedOut(Exception):
    """The task ran past the time limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker exited (or failed) while running the task."""


@dataclass(frozen=True)
class _Failure:
    """A task raised in the worker: only the exception's type comes back (its message may quote a report)."""

    kind: str


def _worker_main(conn: Connection, job: Job, memory_bytes: int | None) -> None:
    """A worker's life: build the checker once, then check tasks until the pipe closes."""
    if hasattr(os, "setpgid"):  # POSIX: its own process group, so a kill also ends a converter it started
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_bytes:
        # A hostile file that makes a loader balloon hits MemoryError here instead of starving the host.
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    checker = make_checker(job)
    conn.send(_READY)
    while True:
        try:
            task: Task = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        try:
            answer = task.perform(checker, job)
        except Exception as exc:  # a renderer's bug must not end the worker
            answer = _Failure(type(exc).__name__)
        conn.send(answer)


class _Worker:
    """One worker process and its pipe; every method blocks and runs on the pool's threads."""

    def __init__(self, context: multiprocessing.context.BaseContext, job: Job, memory_bytes: int | None) -> None:
        self._context = context
        self._job = job
        self._memory_bytes = memory_bytes
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    @property
    def alive(self) -> bool:
        return self._conn is not None

    def start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self._job, self._memory_bytes), name="fzcheck-worker", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        try:
            ready = parent.poll(_START_SECONDS) and parent.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RuntimeError("检查进程未能启动")

    def call(self, task: Task, seconds: float) -> Any:
        """Run one task; past `seconds` the worker is killed and TimedOut raised."""
        assert self._conn is not None, "worker not started"
        try:
            self._conn.send(task)
            if self._conn.poll(seconds + _KILL_GRACE_SECONDS):
                answer = self._conn.recv()
                if isinstance(answer, _Failure):
                    raise WorkerDied(answer.kind)
                return answer
        except (EOFError, OSError):
            self.stop()
            raise WorkerDied("exited") from None
        self.stop()
        raise TimedOut(seconds)

    def stop(self) -> None:
        """Kill the worker and whatever it started, and reap it."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is None or process.pid is None:
            return
        if hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.join(5)


class CheckPool:
    """Runs tasks (checks, renders) on `workers` processes, each under `seconds`; at most `queue` tasks
    wait for a worker before the pool answers 503."""

    def __init__(
        self, job: Job, workers: int, seconds: float, queue: int = 256, memory_bytes: int | None = None
    ) -> None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            # Workers fork from a server that already holds the checker's modules: starting one costs
            # only the rule set's compilation.
            context.set_forkserver_preload(["checker.batch", "checker.web.pool", "checker.web.page"])
        else:  # Windows
            context = multiprocessing.get_context("spawn")
        self.seconds = seconds
        self.queue = queue
        self._workers = [_Worker(context, job, memory_bytes) for _ in range(workers)]
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="fzcheck-pool")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._waiting = 0
        self._restarts: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.start) for w in self._workers))
        for worker in self._workers:
            self._idle.put_nowait(worker)

    async def run(self, task: Task) -> Any:
        """Run a task on the next free worker (TimedOut, WorkerDied, or WebError 503 when too many wait)."""
        if self._waiting >= self.queue:
            raise WebError(503, "服务器繁忙：排队检查的报告太多，请稍后再试", {"Retry-After": "5"})
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        future = asyncio.get_running_loop().run_in_executor(self._threads, worker.call, task, self.seconds)
        # Released when the call ends, even if the request awaiting it is cancelled meanwhile.
        future.add_done_callback(lambda _: self._release(worker))
        return await asyncio.shield(future)

    def _release(self, worker: _Worker) -> None:
        if worker.alive:
            self._idle.put_nowait(worker)
            return
        restart = asyncio.get_running_loop().create_task(self._restart(worker))
        self._restarts.add(restart)
        restart.add_done_callback(self._restarts.discard)

    async def _restart(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                await loop.run_in_executor(self._threads, worker.start)
                break
            except RuntimeError:
                log.error("检查进程未能启动，%g 秒后重试", _RETRY_SECONDS)
                await asyncio.sleep(_RETRY_SECONDS)
        self._idle.put_nowait(worker)

    def close(self) -> None:
        for task in self._restarts:
            task.cancel()
        for worker in self._workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
