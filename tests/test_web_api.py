"""The JSON API of `fzcheck serve` answers exactly what `fzcheck check --format json` prints."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

from checker.cli import main
from checker.web.security import SECURITY_HEADERS
from tests.conftest import ROOT, SEEDS
from tests.web_support import check, multipart, request, running, seed, seed_docx, settings

REPORT_SCHEMA = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def server():
    with running(settings()) as address:
        yield address


def cli_json(capsys, monkeypatch, directory: Path, *names: str, stdin: bytes | None = None) -> bytes:
    """What `fzcheck check NAMES --format json --no-config` prints when run inside `directory`."""
    monkeypatch.chdir(directory)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    capsys.readouterr()
    main(["check", *names, "--format", "json", "--no-config"])
    return capsys.readouterr().out.encode("utf-8")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_seed_gets_the_cli_document(server, capsys, monkeypatch, name):
    answer = check(server, [seed(name)])
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    jsonschema.validate(answer.json(), REPORT_SCHEMA)
    assert answer.body == cli_json(capsys, monkeypatch, SEEDS, name)


def test_a_batch_gets_the_cli_batch_document(server, capsys, monkeypatch):
    answer = check(server, [seed(name) for name in SEED_NAMES])
    assert answer.status == 200
    document = answer.json()
    jsonschema.validate(document, REPORT_SCHEMA)
    assert [r["path"] for r in document["reports"]] == SEED_NAMES
    assert len(document["batch"]["ranking"]) == len(SEED_NAMES)
    assert answer.body == cli_json(capsys, monkeypatch, SEEDS, *SEED_NAMES)


def test_a_docx_upload_gets_the_cli_document(server, capsys, monkeypatch, tmp_path):
    path = seed_docx(tmp_path, SEED_NAMES[3], "报告.docx")
    answer = check(server, [(path.name, path.read_bytes())])
    assert answer.status == 200
    assert answer.json()["reports"][0]["format"] == "docx"
    assert answer.body == cli_json(capsys, monkeypatch, tmp_path, path.name)


def test_pasted_text_is_checked_as_standard_input(server, capsys, monkeypatch):
    _, data = seed()
    answer = check(server, fields={"text": data.decode("utf-8")})
    assert answer.status == 200
    assert answer.json()["reports"][0]["path"] == "-"
    assert answer.body == cli_json(capsys, monkeypatch, SEEDS, "-", stdin=data)


def test_text_may_come_url_encoded(server):
    from urllib.parse import urlencode

    _, data = seed()
    body = urlencode({"text": data.decode("utf-8")}).encode("ascii")
    answer = request(server, "POST", "/api/check", body, "application/x-www-form-urlencoded")
    assert answer.status == 200
    assert answer.json()["reports"][0]["title"] == "秀山土家族苗族自治县2023年度法治政府建设情况报告"


def test_an_unreadable_file_in_a_batch_is_listed_like_the_cli_does(server, capsys, monkeypatch, tmp_path):
    (tmp_path / "空白.txt").write_bytes(b"   \n")
    (tmp_path / "a.txt").write_bytes(seed()[1])
    answer = check(server, [("空白.txt", b"   \n"), ("a.txt", seed()[1])])
    assert answer.status == 200
    assert answer.json()["errors"] == [{"path": "空白.txt", "error": "文件为空"}]
    assert answer.body == cli_json(capsys, monkeypatch, tmp_path, "空白.txt", "a.txt")


def test_when_nothing_can_be_checked_the_reason_is_the_answer(server):
    answer = check(server, [("空白.txt", b"  ")])
    assert answer.status == 400
    assert answer.json() == {
        "error": "空白.txt: 文件为空",
        "status": 400,
        "errors": [{"path": "空白.txt", "error": "文件为空"}],
    }


def test_a_type_no_loader_reads_is_415(server):
    answer = check(server, [("程序.exe", b"MZ\x90\x00")])
    assert answer.status == 415
    assert "不支持的文件类型" in answer.json()["error"]


def test_a_request_without_a_report_is_400(server):
    answer = check(server, fields={"text": "   "})
    assert answer.status == 400
    assert "没有收到报告" in answer.json()["error"]


def test_a_request_that_is_not_a_form_is_415(server):
    answer = request(server, "POST", "/api/check", b'{"text": "x"}', "application/json")
    assert answer.status == 415
    assert "multipart/form-data" in answer.json()["error"]


def test_files_must_come_in_the_file_field(server):
    body, content_type = multipart([seed()])
    body = body.replace(b'name="file"', b'name="report"')
    answer = request(server, "POST", "/api/check", body, content_type)
    assert answer.status == 400
    assert "file" in answer.json()["error"]


def test_every_answer_carries_the_security_headers(server):
    answers = [
        check(server, [seed()]),
        check(server, [("x.exe", b"x")]),
        request(server, "GET", "/api/health"),
        request(server, "GET", "/no-such-page"),
    ]
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert "'unsafe-inline'" not in answer.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        assert answer.headers["cache-control"] == "no-store"


def test_openapi_describes_the_check_endpoint(server):
    answer = request(server, "GET", "/api/openapi.json")
    assert answer.status == 200
    spec = answer.json()
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/api/check"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"200", "413", "415"} <= set(operation["responses"])


@pytest.mark.parametrize(
    ("method", "path", "status", "words"),
    [
        ("GET", "/nowhere", 404, "没有这个页面"),
        ("GET", "/api/nowhere", 404, "没有这个页面"),
        ("POST", "/", 405, "不接受 POST"),
    ],
)
def test_unknown_addresses_and_methods_answer_in_chinese(server, method, path, status, words):
    response = request(server, method, path)
    assert response.status == status
    assert words in response.body.decode("utf-8")
    assert "Not Found" not in response.body.decode("utf-8") and "Method Not Allowed" not in response.body.decode(
        "utf-8"
    )


def test_the_browsers_icon_request_gets_no_error(server):
    assert request(server, "GET", "/favicon.ico").status == 204


def test_the_page_leaves_out_command_line_advice():
    from checker.web.page import for_the_page

    assert for_the_page("不支持的文件类型 '.exe'；用 --input-format 指定格式") == "不支持的文件类型 '.exe'"
    assert for_the_page("文件超过 20 MB 的上限（可用 --max-bytes 调整）") == "文件超过 20 MB 的上限"
    assert for_the_page("文件为空") == "文件为空"
