"""Everything the product knows about PyYAML lives here.

The CLI loads job files with PyYAML's `safe_load` (YAML 1.1), so we compose with the same
library (C loader when present) and resolve scalars the same way: `yes` is a boolean and
`1e-3` is a string. The composed tree is converted to our own nodes (nodes.py), keeping
duplicate keys and exact marks.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .nodes import BOOL, FLOAT, INT, NULL, OTHER, STR, Mapping, Node, Pair, Position, Range, Scalar, Sequence

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALAR_KINDS = {
    _TAG + "str": STR,
    _TAG + "int": INT,
    _TAG + "float": FLOAT,
    _TAG + "bool": BOOL,
    _TAG + "null": NULL,
}
# Tags safe_load can construct; anything else (e.g. !!python/object) makes the CLI fail.
_SAFE_TAGS = set(_SCALAR_KINDS) | {
    _TAG + t for t in ("timestamp", "binary", "map", "seq", "omap", "pairs", "set", "merge", "value")
}
_constructor = SafeConstructor()
_CONSTRUCT = {
    INT: _constructor.construct_yaml_int,
    FLOAT: _constructor.construct_yaml_float,
    BOOL: _constructor.construct_yaml_bool,
    NULL: _constructor.construct_yaml_null,
}


@dataclass(frozen=True)
class SyntaxProblem:
    """A YAML error: where it is and what the parser said."""

    position: Position
    problem: str
    context: str | None = None
    context_position: Position | None = None


@dataclass(frozen=True)
class UnsafeTag:
    tag: str
    range: Range


class ComposeResult:
    def __init__(self, root: Node | None, unsafe_tags: list[UnsafeTag]):
        self.root = root
        self.unsafe_tags = unsafe_tags


def _range(node: yaml.Node) -> Range:
    s, e = node.start_mark, node.end_mark
    return Range(Position(s.line, s.column), Position(e.line, e.column))


def _scalar(node: yaml.Node, unsafe: list[UnsafeTag]) -> Scalar:
    if not isinstance(node, yaml.ScalarNode):
        # A complex key (mapping or list used as a key): keep it as opaque text.
        return Scalar(text="<complex key>", kind=OTHER, value=None, range=_range(node))
    kind = _SCALAR_KINDS.get(node.tag, OTHER)
    value: object = node.value
    if kind in _CONSTRUCT:
        try:
            value = _CONSTRUCT[kind](node)
        except (ConstructorError, ValueError):
            kind, value = OTHER, node.value
    elif kind == OTHER:
        if node.tag not in _SAFE_TAGS:
            unsafe.append(UnsafeTag(node.tag, _range(node)))
        elif node.tag == _TAG + "timestamp":
            try:
                value = _constructor.construct_yaml_timestamp(node)
            except (ConstructorError, ValueError):
                pass
    return Scalar(text=node.value, kind=kind, value=value, range=_range(node), quoted=node.style in ("'", '"'))


def _convert(root: yaml.Node) -> ComposeResult:
    """Convert iteratively (deep nesting must not hit the recursion limit).

    Aliases are the same PyYAML node object; they map to the same converted node, so a
    "billion laughs" document stays linear in size here.
    """
    unsafe: list[UnsafeTag] = []
    done: dict[int, Node] = {}

    def shell(node: yaml.Node) -> tuple[Node, bool]:
        existing = done.get(id(node))
        if existing is not None:
            return existing, False
        if isinstance(node, yaml.MappingNode):
            out: Node = Mapping(pairs=[], range=_range(node), flow=bool(node.flow_style))
        elif isinstance(node, yaml.SequenceNode):
            out = Sequence(items=[], range=_range(node), flow=bool(node.flow_style))
        else:
            out = _scalar(node, unsafe)
        if not isinstance(out, Scalar) and node.tag not in _SAFE_TAGS:
            unsafe.append(UnsafeTag(node.tag, _range(node)))
        done[id(node)] = out
        return out, not isinstance(out, Scalar)

    top, pending = shell(root)
    stack: list[tuple[yaml.Node, Node]] = [(root, top)] if pending else []
    while stack:
        src, dst = stack.pop()
        if isinstance(dst, Mapping):
            for k, v in src.value:
                key = _scalar(k, unsafe)
                key.parent = dst
                value, fresh = shell(v)
                if value.parent is None:
                    value.parent = dst
                dst.pairs.append(Pair(key, value))
                if fresh:
                    stack.append((v, value))
        else:
            for item in src.value:
                value, fresh = shell(item)
                if value.parent is None:
                    value.parent = dst
                dst.items.append(value)
                if fresh:
                    stack.append((item, value))
    return ComposeResult(top, unsafe)


def compose(text: str) -> ComposeResult:
    """Compose one YAML document; raises SyntaxProblemError on invalid YAML."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        ctx = exc.context_mark
        raise SyntaxProblemError(
            SyntaxProblem(
                position=Position(mark.line, mark.column) if mark else Position(0, 0),
                problem=exc.problem or str(exc),
                context=exc.context,
                context_position=Position(ctx.line, ctx.column) if ctx else None,
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        raise SyntaxProblemError(
            SyntaxProblem(position=_index_to_position(text, exc.position), problem=_reader_problem(exc))
        ) from None
    except yaml.YAMLError as exc:  # e.g. "expected a single document" without marks
        raise SyntaxProblemError(SyntaxProblem(position=Position(0, 0), problem=str(exc))) from None
    if node is None:
        return ComposeResult(None, [])
    return _convert(node)


class SyntaxProblemError(Exception):
    def __init__(self, problem: SyntaxProblem):
        super().__init__(problem.problem)
        self.problem = problem


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    return f"unacceptable character #x{code:04x}: special characters are not allowed"


def _index_to_position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return Position(line, index - start)
