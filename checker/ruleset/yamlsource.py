"""Read YAML safely and remember where every mapping came from, so errors can name the line.

Rule files come from strangers. The loader is PyYAML's safe loader: plain data only, so a tag such as
!!python/object/apply:os.system is a construction error, never a call. What safe loading does not stop
is size: aliases let a few lines stand for a structure of billions of nodes (the "billion laughs"),
which every later walk over the data would pay for. So merged mappings are capped while loading, and
the loaded data is measured as if every alias were written out, refusing anything beyond MAX_NODES,
nested deeper than MAX_DEPTH, or referring to itself.
"""

from __future__ import annotations

from typing import Any

import yaml

from checker.error_text import yaml_problem
from checker.errors import RuleError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The shipped baseline is about 3,000 nodes and 8 levels deep.
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_MERGED_PAIRS = 10_000


class LineDict(dict):
    """A mapping from a YAML file that knows the 1-based line it started on."""

    line: int = 0


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader (only plain data: no Python objects, no code) that records mapping lines."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Merge keys (<<: *a) copy the merged pairs into every mapping that merges them: nested merges
        # grow exponentially while the document is still being built, before any later check could run.
        super().flatten_mapping(node)
        if len(node.value) > MAX_MERGED_PAIRS:
            raise yaml.constructor.ConstructorError(
                None, None, f"合并键（<<）展开后超过 {MAX_MERGED_PAIRS} 项", node.start_mark
            )


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(loader.construct_pairs(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error, an unsafe tag or a structure too large is a RuleError."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        # A parser may stop a deep document at a limit of its own, in its own words: ours comes first.
        _refuse_deep_nesting(text, path)
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(path, f"YAML 语法错误：{yaml_problem(exc)}", line=line) from None
    except yaml.YAMLError as exc:
        raise RuleError(path, f"YAML 错误：{yaml_problem(exc)}") from None
    except RecursionError:
        raise RuleError(path, f"YAML 嵌套超过 {MAX_DEPTH} 层") from None
    expanded_size(data, path)
    return data


def _refuse_deep_nesting(text: str, path: str) -> None:
    """A RuleError when the document opens more than MAX_DEPTH collections before it stops parsing.

    Called only once loading has failed, to tell a too-deep document (ours: refused at MAX_DEPTH) from a
    syntax error, whatever limit and wording the YAML library has."""
    depth = 0
    try:
        # The pure-Python parser: it yields events as it goes, where libyaml may stop before the first.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise RuleError(path, f"YAML 嵌套超过 {MAX_DEPTH} 层", line=line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def expanded_size(data: Any, path: str) -> int:
    """How many nodes the data holds with every alias written out, computed once per distinct node;
    a RuleError when it exceeds MAX_NODES, nests deeper than MAX_DEPTH or contains itself."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise RuleError(path, "YAML 中的别名引用了自身（循环结构）")
        if depth > MAX_DEPTH:
            raise RuleError(path, f"YAML 嵌套超过 {MAX_DEPTH} 层")
        active.add(key)
        children = [v for pair in node.items() for v in pair] if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise RuleError(path, f"YAML 展开别名后超过 {MAX_NODES} 个节点，疑似别名炸弹，拒绝加载")
        active.discard(key)
        sizes[key] = total
        return total

    return size(data, 0)


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
