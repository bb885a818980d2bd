"""Completion and hover inside an `MLTable` file, from the MLTable schema (schemas/).

Reuses the job features' building blocks (the cursor model, schema navigation, key docs) over
the MLTable schema store, so an MLTable completes and explains itself like a job file does.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..cursor import ITEM, context_at
from ..document import Document, JobKind
from ..features.completion import KEY, SNIPPET, VALUE, Completion, Options, render_skeleton
from ..features.docs import key_doc, type_label, value_doc
from ..schema_nav import mapping_schema, object_branch, scalar_choices, schema_at
from ..nodes import Mapping, Position, Range, Scalar, Sequence
from .mltable import NAME
from .schemas import mltable_store

_KIND = JobKind.STANDALONE  # the schema helpers' root: the MLTable store answers it with the MLTable schema


def is_mltable(path: str | None) -> bool:
    return bool(path) and os.path.basename(path) == NAME


_DEFAULT_JSONL = "train_annotations.jsonl"


def skeleton(folder: Path | None, snippets: bool) -> str:
    """The canonical MLTable (`skeleton` of the MLTable schema), naming a JSONL file of the folder."""
    name = _DEFAULT_JSONL
    if folder is not None and folder.is_dir():
        found = sorted(p.name for p in folder.iterdir() if p.suffix == ".jsonl" and not set(p.name) & set("<>|"))
        name = found[0] if found else name
    store = mltable_store()
    shape = store.ext(store.root).skeleton
    return render_skeleton(shape, snippets, final=False, jsonl=name) if shape else ""


def complete(doc: Document, pos: Position, options: Options, folder: Path | None = None) -> list[Completion]:
    store = mltable_store()
    text = doc.text
    shape = store.ext(store.root).skeleton
    if not text.strip() and shape is not None:
        return [Completion(
            label=shape.label, kind=SNIPPET, text=skeleton(folder, options.snippets),
            insert=Range(pos, pos), replace=Range(pos, pos), detail=shape.detail, documentation=shape.documentation,
            snippet=options.snippets,
        )]
    ctx = context_at(doc, pos)
    if ctx.in_key:
        schema = mapping_schema(store, _KIND, ctx.path)
        if schema is None:
            return []
        out = []
        for key, sub in store.properties(schema).items():
            sub = store.resolve(sub)
            if key in ctx.siblings:
                continue
            kinds = set(store.types(sub)) | {t for b in store.branches(sub) for t in store.types(b)}
            child = " " * (ctx.indent - ctx.line_indent + ctx.indent_unit)  # relative to the cursor line
            if kinds and kinds <= {"array"}:
                insert = f"{key}:\n{child}- "
            elif kinds and kinds <= {"object", "null"}:
                insert = f"{key}:\n{child}"
            else:
                insert = f"{key}: "
            out.append(Completion(label=key, kind=KEY, text=insert, insert=ctx.insert, replace=ctx.replace, line_indent=ctx.line_indent,
                                  detail=type_label(store, sub), documentation=key_doc(store, key, sub, options.markdown), sort_text=key))
        return out
    if ctx.after_colon and ctx.key:
        parent = schema_at(store, _KIND, ctx.path)
        if parent is None:
            return []
        schema = store.prop(object_branch(store, parent, None), ctx.key)
        if schema is None:
            return []
        lead = " " if ctx.bare_colon else ""
        return [Completion(label=v, kind=VALUE, text=lead + v, insert=ctx.replace, replace=ctx.replace, documentation=d, filter_text=v)
                for v, d in scalar_choices(store, schema)]
    return []


def hover(doc: Document, pos: Position, markdown: bool) -> tuple[str, Range] | None:
    """The documentation of the key (or enum value) under the cursor."""
    store = mltable_store()
    chain = doc.node_path_at(pos)
    if len(chain) < 2 or not isinstance(chain[-1][1], Scalar):
        return None
    node = chain[-1][1]
    parent = chain[-2][1]
    path = [ITEM if isinstance(seg, int) else str(seg) for seg, _ in chain[1:]]
    on_key = isinstance(parent, Mapping) and any(p.key is node for p in parent.pairs)
    if isinstance(parent, Sequence):
        # A bare `- read_json_lines` step.
        holder = schema_at(store, _KIND, path)
        text = value_doc(store, node.text, holder, markdown) if holder else None
        return (text, node.range) if text else None
    owner = schema_at(store, _KIND, path[:-1])
    if owner is None:
        return None
    schema = store.prop(object_branch(store, owner, None), path[-1])
    if schema is None:
        return None
    docs = key_doc(store, path[-1], schema, markdown)
    if not on_key:
        value = value_doc(store, node.text, schema, markdown)
        docs = f"{value}\n\n{docs}" if value else docs
    return docs, node.range
