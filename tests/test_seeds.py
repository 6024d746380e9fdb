"""End to end on the five real reports: verdicts against the hand-reasoned reference."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import SEEDS, statuses

EXPECTED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "expected" / "seed-verdicts.yaml"
EXPECTED = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))


def _cases():
    for name, spec in EXPECTED["reports"].items():
        overrides = EXPECTED.get("ours", {}).get(name, {})
        for element_id, status in spec["verdicts"].items():
            expected = overrides.get(element_id, {}).get("status", status)
            yield pytest.param(name, element_id, expected, id=f"{name[:3]}-{element_id}")


@pytest.fixture(scope="module")
def seed_results(checker):
    return {name: checker.check_path(str(SEEDS / name)) for name in EXPECTED["reports"]}


@pytest.mark.parametrize(("name", "element_id", "expected"), list(_cases()))
def test_seed_verdict(seed_results, name, element_id, expected):
    element = seed_results[name].element(element_id)
    assert element is not None
    assert element.status == expected, f"{element.evidence[:1]} {element.missing}"


@pytest.mark.parametrize("name", list(EXPECTED["reports"]))
def test_seed_profile_and_year(seed_results, name):
    result = seed_results[name]
    assert result.profile == EXPECTED["reports"][name]["profile"]
    assert result.year == EXPECTED["reports"][name]["year"]


def test_reference_agreement_and_no_fail_turned_pass(seed_results):
    agree = total = 0
    for name, spec in EXPECTED["reports"].items():
        got = statuses(seed_results[name])
        for element_id, reference in spec["verdicts"].items():
            total += 1
            agree += got[element_id] == reference
            assert not (reference == "fail" and got[element_id] == "pass"), (
                f"{name} {element_id}: reference fail, got pass"
            )
    assert agree / total >= 0.85


def test_every_element_is_reported(seed_results, ruleset):
    ids = {rule.id for rule in ruleset.rules}
    for result in seed_results.values():
        assert {e.id for e in result.elements} == ids


def test_evidence_points_at_the_right_line():
    # Seed 001: the reconsideration sentence "零发生" is on line 25 of the file.
    from checker.pipeline import Checker
    from checker.ruleset import load_ruleset

    result = Checker(load_ruleset()).check_path(str(SEEDS / "001_fc7b85533537df1c.txt"))
    evidence = result.element("content.administrative_reconsideration").evidence
    assert evidence[0].line == 25
    assert "零发生" in evidence[0].text
    # The plan heading "三、2024年工作思路" is line 47.
    assert result.element("section.next_year_plan").evidence[0].line == 47
