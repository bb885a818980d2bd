"""What the job file shows about its data: one diagnostic on `path:` that sums up the data's
problems (with a link to each culprit line), and the figures the hover on `training_data` shows.

Built after the user's severity settings are applied to the data diagnostics, so a code the
user turned off is neither counted nor listed.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics.codes import Severity
from ..diagnostics.model import Diagnostic, Related
from .check import DataReport

MAX_RELATED = 50
MAX_LISTED = 3


def summary(report: DataReport, kept: list[Diagnostic]) -> Diagnostic | None:
    """AML500 on the job's `path:` value, at the level of the worst problem; None when the data
    has no warning or error. `kept` are the report's data-file diagnostics after the settings."""
    serious = [d for d in kept if d.file is not None and d.severity <= Severity.WARNING]
    if not serious:
        return None
    serious.sort(key=lambda d: (d.severity, d.file != _mltable(report), d.file, d.range.start))
    worst = serious[0].severity
    stats = report.dataset.stats if report.dataset else None
    listed = "; ".join(_item(report, d) for d in serious[:MAX_LISTED])
    more = f"; and {len(serious) - MAX_LISTED} more" if len(serious) > MAX_LISTED else ""
    name = "validation data" if report.ref.role == "validation_data" else "training data"
    if worst == Severity.ERROR:
        head = f"The {name} would fail the run"
    elif stats and stats.dropped_images:
        head = f"{stats.dropped_images} of {stats.rows} images would be dropped"
    elif stats and stats.dropped_objects:
        head = f"{stats.dropped_objects} object(s) would be dropped"
    else:
        head = f"{len(serious)} problem(s) in the {name}"
    related = tuple(Related(d.file, d.range, d.message) for d in serious[:MAX_RELATED])
    return Diagnostic(code="AML500", message=f"{head}: {listed}{more}.", range=report.ref.value.range,
                      severity=worst, related=related)


def _mltable(report: DataReport) -> str | None:
    return str(report.mltable.file) if report.mltable else None


def _item(report: DataReport, d: Diagnostic) -> str:
    name = _relative(report, d.file)
    sentence = _first_clause(d.message)
    if len(sentence) > 120:
        sentence = sentence[:117].rstrip() + "..."
    return f"{name} line {d.range.start.line + 1}, {_lower_first(sentence)}"


def _first_clause(message: str) -> str:
    """The message up to its first `: ` outside backticks (what is wrong, before what it causes)."""
    quoted = False
    for i, ch in enumerate(message):
        if ch == "`":
            quoted = not quoted
        elif ch == ":" and not quoted and message[i + 1 : i + 2] == " ":
            return message[:i]
    return message.rstrip(".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _relative(report: DataReport, file: str | None) -> str:
    if file is None:
        return ""
    if report.folder is not None:
        try:
            return os.path.relpath(file, report.folder).replace(os.sep, "/")
        except ValueError:
            pass
    return Path(file).name


def hover_text(report: DataReport, markdown: bool) -> str:
    """The figures of one data input: images, objects, classes, what would be dropped."""
    code = (lambda s: f"`{s}`") if markdown else (lambda s: s)
    title = f"**{report.ref.role}**: {code(report.ref.text)}" if markdown else f"{report.ref.role}: {report.ref.text}"
    lines = [title, ""]
    if report.dataset is None:
        reasons = [d.message for d in report.diagnostics if d.file is None]
        if report.missing:
            reasons.append(f"{code(report.ref.text)} does not exist next to this job file, so its data is not checked. "
                           "`az ml job create` resolves it against the folder it runs in, and fails where it does not exist.")
        if report.mltable is not None and not report.mltable.reads_json_lines:
            reasons.append("The MLTable does not read JSON lines, so no annotation was read.")
        lines.append(reasons[0] if reasons else "No annotations were read.")
        return "\n".join(lines)
    stats = report.dataset.stats
    files = len({str(s.path) for s in report.dataset.scans})
    lines.append(f"{stats.images} image(s) kept of {stats.rows} in {files} JSONL file(s)"
                 + (f", {stats.background} of them background" if stats.background else ""))
    lines.append(f"{stats.objects} object(s) in {len(stats.classes)} class(es)")
    if stats.classes:
        ordered = sorted(stats.classes.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{code(name)} {count}" for name, count in ordered[:20])
        lines.append(("- " if markdown else "") + shown + (f", and {len(ordered) - 20} more" if len(ordered) > 20 else ""))
    if stats.dropped_images or stats.dropped_objects:
        lines.append(f"Would be dropped: {stats.dropped_images} image(s), {stats.dropped_objects} object(s)")
    errors = sum(1 for d in report.diagnostics if d.severity == Severity.ERROR)
    if errors:
        lines.append(f"{errors} problem(s) would fail the run")
    if stats.partial:
        lines.append("Partial: some of the data was not read (see the notes on the MLTable).")
    return "\n".join(lines if not markdown else [lines[0], ""] + [line + "  " for line in lines[2:]])
