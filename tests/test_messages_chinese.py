"""Every bad input gets one line in Chinese, exit code 2 and no traceback: the OS's and libraries' English
("No such file or directory", "Is a directory", "There is no item named '[Content_Types].xml' in the
archive", "Additional properties are not allowed", argparse's "the following arguments are required", …)
is translated, never passed through. A message may still quote the user's own file and key names, and the
names of formats and options; `english_words` leaves exactly those out.
"""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest

from checker.cli import main
from checker.error_text import os_problem, schema_problem
from tests.conftest import SEEDS, english_words

SEED = SEEDS / "003_de700f0da81c1964.txt"
PDF = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "seed001.pdf"


def _one_chinese_line(capsys, argv: list[str], *names: str, code: int = 2) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    err = captured.err
    assert err.startswith("fzcheck: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert english_words(err, *names) == [], err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    return err


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    """Reports that cannot be read, one of each kind of failure, by name."""
    files = {
        "missing": tmp / "没有这个文件.txt",
        "empty": tmp / "empty.txt",
        "binary": tmp / "binary.txt",
        "not_a_zip": tmp / "not-a-zip.docx",
        "plain_zip": tmp / "plain-zip.docx",
        "broken_word": tmp / "broken-word.docx",
        "truncated_docx": tmp / "truncated.docx",
        "corrupt_pdf": tmp / "corrupt.pdf",
        "truncated_pdf": tmp / "truncated.pdf",
        "unknown_suffix": tmp / "report.xyz",
        "ofd": tmp / "report.ofd",
        "fifo": tmp / "fifo.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["not_a_zip"].write_bytes("关于2023年法治政府建设情况的报告".encode())
    files["plain_zip"].write_bytes(_zip({"hello.txt": "不是 Word 文档"}))
    files["broken_word"].write_bytes(_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "不是 XML"}))
    files["truncated_docx"].write_bytes(_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "x" * 500})[:90])
    files["corrupt_pdf"].write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    files["truncated_pdf"].write_bytes(PDF.read_bytes()[:1500])
    files["unknown_suffix"].write_text("正文", encoding="utf-8")
    files["ofd"].write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    os.mkfifo(files["fifo"])
    return files


BAD_INPUTS = [
    "missing",
    "empty",
    "binary",
    "not_a_zip",
    "plain_zip",
    "broken_word",
    "truncated_docx",
    "corrupt_pdf",
    "truncated_pdf",
    "unknown_suffix",
    "ofd",
    "fifo",
]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_an_unreadable_report_is_one_chinese_line(tmp_path, capsys, kind):
    path = _bad_inputs(tmp_path)[kind]
    _one_chinese_line(capsys, ["check", str(path), "--no-config"], str(path))


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_every_output_format_says_why_in_chinese(tmp_path, capsys, kind):
    # The reason also reaches the concise and JSON outputs of a batch; nowhere in English.
    path = _bad_inputs(tmp_path)[kind]
    assert main(["check", str(path), str(SEED), "-f", "concise", "--no-config"]) == 2
    out = capsys.readouterr().out
    reason = next(line for line in out.splitlines() if line.startswith(f"{path}: 无法读取"))
    assert english_words(reason, str(path)) == [], reason


def test_the_encrypted_pdf_fixture_is_refused_in_chinese(capsys):
    path = str(PDF.parent / "encrypted.pdf")
    _one_chinese_line(capsys, ["check", path, "--no-config"], path)


def test_a_directory_where_a_report_file_is_needed(tmp_path, capsys):
    _one_chinese_line(capsys, ["compare", str(tmp_path), str(SEED)], str(tmp_path))
    empty = tmp_path / "空目录"
    empty.mkdir()
    _one_chinese_line(capsys, ["check", str(empty), "--no-config"], str(empty))


def test_a_directory_given_as_configuration_or_rule_pack(tmp_path, capsys):
    _one_chinese_line(capsys, ["check", str(SEED), "--config", str(tmp_path)], str(tmp_path))
    _one_chinese_line(capsys, ["check", str(SEED), "--no-config", "--rules", str(tmp_path)], str(tmp_path))
    _one_chinese_line(capsys, ["rules", "validate", str(tmp_path / "none.yaml")], str(tmp_path / "none.yaml"))


def test_os_errors_while_reading_are_translated(tmp_path, capsys, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text("关于2023年法治政府建设情况的报告\n", encoding="utf-8")
    for number in (errno.EACCES, errno.EIO, errno.ENAMETOOLONG):

        def refuse(self, number=number):
            raise OSError(number, os.strerror(number))

        monkeypatch.setattr(Path, "read_bytes", refuse)
        _one_chinese_line(capsys, ["check", str(path), "--no-config"], str(path))


@pytest.mark.parametrize("where", ["missing-dir", "parent-is-a-file", "per-report-dir-under-a-file"])
def test_an_unwritable_output_is_one_chinese_line(tmp_path, capsys, where):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    target = {
        "missing-dir": tmp_path / "no" / "such" / "out.json",
        "parent-is-a-file": tmp_path / "file.txt" / "out.json",
        "per-report-dir-under-a-file": tmp_path / "file.txt" / "cards",
    }[where]
    suffix = "/" if where.startswith("per-report") else ""
    _one_chinese_line(capsys, ["check", str(SEED), "-f", f"json:{target}{suffix}", "--no-config"], str(target))


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["check"], ("PATH",)),
        (["chek", "x"], ("chek", "check", "compare", "copies", "rules", "serve")),
        (["check", "x", "--profile", "city"], ("city", "township", "county", "department")),
        (["check", "x", "--fail-under"], ()),
        (["check", "x", "--jobs", "zero"], ("zero",)),
        (["check", "x", "--frobnicate"], ()),
        (["check", "x", "-f", "yaml"], ("yaml", "terminal", "markdown", "concise")),
        (["check", str(SEED), "--encoding", "klingon", "--no-config"], (str(SEED), "klingon")),
    ],
)
def test_usage_errors_are_chinese(capsys, argv, names):
    _one_chinese_line(capsys, argv, *names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("fail_under: [60\n", ()),
        ("fail_under: high\n", ("fail_under", "high")),
        ("profile: city\n", ("profile", "city", "township", "county", "department")),
        ("weights:\n  content.major_decisions: 20\n", ("weights", "content.major_decisions")),
        ("fail_under: 60\n\tprofile: county\n", ()),
        ("a: b: c\n", ()),
    ],
)
def test_configuration_errors_are_chinese(tmp_path, capsys, text, names):
    config = tmp_path / ".fzcheck.yaml"
    config.write_text(text, encoding="utf-8")
    _one_chinese_line(capsys, ["check", str(SEED), "--config", str(config)], str(config), *names)


def test_toml_configuration_error_is_chinese(tmp_path, capsys):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.fzcheck]\nfail_under = "60\n', encoding="utf-8")
    _one_chinese_line(capsys, ["check", str(SEED), "--config", str(config)], str(config))


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # The keys our schema requires are named as they must be written.
        (
            "version: 1\nrules:\n  - id: local.x\n    name: x\n    weight: -1\n",
            ("rules", "local.x", "basis fix examples"),
        ),
        ("version: 1\nrules: [\n", ()),
        ("version: 1\ncolour: red\n", ("colour",)),
        (
            "version: 1\ngroups: {local: content}\nrules:\n  - id: local.x\n    name: 某要素\n    weight: 1\n"
            "    basis: 依据\n    fix: 写明\n    match: {pass: [{any: ['re:(普法']}]}\n    examples: {pass: [普法]}\n",
            ("local.x", "re:(普法", "re"),
        ),
    ],
)
def test_rule_file_errors_are_chinese(tmp_path, capsys, body, names):
    pack = tmp_path / "pack.yaml"
    pack.write_text(body, encoding="utf-8")
    _one_chinese_line(capsys, ["rules", "validate", str(pack)], str(pack), *names)


def test_os_problem_never_passes_english_through():
    for number in sorted(errno.errorcode):
        assert english_words(os_problem(OSError(number, os.strerror(number)))) == []
    assert english_words(os_problem(OSError("no errno at all"))) == []


def test_schema_problem_covers_the_keywords_our_schemas_use():
    import jsonschema

    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["a"],
        "properties": {
            "a": {"type": "integer", "minimum": 0, "maximum": 10},
            "b": {"enum": ["x", "y"]},
            "c": {"type": "string", "minLength": 2, "pattern": "^[a-z]+$"},
            "d": {"type": "array", "minItems": 1, "uniqueItems": True},
            "e": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]},
            "f": {"const": 1},
            "g": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}},
        },
    }
    bad = [
        {},
        {"a": -1},
        {"a": 11},
        {"a": "1"},
        {"a": 1, "b": "z"},
        {"a": 1, "c": "x"},
        {"a": 1, "c": "X1"},
        {"a": 1, "d": []},
        {"a": 1, "d": [1, 1]},
        {"a": 1, "e": "s"},
        {"a": 1, "f": 2},
        {"a": 1, "g": {"BAD": 1}},
        {"a": 1, "zz": 1},
    ]
    validator = jsonschema.Draft202012Validator(schema)
    for instance in bad:
        errors = list(validator.iter_errors(instance))
        assert errors, instance
        for error in errors:
            text = schema_problem(error)
            assert english_words(text, "a zz BAD s X1 x y z ^[a-z]+$") == [], (instance, text)
