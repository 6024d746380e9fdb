"""Checking never modifies its inputs, and the same input always gives byte-identical JSON."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import SEEDS

FORMATS = SEEDS.parent / "formats"


def _state(directory: Path) -> dict[str, tuple[str, int, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, stat.S_IMODE(p.stat().st_mode))
        for p in sorted(directory.iterdir())
    }


@pytest.fixture
def read_only_inputs(tmp_path):
    directory = tmp_path / "inputs"
    directory.mkdir()
    for source in [*sorted(SEEDS.glob("*.txt"))[:2], FORMATS / "gov_page.html", FORMATS / "seed001.pdf"]:
        shutil.copy(source, directory / source.name)
    for path in directory.iterdir():
        path.chmod(0o444)
    directory.chmod(0o555)
    yield directory
    directory.chmod(0o755)


def test_inputs_are_never_modified(read_only_inputs, checker, capsys):
    before = _state(read_only_inputs)
    for path in sorted(read_only_inputs.iterdir()):
        checker.check_path(str(path))
    assert main(["check", str(read_only_inputs), "--format", "json"]) in (0, 1)
    main(["check", *map(str, sorted(read_only_inputs.iterdir()))])
    capsys.readouterr()
    assert _state(read_only_inputs) == before
    assert sorted(os.listdir(read_only_inputs)) == sorted(before)


def test_same_input_gives_byte_identical_json(capsys):
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))] + [str(FORMATS / "gov_page.html")]
    outputs = []
    for _ in range(2):
        main(["check", *paths, "--format", "json"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].strip()
