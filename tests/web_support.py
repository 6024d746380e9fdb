"""Helpers for the web tests: a real uvicorn server on a loopback port in a background thread, and a
small HTTP client that can also send what no well-behaved client would (bad multipart, slow bodies)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn

from checker.batch import Job
from checker.config import Config
from checker.render.model import catalog_of, grade_names
from checker.ruleset import load_ruleset
from checker.web.app import Settings, create_app
from checker.web.checking import Catalog
from checker.web.upload import Limits

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def settings(token: str | None = None, report_seconds: float = 60.0, workers: int = 2, **limits: float) -> Settings:
    """Server settings as `fzcheck serve` builds them, with the shipped rule set and no configuration."""
    ruleset = load_ruleset()
    return Settings(
        job=Job(),
        catalog=Catalog(ruleset.name, catalog_of(ruleset), Config(), grade_names(ruleset)),
        limits=replace(Limits(file_bytes=20 * 1024 * 1024), **limits),
        report_seconds=report_seconds,
        workers=workers,
        token=token,
    )


@contextlib.contextmanager
def running(server_settings: Settings) -> Iterator[tuple[str, int]]:
    """Serve the app on 127.0.0.1 (a free port) for the length of the block; yields (host, port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(uvicorn.Config(create_app(server_settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield sock.getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def multipart(
    files: Iterable[tuple[str | bytes, bytes]] = (), fields: dict[str, str] | None = None
) -> tuple[bytes, str]:
    """A multipart/form-data body: `files` as (file name, bytes) in fields named "file", then `fields`.
    A file name given as bytes is sent as is (to test names that are not UTF-8)."""
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, data in files:
        raw = name if isinstance(name, bytes) else name.encode("utf-8")
        body += f"--{boundary}\r\n".encode()
        body += b'Content-Disposition: form-data; name="file"; filename="' + raw + b'"\r\n'
        body += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
    for key, value in (fields or {}).items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
        body += value.encode("utf-8") + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def request(
    address: tuple[str, int],
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> Answer:
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        sent = dict(headers or {})
        if content_type:
            sent["Content-Type"] = content_type
        connection.request(method, path, body, sent)
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def check(address: tuple[str, int], files=(), fields=None, headers=None) -> Answer:
    """POST /api/check with files and fields."""
    body, content_type = multipart(files, fields)
    return request(address, "POST", "/api/check", body, content_type, headers)


def seed(name: str = "003_de700f0da81c1964.txt") -> tuple[str, bytes]:
    return name, (SEEDS / name).read_bytes()


def seed_docx(directory: Path, name: str, saved_as: str | None = None) -> Path:
    """A seed report written as a .docx with python-docx, one paragraph per line."""
    import docx

    document = docx.Document()
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = directory / (saved_as or f"{Path(name).stem}.docx")
    document.save(path)
    return path
