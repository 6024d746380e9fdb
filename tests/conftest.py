"""Shared helpers: a checker built once per session, and a way to check text without files."""

from __future__ import annotations

import os
import re
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


# Words a Chinese message may contain: our program's name and the names of formats, encodings and tools
# a user meets by those names. Anything else in Latin letters is English leaking from the OS or a library.
OUR_WORDS = frozenset(
    [
        "fzcheck",
        "pyproject",
        "txt",
        "md",
        "docx",
        "doc",
        "wps",
        "ofd",
        "pdf",
        "html",
        "htm",
        "xlsx",
        "zip",
        "utf",
        "gb18030",
        "gbk",
        "bom",
        "yaml",
        "yml",
        "toml",
        "json",
        "ocr",
        "libreoffice",
        "soffice",
        "headless",
        "convert",
        "word",
        "excel",
        "xml",
        "content_types",
        "csv",
        "sarif",
        "junit",
        "github",
    ]
)


def english_words(message: str, *names: str) -> list[str]:
    """The Latin-letter words of `message` that are neither ours nor words of the file names, keys and
    values it quotes (`names`), nor an option (--max-bytes) it tells the user to use."""
    word = re.compile(r"[A-Za-z][A-Za-z_']*")
    allowed = OUR_WORDS | {w.lower().strip("'_") for name in names for w in word.findall(name)}
    message = re.sub(r"--?[a-z][a-z-]*", " ", message)
    return [w for w in word.findall(message) if w.lower().strip("'_") not in allowed]
