"""Quick fixes that several checks share (rename a key, change a value, remove a key, add a
missing key, switch a union's `type:`). Each check module lists its own codes' fixes in a
`FIXES` table next to the check, using these or its own; features/code_actions.py dispatches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..cursor import ITEM
from ..document import Document
from ..edits import insert_keys, pair_lines, pair_with_key_at, pair_with_value_at, path_of, remove_pair, text_at
from ..nodes import Mapping, Scalar
from ..schema import Schema, SchemaStore
from ..schema_nav import object_branch, schema_at
from .model import Diagnostic, Edit, Fix


@dataclass(frozen=True)
class FixContext:
    doc: Document
    store: SchemaStore
    diagnostic: Diagnostic
    snippets: bool = False  # the client applies snippet text edits


FixFn = Callable[[FixContext], list[Fix]]


def combine(*fns: FixFn) -> FixFn:
    def run(ctx: FixContext) -> list[Fix]:
        return [fix for fn in fns for fix in fn(ctx)]

    return run


def rename_key(ctx: FixContext) -> list[Fix]:
    new = ctx.diagnostic.data.replace_key
    if not new:
        return []
    rng = ctx.diagnostic.range
    return [Fix(f"Rename `{text_at(ctx.doc, rng)}` to `{new}`", (Edit(rng, new),), preferred=True)]


def replace_value(ctx: FixContext) -> list[Fix]:
    data, rng = ctx.diagnostic.data, ctx.diagnostic.range
    fixes = []
    if data.replace_value is not None:
        fixes.append(Fix(f"Change to `{data.replace_value}`", (Edit(rng, data.replace_value),), preferred=True))
    if data.choices and data.replace_value is None and not data.tag:
        fixes += [Fix(f"Change to `{choice}`", (Edit(rng, choice),)) for choice in data.choices[:8]]
    return fixes


def removing(title: str) -> FixFn:
    """Remove the key at the range, with its value and lines; `title` names it as `{key}`."""

    def remove(ctx: FixContext) -> list[Fix]:
        found = pair_with_key_at(ctx.doc, ctx.diagnostic.range)
        if found is None:
            return []
        _, pair = found
        return [Fix(title.format(key=pair.key.text), (remove_pair(ctx.doc, pair),), preferred=True)]

    return remove


remove_key = removing("Remove `{key}`")


def schema_of(ctx: FixContext, mapping: Mapping) -> Schema | None:
    """The object schema that describes `mapping` (its union branch chosen by its own `type:`)."""
    path = path_of(ctx.doc, mapping)
    if path is None:
        return None
    schema = schema_at(ctx.store, ctx.doc.kind, [ITEM if isinstance(s, int) else s for s in path])
    if schema is None:
        return None
    tag = mapping.get("type")
    return object_branch(ctx.store, schema, tag.text if isinstance(tag, Scalar) else None)


def with_snippet(edit: Edit, ctx: FixContext) -> Edit:
    """The edit as the client can take it: with tab stops only where snippet edits are supported."""
    return edit if ctx.snippets else Edit(edit.range, edit.new_text)


def add_keys(ctx: FixContext, target: Mapping, keys: list[str], title: str) -> list[Fix]:
    schema = schema_of(ctx, target)
    if schema is None:
        return []
    edit = insert_keys(ctx.doc, ctx.store, target, schema, keys)
    return [Fix(title, (with_snippet(edit, ctx),), preferred=True)] if edit else []


def add_key(ctx: FixContext) -> list[Fix]:
    """The missing key, with a valid value (the schema's default or example) to change."""
    key = ctx.diagnostic.data.add_key
    found = pair_with_key_at(ctx.doc, ctx.diagnostic.range)
    if not key or found is None:
        return []
    parent, pair = found
    # The anchor is the key of the mapping that lacks `key`, or (for a job root) its `type` key.
    target = pair.value if isinstance(pair.value, Mapping) else parent
    if not isinstance(target, Mapping) or not target.pairs:
        return []
    return add_keys(ctx, target, [key], f"Add `{key}`")


def _names(keys: list[str]) -> str:
    return ", ".join(f"`{k}`" for k in keys)


def branch_change(doc: Document, store: SchemaStore, mapping: Mapping, tag_range, choice: str,
                  allow_removal: bool) -> tuple[list[Edit], list[str], list[str]] | None:
    """Edits that switch `mapping` to the union branch `choice`: the new tag, the branch's missing
    required keys, and (when allowed) removal of keys the branch does not have. None when the
    branch does not fit. Shared with completion, which sends the extra edits with the value."""
    path = path_of(doc, mapping)
    schema = schema_at(store, doc.kind, [ITEM if isinstance(s, int) else s for s in path]) if path is not None else None
    if schema is None:
        return None
    branch = store.resolve(object_branch(store, schema, choice))
    if branch is schema:
        return None
    field = store.ext(schema).tag_key
    extra = [p for p in mapping.pairs if p.key.text != field and p.key.text not in store.properties(branch)]
    if extra and (not allow_removal or mapping.flow):
        return None
    present = set(mapping.keys())
    missing = [k for k in branch.get("required", []) if k not in present]
    edits = [Edit(tag_range, choice)] + [Edit(pair_lines(doc, p), "") for p in extra]
    if missing:
        insert = insert_keys(doc, store, mapping, branch, missing)
        if insert is None:
            return None
        edits.append(insert)
    return edits, missing, [p.key.text for p in extra]


def describe_change(choice: str, missing: list[str], removed: list[str]) -> str:
    changes = [f"adds {_names(missing)}"] * bool(missing) + [f"removes {_names(removed)}"] * bool(removed)
    return f"`{choice}`" + (f" ({', '.join(changes)})" if changes else "")


def change_tag(ctx: FixContext) -> list[Fix]:
    """A wrong `type:` of a union (distribution, policy): change it to a branch and add that
    branch's missing required keys. Branches that would make written keys unknown are offered
    only for the did-you-mean suggestion, which then removes those keys (and says so)."""
    data = ctx.diagnostic.data
    if not data.tag:
        return []
    found = pair_with_value_at(ctx.doc, ctx.diagnostic.range)
    if found is None:
        return []
    mapping, _ = found
    ranked = []
    for choice in data.choices:
        change = branch_change(ctx.doc, ctx.store, mapping, ctx.diagnostic.range, choice, allow_removal=choice == data.best)
        if change is None:
            continue
        edits, missing, removed = change
        edits = [with_snippet(e, ctx) for e in edits]
        ranked.append((choice != data.best, len(missing) + len(removed), choice, Fix("Change to " + describe_change(choice, missing, removed), tuple(edits))))
    ranked.sort(key=lambda r: r[:2])
    fixes = [fix for *_, fix in ranked[:8]]
    if fixes and (ranked[0][2] == data.best or len(fixes) == 1):
        fixes[0] = Fix(fixes[0].title, fixes[0].edits, preferred=True)
    return fixes


def quote_value(ctx: FixContext) -> list[Fix]:
    """A number where text is expected: the same characters, quoted."""
    found = pair_with_value_at(ctx.doc, ctx.diagnostic.range)
    if found is None:
        return []
    mapping, pair = found
    value = pair.value
    if not isinstance(value, Scalar) or value.quoted or value.kind == "str" or not value.text:
        return []
    schema = schema_of(ctx, mapping)
    expected = ctx.store.prop(schema, pair.key.text) if schema else None
    if expected is None or "string" not in ctx.store.types(expected):
        return []
    return [Fix(f'Quote it: "{value.text}"', (Edit(value.range, f'"{value.text}"'),), preferred=True)]
