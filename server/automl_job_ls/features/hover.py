"""Hover: the documentation of a key, or of an enum value and its key."""

from __future__ import annotations

from dataclasses import dataclass

from .. import bindings
from ..cursor import ITEM, parent_path, split_line
from ..document import Document, JobKind
from ..nodes import Mapping, Position, Range, Scalar, Sequence, scalar_str
from ..schema import SchemaStore
from .docs import key_doc, value_doc
from ..schema_nav import object_branch, schema_at


@dataclass
class HoverResult:
    text: str
    range: Range


def hover(doc: Document, store: SchemaStore, pos: Position, markdown: bool) -> HoverResult | None:
    if not doc.is_ours:
        return None
    ref = bindings.at(doc, pos)
    if ref is not None:
        return _binding(doc, ref, markdown)
    found = _from_tree(doc, pos) if pos.line not in doc.blanked_lines else None
    if found is None:
        found = _from_text(doc, pos)
    if found is None:
        return None
    path, types, key, value, rng = found
    type_at = lambda i: types[i] if i < len(types) else None  # noqa: E731
    parent = schema_at(store, doc.kind, path, type_at)
    if parent is None:
        return None
    parent = object_branch(store, parent, type_at(len(path)))
    schema = store.prop(parent, key)
    if schema is None:
        rejected = store.rejected_keys(parent).get(key)
        if rejected and value is None:
            return HoverResult(rejected.get("message", ""), rng)
        return None
    if value is not None:
        text = value_doc(store, value, schema, markdown)
        if text is None:
            return None
        return HoverResult(text + "\n\n" + key_doc(store, key, schema, markdown), rng)
    return HoverResult(key_doc(store, key, schema, markdown), rng)


def _binding(doc: Document, ref: bindings.Reference, markdown: bool) -> HoverResult:
    """What a `${{parent...}}` binding names: the lines that declare it, or why it names nothing."""
    title = f"`${{{{{ref.expression}}}}}`" if markdown else f"${{{{{ref.expression}}}}}"
    if ref.problem:
        return HoverResult(f"{title}\n\n{ref.problem}", ref.range)
    if ref.target is None:
        return HoverResult(f"{title}\n\nDeclared by the step's component, outside this file.", ref.range)
    first = ref.target.start.line
    block = [doc.lines[first]]
    indent = len(block[0]) - len(block[0].lstrip())
    for line in doc.lines[first + 1 : first + 8]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    body = "\n".join(line[indent:] for line in block).rstrip()
    shown = f"```yaml\n{body}\n```" if markdown else body
    return HoverResult(f"{title} (line {first + 1})\n\n{shown}", ref.range)


def _from_tree(doc: Document, pos: Position):
    """(path, type values along it, key, value or None, range) from the parse tree."""
    chain = doc.node_path_at(pos)
    if len(chain) < 2:
        return None
    segments = [seg for seg, _ in chain[1:]]
    nodes = [node for _, node in chain]
    last = nodes[-1]
    if not isinstance(last, Scalar):
        return None
    parent = nodes[-2]
    is_key = isinstance(parent, Mapping) and any(p.key is last for p in parent.pairs)
    path = [ITEM if isinstance(s, int) else str(s) for s in segments]
    types = [scalar_str(n.get("type")) if isinstance(n, Mapping) else None for n in nodes]
    if is_key:
        return path[:-1], types, path[-1], None, last.range
    if isinstance(parent, Sequence):
        return None
    return path[:-1], types, path[-1], last.text, last.range


def _from_text(doc: Document, pos: Position):
    lines = doc.lines
    if pos.line >= len(lines):
        return None
    line = split_line(pos.line, lines[pos.line])
    if line is None or line.key is None:
        return None
    key_end = line.content_col + len(line.key)
    if not line.content_col <= pos.character <= key_end:
        return None
    path = parent_path(lines, pos.line, line.content_col) + [ITEM] * len(line.dashes)
    return path, [], line.key, None, Range(Position(pos.line, line.content_col), Position(pos.line, key_end))
