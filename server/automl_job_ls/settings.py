"""User settings, from initializationOptions or workspace/configuration (section `automlJob`).

Each setting is validated on its own: a bad value is reported in one clear sentence and that
setting falls back to its default, while the others still apply.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath
from typing import Any, Sequence

from .diagnostics.codes import CODES, Severity

SECTION = "automlJob"
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "information": Severity.INFORMATION,
               "info": Severity.INFORMATION, "hint": Severity.HINT}


@dataclass
class Settings:
    job_globs: list[str] = field(default_factory=list)  # extra files to treat as jobs
    severity: dict[str, Severity] = field(default_factory=dict)  # per-code overrides
    disabled: frozenset[str] = frozenset()

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


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Settings and the problems found in them (empty when all is well)."""
    problems: list[str] = []
    if raw is None:
        return Settings(), problems
    if isinstance(raw, dict) and SECTION in raw and isinstance(raw[SECTION], dict):
        raw = raw[SECTION]
    if not isinstance(raw, dict):
        return Settings(), [f"automlJob settings must be an object, not {type(raw).__name__}; using defaults."]
    settings = Settings()

    globs = raw.get("jobGlobs", [])
    if isinstance(globs, list) and all(isinstance(g, str) for g in globs):
        settings.job_globs = list(globs)
    else:
        problems.append("automlJob.jobGlobs must be a list of glob strings; ignoring it.")

    severity = raw.get("severity", {})
    if isinstance(severity, dict):
        for code, level in severity.items():
            if code not in CODES:
                problems.append(f"automlJob.severity: unknown code {code!r}; ignoring it.")
            elif not isinstance(level, str) or level.lower() not in _SEVERITIES:
                problems.append(f"automlJob.severity.{code}: {level!r} is not one of error, warning, information, hint; ignoring it.")
            else:
                settings.severity[code] = _SEVERITIES[level.lower()]
    else:
        problems.append("automlJob.severity must be an object mapping codes to error, warning, information or hint; ignoring it.")

    disabled = raw.get("disabledCodes", [])
    if isinstance(disabled, list) and all(isinstance(c, str) for c in disabled):
        unknown = [c for c in disabled if c not in CODES]
        if unknown:
            problems.append(f"automlJob.disabledCodes: unknown code(s) {', '.join(unknown)}; ignoring them.")
        settings.disabled = frozenset(c for c in disabled if c in CODES)
    else:
        problems.append("automlJob.disabledCodes must be a list of codes such as \"AML106\"; ignoring it.")
    return settings, problems
