"""JSON written report by report is byte for byte the JSON of the whole run."""

from __future__ import annotations

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
    errors = ((str(empty), "文件为空"), (str(tmp_path / "missing.txt"), "文件不存在"))
    whole = json_report.render_run(Run((), errors, ruleset.name, catalog_of(ruleset)))
    assert out.read_text(encoding="utf-8") == whole
    assert not list(tmp_path.glob(".out.json.*"))
