"""The editor-only facts of a schema node: its one `x-automl` block, read into a typed object.

JSON Schema says what a job may contain; `x-automl` adds what only this product needs: per-value
docs, doc links, where the CLI and the docs disagree, and the words of the checks that belong to
one field. Every field is described in docs/schema-extension.md, with the modules that read it;
tests/unit/test_schema_extension.py fails on a field that is unknown, undocumented or unread.
Readers ask `SchemaStore.ext(schema)`, which resolves `$ref`s first and reads each block once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Callable

KEY = "x-automl"

ENUM_CASES = ("any", "camel-to-snake")  # how the CLI folds a written enum value before comparing


class ExtensionError(ValueError):
    """An `x-automl` block that does not match the dataclasses below (a bug in a schema file)."""


@dataclass(frozen=True)
class RejectedKey:
    """A key the CLI rejects here although people write it (2022 names, doc spellings...)."""

    kind: str  # which diagnostic says so: see validator._REJECTED_KIND_CODES
    message: str
    use: str | None = None  # the key to write instead; a dotted path when it moves elsewhere


@dataclass(frozen=True)
class OneOfRequired:
    """At least one of `keys` should be set (the docs say so; the CLI does not check it)."""

    keys: tuple[str, ...]
    message: str  # placeholders: {where}, {keys}


@dataclass(frozen=True)
class ValueFormat:
    """Text that must match `pattern` (a regular expression for the whole value)."""

    pattern: str
    message: str  # placeholders: {where}, {value}


@dataclass(frozen=True)
class Skeleton:
    """The whole-file snippet an empty file offers. In `body`, `<<default>>` is a tab stop and
    `<<a|b|c>>` a choice."""

    label: str
    detail: str
    documentation: str
    body: dict[str, Any]


@dataclass(frozen=True)
class SchemaDifference:
    """How a difference from the documented annotation format is reported under this node."""

    code: str
    message: str  # placeholders: {where}, {what}


@dataclass(frozen=True)
class Extension:
    doc_url: str | None = None
    cli_note: str | None = None
    value_docs: dict[str, str] = field(default_factory=dict)
    suggested_values: tuple[Any, ...] = ()
    enum_case: str | None = None
    described_by: str | None = None
    discriminator: str | None = None
    strict: bool = False
    dump_only: bool = False
    rejected_keys: dict[str, RejectedKey] = field(default_factory=dict)
    snippet_keys: tuple[str, ...] = ()
    search_space_entry: bool = False
    silently_dropped: bool = False
    fails_at_submission: bool = False
    unsupported_for_instance_segmentation: bool = False
    value_format: ValueFormat | None = None
    one_of_required: OneOfRequired | None = None
    object_detection_values: tuple[str, ...] = ()
    binding_rejected: str | None = None  # placeholder: {where}
    accepts_bindings: bool = False
    mapping_hint: str | None = None
    produced_type: str | None = None
    skeleton: Skeleton | None = None
    mltable_load_rejects: tuple[str, ...] = ()
    rejected_values: dict[str, str] = field(default_factory=dict)
    unknown_key_note: str | None = None
    schema_difference: SchemaDifference | None = None

    @property
    def tag_key(self) -> str:
        """The key whose value picks a union's branch (`type` unless `discriminator` says otherwise)."""
        return self.discriminator or "type"


EMPTY = Extension()
FIELDS = tuple(f.name for f in fields(Extension))


def _nested(cls: type, lists: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    def build(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise ExtensionError(f"{cls.__name__} must be an object, not {raw!r}")
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ExtensionError(f"unknown field(s) of {cls.__name__}: {', '.join(sorted(unknown))}")
        return cls(**{k: tuple(v) if k in lists else v for k, v in raw.items()})

    return build


def _enum_case(raw: Any) -> str:
    if raw not in ENUM_CASES:
        raise ExtensionError(f"enum_case must be one of {', '.join(ENUM_CASES)}, not {raw!r}")
    return raw


_rejected_key = _nested(RejectedKey)
_READERS: dict[str, Callable[[Any], Any]] = {
    "suggested_values": tuple,
    "snippet_keys": tuple,
    "object_detection_values": tuple,
    "mltable_load_rejects": tuple,
    "enum_case": _enum_case,
    "rejected_keys": lambda raw: {key: _rejected_key(entry) for key, entry in raw.items()},
    "one_of_required": _nested(OneOfRequired, lists=("keys",)),
    "value_format": _nested(ValueFormat),
    "skeleton": _nested(Skeleton),
    "schema_difference": _nested(SchemaDifference),
}


def read(raw: Any) -> Extension:
    """The typed form of one `x-automl` block (EMPTY for a node without one)."""
    if not raw:
        return EMPTY
    if not isinstance(raw, dict):
        raise ExtensionError(f"{KEY} must be an object, not {raw!r}")
    unknown = set(raw) - set(FIELDS)
    if unknown:
        raise ExtensionError(f"unknown {KEY} field(s): {', '.join(sorted(unknown))}")
    return Extension(**{name: _READERS.get(name, _same)(value) for name, value in raw.items()})


def _same(value: Any) -> Any:
    return value


def fill(template: str, **values: str) -> str:
    """A message template with its `{name}` placeholders filled in (other braces stay as written,
    so messages may quote `${{...}}` bindings)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template
