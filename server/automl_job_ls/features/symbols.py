"""The outline: document symbols, depth first, bounded in number and linear in the document."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..nodes import Mapping, Node, Position, Range, Scalar, Sequence

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


def span(doc: Document, start: Position, node: Node, memo: dict[int, int] | None = None) -> Range:
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
    if end < start:  # an alias (`b: *a`): its node is the anchored one, written further up
        end = Position(start.line, max(start.character, len(doc.lines[start.line].rstrip())))
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
        extent = span(doc, start, value, memo)
        # LSP requires the selection inside the full range; a list item's own range runs to the
        # next token while its span stops at its last character.
        sel = Range(selection.start, min(selection.end, extent.end))
        symbol = Symbol(name or "(empty)", _kind(value), extent, sel, _detail(value))
        siblings.append(symbol)
        if budget > 0 and id(value) not in seen and isinstance(value, (Mapping, Sequence)):
            seen.add(id(value))
            stack.append((_entries(value), symbol.children))
    return out


def _entries(node: Node):
    if isinstance(node, Mapping):
        return ((pair.key.text, pair.key.range, pair.key.range.start, pair.value) for pair in node.pairs)
    return ((f"[{i}]", item.range, item.range.start, item) for i, item in enumerate(node.items))
