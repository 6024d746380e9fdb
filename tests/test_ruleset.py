"""The rule set: catalog coverage, profiles, and errors that name file, line and rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.errors import RuleError
from checker.ruleset import build_ruleset, load_ruleset, rules_dir
from tests.conftest import ROOT, check_text, profile_checker

CATALOG_LIST = ROOT / "fixtures" / "expected" / "catalog-ids.txt"
CATALOG_SPEC = ROOT.parent / "shared" / "spec" / "elements.md"


def catalog_ids() -> set[str]:
    ids = {line.strip() for line in CATALOG_LIST.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"}
    if CATALOG_SPEC.exists():
        # When the shared spec is beside the repository, it is the authority.
        spec = CATALOG_SPEC.read_text(encoding="utf-8")
        ids |= {
            i
            for i in re.findall(r"`([a-z]+\.[a-z_]+)`", spec)
            if i.split(".")[0] in ("meta", "compliance", "section", "content", "quality")
        }
    return ids


def test_every_catalog_element_has_a_rule_with_that_id():
    rule_ids = {rule.id for rule in load_ruleset().rules}
    assert catalog_ids() - rule_ids == set()


@pytest.mark.parametrize("profile", ["township", "county", "department"])
def test_profiles_extend_the_baseline(profile):
    baseline = {r.id: r for r in load_ruleset().rules}
    profiled = {r.id: r for r in load_ruleset(profile).rules}
    assert profiled.keys() == baseline.keys()
    assert profiled["compliance.department_submission"].applies == (profile == "department")


def test_township_gives_lower_weight_to_normative_documents():
    assert (
        load_ruleset("township").rule("content.normative_documents").weight
        < load_ruleset().rule("content.normative_documents").weight
    )


def test_grades_are_defined_in_the_rule_set():
    ruleset = load_ruleset()
    assert ruleset.grade(95) == "优秀" and ruleset.grade(59.9) == "不合格"


@pytest.mark.parametrize(
    ("opening", "profile"),
    [
        ("中共某某镇委员会\n某某镇人民政府", "township"),
        ("某某县人民政府", "county"),
        ("某某县市场监督管理局", "department"),
        ("某某区司法局", "department"),
        ("某某街道办事处", "township"),
    ],
)
def test_profile_is_detected_from_the_signature(ruleset, opening, profile):
    from checker.pipeline import Checker

    text = f"关于2023年法治政府建设情况的报告\n\n一、主要举措和成效\n全年主动公开信息52条。\n\n{opening}\n2024年2月1日"
    assert check_text(Checker(ruleset), text).profile == profile


def test_not_applicable_is_left_out_of_the_score(ruleset):
    text = "关于2023年法治政府建设情况的报告\n\n一、主要举措和成效\n全年主动公开信息52条。"
    result = check_text(profile_checker(ruleset, "township"), text)
    element = result.element("compliance.department_submission")
    assert element.status == "n/a" and element.points == 0
    judged = [e for e in result.elements if e.status in ("pass", "partial", "fail") and e.weight > 0]
    expected = round(100 * sum(e.points for e in judged) / sum(e.weight for e in judged), 1)
    assert result.score == expected


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULE = """  - id: local.thing
    name: 本地要素
    weight: 1
    basis: 测试依据
    fix: 测试建议
    match: {{pass: [{{any: [{phrase}]}}]}}
    examples: {{pass: [测试]}}
"""


def test_schema_error_names_file_line_and_rule(tmp_path):
    path = write(tmp_path, "version: 1\nrules:\n" + RULE.format(phrase="测试").replace("weight: 1", "weight: 11"))
    with pytest.raises(RuleError) as caught:
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))
    assert str(caught.value).startswith(f"{path}:3 [local.thing]")
    assert "weight" in str(caught.value)


def test_unknown_key_is_refused(tmp_path):
    path = write(tmp_path, "version: 1\nrules:\n" + RULE.format(phrase="测试") + "    colour: red\n")
    with pytest.raises(RuleError, match="colour"):
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))


def test_catastrophic_regex_is_refused(tmp_path):
    path = write(tmp_path, "version: 1\nrules:\n" + RULE.format(phrase='"re:(a+)+$"'))
    with pytest.raises(RuleError, match="回溯") as caught:
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))
    assert "[local.thing]" in str(caught.value)


def test_override_of_unknown_rule_is_refused(tmp_path):
    path = write(tmp_path, "version: 1\noverrides:\n  content.nothing: {weight: 1}\n")
    with pytest.raises(RuleError, match="content.nothing"):
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))


def test_a_pack_can_add_and_override_rules(tmp_path):
    path = write(
        tmp_path, "version: 1\noverrides:\n  content.oversight: {weight: 3}\nrules:\n" + RULE.format(phrase="渝快办")
    )
    ruleset = build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))
    assert ruleset.rule("content.oversight").weight == 3
    assert ruleset.rule("local.thing") is not None


def test_python_objects_in_yaml_are_refused(tmp_path):
    path = write(tmp_path, "version: 1\nrules: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(RuleError):
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))


def test_schema_names_exactly_the_registered_checks():
    import json

    from checker.judge.checks import CHECKS

    schema = json.loads((ROOT / "checker" / "schemas" / "rules.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["rule"]["properties"]["check"]["enum"]) == set(CHECKS)


def test_unknown_check_is_refused_at_its_line(tmp_path):
    path = write(
        tmp_path,
        "version: 1\nrules:\n"
        + RULE.format(phrase="测试").replace("    match: {pass: [{any: [测试]}]}\n", "    check: no_such_check\n"),
    )
    with pytest.raises(RuleError, match="no_such_check") as caught:
        build_ruleset(rules_dir() / "baseline.yaml", None, (str(path),))
    assert f"{path}:3" in str(caught.value)
