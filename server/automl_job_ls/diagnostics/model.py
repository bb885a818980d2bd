"""The diagnostic record every check produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..nodes import Range
from .codes import CODES, Severity


@dataclass(frozen=True)
class Related:
    """Another place that explains a diagnostic (LSP relatedInformation)."""

    file: str
    range: Range
    message: str


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    range: Range
    severity: Severity
    # Facts for quick fixes (e.g. {"replace_key": "box_detections_per_image"}).
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # The file this diagnostic is in, when it is not the file being checked (a job's data files).
    file: str | None = None
    related: tuple[Related, ...] = ()


def make(code: str, message: str, rng: Range, **data: Any) -> Diagnostic:
    return Diagnostic(code=code, message=message, range=rng, severity=CODES[code].severity, data=data)


def make_in(file: str, code: str, message: str, rng: Range, **data: Any) -> Diagnostic:
    """A diagnostic in another file than the one being checked (an MLTable, a JSONL file)."""
    return Diagnostic(code=code, message=message, range=rng, severity=CODES[code].severity, data=data, file=file)
