"""Minimal text edits over the parse tree, shared by quick fixes and completion.

Each edit touches only the characters it must, so comments, quoting and indentation elsewhere
stay exactly as the user wrote them (a YAML round trip would reformat them). New lines take the
file's own line break and the indentation of the mapping they join.
"""

from __future__ import annotations

from .cursor import indent_unit
from .diagnostics.model import Edit
from .document import Document
from .nodes import Mapping, Node, Pair, Position, Range, Sequence, pairs_of
from .schema import Schema, SchemaStore
from .schema_nav import scalar_choices


def eol(doc: Document) -> str:
    return "\r\n" if "\r\n" in doc.text else "\n"


def line(doc: Document, number: int) -> str:
    return doc.lines[number].rstrip("\r") if 0 <= number < len(doc.lines) else ""


def text_at(doc: Document, rng: Range) -> str:
    if rng.start.line != rng.end.line:
        return ""
    return line(doc, rng.start.line)[rng.start.character : rng.end.character]


def pair_with_key_at(doc: Document, rng: Range) -> tuple[Mapping, Pair] | None:
    for mapping, pair in pairs_of(doc.root):
        if pair.key.range == rng:
            return mapping, pair
    return None


def pair_with_value_at(doc: Document, rng: Range) -> tuple[Mapping, Pair] | None:
    for mapping, pair in pairs_of(doc.root):
        if pair.value.range == rng:
            return mapping, pair
    return None


def pair_on_line(doc: Document, key: str, number: int) -> tuple[Mapping, Pair] | None:
    for mapping, pair in pairs_of(doc.root):
        if pair.key.text == key and pair.key.range.start.line == number:
            return mapping, pair
    return None


def end_line(doc: Document, node: Node) -> int:
    """The last line that holds text of `node` (block nodes end at the next token's line)."""
    end = node.range.end
    # A block node's end mark is the start of the next token: on a later line, after indentation.
    before = line(doc, end.line)[: end.character]
    last = end.line if before.strip() else end.line - 1
    while last > node.range.start.line and not line(doc, last).strip():
        last -= 1
    return max(last, node.range.start.line)


def pair_lines(doc: Document, pair: Pair) -> Range:
    """Whole lines from the key to the end of its value, including the line break."""
    start = pair.key.range.start
    last = end_line(doc, pair.value)
    prefix = line(doc, start.line)[: start.character]
    begin = Position(start.line, 0) if not prefix.strip() else start
    if last + 1 >= len(doc.lines) and begin.character == 0 and begin.line > 0:
        # The last lines of a file without a final line break: take the break before them.
        return Range(Position(begin.line - 1, len(line(doc, begin.line - 1))), Position(last, len(line(doc, last))))
    return Range(begin, Position(last + 1, 0))


def remove_pair(doc: Document, pair: Pair) -> Edit:
    return Edit(pair_lines(doc, pair), "")


def path_of(doc: Document, target: Node) -> list | None:
    """Keys and list indexes from the root to `target`."""
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


def example_value(store: SchemaStore, schema: Schema) -> str:
    """A valid value to write for a new key: its default, an example, or its first allowed value."""
    schema = store.resolve(schema)
    default = schema.get("default")
    if default is not None and not isinstance(default, (dict, list)):
        return yaml_scalar(default)
    examples = schema.get("examples")
    if examples and not isinstance(examples[0], (dict, list)):
        return yaml_scalar(examples[0])
    allowed = scalar_choices(store, schema)
    return allowed[0][0] if allowed else ""


def yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Body:
    """New key lines, as plain text and as a snippet with each value a placeholder."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.snippet: list[str] = []
        self.stops = 0

    def literal(self, text: str) -> None:
        self.plain.append(text)
        self.snippet.append(text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}"))

    def value(self, text: str) -> None:
        self.stops += 1
        self.plain.append(text)
        escaped = text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
        self.snippet.append(f"${{{self.stops}:{escaped}}}" if text else f"${self.stops}")


def unit_of(doc: Document) -> str:
    return " " * indent_unit([line(doc, n) for n in range(len(doc.lines))])


def _key_lines(store: SchemaStore, body: _Body, schema: Schema, key: str, indent: str, nl: str, first: bool, unit: str = "  ") -> None:
    """`key: value` for a scalar; `key:` and its own required keys for a mapping."""
    sub = store.resolve(store.prop(schema, key) or {})
    body.literal(("" if first else indent) + key + ":")
    types = store.types(sub)
    if "object" in types and "string" not in types and not scalar_choices(store, sub):
        children = sub.get("required", []) or [k for k in ("type", "path") if k in store.properties(sub)]
        for child in children:
            body.literal(nl)
            _key_lines(store, body, sub, child, indent + unit, nl, first=False, unit=unit)
        return
    if "array" in types and not types & {"string", "number", "integer", "boolean"}:
        body.literal(" [")  # a flow list to fill in (`values: [...]`)
        body.value("")
        body.literal("]")
        return
    body.literal(" ")
    body.value(example_value(store, sub))


def insert_keys(doc: Document, store: SchemaStore, target: Mapping, schema: Schema, keys: list[str]) -> Edit | None:
    """One edit adding `key: value` for each key at the end of `target`, in its style. Values are
    the schema's default or example (placeholders in the snippet form)."""
    nl = eol(doc)
    body = _Body()
    if target.flow:
        # `{type: uniform, min_value: 1}`: before the closing brace, on one line.
        end = target.range.end
        if end.character == 0 or line(doc, end.line)[end.character - 1] != "}":
            return None
        for key in keys:
            body.literal(", ")
            _key_lines(store, body, schema, key, "", nl, first=True)
        if any(nl in part for part in body.plain):
            return None  # a block value cannot go inside a flow mapping
        at = Position(end.line, end.character - 1)
        return Edit(Range(at, at), "".join(body.plain), "".join(body.snippet) if body.stops else None)
    if not target.pairs:
        return None
    last = max(end_line(doc, p.value) for p in target.pairs)
    indent = " " * target.pairs[0].key.range.start.character
    unit = unit_of(doc)
    for key in keys:
        body.literal(indent)
        _key_lines(store, body, schema, key, indent, nl, first=True, unit=unit)
        body.literal(nl)
    return insertion(doc, last + 1, "".join(body.plain), "".join(body.snippet) if body.stops else None)


def insertion(doc: Document, number: int, text: str, snippet: str | None = None) -> Edit:
    """Whole lines (`text` ends with a line break) inserted before line `number`; past the last
    line of a file without a final line break, they start with one instead."""
    nl = eol(doc)
    if number < len(doc.lines):
        at = Position(number, 0)
        return Edit(Range(at, at), text, snippet)
    last = len(doc.lines) - 1
    at = Position(last, len(line(doc, last)))
    trim = (lambda t: nl + t[: -len(nl)] if t.endswith(nl) else nl + t)
    return Edit(Range(at, at), trim(text), trim(snippet) if snippet is not None else None)


def block_lines(doc: Document, pair: Pair, keep: list[Pair], indent: str, rename: dict[str, str] | None = None) -> str:
    """The lines of the block under `pair` re-indented to `indent`: the pairs in `keep` with their
    own lines below them, and every comment line, as written (keys renamed by `rename`)."""
    nl = eol(doc)
    rename = rename or {}
    keep_lines = {}
    for p in keep:
        for number in range(p.key.range.start.line, end_line(doc, p.value) + 1):
            keep_lines[number] = p
    base = None
    out = []
    for number in range(pair.key.range.start.line + 1, end_line(doc, pair.value) + 1):
        text = line(doc, number)
        stripped = text.strip()
        owner = keep_lines.get(number)
        if owner is None and not stripped.startswith("#"):
            continue
        if not stripped:
            continue
        own = len(text) - len(text.lstrip(" "))
        base = own if base is None else min(base, own)
        if owner is not None and number == owner.key.range.start.line and owner.key.text in rename:
            col = owner.key.range.start.character
            text = text[:col] + rename[owner.key.text] + text[owner.key.range.end.character :]
        out.append((own, text.lstrip(" ")))
    return "".join(f"{indent}{' ' * (own - (base or 0))}{body}{nl}" for own, body in out)
