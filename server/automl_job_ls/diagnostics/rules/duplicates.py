"""AML002: duplicate keys. PyYAML keeps the last value; the first one is silently lost."""

from __future__ import annotations

from typing import Iterator

from ...document import Document
from ...schema import SchemaStore
from ..model import Diagnostic, make
from ..fixes import removing


def check(doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    # The parser already noted which mappings repeat a key; only those are looked at.
    for mapping in doc.with_duplicates:
        last = {pair.key.text: index for index, pair in enumerate(mapping.pairs)}
        for index, pair in enumerate(mapping.pairs):
            if last[pair.key.text] != index:
                line = mapping.pairs[last[pair.key.text]].key.range.start.line + 1
                yield make(
                    "AML002",
                    f"`{pair.key.text}` appears again on line {line}; the CLI keeps only the last value, so this one is ignored.",
                    pair.key.range,
                )


FIXES = {"AML002": removing("Remove this `{key}` (the later one is kept)")}
