"""Rule files on disk: where the shipped ones live, reading them safely, validating them against the
shipped schema (with a cache of files seen valid), and following `extends` and `data_files`."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from checker.atomic import atomic_writer
from checker.error_text import os_problem, schema_problem
from checker.errors import RuleError
from checker.ruleset.patterns import PatternError, check_regex_once
from checker.ruleset.yamlsource import LineDict, line_of, load_yaml

# The installed package (checker/): rule files and schemas live under it.
_PACKAGE = Path(__file__).resolve().parent.parent
# Rule files larger than this are refused before reading: the baseline is under 100 KB.
MAX_RULE_FILE_BYTES = 5 * 1024 * 1024
# How many files an `extends` chain may hold (a cycle is caught separately).
MAX_EXTENDS_DEPTH = 16
# Rule files known to be valid against the current schema: validation keys (see _validation_key) seen
# valid in this process, and (_persisted) in earlier runs, from a small cache file. Validating needs
# jsonschema, whose import and run cost most of a short run's start-up.
_VALIDATED: set[str] = set()
CACHE_FILE = "validated-rules-v1.txt"
MAX_CACHE_ENTRIES = 256
# Parsed rule files by (resolved path, mtime, size): a profile's rule set reads the baseline again.
_PARSED: dict[tuple[str, int, int], LineDict] = {}


def rules_dir() -> Path:
    """Where the shipped rule files live: inside the installed package, or next to it in a checkout."""
    packaged = _PACKAGE / "rules"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


# ---------------------------------------------------------------- reading and validating files


@cache
def _schema() -> dict[str, Any]:
    path = _PACKAGE / "schemas" / "rules.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def read_rule_file(path: Path) -> LineDict:
    """Parse and validate one rule file; any problem is a RuleError with file, line and rule id.

    The result is shared between callers (parsed files are kept for the run): treat it as read-only.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RuleError(str(path), "规则文件不存在") from None
    except OSError as exc:
        raise RuleError(str(path), f"无法读取规则文件：{os_problem(exc)}") from None
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key in _PARSED:
        return _PARSED[key]
    text = _read_text(path, info)
    data = load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise RuleError(str(path), "规则文件的顶层应当是映射（mapping）", line=1)
    validation_key = _validation_key(text)
    if validation_key not in _VALIDATED and validation_key not in _persisted():
        _validate(data, str(path))
        _remember_valid(validation_key)
    _VALIDATED.add(validation_key)
    _PARSED[key] = data
    return data


def _read_text(path: Path, info: os.stat_result) -> str:
    """A rule file's text, refusing what is not a regular file or is too large before reading it whole
    (a FIFO would block, /dev/zero never ends, and a 100 MB file is no rule file)."""
    if not stat.S_ISREG(info.st_mode):
        raise RuleError(str(path), "规则文件不是普通文件；请给出 .yaml 规则文件的路径")
    limit = f"{MAX_RULE_FILE_BYTES // (1024 * 1024)} MB"
    if info.st_size > MAX_RULE_FILE_BYTES:
        raise RuleError(str(path), f"规则文件过大（{info.st_size} 字节，上限 {limit}）")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_RULE_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise RuleError(str(path), f"无法读取规则文件：{os_problem(exc)}") from None
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), f"规则文件不是 UTF-8 文本（第 {exc.start} 字节）") from None
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleError(str(path), f"规则文件过大（上限 {limit}）")
    # The same text Path.read_text gives: universal newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- the validation cache


@cache
def _schema_digest() -> str:
    path = _PACKAGE / "schemas" / "rules.schema.json"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _validation_key(text: str) -> str:
    """A rule file's identity for the cache: its content and the schema it was validated against."""
    return hashlib.sha256(f"{_schema_digest()}\n{text}".encode()).hexdigest()


def cache_file() -> Path | None:
    """Where validation results are kept across runs: $XDG_CACHE_HOME/fzcheck or ~/.cache/fzcheck."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "fzcheck" / CACHE_FILE


@cache
def _persisted() -> frozenset[str]:
    """Validation keys from earlier runs; nothing when there is no readable cache."""
    path = cache_file()
    try:
        lines = path.read_text(encoding="ascii").split() if path else []
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line for line in lines if len(line) == 64)


def _remember_valid(key: str) -> None:
    """Add a key to the cache file, written whole to a temporary file and renamed over the old one so
    that a concurrent reader never sees half a file. A cache that cannot be written is skipped."""
    _VALIDATED.add(key)
    path = cache_file()
    if path is None:
        return
    try:
        known = path.read_text(encoding="ascii").split() if path.exists() else []
    except (OSError, UnicodeDecodeError):
        known = []
    keys = [*[k for k in known if len(k) == 64 and k != key][-(MAX_CACHE_ENTRIES - 1) :], key]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path, encoding="ascii") as stream:
            stream.write("\n".join(keys) + "\n")
    except OSError:
        return


def _validate(data: LineDict, path: str) -> None:
    # jsonschema costs ~0.13 s to import; it is only needed the first time a file's content is seen.
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    location = tuple(error.absolute_path)
    rule_id = None
    if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
        rule = data["rules"][location[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
    where = "/".join(str(p) for p in location) or "(顶层)"
    raise RuleError(path, f"{where}: {schema_problem(error)}", line=line_of(data, location), rule_id=rule_id)


def _resolve(name: str, relative_to: Path) -> Path:
    """A file named in `extends`: a shipped rule set by id, or a path relative to the extending file.

    `extends` is the only way a rule file reaches another file, and what it reaches is read as a rule
    file and nothing else: it must be named .yaml/.yml, a regular file under MAX_RULE_FILE_BYTES, and
    it goes through the same safe YAML loading, size limits, schema validation and regex checks.
    A rule pack can thus make the checker read (not run, not write) a YAML file the user may read;
    parts of that file may show in an error message on the user's own terminal, nowhere else.
    """
    candidate = relative_to.parent / name
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate
    shipped = rules_dir() / f"{name}.yaml"
    if shipped.exists():
        return shipped
    return candidate


def extends_chain(path: Path) -> list[tuple[Path, LineDict]]:
    """The file and everything it extends, base first."""
    chain: list[tuple[Path, LineDict]] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            raise RuleError(str(current), "extends 形成循环")
        seen.add(resolved)
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise RuleError(str(current), f"extends 链超过 {MAX_EXTENDS_DEPTH} 层")
        data = read_rule_file(current)
        chain.append((current, data))
        parent = data.get("extends")
        current = _resolve(parent, current) if parent else None
        if current is not None and current.suffix.lower() not in (".yaml", ".yml"):
            raise RuleError(
                str(chain[-1][0]),
                f"extends 只能是内置规则集名称或 .yaml 规则文件：{parent!r}",
                line=line_of(data, ("extends",)),
            )
    return list(reversed(chain))


def read_data_files(raw: LineDict, path: Path) -> dict[str, Any]:
    """The tables of the YAML files a rule file lists under `data_files` (paths relative to the rule file),
    merged in order: large tables such as the provinces live in their own files under rules/data/."""
    merged: dict[str, Any] = {}
    for name in raw.get("data_files", []):
        target = path.parent / name
        try:
            info = target.stat()
        except OSError as exc:
            raise RuleError(
                str(path), f"无法读取数据文件 {name}：{os_problem(exc)}", line=line_of(raw, ("data_files",))
            ) from None
        key = (str(target.resolve()), info.st_mtime_ns, info.st_size)
        if key not in _PARSED:
            # Data files come with rule packs from strangers: the same size limit and pattern checks apply.
            tables = load_yaml(_read_text(target, info), str(target))
            if not isinstance(tables, dict):
                raise RuleError(str(target), "数据文件的顶层应当是映射（mapping）", line=1)
            check_data_patterns(tables, str(target))
            # Parsed once per run: every profile's rule set lists the baseline's data files again.
            _PARSED[key] = tables
        merged = merge_data(merged, _PARSED[key])
    return merged


def check_data_patterns(value: Any, path: str) -> None:
    """Data tables hold a few regular expressions under `pattern` keys (the stale-reference table)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                try:
                    check_regex_once(item)
                except PatternError as exc:
                    raise RuleError(path, f"data: {exc}", line=getattr(value, "line", None)) from None
            else:
                check_data_patterns(item, path)
    elif isinstance(value, list):
        for item in value:
            check_data_patterns(item, path)


def merge_data(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Named data tables (stale references, provinces, …): a later file's table replaces or extends."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        else:
            merged[key] = value
    return merged
