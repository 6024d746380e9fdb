"""Project configuration: `.fzcheck.yaml` or `[tool.fzcheck]` in pyproject.toml, or `--config FILE`.

The file is looked for from the working directory upward; the first directory holding either file wins
(.fzcheck.yaml before pyproject.toml, and a pyproject.toml counts only if it has a [tool.fzcheck] table).
Every problem is one line naming the file and the line. Command-line options win over the file.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from checker.error_text import os_problem, schema_problem, toml_problem, yaml_problem
from checker.errors import FzcheckError
from checker.judge.score import score
from checker.results import CREDIT, NOT_APPLICABLE, ReportResult

CONFIG_NAMES = (".fzcheck.yaml", ".fzcheck.yml")


class ConfigError(FzcheckError):
    """The configuration file is broken: names the file and line and says what is wrong."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Config:
    """What a configuration file asks for. Empty when there is no file."""

    path: str | None = None
    profile: str | None = None
    rules: tuple[str, ...] = ()
    disable: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    fail_under: float | None = None
    required: tuple[str, ...] = ()
    # Seconds one report may take (0: no limit); None when the file does not say.
    time_limit: float | None = None
    # Where each key was written, as "disable/content.x" → line, for errors found after loading.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def changes_results(self) -> bool:
        """Whether verdicts or scores have to be adjusted after checking."""
        return bool(self.disable or self.weights)


# ---------------------------------------------------------------- finding and reading


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from `start` upward, or None."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    # A cheap textual test first: most pyproject.toml files have no [tool.fzcheck] and need no parsing.
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.fzcheck(\.|\])", text, re.M) is not None


@cache
def _schema() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "schemas" / "config.schema.json").read_text(encoding="utf-8"))


def load_config(path: Path) -> Config:
    """Read, validate and resolve one configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "配置文件不存在") from None
    except OSError as exc:
        raise ConfigError(
            str(path), f"无法读取配置文件：{os_problem(exc)}；请指向 .fzcheck.yaml 或 pyproject.toml 文件"
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"配置文件不是 UTF-8 文本（第 {exc.start} 字节）") from None
    if path.suffix == ".toml":
        data, lines = _read_toml(text, str(path))
    else:
        data, lines = _read_yaml(text, str(path))
    _validate(data, lines, str(path))
    rules = data.get("rules", [])
    rules = [rules] if isinstance(rules, str) else rules
    resolved = []
    for index, name in enumerate(rules):
        # Rule packs are named relative to the configuration file, so the file works from any directory.
        candidate = (path.parent / name) if not Path(name).is_absolute() else Path(name)
        if not candidate.is_file():
            raise ConfigError(str(path), f"rules 中的规则文件不存在：{name}", _line(lines, ("rules", index)))
        resolved.append(str(candidate))
    return Config(
        path=str(path),
        profile=data.get("profile"),
        rules=tuple(resolved),
        disable=dict(data.get("disable", {})),
        weights={k: float(v) for k, v in data.get("weights", {}).items()},
        fail_under=float(data["fail_under"]) if "fail_under" in data else None,
        time_limit=float(data["time_limit"]) if "time_limit" in data else None,
        required=tuple(data.get("required", [])),
        lines={"/".join(map(str, key)): line for key, line in lines.items()},
    )


def _read_yaml(text: str, path: str) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(path, f"YAML 语法错误：{yaml_problem(exc)}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"YAML 错误：{yaml_problem(exc)}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(path, "配置文件的顶层应当是映射（键: 值）", 1)
    lines: dict[tuple[Any, ...], int] = {}
    _node_lines(node, (), lines)
    return data, lines


def _node_lines(node: yaml.Node, prefix: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    """Record the line of every key and list item, so an error deep inside names its own line."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, key.value)
            lines[path] = key.start_mark.line + 1
            _node_lines(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = item.start_mark.line + 1
            _node_lines(item, (*prefix, index), lines)


def _read_toml(text: str, path: str) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem, line = toml_problem(exc)
        raise ConfigError(path, problem, line) from None
    section = data.get("tool", {}).get("fzcheck")
    if not isinstance(section, dict):
        raise ConfigError(path, "没有 [tool.fzcheck] 配置")
    return section, _toml_lines(text, section)


def _toml_lines(text: str, section: dict[str, Any]) -> dict[tuple[Any, ...], int]:
    """Approximate key lines in [tool.fzcheck]: tomllib keeps no positions, so find keys textually."""
    rows = text.splitlines()
    start = next((i for i, row in enumerate(rows) if re.match(r"\s*\[tool\.fzcheck[.\]]", row)), 0)
    lines: dict[tuple[Any, ...], int] = {}

    def find(key: str, after: int) -> int | None:
        pattern = re.compile(rf"^\s*(\[tool\.fzcheck\.{re.escape(key)}\]|\"?{re.escape(key)}\"?\s*=)")
        return next((i for i in range(after, len(rows)) if pattern.search(rows[i])), None)

    for key, value in section.items():
        at = find(key, start)
        if at is None:
            continue
        lines[(key,)] = at + 1
        if isinstance(value, dict):
            for sub in value:
                found = find(sub, at) if not rows[at].lstrip().startswith("[") else find(sub, at + 1)
                # Inline tables put every key on the key's own line.
                lines[(key, sub)] = (found + 1) if found is not None else at + 1
    return lines


def _line(lines: dict[tuple[Any, ...], int], location: tuple[Any, ...]) -> int | None:
    """The line of the deepest known key along `location`."""
    for end in range(len(location), 0, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return 1 if lines else None


def _validate(data: dict[str, Any], lines: dict[tuple[Any, ...], int], path: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    location = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and not location:
        unknown = sorted(set(data) - set(_schema()["properties"]))
        if unknown:
            known = "、".join(_schema()["properties"])
            raise ConfigError(path, f"未知的配置项 {unknown[0]!r}（可用：{known}）", _line(lines, (unknown[0],)))
    where = "/".join(str(p) for p in location) or "(顶层)"
    raise ConfigError(path, f"{where}: {schema_problem(error)}", _line(lines, location))


# ---------------------------------------------------------------- using


def check_ids(config: Config, known: set[str]) -> None:
    """Every element id the configuration names must exist in the rule set (a typo would silently do nothing)."""
    if config.path is None:
        return
    named = [("disable", i) for i in config.disable] + [("weights", i) for i in config.weights]
    named += [("required", i) for i in config.required]
    for key, element_id in named:
        if element_id not in known:
            index = config.required.index(element_id) if key == "required" else element_id
            line = config.lines.get(f"{key}/{index}") or config.lines.get(key)
            raise ConfigError(config.path, f"{key} 中的要素 {element_id!r} 不存在（fzcheck rules list 查看全部）", line)


def adjust(result: ReportResult, config: Config, grade: Any) -> ReportResult:
    """Apply `disable` (element becomes n/a, the reason as its note) and `weights`, then re-score.

    `grade` maps a score and the elements to the grade and the vetoes that cap it (judge.score.grade
    with the report's rule set)."""
    if not config.changes_results:
        return result
    elements = []
    for element in result.elements:
        if element.id in config.disable:
            element = replace(
                element,
                status=NOT_APPLICABLE,
                points=0.0,
                evidence=(),
                missing="",
                fix="",
                note=f"按配置不检查：{config.disable[element.id]}",
            )
        elif element.id in config.weights:
            weight = config.weights[element.id]
            credit = CREDIT.get(element.status)
            points = round(weight * credit, 2) if credit is not None else 0.0
            element = replace(element, weight=weight, points=points)
        elements.append(element)
    total = score(elements)
    name, caps = grade(total, elements)
    by_score = grade(total, ())[0]
    return replace(result, elements=tuple(elements), score=total, grade=name, caps=caps, grade_by_score=by_score)
