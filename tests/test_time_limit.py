"""The time limit per report: a report that takes too long becomes a one-line error, the others go on.

A slow check is made by replacing a stage with one that stalls on reports named "slow…" (a sleep, or a
regular expression that backtracks for hours); no test depends on how fast this machine is.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import threading
import time

import pytest

import checker.pipeline
from checker.batch import Job, run
from checker.budget import DEFAULT_TIME_LIMIT, Budget, TimeLimitExceeded
from checker.cli import main
from checker.pipeline import Checker, CheckOptions
from checker.read.source import SourceDocument, lines_from_text
from tests.conftest import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]
REAL_SEGMENT = checker.pipeline.segment
# Set by a stalling stage that ran to its end: it must never be, when the limit stops the stage.
FINISHED: list[str] = []


def _stall(source: SourceDocument, conventions):
    """The segmenter, except that reports named slow… stall in it: on a sleep by default, or in the C
    code of a catastrophically backtracking regex when named slow-regex…."""
    name = source.path.rsplit("/", 1)[-1]
    if name.startswith("slow-regex"):
        re.match(r"(a+)+$", "a" * 60 + "b")  # about 2^60 steps
        FINISHED.append(name)
    elif name.startswith("slow"):
        time.sleep(300)
        FINISHED.append(name)
    return REAL_SEGMENT(source, conventions)


@pytest.fixture
def stalling(monkeypatch):
    FINISHED.clear()
    monkeypatch.setattr(checker.pipeline, "segment", _stall)


def _source(name: str) -> SourceDocument:
    return SourceDocument(name, "text", lines_from_text(SEED.read_text(encoding="utf-8")))


def _batch(tmp_path, names: list[str]) -> list[str]:
    paths = []
    for name in names:
        shutil.copy(SEED, tmp_path / name)
        paths.append(str(tmp_path / name))
    return paths


def test_the_default_limit_is_a_few_seconds(ruleset):
    assert 2 <= DEFAULT_TIME_LIMIT <= 60
    assert CheckOptions().time_limit == DEFAULT_TIME_LIMIT
    assert Checker(ruleset).budget().seconds == DEFAULT_TIME_LIMIT


@pytest.mark.parametrize("name", ["slow.txt", "slow-regex.txt"])
def test_a_stage_past_the_limit_is_stopped_in_the_middle(ruleset, stalling, name):
    limited = Checker(ruleset, CheckOptions(time_limit=0.2))
    with pytest.raises(TimeLimitExceeded) as stopped:
        limited.check_source(_source(name))
    assert FINISHED == []  # stopped inside the stage, not after it
    message = str(stopped.value)
    assert "\n" not in message
    assert "时限" in message and "0.2 秒" in message and "分段" in message and "--time-limit" in message
    # The timer and the handler are as they were before the check.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_reports_within_the_limit_are_checked_as_without_one(ruleset, stalling):
    limited = Checker(ruleset, CheckOptions(time_limit=5))
    unlimited = Checker(ruleset, CheckOptions(time_limit=None))
    assert limited.check_source(_source("fast.txt")) == unlimited.check_source(_source("fast.txt"))


def test_in_another_thread_the_limit_is_kept_between_stages(ruleset, monkeypatch):
    # A web server may check in a thread pool, where no timer can interrupt a stage: the check then stops
    # when the stage is over, before the next one.
    def slow_segment(source, conventions):
        time.sleep(1.0)
        FINISHED.append(source.path)
        return REAL_SEGMENT(source, conventions)

    FINISHED.clear()
    monkeypatch.setattr(checker.pipeline, "segment", slow_segment)
    raised: list[BaseException] = []

    def check() -> None:
        try:
            Checker(ruleset, CheckOptions(time_limit=0.5)).check_source(_source("slow.txt"))
        except TimeLimitExceeded as exc:
            raised.append(exc)

    thread = threading.Thread(target=check)
    thread.start()
    thread.join()
    assert FINISHED == ["slow.txt"]
    assert len(raised) == 1 and raised[0].stage == "facts"


def test_the_budget_records_where_the_time_went():
    clock = iter([0.0, 1.0, 3.0, 3.5]).__next__
    budget = Budget(None, clock=clock, record=True)
    budget.enter("segment")
    budget.enter("facts")
    budget.finish()
    assert budget.timings == {"start": 1.0, "segment": 2.0, "facts": 0.5}


def test_compiling_the_rule_set_does_not_count():
    clock = iter([0.0, 0.5, 0.6, 5.6, 5.8]).__next__
    budget = Budget(1.0, clock=clock)
    budget.enter("facts")
    with budget.paused():  # 5 seconds
        pass
    budget.enter("context")  # 0.8 s of the report's own time: within the limit


def test_a_deadline_passed_between_stages_names_the_next_stage():
    clock = iter([0.0, 0.5, 2.0]).__next__
    budget = Budget(1.0, clock=clock)
    budget.enter("segment")
    with pytest.raises(TimeLimitExceeded) as stopped:
        budget.enter("rule:content.major_decisions")
    assert "检查要素 content.major_decisions" in str(stopped.value)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_goes_on_past_a_slow_report(tmp_path, ruleset, stalling, jobs):
    names = ["a.txt", "b.txt", "c.txt", "d.txt", "slow.txt", "e.txt", "f.txt", "g.txt"]
    paths = _batch(tmp_path, names)
    # A second is fifty times what the seed takes on an idle machine; the slow report stalls for minutes.
    job = Job(CheckOptions(time_limit=1))
    outcomes = list(run([(p, None) for p in paths], job, jobs=jobs))
    assert [o.path for o in outcomes] == paths
    for outcome, name in zip(outcomes, names, strict=True):
        if name.startswith("slow"):
            assert outcome.result is None and outcome.timed_out and "时限" in (outcome.error or "")
        else:
            assert outcome.result is not None and outcome.error is None
    unlimited = Checker(ruleset, CheckOptions(time_limit=None)).check_path(paths[0])
    assert outcomes[0].result is not None
    assert outcomes[0].result.elements == unlimited.elements


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_reports_the_slow_report_and_exits_2(tmp_path, stalling, capsys, jobs):
    names = ["a.txt", "b.txt", "c.txt", "slow.txt", "d.txt", "e.txt", "f.txt", "g.txt"]
    _batch(tmp_path, names)
    code = main(["check", str(tmp_path), "--time-limit", "1", "--jobs", jobs, "--format", "json", "--no-config"])
    captured = capsys.readouterr()
    assert code == 2
    errors = [line for line in captured.err.splitlines() if "slow.txt" in line]
    assert len(errors) == 1 and "检查超时" in errors[0]
    document = json.loads(captured.out)
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in document["reports"]) == sorted(set(names) - {"slow.txt"})
    assert [e["path"].rsplit("/", 1)[-1] for e in document["errors"]] == ["slow.txt"]


def test_the_limit_comes_from_the_configuration_and_the_option_wins(tmp_path, stalling, capsys, monkeypatch):
    _batch(tmp_path, ["slow.txt"])
    (tmp_path / ".fzcheck.yaml").write_text("time_limit: 0.3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "slow.txt", "--format", "json"]) == 2
    assert "0.3 秒的时限" in capsys.readouterr().err
    assert main(["check", "slow.txt", "--format", "json", "--time-limit", "0.2"]) == 2
    assert "0.2 秒的时限" in capsys.readouterr().err


def test_zero_means_no_limit(tmp_path, monkeypatch, capsys):
    seen: list[float | None] = []
    real_budget = Checker.budget

    def spy(self):
        seen.append(self.options.time_limit)
        return real_budget(self)

    monkeypatch.setattr(Checker, "budget", spy)
    _batch(tmp_path, ["a.txt"])
    assert main(["check", str(tmp_path / "a.txt"), "--time-limit", "0", "--format", "json", "--no-config"]) == 0
    assert seen == [None]


def test_a_bad_limit_is_a_usage_error(capsys):
    assert main(["check", str(SEED), "--time-limit", "-1"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--time-limit" in error and "秒" in error


def test_a_bad_limit_in_the_configuration_names_the_line(tmp_path, capsys, monkeypatch):
    (tmp_path / ".fzcheck.yaml").write_text("fail_under: 60\ntime_limit: -3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED)]) == 2
    assert ".fzcheck.yaml:2" in capsys.readouterr().err


def test_a_check_pauses_the_cycle_collector_and_restores_it(ruleset, monkeypatch):
    import gc

    seen: list[bool] = []

    def watching(source, conventions):
        seen.append(gc.isenabled())
        return REAL_SEGMENT(source, conventions)

    monkeypatch.setattr(checker.pipeline, "segment", watching)
    assert gc.isenabled()
    Checker(ruleset).check_source(_source("a.txt"))
    assert seen == [False] and gc.isenabled()
    with pytest.raises(TimeLimitExceeded):
        Checker(ruleset, CheckOptions(time_limit=1e-9)).check_source(_source("a.txt"))
    assert gc.isenabled()
