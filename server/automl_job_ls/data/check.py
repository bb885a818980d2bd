"""One job's data, end to end: each data input's folder, its MLTable, its JSONL files, and the
rules across training and validation. Files are read at most once per (path, size, mtime):
re-checking a job after an edit of the job itself costs a few `stat` calls.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping as MappingType

from ..diagnostics.model import Diagnostic, make
from ..document import Document
from . import locations
from .dataset import Dataset, combine, compare
from .locations import DataRef
from .mltable import NAME, MLTableResult, check_mltable
from .scan import FileScan, scan_file


@dataclass
class DataReport:
    ref: DataRef | None  # None for a data folder checked on its own (an MLTable or JSONL open in the editor)
    folder: Path | None = None
    mltable: MLTableResult | None = None
    dataset: Dataset | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)  # file None: on the job's `path:` value
    line_texts: dict[str, dict[int, str]] = field(default_factory=dict)  # data file -> line -> text
    watched: list[Path] = field(default_factory=list)  # the files whose change makes this report stale
    missing: bool = False  # the local folder does not exist: nothing was checked

    @property
    def files(self) -> list[Path]:
        return [f.path for f in self.mltable.files] if self.mltable else []


class _Cache:
    """Results by (real path, size, mtime) plus the options that change them; least recently used out."""

    def __init__(self, limit: int):
        self.limit = limit
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, path: Path, options: tuple, compute: Callable[[], object]):
        try:
            info = os.stat(path)
        except OSError:
            return compute()
        key = (os.path.realpath(path), info.st_size, info.st_mtime_ns, options)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = compute()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.limit:
                self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_mltables = _Cache(64)
_scans = _Cache(16)


def forget_cached() -> None:
    _mltables.clear()
    _scans.clear()


def check_job_data(doc: Document, job_file: Path | None, roots: list[Path],
                   open_texts: MappingType[str, str] | None = None) -> list[DataReport]:
    """A report for each data input of each AutoML job in `doc`. `open_texts` holds the editor
    buffers of open MLTable and JSONL files (by path), which win over the disk."""
    open_texts = open_texts or {}
    reports = [_report(ref, job_file, roots, open_texts) for ref in locations.references(doc)]
    by_job: dict[str, dict[str, DataReport]] = {}
    for report in reports:
        by_job.setdefault(report.ref.job, {})[report.ref.role] = report
    for roles in by_job.values():
        train, valid = roles.get("training_data"), roles.get("validation_data")
        if train and valid and train.dataset and valid.dataset and train.folder != valid.folder:
            extra = compare(train.dataset, valid.dataset)
            valid.diagnostics += [d for d in extra if d.code in ("AML541", "AML543")]
            train.diagnostics += [d for d in extra if d.code == "AML542"]
            for d in extra:
                target = valid if d.code != "AML542" else train
                _texts(target, d.file, target.dataset.scans)
    return reports


def _report(ref: DataRef, job_file: Path | None, roots: list[Path], open_texts: MappingType[str, str]) -> DataReport:
    report = DataReport(ref)
    rng = ref.value.range
    if ref.remote:
        report.diagnostics.append(make("AML517", f"`{_short(ref.text)}` is read on the workspace: the data check reads only local MLTable folders.", rng))
        return report
    found = locations.resolve(ref.text, job_file, roots)
    if found.path is None:
        # No diagnostic: data is often prepared by a script before submission. The hover and
        # `check` say it was not checked.
        report.missing = True
        return report
    if found.outside:
        report.diagnostics.append(make("AML517", f"`{_short(ref.text)}` lies outside the workspace: not read.", rng))
        return report
    if found.from_root is not None:
        report.diagnostics.append(make(
            "AML518",
            f"`{_short(ref.text)}` exists under the workspace folder, not next to this job file. `az ml job create` resolves "
            "a relative path against the folder it runs in, not the job file's: it finds this data only when run from "
            f"`{found.from_root}`. Write the path relative to the job file to make it work from its folder.",
            rng,
        ))
    folder = found.path
    if folder.is_file():
        report.diagnostics.append(make(
            "AML502",
            f"`{_short(ref.text)}` is a file: a `type: mltable` input is the folder that holds the `MLTable` file, and the run "
            "fails (`Not able to find MLTable file`).",
            rng,
        ))
        return report
    if str(folder / NAME) not in open_texts and not (folder / NAME).is_file():
        report.folder = folder
        report.watched.append(folder / NAME)
        report.diagnostics.append(make(
            "AML502",
            f"`{_short(ref.text)}` has no `MLTable` file: the run fails (`Not able to find MLTable file`). "
            "`az ml job create` does not check this before it uploads the folder.",
            rng,
        ))
        return report
    return _folder(report, folder, ref.label_column, open_texts)


def check_folder(folder: Path, label_column: str = "label", open_texts: MappingType[str, str] | None = None) -> DataReport:
    """An MLTable folder on its own (no job): what an open MLTable or JSONL file shows."""
    return _folder(DataReport(None), folder, label_column, open_texts or {})


def check_lone_file(path: Path, label_column: str = "label", text: str | None = None) -> DataReport:
    """A JSONL file that no MLTable names, read with the defaults (UTF-8, `invalid_lines: error`)."""
    report = DataReport(None, folder=path.parent, watched=[path])
    scan = scan_file(path, "utf-8-sig", label_column, "error", (0, None), text=text)
    report.diagnostics += scan.diagnostics
    report.line_texts[str(path)] = scan.line_texts
    report.dataset = combine([scan], [False], label_column, True, False)
    report.diagnostics += report.dataset.diagnostics
    return report


def _folder(report: DataReport, folder: Path, label_column: str, open_texts: MappingType[str, str]) -> DataReport:
    report.folder = folder
    report.watched.append(folder / NAME)
    mltable_file = folder / NAME
    text = open_texts.get(str(mltable_file))
    if text is None and not mltable_file.is_file():
        return report
    if text is not None:
        result = check_mltable(folder, text)
    else:
        result = _mltables.get(mltable_file, (), lambda: check_mltable(folder))
    report.mltable = result
    report.diagnostics += result.diagnostics
    report.watched += [f.path for f in result.files]
    if not result.reads_json_lines:
        return report
    scans: list[FileScan] = []
    repeated: list[bool] = []
    start, end = result.window
    offset = 0
    done: dict[str, FileScan] = {}
    for data_file in result.files:
        key = str(data_file.path)
        if key in done:
            scans.append(done[key])
            repeated.append(True)
            continue
        window = (max(start - offset, 0), None if end is None else max(end - offset, 0))
        options = (result.codec, label_column, result.invalid_lines, window)
        buffer = open_texts.get(key)
        if buffer is not None:
            scan = scan_file(data_file.path, *options, text=buffer)
        else:
            scan = _scans.get(data_file.path, options, lambda p=data_file.path: scan_file(p, *options))
        offset += scan.rows_before + scan.rows
        done[key] = scan
        scans.append(scan)
        repeated.append(False)
        report.diagnostics += scan.diagnostics
        report.line_texts[key] = scan.line_texts
    dataset = combine(scans, repeated, label_column, result.modelled, result.remote_paths)
    report.dataset = dataset
    report.diagnostics += dataset.diagnostics
    return report


def _texts(report: DataReport, file: str | None, scans: list[FileScan]) -> None:
    for scan in scans:
        if str(scan.path) == file:
            report.line_texts.setdefault(file, scan.line_texts)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
