"""Outline (document symbols), folding ranges, selection ranges and document links."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import bindings
from ..document import Document
from ..nodes import Mapping, Node, Position, Range, Scalar, Sequence, pairs_of

# Symbol kinds, named as in LSP (the server maps them to numbers).
KIND_OBJECT, KIND_ARRAY, KIND_STRING, KIND_NUMBER, KIND_BOOLEAN, KIND_NULL = (
    "object", "array", "string", "number", "boolean", "null",
)
_MAX_SYMBOLS = 5000  # a huge file still gets an outline, bounded in time and size


@dataclass
class Symbol:
    name: str
    kind: str
    range: Range
    selection: Range
    detail: str = ""
    children: list["Symbol"] = field(default_factory=list)


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return KIND_OBJECT
    if isinstance(node, Sequence):
        return KIND_ARRAY
    return {"int": KIND_NUMBER, "float": KIND_NUMBER, "bool": KIND_BOOLEAN, "null": KIND_NULL}.get(node.kind, KIND_STRING)


def _detail(node: Node) -> str:
    if isinstance(node, Scalar):
        return node.text if len(node.text) <= 60 else node.text[:57] + "..."
    if isinstance(node, Sequence):
        return f"{len(node.items)} item(s)"
    kind = node.get("type")
    return f"type: {kind.text}" if isinstance(kind, Scalar) and kind.text else ""


def _span(doc: Document, start: Position, node: Node, memo: dict[int, int] | None = None) -> Range:
    """From `start` to the last character of `node` (block nodes end at the next token).
    `memo` shares the backwards scans over blank lines between calls (nested blocks that end
    at the same place scan the same lines)."""
    end = node.range.end
    if not isinstance(node, Scalar):
        line = end.line
        before = doc.lines[line][: end.character] if line < len(doc.lines) else ""
        if not before.strip():
            line -= 1
            if line > start.line:
                line = max(_last_text_line(doc, line, memo if memo is not None else {}), start.line)
            end = Position(line, len(doc.lines[line].rstrip()))
    if end < start:
        end = start
    return Range(start, end)


def _last_text_line(doc: Document, line: int, memo: dict[int, int]) -> int:
    """The last line at or before `line` that is not blank (-1 if none)."""
    blank = []
    while line >= 0 and line not in memo and not doc.lines[line].strip():
        blank.append(line)
        line -= 1
    found = memo[line] if line in memo else line
    for number in blank:
        memo[number] = found
    return found


def symbols(doc: Document) -> list[Symbol]:
    """The outline, depth first, at most `_MAX_SYMBOLS` entries; iterative (deep nesting cannot
    exhaust the stack) and linear in the document."""
    if not doc.is_ours or not isinstance(doc.root, (Mapping, Sequence)):
        return []
    budget = _MAX_SYMBOLS
    seen = {id(doc.root)}
    memo: dict[int, int] = {}
    out: list[Symbol] = []
    stack = [(_entries(doc.root), out)]
    while stack:
        entries, siblings = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        budget -= 1
        if budget < 0:
            break
        name, selection, start, value = entry
        span = _span(doc, start, value, memo)
        # LSP requires the selection inside the full range; a list item's own range runs to the
        # next token while its span stops at its last character.
        sel = Range(selection.start, min(selection.end, span.end))
        symbol = Symbol(name or "(empty)", _kind(value), span, sel, _detail(value))
        siblings.append(symbol)
        if budget > 0 and id(value) not in seen and isinstance(value, (Mapping, Sequence)):
            seen.add(id(value))
            stack.append((_entries(value), symbol.children))
    return out


def _entries(node: Node):
    if isinstance(node, Mapping):
        return ((pair.key.text, pair.key.range, pair.key.range.start, pair.value) for pair in node.pairs)
    return ((f"[{i}]", item.range, item.range.start, item) for i, item in enumerate(node.items))


def definition(doc: Document, pos: Position) -> Range | None:
    """Where a `${{parent...}}` binding under the cursor points: the input, output or step key."""
    ref = bindings.at(doc, pos)
    return ref.target if ref else None


def references(doc: Document, pos: Position, include_declaration: bool = True) -> list[Range]:
    """Every binding that names the pipeline input, output or step under the cursor (a key or a
    binding segment), and its declaration when asked."""
    _, same = bindings.related(bindings.occurrences(doc), pos)
    return [o.range for o in same if include_declaration or not o.declaration]


class RenameError(ValueError):
    """The new name cannot be used; the message says why."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def prepare_rename(doc: Document, pos: Position) -> Range | None:
    """The name that a rename at `pos` would change: a pipeline input, output or step."""
    here, _ = bindings.related(bindings.occurrences(doc), pos)
    return here.range if here is not None and bindings.renamable(here.name) else None


def rename(doc: Document, pos: Position, new_name: str) -> list[tuple[Range, str]]:
    """(range, new text) for the declaration and every binding that names it."""
    every = bindings.occurrences(doc)
    here, same = bindings.related(every, pos)
    if here is None or not bindings.renamable(here.name):
        raise RenameError("Only a pipeline input, output or step can be renamed here.")
    if not _NAME.fullmatch(new_name):
        raise RenameError(f"`{new_name}` is not a valid name: use letters, digits and underscores, not starting with a digit.")
    taken = {o.name for o in every if o.declaration}
    if (here.name[0], new_name) in taken:
        raise RenameError(f"This pipeline already has {here.name[0][:-1] if here.name[0] != 'jobs' else 'step'} `{new_name}`.")
    return [(o.range, new_name) for o in same]


def folding_ranges(doc: Document) -> list[tuple[int, int]]:
    """(start line, end line) for every key whose value spans lines."""
    out: list[tuple[int, int]] = []
    todo = list(symbols(doc))
    while todo:
        symbol = todo.pop()
        if symbol.range.end.line > symbol.range.start.line:
            out.append((symbol.range.start.line, symbol.range.end.line))
        todo.extend(symbol.children)
    return sorted(set(out))


def selection_range(doc: Document, pos: Position) -> list[Range]:
    """Innermost first: the word, the `key: value` pair, the parent block, ..., the document."""
    chain = doc.node_path_at(pos)
    ranges: list[Range] = []
    for index in range(len(chain) - 1, 0, -1):
        segment, node = chain[index]
        parent = chain[index - 1][1]
        rng = node.range if isinstance(node, Scalar) else _span(doc, node.range.start, node)
        if not ranges or ranges[-1] != rng:
            ranges.append(rng)
        if isinstance(parent, Mapping) and not isinstance(segment, int):
            pair = next((p for p in parent.pairs if p.value is node or p.key is node), None)
            if pair is not None:
                whole = _span(doc, pair.key.range.start, pair.value)
                if whole != ranges[-1]:
                    ranges.append(whole)
    if doc.root is not None:
        last = len(doc.lines) - 1
        whole_doc = Range(Position(0, 0), Position(last, len(doc.lines[last])))
        if not ranges or ranges[-1] != whole_doc:
            ranges.append(whole_doc)
    return ranges


@dataclass
class Link:
    range: Range
    target: Path


_LOCAL_PATH_KEYS = ("path", "component", "code")


def links(doc: Document, base: Path | None) -> list[Link]:
    """Local `path:` values that exist, and `file:` component references."""
    if base is None or not doc.is_ours or doc.root is None:
        return []
    out: list[Link] = []
    for _, pair in pairs_of(doc.root):
        value = pair.value
        if isinstance(value, Scalar) and value.kind == "str" and pair.key.text in _LOCAL_PATH_KEYS:
            link = _link(value, base)
            if link:
                out.append(link)
    return sorted(out, key=lambda link: link.range.start)


_SCHEME = re.compile(r"^[A-Za-z][\w+.\-]*:")


def _link(value: Scalar, base: Path) -> Link | None:
    text = value.text.strip()
    offset = 0
    if text.startswith("file:"):
        offset = len("file:")
    elif _SCHEME.match(text) or "${{" in text:
        return None  # azureml:, https:, bindings: not local
    relative = text[offset:]
    if not relative:
        return None
    # Normalise without resolving symlinks: the link should open the path the user sees.
    target = Path(os.path.normpath(base / relative))
    if not target.exists():
        return None
    start = value.range.start
    shift = (1 if value.quoted else 0) + offset
    rng = Range(Position(start.line, start.character + shift), Position(start.line, start.character + shift + len(relative)))
    return Link(rng, target)
