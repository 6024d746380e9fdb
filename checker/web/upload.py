"""Reading a request's reports: uploaded files and pasted text, kept in memory and never written to disk.

The body is streamed through python-multipart with every limit enforced as the bytes arrive, so a
100 MB body or a thousand tiny files are refused after the first byte past the limit, not after they
have all been read. A file name is only a label: the last component of what the client sent, with
control characters removed; it never becomes a path.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from checker.read.formats import size_text
from checker.web.errors import WebError

# python-multipart warns about each malformed body, quoting bytes of it: the answer says what is wrong,
# and the log must not hold what clients sent.
logging.getLogger("python_multipart").setLevel(logging.ERROR)

# The field names of the API and of the page's form.
FILE_FIELD, TEXT_FIELD = "file", "text"
# Other form fields (none is needed today) are small; more of them than this is not a real client.
MAX_FIELDS = 20
MAX_FIELD_BYTES = 1024
MAX_LABEL_CHARS = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    """What one request may carry, and how long its parts may take."""

    file_bytes: int
    files: int = 200
    request_bytes: int = 64 * 1024 * 1024
    body_seconds: float = 60.0


@dataclass(frozen=True)
class Upload:
    """One uploaded report: the bytes, and the label it is shown (and reported in JSON) under."""

    name: str
    data: bytes


@dataclass
class Form:
    """What a request sent: files in order, and the text fields."""

    files: list[Upload] = field(default_factory=list)
    fields: dict[str, bytes] = field(default_factory=dict)


def file_label(raw: bytes) -> str:
    """The name a file is shown under: decoded (UTF-8, else GB18030 as old Windows clients send it),
    its last path component only, without control characters, at most MAX_LABEL_CHARS long."""
    for encoding in ("utf-8", "gb18030"):
        try:
            name = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        name = raw.decode("utf-8", errors="replace")
    name = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if name in ("", ".", ".."):
        return "未命名"
    if len(name) > MAX_LABEL_CHARS:
        _, dot, suffix = name.rpartition(".")
        keep = f".{suffix}" if dot and len(suffix) <= 10 else ""
        name = name[: MAX_LABEL_CHARS - len(keep)] + keep
    return name


async def read_form(request: Request, limits: Limits) -> Form:
    """The files and fields of a multipart/form-data or application/x-www-form-urlencoded request."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise WebError(400, "请求头 Content-Length 无效")
        if int(declared) > limits.request_bytes:
            raise WebError(413, f"请求超过 {size_text(limits.request_bytes)} 的上限，请分批上传")
    kind, options = parse_options_header(request.headers.get("content-type"))
    if kind not in (b"multipart/form-data", b"application/x-www-form-urlencoded"):
        raise WebError(
            415,
            "请求格式应为 multipart/form-data（用 file 字段上传文件）或 application/x-www-form-urlencoded（text 字段）",
        )
    try:
        async with asyncio.timeout(limits.body_seconds):
            if kind == b"multipart/form-data":
                return await _read_multipart(request, limits, options.get(b"boundary"))
            return await _read_urlencoded(request, limits)
    except TimeoutError:
        raise WebError(408, f"上传超时：{limits.body_seconds:g} 秒内没有收到完整的请求，请检查网络后重试") from None
    except ClientDisconnect:
        raise WebError(400, "上传中断：连接在请求结束前断开") from None


async def _body(request: Request, limits: Limits) -> AsyncIterator[bytes]:
    """The request body chunk by chunk, refused as soon as it passes the request limit (a client may
    send no Content-Length, or a false one)."""
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limits.request_bytes:
            raise WebError(413, f"请求超过 {size_text(limits.request_bytes)} 的上限，请分批上传")
        yield chunk


async def _read_urlencoded(request: Request, limits: Limits) -> Form:
    body = bytearray()
    async for chunk in _body(request, limits):
        body += chunk
        if len(body) > limits.file_bytes + MAX_FIELDS * MAX_FIELD_BYTES:
            raise WebError(413, f"文本超过 {size_text(limits.file_bytes)} 的上限")
    form = Form()
    # latin-1 keeps the percent-decoded bytes as they are; the loader decodes the report text itself.
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1"):
        _add_field(form, name.encode("latin-1"), value.encode("latin-1"), limits)
    return form


def _add_field(form: Form, name: bytes, value: bytes, limits: Limits) -> None:
    if len(form.fields) >= MAX_FIELDS:
        raise WebError(400, f"表单字段超过 {MAX_FIELDS} 个")
    key = name.decode("utf-8", errors="replace")
    limit = limits.file_bytes if key == TEXT_FIELD else MAX_FIELD_BYTES
    if len(value) > limit:
        raise WebError(413, f"字段 {key[:40]} 超过 {size_text(limit)} 的上限")
    form.fields[key] = value


class _Collector:
    """python-multipart callbacks that keep each part in memory and enforce the limits as bytes arrive."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.form = Form()
        self.complete = False
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name = b""
        self._filename: bytes | None = None
        self._data = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_end": self.on_end,
        }

    def on_part_begin(self) -> None:
        self._disposition, self._filename, self._data = b"", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise WebError(400, "上传的数据格式有误：表单的一部分没有字段名")
        self._name = options[b"name"]
        self._filename = options.get(b"filename")
        if self._filename is not None:
            if self._name.decode("utf-8", errors="replace") != FILE_FIELD:
                raise WebError(400, f"文件应放在名为 {FILE_FIELD} 的字段中")
            if len(self.form.files) >= self.limits.files:
                raise WebError(413, f"一次最多上传 {self.limits.files} 个文件，请分批上传")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._data += data[start:end]
        if len(self._data) > self.limits.file_bytes:
            what = file_label(self._filename) if self._filename is not None else "文本"
            raise WebError(413, f"{what}: 超过 {size_text(self.limits.file_bytes)} 的上限")

    def on_part_end(self) -> None:
        if self._filename is None:
            _add_field(self.form, self._name, bytes(self._data), self.limits)
        elif self._filename or self._data:  # a file input left empty sends a nameless, empty part
            self.form.files.append(Upload(file_label(self._filename), bytes(self._data)))
        self._data = bytearray()

    def on_end(self) -> None:
        self.complete = True


async def _read_multipart(request: Request, limits: Limits, boundary: bytes | None) -> Form:
    if not boundary:
        raise WebError(400, "上传的数据格式有误：multipart 请求缺少 boundary")
    collector = _Collector(limits)
    try:
        parser = MultipartParser(boundary, collector.callbacks())
        async for chunk in _body(request, limits):
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise WebError(400, "上传的数据格式有误：multipart 无法解析") from None
    if not collector.complete:
        raise WebError(400, "上传的数据不完整：multipart 没有结束标记")
    return collector.form
