"""Plain-text reports: decode the bytes, refuse what is not text."""

from __future__ import annotations

import codecs
import re

from checker.errors import InputError
from checker.read.source import SourceDocument, lines_from_text

# Control characters other than tab, newline, carriage return and form feed do not occur in text a
# person wrote; a file full of them is binary, whatever its name says.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}
# One C-level scan instead of a Python loop over every character of the report.
_CONTROL_CHARS = re.compile("[" + re.escape("".join(sorted(_CONTROL))) + "]")
_MAX_CONTROL_SHARE = 0.01

# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Big5 (and other double-byte) text nearly always decodes as GB18030 too, into nonsense made of rare
# characters. A simplified-Chinese report has well under 1% of its hanzi outside GB2312; past this
# share the GB18030 reading is doubted and the statistical detector gets a say.
_MAX_RARE_HANZI_SHARE = 0.2
_MIN_HANZI_TO_JUDGE = 20


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes; returns the text and the encoding used.

    Order matters: a byte-order mark wins; then strict UTF-8 (it almost never decodes non-UTF-8
    Chinese by accident); then GB18030, a superset of GBK and GB2312 that also has the characters
    Python's `gbk` codec lacks; only then charset-normalizer, which guesses wrong on short snippets
    but finds UTF-16 without a mark, Big5 and the like.
    """
    if encoding:
        return _decode_as(data, path, encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise InputError(path, f"文件以 {name} 标记开头，但内容无法按 {name} 解码") from None
    if b"\x00" not in data:
        # NUL bytes never occur in UTF-8 or GB18030 text; with them only UTF-16/32 remains possible.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if rare_share(text) <= _MAX_RARE_HANZI_SHARE:
                return text, "gb18030"
            # Traditional Chinese has many hanzi outside GB2312 however it is encoded: take the detector's
            # reading only if it is the less outlandish one.
            detected = _detect(data)
            if detected and rare_share(detected[0]) < rare_share(text):
                return detected
            return text, "gb18030"
    detected = _detect(data)
    if detected:
        return detected
    if b"\x00" in data:
        raise InputError(path, "看起来是二进制文件，不是文本报告；请确认选对了文件")
    raise InputError(path, "无法识别文本编码（试过 UTF-8、GB18030 和自动检测）；可用 --encoding 指定")


def _decode_as(data: bytes, path: str, encoding: str) -> tuple[str, str]:
    """Decode with the encoding the user named, and nothing else."""
    try:
        return data.decode(encoding), encoding
    except LookupError:
        raise InputError(path, f"未知的编码 {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"按 {encoding} 解码失败（第 {exc.start} 字节）") from None


# The CJK Unified Ideographs block: what counts as a hanzi when judging how much of a text is rare.
_HANZI = re.compile(r"[\u4e00-\u9fff]+")


def rare_share(text: str) -> float:
    """Share of a text's hanzi outside GB2312 (0 with too few hanzi to judge): a few percent in a real
    report, most of them in bytes decoded wrongly or in a corrupt file's garbage."""
    hanzi = "".join(_HANZI.findall(text))
    if len(hanzi) < _MIN_HANZI_TO_JUDGE:
        return 0.0
    # One C-level pass: every hanzi GB2312 lacks becomes "?", which no hanzi run contains.
    return hanzi.encode("gb2312", errors="replace").count(b"?") / len(hanzi)


def _detect(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer (imported only here: most reports never need it); None if it has no answer."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional dependency: without it, UTF-8 and GB18030 still work
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    name = best.encoding.replace("_", "-")
    try:
        return data.decode(best.encoding), name
    except (UnicodeDecodeError, LookupError):
        return None


def is_binary(text: str) -> bool:
    """Whether decoded text is full of control characters, i.e. was never text."""
    controls = len(_CONTROL_CHARS.findall(text))
    return bool(text) and controls / len(text) > _MAX_CONTROL_SHARE


def load_text(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """Load a .txt/.md report."""
    text, used = decode(data, path, encoding)
    if is_binary(text):
        raise InputError(path, "看起来是二进制文件，不是文本报告；请确认选对了文件")
    return SourceDocument(path=path, format="text", lines=lines_from_text(text), encoding=used)
