"""The real pre-commit framework runs the hook defined in .pre-commit-hooks.yaml (slow, ≈5 s, always run).

`pre-commit try-repo` needs a repository with a commit, so the working tree (committed or not) is copied
into a fresh repository and committed there. Installing the hook environment must work offline: the
hook's virtualenv sees this interpreter's site-packages (the dependencies are already installed), pip is
told not to use an index, and the package is built without build isolation (hatchling is installed with
it). The bad report scores far below the threshold set in the test project's .fzcheck.yaml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

GOOD = SEEDS / "003_de700f0da81c1964.txt"
BAD_REPORT = "关于2023年工作的说明\n\n今年工作很好。\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
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
        check=True,
        capture_output=True,
        timeout=60,
    )


def _copy_tree(destination: Path) -> None:
    """The files git would see in this checkout (tracked and new, not ignored), as they are now."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=60,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


@pytest.fixture
def hook_repo(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "fzcheck-hook"
    repo.mkdir()
    _copy_tree(repo)
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "snapshot for pre-commit try-repo", cwd=repo)
    return repo


def test_pre_commit_hook_passes_good_and_fails_bad_report(hook_repo, tmp_path):
    pytest.importorskip("pre_commit")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(GOOD, project / "good.txt")
    (project / "bad.txt").write_text(BAD_REPORT, encoding="utf-8")
    (project / ".fzcheck.yaml").write_text("fail_under: 60\n", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "fzcheck", "--files", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    good = try_repo("good.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    bad = try_repo("good.txt", "bad.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.txt: 得分" in bad.stdout and "低于 60" in bad.stdout
