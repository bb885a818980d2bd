"""Quick fixes for diagnostics, as minimal text edits.

Each edit touches only the characters it must, so comments, quoting and indentation
elsewhere stay exactly as the user wrote them (a YAML round trip would reformat them).
The facts come from the diagnostic's `data` (set by the check that found the problem).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..cursor import ITEM
from ..document import Document, format_path
from ..nodes import Mapping, Node, Pair, Position, Range, Scalar, Sequence, pairs_of
from ..schema import JOB_FILE, Schema, SchemaStore
from .schema_nav import object_branch, scalar_choices, schema_at


@dataclass(frozen=True)
class Edit:
    range: Range
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def quick_fixes(doc: Document, store: SchemaStore, code: str, rng: Range, data: dict[str, Any] | None) -> list[Fix]:
    data = data or {}
    fixes: list[Fix] = []
    if data.get("replace_key"):
        new = data["replace_key"]
        pair = _pair_with_key_at(doc, rng)
        if code == "AML108" and pair is not None and pair.key.text == new:
            fixes += _move_legacy_limits(doc, pair)
        else:
            fixes.append(Fix(f"Rename `{_text(doc, rng)}` to `{new}`", (Edit(rng, new),), preferred=True))
    if data.get("replace_value") is not None:
        new = str(data["replace_value"])
        fixes.append(Fix(f"Change to `{new}`", (Edit(rng, new),), preferred=True))
    choices = [str(c) for c in data.get("choices", [])] if not data.get("replace_value") else []
    tag_fixes = _change_tag(doc, store, rng, choices, data.get("best")) if data.get("tag") else None
    if tag_fixes is not None:
        fixes += tag_fixes
    else:
        fixes += [Fix(f"Change to `{choice}`", (Edit(rng, choice),)) for choice in choices[:8]]
    if data.get("remove_pair"):
        pair = _pair_with_key_at(doc, rng)
        if pair is not None:
            fixes.append(Fix(f"Remove this `{pair.key.text}` (the later one is kept)", (Edit(_pair_lines(doc, pair), ""),), preferred=True))
    if data.get("add_key"):
        fix = _add_key(doc, store, rng, data["add_key"], code)
        if fix:
            fixes.append(fix)
    if data.get("declare_output"):
        wanted = data["declare_output"]
        fix = _declare_output(doc, wanted["step"], wanted["name"], wanted["type"])
        if fix:
            fixes.append(fix)
    if data.get("expression"):
        fix = _expression_to_mapping(doc, store, rng, data["expression"])
        if fix:
            fixes.append(fix)
    return fixes


# -- locating nodes -----------------------------------------------------------------------------
def _text(doc: Document, rng: Range) -> str:
    if rng.start.line != rng.end.line:
        return ""
    return doc.lines[rng.start.line][rng.start.character : rng.end.character]


def _pairs(doc: Document):
    return pairs_of(doc.root)


def _pair_with_key_at(doc: Document, rng: Range) -> Pair | None:
    for _, pair in _pairs(doc):
        if pair.key.range == rng:
            return pair
    return None


def _mapping_and_pair(doc: Document, rng: Range, match_value: bool = False) -> tuple[Mapping, Pair] | None:
    for mapping, pair in _pairs(doc):
        if (pair.value.range if match_value else pair.key.range) == rng:
            return mapping, pair
    return None


def _end_line(doc: Document, node: Node) -> int:
    """The last line that holds text of `node` (block nodes end at the next token's line)."""
    end = node.range.end
    # A block node's end mark is the start of the next token: on a later line, after indentation.
    before = doc.lines[end.line][: end.character] if end.line < len(doc.lines) else ""
    line = end.line if before.strip() else end.line - 1
    while line > node.range.start.line and not doc.lines[line].strip():
        line -= 1
    return max(line, node.range.start.line)


def _pair_lines(doc: Document, pair: Pair) -> Range:
    """Whole lines from the key to the end of its value, including the line break."""
    start = pair.key.range.start
    last = _end_line(doc, pair.value)
    prefix = doc.lines[start.line][: start.character]
    begin = Position(start.line, 0) if not prefix.strip() else start
    return Range(begin, Position(last + 1, 0))


def _line_indent(doc: Document, line: int) -> str:
    text = doc.lines[line]
    return text[: len(text) - len(text.lstrip(" "))]


# -- fixes -----------------------------------------------------------------------------------------
def _placeholder(store: SchemaStore, schema: Schema, indent: str) -> str:
    """The value text written after `key:` for a new key: its default, first allowed value, or a
    block of its own required keys."""
    schema = store.resolve(schema)
    types = store.types(schema)
    allowed = scalar_choices(store, schema)
    if allowed and "default" not in schema:
        return " " + allowed[0][0]
    if "object" in types and "string" not in types:
        lines = []
        for key in schema.get("required", []) or [k for k in ("type", "path") if k in store.properties(schema)]:
            sub = store.prop(schema, key) or {}
            lines.append(f"\n{indent}  {key}:{_placeholder(store, sub, indent + '  ')}")
        return "".join(lines)
    if schema.get("examples") and not isinstance(schema["examples"][0], (dict, list)):
        return " " + str(schema["examples"][0])
    if "default" in schema and not isinstance(schema["default"], (dict, list)):
        return " " + str(schema["default"]).lower() if isinstance(schema["default"], bool) else " " + str(schema["default"])
    return " "


def _add_key(doc: Document, store: SchemaStore, rng: Range, key: str, code: str) -> Fix | None:
    found = _mapping_and_pair(doc, rng)
    if found is None:
        return None
    parent, pair = found
    # The anchor is the key of the mapping that lacks `key`, or (for a job root) its `type` key.
    target = pair.value if isinstance(pair.value, Mapping) else parent
    if not isinstance(target, Mapping) or not target.pairs:
        return None
    path = _path_of(doc, target)
    if path is None:
        return None
    schema = schema_at(store, doc.kind, [ITEM if isinstance(s, int) else s for s in path])
    if schema is None:
        return None
    tag = target.get("type")
    schema = object_branch(store, schema, tag.text if isinstance(tag, Scalar) else None)
    edit = _insert_keys(doc, store, target, schema, [key])
    return Fix(f"Add `{key}`", (edit,), preferred=True) if edit else None


def _insert_keys(doc: Document, store: SchemaStore, target: Mapping, schema: Schema, keys: list[str]) -> Edit | None:
    """One edit adding `key: placeholder` for each key at the end of `target`, in its style."""
    if target.flow:
        # `{type: uniform, min_value: 1}`: before the closing brace, on one line.
        end = target.range.end
        if end.character == 0 or doc.lines[end.line][end.character - 1] != "}":
            return None
        body = "".join(f", {key}:{_placeholder(store, store.prop(schema, key) or {}, '')}" for key in keys)
        if any("\n" in part for part in body):
            return None  # a block value cannot go inside a flow mapping
        at = Position(end.line, end.character - 1)
        return Edit(Range(at, at), body.rstrip())
    last = max(_end_line(doc, p.value) for p in target.pairs)
    indent = " " * target.pairs[0].key.range.start.character
    text = "".join(f"{indent}{key}:{_placeholder(store, store.prop(schema, key) or {}, indent)}\n" for key in keys)
    return Edit(Range(Position(last + 1, 0), Position(last + 1, 0)), text)


def _names(keys: list[str]) -> str:
    return ", ".join(f"`{k}`" for k in keys)


def _change_tag(doc: Document, store: SchemaStore, rng: Range, choices: list[str], best: str | None) -> list[Fix] | None:
    """Fixes for a wrong `type:` of a union (distribution, policy, input): change it to a branch
    and add that branch's missing required keys. Branches that would make written keys unknown
    are offered only for the did-you-mean suggestion, which then removes those keys (and says so).
    None when the branches are unknown."""
    found = _mapping_and_pair(doc, rng, match_value=True)
    if found is None:
        return None
    mapping, _ = found
    path = _path_of(doc, mapping)
    schema = schema_at(store, doc.kind, [ITEM if isinstance(s, int) else s for s in path]) if path is not None else None
    if schema is None:
        return None
    present = set(mapping.keys())
    ranked = []
    for choice in choices:
        branch = store.resolve(object_branch(store, schema, choice))
        extra = [p for p in mapping.pairs if p.key.text not in store.properties(branch)]
        # Only the suggested spelling may drop keys (named in the title); other branches must fit.
        if branch is schema or (extra and (choice != best or mapping.flow)):
            continue
        missing = [k for k in branch.get("required", []) if k not in present]
        edits = [Edit(rng, choice)] + [Edit(_pair_lines(doc, p), "") for p in extra]
        if missing:
            insert = _insert_keys(doc, store, mapping, branch, missing)
            if insert is None:
                continue
            edits.append(insert)
        changes = [f"adds {_names(missing)}"] * bool(missing) + [f"removes {_names([p.key.text for p in extra])}"] * bool(extra)
        title = f"Change to `{choice}`" + (f" ({', '.join(changes)})" if changes else "")
        ranked.append((choice != best, len(missing) + len(extra), choice, Fix(title, tuple(edits))))
    ranked.sort(key=lambda r: r[:2])
    fixes = [fix for *_, fix in ranked[:8]]
    if fixes and (ranked[0][2] == best or len(fixes) == 1):
        fixes[0] = Fix(fixes[0].title, fixes[0].edits, preferred=True)
    return fixes


def _declare_output(doc: Document, step: str, name: str, kind: str) -> Fix | None:
    """`outputs: {name: {type: ...}}` on a pipeline's AutoML step, so later steps can bind to it."""
    jobs = doc.root.get("jobs") if isinstance(doc.root, Mapping) else None
    mapping = jobs.get(step) if isinstance(jobs, Mapping) else None
    if not isinstance(mapping, Mapping) or mapping.flow or not mapping.pairs:
        return None
    outputs = mapping.get("outputs")
    if isinstance(outputs, Mapping) and outputs.pairs and not outputs.flow:
        indent = " " * outputs.pairs[0].key.range.start.character
        target, text = outputs, f"{indent}{name}:\n{indent}  type: {kind}\n"
    elif outputs is None:
        indent = " " * mapping.pairs[0].key.range.start.character
        target, text = mapping, f"{indent}outputs:\n{indent}  {name}:\n{indent}    type: {kind}\n"
    else:
        return None
    line = max(_end_line(doc, p.value) for p in target.pairs) + 1
    return Fix(f"Declare output `{name}` on step `{step}`", (Edit(Range(Position(line, 0), Position(line, 0)), text),), preferred=True)


def _path_of(doc: Document, target: Node) -> list | None:
    path: list = []
    node = target
    while node is not doc.root:
        parent = doc.parent_of(node)
        if isinstance(parent, Mapping):
            pair = next((p for p in parent.pairs if p.value is node), None)
            if pair is None:
                return None
            path.insert(0, pair.key.text)
        elif isinstance(parent, Sequence):
            path.insert(0, next(i for i, item in enumerate(parent.items) if item is node))
        else:
            return None
        node = parent
    return path


_ARG = re.compile(r"""\s*('[^']*'|"[^"]*"|[^,]+?)\s*(?:,|$)""")


def _expression_to_mapping(doc: Document, store: SchemaStore, rng: Range, expression: str) -> Fix | None:
    match = re.match(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$", expression, re.S)
    found = _mapping_and_pair(doc, rng, match_value=True)
    if not match or found is None:
        return None
    _, pair = found
    name = match.group(1).lower()
    args = [a.strip().strip("'\"") for a in _ARG.findall(match.group(2)) if a.strip()]
    definition = store.files[JOB_FILE]["$defs"].get(f"dist_{name}")
    if definition is None:
        return None
    arg_names = [k for k in store.properties(definition) if k != "type"]
    indent = " " * (pair.key.range.start.character + 2)
    lines = [f"{indent}type: {name}"]
    if name == "choice":
        lines.append(f"{indent}values: [{', '.join(args)}]")
    else:
        if len(args) != len(arg_names):
            return None
        lines += [f"{indent}{arg}: {value}" for arg, value in zip(arg_names, args)]
    start = Position(pair.key.range.end.line, pair.key.range.end.character + 1)  # just after the colon
    return Fix(f"Write `{name}` as a mapping", (Edit(Range(start, rng.end), "\n" + "\n".join(lines)),), preferred=True)


def _move_legacy_limits(doc: Document, pair: Pair) -> list[Fix]:
    """`sweep.limits` (2022) -> the job's `limits`, moving the key lines with their comments."""
    sweep = doc.parent_of(pair.key)
    job = doc.parent_of(sweep) if isinstance(sweep, Mapping) else None
    if not isinstance(job, Mapping) or not isinstance(pair.value, Mapping) or pair.value.flow:
        return []
    target = job.get("limits")
    existing = set(target.keys()) if isinstance(target, Mapping) else set()
    moved = [p for p in pair.value.pairs if p.key.text not in existing]
    delete = Edit(_pair_lines(doc, pair), "")
    header = doc.lines[pair.key.range.start.line][pair.key.range.end.character + 1 :]  # after `limits:`
    if isinstance(target, Mapping) and target.pairs:
        indent = " " * target.pairs[0].key.range.start.character
        note = f"{indent}{header.strip()}\n" if header.strip() else ""
        body = note + _block_lines(doc, pair, moved, indent)
        insert_line = max(_end_line(doc, p.value) for p in target.pairs) + 1
    else:
        job_indent = " " * job.pairs[0].key.range.start.character
        body = f"{job_indent}limits:{header.rstrip()}\n" + _block_lines(doc, pair, moved, job_indent + "  ")
        insert_line = _end_line(doc, sweep) + 1
    insert = Edit(Range(Position(insert_line, 0), Position(insert_line, 0)), body)
    names = ", ".join(f"`{p.key.text}`" for p in moved) or "nothing new"
    where = format_path(_path_of(doc, job) or []) or "the job"
    return [Fix(f"Move {names} to `limits` of {where}", (delete, insert), preferred=True)]


def _block_lines(doc: Document, pair: Pair, keep: list[Pair], indent: str) -> str:
    """The lines of the block under `pair` re-indented to `indent`: the pairs in `keep` (one
    line each) and every comment line, as written."""
    keep_lines = {p.key.range.start.line for p in keep}
    out = []
    for line in range(pair.key.range.start.line + 1, _end_line(doc, pair.value) + 1):
        text = doc.lines[line]
        stripped = text.strip()
        if line in keep_lines or stripped.startswith("#"):
            out.append(f"{indent}{stripped}\n")
    return "".join(out)
