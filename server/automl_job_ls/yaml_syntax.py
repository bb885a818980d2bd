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

from .lines import YAML_ONLY_BREAKS, LineIndex
from .nodes import BOOL, BROKEN, FLOAT, INT, NULL, OTHER, STR, Mapping, Node, Pair, Position, Range, Scalar, Sequence

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


def _scalar(event: yaml.ScalarEvent, unsafe: list[UnsafeTag], at) -> Scalar:
    if at is None:
        s, e = event.start_mark, event.end_mark
        rng = _new(Range, (_new(Position, (s.line, s.column)), _new(Position, (e.line, e.column))))
    else:
        rng = _new(Range, (at(event.start_mark), at(event.end_mark)))
    key = (event.tag, event.value, event.implicit)
    resolved = _cache.get(key)
    if resolved is None:
        if len(_cache) > _CACHE_LIMIT:
            _cache.clear()
        resolved = _cache[key] = _resolve(*key)
    tag, kind, value = resolved
    if kind == OTHER and tag not in _SAFE_TAGS:
        unsafe.append(UnsafeTag(tag, rng))
    return Scalar(event.value, kind, value, rng, event.style in _QUOTED)


# The tolerant parse writes this in place of a value it could not read (see compose's `repaired`).
BROKEN_VALUE = "!broken ''"
_BROKEN_TAG = "!broken"


def _broken(event: yaml.ScalarEvent, at) -> Scalar:
    start = event.start_mark
    pos = _new(Position, (start.line, start.column)) if at is None else at(start)
    return Scalar("", BROKEN, None, _new(Range, (pos, pos)))


def _as_key(node: Node) -> Scalar:
    if isinstance(node, Scalar):
        return node
    # A mapping or list used as a key: keep it as opaque text.
    return Scalar(text="<complex key>", kind=OTHER, value=None, range=node.range)


# Event classes as module constants: the loop below runs once per event of the document.
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DOC_START = yaml.DocumentStartEvent


def _build(text: str, at, anchors: dict[str, Node], repaired: bool) -> ComposeResult:
    """Build our tree straight from the C parser's events, in one pass and without recursion.

    Aliases resolve to the node their anchor named, so a "billion laughs" document stays
    linear in size here. Errors are PyYAML's own (same messages and marks as `compose`).
    `at` maps a mark to our position when PyYAML's own line count cannot be used.
    """
    unsafe: list[UnsafeTag] = []
    # One frame per open collection: [node, key awaiting its value, keys seen (mappings only)].
    frames: list[list] = []
    with_duplicates: list[Mapping] = []
    root: Node | None = None
    documents = 0
    # The loader's own get_event, not yaml.parse(): no generator and check_event per event.
    loader = Loader(text)
    next_event = loader.get_event
    try:
        while (event := next_event()) is not None:
            cls = event.__class__
            if cls is _SCALAR:
                if repaired and event.tag == _BROKEN_TAG:
                    node: Node = _broken(event, at)
                else:
                    node = _scalar(event, unsafe, at)
            elif cls is _MAP_START or cls is _SEQ_START:
                mark = event.start_mark
                start = _new(Position, (mark.line, mark.column)) if at is None else at(mark)
                here = _new(Range, (start, start))
                node = Mapping([], here, bool(event.flow_style)) if cls is _MAP_START else Sequence([], here, bool(event.flow_style))
                if event.tag not in (None, "!") and event.tag not in _SAFE_TAGS:
                    unsafe.append(UnsafeTag(event.tag, here))
            elif cls is _MAP_END or cls is _SEQ_END:
                done = frames.pop()[0]
                mark = event.end_mark
                done.range = _new(Range, (done.range.start, _new(Position, (mark.line, mark.column)) if at is None else at(mark)))
                continue
            elif cls is _ALIAS:
                node = anchors.get(event.anchor)  # type: ignore[assignment]
                if node is None:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", None, "but found another document", event.start_mark
                    )
                continue
            else:
                continue
            if cls is not _ALIAS and event.anchor is not None:
                anchors[event.anchor] = node
            if frames:
                frame = frames[-1]
                top = frame[0]
                keys = frame[2]
                if keys is None:
                    top.items.append(node)
                elif frame[1] is None:
                    frame[1] = node
                else:
                    key = _as_key(frame[1])
                    frame[1] = None
                    if key.text in keys:
                        if not with_duplicates or with_duplicates[-1] is not top:
                            with_duplicates.append(top)
                    else:
                        keys.add(key.text)
                    top.pairs.append(Pair(key, node))
            else:
                root = node
            if cls is _MAP_START:
                frames.append([node, None, set()])
            elif cls is _SEQ_START:
                frames.append([node, None, None])
    finally:
        loader.dispose()
    return ComposeResult(root, unsafe, with_duplicates)


def compose(
    text: str, line_offset: int = 0, anchors: dict[str, Node] | None = None, repaired: bool = False
) -> ComposeResult:
    """Parse one YAML document into our tree; raises SyntaxProblemError on invalid YAML.

    `line_offset` places a slice of a larger text (its first line is that line of the whole);
    `anchors` carries anchors from slices parsed before this one; `repaired` text may hold
    BROKEN_VALUE where the tolerant parse took out a value it could not read.
    """
    at = _mark_mapper(text, line_offset)
    try:
        return _build(text, at, {} if anchors is None else anchors, repaired)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        ctx = exc.context_mark
        raise SyntaxProblemError(
            SyntaxProblem(
                position=_position(mark, at) if mark else Position(line_offset, 0),
                problem=exc.problem or str(exc),
                context=exc.context,
                context_position=_position(ctx, at) if ctx else None,
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        # The C reader counts UTF-8 bytes; the pure one code points.
        index = exc.position if Loader is yaml.SafeLoader else len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace"))
        raise SyntaxProblemError(_problem_at(text, index, line_offset, _reader_problem(exc))) from None
    except UnicodeEncodeError as exc:  # a lone surrogate: no UTF-8 file can hold it
        raise SyntaxProblemError(
            _problem_at(text, exc.start, line_offset, f"the lone surrogate U+{ord(text[exc.start]):04X} cannot be saved as UTF-8")
        ) from None
    except yaml.YAMLError as exc:  # e.g. "expected a single document" without marks
        raise SyntaxProblemError(SyntaxProblem(position=Position(line_offset, 0), problem=str(exc))) from None


def _problem_at(text: str, index: int, line_offset: int, problem: str) -> SyntaxProblem:
    pos = LineIndex(text).position(index)
    return SyntaxProblem(position=Position(pos.line + line_offset, pos.character), problem=problem)


def _mark_mapper(text: str, line_offset: int):
    """None when PyYAML's (line, column) are ours; else a function from a mark to our position.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029 and skips a leading BOM without
    counting it; the LSP does neither, so then the mark's index is placed on our line model.
    """
    bom = 1 if text.startswith("\ufeff") else 0
    if not bom and not any(c in text for c in YAML_ONLY_BREAKS):
        if not line_offset:
            return None
        return lambda mark: _new(Position, (mark.line + line_offset, mark.column))
    line_index = LineIndex(text)

    def at(mark) -> Position:
        pos = line_index.position(mark.index + bom)
        return _new(Position, (pos.line + line_offset, pos.character))

    return at


def _position(mark, at) -> Position:
    if at is None:
        return Position(mark.line, mark.column)
    return at(mark)


class SyntaxProblemError(Exception):
    def __init__(self, problem: SyntaxProblem):
        super().__init__(problem.problem)
        self.problem = problem


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    return f"unacceptable character #x{code:04x}: special characters are not allowed"
