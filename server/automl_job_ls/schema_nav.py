"""From a key path in the document to the schema that describes it.

Paths are lists of keys with `[]` for list entries (cursor.ITEM). Unions (distributions,
early-termination policies, sampling algorithms) are resolved by the mapping's own `type:`.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .cursor import ITEM
from .document import JobKind
from .recognition import camel_to_snake
from .schema import Schema, SchemaStore

TypeAt = Callable[[int], "str | None"]  # `type:` value of the mapping reached after path[:i]


def _no_type(_: int) -> str | None:
    return None


def normalise(text: str, mode: str | None) -> str | None:
    """How the CLI folds a written enum value (`enum_case`), or None when it takes it as written."""
    if mode == "any":
        return text.lower()
    if mode == "camel-to-snake":
        return camel_to_snake(text)
    return None


def tag_matches(store: SchemaStore, tag: Schema, value: str) -> bool:
    """Whether the CLI reads `value` as one of the values the discriminator schema `tag` allows."""
    allowed = [str(v) for v in store.allowed_values(tag)]
    return value in allowed or normalise(value, store.ext(tag).enum_case) in allowed


def object_branch(store: SchemaStore, schema: Schema, type_value: str | None) -> Schema:
    """The branch of a union that a mapping with `type: type_value` takes (or the union itself).
    The one place that decides it, for diagnostics, completion, hover and fixes alike."""
    branches = store.branches(schema)
    if not branches:
        return schema
    objects = [b for b in branches if "object" in store.types(b)]
    if len(objects) == 1:
        return objects[0]
    field = store.ext(schema).tag_key
    if type_value:
        for branch in objects:
            if tag_matches(store, store.prop(branch, field) or {}, type_value):
                return branch
    return schema


def root_for(store: SchemaStore, kind: JobKind, path: Sequence[str], type_at: TypeAt = _no_type) -> tuple[Schema | None, int]:
    """The schema at the root of `path`, and how many segments it consumed."""
    if kind is JobKind.PIPELINE:
        if len(path) >= 2 and path[0] == "jobs":
            node_type = (type_at(2) or "").lower()
            # A new step without a type yet is most likely ours; other steps get the generic schema.
            return (store.node if node_type in ("automl", "") else store.step), 2
        return store.pipeline, 0
    return store.job, 0


def schema_at(store: SchemaStore, kind: JobKind, path: Sequence[str], type_at: TypeAt = _no_type) -> Schema | None:
    schema, start = root_for(store, kind, path, type_at)
    if schema is None:
        return None
    for index in range(start, len(path)):
        schema = object_branch(store, schema, type_at(index))
        segment = path[index]
        if segment == ITEM:
            items = schema.get("items")
            if not isinstance(items, dict):
                return None
            schema = store.resolve(items)
            continue
        sub = store.prop(schema, segment)
        if sub is None:
            additional = schema.get("additionalProperties")
            if not isinstance(additional, dict):
                return None
            sub = store.resolve(additional)
        schema = sub
    return schema


def mapping_schema(store: SchemaStore, kind: JobKind, path: Sequence[str], type_at: TypeAt = _no_type) -> Schema | None:
    """The object schema whose keys can be typed at `path` (unions resolved by `type:`)."""
    schema = schema_at(store, kind, path, type_at)
    if schema is None:
        return None
    return object_branch(store, schema, type_at(len(path)))


def scalar_choices(store: SchemaStore, schema: Schema) -> list[tuple[str, str]]:
    """(value, one-line doc) a scalar of this schema can take: enums, suggestions, booleans."""
    out: list[tuple[str, str]] = []
    candidates = [schema] + [b for b in store.branches(schema) if not store.types(b) & {"object", "array"}]
    for candidate in candidates:
        ext = store.ext(candidate)
        docs = ext.value_docs
        for value in store.allowed_values(candidate):
            out.append((str(value), docs.get(str(value), "")))
        for value in ext.suggested_values:
            out.append((str(value), docs.get(str(value), "")))
        # true/false are the choices of a boolean, not of a key that takes any text or number too
        if "boolean" in store.types(candidate) and not store.types(candidate) & {"string", "number", "integer"}:
            out += [("true", ""), ("false", "")]
    seen: set[str] = set()
    return [(v, d) for v, d in out if not (v in seen or seen.add(v))]
