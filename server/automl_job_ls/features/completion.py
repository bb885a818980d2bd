"""Completion: keys at every level, enum values, search-space distributions step by step,
`compute: azureml:` names, and a whole-job skeleton in an empty file.

Works from the cursor model (cursor.py), so half-typed and broken files still complete.
Items are built for how editors apply them: multi-line text is indented relative to the
cursor line in the file's own indentation unit (the server sends it with
`insertTextMode: adjustIndentation`, or made absolute with `asIs`), every literal is escaped
for snippet syntax, and each item's range covers the whole word or scalar it replaces.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import files
from . import binding_completion
from ..cursor import ITEM, CursorContext, context_at
from ..diagnostics.fixes import branch_change, describe_change
from ..diagnostics.model import Edit
from ..document import Document, JobKind
from ..edits import pair_on_line
from ..nodes import Position, Range
from ..schema import Schema, SchemaStore
from ..schema_extension import Extension, Skeleton, fill
from .docs import key_doc, one_line, type_label, value_doc
from ..schema_nav import mapping_schema, object_branch, scalar_choices, schema_at
from .snippets import Snippet, from_template

KEY, VALUE, SNIPPET, MODULE = "key", "value", "snippet", "module"


@dataclass
class Completion:
    label: str
    kind: str  # KEY, VALUE, SNIPPET or MODULE (a compute name)
    text: str  # lines after the first are indented relative to the cursor line's indentation
    insert: Range  # from the start of what is replaced to the cursor
    replace: Range  # everything that is replaced (insert is a prefix of it)
    line_indent: int = 0  # the cursor line's leading spaces, for clients that insert text as is
    detail: str = ""  # one line: what it is
    type_label: str = ""  # shown beside the label (labelDetails)
    documentation: str = ""  # the full text, or "" when it is computed on resolve
    resolve: dict | None = None  # what documentation_for() needs to compute it later
    snippet: bool = False
    sort_text: str | None = None
    filter_text: str | None = None
    retrigger: bool = False  # ask the editor to suggest again (e.g. values after `key: `)
    additional: list[Edit] = field(default_factory=list)  # other edits applied with this one

    def absolute_text(self) -> str:
        """The text with every later line carrying the cursor line's indentation itself."""
        pad = " " * self.line_indent
        return "\n".join([line if i == 0 or not line else pad + line for i, line in enumerate(self.text.split("\n"))])


@dataclass
class Options:
    snippets: bool = True
    markdown: bool = True
    trigger: str | None = None  # the character that made the editor ask, if any
    defer_documentation: bool = False  # the client resolves items: send docs on completionItem/resolve
    computes: Callable[[], list[str]] = list  # compute names used by other job files of the workspace


# Typed inside `${{parent.jobs.`; anywhere else (`0.` in a number) they must not pop a list up.
BINDING_TRIGGERS = (".", "{")

def skeleton_text(store: SchemaStore, snippets: bool, unit: int = 2) -> str:
    """The job skeleton of the schema (`skeleton` of the job), as YAML lines in `unit` spaces."""
    skeleton = store.ext(store.job).skeleton
    return render_skeleton(skeleton, snippets, unit) if skeleton else ""


def render_skeleton(skeleton: Skeleton, snippets: bool, unit: int = 2, final: bool = True, **values: str) -> str:
    """A schema's `skeleton` body as block YAML, its `{name}` placeholders filled from `values`."""
    template = fill("".join(_yaml_lines(skeleton.body, 0, " " * unit)), **values)
    return from_template(template, final=final).render(snippets)


def _yaml_lines(value: dict, depth: int, unit: str) -> list[str]:
    """Block YAML for the skeleton's body: mappings and lists of mappings as blocks, lists of
    scalars in flow style (`values: [sgd, adam]`)."""
    out = []
    pad = unit * depth
    for key, sub in value.items():
        if isinstance(sub, dict):
            out += [f"{pad}{key}:\n"] + _yaml_lines(sub, depth + 1, unit)
        elif isinstance(sub, list) and all(isinstance(item, dict) for item in sub):
            out.append(f"{pad}{key}:\n")
            for item in sub:
                lines = _yaml_lines(item, depth + 2, unit)
                lines[0] = unit * (depth + 1) + "- " + lines[0].lstrip(" ")
                out += lines
        elif isinstance(sub, list):
            out.append(f"{pad}{key}: [{', '.join(_yaml(item) for item in sub)}]\n")
        else:
            out.append(f"{pad}{key}: {_yaml(sub)}\n")
    return out


def _is_blank(doc: Document) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in doc.lines)


def complete(doc: Document, store: SchemaStore, pos: Position, options: Options) -> list[Completion]:
    if _is_blank(doc):
        return _skeleton(doc, store, pos, options)
    ctx = context_at(doc, pos)
    if ctx.kind is JobKind.NOT_OURS:
        return []
    found = _bindings(doc, ctx) if ctx.kind is JobKind.PIPELINE else None
    if found is not None:
        return found
    if options.trigger in BINDING_TRIGGERS:
        return []
    if ctx.in_key:
        return [] if ctx.misaligned else _keys(store, ctx, options)
    if ctx.after_colon and ctx.key:
        return _values(doc, store, ctx, options)
    return []


def _bindings(doc: Document, ctx: CursorContext) -> list[Completion] | None:
    """Inside `${{parent.`...: the names that can come next; None outside a binding."""
    pos = ctx.position
    partial = binding_completion.partial_at(ctx.line_text, pos.character)
    if partial is None:
        return None
    before, start = partial
    tail = re.match(r"[\w\-]*", ctx.line_text[pos.character :]).group(0)  # type: ignore[union-attr]
    insert = Range(Position(pos.line, start), pos)
    replace = Range(insert.start, Position(pos.line, pos.character + len(tail)))
    return [
        Completion(label=name, kind=VALUE, text=name, insert=insert, replace=replace, detail=what, sort_text=f"{i:03d}")
        for i, (name, what) in enumerate(binding_completion.candidates(doc, before))
    ]


def _skeleton(doc: Document, store: SchemaStore, pos: Position, options: Options) -> list[Completion]:
    line = doc.lines[pos.line].rstrip("\r") if pos.line < len(doc.lines) else ""
    skeleton = store.ext(store.job).skeleton
    if line[pos.character :].strip() or skeleton is None:
        return []  # inside a comment: nothing to insert there
    lead = "\n" if line.strip() else ""  # after a header comment: on a line of its own
    at = Range(pos, Position(pos.line, len(line)) if line.strip() else pos)
    return [
        Completion(
            label=skeleton.label,
            kind=SNIPPET,
            text=lead + skeleton_text(store, options.snippets),
            insert=at,
            replace=at,
            detail=skeleton.detail,
            documentation=skeleton.documentation,
            snippet=options.snippets,
        )
    ]


# -- keys ------------------------------------------------------------------------------------------
def _keys(store: SchemaStore, ctx: CursorContext, options: Options) -> list[Completion]:
    schema = mapping_schema(store, ctx.kind, ctx.path, ctx.type_at)
    if schema is None:
        return []
    properties = store.properties(schema)
    discriminated = not properties and bool(store.branches(schema))
    if discriminated:
        # A distribution or policy with no `type:` yet: the type comes first.
        field_name = store.ext(schema).tag_key
        kinds = [v for v, _ in discriminator_choices(store, schema)]
        # An enum, so that accepting `type: ` opens the list of kinds at once.
        properties = {field_name: {"type": "string", "enum": kinds, "description": f"Which kind this is: {', '.join(kinds)}."}}
    required = set(schema.get("required", []))
    in_search_space = store.ext(schema).search_space_entry
    out = []
    for key, sub in properties.items():
        sub = store.resolve(sub)
        if key in ctx.siblings or not _offered(store.ext(sub)):
            continue
        body = _key_body(store, key, sub, ctx, options, in_search_space)
        out.append(
            _block_item(
                ctx, options, key, KEY, body, sub.get("description", ""),
                type_label=type_label(store, sub) + (" (required)" if key in required else ""),
                sort_text=("0" if key in required else "1") + key,
                retrigger=_has_choices(store, sub) and not ctx.key_written,
                **_docs(options, {"doc": "key", "kind": ctx.kind.value, "path": ctx.path, "types": ctx.types, "key": key},
                        lambda: key_doc(store, key, sub, options.markdown) if not discriminated else sub["description"]),
            )
        )
        if not ctx.key_written and not ctx.in_flow_mapping:
            out += _content_snippets(store, key, sub, ctx, options)
    return out


def _offered(ext: Extension) -> bool:
    """Keys the CLI ignores, or that the checker flags as soon as they are written, are not offered."""
    return not (ext.dump_only or ext.silently_dropped or ext.fails_at_submission or ext.unsupported_for_instance_segmentation)


def _block_item(ctx: CursorContext, options: Options, key: str, kind: str, body: Snippet, description: str, label: str | None = None, **extra) -> Completion:
    """An item that writes `key` (and maybe a block under it) where the cursor's word is."""
    return Completion(
        label=label or key, kind=kind, text=body.render(options.snippets), insert=ctx.insert, replace=ctx.replace,
        line_indent=ctx.line_indent, detail=one_line(description), snippet=options.snippets and body.has_stops,
        filter_text=key, **extra,
    )


def _docs(options: Options, ref: dict, build: Callable[[], str]) -> dict:
    if options.defer_documentation:
        return {"resolve": ref}
    return {"documentation": build()}


def documentation_for(store: SchemaStore, ref: dict, markdown: bool) -> str:
    """The documentation of an item sent without it (completionItem/resolve)."""
    kind = JobKind(ref["kind"])
    types = list(ref.get("types") or [])
    type_at = lambda i: types[i] if 0 <= i < len(types) else None  # noqa: E731
    parent = mapping_schema(store, kind, ref["path"], type_at)
    if parent is None:
        return ""
    schema = store.prop(parent, ref["key"])
    if schema is None:
        return ""
    if ref.get("doc") == "value":
        return documentation_for_value(store, ref["value"], ref["key"], schema, markdown)
    return key_doc(store, ref["key"], schema, markdown)


def _kinds(store: SchemaStore, schema: Schema) -> set[str]:
    types = set(store.types(schema))
    for branch in store.branches(schema):
        types |= store.types(branch)
    return types


def _key_body(store: SchemaStore, key: str, schema: Schema, ctx: CursorContext, options: Options, in_search_space: bool) -> Snippet:
    """`key: ` for a scalar, `key:` and an indented line for a block, relative to the cursor line."""
    body = Snippet().text(key)
    if ctx.key_written:
        return body  # `lerning_rate|: 0.1`: only the name changes
    if ctx.in_flow_mapping:
        return body.text(": ")  # `{type: choice, |}`: a block cannot start inside braces
    types = _kinds(store, schema)
    child = "\n" + " " * (ctx.indent - ctx.line_indent + ctx.indent_unit)
    scalar = types & {"string", "integer", "number", "boolean", "null"}
    if in_search_space:
        return _distribution_body(store, key, schema, body, child)
    if "array" in types and not scalar:
        return body.text(":" + child + "- ").final()
    if "object" in types and not scalar:
        return body.text(":" + child).final()
    return body.text(": ")


def _distribution_body(store: SchemaStore, key: str, schema: Schema, body: Snippet, child: str) -> Snippet:
    """A search_space hyperparameter: a choice of its default (a number range for floats)."""
    training = store.prop(store.training_parameters(), key) or {}
    branches = {v for v, _ in discriminator_choices(store, schema)}
    if "uniform" in branches:
        low = training.get("minimum", training.get("default", 0))
        high = training.get("maximum", training.get("default", 1))
        body.text(":" + child + "type: uniform" + child + "min_value: ").placeholder(_yaml(low))
        return body.text(child + "max_value: ").placeholder(_yaml(high)).final()
    values = [v for v, _ in scalar_choices(store, training)]
    default = training.get("default")
    if default is not None:
        values = [_yaml(default)] + [v for v in values if v != _yaml(default)]
    body.text(":" + child + "type: choice" + child + "values: [")
    if values:
        body.choice(values)
    else:
        body.placeholder("")
    return body.text("]").final()


def _yaml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _content_snippets(store: SchemaStore, key: str, schema: Schema, ctx: CursorContext, options: Options) -> list[Completion]:
    """Whole blocks for sections that are rarely written one key at a time: an MLTable input
    with its type and path, a policy with its settings (one item per kind of policy)."""
    branches = [schema] if store.properties(schema) else [b for b in store.branches(schema) if store.properties(b)]
    out = []
    for branch in branches:
        keys = store.ext(branch).snippet_keys
        if not keys:
            continue
        child = "\n" + " " * (ctx.indent - ctx.line_indent + ctx.indent_unit)
        body = Snippet().text(key + ":")
        for sub_key in keys:
            sub = store.prop(branch, sub_key) or {}
            body.text(child + sub_key + ": ")
            value = example_value(store, sub)
            if sub_key == store.ext(branch).tag_key or len(store.allowed_values(sub)) == 1:
                body.text(value)
            else:
                body.placeholder(value)
        body.final()
        tag = store.allowed_values(store.prop(branch, "type") or {})
        label = f"{key}: {tag[0]}" if len(branches) > 1 and tag else f"{key} (block)"
        shown = body.render(False)
        out.append(
            _block_item(
                ctx, options, key, SNIPPET, body, branch.get("description", "") or schema.get("description", ""),
                label=label, type_label="block", sort_text="2" + key + str(tag[0] if tag else ""),
                documentation="Inserts:\n" + (f"```yaml\n{shown}\n```" if options.markdown else shown),
            )
        )
    return out


def example_value(store: SchemaStore, schema: Schema) -> str:
    """A valid value to write for a new key: its default, an example, or its first allowed value."""
    schema = store.resolve(schema)
    if "default" in schema and not isinstance(schema["default"], (dict, list)) and schema["default"] is not None:
        return _yaml(schema["default"])
    if schema.get("examples") and not isinstance(schema["examples"][0], (dict, list)):
        return _yaml(schema["examples"][0])
    allowed = scalar_choices(store, schema)
    return allowed[0][0] if allowed else ""


def _has_choices(store: SchemaStore, schema: Schema) -> bool:
    return bool(scalar_choices(store, schema)) and not (store.types(schema) & {"object", "array"})


# -- values ------------------------------------------------------------------------------------------
def _values(doc: Document, store: SchemaStore, ctx: CursorContext, options: Options) -> list[Completion]:
    assert ctx.key is not None
    if ctx.block_below:
        return []  # `model_name:` above its distribution block: a value here would break it
    if ctx.key in ("compute", "default_compute"):
        return _computes(doc, ctx, options)
    parent = schema_at(store, ctx.kind, ctx.path, ctx.type_at)
    step_type = ctx.kind is JobKind.PIPELINE and len(ctx.path) == 2 and ctx.path[0] == "jobs" and ctx.key == "type"
    if step_type:
        parent = store.step  # a step's own `type:`: every kind of step, ours included
    if parent is None:
        return []
    # `type:` of a distribution or policy: only the kinds that this union allows.
    if store.branches(parent) and store.ext(parent).tag_key == ctx.key and not store.properties(parent):
        items = _value_items(discriminator_choices(store, parent), None, ctx, options, ctx.replace, ctx.replace)
        return _with_branch_edits(doc, store, ctx, items)
    parent_obj = object_branch(store, parent, ctx.type_at(len(ctx.path)))
    schema = store.prop(parent_obj, ctx.key)
    if schema is None:
        additional = parent_obj.get("additionalProperties")
        schema = store.resolve(additional) if isinstance(additional, dict) else None
    if schema is None:
        return []
    ref = {"doc": "value", "kind": ctx.kind.value, "path": ctx.path, "types": ctx.types, "key": ctx.key}
    if ctx.in_flow_sequence:
        return _flow_items(store, ctx, schema, options, ref)
    default = schema.get("default")
    choices = scalar_choices(store, schema)
    if step_type and any(key not in store.properties(store.node) for key in ctx.siblings):
        choices = [c for c in choices if c[0] != "automl"]  # its written keys are not an AutoML job's
    return _value_items(choices, default, ctx, options, ctx.replace, ctx.replace, ref, store, schema)


def _value_items(choices, default, ctx: CursorContext, options: Options, insert: Range, replace: Range,
                 ref: dict | None = None, store: SchemaStore | None = None, schema: Schema | None = None) -> list[Completion]:
    """Values in their documented order, the default first."""
    lead = " " if ctx.bare_colon else ""
    first = _yaml(default) if default is not None else None
    ordered = sorted(enumerate(choices), key=lambda c: (c[1][0] != first, c[0]))
    out = []
    for rank, (_, (value, doc)) in enumerate(ordered):
        extra: dict = {}
        if ref is not None and store is not None and schema is not None:
            extra = _docs(options, {**ref, "value": value}, lambda v=value: documentation_for_value(store, v, ctx.key or "", schema, options.markdown))
        else:
            extra = {"documentation": doc}
        out.append(
            Completion(
                label=value,
                kind=VALUE,
                text=lead + value,
                insert=insert,
                replace=replace,
                detail=one_line(doc) + (" (default)" if value == first and "default" not in doc else ""),
                sort_text=f"{rank:03d}",
                filter_text=value,
                **extra,
            )
        )
    return out


def _with_branch_edits(doc: Document, store: SchemaStore, ctx: CursorContext, items: list[Completion]) -> list[Completion]:
    """A new `type:` of a policy or distribution whose other keys are written: each item also
    removes the keys its branch does not have and adds the ones it needs (additionalTextEdits)."""
    found = pair_on_line(doc, ctx.key or "", ctx.position.line)
    if found is None or len(found[0].pairs) < 2:
        return items
    mapping, pair = found
    out = []
    for item in items:
        change = branch_change(doc, store, mapping, pair.value.range, item.label, allow_removal=True)
        if change is None:
            continue  # a flow mapping whose keys this kind cannot keep: not offered
        edits, missing, removed = change
        item.additional = [e for e in edits[1:]]
        if missing or removed:
            item.detail = (item.detail.rstrip(".") + "; " if item.detail else "") + describe_change(item.label, missing, removed).split(" ", 1)[-1].strip("()")
        out.append(item)
    return out


def documentation_for_value(store: SchemaStore, value: str, key: str, schema: Schema, markdown: bool) -> str:
    text = key_doc(store, key, schema, markdown)
    doc = value_doc(store, value, schema, markdown)
    return f"{doc}\n\n{text}" if doc else text


def discriminator_choices(store: SchemaStore, union: Schema) -> list[tuple[str, str]]:
    field_name = store.ext(union).tag_key
    out = []
    for branch in store.branches(union):
        tag = store.prop(branch, field_name) or {}
        docs = store.ext(tag).value_docs
        for value in store.allowed_values(tag):
            out.append((str(value), docs.get(str(value), "")))
    return out


def _flow_items(store: SchemaStore, ctx: CursorContext, schema: Schema, options: Options, ref: dict) -> list[Completion]:
    """Inside `values: [...]`: the values of the hyperparameter (or the items' enum)."""
    items = schema.get("items")
    choices = scalar_choices(store, store.resolve(items)) if isinstance(items, dict) else []
    if not choices and ITEM in ctx.path and len(ctx.path) >= 2:
        hyperparameter = ctx.path[-1]
        training = store.prop(store.training_parameters(), hyperparameter)
        if training is not None:
            choices = scalar_choices(store, training)
    present = {v.strip().strip("'\"") for v in ctx.raw_value.strip("[] ").split(",")}
    typed = ctx.prefix.strip("'\"")
    choices = [(v, d) for v, d in choices if v not in present or v == typed]
    return _value_items(choices, None, ctx, options, ctx.insert, ctx.replace)


def _computes(doc: Document, ctx: CursorContext, options: Options) -> list[Completion]:
    written = ctx.line_text[ctx.replace.start.character : ctx.replace.end.character]
    lead = " " if ctx.bare_colon else ""
    out = []

    def item(label: str, kind: str, detail: str, documentation: str = "", retrigger: bool = False) -> Completion:
        return Completion(label=label, kind=kind, text=lead + label, insert=ctx.replace, replace=ctx.replace, detail=detail,
                          documentation=documentation, retrigger=retrigger, sort_text=f"{len(out):03d}", filter_text=label)

    if "azureml:".startswith(written) and written != "azureml:":
        out.append(item("azureml:", VALUE, "a compute in the workspace",
                        "Reference an existing compute target: `azureml:<compute_name>`.", retrigger=True))
        if ctx.kind is JobKind.STANDALONE:
            out.append(item("local", VALUE, "run on this machine"))
    # This file's other lines count too, but not the value being typed on the cursor line.
    others = "\n".join(line for number, line in enumerate(doc.lines) if number != ctx.position.line)
    for name in sorted(set(options.computes()) | set(computes_in([others]))):
        out.append(item(f"azureml:{name}", MODULE, "compute used by other jobs in this workspace"))
    return out


_COMPUTE_LINE = re.compile(r"^\s*(?:default_)?compute:\s*azureml:([A-Za-z0-9][\w\-]*)\s*(?:#.*)?$", re.M)


def computes_in(texts: list[str]) -> list[str]:
    """Compute names that job files in the workspace already use (`compute: azureml:NAME`)."""
    names: set[str] = set()
    for text in texts:
        names.update(_COMPUTE_LINE.findall(text))
    return sorted(names)


_NOT_JOBS = {".git", ".venv", "node_modules"}  # folders of tools, not of the user's jobs


def workspace_computes(folders: list[Path], limit: int = 500) -> list[str]:
    """Compute names in the first `limit` YAML files of the workspace folders (each folder's
    files in name order, then its subfolders)."""
    texts: list[str] = []
    for folder in folders:
        for path in _yaml_files(folder):
            if len(texts) >= limit:
                break
            text = files.read_text(path, max_bytes=200_000, errors="ignore")  # never a FIFO or a device
            if text is not None:
                texts.append(text)
    return computes_in(texts)


def _yaml_files(folder: Path):
    # Pruned while walking: a big node_modules is never listed, and never uses up the limit.
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_JOBS)
        for name in sorted(names):
            if name.endswith((".yml", ".yaml")):
                yield Path(root) / name
