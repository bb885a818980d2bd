"""The rules across all lines of one MLTable's data (data-rules §b.6), and across the training
and validation data of one job (§c): empty data, missing columns, nothing left after the
skips, class label types, names that take the background's slot, merged images."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics.model import Diagnostic, make_in
from ..nodes import Position, Range
from . import jsonl
from .scan import FileScan, class_value

BACKGROUND = "--bg--"
MAX_NOTES = 20


@dataclass
class Stats:
    """What the runtime would train on: the hover's figures."""

    rows: int = 0
    images: int = 0
    background: int = 0
    objects: int = 0
    dropped_images: int = 0
    dropped_objects: int = 0
    classes: Counter = field(default_factory=Counter)  # class name (as text) -> valid objects
    files: int = 0
    partial: bool = False  # some data was not read (remote, too large, transformations not modelled)


@dataclass
class Dataset:
    scans: list[FileScan]  # one per data file, in `paths` order (a file named twice appears twice)
    stats: Stats
    diagnostics: list[Diagnostic]
    first_class: dict  # (type name, value) -> (file, line, range)
    urls: dict  # image_url -> (file, line)


def _start(file: Path) -> Range:
    return Range(Position(0, 0), Position(0, 0))


def combine(scans: list[FileScan], repeated: list[bool], label_key: str, modelled: bool, partial: bool) -> Dataset:
    stats = Stats(files=len({str(s.path) for s in scans}), partial=partial or not modelled)
    out: list[Diagnostic] = []
    first_class: dict = {}
    first_type: dict = {}
    urls: dict = {}
    for scan, again in zip(scans, repeated):
        stats.objects += scan.objects
        for key, count in scan.classes.items():
            stats.classes[_shown(class_value(key))] += count
        if again:
            continue  # the runtime reads the rows again: objects doubled, images merged
        stats.rows += scan.rows
        stats.images += scan.kept
        stats.background += scan.background
        stats.dropped_images += scan.dropped_count
        stats.dropped_objects += scan.dropped_objects
        stats.partial |= scan.too_large or scan.unreadable is not None
        for key, (line, rng) in scan.first_class.items():
            first_class.setdefault(key, (scan.path, line, rng))
        for kind, (line, rng, value) in scan.first_type.items():
            first_type.setdefault(kind, (scan.path, line, rng, value))
        for url, line in scan.urls.items():
            urls.setdefault(url, (scan.path, line))
    unique = [s for s, again in zip(scans, repeated) if not again]
    if not unique:
        return Dataset(scans, stats, out, first_class, urls)
    first = unique[0]
    has_url = sum(s.url_key_rows for s in unique)
    has_label = sum(s.label_key_rows for s in unique)
    if stats.rows == 0 and not stats.partial and not any(s.failing_lines for s in unique):
        out.append(make_in(str(first.path), "AML523",
                           "The data has no rows (no JSON object on any line): the run fails (`Image URL column 'image_url' is not present`).",
                           _start(first.path)))
        return Dataset(scans, stats, out, first_class, urls)
    if stats.rows and not has_url:
        out.append(make_in(str(first.path), "AML522",
                           "No line has an `image_url` key: the run fails (`Image URL column 'image_url' is not present in the dataset`). "
                           "The key is always `image_url`, case-sensitive.", _first_line(first)))
    else:
        for scan in unique:
            for line in scan.missing_url[:MAX_NOTES]:
                out.append(make_in(str(scan.path), "AML524",
                                   "This line has no `image_url`: the run crashes at the image download (`Some files have failed to download`).",
                                   _line(scan, line)))
    if stats.rows and not has_label:
        guess = next((s.label_guess for s in unique if s.label_guess), None)
        hint = f" The annotations are under `{guess}`: set `target_column_name: {guess}` in the job, or rename the key." if guess and guess != label_key else ""
        out.append(make_in(str(first.path), "AML526",
                           f"No line has the label column `{label_key}` (the job's `target_column_name`): the run fails "
                           f"(`No labels found to initialize dataset`).{hint}", _first_line(first)))
    else:
        for scan in unique:
            for line in scan.missing_label[:MAX_NOTES]:
                out.append(make_in(str(scan.path), "AML527",
                                   f"This line has no `{label_key}` key: the runtime drops this image (`Error in annotations. Skipping image`).",
                                   _line(scan, line)))
    if modelled and has_url and has_label and not stats.partial:
        if stats.images == 0:
            out.append(make_in(str(first.path), "AML536",
                               f"Every image would be dropped ({stats.dropped_images} of {stats.rows}): the run fails (`All annotations provided are ill-formed`).",
                               _first_line(first)))
        elif stats.objects == 0:
            out.append(make_in(str(first.path), "AML537",
                               "No image has an object (every `label` list is empty): the run fails (`No objects in dataset`).",
                               _first_line(first)))
    out += _class_rules(first_type, first_class)
    for scan in unique:
        for line, first_line, url in scan.duplicate_urls[:MAX_NOTES]:
            out.append(make_in(str(scan.path), "AML540",
                               f"The same `image_url` as line {first_line + 1}: the runtime merges both lines into one image with all their objects.",
                               _value(scan, line, "image_url")))
    return Dataset(scans, stats, out, first_class, urls)


def _class_rules(first_type: dict, first_class: dict) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    kinds = list(first_type)
    if len(kinds) > 1:
        # The first type met sets the expectation; the first value of another type is the culprit.
        order = sorted(first_type.values(), key=lambda v: (str(v[0]), v[1]))
        base = type(order[0][3]).__name__
        culprit = next(v for v in order if type(v[3]).__name__ != base)
        out.append(make_in(str(culprit[0]), "AML533",
                           f"The class `{_shown(culprit[3])}` is {_type_words(culprit[3])}, but earlier classes are {_plural(order[0][3])}: "
                           "the run fails (`More than one type found for the class field`). Write every class name as a string.",
                           culprit[2]))
    elif kinds and kinds[0] in ("int", "bool"):
        file, line, rng, value = first_type[kinds[0]]
        out.append(make_in(str(file), "AML534",
                           f"The class labels are {_plural(value)} (`{_shown(value)}`): the run crashes sorting them with the background "
                           "class `--bg--` (`TypeError: '<' not supported`). Write class names as strings, e.g. `\"1\"`.",
                           rng))
    notes = 0
    for key, (file, line, rng) in sorted(first_class.items(), key=lambda item: (str(item[1][0]), item[1][1])):
        if key.__class__ is not str or notes >= MAX_NOTES:
            continue
        value = key
        if value == BACKGROUND:
            out.append(make_in(str(file), "AML535",
                               "A class named `--bg--` duplicates the background class the runtime adds: the model gets one class too many.", rng))
            notes += 1
        elif value < BACKGROUND:
            out.append(make_in(str(file), "AML535",
                               f"The class `{value}` sorts before `--bg--` (it starts with a space or one of !\"#$%&'()*+,-): it takes the "
                               "background's index 0, so this class and the background are confused. Rename it.", rng))
            notes += 1
    return out


def compare(training: Dataset, validation: Dataset) -> list[Diagnostic]:
    """(c)2: classes only in one of the two; images in both."""
    out: list[Diagnostic] = []
    if training.stats.partial or validation.stats.partial:
        return out
    train_classes = {key for key in training.first_class}
    valid_classes = {key for key in validation.first_class}
    for key in sorted(valid_classes - train_classes, key=str)[:MAX_NOTES]:
        file, line, rng = validation.first_class[key]
        out.append(make_in(str(file), "AML541",
                           f"The class `{_shown(class_value(key))}` is only in the validation data: the model gets a class it never trains on, "
                           "and validation scores it as missed.", rng))
    for key in sorted(train_classes - valid_classes, key=str)[:MAX_NOTES]:
        file, line, rng = training.first_class[key]
        out.append(make_in(str(file), "AML542",
                           f"The class `{_shown(class_value(key))}` is only in the training data: validation never measures it.", rng))
    shared = [url for url in validation.urls if url in training.urls]
    for url in shared[:MAX_NOTES]:
        file, line = validation.urls[url]
        t_file, t_line = training.urls[url]
        scan = next(s for s in validation.scans if s.path == file)
        out.append(make_in(str(file), "AML543",
                           f"This image is also in the training data ({t_file.name} line {t_line + 1}): validation scores look better than they are.",
                           _value(scan, line, "image_url")))
    return out


def _shown(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _plural(value) -> str:
    return {bool: "booleans", int: "integers", str: "strings"}.get(type(value), "numbers")


def _type_words(value) -> str:
    return {bool: "a boolean", int: "an integer", str: "a string"}.get(type(value), "a number")


def _first_line(scan: FileScan) -> Range:
    if scan.first_row is None:
        return Range(Position(0, 0), Position(0, 0))
    return _line(scan, scan.first_row)


def _line(scan: FileScan, line: int) -> Range:
    text = scan.line_texts.get(line, "")
    return Range(Position(line, 0), Position(line, len(text)))


def _value(scan: FileScan, line: int, key: str) -> Range:
    text = scan.line_texts.get(line)
    span = jsonl.locate(text, (key,)) if text else None
    if span is None:
        return _line(scan, line)
    return Range(Position(line, span[0]), Position(line, span[1]))
