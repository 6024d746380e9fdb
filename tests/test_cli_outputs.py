"""Output options (--format repeated, FORMAT:FILE, --output, atomic files), rule-pack commands and the
documented exit codes."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from checker.cli import main
from checker.cli.check import parse_outputs
from checker.errors import FzcheckError, UsageError
from checker.render.files import write_file
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "003_de700f0da81c1964.txt"
PACK = ROOT / "rules" / "packs" / "chongqing.yaml"


def test_parse_outputs():
    assert [(o.format, o.file) for o in parse_outputs(None, None)] == [("terminal", None)]
    outputs = parse_outputs(["json:out.json", "sarif:a/b.sarif", "terminal"], None)
    assert [(o.format, o.file) for o in outputs] == [("json", "out.json"), ("sarif", "a/b.sarif"), ("terminal", None)]
    assert [(o.format, o.file) for o in parse_outputs(["html"], "x.html")] == [("html", "x.html")]
    assert [(o.format, o.file) for o in parse_outputs(["csv:-"], None)] == [("csv", None)]


@pytest.mark.parametrize(
    ("formats", "output", "fragment"),
    [
        (["pdf"], None, "未知的输出格式"),
        (["json", "terminal"], None, "只能有一种格式输出到标准输出"),
        (["json", "sarif"], "x", "--output"),
        (["json:x"], "y", "--output"),
        (["json:"], None, "缺少文件名"),
        (["json:same", "sarif:same"], None, "同一个文件"),
    ],
)
def test_parse_outputs_errors(formats, output, fragment):
    with pytest.raises(UsageError, match=fragment):
        parse_outputs(formats, output)


def test_several_outputs_in_one_run(tmp_path, capsys):
    json_file, sarif_file, junit_file = tmp_path / "out.json", tmp_path / "out.sarif", tmp_path / "out.xml"
    code = main(
        [
            "check",
            str(SEED),
            "--format",
            f"json:{json_file}",
            "--format",
            f"sarif:{sarif_file}",
            "-f",
            f"junit:{junit_file}",
            "--format",
            "terminal",
            "--no-color",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "得分" in out and "等级" in out
    report = json.loads(json_file.read_text(encoding="utf-8"))["reports"][0]
    assert report["path"] == str(SEED)
    assert json.loads(sarif_file.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.parse(junit_file).getroot().tag == "testsuites"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.sarif", "out.xml"]  # no temp files


def test_output_option_and_terminal_to_file(tmp_path, capsys):
    target = tmp_path / "card.txt"
    assert main(["check", str(SEED), "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    text = target.read_text(encoding="utf-8")
    assert "得分" in text and "\x1b[" not in text  # plain text, no colour codes in a file


def test_write_file_replaces_whole_file_and_keeps_mode(tmp_path):
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_file(target, "新内容\n")
    assert target.read_text(encoding="utf-8") == "新内容\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["r.md"]


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys):
    with pytest.raises(FzcheckError, match="无法写入输出文件"):
        write_file(tmp_path / "no" / "dir" / "x.json", "{}")
    assert main(["check", str(SEED), "-f", f"json:{tmp_path / 'no' / 'x.json'}"]) == 2
    err = capsys.readouterr().err.strip()
    assert "无法写入输出文件" in err and "\n" not in err


@pytest.mark.parametrize("fmt", ["markdown", "html", "sarif", "junit", "github", "csv", "concise"])
def test_every_format_on_stdout(fmt, capsys):
    assert main(["check", str(SEED), "--format", fmt]) == 0
    assert capsys.readouterr().out.strip()


def test_rules_validate_and_test_a_pack(capsys):
    assert main(["rules", "validate", str(PACK)]) == 0
    assert "规则文件有效（2 条规则）" in capsys.readouterr().out
    assert main(["rules", "test", str(PACK)]) == 0
    assert capsys.readouterr().out.strip().endswith(" passed, 0 failed")
    assert main(["rules", "list", "--rules", str(PACK)]) == 0
    listing = capsys.readouterr().out
    assert "全国基线 + 重庆市规则包" in listing and "渝快办" in listing


def test_rules_validate_refuses_a_broken_pack(tmp_path, capsys):
    pack = tmp_path / "pack.yaml"
    pack.write_text("version: 1\noverrides:\n  content.no_such_rule: {weight: 2}\n", encoding="utf-8")
    assert main(["rules", "validate", str(pack)]) == 2
    err = capsys.readouterr().err.strip()
    assert "content.no_such_rule" in err and "\n" not in err


def test_rules_test_reports_a_failing_example(tmp_path, capsys):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "version: 1\ngroups: {local: content}\nrules:\n  - id: local.gazette\n    name: 公报\n    weight: 1\n"
        "    basis: 测试\n    fix: 写明公报\n    match: {pass: [{any: [政府公报]}]}\n"
        "    examples: {pass: [全年编印政府公报12期。, 全年开展普法宣传活动15场次。]}\n",
        encoding="utf-8",
    )
    assert main(["rules", "test", str(pack)]) == 1
    out = capsys.readouterr().out
    # The second "pass" example does not mention 政府公报, so it fails: 1 passed, 1 failed.
    assert "local.gazette: 示例应为 pass" in out and out.strip().endswith("1 passed, 1 failed")


def test_help_documents_formats_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    for text in (
        "sarif",
        "junit",
        "concise",
        "--strict",
        "--jobs",
        "--config",
        "退出码",
        "0  全部报告",
        "1  有报告低于",
    ):
        assert text in out
    assert "部分→warning" in out and "2  参数" in out


def _missing_and_partial(capsys) -> tuple[list[str], list[str]]:
    assert main(["check", str(SEED), "-f", "json", "--no-config"]) == 0
    elements = json.loads(capsys.readouterr().out)["reports"][0]["elements"]
    scored = [e for e in elements if e["weight"] > 0]
    return [e["id"] for e in scored if e["status"] == "fail"], [e["id"] for e in scored if e["status"] == "partial"]


def test_a_report_above_the_gate_with_partial_elements_gives_junit_without_failures(tmp_path, capsys, monkeypatch):
    # The seed's missing elements are switched off by configuration (n/a); what stays is passes and
    # partial elements, and a score above the gate. Only --strict makes the partial ones failures.
    missing, partial = _missing_and_partial(capsys)
    assert missing and partial
    monkeypatch.chdir(tmp_path)
    disable = "".join(f"  {element_id}: 测试\n" for element_id in missing)
    (tmp_path / ".fzcheck.yaml").write_text(f"fail_under: 60\ndisable:\n{disable}", encoding="utf-8")
    assert main(["check", str(SEED), "-f", "junit"]) == 0
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert main(["check", str(SEED), "-f", "junit", "--strict"]) == 0  # the gate decides the exit code
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.get("failures") == str(len(partial))


def test_concise_on_stdout_starts_with_the_reason_and_is_not_repeated_on_stderr(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("关于2023年工作的说明\n\n今年工作很好。\n", encoding="utf-8")
    assert main(["check", str(bad), "-f", "concise", "--fail-under", "60", "--no-config"]) == 1
    captured = capsys.readouterr()
    first, *problems = captured.out.splitlines()
    assert first.startswith(f"{bad}: 未通过 — 得分 ") and "低于 60" in first
    assert problems and all(line.startswith(f"{bad}:") for line in problems)
    assert all(" 缺失 " in line or " 部分 " in line for line in problems)
    assert captured.err == ""
    # Another format on stdout: the reason is on stderr, as before.
    assert main(["check", str(bad), "-f", "json", "--fail-under", "60", "--no-config"]) == 1
    assert "低于 60" in capsys.readouterr().err
