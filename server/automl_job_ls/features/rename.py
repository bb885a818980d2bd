"""Rename of a pipeline input, output or step, together with every binding that names it."""

from __future__ import annotations

import re

from .. import bindings
from ..document import Document
from ..nodes import Position, Range


class RenameError(ValueError):
    """The new name cannot be used; the message says why."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def prepare_rename(doc: Document, pos: Position) -> Range | None:
    """The name that a rename at `pos` would change: a pipeline input, output or step."""
    here, _ = bindings.related(bindings.occurrences(doc), pos)
    return here.range if here is not None and renamable(here.name) else None


def rename(doc: Document, pos: Position, new_name: str) -> list[tuple[Range, str]]:
    """(range, new text) for the declaration and every binding that names it."""
    every = bindings.occurrences(doc)
    here, same = bindings.related(every, pos)
    if here is None or not renamable(here.name):
        raise RenameError("Only a pipeline input, output or step can be renamed here.")
    if not _NAME.fullmatch(new_name):
        raise RenameError(f"`{new_name}` is not a valid name: use letters, digits and underscores, not starting with a digit.")
    taken = {o.name for o in every if o.declaration}
    if (here.name[0], new_name) in taken:
        raise RenameError(f"This pipeline already has {here.name[0][:-1] if here.name[0] != 'jobs' else 'step'} `{new_name}`.")
    return [(o.range, new_name) for o in same]


def renamable(name: bindings.Name) -> bool:
    """Pipeline inputs, outputs and step names. A step's own input and output keys are fixed by
    its component (or by AutoML), so renaming them would break the step."""
    return len(name) == 2
