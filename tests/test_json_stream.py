"""JSON written report by report is byte for byte the JSON of the whole run."""

from __future__ import annotations

import json

import pytest

from checker.cli import main
from checker.render import json_report
from checker.render.model import Run, catalog_of
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("count", [1, 3, 5])
def test_stream_equals_whole_document(checker, ruleset, capsys, count):
    paths = [str(p) for p in SEED_FILES[:count]]
    assert main(["check", *paths, "--format", "json", "--jobs", "1", "--no-config"]) == 0
    streamed = capsys.readouterr().out
    results = tuple(checker.check_path(p) for p in paths)
    whole = json_report.render_run(Run(results, (), ruleset.name, catalog_of(ruleset)))
    assert streamed == whole


def test_stream_with_only_errors_and_to_a_file(tmp_path, ruleset, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out.json"
    assert main(["check", str(empty), str(tmp_path / "missing.txt"), "--format", f"json:{out}", "--no-config"]) == 2
    errors = ((str(empty), "文件为空"), (str(tmp_path / "missing.txt"), "文件不存在；请检查路径和文件名"))
    whole = json_report.render_run(Run((), errors, ruleset.name, catalog_of(ruleset)))
    assert out.read_text(encoding="utf-8") == whole
    assert not list(tmp_path.glob(".out.json.*"))


def test_parallel_workers_render_the_same_bytes(tmp_path, checker, ruleset, capsys):
    """Workers render each report's JSON themselves; the document is still the whole run's, with each
    report of the batch on one line."""
    paths = []
    for i in range(10):  # enough for the process pool
        seed = SEED_FILES[i % len(SEED_FILES)]
        path = tmp_path / f"r{i:02d}.txt"
        path.write_bytes(seed.read_bytes())
        paths.append(str(path))
    assert main(["check", *paths, "--format", "json", "--jobs", "2", "--no-config"]) == 0
    streamed = capsys.readouterr().out
    results = tuple(checker.check_path(p) for p in paths)
    assert streamed == json_report.render_run(Run(results, (), ruleset.name, catalog_of(ruleset)))
    report_lines = [line for line in streamed.splitlines() if line.startswith('    {"path": ')]
    assert [json.loads(line.rstrip(","))["path"] for line in report_lines] == paths
