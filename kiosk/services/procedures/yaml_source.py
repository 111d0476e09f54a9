"""Read a procedure YAML file into plain data plus the line of every key path.

`yaml.safe_load` forgets where things were; a ward technician fixing a file needs "line 14". So
the file is composed into nodes (which carry their marks) and turned into data by hand, keeping a
map from key path ("fields[2].kind") to its 1-based line. Only the safe YAML subset is built:
mappings, sequences and scalars resolved by the safe loader's rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser when the wheel has it (x86-64 Linux wheels do): same nodes and marks, faster.
_COMPOSER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class YamlProblem(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key, self.reason = key, reason


def load_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse one YAML document; raises YamlProblem with the line for syntax errors."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlProblem("", f"YAML syntax error at {where}{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem("", f"YAML error: {exc}") from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    constructor = yaml.SafeLoader("")  # only its scalar resolution is used
    return _build(node, "", lines, constructor), lines


def _build(node: Node, path: str, lines: dict[str, int], loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            sub = f"{path}.{key}" if path else str(key)
            if key in result:
                raise YamlProblem(sub, f"key given twice (line {key_node.start_mark.line + 1})")
            result[key] = _build(value_node, sub, lines, loader)
        return result
    if isinstance(node, SequenceNode):
        return [_build(v, f"{path}[{i}]", lines, loader) for i, v in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    value = loader.construct_object(node, deep=True)
    # The schema has no date types: an unquoted 2025-07-01 (verified_at) stays the text it was.
    return value.isoformat() if isinstance(value, date) else value
