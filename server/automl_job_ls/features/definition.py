"""Go to definition and find references of pipeline names: inputs, outputs and steps, from the
`${{parent...}}` bindings that name them."""

from __future__ import annotations

from .. import bindings
from ..document import Document
from ..nodes import Position, Range


def definition(doc: Document, pos: Position) -> Range | None:
    """Where a `${{parent...}}` binding under the cursor points: the input, output or step key."""
    ref = bindings.at(doc, pos)
    return ref.target if ref else None


def references(doc: Document, pos: Position, include_declaration: bool = True) -> list[Range]:
    """Every binding that names the pipeline input, output or step under the cursor (a key or a
    binding segment), and its declaration when asked."""
    _, same = bindings.related(bindings.occurrences(doc), pos)
    return [o.range for o in same if include_declaration or not o.declaration]
