"""Errors raised by the operating system and by libraries, said in Chinese.

A user of fzcheck reads Chinese: "No such file or directory" or "Additional properties are not allowed"
tells them nothing. Each function here turns one kind of foreign error into the short Chinese phrase our
one-line messages are built from (the caller adds the file and what to do). The library's own wording
never decides anything: the OS error is read by errno, the schema error by the keyword that failed, the
YAML error by where it happened.
"""

from __future__ import annotations

import errno
import re
from typing import Any

# What went wrong, by errno, in the words a user knows; each leaves the "what to do" to the caller.
_ERRNO_TEXT = {
    errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "是目录而不是文件",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件过大",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EIO: "读写设备出错（输入/输出错误）",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EEXIST: "文件已存在",
    errno.EINVAL: "参数无效",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EAGAIN: "资源暂时不可用，请稍后重试",
    errno.EADDRINUSE: "地址或端口已被占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
    errno.ECONNREFUSED: "连接被拒绝",
    errno.ETIMEDOUT: "连接超时",
}


def os_problem(exc: OSError) -> str:
    """What an OSError means, in Chinese; an errno we do not name is given by number, never in English."""
    import socket

    if isinstance(exc, socket.gaierror):
        return "无法解析主机名或地址"
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    return f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误"


def unwritable(path: str, exc: OSError) -> str:
    """The one line for an output file that cannot be written: which file, why, and what to check."""
    return f"{path}: 无法写入输出文件：{os_problem(exc)}；请检查目录是否存在、是否可写、磁盘是否已满"


# ---------------------------------------------------------------- YAML

# PyYAML's scanner and parser problems that users meet, by the start of the library's text; anything else
# is described by its place alone. The text only picks a friendlier explanation, never whether to refuse.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”（缩进不对，或值里的冒号需要加引号）"),
    ("could not find expected ':'", "缺少冒号（“键: 值”）"),
    ("found character '\\t'", "不能用制表符缩进，请改用空格"),
    ("found a tab character", "不能用制表符缩进，请改用空格"),
    ("expected <block end>", "缩进不一致"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确闭合"),
    ("expected ',' or '}'", "花括号 { } 没有正确闭合"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("found unknown escape character", "双引号字符串中有未知的转义字符（\\ 后面的字符）"),
    ("could not determine a constructor", "使用了不允许的标签（只能写普通数据，不能用 !! 标签构造对象）"),
    ("found unhashable key", "不能用列表或映射作为键"),
    ("expected a mapping for merging", "合并键（<<）只能合并映射"),
    ("expected a mapping or list of mappings", "合并键（<<）只能合并映射"),
    ("exceeded maximum nesting depth", "嵌套过深"),
    ("found unexpected ':'", "此处不能出现冒号（值里的冒号需要加引号）"),
    ("expected the node content", "此处缺少内容"),
    ("expected alphabetic or numeric character", "锚点或别名的名称无效"),
    ("expected a comment or a line break", "多余的内容（值后面应当换行或写注释）"),
    ("found character that cannot start any token", "有不能出现在此处的字符（如 @ 或 `，请给值加引号）"),
    ("found character", "有不能出现在此处的字符（请给值加引号）"),
    ("special characters are not allowed", "包含不允许的控制字符"),
    ("unacceptable character", "包含不允许的控制字符"),
    ("invalid leading UTF-8 octet", "不是有效的 UTF-8 文本"),
    ("while scanning a quoted scalar", "引号没有闭合"),
)


def yaml_problem(exc: Any) -> str:
    """A PyYAML error (scanner, parser, composer or constructor) as a Chinese phrase, with the column when
    the error carries a position (the caller gives the line)."""
    texts = [str(getattr(exc, "problem", "") or ""), str(getattr(exc, "context", "") or "")]
    explanation = next(
        (ours for prefix, ours in _YAML_PROBLEMS for text in texts if text.startswith(prefix)),
        "无法解析（请检查缩进、冒号、引号和括号是否配对）",
    )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"{explanation}（第 {mark.column + 1} 列）" if mark is not None else explanation


# ---------------------------------------------------------------- TOML


def toml_problem(exc: ValueError) -> tuple[str, int | None]:
    """A tomllib error as a Chinese phrase and the line it names (tomllib gives it only in its text)."""
    text = str(exc)
    line = re.search(r"line (\d+)", text)
    column = re.search(r"column (\d+)", text)
    where = f"（第 {column.group(1)} 列）" if column else ""
    return f"TOML 语法错误{where}：请检查引号、等号和方括号", int(line.group(1)) if line else None


# ---------------------------------------------------------------- JSON Schema

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值",
}


def _value(value: Any) -> str:
    """A value as the user wrote it, shortened so one line stays one line."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ")
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _type_names(wanted: Any) -> str:
    names = wanted if isinstance(wanted, list) else [wanted]
    return "或".join(_TYPE_NAMES.get(name, str(name)) for name in names)


def _actual_type(value: Any) -> str:
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if isinstance(value, kind):
            return _TYPE_NAMES[name]
    if isinstance(value, list):
        return _TYPE_NAMES["array"]
    if isinstance(value, dict):
        return _TYPE_NAMES["object"]
    return _TYPE_NAMES["null"] if value is None else "其他"


def _unexpected_keys(error: Any) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [str(k) for k in instance if k not in allowed and not any(p.search(str(k)) for p in patterns)]


def schema_problem(error: Any) -> str:
    """A jsonschema ValidationError as a Chinese phrase, built from the keyword that failed and the values
    involved; the library's English message is never shown."""
    keyword, wanted, value = error.validator, error.validator_value, error.instance
    if keyword == "type":
        return f"应为{_type_names(wanted)}，写的是{_actual_type(value)} {_value(value)}"
    if keyword == "required":
        missing = [name for name in wanted if isinstance(value, dict) and name not in value]
        return f"缺少必填的键 {'、'.join(missing) or '、'.join(wanted)}"
    if keyword == "additionalProperties":
        keys = _unexpected_keys(error)
        shown = "、".join(keys[:5]) + ("等" if len(keys) > 5 else "")
        return f"不认识的键 {shown}（拼写有误，或放错了位置）"
    if keyword == "propertyNames":
        return f"键名 {_value(value)} 不符合要求"
    if keyword in ("enum", "const"):
        options = wanted if keyword == "enum" else [wanted]
        return f"应为 {'、'.join(str(o) for o in options)} 之一，写的是 {_value(value)}"
    bounds = {
        "minimum": "不能小于",
        "maximum": "不能大于",
        "exclusiveMinimum": "应大于",
        "exclusiveMaximum": "应小于",
    }
    if keyword in bounds:
        return f"{_value(value)} 超出范围：{bounds[keyword]} {wanted}"
    sizes = {
        "minLength": f"不能少于 {wanted} 个字",
        "maxLength": f"不能多于 {wanted} 个字",
        "minItems": f"至少应有 {wanted} 项",
        "maxItems": f"至多只能有 {wanted} 项",
        "minProperties": f"至少应有 {wanted} 个键",
        "maxProperties": f"至多只能有 {wanted} 个键",
    }
    if keyword in sizes:
        return f"{_value(value)} {sizes[keyword]}" if keyword.endswith("Length") else sizes[keyword]
    if keyword == "pattern":
        return f"{_value(value)} 的写法不符合要求（应匹配 {wanted}）"
    if keyword == "uniqueItems":
        return "列表中有重复的项"
    if keyword in ("oneOf", "anyOf"):
        return f"{_value(value)} 不符合任何一种允许的写法"
    return f"{_value(value)} 不符合格式要求"
