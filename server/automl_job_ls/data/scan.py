"""One JSONL file, line by line: the per-line rules, and what the dataset rules need from it.

Reads stream (constant memory beyond the figures kept per image), stop at caps, and place every
problem on its line and value. Results are cached by the caller (see check.py).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..diagnostics.model import Diagnostic, make_in
from ..nodes import Position, Range
from . import jsonl
from .annotations import Finding, check_row, schema_findings

MAX_FILE_BYTES = 4_000_000_000
MAX_DIAGNOSTICS = 1000  # per file; the rest are counted in one AML544 note
MAX_EXAMPLES = 50


@dataclass
class FileScan:
    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    line_texts: dict[int, str] = field(default_factory=dict)  # the lines that carry diagnostics
    lines: int = 0
    rows: int = 0  # JSON objects inside the take/skip window
    rows_before: int = 0  # JSON objects before the window starts
    kept: int = 0  # images the runtime keeps
    background: int = 0  # kept images without objects
    objects: int = 0  # valid objects of kept images
    dropped_objects: int = 0
    dropped_images: list[tuple[int, str]] = field(default_factory=list)  # (line, why), the first MAX_EXAMPLES
    dropped_count: int = 0
    classes: Counter = field(default_factory=Counter)  # class key (see class_value) -> valid objects
    first_class: dict = field(default_factory=dict)  # class key -> (line, range)
    first_type: dict = field(default_factory=dict)  # class type name -> (line, range, value)
    url_key_rows: int = 0
    label_key_rows: int = 0
    missing_url: list[int] = field(default_factory=list)
    missing_label: list[int] = field(default_factory=list)
    label_guess: str | None = None  # a key that holds the annotations when the label column is absent
    urls: dict = field(default_factory=dict)  # image_url -> first line
    duplicate_urls: list[tuple[int, int, str]] = field(default_factory=list)  # (line, first line, url)
    first_row: int | None = None  # line of the first JSON object
    failing_lines: int = 0  # lines that fail the run (invalid_lines: error)
    suppressed: int = 0
    too_large: bool = False
    unreadable: str | None = None

    def add(self, d: Diagnostic, line: int, text: str) -> None:
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            self.suppressed += 1
            return
        self.diagnostics.append(d)
        if len(text) <= 100_000:
            self.line_texts[line] = text


def class_value(key):
    """The class a `classes` key stands for: strings are their own key, others (type, value)."""
    return key if key.__class__ is str else key[1]


def scan_file(path: Path, codec: str, label_key: str, invalid_lines: str, window: tuple[int, int | None],
              text: str | None = None) -> FileScan:
    """Check one data file (or `text`, its open editor buffer). `window` is the [start, end) of
    rows this file contributes after take/skip, counted from its own first row."""
    scan = FileScan(path)
    if text is None:
        try:
            size = os.path.getsize(path)
        except OSError as exc:
            scan.unreadable = exc.strerror or str(exc)
            return scan
        if size > MAX_FILE_BYTES:
            scan.too_large = True
            scan.diagnostics.append(make_in(str(path), "AML544", f"This file is over {MAX_FILE_BYTES // 1_000_000_000} GB: its lines are not checked.", _line_range(0, "")))
            return scan
        if codec == "utf-16" and _looks_utf8(path):
            scan.diagnostics.append(make_in(
                str(path), "AML520",
                "The MLTable reads this file as UTF-16, but it is UTF-8 text: every line fails to parse and the run fails "
                "(`ParseJsonFailure`). Set `encoding: utf8` in the MLTable.", _line_range(0, "")))
            scan.unreadable = "UTF-8 text read as UTF-16"
            return scan
        lines: Iterable[str] = jsonl.read_lines(str(path), codec)
    else:
        lines = jsonl.text_lines(text)
    try:
        _scan(scan, lines, label_key, invalid_lines, window)
    except OSError as exc:
        scan.unreadable = exc.strerror or str(exc)
    if scan.suppressed:
        scan.diagnostics.append(make_in(str(path), "AML544", f"{scan.suppressed} more problem(s) in this file are not listed.", _line_range(0, "")))
    return scan


def _looks_utf8(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" not in head


def _line_range(line: int, text: str) -> Range:
    return Range(Position(line, 0), Position(line, len(text)))


def _scan(scan: FileScan, lines: Iterable[str], label_key: str, invalid_lines: str, window: tuple[int, int | None]) -> None:
    """The hot loop: counters live in locals and go back to `scan` at the end."""
    start, end = window
    file = str(scan.path)
    raw_decode, loads = jsonl.raw_decode, jsonl.loads
    drop = invalid_lines == "drop"
    row_index = -1
    classes = scan.classes
    first_class = scan.first_class
    urls = scan.urls
    number = -1
    rows = kept = background = objects = dropped_count = dropped_objects = url_rows = label_rows = 0
    for number, text in enumerate(lines):  # noqa: B007 - number is read after the loop
        try:
            row, stop = raw_decode(text)
            if stop != len(text) and not text[stop:].isspace():
                raise ValueError("extra data")
        except (ValueError, RecursionError):
            if not text or text.isspace():
                continue  # blank lines are skipped, as rslex does
            if len(text) > jsonl.MAX_LINE_CHARS:
                scan.add(make_in(file, "AML544", f"This line has {len(text):,} characters: it is not checked.", _line_range(number, "")), number, "")
                continue
            try:
                row = loads(text)  # leading spaces are fine; anything else is a bad line
            except (ValueError, RecursionError):
                row = None
        if row.__class__ is not dict:
            _bad_line(scan, file, number, text, drop)
            continue
        row_index += 1
        if row_index < start:
            scan.rows_before += 1
            continue
        if end is not None and row_index >= end:
            break
        rows += 1
        if scan.first_row is None:
            scan.first_row = number
            scan.line_texts[number] = text
        has_url, has_labels, is_kept, row_classes, row_dropped, findings, conforms = check_row(
            row, label_key, "true" in text or "false" in text)
        if has_url:
            url_rows += 1
        else:
            scan.missing_url.append(number)
            _keep(scan, number, text)
        if has_labels:
            label_rows += 1
        else:
            scan.missing_label.append(number)
            _keep(scan, number, text)
            if scan.label_guess is None:
                scan.label_guess = _annotations_key(row)
        if not conforms:
            findings = findings + schema_findings(row, label_key, findings)
        if findings:
            for finding in findings:
                _place(scan, file, number, text, finding)
        url = row.get("image_url")
        if url.__class__ is str:
            first = urls.setdefault(url, number)
            if first != number and len(scan.duplicate_urls) < MAX_EXAMPLES:
                scan.duplicate_urls.append((number, first, url))
                _keep(scan, number, text)
        if not has_labels:
            continue
        dropped_objects += row_dropped
        if not is_kept:
            dropped_count += 1
            if len(scan.dropped_images) < MAX_EXAMPLES:
                why = next((f.message for f in findings if f.code in _DROPPING), "its annotations cannot be read")
                scan.dropped_images.append((number, why))
            continue
        kept += 1
        if not row_classes:
            background += 1
            continue
        objects += len(row_classes)
        for value in row_classes:
            # String classes are keyed by themselves (the common case, and fast); others by
            # (type, value), so that 1, true and "1" stay three classes.
            key = value if value.__class__ is str else (type(value).__name__, value)
            classes[key] += 1
            if key not in first_class:
                first_class[key] = (number, _class_range(text, number, label_key, row, value))
                scan.line_texts.setdefault(number, text)
                kind = type(value).__name__
                if kind not in scan.first_type:
                    scan.first_type[kind] = (number, first_class[key][1], value)
    scan.lines = number + 1
    scan.rows, scan.kept, scan.background, scan.objects = rows, kept, background, objects
    scan.dropped_count, scan.dropped_objects, scan.url_key_rows, scan.label_key_rows = dropped_count, dropped_objects, url_rows, label_rows


def _keep(scan: FileScan, number: int, text: str) -> None:
    if len(scan.line_texts) < 2 * MAX_DIAGNOSTICS and len(text) <= 100_000:
        scan.line_texts.setdefault(number, text)


_DROPPING = ("AML527", "AML528", "AML529", "AML531")


def _bad_line(scan: FileScan, file: str, number: int, text: str, drop: bool) -> None:
    why = jsonl.parse_error(text)
    shown = text if len(text) <= 40 else text[:37] + "..."
    if drop:
        message = f"Line {number + 1} is not a JSON object ({why}): `invalid_lines: drop` silently leaves it out, so this image is not trained on."
        code = "AML521"
    else:
        message = (f"Line {number + 1} is not a JSON object ({why}): the run fails (`ParseJsonFailure`, quoting `{shown}` "
                   "but not its line number). Each line must be one complete JSON object.")
        code = "AML520"
        scan.failing_lines += 1
    scan.add(make_in(file, code, message, _line_range(number, text)), number, text)


def _place(scan: FileScan, file: str, number: int, text: str, finding: Finding) -> None:
    span = None
    if finding.path:
        span = jsonl.locate_key(text, finding.path) if finding.on_key else jsonl.locate(text, finding.path)
        if span is None and finding.on_key:
            span = jsonl.locate(text, finding.path)
        if span is None:  # a missing key: point at its object
            parent = finding.path[:-1]
            span = jsonl.locate(text, parent) if parent else None
    if span is None:
        span = (0, len(text))
    scan.add(make_in(file, finding.code, finding.message, Range(Position(number, span[0]), Position(number, span[1]))), number, text)


def _class_range(text: str, number: int, label_key: str, row: dict, value) -> Range:
    for index, obj in enumerate(row.get(label_key) or ()):
        if isinstance(obj, dict) and obj.get("label") == value and type(obj.get("label")) is type(value):
            span = jsonl.locate(text, (label_key, index, "label"))
            if span:
                return Range(Position(number, span[0]), Position(number, span[1]))
    return _line_range(number, text)


def _annotations_key(row: dict) -> str | None:
    for key, value in row.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and ("polygon" in value[0] or "label" in value[0]):
            return key
    return None
