"""The diagnostic record every check produces, the typed facts it carries for its quick fixes,
and the fixes themselves.

Fixes are computed when the editor asks (codeAction), not carried in the diagnostic: the server
finds its own diagnostic for the document's current version, so a client that does not echo
`data` back (Vim's ALE) gets the same fixes, edits are built against the text as it is now and
for the client asking (snippet edits or plain text), and published diagnostics stay small.
`FixData` is what a check knew and a fix needs that the tree alone does not say (the suggested
spelling, the allowed values); it is sent as `data` and read back when a client echoes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
class FixData:
    replace_key: str | None = None  # the key at the range should be spelled this way
    replace_value: str | None = None  # the value at the range should be this
    choices: tuple[str, ...] = ()  # the values allowed at the range
    tag: str | None = None  # the range is the value of this discriminator key (`type`)
    best: str | None = None  # the choice the message suggests
    add_key: str | None = None  # the mapping whose key is at the range lacks this key
    expression: str | None = None  # a 2022 string expression to write as a mapping
    declare_output: tuple[str, str, str] | None = None  # (step, output, type) to declare

    def to_json(self) -> dict[str, Any] | None:
        out = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, ())}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()} or None

    @classmethod
    def from_json(cls, raw: Any) -> "FixData":
        """What a client echoed back; anything malformed is dropped, never trusted."""
        if not isinstance(raw, dict):
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = raw.get(f.name)
            if f.name in ("choices", "declare_output"):
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    if f.name == "choices" or len(value) == 3:
                        values[f.name] = tuple(value)
            elif isinstance(value, str):
                values[f.name] = value
        return cls(**values)


NO_DATA = FixData()


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    range: Range
    severity: Severity
    data: FixData = field(default=NO_DATA, compare=False, hash=False)
    # The file this diagnostic is in, when it is not the file being checked (a job's data files).
    file: str | None = None
    related: tuple[Related, ...] = ()


@dataclass(frozen=True)
class Edit:
    range: Range
    new_text: str
    snippet: str | None = None  # the same text with tab stops, for clients that take snippet edits


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def make(code: str, message: str, rng: Range, data: FixData = NO_DATA) -> Diagnostic:
    return Diagnostic(code=code, message=message, range=rng, severity=CODES[code].severity, data=data)


def make_in(file: str, code: str, message: str, rng: Range, data: FixData = NO_DATA) -> Diagnostic:
    """A diagnostic in another file than the one being checked (an MLTable, a JSONL file)."""
    return Diagnostic(code=code, message=message, range=rng, severity=CODES[code].severity, data=data, file=file)
