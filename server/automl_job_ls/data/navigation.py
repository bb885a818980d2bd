"""Document links along the data: job `path:` -> the folder's `MLTable`, MLTable `file:` -> JSONL."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..nodes import Position, Range, Scalar
from . import locations
from .mltable import NAME, check_mltable


def _text_range(value: Scalar) -> Range:
    start, end = value.range
    if value.quoted:
        return Range(Position(start.line, start.character + 1), Position(end.line, end.character - 1))
    return value.range


def job_links(doc: Document, job_file: Path | None, roots: list[Path]) -> list[tuple[Range, Path]]:
    """Each local data input that has an MLTable: its `path:` value opens that MLTable."""
    out = []
    for ref in locations.references(doc):
        if ref.remote:
            continue
        found = locations.resolve(ref.text, job_file, roots)
        if found.path is None or found.outside or not (found.path / NAME).is_file():
            continue
        out.append((_text_range(ref.value), found.path / NAME))
    return out


def mltable_links(text: str, mltable_file: Path) -> list[tuple[Range, Path]]:
    """`file:` entries of an MLTable that exist: each opens its JSONL file."""
    result = check_mltable(mltable_file.parent, text)
    return [(rng, path) for rng, path in result.links]
