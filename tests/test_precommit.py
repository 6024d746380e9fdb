"""The real pre-commit framework runs fzcheck as a user sets it up: a good report passes, a bad one fails,
and the failing output starts with the reason.

Two set-ups, both exactly as the README gives them:
- the README's `.pre-commit-config.yaml` (a local hook calling the installed `fzcheck`), copied as is into
  a new git repository, installed with `pre-commit install` and exercised by real `git commit`s;
- the hook of `.pre-commit-hooks.yaml`, installed from a repository at a `rev` that exists in it: pre-commit
  clones it, builds a virtual environment and pip-installs fzcheck and its dependencies there (from the
  package index, as for any user; ≈1 minute, so it is marked slow: `pytest -m slow` runs it, CI always does).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

GOOD = SEEDS / "003_de700f0da81c1964.txt"
BAD_REPORT = "关于2023年工作的说明\n\n今年工作很好。\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(*args: str, cwd: Path, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=fzcheck-test",
            "-c",
            "user.email=test@fzcheck.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=check,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def _environment(tmp_path: Path) -> dict[str, str]:
    """This test run's environment, with a private pre-commit cache and this interpreter's scripts (the
    installed `fzcheck` and `pre-commit`) first on PATH, as in an activated virtual environment."""
    scripts = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PRE_COMMIT_COLOR": "never",
    }


def _readme_config() -> str:
    """The `.pre-commit-config.yaml` the README gives: its YAML block with a local hook."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    configs = [block for block in blocks if "repo: local" in block and "id: fzcheck" in block]
    assert len(configs) == 1, "README should give exactly one local pre-commit configuration"
    return configs[0]


def _hook_output(output: str) -> list[str]:
    """What the hook printed, without pre-commit's own header (name....Failed, hook id, exit code)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("- exit code:"))
    return [line for line in lines[start + 1 :] if line.strip()]


def _assert_refused_with_the_reason_first(result: subprocess.CompletedProcess, bad: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output
    first, *problems = _hook_output(output)
    assert first.startswith(f"{bad}: 未通过 — 得分 ") and "低于 60" in first, output
    assert problems and all(line.startswith(f"{bad}:") for line in problems), output


def test_readme_configuration_blocks_a_bad_report_at_commit(tmp_path):
    pytest.importorskip("pre_commit")
    env = _environment(tmp_path)
    if shutil.which("fzcheck", path=env["PATH"]) is None:
        pytest.skip("the fzcheck command is not installed next to this interpreter")
    repo = tmp_path / "reports-repo"
    (repo / "reports").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(_readme_config(), encoding="utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    shutil.copy(GOOD, repo / "reports" / "good.txt")
    _git("add", "-A", cwd=repo)
    good = _git("commit", "-q", "-m", "好报告", cwd=repo, check=False, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout + good.stderr

    (repo / "reports" / "bad.txt").write_text(BAD_REPORT, encoding="utf-8")
    (repo / "README.md").write_text("# 说明\n\n不是报告，不检查。\n", encoding="utf-8")
    _git("add", "-A", cwd=repo)
    bad = _git("commit", "-q", "-m", "差报告", cwd=repo, check=False, env=env)
    _assert_refused_with_the_reason_first(bad, "reports/bad.txt")
    assert "README.md" not in bad.stdout + bad.stderr
    # The commit did not happen: only the good report is in the history.
    assert _git("log", "--format=%s", cwd=repo).stdout.split() == ["好报告"]


def _copy_checkout(destination: Path) -> None:
    """The files git would see in this checkout (tracked and new, not ignored), as they are now."""
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


@pytest.mark.slow
def test_hook_installed_by_pre_commit_from_a_repository(tmp_path):
    pytest.importorskip("pre_commit")
    env = _environment(tmp_path)
    hooks = tmp_path / "fzcheck-repo"
    hooks.mkdir()
    _copy_checkout(hooks)
    _git("init", "-q", cwd=hooks)
    _git("add", "-A", cwd=hooks)
    _git("commit", "-q", "-m", "snapshot of this checkout", cwd=hooks)
    rev = _git("rev-parse", "HEAD", cwd=hooks).stdout.strip()

    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    shutil.copy(GOOD, project / "reports" / "good.txt")
    (project / "reports" / "bad.txt").write_text(BAD_REPORT, encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: fzcheck\n"
        '        files: ^reports/\n        args: [--fail-under, "60"]\n',
        encoding="utf-8",
    )
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    good = run("reports/good.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    _assert_refused_with_the_reason_first(run("reports/bad.txt"), "reports/bad.txt")
