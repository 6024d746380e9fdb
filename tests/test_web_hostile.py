"""Hostile input gets a clear refusal, and the server answers the next request as if nothing happened."""

from __future__ import annotations

import asyncio
import io
import socket
import time
import zipfile

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

from checker.batch import Job
from checker.web.errors import WebError
from checker.web.pool import CheckPool, CheckTask
from checker.web.upload import file_label
from tests.web_support import Answer, check, multipart, request, running, seed, settings

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server():
    limits = {"file_bytes": 2 * MB, "request_bytes": 8 * MB, "files": 50, "body_seconds": 1.5}
    with running(settings(**limits)) as address:
        yield address


def still_serving(address) -> None:
    answer = check(address, [seed()])
    assert answer.status == 200, answer.body
    assert answer.json()["reports"][0]["score"] > 0


def raw_exchange(address, head: bytes, chunks, pause: float = 0.0) -> Answer:
    """Send `head` and then `chunks` (stopping quietly if the server stops reading), then read the answer."""
    with socket.create_connection(address, timeout=60) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            data += piece
    status_line, _, rest = data.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    fields = dict(line.decode("latin-1").split(": ", 1) for line in headers.split(b"\r\n") if b": " in line)
    return Answer(int(status_line.split()[1]), {k.lower(): v for k, v in fields.items()}, body)


def zip_bomb() -> bytes:
    """A .docx whose document.xml inflates to 40 MB from about 40 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:t>" + b"\x20" * (MB - 10) + b"</w:t>"
            for _ in range(40):
                member.write(block)
    return buffer.getvalue()


def test_a_zip_bomb_docx_is_refused(server):
    bomb = zip_bomb()
    assert len(bomb) < 2 * MB
    answer = check(server, [("炸弹.docx", bomb)])
    assert answer.status == 400
    assert "压缩炸弹" in answer.json()["error"]
    still_serving(server)


def test_a_100_mb_body_is_refused_before_it_is_read(server):
    head = (
        b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: 104857600\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_exchange(server, head, (b"\0" * MB for _ in range(100)))
    assert answer.status == 413
    assert "上限" in answer.json()["error"]
    assert time.monotonic() - started < 60
    still_serving(server)


def test_a_chunked_body_past_the_limit_is_refused(server):
    head = (
        b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    # Files within the per-file limit, without end: the request limit (8 MB) stops them.
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n' + b"x" * MB + b"\r\n"
    chunk = b"%x\r\n" % len(part) + part + b"\r\n"
    answer = raw_exchange(server, head, (chunk for _ in range(100)))
    assert answer.status == 413
    assert "请求超过 8 MB 的上限" in answer.json()["error"]
    still_serving(server)


def test_a_file_past_the_per_file_limit_is_413(server):
    answer = check(server, [("大.txt", "法治".encode() * MB)])
    assert answer.status == 413
    assert answer.json()["error"] == "大.txt: 超过 2 MB 的上限"
    still_serving(server)


def test_a_thousand_tiny_files_are_refused(server):
    answer = check(server, [(f"{i}.txt", b"x") for i in range(1000)])
    assert answer.status == 413
    assert "一次最多上传 50 个文件" in answer.json()["error"]
    still_serving(server)


@pytest.mark.parametrize(
    "body",
    [
        b"not a multipart body at all",
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n\xe6\xb3\x95\xe6\xb2\xbb',
        b'--b\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nabc\r\n--b--\r\n',
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n' + b"X-Long: " + b"y" * 20000,
        b"--b\r\n\r\n\r\n--b--\r\n",
    ],
    ids=["garbage", "truncated", "no-field-name", "endless-header", "no-headers"],
)
def test_malformed_multipart_is_400(server, body):
    answer = request(server, "POST", "/api/check", body, "multipart/form-data; boundary=b")
    assert answer.status == 400
    assert answer.json()["error"]
    still_serving(server)


def test_multipart_without_a_boundary_is_400(server):
    answer = request(server, "POST", "/api/check", b"abc", "multipart/form-data")
    assert answer.status == 400
    assert "boundary" in answer.json()["error"]


def test_a_file_name_never_becomes_a_path(server, tmp_path):
    answer = check(server, [("../../etc/passwd", seed()[1])])
    assert answer.status == 200
    assert answer.json()["reports"][0]["path"] == "passwd"
    answer = check(server, [("..\\..\\windows\\win.ini", b"x")])
    assert answer.status == 415
    assert answer.json()["errors"][0]["path"] == "win.ini"


def test_file_names_that_are_not_utf8(server):
    answer = check(server, [("报告.txt".encode("gbk"), seed()[1])])
    assert answer.status == 200
    assert answer.json()["reports"][0]["path"] == "报告.txt"
    answer = check(server, [(b"\xff\xfe\x00\x01.txt", seed()[1])])
    assert answer.status == 200
    assert answer.json()["reports"][0]["path"].endswith(".txt")
    still_serving(server)


def test_file_labels():
    assert file_label(b"../../etc/passwd") == "passwd"
    assert file_label(b"C:\\Users\\a\\\xe6\x8a\xa5\xe5\x91\x8a.docx") == "报告.docx"
    assert file_label(b"..") == "未命名"
    assert file_label(b"a\x00b\x1f.txt") == "ab.txt"
    long = file_label(("长" * 300 + ".docx").encode())
    assert len(long) == 120 and long.endswith(".docx")


def test_idle_and_slow_clients_do_not_hold_up_others(server):
    sockets = []
    try:
        for _ in range(30):  # connections that send half a request line and then nothing
            sock = socket.create_connection(server, timeout=10)
            sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\n")
            sockets.append(sock)
        still_serving(server)
    finally:
        for sock in sockets:
            sock.close()


def test_a_body_slower_than_the_limit_gets_408(server):
    body, content_type = multipart([seed()])
    head = (
        f"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    # 1.5 s allowed for the body; this one would take about 2.5 s.
    answer = raw_exchange(server, head, (body[i : i + 256] for i in range(0, 5 * 256, 256)), pause=0.5)
    assert answer.status == 408
    assert "上传超时" in answer.json()["error"]
    still_serving(server)


def test_a_report_past_the_time_limit_stops_only_its_worker():
    # About 12 MB of report text: seconds of work on any machine, against a limit of half a second.
    huge = seed()[1] * 1100
    with running(settings(report_seconds=0.5, workers=1)) as address:
        answer = check(address, [("巨大.txt", huge)])
        assert answer.status == 408
        assert "时限" in answer.json()["error"]
        still_serving_slowly = check(address, [seed()])
        assert still_serving_slowly.status == 200


def test_a_batch_larger_than_the_queue_gets_503_and_the_queue_drains():
    from dataclasses import replace

    with running(replace(settings(workers=1), queue=3)) as address:
        answer = check(address, [(f"{i}.txt", seed()[1]) for i in range(12)])
        assert answer.status == 503
        assert "服务器繁忙" in answer.json()["error"] and answer.headers["retry-after"]
        still_serving(address)


def test_too_many_waiting_reports_get_503():
    pool = CheckPool(Job(), workers=1, seconds=5, queue=0)
    try:
        with pytest.raises(WebError) as refused:
            asyncio.run(pool.run(CheckTask("a.txt", b"x")))
        assert refused.value.status == 503
        assert refused.value.headers["Retry-After"]
    finally:
        pool.close()
