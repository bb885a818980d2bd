"""Which data a job names, and where it lies on disk.

Sources: `training_data` / `validation_data` of a standalone job, and in a pipeline the
`type: mltable` inputs bound to our step with `${{parent.inputs.NAME}}` (or a step's own
`path:`). Remote references (`azureml:name:version`, `azureml://...`, `https://...`) are never
read. Local paths are resolved from the job file's folder, the way `az ml job create` does when it
runs there (it resolves them against the current directory); reads stay inside the allowed roots.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..nodes import Mapping, Range, Scalar, scalar_str

ROLES = ("training_data", "validation_data")
_PARENT_INPUT = re.compile(r"^\s*\$\{\{\s*parent\.inputs\.([A-Za-z_][\w]*)\s*\}\}\s*$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class DataRef:
    """One data input of one AutoML job in the file."""

    role: str  # training_data or validation_data
    key: Range  # the `training_data` key in the job (hover)
    value: Scalar  # the `path:` value (the summary diagnostic and the link go here)
    text: str  # the path as written
    label_column: str  # the job's target_column_name: the JSONL key of the annotations
    job: str  # "" for a standalone job, else the step name

    @property
    def remote(self) -> bool:
        return is_remote(self.text)


def is_remote(text: str) -> bool:
    """True for references `az ml job create` passes on without reading: data assets,
    datastore and web URIs. A Windows drive path is local; `file://` URIs are local."""
    text = text.strip()
    if text.startswith("file://") or _WINDOWS_ABSOLUTE.match(text):
        return False
    if _URI.match(text) or text.startswith("azureml:"):
        return True
    # The SDK treats any other path with `:` or `@` as a data asset reference.
    return ":" in text or "@" in text


def local_path(text: str) -> str:
    text = text.strip()
    if text.startswith("file://"):
        text = text[len("file://"):]
    elif text.startswith("file:"):
        text = text[len("file:"):]
    return text


def references(doc: Document) -> list[DataRef]:
    if not doc.is_ours or not isinstance(doc.root, Mapping):
        return []
    out: list[DataRef] = []
    seen: set[tuple[int, str]] = set()
    for job in doc.jobs:
        label = scalar_str(job.mapping.get("target_column_name"))
        label_column = label if label is not None else "label"
        step = str(job.path[1]) if job.in_pipeline else ""
        for role in ROLES:
            pair = job.mapping.pair(role)
            if pair is None:
                continue
            target = _path_node(doc, pair.value, job.in_pipeline)
            if target is None or (id(target), label_column) in seen:
                continue
            seen.add((id(target), label_column))
            out.append(DataRef(role, pair.key.range, target, target.text, label_column, step))
    return out


def _path_node(doc: Document, value, in_pipeline: bool) -> Scalar | None:
    """The `path:` scalar a data input names, following `${{parent.inputs.X}}` in a pipeline."""
    if in_pipeline and isinstance(value, Scalar) and isinstance(doc.root, Mapping):
        match = _PARENT_INPUT.match(value.text)
        inputs = doc.root.get("inputs")
        if not match or not isinstance(inputs, Mapping):
            return None
        value = inputs.get(match.group(1))
        if not isinstance(value, Mapping):
            return None
        kind = scalar_str(value.get("type"))
        if kind is not None and kind.lower() != "mltable":
            return None
    if not isinstance(value, Mapping):
        return None
    path = value.get("path")
    text = scalar_str(path)
    if not isinstance(path, Scalar) or text is None or not text.strip() or "${{" in text:
        return None
    return path


@dataclass(frozen=True)
class Resolved:
    path: Path | None  # the folder (or file) the job names, None when not found
    from_root: Path | None = None  # found only relative to this workspace root (the CWD pitfall)
    outside: bool = False  # found, but outside every allowed root: not read


def resolve(text: str, job_file: Path | None, roots: list[Path]) -> Resolved:
    """Where `text` lies: from the job file's folder first, then from each workspace root."""
    raw = local_path(text)
    candidates: list[tuple[Path, Path | None]] = []
    if os.path.isabs(raw) or _WINDOWS_ABSOLUTE.match(raw):
        candidates.append((Path(raw), None))
    else:
        if job_file is not None:
            candidates.append((Path(os.path.normpath(job_file.parent / raw)), None))
        for root in roots:
            candidates.append((Path(os.path.normpath(root / raw)), root))
    allowed = [*roots] + ([job_file.parent] if job_file is not None else [])
    for candidate, root in candidates:
        if candidate.exists():
            if not inside_any(candidate, allowed):
                return Resolved(candidate, outside=True)
            if root is not None and job_file is not None and root == job_file.parent:
                root = None
            return Resolved(candidate, from_root=root)
    return Resolved(None)


def inside_any(path: Path, roots: list[Path]) -> bool:
    """True when `path` (symlinks followed) lies inside one of `roots`."""
    try:
        real = os.path.realpath(path)
    except OSError:
        return False
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False
