"""Batch checking: parallel and sequential runs agree, keep input order, survive unreadable files, and the
exit code reflects the worst report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import checker.batch as batch
from checker.batch import Job, Outcome, run
from checker.cli import main
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The five seeds twice (10 files, above the parallel threshold) and an empty file in the middle."""
    directory = tmp_path_factory.mktemp("corpus")
    for copy in ("a", "b"):
        for seed in SEED_FILES:
            shutil.copy(seed, directory / f"{copy}_{seed.name}")
    (directory / "a_zz_empty.txt").write_bytes(b"")
    return directory


def _items(directory: Path) -> list[tuple[str, str | None]]:
    return [(str(p), None) for p in sorted(directory.glob("*.txt"))]


def test_parallel_equals_sequential_in_input_order(corpus, monkeypatch):
    pools = []
    real = batch.ProcessPoolExecutor

    def spy(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", spy)
    items = _items(corpus)
    sequential = list(run(items, Job(), jobs=1))
    assert pools == []
    parallel = list(run(items, Job(), jobs=2))
    assert pools == [2]
    assert [o.path for o in parallel] == [path for path, _ in items]
    assert parallel == sequential


def test_unreadable_file_is_one_outcome_and_the_rest_go_on(corpus):
    outcomes = list(run(_items(corpus), Job(), jobs=2))
    errors = [o for o in outcomes if o.error]
    assert [Path(o.path).name for o in errors] == ["a_zz_empty.txt"]
    assert "为空" in errors[0].error
    assert sum(o.result is not None for o in outcomes) == 10


def test_lines_are_dropped_unless_asked_for():
    path = str(SEED_FILES[0])
    (plain,) = run([(path, None)], Job())
    (kept,) = run([(path, None)], Job(keep_lines=True))
    assert plain.result.lines == ()
    text_lines = SEED_FILES[0].read_text(encoding="utf-8").split("\n")
    assert [text for _, text in kept.result.lines] == text_lines


def test_small_batches_and_stdin_stay_sequential(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("no process pool expected")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", forbidden)
    items = [(str(p), None) for p in SEED_FILES]  # 5 < PARALLEL_MIN
    assert all(isinstance(o, Outcome) and o.result for o in run(items, Job(), jobs=4))
    stdin_outcomes = list(run([("-", "（测试）不读标准输入")] * 9, Job(), jobs=4))
    assert {o.error for o in stdin_outcomes} == {"（测试）不读标准输入"}


def test_cli_batch_json_has_ranking_and_coverage(corpus, capsys):
    code = main(["check", str(corpus), "--format", "json", "--jobs", "2"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2  # the empty file is an input error
    assert len(document["reports"]) == 10 and len(document["errors"]) == 1
    ranking = document["batch"]["ranking"]
    assert [r["score"] for r in ranking] == sorted((r["score"] for r in ranking), reverse=True)
    # Every report appears twice, so equal scores come in pairs sharing one rank.
    assert [r["rank"] for r in ranking][:2] == [1, 1]
    for item in document["batch"]["coverage"]:
        # Each status count is even: every verdict is repeated by the identical copy.
        assert all(count % 2 == 0 for count in item["counts"].values())
        assert sum(item["counts"].values()) == 10


def test_exit_code_reflects_the_worst_report(tmp_path, capsys):
    good, weak = SEED_FILES[3], tmp_path / "weak.txt"
    weak.write_text("关于2023年工作的说明\n\n今年工作很好。\n", encoding="utf-8")
    # The weak text has none of the statutory sections, so it scores far below 60; the seed does not.
    assert main(["check", str(good), "--fail-under", "60", "-f", "json"]) == 0
    assert main(["check", str(good), str(weak), "--fail-under", "60", "-f", "json"]) == 1
    assert "weak.txt: 得分" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(good), str(weak), str(empty), "--fail-under", "60", "-f", "json"]) == 2


def test_jobs_must_be_positive(capsys):
    assert main(["check", str(SEED_FILES[0]), "--jobs", "0"]) == 2
    assert "正整数" in capsys.readouterr().err
