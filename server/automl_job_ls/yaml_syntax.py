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
    def __init__(self, root: Node | None, unsafe_tags: list[UnsafeTag], with_duplicates: list[Mapping]):
        self.root = root
        self.unsafe_tags = unsafe_tags
        self.with_duplicates = with_duplicates  # mappings that repeat a key, found while building


_resolver = yaml.resolver.Resolver()
_QUOTED = ("'", '"')


_new = tuple.__new__  # builds named tuples without their Python-level __new__ (hot path)


def _mark_range(start: yaml.Mark, end: yaml.Mark) -> Range:
    return _new(Range, (_new(Position, (start.line, start.column)), _new(Position, (end.line, end.column))))


def _resolve(tag: str | None, text: str, implicit: tuple[bool, bool]) -> tuple[str, str, object]:
    """(tag, kind, value) of a scalar, resolved and constructed the way safe_load does."""
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, text, implicit)
    kind = _SCALAR_KINDS.get(tag, OTHER)
    value: object = text
    if kind in _CONSTRUCT:
        try:
            value = _CONSTRUCT[kind](yaml.ScalarNode(tag, text))
        except (ConstructorError, ValueError):
            kind = OTHER
    elif tag == _TAG + "timestamp":
        try:
            value = _constructor.construct_yaml_timestamp(yaml.ScalarNode(tag, text))
        except (ConstructorError, ValueError):
            pass
    return tag, kind, value


# Job files repeat the same keys and values many times; resolving each once is a large saving.
_cache: dict[tuple[str | None, str, tuple[bool, bool]], tuple[str, str, object]] = {}
_CACHE_LIMIT = 20000


def _scalar(event: yaml.ScalarEvent, unsafe: list[UnsafeTag]) -> Scalar:
    rng = _mark_range(event.start_mark, event.end_mark)
    key = (event.tag, event.value, event.implicit)
    resolved = _cache.get(key)
    if resolved is None:
        if len(_cache) > _CACHE_LIMIT:
            _cache.clear()
        resolved = _cache[key] = _resolve(*key)
    tag, kind, value = resolved
    if kind == OTHER and tag not in _SAFE_TAGS:
        unsafe.append(UnsafeTag(tag, rng))
    return Scalar(text=event.value, kind=kind, value=value, range=rng, quoted=event.style in _QUOTED)


def _as_key(node: Node) -> Scalar:
    if isinstance(node, Scalar):
        return node
    # A mapping or list used as a key: keep it as opaque text.
    return Scalar(text="<complex key>", kind=OTHER, value=None, range=node.range)


def _build(text: str) -> ComposeResult:
    """Build our tree straight from the C parser's events, in one pass and without recursion.

    Aliases resolve to the node their anchor named, so a "billion laughs" document stays
    linear in size here. Errors are PyYAML's own (same messages and marks as `compose`).
    """
    unsafe: list[UnsafeTag] = []
    anchors: dict[str, Node] = {}
    stack: list[Mapping | Sequence] = []
    pending: list[Node | None] = []  # per open mapping: its key awaiting a value
    seen_keys: list[set[str] | None] = []  # per open mapping: keys so far (None for lists)
    with_duplicates: list[Mapping] = []
    root: Node | None = None
    documents = 0
    for event in yaml.parse(text, Loader=Loader):
        cls = event.__class__
        if cls is yaml.ScalarEvent:
            node: Node = _scalar(event, unsafe)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            start = Position(event.start_mark.line, event.start_mark.column)
            flow = bool(event.flow_style)
            node = Mapping([], Range(start, start), flow) if cls is yaml.MappingStartEvent else Sequence([], Range(start, start), flow)
            if event.tag not in (None, "!") and event.tag not in _SAFE_TAGS:
                unsafe.append(UnsafeTag(event.tag, Range(start, start)))
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            done = stack.pop()
            pending.pop()
            seen_keys.pop()
            done.range = Range(done.range.start, Position(event.end_mark.line, event.end_mark.column))
            continue
        elif cls is yaml.AliasEvent:
            node = anchors.get(event.anchor)  # type: ignore[assignment]
            if node is None:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream", None, "but found another document", event.start_mark
                )
            continue
        else:
            continue
        if cls is not yaml.AliasEvent and event.anchor is not None:
            anchors[event.anchor] = node
        if stack:
            top = stack[-1]
            if isinstance(top, Mapping):
                key = pending[-1]
                if key is None:
                    pending[-1] = node
                else:
                    scalar_key = _as_key(key)
                    scalar_key.parent = top
                    keys = seen_keys[-1]
                    if scalar_key.text in keys:  # type: ignore[operator]
                        if not with_duplicates or with_duplicates[-1] is not top:
                            with_duplicates.append(top)
                    else:
                        keys.add(scalar_key.text)  # type: ignore[union-attr]
                    if node.parent is None:
                        node.parent = top
                    top.pairs.append(Pair(scalar_key, node))
                    pending[-1] = None
            else:
                if node.parent is None:
                    node.parent = top
                top.items.append(node)
        else:
            root = node
        if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            stack.append(node)  # type: ignore[arg-type]
            pending.append(None)
            seen_keys.append(set() if cls is yaml.MappingStartEvent else None)
    return ComposeResult(root, unsafe, with_duplicates)


def compose(text: str) -> ComposeResult:
    """Parse one YAML document into our tree; raises SyntaxProblemError on invalid YAML."""
    try:
        return _build(text)
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
