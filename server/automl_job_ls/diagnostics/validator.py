"""Schema checks: walks a job mapping alongside its JSON Schema and reports, with exact
ranges and in the user's words, what the CLI rejects (errors) and what the docs forbid
(warnings).

Standard keywords are read as the CLI applies them (see values.py for scalar coercion);
each node's `x-automl` facts (schema_extension.py) add what JSON Schema cannot say, with the
words of the checks that belong to one field.
"""

from __future__ import annotations

import re
from typing import Union

from ..document import format_path
from ..recognition import camel_to_snake
from ..nodes import BROKEN, NULL, STR, Mapping, Node, Range, Scalar, Sequence, is_null, scalar_str
from ..schema import Schema, SchemaStore
from ..schema_extension import RejectedKey, fill
from ..schema_nav import normalise
from ..suggest import did_you_mean
from . import values
from ..edits import block_lines, end_line, eol, insertion, line, pair_lines, pair_with_key_at, pair_with_value_at, path_of, unit_of
from ..nodes import Pair, Position
from ..schema import JOB_FILE
from .fixes import FixContext, FixFn, add_key, add_keys, change_tag, combine, quote_value, remove_key, rename_key, replace_value, schema_of
from .model import NO_DATA, Diagnostic, Edit, Fix, FixData, make

_REJECTED_KIND_CODES = {
    "legacy": "AML108",
    "docs-spelling": "AML109",
    "inference-setting": "AML110",
    "fails-at-submission": "AML112",
    "docs-only": "AML101",
}


class Ctx:
    """Where the walk is: built for every node, so a slotted class with a hand-written copy."""

    __slots__ = ("path", "anchor", "bindings", "hyperparameter", "in_distribution")

    def __init__(
        self,
        path: tuple[Union[str, int], ...],
        anchor: Range,  # the key that holds the value being checked
        bindings: bool = False,  # pipeline node: `${{...}}` strings stand for scalar values
        hyperparameter: str | None = None,  # inside search_space[i].<hyperparameter>
        in_distribution: bool = False,
    ):
        self.path = path
        self.anchor = anchor
        self.bindings = bindings
        self.hyperparameter = hyperparameter
        self.in_distribution = in_distribution

    @property
    def name(self) -> str:
        for seg in reversed(self.path):
            if isinstance(seg, str):
                return seg
        return "value"

    @property
    def where(self) -> str:
        return f"`{format_path(list(self.path))}`" if self.path else "the job"

    def child(self, seg: Union[str, int], anchor: Range, hyperparameter: str | None = None, in_distribution: bool = False) -> "Ctx":
        return Ctx(
            self.path + (seg,),
            anchor,
            self.bindings,
            hyperparameter or self.hyperparameter,
            in_distribution or self.in_distribution,
        )


def _scalar_range(node: Scalar, ctx: Ctx) -> Range:
    # An empty value (`task:`) has no width; point at its key instead.
    return ctx.anchor if node.range.start == node.range.end else node.range


def range_text(schema: Schema) -> str | None:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if lo is None and xlo is None and hi is None and xhi is None:
        return None
    if hi is None and xhi is None:
        if lo == 1 and "integer" in str(schema.get("type")):
            return "a positive integer"
        return f"at least {lo}" if lo is not None else f"greater than {xlo}"
    if lo is None and xlo is None:
        return f"at most {hi}" if hi is not None else f"less than {xhi}"
    left = f"[{lo}" if lo is not None else f"({xlo}"
    right = f"{hi}]" if hi is not None else f"{xhi})"
    return f"in {left}, {right}"


def in_range(value: float, schema: Schema) -> bool:
    if "minimum" in schema and value < schema["minimum"]:
        return False
    if "maximum" in schema and value > schema["maximum"]:
        return False
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        return False
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        return False
    return True


class Validator:
    def __init__(self, store: SchemaStore, partial: bool):
        self.store = store
        self.partial = partial  # the tree was repaired after a syntax error: skip "missing" checks
        self.out: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._unions: dict[int, _Union] = {}
        self._distributions = store.all_distribution_names()

    def emit(self, code: str, message: str, rng: Range, data: FixData = NO_DATA) -> None:
        self.out.append(make(code, message, rng, data))

    # -- entry --------------------------------------------------------------------------------
    def skip(self, nodes: list[Node]) -> None:
        """Leave these nodes alone (checked on their own, or not ours to check)."""
        self._seen.update(id(n) for n in nodes)

    def validate(self, node: Node, schema: Schema, ctx: Ctx) -> None:
        schema = self.store.resolve(schema)
        scalar = node.__class__ is Scalar
        if scalar:
            if node.kind == BROKEN:  # unreadable YAML: its syntax error says all there is to say
                return
            if ctx.bindings and node.kind == STR and values.BINDING.match(node.text) and self._binding(node, schema, ctx):
                return
        elif id(node) in self._seen:  # an alias seen before, or a node checked elsewhere
            return
        if "oneOf" in schema or "anyOf" in schema:
            self._union(node, schema, ctx)
            return
        if scalar:
            self._scalar(node, schema, ctx)  # type: ignore[arg-type]
            return
        self._seen.add(id(node))
        if isinstance(node, Mapping):
            if self._type_ok(node, schema, ctx, "object"):
                self._mapping(node, schema, ctx)
        elif self._type_ok(node, schema, ctx, "array"):
            items = schema.get("items")
            if isinstance(items, dict):
                for index, item in enumerate(node.items):  # type: ignore[union-attr]
                    anchor = item.pairs[0].key.range if isinstance(item, Mapping) and item.pairs else item.range
                    self.validate(item, items, ctx.child(index, anchor))

    def _binding(self, node: Scalar, schema: Schema, ctx: Ctx) -> bool:
        """A `${{...}}` binding in a pipeline node: True when it stands for the value."""
        if ctx.in_distribution or (ctx.hyperparameter and ctx.path and ctx.path[-1] != ctx.hyperparameter):
            self.emit(
                "AML206",
                f"A data binding cannot be used inside a search-space distribution ({ctx.where}): "
                "the CLI fails to convert the job. Write the value itself.",
                node.range,
            )
            return True
        rejected = self.store.ext(schema).binding_rejected
        if rejected:
            self.emit("AML206", fill(rejected, where=ctx.where), node.range)
            return True
        # Bindings stand for scalar values only; enum fields crash the CLI, sections are rejected.
        types = self.store.types(schema) | {t for b in self.store.branches(schema) for t in self.store.types(b)}
        scalar_types = types & {"string", "integer", "number", "boolean"}
        return bool(scalar_types) and not self.store.allowed_values(schema)

    # -- collections -----------------------------------------------------------------------------
    def _type_ok(self, node: Node, schema: Schema, ctx: Ctx, shape: str) -> bool:
        types = self.store.types(schema)
        if not types or shape in types:
            return True
        got = "a mapping" if shape == "object" else "a list"
        expected = values.expected_words(sorted(types))
        hint = self.store.ext(schema).mapping_hint if shape == "object" else None
        extra = f" {hint}" if hint else ""
        self.emit("AML102", f"{ctx.where} must be {expected}, not {got}.{extra}", ctx.anchor)
        return False

    def _mapping(self, node: Mapping, schema: Schema, ctx: Ctx) -> None:
        props = schema.get("properties", {})
        rejected = self.store.rejected_keys(schema)
        additional = schema.get("additionalProperties", True)
        ext = self.store.ext(schema)
        is_entry = ext.search_space_entry
        present = set(node.keys())
        last = {pair.key.text: pair for pair in node.pairs}
        for pair in node.pairs:
            key = pair.key.text
            if last[key] is not pair:
                continue  # a duplicate key: the CLI drops this value (AML002 says so)
            if key in props:
                sub = self.store.resolve(props[key])
                child = ctx.child(
                    key,
                    pair.key.range,
                    hyperparameter=key if is_entry else None,
                    in_distribution=not is_entry and ctx.hyperparameter is not None,
                )
                self._flags(pair.key, sub, child)
                self.validate(pair.value, sub, child)
            elif key in rejected:
                self._rejected(pair.key, rejected[key], ctx)
            elif additional is False:
                suggestion = did_you_mean(key, [k for k in props if k not in present])
                where = f"in {ctx.where}" if ctx.path else "at the top level of the job"
                if suggestion:
                    message = f"Did you mean `{suggestion}`? Unknown key `{key}` {where}."
                else:
                    message = f"Remove `{key}`: unknown key {where}, which the CLI rejects."
                self.emit("AML101", message, pair.key.range, FixData(replace_key=suggestion))
            elif isinstance(additional, dict):
                self.validate(pair.value, additional, ctx.child(key, pair.key.range))
        if self.partial:
            return
        missing = [r for r in schema.get("required", []) if r not in present]
        for key in missing:
            self._missing(key, schema, ctx)
        either = ext.one_of_required
        if either and not any(k in present and not is_null(node.get(k)) for k in either.keys):
            names = " or ".join(f"`{k}`" for k in either.keys)
            self.emit("AML207", fill(either.message, where=ctx.where, keys=names), ctx.anchor)

    def _missing(self, key: str, schema: Schema, ctx: Ctx) -> None:
        if ctx.hyperparameter is not None:  # this mapping is a distribution
            dist = self.store.allowed_values(self.store.prop(schema, "type") or {})
            kind = dist[0] if dist else "this distribution"
            args = [r for r in schema.get("required", []) if r != "type"]
            self.emit(
                "AML203",
                f"Add `{key}`: `{kind}` for `{ctx.hyperparameter}` takes {', '.join(f'`{a}`' for a in args)}.",
                ctx.anchor,
                FixData(add_key=key),
            )
            return
        sub = self.store.prop(schema, key) or {}
        desc = sub.get("description", "")
        first = desc.split(". ")[0].rstrip(".") if desc else ""
        where = f"{ctx.where} needs" if ctx.path else "The job needs"
        self.emit("AML104", f"Add `{key}`: {where.replace(' needs', '')} needs it" + (f" ({first[0].lower() + first[1:]})." if first else "."), ctx.anchor, FixData(add_key=key))

    def _rejected(self, key: Scalar, info: RejectedKey, ctx: Ctx) -> None:
        use = info.use
        self.emit(_REJECTED_KIND_CODES[info.kind], info.message, key.range, FixData(replace_key=use if use and "." not in use else None))

    def _flags(self, key: Scalar, schema: Schema, ctx: Ctx) -> None:
        """Per-key facts that the schema carries as `x-automl` flags."""
        ext = self.store.ext(schema)
        if ext.silently_dropped:
            self.emit(
                "AML111",
                f"The CLI accepts `{key.text}` but drops it before submission: the job never sees it.",
                key.range,
            )
        if ext.fails_at_submission:
            self.emit(
                "AML112",
                f"Remove `{key.text}`: it passes the CLI's schema, but job creation then fails.",
                key.range,
            )
        if ext.unsupported_for_instance_segmentation:
            self.emit(
                "AML302",
                f"Remove `{key.text}`: a tiling (small object detection) setting, which instance segmentation "
                "does not support. The CLI accepts it, with no supported effect.",
                key.range,
            )

    # -- unions --------------------------------------------------------------------------------------
    def _union_table(self, schema: Schema) -> "_Union":
        table = self._unions.get(id(schema))
        if table is None:
            table = self._unions[id(schema)] = _Union(self.store, schema)
        return table

    def _union(self, node: Node, schema: Schema, ctx: Ctx) -> None:
        table = self._union_table(schema)
        if isinstance(node, Mapping):
            if len(table.objects) == 1:
                self.validate(node, table.objects[0], ctx)
            elif table.objects:
                self._discriminate(node, table, ctx)
            else:
                self._wrong_scalar_shape(table.branches, ctx, "a mapping")
            return
        if isinstance(node, Sequence):
            if table.arrays:
                self.validate(node, table.arrays[0], ctx)
            else:
                self._wrong_scalar_shape(table.branches, ctx, "a list")
            return
        if node.kind == NULL and "null" in self.store.types(schema):
            return
        for branch, types, strict in table.scalars:
            if any(values.accepts(node, t, strict) for t in types):
                self.validate(node, branch, ctx)
                return
        self._bad_union_scalar(node, [b for b, _, _ in table.scalars], ctx, has_objects=bool(table.objects))

    def _discriminate(self, node: Mapping, table: "_Union", ctx: Ctx) -> None:
        field, names = table.field, table.names
        tag = node.get(field)
        text = scalar_str(tag)
        if text is None:
            if tag is not None and not (isinstance(tag, Scalar) and tag.kind == NULL):
                self.emit("AML102", f"`{field}` must be text: one of {_list(names)}.", tag.range)
                return
            code = "AML203" if ctx.hyperparameter else "AML104"
            self.emit(code, f"Add `{field}`: {ctx.where} needs it, one of {_list(names)}.", ctx.anchor, FixData(add_key=field))
            return
        if ctx.bindings and table.tag_binding_rejected and values.BINDING.match(text):
            self.emit("AML206", fill(table.tag_binding_rejected, where=ctx.child(field, tag.range).where), tag.range)
            return
        branch = table.exact.get(text)
        if branch is None:
            for mode, folded in table.folded.items():
                branch = folded.get(normalise(text, mode))
                if branch is not None:
                    break
        if branch is not None:
            self.validate(node, branch, ctx)
            return
        assert isinstance(tag, Scalar)
        if ctx.hyperparameter and text.lower() in self._distributions:
            self.emit(
                "AML202",
                f"`{text}` is not allowed for {table.plain_kind}hyperparameter `{ctx.hyperparameter}`; use one of {_list(names)}.",
                tag.range,
                FixData(choices=tuple(names), tag=field, best="q" + text.lower() if "q" + text.lower() in names else None),
            )
            return
        best = did_you_mean(text, names)
        self.emit(
            "AML103", (f"Did you mean `{best}`? " if best else f"Use one of {_list(names)}: ") + f"`{field}: {text}` is not allowed in {ctx.where}"
            + (f" (one of {_list(names)})." if best else "."), tag.range,
            FixData(choices=tuple(names), tag=field, best=best),
        )

    def _string_expression(self, node: Scalar, ctx: Ctx) -> bool:
        """AML201 for a 2022 string expression (`"uniform(0.1, 0.2)"`) where the CLI rejects it."""
        if not ctx.hyperparameter or ctx.path[-1] != ctx.hyperparameter or node.kind != STR:
            return False
        match = values.EXPRESSION.match(node.text)
        if not match or match.group(1).lower() not in self._distributions:
            return False
        self.emit(
            "AML201",
            f"String expressions like `{node.text.strip()}` are not accepted in YAML (2022 syntax). "
            f"Write a mapping: `type: {match.group(1).lower()}` with its arguments on the lines below.",
            node.range,
            FixData(expression=node.text),
        )
        return True

    def _wrong_scalar_shape(self, branches: list[Schema], ctx: Ctx, got: str) -> None:
        types = sorted(set().union(*(self.store.types(b) for b in branches)) or {"string"})
        self.emit("AML102", f"{ctx.where} must be {values.expected_words(types)}, not {got}.", ctx.anchor)

    def _bad_union_scalar(self, node: Scalar, scalars: list[Schema], ctx: Ctx, has_objects: bool) -> None:
        rng = _scalar_range(node, ctx)
        if self._string_expression(node, ctx):
            return
        if node.kind == NULL:
            self.emit("AML102", f"{ctx.where} needs a value.", rng)
            return
        types: set[str] = set()
        for branch in scalars:
            types |= self.store.types(branch)
        strict = any(self.store.ext(b).strict for b in scalars)
        expected = values.expected_words(sorted(types)) if types else "a value"
        if has_objects:
            expected += " or a mapping with `type:`"
        extra = " Search-space integers must be written as whole numbers (no `.0`, no quotes)." if strict and ctx.hyperparameter else ""
        self.emit("AML102", f"{ctx.where} must be {expected}, not {values.describe(node)}.{extra}", rng)

    # -- scalars -------------------------------------------------------------------------------------
    def _scalar(self, node: Scalar, schema: Schema, ctx: Ctx) -> None:
        types = self.store.types(schema)
        rng = _scalar_range(node, ctx)
        if node.kind == NULL:
            if types and "null" not in types:
                message = f"{ctx.where} needs a value." if not node.text else f"{ctx.where} may not be null."
                self.emit("AML102", message, rng)
            return
        ext = self.store.ext(schema)
        if types and not any(values.accepts(node, t, ext.strict) for t in types):
            extra = ""
            if "string" in types and node.kind != STR:
                extra = f' Quote it to make it text: "{node.text}".'
            self.emit("AML102", f"{ctx.where} must be {values.expected_words(sorted(types))}, not {values.describe(node)}.{extra}", rng)
            return
        self._allowed(node, schema, ctx, rng)
        if "integer" in types and values.truncated(node) and not types & {"number"}:
            self.emit(
                "AML107",
                f"Write `{int(node.value)}`: {ctx.where} is an integer and the CLI silently truncates `{node.text}` to it.",
                rng,
                FixData(replace_value=str(int(node.value))),
            )
        number = values.number_of(node) if types & {"integer", "number"} else None
        if number is not None and not in_range(number, schema):
            self.emit(
                "AML105",
                f"{ctx.where} is {node.text}, but the docs allow only values {range_text(schema)}. "
                "The CLI does not check this; the job may fail or misbehave at run time.",
                rng,
            )
        written_as = ext.value_format
        if written_as and node.kind == STR and not re.fullmatch(written_as.pattern, node.text):
            self.emit("AML303", fill(written_as.message, where=ctx.where, value=node.text), rng)

    def _allowed(self, node: Scalar, schema: Schema, ctx: Ctx, rng: Range) -> None:
        allowed = self.store.allowed_values(schema)
        if not allowed or node.kind != STR or node.text in allowed:
            return
        if self._string_expression(node, ctx):
            return
        names = [str(a) for a in allowed]
        normal = normalise(node.text, self.store.ext(schema).enum_case)
        if normal is not None and normal in names:
            self.emit(
                "AML106",
                f"Write `{normal}` as documented; the CLI reads `{node.text}` as `{normal}`.",
                rng,
                FixData(replace_value=normal),
            )
            return
        if "const" in schema:
            # `AutoML` or `ImageInstanceSegmentation`: right word, wrong spelling for a standalone job.
            near = node.text.lower() == names[0].lower() or camel_to_snake(node.text) == names[0]
            exact = " (exact spelling, lower case)" if near else ""
            self.emit("AML103", f"{ctx.where} must be `{names[0]}`{exact}, not `{node.text}`.", rng, FixData(replace_value=names[0]))
            return
        best = did_you_mean(node.text, names)
        if best:
            message = f"Did you mean `{best}`? `{node.text}` is not allowed for {ctx.where} (one of {_list(names)})."
        else:
            message = f"Use one of {_list(names)}: `{node.text}` is not allowed for {ctx.where}."
        self.emit("AML103", message, rng, FixData(replace_value=best, choices=tuple(names)))


def _list(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


class _Union:
    """A `oneOf`/`anyOf` prepared once: branches by shape, and discriminator values to branch."""

    def __init__(self, store: SchemaStore, schema: Schema):
        self.branches = store.branches(schema)
        self.field = store.ext(schema).tag_key
        self.objects = [b for b in self.branches if "object" in store.types(b)]
        self.arrays = [b for b in self.branches if "array" in store.types(b)]
        self.scalars = [
            (b, store.types(b) or frozenset({"string"}), store.ext(b).strict)
            for b in self.branches
            if not store.types(b) & {"object", "array"}
        ]
        self.names: list[str] = []
        self.tag_binding_rejected: str | None = None  # the message for a `${{...}}` binding as the tag
        self.exact: dict[str, Schema] = {}
        self.folded: dict[str, dict[str, Schema]] = {}
        for branch in self.objects:
            tag_schema = store.prop(branch, self.field) or {}
            tag_ext = store.ext(tag_schema)
            mode = tag_ext.enum_case
            self.tag_binding_rejected = self.tag_binding_rejected or tag_ext.binding_rejected
            for value in map(str, store.allowed_values(tag_schema)):
                self.names.append(value)
                self.exact.setdefault(value, branch)
                if mode:
                    self.folded.setdefault(mode, {}).setdefault(value, branch)
        plain = {t for _, types, _ in self.scalars for t in types}
        self.plain_kind = "integer " if "integer" in plain else "number " if "number" in plain else ""


# -- quick fixes for the codes above ------------------------------------------------------------------
def _fix_legacy(ctx: "FixContext") -> list[Fix]:
    """2022 layout: `image_model` -> `training_parameters` (merged into one that exists), and
    `sweep.limits` -> the job's `limits` (keys under their modern names)."""
    doc, data = ctx.doc, ctx.diagnostic.data
    found = pair_with_key_at(doc, ctx.diagnostic.range)
    if found is None or not data.replace_key:
        return []
    parent, pair = found
    new = data.replace_key
    if pair.key.text == new:  # `sweep.limits`: the section moves up one level
        job = doc.parent_of(parent)
        return _move_section(ctx, pair, job, new, after=parent) if isinstance(job, Mapping) else []
    target = parent.get(new)
    if isinstance(target, Mapping) and target.pairs and not target.flow:
        return _move_section(ctx, pair, parent, new, after=None)
    return rename_key(ctx)


def _move_section(ctx: "FixContext", pair: Pair, job: Mapping, target_key: str, after: Node | None) -> list[Fix]:
    doc, store = ctx.doc, ctx.store
    if not isinstance(pair.value, Mapping) or pair.value.flow or not job.pairs:
        return []
    job_schema = schema_of(ctx, job)
    target_schema = store.prop(job_schema, target_key) if job_schema else None
    rename = {
        old: info.use
        for old, info in (store.rejected_keys(target_schema) if target_schema else {}).items()
        if info.use and "." not in info.use
    }
    target = job.get(target_key)
    existing = set(target.keys()) if isinstance(target, Mapping) else set()
    moved = [p for p in pair.value.pairs if rename.get(p.key.text, p.key.text) not in existing]
    kept = [p.key.text for p in pair.value.pairs if p not in moved]
    nl = eol(doc)
    header = line(doc, pair.key.range.start.line)[pair.key.range.end.character + 1 :]  # after `key:`
    if isinstance(target, Mapping) and target.pairs and not target.flow:
        indent = " " * target.pairs[0].key.range.start.character
        note = f"{indent}{header.strip()}{nl}" if header.strip() else ""
        body = note + block_lines(doc, pair, moved, indent, rename)
        insert_line = max(end_line(doc, p.value) for p in target.pairs) + 1
    elif target is None and after is not None:
        job_indent = " " * job.pairs[0].key.range.start.character
        body = f"{job_indent}{target_key}:{header.rstrip()}{nl}" + block_lines(doc, pair, moved, job_indent + unit_of(doc), rename)
        insert_line = end_line(doc, after) + 1
    else:
        return []
    names = ", ".join(f"`{p.key.text}`" + (f" (as `{rename[p.key.text]}`)" if p.key.text in rename else "") for p in moved) or "nothing new"
    where = format_path(path_of(doc, job) or []) or "the job"
    title = f"Move {names} to `{target_key}` of {where}"
    if kept:
        title += f"; `{target_key}` already sets {', '.join(f'`{k}`' for k in kept)}"
    return [Fix(title, (Edit(pair_lines(doc, pair), ""), insertion(doc, insert_line, body)), preferred=True)]


_ARG = re.compile(r"""\s*('[^']*'|"[^"]*"|[^,]+?)\s*(?:,|$)""")


def _fix_expression(ctx: "FixContext") -> list[Fix]:
    """`learning_rate: "uniform(0.1, 0.2)"` -> a mapping with `type:` and the arguments."""
    doc, store, expression = ctx.doc, ctx.store, ctx.diagnostic.data.expression or ""
    match = re.match(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$", expression, re.S)
    found = pair_with_value_at(doc, ctx.diagnostic.range)
    if not match or found is None:
        return []
    _, pair = found
    name = match.group(1).lower()
    args = [a.strip().strip("'\"") for a in _ARG.findall(match.group(2)) if a.strip()]
    definition = store.files[JOB_FILE]["$defs"].get(f"dist_{name}")
    if definition is None:
        return []
    arg_names = [k for k in store.properties(definition) if k != "type"]
    indent = " " * pair.key.range.start.character + unit_of(doc)
    lines = [f"{indent}type: {name}"]
    if name == "choice":
        lines.append(f"{indent}values: [{', '.join(args)}]")
    else:
        if len(args) != len(arg_names):
            return []
        lines += [f"{indent}{arg}: {value}" for arg, value in zip(arg_names, args)]
    nl = eol(doc)
    start = Position(pair.key.range.end.line, pair.key.range.end.character + 1)  # just after the colon
    return [Fix(f"Write `{name}` as a mapping", (Edit(Range(start, ctx.diagnostic.range.end), nl + nl.join(lines)),), preferred=True)]


def _fix_slack(ctx: "FixContext") -> list[Fix]:
    """A bandit policy without slack: add the first of the keys the docs ask for, with a value."""
    found = pair_with_key_at(ctx.doc, ctx.diagnostic.range)
    if found is None or not isinstance(found[1].value, Mapping):
        return []
    policy = found[1].value
    schema = schema_of(ctx, policy)
    either = ctx.store.ext(schema).one_of_required if schema is not None else None
    return add_keys(ctx, policy, [either.keys[0]], f"Add `{either.keys[0]}`") if either else []


FIXES: dict[str, "FixFn"] = {
    "AML101": rename_key,
    "AML102": quote_value,
    "AML103": combine(replace_value, change_tag),
    "AML104": add_key,
    "AML106": replace_value,
    "AML107": replace_value,
    "AML108": _fix_legacy,
    "AML109": rename_key,
    "AML110": remove_key,
    "AML112": remove_key,
    "AML201": _fix_expression,
    "AML202": change_tag,
    "AML203": add_key,
    "AML207": _fix_slack,
    "AML302": remove_key,
}
