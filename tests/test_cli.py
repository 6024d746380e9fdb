"""The command line as a user meets it: exit codes, one-line errors, JSON contract, rule explanations."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import jsonschema
import pytest

from checker.cli import main
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "003_de700f0da81c1964.txt"
REPORT_SCHEMA = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m checker` as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def assert_one_line_error(completed: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, completed.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_scorecard_in_chinese():
    completed = run_cli("check", str(SEED))
    assert completed.returncode == 0
    for label in ("得分", "等级", "结构", "内容", "质量", "证据", "第19行"):
        assert label in completed.stdout


def test_json_contract_validates_and_reports_every_element(ruleset):
    completed = run_cli("check", str(SEED), "--format", "json")
    assert completed.returncode == 0
    document = json.loads(completed.stdout)
    jsonschema.validate(document, REPORT_SCHEMA)
    report = document["reports"][0]
    assert {e["id"] for e in report["elements"]} == {r.id for r in ruleset.rules}
    assert 0 <= report["score"] <= 100
    assert report["profile"] == "county" and report["year"] == 2023


def test_stdin(tmp_path):
    completed = run_cli("check", "-", "--format", "json", stdin=SEED.read_bytes())
    assert completed.returncode == 0
    assert json.loads(completed.stdout)["reports"][0]["title"] == "秀山土家族苗族自治县2023年度法治政府建设情况报告"


def test_missing_file():
    assert_one_line_error(run_cli("check", "没有这个文件.txt"), "没有这个文件.txt", "不存在")


def test_directory_without_reports(tmp_path):
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    assert_one_line_error(run_cli("check", str(tmp_path)), "没有可检查的报告")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert_one_line_error(run_cli("check", str(empty)), "为空")


def test_binary_file(tmp_path):
    binary = tmp_path / "report.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    assert_one_line_error(run_cli("check", str(binary)), "二进制")


def test_undecodable_text_with_forced_encoding(tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes("法治政府建设".encode("gb18030"))
    assert_one_line_error(run_cli("check", str(report), "--encoding", "utf-8"), "utf-8")


def test_bad_rule_file_names_file_line_and_rule(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "version: 1\nextends: baseline\nrules:\n  - id: local.extra\n    name: 本地要素\n    weight: -1\n"
        "    basis: 测试\n    fix: 测试\n    match: {pass: [{any: [测试]}]}\n    examples: {pass: [测试]}\n",
        encoding="utf-8",
    )
    completed = run_cli("check", str(SEED), "--rules", str(pack))
    assert_one_line_error(completed, f"{pack}:4", "[local.extra]", "weight")


def test_yaml_syntax_error_names_the_line(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("version: 1\nrules: [\n  - id: x\n", encoding="utf-8")
    completed = run_cli("check", str(SEED), "--rules", str(pack))
    assert_one_line_error(completed, str(pack), "YAML")


def test_fail_under_exit_code(capsys):
    assert main(["check", str(SEED), "--format", "json", "--fail-under", "99"]) == 1
    assert main(["check", str(SEED), "--format", "json", "--fail-under", "10"]) == 0


def test_bad_option_value_is_a_usage_error(capsys):
    assert main(["check", str(SEED), "--fail-under", "abc"]) == 2
    assert main(["check", str(SEED), "--published", "2024/13/40"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 2


def test_published_option_decides_the_deadline(capsys):
    main(["check", str(SEEDS / "001_fc7b85533537df1c.txt"), "--format", "json", "--published", "2024-05-06"])
    element = next(
        e
        for e in json.loads(capsys.readouterr().out)["reports"][0]["elements"]
        if e["id"] == "compliance.publication_deadline"
    )
    assert element["status"] == "fail"


def test_profile_override(capsys):
    main(["check", str(SEED), "--format", "json", "--profile", "department"])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    assert report["profile"] == "department" and report["profile_source"] == "option"
    statuses = {e["id"]: e["status"] for e in report["elements"]}
    assert statuses["compliance.department_submission"] != "n/a"


def test_input_files_are_never_written(tmp_path, capsys):
    copy = tmp_path / "report.txt"
    copy.write_bytes(SEED.read_bytes())
    before = (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns)
    copy.chmod(0o444)
    assert main(["check", str(copy), "--format", "json"]) == 0
    assert main(["check", str(copy)]) == 0
    assert (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns) == before


def test_several_reports_and_one_unreadable(tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"")
    code = main(["check", str(SEEDS), str(broken), "--format", "json"])
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert code == 2
    assert len(document["reports"]) == 5
    assert document["errors"][0]["path"] == str(broken)


def test_rules_list_and_show(capsys):
    assert main(["rules", "list"]) == 0
    listing = capsys.readouterr().out
    assert "检查要素" in listing and "content.major" in listing
    assert main(["rules", "show", "content.major_decisions"]) == 0
    shown = capsys.readouterr().out
    assert "重大行政决策程序暂行条例" in shown and "通过示例" in shown
    assert main(["rules", "show", "content.nothing"]) == 2


def test_help_has_examples():
    completed = run_cli("check", "--help")
    assert completed.returncode == 0
    assert "示例" in completed.stdout and "--fail-under" in completed.stdout


@pytest.mark.parametrize("argv", [[], ["rules"]])
def test_missing_command_is_an_error(argv, capsys):
    assert main(argv) == 2


def test_compare_last_year_with_this_year(tmp_path, capsys):
    last = SEEDS / "000_3fe6be48873162dd.txt"
    this = tmp_path / "this.txt"
    # This year's report copies last year's and changes one figure: nearly everything is copied.
    this.write_text(last.read_text(encoding="utf-8").replace("450件", "520件"), encoding="utf-8")
    assert main(["compare", str(last), str(this), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["copied_share"] > 0.9


def test_copies_across_bodies(tmp_path, capsys):
    seed = (SEEDS / "002_31e37ca5113b7cf1.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    # Another township's report made from the same template (a copy of the same body's would be a version).
    (tmp_path / "b.txt").write_text(seed.replace("大溪镇", "小河镇"), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes((SEEDS / "004_3fc20d629b335cca.txt").read_bytes())
    assert main(["copies", str(tmp_path), "--format", "json"]) == 0
    shared = json.loads(capsys.readouterr().out)["shared"]
    assert shared and all(
        {row["first"], row["second"]} == {str(tmp_path / "a.txt"), str(tmp_path / "b.txt")} for row in shared
    )


def test_output_never_overwrites_an_input(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_bytes(SEED.read_bytes())
    assert main(["check", str(report), "-f", f"json:{report}"]) == 2
    assert report.read_bytes() == SEED.read_bytes()
    # An earlier run's output inside a checked directory is not taken for a report.
    out = tmp_path / "scorecard.md"
    assert main(["check", str(tmp_path), "-f", f"markdown:{out}"]) == 0
    assert main(["check", str(tmp_path), "-f", f"markdown:{out}"]) == 0
    assert "scorecard.md" not in out.read_text(encoding="utf-8")


def test_brackets_in_titles_and_paths_are_text_not_markup(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r[red].txt").write_text(
        "关于2023年法治政府建设情况的报告[/i]\n\n一、主要举措和成效\n全年主动公开信息52条。", encoding="utf-8"
    )
    assert main(["check", "r[red].txt", "--no-config"]) == 0
    out = capsys.readouterr().out
    assert "r[red].txt" in out and "[/i]" in out


@pytest.mark.parametrize("written", ["2024年2月30日", "2023-02-29"])
def test_dates_that_do_not_exist_are_not_dates(tmp_path, capsys, written):
    report = tmp_path / "report.txt"
    report.write_text(
        f"关于2023年法治政府建设情况的报告\n\n一、主要举措和成效\n全年主动公开信息52条。\n\n某某镇人民政府\n{written}",
        encoding="utf-8",
    )
    assert main(["check", str(report), "--format", "json"]) == 0
    statuses = {e["id"]: e["status"] for e in json.loads(capsys.readouterr().out)["reports"][0]["elements"]}
    assert statuses["compliance.publication_deadline"] == "unknown"


def test_zero_width_file_is_empty(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("\u200b\u3000\n\u200b", encoding="utf-8")
    assert_one_line_error(run_cli("check", str(report)), "没有可读的文字")
