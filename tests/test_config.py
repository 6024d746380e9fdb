"""Configuration: found upward from the working directory, validated with file:line errors, applied to
verdicts and exit codes, and overridden by command-line options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.config import ConfigError, find_config, load_config
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "003_de700f0da81c1964.txt"
PACK = ROOT / "rules" / "packs" / "chongqing.yaml"


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def _elements(report: dict) -> dict[str, dict]:
    return {e["id"]: e for e in report["elements"]}


def test_found_from_the_working_directory_upward(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) is None
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.fzcheck]\nfail_under = 60\n", encoding="utf-8")
    assert find_config(nested) == tmp_path / "a" / "pyproject.toml"
    (nested / ".fzcheck.yaml").write_text("fail_under: 70\n", encoding="utf-8")
    assert find_config(nested) == nested / ".fzcheck.yaml"
    assert load_config(find_config(nested)).fail_under == 70
    assert load_config(tmp_path / "a" / "pyproject.toml").fail_under == 60


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("fail_under: 60\nprofile: city\n", 2, "profile"),
        ("profile: county\nfail_undr: 60\n", 2, "未知的配置项 'fail_undr'"),
        ("weights:\n  content.major_decisions: 2\n  content.legal_counsel: 20\n", 3, "weights/content.legal_counsel"),
        ("required:\n  - content.major_decisions\n  - Bad Id\n", 3, "required/1"),
        ("disable:\n  content.legal_counsel:\n", 2, "disable/content.legal_counsel"),
        ("rules:\n  - packs/none.yaml\n", 2, "规则文件不存在"),
        ("fail_under: [60\n", 2, "YAML"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = tmp_path / ".fzcheck.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message and "\n" not in message


def test_toml_errors_name_the_line(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.fzcheck]\nprofile = "county"\nfail_under = "high"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"pyproject\.toml:6: fail_under"):
        load_config(path)


def test_unknown_element_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path(".fzcheck.yaml").write_text("disable:\n  content.nothing_like_this: 不需要\n", encoding="utf-8")
    assert main(["check", str(SEED)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert ".fzcheck.yaml:2" in err and "content.nothing_like_this" in err


def test_disable_weights_and_rescoring(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED), "-f", "json"]) == 0
    before = _elements(_json(capsys)["reports"][0])
    failing = next(i for i, e in before.items() if e["status"] == "fail" and e["weight"] > 0)
    passing = next(i for i, e in before.items() if e["status"] == "pass" and e["weight"] > 0)
    Path(".fzcheck.yaml").write_text(f"disable:\n  {failing}: 本地不适用\nweights:\n  {passing}: 7\n", encoding="utf-8")
    assert main(["check", str(SEED), "-f", "json"]) == 0
    report = _json(capsys)["reports"][0]
    after = _elements(report)
    assert after[failing]["status"] == "n/a" and "本地不适用" in after[failing]["note"]
    assert after[passing]["weight"] == 7 and after[passing]["points"] == 7
    # The score is recomputed from the adjusted elements: earned over possible, judged and weighted only.
    judged = [e for e in after.values() if e["status"] in ("pass", "partial", "fail") and e["weight"] > 0]
    expected = round(100 * sum(e["points"] for e in judged) / sum(e["weight"] for e in judged), 1)
    assert report["score"] == expected


def test_required_and_fail_under_from_config_and_cli_wins(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED), "-f", "json"]) == 0
    elements = _elements(_json(capsys)["reports"][0])
    failing = next(i for i, e in elements.items() if e["status"] == "fail" and e["weight"] > 0)
    partial = next(i for i, e in elements.items() if e["status"] == "partial")
    config = Path(".fzcheck.yaml")
    config.write_text(f"required: [{partial}]\n", encoding="utf-8")
    assert main(["check", str(SEED), "-f", "json"]) == 0  # partial is not a failure
    config.write_text(f"required: [{partial}, {failing}]\n", encoding="utf-8")
    assert main(["check", str(SEED), "-f", "json"]) == 1
    # Named as users know it, never by id.
    err = capsys.readouterr().err
    assert f"缺失必备要素 {elements[failing]['name']}" in err and failing not in err
    config.write_text("fail_under: 99\n", encoding="utf-8")
    assert main(["check", str(SEED), "-f", "json"]) == 1
    assert main(["check", str(SEED), "-f", "json", "--fail-under", "10"]) == 0
    assert main(["check", str(SEED), "-f", "json", "--no-config"]) == 0


def test_profile_from_config_and_cli_wins(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path(".fzcheck.yaml").write_text("profile: department\n", encoding="utf-8")
    main(["check", str(SEED), "-f", "json"])
    assert _json(capsys)["reports"][0]["profile"] == "department"
    main(["check", str(SEED), "-f", "json", "--profile", "township"])
    assert _json(capsys)["reports"][0]["profile"] == "township"


def test_rule_pack_named_relative_to_the_config(tmp_path, monkeypatch, capsys):
    (tmp_path / "packs").mkdir()
    shutil.copy(PACK, tmp_path / "packs" / "cq.yaml")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "fz.yaml").write_text("rules: [../packs/cq.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(SEEDS)  # elsewhere: the pack is found relative to the config file
    assert main(["check", str(SEED), "-f", "json", "--config", str(tmp_path / "conf" / "fz.yaml")]) == 0
    elements = _elements(_json(capsys)["reports"][0])
    assert {"chongqing.major_decision_procedure", "chongqing.yukuaiban"} <= set(elements)
    # The pack raises the weight of the decision catalog by an override.
    assert elements["content.decision_catalog"]["weight"] == 1.5


def test_missing_config_file(capsys):
    assert main(["check", str(SEED), "--config", "no-such.yaml"]) == 2
    assert "no-such.yaml: 配置文件不存在" in capsys.readouterr().err
