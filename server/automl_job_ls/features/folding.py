"""Folding ranges and selection ranges: the blocks of the document, as the outline sees them."""

from __future__ import annotations

from ..document import Document
from ..nodes import Mapping, Position, Range, Scalar
from .symbols import span, symbols


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
    """Innermost first: the word, the `key: value` pair, the parent block, ..., the document.

    Only ranges that hold `pos`: clients reject a chain whose innermost range leaves the position
    (a blank line after a block), so an empty list means "the position alone"."""
    return [rng for rng in _enclosing(doc, pos) if rng.start <= pos <= rng.end]


def _enclosing(doc: Document, pos: Position) -> list[Range]:
    chain = doc.node_path_at(pos)
    ranges: list[Range] = []
    for index in range(len(chain) - 1, 0, -1):
        segment, node = chain[index]
        parent = chain[index - 1][1]
        rng = node.range if isinstance(node, Scalar) else span(doc, node.range.start, node)
        if not ranges or ranges[-1] != rng:
            ranges.append(rng)
        if isinstance(parent, Mapping) and not isinstance(segment, int):
            pair = next((p for p in parent.pairs if p.value is node or p.key is node), None)
            if pair is not None:
                whole = span(doc, pair.key.range.start, pair.value)
                if whole != ranges[-1]:
                    ranges.append(whole)
    if doc.root is not None:
        last = len(doc.lines) - 1
        whole_doc = Range(Position(0, 0), Position(last, len(doc.lines[last])))
        if not ranges or ranges[-1] != whole_doc:
            ranges.append(whole_doc)
    return ranges
