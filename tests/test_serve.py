"""`fzcheck serve`: the address and token rules, and a real server process as an office would start it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import SEEDS

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

from checker.cli.serve import is_loopback
from tests.web_support import check, request

TOKEN = "correct-horse-battery-staple"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "intranet.example"])
def test_a_reachable_address_without_a_token_decision_is_refused(capsys, monkeypatch, host):
    monkeypatch.delenv("FZCHECK_TOKEN", raising=False)
    assert main(["serve", "--host", host]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--token" in error and "--no-token" in error


def test_a_short_token_is_refused(capsys):
    assert main(["serve", "--token", "12345"]) == 2
    assert "令牌至少要 12 个字符" in capsys.readouterr().err


def test_a_token_must_be_ascii(capsys):
    assert main(["serve", "--token", "令牌令牌令牌令牌令牌令牌"]) == 2
    assert "英文字母" in capsys.readouterr().err


def test_token_and_no_token_exclude_each_other(capsys):
    assert main(["serve", "--token", TOKEN, "--no-token"]) == 2


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.org"))


def test_a_busy_port_is_one_line(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-config"]) == 2
    assert "无法在 127.0.0.1:" in capsys.readouterr().err


def test_the_configuration_and_rule_packs_work_as_in_check(tmp_path, monkeypatch):
    from checker.cli.parser import build_parser
    from checker.cli.serve import serve_settings
    from tests.web_support import running

    root = Path(__file__).resolve().parent.parent
    (tmp_path / ".fzcheck.yaml").write_text(
        f"rules: [{root / 'rules' / 'packs' / 'chongqing.yaml'}]\ntime_limit: 7\n"
        "disable:\n  content.emergency_response: 无此职责\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["serve", "--profile", "township", "--workers", "1"])
    settings = serve_settings(args)
    assert settings.job.options.profile == "township"
    assert settings.report_seconds == 7
    assert serve_settings(build_parser().parse_args(["serve", "--time-limit", "3"])).report_seconds == 3
    with running(settings) as address:
        report = check(address, [("a.txt", (SEEDS / "003_de700f0da81c1964.txt").read_bytes())]).json()["reports"][0]
    assert report["profile"] == "township"
    elements = {e["id"]: e for e in report["elements"]}
    assert "chongqing.yukuaiban" in elements
    assert elements["content.emergency_response"]["status"] == "n/a"
    assert elements["content.emergency_response"]["note"].endswith("无此职责")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`fzcheck serve --port 0 --token …` as a separate process with its own empty temporary folder."""
    tmp = tmp_path_factory.mktemp("serve-tmp")
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "checker", "serve", "--port", "0", "--token", TOKEN, "--no-config"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 120
    while "Application startup complete" not in log.read_text(encoding="utf-8", errors="replace"):
        assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.1)
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text(encoding="utf-8")).group(1))
    yield ("127.0.0.1", port), log, tmp, process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(30)


def test_the_api_needs_the_token(served):
    address, *_ = served
    seed = ("a.txt", (SEEDS / "000_3fe6be48873162dd.txt").read_bytes())
    refused = check(address, [seed])
    assert refused.status == 401
    assert "令牌" in refused.json()["error"]
    assert check(address, [seed], headers={"Authorization": f"Bearer {TOKEN}"}).status == 200
    assert check(address, [seed], headers={"X-Fzcheck-Token": TOKEN}).status == 200
    assert check(address, [seed], headers={"Authorization": "Bearer wrong-token-of-length"}).status == 401


def test_no_report_text_or_file_name_reaches_the_log_or_the_disk(served):
    address, log, tmp, process = served
    name = "秘密文件名-7f3a.txt"
    marker = "独一无二的报告句子甲乙丙"
    text = (SEEDS / "003_de700f0da81c1964.txt").read_text(encoding="utf-8") + f"\n{marker}\n"
    headers = {"X-Fzcheck-Token": TOKEN}
    assert check(address, [(name, text.encode())], headers=headers).status == 200
    assert check(address, [(name, b"\xff" * 10)], headers=headers).status in (200, 400)
    assert check(address, [("秘密.docx", b"PK\x03\x04broken")], headers=headers).status == 400
    assert request(address, "GET", "/api/health", headers=headers).status == 200
    process.send_signal(signal.SIGINT)
    process.wait(30)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "POST /api/check" in logged  # the access log is there, and holds no names
    for secret in (name, "秘密", marker, "7f3a"):
        assert secret not in logged
    # Uploads were never written: the server's temporary folder holds at most the sockets
    # multiprocessing made for its fork server.
    left = [p for p in Path(tmp).rglob("*") if p.is_file() and not p.is_socket()]
    assert left == []
