"""AML002: duplicate keys. PyYAML keeps the last value; the first one is silently lost."""

from __future__ import annotations

from typing import Iterator

from ...document import Document
from ...nodes import Mapping, Node, Sequence
from ..model import Diagnostic, make


def check(doc: Document) -> Iterator[Diagnostic]:
    stack: list[Node] = [doc.root] if doc.root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            last: dict[str, int] = {}
            for index, pair in enumerate(node.pairs):
                last[pair.key.text] = index
            for index, pair in enumerate(node.pairs):
                if last[pair.key.text] != index:
                    line = node.pairs[last[pair.key.text]].key.range.start.line + 1
                    yield make(
                        "AML002",
                        f"`{pair.key.text}` appears again on line {line}; the CLI keeps only the last value, so this one is ignored.",
                        pair.key.range,
                        remove_pair=True,
                    )
            stack.extend(pair.value for pair in node.pairs)
        elif isinstance(node, Sequence):
            stack.extend(node.items)
