"""The output formats of `check`: text, JSON, GitHub workflow commands and SARIF 2.1.0.

Each format writes a list of findings: a diagnostic and the file it is in. That file is usually the
job file checked, but a diagnostic may name its own (a data file the job points at), so no
format assumes one file per job. Columns are code points, as inside the product.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Callable, TextIO
from urllib.parse import quote

from . import __version__
from .diagnostics.codes import CODES, Severity

if TYPE_CHECKING:
    from .diagnostics.model import Diagnostic, Related
    from .nodes import Range

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


@dataclass(frozen=True)
class Finding:
    path: PurePath  # written the way the job's path was given; Windows paths on Windows
    diagnostic: Diagnostic
    related: tuple[Related, ...] = ()  # their files written the same way


def shown_path(checked: Path, file: str | None) -> Path:
    """Where a diagnostic is: its own file (an MLTable, a JSONL file) or the job checked, written
    the way the job's path was given (relative to the current directory, or absolute)."""
    if file is None:
        return checked
    if checked.is_absolute():
        return Path(file)
    try:
        return Path(os.path.relpath(file))
    except ValueError:  # another drive on Windows
        return Path(file)


def finding(checked: Path, d: Diagnostic) -> Finding:
    related = tuple(replace(r, file=str(shown_path(checked, r.file))) for r in d.related)
    return Finding(shown_path(checked, d.file), d, related)


def write(findings: list[Finding], fmt: str, out: TextIO) -> None:
    WRITERS[fmt](findings, out)


# -- text and JSON ------------------------------------------------------------------------------------
def _text(findings: list[Finding], out: TextIO) -> None:
    for f in findings:
        start = f.diagnostic.range.start
        print(f"{f.path}:{start.line + 1}:{start.character + 1}: {f.diagnostic.severity.label}[{f.diagnostic.code}] "
              f"{f.diagnostic.message}", file=out)


def _json_range(r: Range) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character}, "end": {"line": r.end.line, "character": r.end.character}}


def _json(findings: list[Finding], out: TextIO) -> None:
    items = []
    for f in findings:
        d = f.diagnostic
        item = {"path": str(f.path), "range": _json_range(d.range), "severity": d.severity.label, "code": d.code, "message": d.message}
        if f.related:
            item["related"] = [{"path": r.file, "range": _json_range(r.range), "message": r.message} for r in f.related]
        items.append(item)
    json.dump(items, out, indent=2, ensure_ascii=False)
    out.write("\n")


# -- GitHub Actions workflow commands -------------------------------------------------------------------
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "notice", Severity.HINT: "notice"}


def github_data(text: str) -> str:
    """A command's message, escaped as GitHub's toolkit does (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A command's property value: also `:` and `,`, which separate the properties."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(findings: list[Finding], out: TextIO) -> None:
    for f in findings:
        d, r = f.diagnostic, f.diagnostic.range
        properties = {
            "file": f.path.as_posix(),
            "line": r.start.line + 1,
            "col": r.start.character + 1,
            "endLine": r.end.line + 1,
            "endColumn": r.end.character + 1,  # one past the last character, as in SARIF
            "title": d.code,
        }
        joined = ",".join(f"{k}={github_property(str(v))}" for k, v in properties.items())
        print(f"::{_GITHUB_LEVEL[d.severity]} {joined}::{github_data(d.message)}", file=out)


# -- SARIF 2.1.0 ----------------------------------------------------------------------------------------
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "note", Severity.HINT: "note"}


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").replace("`", "")


def sarif_log(findings: list[Finding]) -> dict:
    codes = sorted(CODES)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for name in codes:
        code = CODES[name]
        rules.append({
            "id": name,
            "shortDescription": {"text": code.title},
            "fullDescription": {"text": _plain(code.help)},
            "help": {"text": _plain(code.help), "markdown": code.help},
            "defaultConfiguration": {"level": _SARIF_LEVEL[code.severity]},
        })
    results = []
    for f in findings:
        d = f.diagnostic
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": _physical(f.path, d.range)}],
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical(Path(r.file), r.range), "message": {"text": r.message}}
                for i, r in enumerate(f.related)
            ]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "automl-job-ls", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _physical(path: PurePath, r: Range) -> dict:
    region = {"startLine": r.start.line + 1, "startColumn": r.start.character + 1, "endLine": r.end.line + 1, "endColumn": r.end.character + 1}
    return {"artifactLocation": {"uri": _artifact_uri(path)}, "region": region}


def _artifact_uri(path: PurePath) -> str:
    # Relative paths stay relative (code scanning resolves them against the repository root).
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _sarif(findings: list[Finding], out: TextIO) -> None:
    json.dump(sarif_log(findings), out, indent=2, ensure_ascii=False)
    out.write("\n")


# One per `check --format` choice (cli.FORMATS).
WRITERS: dict[str, Callable[[list[Finding], TextIO], None]] = {
    "text": _text, "json": _json, "github": _github, "sarif": _sarif,
}
