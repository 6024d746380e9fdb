"""A time budget for checking one report: a clear one-line error instead of a stalled batch or web worker.

Every stage of a check is linear in the size of its input (tests/test_linear_time.py), so a report takes
milliseconds and a 20 MB one a few seconds. The budget is the safety net for what those tests never
saw: a rule pack's regular expression, a corner of a format library. Two mechanisms enforce it:

- the deadline is looked at between stages and between rules, in whatever thread the check runs;
- in a process's main thread (the CLI, each worker of a parallel batch, a web server's worker process),
  an interval timer (SIGALRM) also stops a stage in the middle, even inside a regular-expression search:
  the `re` module checks for signals while it matches.

A check running in another thread (a web framework's thread pool) gets only the first; run checks in
worker processes when a stage must be stopped in the middle.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from checker.errors import FzcheckError

# Seconds one report may take by default: an ordinary report needs milliseconds, a 20 MB one a few seconds.
DEFAULT_TIME_LIMIT = 10.0
# Once the deadline has passed the timer goes off again this often: an exception raised where Python
# cannot pass it on (in a weakref callback or a __del__ run by the garbage collector) is lost.
_REPEAT_SECONDS = 0.05

STAGE_LABELS = {
    "start": "开始检查",
    "load": "读取文件",
    "script": "识别繁简",
    "segment": "分段和识别章节",
    "facts": "识别年度和报告主体",
    "context": "准备规则匹配",
    "locations": "定位证据",
    "result": "汇总结果",
}


class TimeLimitExceeded(FzcheckError):
    """A report took longer than its time budget; says how long the budget was and where it stopped."""

    def __init__(self, seconds: float, stage: str) -> None:
        label = STAGE_LABELS.get(stage) or (f"检查要素 {stage[5:]}" if stage.startswith("rule:") else stage)
        super().__init__(
            f"检查超时：超过每份报告 {seconds:g} 秒的时限，停在“{label}”阶段"
            "（可用 --time-limit 或配置项 time_limit 调整；文件可能过大或结构异常）"
        )
        self.seconds = seconds
        self.stage = stage


class Budget:
    """The time one report may take, and the stage it is in.

    `enter(stage)` marks the start of a stage and raises TimeLimitExceeded once the deadline has
    passed. With `record`, the time spent in each stage is kept in `timings` (for benchmarks and for
    tests that look at how each stage grows with its input). `seconds` of None or 0 means no limit."""

    def __init__(
        self, seconds: float | None = None, clock: Callable[[], float] = time.monotonic, record: bool = False
    ) -> None:
        self.seconds = seconds or None
        self.clock = clock
        self.stage = "start"
        self.timings: dict[str, float] | None = {} if record else None
        self._since = clock()
        self._deadline = self._since + self.seconds if self.seconds else None
        self._armed = False
        self._timer = False

    def enter(self, stage: str) -> None:
        """Start a stage (after the one before it has finished)."""
        now = self.clock()
        if self.timings is not None:
            self.timings[self.stage] = self.timings.get(self.stage, 0.0) + now - self._since
        self.stage, self._since = stage, now
        if self._deadline is not None and now > self._deadline:
            raise TimeLimitExceeded(self.seconds or 0.0, stage)

    def finish(self) -> None:
        """The check is done: account for the last stage."""
        self.enter("done")

    @contextmanager
    def armed(self) -> Iterator[None]:
        """Stop the check in the middle of a stage when the deadline passes, where a timer can: in the
        main thread, and only if no other timer is running there (an outer check already armed one)."""
        if not self._can_arm():
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self._armed = self._timer = True
        self._set_timer()
        try:
            yield
        finally:
            try:
                self._disarm(previous)
            finally:  # an alarm that went off before the first line of _disarm is the only one that can
                self._disarm(previous)

    def _disarm(self, previous: signal.Handlers | Callable[..., object] | int | None) -> None:
        self._armed = self._timer = False  # from here on an alarm still on its way does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Time that is not the report's (compiling the rule set for a kind of body the run meets for the
        first time): the deadline moves on by as much, and the timer waits."""
        start = self.clock()
        if self._timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            yield
        finally:
            if self._deadline is not None:
                self._deadline += self.clock() - start
            if self._timer:
                self._set_timer()

    def _set_timer(self) -> None:
        assert self._deadline is not None
        signal.setitimer(signal.ITIMER_REAL, max(self._deadline - self.clock(), 0.001), _REPEAT_SECONDS)

    def _can_arm(self) -> bool:
        return (
            self._deadline is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        )

    def _on_alarm(self, _signum: int, _frame: FrameType | None) -> None:
        if self._armed:
            raise TimeLimitExceeded(self.seconds or 0.0, self.stage)
