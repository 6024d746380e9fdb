"""Reports written for these tests: a department report and a weak township 总结."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, statuses

REPORTS = ROOT / "fixtures" / "reports"
EXPECTED = yaml.safe_load((ROOT / "fixtures" / "expected" / "reports.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(checker):
    return {name: checker.check_path(str(REPORTS / name)) for name in EXPECTED}


@pytest.mark.parametrize(
    ("name", "element_id", "expected"),
    [(n, e, s) for n, spec in EXPECTED.items() for e, s in spec["verdicts"].items()],
)
def test_verdict(results, name, element_id, expected):
    assert statuses(results[name])[element_id] == expected


@pytest.mark.parametrize("name", list(EXPECTED))
def test_profile_and_year(results, name):
    assert (results[name].profile, results[name].year) == (EXPECTED[name]["profile"], EXPECTED[name]["year"])


def test_weak_report_fails_and_strong_report_excels(results):
    assert results["weak_township_2024.txt"].grade == "不合格"
    assert results["department_market_2023.txt"].score >= 85


def test_not_applicable_elements_give_no_advice(results):
    element = results["weak_township_2024.txt"].element("compliance.department_submission")
    assert (element.missing, element.fix) == ("", "")


def test_paths_are_the_files_given(results):
    assert all(Path(r.path).name == name for name, r in results.items())
