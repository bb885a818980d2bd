"""Completion: keys at every level, enum values, search-space distributions step by step,
`compute: azureml:` names, and a whole-job skeleton in an empty file.

Works from the raw text (cursor.py), so half-typed and broken files still complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import bindings
from ..cursor import ITEM, CursorContext, context_at, split_line
from ..document import Document, JobKind
from ..nodes import Position, Range
from ..schema import Schema, SchemaStore
from .docs import key_doc, type_label
from .schema_nav import mapping_schema, object_branch, scalar_choices, schema_at

KEY, VALUE, SNIPPET, MODULE = "key", "value", "snippet", "module"


@dataclass
class Completion:
    label: str
    kind: str  # KEY, VALUE, SNIPPET or MODULE (a compute name)
    insert_text: str
    replace: Range
    detail: str = ""
    documentation: str = ""
    snippet: bool = False
    sort_text: str | None = None
    retrigger: bool = False  # ask the editor to suggest again (e.g. values after `key: `)


@dataclass
class Options:
    snippets: bool = True
    markdown: bool = True
    computes: list[str] = field(default_factory=list)  # compute names seen in the workspace
    trigger: str | None = None  # the character that made the editor ask, if any


# Typed inside `${{parent.jobs.`; anywhere else (`0.` in a number) they must not pop a list up.
BINDING_TRIGGERS = (".", "{")


SKELETON = """\
$$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLJob.schema.json
type: automl
task: image_instance_segmentation
experiment_name: ${1:my-instance-segmentation}
compute: azureml:${2:gpu-cluster}
log_verbosity: info
primary_metric: mean_average_precision
target_column_name: ${3:label}
training_data:
  type: mltable
  path: ${4:data/training-mltable-folder}
validation_data:
  type: mltable
  path: ${5:data/validation-mltable-folder}
limits:
  timeout_minutes: 60
  max_trials: 10
  max_concurrent_trials: 2
training_parameters:
  model_name: ${6|maskrcnn_resnet50_fpn,maskrcnn_resnet18_fpn,maskrcnn_resnet34_fpn,maskrcnn_resnet101_fpn,maskrcnn_resnet152_fpn|}
  early_stopping: true
  evaluation_frequency: 1
sweep:
  sampling_algorithm: random
  early_termination:
    type: bandit
    evaluation_interval: 2
    slack_factor: 0.2
    delay_evaluation: 6
search_space:
  - learning_rate:
      type: uniform
      min_value: 0.0001
      max_value: 0.001
    optimizer:
      type: choice
      values: [sgd, adam, adamw]
$0"""

_SNIPPET_FIELD = re.compile(r"\$\{\d+\|([^,|]*)[^}]*\|\}|\$\{\d+:([^}]*)\}|\$\d+")


def plain(snippet: str) -> str:
    """A snippet without its placeholders, for clients without snippet support."""
    text = _SNIPPET_FIELD.sub(lambda m: m.group(1) or m.group(2) or "", snippet)
    return text.replace("$$", "$")


def _is_blank(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n"))


def _looks_like_job(doc: Document, text: str) -> bool:
    if doc.is_ours:
        return True
    # A broken file may not parse far enough to tell; look at the raw top-level lines.
    for number, line_text in enumerate(text.split("\n")):
        line = split_line(number, line_text)
        if line and line.indent == 0 and line.key == "type" and (line.value or "").lower() in ("automl", "pipeline"):
            return True
    return False


def _type_at_factory(ctx: CursorContext, text: str):
    """`type:` values along the cursor path: the deepest mapping's from its siblings' lines."""
    lines = text.split("\n")
    sibling_type = _sibling_value(lines, ctx, "type")

    def type_at(index: int) -> str | None:
        if index == len(ctx.path):
            return sibling_type
        if ctx.path[:1] == ["jobs"] and index == 2:
            return _step_type(lines, str(ctx.path[1])) or ""
        return None

    return type_at


def _step_type(lines: list[str], step: str) -> str | None:
    """The `type:` written directly under pipeline step `step`, read from the raw lines (the
    file may not parse while it is being typed)."""
    in_jobs, step_col, child_col = False, None, None
    for number, text in enumerate(lines):
        line = split_line(number, text)
        if line is None:
            continue
        if line.indent == 0:
            in_jobs = line.key == "jobs"
            step_col = None
            continue
        if not in_jobs:
            continue
        if step_col is None:
            if line.key == step:
                step_col = line.content_col
            continue
        if line.content_col <= step_col:
            break
        child_col = child_col or line.content_col
        if line.content_col == child_col and line.key == "type" and line.value:
            return line.value.strip("'\"")
    return None


def _sibling_value(lines: list[str], ctx: CursorContext, key: str) -> str | None:
    column = ctx.indent
    for step in (-1, 1):
        number = ctx.position.line + step
        while 0 <= number < len(lines):
            line = split_line(number, lines[number])
            number += step
            if line is None:
                continue
            if line.content_col < column:
                break
            if line.content_col == column and line.key == key and line.value:
                return line.value.strip("'\"")
            if line.dashes and line.content_col == column and step == -1:
                break
    return None


def complete(doc: Document, store: SchemaStore, pos: Position, options: Options) -> list[Completion]:
    text = doc.text
    if _is_blank(text):
        return [_skeleton(pos, options)]
    if not _looks_like_job(doc, text):
        return []
    kind = doc.kind if doc.is_ours else JobKind.STANDALONE
    if kind is JobKind.PIPELINE or (not doc.is_ours and "\njobs:" in "\n" + text):
        kind = JobKind.PIPELINE
    found = _bindings(doc, pos) if kind is JobKind.PIPELINE else None
    if found is not None:
        return found
    if options.trigger in BINDING_TRIGGERS:
        return []
    ctx = context_at(text, pos)
    type_at = _type_at_factory(ctx, text)
    if ctx.in_key:
        return _keys(store, kind, ctx, type_at, options)
    if ctx.after_colon and ctx.key:
        return _values(store, kind, ctx, type_at, options)
    return []


def _bindings(doc: Document, pos: Position) -> list[Completion] | None:
    """Inside `${{parent.`...: the names that can come next; None outside a binding."""
    line = doc.lines[pos.line] if pos.line < len(doc.lines) else ""
    partial = bindings.partial_at(line, pos.character)
    if partial is None:
        return None
    before, start = partial
    replace = Range(Position(pos.line, start), pos)
    return [
        Completion(label=name, kind=VALUE, insert_text=name, replace=replace, detail=what, sort_text=f"{i:03d}")
        for i, (name, what) in enumerate(bindings.candidates(doc, before))
    ]


def _skeleton(pos: Position, options: Options) -> Completion:
    text = SKELETON if options.snippets else plain(SKELETON)
    return Completion(
        label="AutoML image instance segmentation job",
        kind=SNIPPET,
        insert_text=text,
        replace=Range(pos, pos),
        detail="A complete job: data, limits, training parameters, sweep and search space",
        documentation="Inserts a whole `type: automl`, `task: image_instance_segmentation` job to fill in.",
        snippet=options.snippets,
    )


def _keys(store: SchemaStore, kind: JobKind, ctx: CursorContext, type_at, options: Options) -> list[Completion]:
    schema = mapping_schema(store, kind, ctx.path, type_at)
    if schema is None:
        return []
    properties = store.properties(schema)
    if not properties and store.branches(schema):
        # A distribution or policy with no `type:` yet: the type comes first.
        field_name = schema.get("x-discriminator", "type")
        properties = {field_name: {"description": f"Which kind this is: {', '.join(_names(store, schema))}."}}
    required = set(schema.get("required", []))
    out = []
    for key, sub in properties.items():
        sub = store.resolve(sub)
        if key in ctx.siblings or sub.get("x-dump-only"):
            continue
        out.append(
            Completion(
                label=key,
                kind=KEY,
                insert_text=_key_insert(store, key, sub, ctx, options),
                replace=ctx.replace,
                detail=type_label(store, sub) + (" (required)" if key in required else ""),
                documentation=key_doc(store, key, sub, options.markdown),
                snippet=options.snippets,
                sort_text=("0" if key in required else "1") + key,
                retrigger=_has_choices(store, sub),
            )
        )
    return out


def _names(store: SchemaStore, schema: Schema) -> list[str]:
    field_name = schema.get("x-discriminator", "type")
    names: list[str] = []
    for branch in store.branches(schema):
        names += [str(v) for v in store.allowed_values(store.prop(branch, field_name) or {})]
    return names


def _has_choices(store: SchemaStore, schema: Schema) -> bool:
    return bool(scalar_choices(store, schema)) and not (store.types(schema) & {"object", "array"})


def _key_insert(store: SchemaStore, key: str, schema: Schema, ctx: CursorContext, options: Options) -> str:
    types = set(store.types(schema))
    for branch in store.branches(schema):
        types |= store.types(branch)
    child = " " * (ctx.indent + 2)
    scalar = types & {"string", "integer", "number", "boolean", "null"}
    if "array" in types and not scalar:
        body = f"{key}:\n{child}- "
        return body + "$0" if options.snippets else body
    if "object" in types and not scalar:
        body = f"{key}:\n{child}"
        return body + "$0" if options.snippets else body
    return f"{key}: "


def _values(store: SchemaStore, kind: JobKind, ctx: CursorContext, type_at, options: Options) -> list[Completion]:
    assert ctx.key is not None
    if ctx.key == "compute" or ctx.raw_value.startswith("azureml:"):
        if ctx.key in ("compute", "default_compute"):
            return _computes(ctx, options, kind)
    parent = schema_at(store, kind, ctx.path, type_at)
    if kind is JobKind.PIPELINE and len(ctx.path) == 2 and ctx.path[0] == "jobs" and ctx.key == "type":
        parent = store.step  # a step's own `type:`: every kind of step, ours included
    if parent is None:
        return []
    # `type:` of a distribution or policy: only the kinds that this union allows.
    if store.branches(parent) and parent.get("x-discriminator", "type") == ctx.key and not store.properties(parent):
        return [
            _value(v, doc, ctx, options)
            for v, doc in _discriminator_choices(store, parent)
        ]
    parent_obj = object_branch(store, parent, type_at(len(ctx.path)))
    schema = store.prop(parent_obj, ctx.key)
    if schema is None:
        additional = parent_obj.get("additionalProperties")
        schema = store.resolve(additional) if isinstance(additional, dict) else None
    if schema is None:
        return []
    if ctx.in_flow_sequence:
        return _flow_items(store, kind, ctx, schema, options)
    return [_value(v, doc, ctx, options) for v, doc in scalar_choices(store, schema)]


def _discriminator_choices(store: SchemaStore, union: Schema) -> list[tuple[str, str]]:
    field_name = union.get("x-discriminator", "type")
    out = []
    for branch in store.branches(union):
        tag = store.prop(branch, field_name) or {}
        docs = tag.get("x-value-docs", {})
        for value in store.allowed_values(tag):
            out.append((str(value), docs.get(str(value), "")))
    return out


def _flow_items(store: SchemaStore, kind: JobKind, ctx: CursorContext, schema: Schema, options: Options) -> list[Completion]:
    """Inside `values: [...]`: the values of the hyperparameter (or the items' enum)."""
    items = schema.get("items")
    choices = scalar_choices(store, store.resolve(items)) if isinstance(items, dict) else []
    if not choices and ITEM in ctx.path and len(ctx.path) >= 2:
        hyperparameter = ctx.path[-1]
        training = store.prop(store.training_parameters(), hyperparameter)
        if training is not None:
            choices = scalar_choices(store, training)
    present = {v.strip().strip("'\"") for v in ctx.raw_value.strip("[] ").split(",")}
    in_flow_word = re.search(r"[\w.\-']*$", ctx.raw_value).group(0)  # type: ignore[union-attr]
    replace = Range(Position(ctx.position.line, ctx.position.character - len(in_flow_word)), ctx.position)
    return [
        Completion(label=v, kind=VALUE, insert_text=v, replace=replace, documentation=doc, snippet=False)
        for v, doc in choices
        if v not in present or v == in_flow_word.strip("'")
    ]


def _value(value: str, doc: str, ctx: CursorContext, options: Options) -> Completion:
    return Completion(label=value, kind=VALUE, insert_text=value, replace=ctx.replace, documentation=doc, snippet=False)


def _computes(ctx: CursorContext, options: Options, kind: JobKind) -> list[Completion]:
    typed = ctx.raw_value
    out = []
    if not typed.startswith("azureml:"):
        out.append(
            Completion(
                label="azureml:",
                kind=VALUE,
                insert_text="azureml:",
                replace=ctx.replace,
                detail="a compute in the workspace",
                documentation="Reference an existing compute target: `azureml:<compute_name>`.",
                retrigger=True,
            )
        )
        if kind is JobKind.STANDALONE:
            out.append(Completion(label="local", kind=VALUE, insert_text="local", replace=ctx.replace, detail="run on this machine"))
    for name in options.computes:
        out.append(
            Completion(
                label=f"azureml:{name}",
                kind=MODULE,
                insert_text=f"azureml:{name}",
                replace=ctx.replace,
                detail="compute used by other jobs in this workspace",
            )
        )
    return out


_COMPUTE_LINE = re.compile(r"^\s*(?:default_)?compute:\s*azureml:([A-Za-z0-9][\w\-]*)\s*(?:#.*)?$", re.M)


def computes_in(texts: list[str]) -> list[str]:
    """Compute names that job files in the workspace already use (`compute: azureml:NAME`)."""
    names: set[str] = set()
    for text in texts:
        names.update(_COMPUTE_LINE.findall(text))
    return sorted(names)


def workspace_computes(folders: list[Path], limit: int = 500) -> list[str]:
    texts = []
    for folder in folders:
        for index, path in enumerate(sorted(folder.rglob("*.y*ml"))):
            if index >= limit:
                break
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            try:
                texts.append(path.read_text(encoding="utf-8", errors="ignore")[:200_000])
            except OSError:
                continue
    return computes_in(texts)
