"""Hover: the documentation of a key, or of an enum value and its key."""

from __future__ import annotations

from dataclasses import dataclass

from .. import bindings
from ..cursor import ITEM, job_kind, key_at
from ..document import Document, JobKind
from ..nodes import Mapping, Position, Range, Scalar, Sequence, scalar_str
from ..schema import SchemaStore
from ..schema_nav import object_branch, schema_at
from ..suggest import did_you_mean
from .completion import discriminator_choices
from .docs import key_doc, value_doc


@dataclass
class HoverResult:
    text: str
    range: Range


def hover(doc: Document, store: SchemaStore, pos: Position, markdown: bool) -> HoverResult | None:
    kind = job_kind(doc)
    if kind is JobKind.NOT_OURS:
        return None  # someone else's YAML, or another AutoML task: nothing to say
    ref = bindings.at(doc, pos)
    if ref is not None:
        return _binding(doc, ref, markdown)
    found = _from_tree(doc, pos)  # a line left out of the tree (blanked) has no node: key_at reads it
    if found is None:
        item = _list_value(doc, store, kind, pos, markdown)
        if item is not None:
            return item
        written = key_at(doc, pos)
        found = (written.path, written.types, written.key, None, written.range) if written else None
    if found is None:
        return None
    path, types, key, value, rng = found
    type_at = lambda i: types[i] if i < len(types) else None  # noqa: E731
    union = schema_at(store, kind, path, type_at)
    if union is None:
        return None
    parent = object_branch(store, union, type_at(len(path)))
    code = (lambda t: f"`{t}`") if markdown else (lambda t: t)
    if key == store.ext(union).tag_key and len(store.branches(union)) > 1:
        return HoverResult(_discriminator(store, union, key, value, markdown), rng)
    schema = store.prop(parent, key)
    if schema is None:
        return _unknown_key(store, parent, key, value, rng, markdown, code)
    if value is not None:
        text = value_doc(store, value, schema, markdown)
        if text is None:
            return None
        return HoverResult(text + "\n\n" + key_doc(store, key, schema, markdown), rng)
    return HoverResult(key_doc(store, key, schema, markdown), rng)


def _unknown_key(store: SchemaStore, parent, key: str, value, rng: Range, markdown: bool, code) -> HoverResult | None:
    """A key the CLI rejects: what to write instead first, then that key's documentation."""
    if value is not None:
        return None
    rejected = store.rejected_keys(parent).get(key)
    use = rejected.use if rejected else did_you_mean(key, list(store.properties(parent)))
    target = store.prop(parent, use) if use else None  # a dotted `use` names a key elsewhere: nothing here to document
    if rejected:
        head = rejected.message
    elif target is not None:
        head = f"Did you mean {code(str(use))}? {code(key)} is not a key here."
    else:
        return None
    return HoverResult(head + ("\n\n" + key_doc(store, str(use), target, markdown) if target is not None else ""), rng)


def _discriminator(store: SchemaStore, union, key: str, value: str | None, markdown: bool) -> str:
    """`type:` of a policy or distribution: every kind it can be, the written one marked."""
    choices = discriminator_choices(store, union)
    title = f"**{key}**" if markdown else key
    lines = [f"{title}: which kind this is, one of:", ""]
    for name, doc in choices:
        shown = f"`{name}`" if markdown else name
        mark = " (this one)" if value is not None and name == value else ""
        lines.append(f"- {shown}{mark}: {doc}" if doc else f"- {shown}{mark}")
    own = next((doc for name, doc in choices if name == value and doc), None)
    if own:  # on the value: its own description first
        lines = [f"**{value}**: {own}" if markdown else f"{value}: {own}", ""] + lines
    return "\n".join(lines)


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


def _list_value(doc: Document, store: SchemaStore, kind: JobKind, pos: Position, markdown: bool) -> HoverResult | None:
    """A value inside a list (the `values` of a `choice`, a list of tags...): its own docs, then
    those of what it is a value of (the hyperparameter for a search-space `choice`, else the list's key)."""
    chain = doc.node_path_at(pos)
    if len(chain) < 3 or not isinstance(chain[-1][1], Scalar) or not isinstance(chain[-2][1], Sequence):
        return None
    value = chain[-1][1]
    segments = [seg for seg, _ in chain[1:]]
    nodes = [node for _, node in chain]
    path = [ITEM if isinstance(seg, int) else str(seg) for seg in segments]
    types = [scalar_str(n.get("type")) if isinstance(n, Mapping) else None for n in nodes]
    type_at = lambda i: types[i] if i < len(types) else None  # noqa: E731
    in_choice = len(path) >= 3 and path[-2] == "values"
    owner_path = path[:-2] if in_choice else path[:-1]  # the hyperparameter, or the key that holds the list
    schema, owner_schema = schema_at(store, kind, path, type_at), schema_at(store, kind, owner_path, type_at)
    if schema is None or owner_schema is None:
        return None
    # A free-text hyperparameter (model_name): its suggestions are documented on the key, not on the choice.
    text = value_doc(store, value.text, schema, markdown) or value_doc(store, value.text, owner_schema, markdown)
    if text is None:
        return None
    return HoverResult(text + "\n\n" + key_doc(store, str(owner_path[-1]), owner_schema, markdown), value.range)


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
