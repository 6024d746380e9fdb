"""Load a report file of any supported format into a `SourceDocument`.

Loaders know nothing of rules: they turn bytes into numbered lines of text and whatever metadata the
container carries. The format is chosen from the file name unless the caller forces one; standard
input and files named as text are also recognised by their leading bytes (PDF, zip, OLE, HTML on stdin).
.doc/.wps are converted by LibreOffice when it is installed; .ofd is refused with advice.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from checker.error_text import os_problem
from checker.errors import InputError
from checker.read.formats.text import rare_share
from checker.read.normalize import fold
from checker.read.script import in_simplified
from checker.read.source import SourceDocument

# Reports larger than this are refused before decoding: no real annual report comes near it, and a
# pathological input must not exhaust memory. Overridable from the CLI.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Above this share of rare hanzi a text is garbage: real reports, the seeds and the corpus, stay under 5%.
MAX_GARBLED_SHARE = 0.3

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
SUFFIX_FORMATS = {suffix: "text" for suffix in TEXT_SUFFIXES}
SUFFIX_FORMATS |= {".docx": "docx", ".pdf": "pdf"}
SUFFIX_FORMATS |= {suffix: "html" for suffix in (".html", ".htm", ".shtml", ".xhtml")}
# Formats read only through a conversion (or refused with instructions how to convert).
SUFFIX_FORMATS |= {".doc": "doc", ".wps": "doc", ".ofd": "ofd"}

Loader = Callable[[bytes, str, "str | None"], SourceDocument]


def _text_loader() -> Loader:
    from checker.read.formats.text import load_text

    return load_text


def _docx_loader() -> Loader:
    from checker.read.formats.docx import load_docx

    return load_docx


def _pdf_loader() -> Loader:
    from checker.read.formats.pdf import load_pdf

    return load_pdf


def _html_loader() -> Loader:
    from checker.read.formats.html import load_html

    return load_html


def _doc_loader() -> Loader:
    from checker.read.formats.docx import load_doc

    return load_doc


def _ofd_loader() -> Loader:
    from checker.read.formats.docx import load_ofd

    return load_ofd


# Loaders are imported lazily so that checking a .txt never pays for python-docx or a PDF library.
LOADERS: dict[str, Callable[[], Loader]] = {
    "text": _text_loader,
    "docx": _docx_loader,
    "pdf": _pdf_loader,
    "html": _html_loader,
    "doc": _doc_loader,
    "ofd": _ofd_loader,
}

# Leading bytes that give a file's real format away whatever it is called.
_MAGIC = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"))
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.IGNORECASE | re.DOTALL
)


def sniff_format(data: bytes, path: str) -> str | None:
    """The format the bytes themselves declare (PDF, zip, OLE; HTML only for stdin), if any."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if path == "-" and _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return None


def report_format(path: str, forced: str | None = None) -> str:
    """The format a path will be read as: the forced one, else the one its suffix names."""
    if forced:
        if forced not in LOADERS:
            raise InputError(path, f"不支持的输入格式 {forced!r}（可用：{', '.join(sorted(LOADERS))}）")
        return forced
    suffix = Path(path).suffix.lower()
    fmt = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        raise InputError(path, f"不支持的文件类型 {suffix!r}；用 --input-format 指定格式")
    return fmt


def is_report_file(path: Path) -> bool:
    """Whether a file found while walking a directory looks like a report we can read."""
    return path.suffix.lower() in SUFFIX_FORMATS and path.suffix != "" and not path.name.startswith(".")


def size_text(count: int) -> str:
    """A byte count as people say it: 20 MB, 512 KB, 300 字节."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:g} {unit}"
    return f"{count} 字节"


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a report's bytes (never writing to it), or explain in one line why not."""
    if path == "-":
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except OSError as exc:
            raise InputError("标准输入", f"无法读取：{os_problem(exc)}") from None
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(path, "文件不存在；请检查路径和文件名")
        if file.is_dir():
            raise InputError(path, "是目录而不是报告文件；请给出报告文件的路径")
        if not file.is_file():
            # A FIFO or a device would block or never end.
            raise InputError(path, "不是普通文件（是设备、管道或套接字）；请给出报告文件的路径")
        try:
            if file.stat().st_size > max_bytes:
                raise InputError(path, f"文件超过 {size_text(max_bytes)} 的上限（可用 --max-bytes 调整）")
            data = file.read_bytes()
        except PermissionError:
            raise InputError(path, "没有读取权限；请检查文件权限，或换有权限的用户运行") from None
        except OSError as exc:
            raise InputError(path, f"无法读取：{os_problem(exc)}") from None
    if len(data) > max_bytes:
        raise InputError(path, f"输入超过 {size_text(max_bytes)} 的上限（可用 --max-bytes 调整）")
    return data


def load_report(
    path: str,
    input_format: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceDocument:
    """Read and decode one report; `path` may be "-" for standard input."""
    if input_format or path != "-":
        report_format(path, input_format)  # an unsupported type is refused before the file is read
    return load_data(read_bytes(path, max_bytes), path, input_format, encoding)


def load_data(data: bytes, path: str, input_format: str | None = None, encoding: str | None = None) -> SourceDocument:
    """Decode a report's bytes already in memory (a file's, standard input's, an upload's); `path` only
    names it: its suffix chooses the format, and it is what errors and evidence refer to.

    Without a forced format, standard input and files named as text are checked for PDF, .docx and
    .doc signatures first: `cat report.pdf | fzcheck -` and a PDF saved as report.txt still read.
    """
    fmt = report_format(path, input_format) if input_format or path != "-" else "text"
    if not data.strip():
        raise InputError(path, "文件为空")
    if not input_format and fmt == "text":
        fmt = sniff_format(data, path) or fmt
    document = in_simplified(LOADERS[fmt]()(data, path, encoding))
    # Folded, so that a file of zero-width spaces or ideographic blanks counts as empty too.
    if not any(fold(line.text) for line in document.lines):
        raise InputError(path, "没有可读的文字")
    # A corrupt file a converter still turned into "text" (a damaged .doc through LibreOffice) is mostly
    # rare hanzi; measured after any traditional text was converted, whose characters are not rare then.
    if rare_share("".join(line.text for line in document.lines)) > MAX_GARBLED_SHARE:
        raise InputError(path, "文字大多是乱码，文件可能已损坏或编码不对（文本文件可用 --encoding 指定编码）")
    return document
