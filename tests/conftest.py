"""Shared helpers: a checker built once per session, and a way to check text without files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.pipeline import Checker, CheckOptions
from checker.read.source import SourceDocument, lines_from_text
from checker.results import ReportResult
from checker.ruleset import Ruleset, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the rule-validation cache of this test run out of the user's home directory."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset()


@pytest.fixture(scope="session")
def checker(ruleset: Ruleset) -> Checker:
    return Checker(ruleset)


def check_text(checker: Checker, text: str, name: str = "report.txt") -> ReportResult:
    """Check a report given as a string, as if read from a UTF-8 text file."""
    return checker.check_source(SourceDocument(name, "text", lines_from_text(text)))


def statuses(result: ReportResult) -> dict[str, str]:
    return {element.id: element.status for element in result.elements}


def profile_checker(ruleset: Ruleset, profile: str) -> Checker:
    return Checker(ruleset, CheckOptions(profile=profile))
