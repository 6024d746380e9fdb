"""Read YAML safely and remember where every mapping came from, so errors can name the line."""

from __future__ import annotations

from typing import Any

import yaml

from checker.errors import RuleError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from a YAML file that knows the 1-based line it started on."""

    line: int = 0


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader (only plain data: no Python objects, no code) that records mapping lines."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(loader.construct_pairs(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error becomes a RuleError naming the file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(path, f"YAML 语法错误：{exc.problem or exc}", line=line) from None
    except yaml.YAMLError as exc:
        raise RuleError(path, f"YAML 错误：{exc}") from None


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the innermost mapping along `path` inside data loaded by `load_yaml`."""
    line = data.line if isinstance(data, LineDict) else None
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, LineDict):
            line = node.line
    return line
