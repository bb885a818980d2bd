"""User settings: one typed object and its one validator, for every front end.

The editor sends the `automlJob` settings as the user wrote them (initializationOptions,
workspace/configuration, didChangeConfiguration); `check` builds the same raw mapping from its
flags. Each setting is validated on its own: a bad value becomes a `Problem` and that setting (or
that one entry of it) keeps its default, while the others still apply. A `Problem` names what is
wrong without naming where it came from, so each front end says where in its own terms: the
setting for the editor (`editor_text`), the flag for the command line (cli.py).

A hand-written validator rather than a cattrs converter: the fallback is per setting and per entry
(one bad code in `severity` drops only that code), while cattrs fails the whole object with one
ClassValidationError; every field needs a domain check (known codes, level names) of its own
anyway; and `check` would pay about 50 ms of start-up to import cattrs.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field, fields
from pathlib import PurePath, PureWindowsPath
from typing import Any, Callable, Literal, Sequence

from .diagnostics.codes import CODES, Severity

SECTION = "automlJob"

# The level names every front end accepts, in one place: Severity's own (LSP's) names, and two
# aliases people type. Case and surrounding blanks do not matter.
ALIASES = {"warn": Severity.WARNING, "info": Severity.INFORMATION}
LEVEL_NAMES = ", ".join(s.label for s in Severity)  # for help texts and messages: the aliases are a courtesy


def level(value: Any) -> Severity | None:
    """The level a name means, or None when it is not a level."""
    if not isinstance(value, str):
        return None
    name = value.strip().lower()
    return ALIASES.get(name) or next((s for s in Severity if s.label == name), None)


def not_a_level(value: Any) -> str:
    return f"{_shown(value)} is not a level ({LEVEL_NAMES})"


def code(value: Any) -> str | None:
    """The diagnostic code a string names (any case), or None."""
    if not isinstance(value, str):
        return None
    name = value.strip().upper()
    return name if name in CODES else None


def _not_a_code(value: Any) -> str:
    return f"{_shown(value)} is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md)"


def _shown(value: Any) -> str:
    """A value as the user wrote it in JSON (or on the command line), cut short if long."""
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Problem:
    """One bad value, and what is wrong with it.

    `kind` says what was dropped: "section" (the whole `automlJob` value), "name" (a key that is
    no setting), "shape" (a setting's value as a whole: it keeps its default) or "entry" (one entry
    of a setting: the others apply). `setting` is the name below `automlJob.`; `entry` the key
    inside a mapping setting (the code in `severity`); `value` what was given there (for a list
    setting, the one bad item). `reason` names neither the setting nor a flag.
    """

    kind: Literal["section", "name", "shape", "entry"]
    setting: str
    entry: str | None
    value: Any
    reason: str

    def editor_text(self) -> str:
        """The sentence the editor shows (and the server logs)."""
        if self.kind == "section":
            return f"{SECTION} settings: {self.reason}; using the defaults."
        place = f"{SECTION}.{self.setting}" + (f".{self.entry}" if self.entry is not None else "")
        return f"{place}: {self.reason}; {'using its default' if self.kind == 'shape' else 'ignoring it'}."


class _Bad(Exception):
    """The setting's value as a whole has the wrong shape: the setting keeps its default."""


Entries = list[tuple["str | None", Any, str]]  # (entry, value, reason) of the entries dropped


def _job_globs(raw: Any, dropped: Entries) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(g, str) for g in raw):
        raise _Bad('expected a list of glob strings such as ["**/train-*.yml"]')
    return [g.strip() for g in raw if g.strip()]


def _severity(raw: Any, dropped: Entries) -> dict[str, Severity]:
    if raw == []:  # Neovim sends an empty Lua table, `severity = {}`, as a JSON list
        return {}
    if not isinstance(raw, dict):
        raise _Bad('expected an object mapping codes to levels, such as { "AML105": "error" }')
    out: dict[str, Severity] = {}
    for key, value in raw.items():
        known, wanted = code(key), level(value)
        if known is None:
            dropped.append((key, value, _not_a_code(key)))
        elif wanted is None:
            dropped.append((key, value, not_a_level(value)))
        else:
            out[known] = wanted
    return out


def _disabled_codes(raw: Any, dropped: Entries) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise _Bad('expected a list of codes such as ["AML106"]')
    known = [code(c) for c in raw]
    dropped.extend((None, c, _not_a_code(c)) for c, k in zip(raw, known) if k is None)
    return frozenset(k for k in known if k is not None)


def _setting(name: str, parse: Callable[[Any, Entries], Any], default: Callable[[], Any]) -> Any:
    return field(default_factory=default, metadata={"name": name, "parse": parse})


@dataclass
class Settings:
    """Every setting the server has, declared once: its field, its name in the editor, its parser."""

    job_globs: list[str] = _setting("jobGlobs", _job_globs, list)  # extra files to treat as jobs
    severity: dict[str, Severity] = _setting("severity", _severity, dict)  # per-code levels
    disabled: frozenset[str] = _setting("disabledCodes", _disabled_codes, frozenset)

    def is_job_file(self, path: PurePath, folders: Sequence[PurePath] = ()) -> bool:
        """Whether a glob names the file: its whole path, its name, or its path inside a
        workspace folder (`jobs/*.yml`). Windows paths match case-insensitively, with either slash."""
        if not self.job_globs:
            return False
        names = [path.as_posix(), path.name]
        names += [path.relative_to(f).as_posix() for f in folders if f != path and path.is_relative_to(f)]
        globs = [g.replace("\\", "/") for g in self.job_globs]
        if isinstance(path, PureWindowsPath):
            names, globs = [n.lower() for n in names], [g.lower() for g in globs]
        return any(fnmatch.fnmatchcase(name, glob) for glob in globs for name in names)

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """None when the code is turned off."""
        if code in self.disabled:
            return None
        return self.severity.get(code, default)


NAMES = tuple(f.metadata["name"] for f in fields(Settings))


def parse_settings(raw: Any) -> tuple[Settings, list[Problem]]:
    """The settings, and the problems found in them (empty when all is well). `raw` is the
    `automlJob` section, or an object holding it; None means nothing is set."""
    if raw is None:
        return Settings(), []
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        raw = raw[SECTION]
    if not isinstance(raw, dict):
        return Settings(), [Problem("section", "", None, raw, f"expected an object, not {_shown(raw)}")]
    problems = [Problem("name", str(key), None, value, f"not a setting of automl-job-ls (they are {', '.join(NAMES)})")
                for key, value in raw.items() if key not in NAMES]
    values = {}
    for f in fields(Settings):
        name = f.metadata["name"]
        if name not in raw or raw[name] is None:  # unset: VS Code and other clients send null for it
            continue
        dropped: Entries = []
        try:
            values[f.name] = f.metadata["parse"](raw[name], dropped)
        except _Bad as bad:
            problems.append(Problem("shape", name, None, raw[name], f"{bad}, not {_shown(raw[name])}"))
        problems.extend(Problem("entry", name, entry, value, reason) for entry, value, reason in dropped)
    return Settings(**values), problems
