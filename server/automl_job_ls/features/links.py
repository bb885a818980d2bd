"""Document links: local `path:`, `component:` and `code:` values that exist on disk."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..data import navigation as data_navigation
from ..data.mltable_editing import is_mltable
from ..document import Document
from ..nodes import Position, Range, Scalar, pairs_of


@dataclass
class Link:
    range: Range
    target: Path


_LOCAL_PATH_KEYS = ("path", "component", "code")


def document_links(doc: Document, path: Path | None, data_roots: list[Path]) -> list[tuple[Range, Path]]:
    """Every link of the file at `path`: an MLTable's JSONL files; a job's local files, where a
    data folder's `path:` opens its MLTable instead of revealing the folder."""
    if path is not None and is_mltable(str(path)):
        return data_navigation.mltable_links(doc.text, path)
    found = [(link.range, link.target) for link in links(doc, path.parent if path else None)]
    if doc.is_ours and path is not None:
        data_links = dict(data_navigation.job_links(doc, path, data_roots))
        found = [(rng, data_links.pop(rng, target)) for rng, target in found] + list(data_links.items())
    return found


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
