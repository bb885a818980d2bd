"""Completion inside an unfinished `${{parent...}}` binding: the names that may come next."""

from __future__ import annotations

import re
from pathlib import Path

from ..bindings import declared_pairs
from ..components import interface, local_reference
from ..document import Document
from ..nodes import Mapping, Node

_OPEN = re.compile(r"\$\{\{\s*([\w.]*)$")


def partial_at(line: str, column: int) -> tuple[list[str], int] | None:
    """Inside an unfinished `${{parent.jobs.x.ou`: (segments typed before the last dot, column
    where the last segment starts); None when the cursor is not inside a binding."""
    match = _OPEN.search(line[:column])
    if match is None:
        return None
    segments = match.group(1).split(".")
    return segments[:-1], column - len(segments[-1])


def candidates(doc: Document, before: list[str]) -> list[tuple[str, str]]:
    """(name, what it is) that may follow the segments `before` in a binding."""
    if not before:
        return [("parent", "the pipeline job")]
    root = doc.root if isinstance(doc.root, Mapping) else None
    if before[0] != "parent" or root is None:
        return []
    rest = before[1:]
    if not rest:
        return [("inputs", "inputs of the pipeline"), ("outputs", "outputs of the pipeline"), ("jobs", "steps of the pipeline")]
    jobs = root.get("jobs")
    if rest in (["inputs"], ["outputs"]):
        return _keys_of(root.get(rest[0]), f"pipeline {rest[0][:-1]}")
    if rest == ["jobs"]:
        return _keys_of(jobs, "step")
    if len(rest) == 2 and rest[0] == "jobs":
        return [("inputs", f"inputs of step {rest[1]}"), ("outputs", f"outputs of step {rest[1]}")]
    if len(rest) == 3 and rest[0] == "jobs" and rest[2] in ("inputs", "outputs") and isinstance(jobs, Mapping):
        step = jobs.get(rest[1])
        if not isinstance(step, Mapping):
            return []
        side = rest[2]
        out = _keys_of(step.get(side), f"{side[:-1]} of step {rest[1]}")
        relative = local_reference(step.get("component"))
        declared = interface(Path(doc.path).parent / relative) if relative and doc.path else None
        if declared is not None:
            seen = {name for name, _ in out}
            names = declared.inputs if side == "inputs" else declared.outputs
            out += [(n, f"{side[:-1]} of component {relative}") for n in names if n not in seen]
        return out
    return []


def _keys_of(node: Node | None, what: str) -> list[tuple[str, str]]:
    return [(p.key.text, what) for p in declared_pairs(node)]
