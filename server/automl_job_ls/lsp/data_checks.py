"""LSP wiring of the data checks (beside server.py in lsp/, the package that knows pygls).

Why a module of its own: the data checks keep state the rest of the server does not have — a
worker thread that reads the data off the message loop, the diagnostics published to MLTable and
JSONL files that may not be open, and the watched-file registration — and server.py needs only a
few hooks into it. The data knowledge itself is in data/; this module only schedules, converts and
publishes.

Flow: a job file's own diagnostics are published first, as before. Then its data is checked in
the worker; when that is done the job is published again with the summary on `path:`, and every
data file gets its own diagnostics. An open MLTable or JSONL file is checked from its editor buffer;
a change on disk (workspace/didChangeWatchedFiles) re-checks whatever read that file.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from ..data import locations
from ..data.check import DataReport, check_folder, check_job_data, check_lone_file, forget_cached
from ..data.mltable import NAME
from ..data.mltable_editing import is_mltable
from ..data.summary import hover_text, summary
from ..diagnostics.codes import CODES
from ..diagnostics.model import Diagnostic
from ..document import Document
from ..nodes import Position, Range
from .scheduling import Lane

if TYPE_CHECKING:
    from .server import AutomlJobServer

log = logging.getLogger("automl_job_ls")
WATCHERS = ("**/MLTable", "**/*.jsonl")
_FOLDER_LEVELS = 3  # how far up from an open JSONL file to look for the MLTable that names it


def is_data_file(path: str | None) -> bool:
    return bool(path) and (is_mltable(path) or path.endswith(".jsonl"))


@dataclass
class _JobData:
    document: Document  # the parse the reports were made for
    reports: list[DataReport]


class DataChecks:
    def __init__(self, server: "AutomlJobServer"):
        self.server = server
        self.lane = Lane("automl-data")  # daemon: a long read of the data never delays `exit`
        self.jobs: dict[str, _JobData] = {}
        self.standalone: dict[str, list[DataReport]] = {}  # open data files no job reads
        self.published: dict[str, tuple] = {}  # data-file URI -> what was last published there
        self.requested: dict[str, Document | None] = {}  # job URI -> the parse last sent to the worker
        self.generation: dict[str, int] = {}
        self.labels: dict[str, str] = {}  # data folder -> the label column the jobs reading it use

    # -- where ---------------------------------------------------------------------------------
    def roots(self) -> list[Path]:
        out = []
        for folder in (self.server.workspace.folders or {}).values():
            path = to_fs_path(folder.uri)
            if path:
                out.append(Path(path))
        if not out and self.server.workspace.root_path:
            out.append(Path(self.server.workspace.root_path))
        return out

    def open_texts(self) -> dict[str, str]:
        """Editor buffers of open MLTable and JSONL files, by path: they win over the disk."""
        out = {}
        for uri, document in list(self.server.workspace.text_documents.items()):
            path = to_fs_path(uri)
            if is_data_file(path):
                out[os.path.normpath(path)] = document.source
        return out

    # -- scheduling --------------------------------------------------------------------------------
    def _bump(self, key: str) -> int:
        self.generation[key] = self.generation.get(key, 0) + 1
        return self.generation[key]

    def after_publish(self, uri: str, doc: Document, force: bool = False) -> None:
        """Called once a job's own diagnostics are out: check its data unless this parse was."""
        if not force and self.requested.get(uri) is doc:
            return
        self.requested[uri] = doc
        path = to_fs_path(uri)
        if not locations.references(doc):
            if self.jobs.pop(uri, None) is not None:
                self.refresh_files()
            return
        generation = self._bump(uri)
        work = functools.partial(self._job_worker, uri, generation, doc, Path(path) if path else None, self.roots(), self.open_texts())
        asyncio.get_event_loop().create_task(self._finish_job(uri, generation, doc, work))

    def _job_worker(self, uri, generation, doc, job_file, roots, open_texts):
        if self.generation.get(uri) != generation:
            return None  # a newer request is queued: skip this one
        return check_job_data(doc, job_file, roots, open_texts)

    async def _in_worker(self, uri: str, generation: int, work) -> list[DataReport] | None:
        """The worker's reports, or None when they failed or are stale (newer work, or closed)."""
        try:
            reports = await asyncio.wrap_future(self.lane.submit(work))
        except Exception:
            log.exception("data check failed for %s", uri)
            return None
        if reports is None or self.generation.get(uri) != generation or self.server.open_document(uri) is None:
            return None
        return reports

    async def _finish_job(self, uri: str, generation: int, doc: Document, work) -> None:
        reports = await self._in_worker(uri, generation, work)
        if reports is None:
            return
        before = _keys(self._job_diagnostics(uri, doc))
        self.jobs[uri] = _JobData(doc, reports)
        for report in reports:
            if report.folder is not None:
                self.labels[str(report.folder)] = report.ref.label_column
        self.refresh_files()
        if _keys(self._job_diagnostics(uri, doc)) != before:
            self.server.publish(uri)  # the job again, with what its data adds

    def data_file_changed(self, uri: str) -> None:
        """An MLTable or JSONL file was opened, edited, saved or closed in the editor."""
        path = to_fs_path(uri)
        if not path:
            return
        readers = [job for job, data in self.jobs.items() if any(_reads(r, path) for r in data.reports)]
        for job in readers:
            self._recheck_job(job)
        if readers or self.server.open_document(uri) is None:
            if self.standalone.pop(uri, None) is not None:
                self.refresh_files()
            return
        generation = self._bump(uri)
        work = functools.partial(self._file_worker, uri, generation, Path(path), self.open_texts())
        asyncio.get_event_loop().create_task(self._finish_file(uri, generation, work))

    def _file_worker(self, uri: str, generation: int, path: Path, open_texts: dict[str, str]):
        if self.generation.get(uri) != generation:
            return None
        if path.name == NAME:
            return [check_folder(path.parent, self.labels.get(str(path.parent), "label"), open_texts)]
        folder = path.parent
        roots = self.roots()
        for _ in range(_FOLDER_LEVELS):
            if (folder / NAME).is_file() or str(folder / NAME) in open_texts:
                report = check_folder(folder, self.labels.get(str(folder), "label"), open_texts)
                if _reads(report, str(path)):
                    return [report]
            if folder.parent == folder or (roots and not locations.inside_any(folder.parent, roots)):
                break
            folder = folder.parent
        return [check_lone_file(path, self.labels.get(str(path.parent), "label"), open_texts.get(str(path)))]

    async def _finish_file(self, uri: str, generation: int, work) -> None:
        reports = await self._in_worker(uri, generation, work)
        if reports is None:
            return
        self.standalone[uri] = reports
        self.refresh_files()

    def _recheck_job(self, uri: str) -> None:
        data = self.jobs.get(uri)
        if data is not None and self.server.open_document(uri) is not None:
            self.after_publish(uri, data.document, force=True)

    def watched_files_changed(self, params: types.DidChangeWatchedFilesParams) -> None:
        """A data file changed on disk: re-check every job and open data file that may read it."""
        paths = [to_fs_path(change.uri) for change in params.changes]
        if not any(paths):
            return
        forget_cached()  # a new file may join a `folder:` or `pattern:` entry
        for uri in list(self.jobs):
            self._recheck_job(uri)
        for uri in list(self.standalone):
            self.standalone.pop(uri, None)
            self.data_file_changed(uri)

    def closed(self, uri: str) -> None:
        """After the server cleared the closed file's diagnostics."""
        self.requested.pop(uri, None)
        self.published.pop(uri, None)
        self._bump(uri)
        if self.jobs.pop(uri, None) is not None or self.standalone.pop(uri, None) is not None:
            self.refresh_files()
        if is_data_file(to_fs_path(uri)):
            self.data_file_changed(uri)

    # -- publishing --------------------------------------------------------------------------------
    def _kept(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        kept = []
        for d in diagnostics:
            level = self.server.settings.severity_of(d.code, d.severity)
            if level is not None:
                kept.append(d if level == d.severity else replace(d, severity=level))
        return kept

    def _current(self, uri: str, doc: Document) -> list[DataReport]:
        """The last reports, re-anchored to this parse's `path:` values (a report stays valid while
        the job names the same data, so the summary does not flicker while the job is edited)."""
        data = self.jobs.get(uri)
        if data is None:
            return []
        previous = {_key(r.ref): r for r in data.reports}
        out = []
        for ref in locations.references(doc):
            report = previous.get(_key(ref))
            if report is not None:
                moved = [replace(d, range=ref.value.range) if d.file is None else d for d in report.diagnostics]
                out.append(replace(report, ref=ref, diagnostics=moved))
        return out

    def _job_diagnostics(self, uri: str, doc: Document) -> list[tuple[Diagnostic, DataReport]]:
        """The job file's data diagnostics: problems found at `path:` and each input's summary."""
        out = []
        for report in self._current(uri, doc):
            kept = self._kept(report.diagnostics)
            total = summary(report, [d for d in kept if d.file is not None])
            out += [(d, report) for d in [d for d in kept if d.file is None] + self._kept([total] if total else [])]
        return out

    def job_items(self, uri: str, text_doc, doc: Document, convert) -> list[types.Diagnostic]:
        """What the job file shows of its data, as LSP diagnostics (`convert` is the server's)."""
        out = []
        for d, report in self._job_diagnostics(uri, doc):
            item = convert(text_doc, d, d.severity)
            if d.related:
                item.related_information = [
                    types.DiagnosticRelatedInformation(
                        location=types.Location(uri=from_fs_path(r.file), range=self._range(r.file, r.range, report)),
                        message=r.message,
                    )
                    for r in d.related
                ]
            out.append(item)
        return out

    def refresh_files(self) -> None:
        """Publish each data file's diagnostics: the union over every job and open data file."""
        by_file: dict[str, dict[tuple, tuple[Diagnostic, DataReport]]] = {}
        reports = [r for data in self.jobs.values() for r in data.reports] + [r for rs in self.standalone.values() for r in rs]
        for report in reports:
            for path in [*report.watched, *report.files]:
                if os.path.isfile(path) or self.server.open_document(from_fs_path(str(path))) is not None:
                    by_file.setdefault(str(path), {})
            for d in self._kept([d for d in report.diagnostics if d.file is not None]):
                by_file.setdefault(d.file, {}).setdefault((d.range, d.code, d.message), (d, report))
        uris = {from_fs_path(path): found for path, found in by_file.items()}
        for uri in set(uris) | set(self.published):
            found = uris.get(uri, {})
            key = tuple(sorted((d.range, d.code, d.message, int(d.severity)) for d, _ in found.values()))
            if self.published.get(uri) == key:
                continue
            if found:
                self.published[uri] = key
            else:
                self.published.pop(uri, None)
            items = [self._diagnostic(uri, d, report) for d, report in sorted(found.values(), key=lambda x: (x[0].range, x[0].code))]
            document = self.server.open_document(uri)
            self.server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=document.version if document else None, diagnostics=items)
            )

    def _diagnostic(self, uri: str, d: Diagnostic, report: DataReport) -> types.Diagnostic:
        return types.Diagnostic(
            range=self._range(d.file, d.range, report),
            message=d.message,
            severity=types.DiagnosticSeverity(int(d.severity)),
            code=d.code,
            code_description=types.CodeDescription(href=CODES[d.code].url),
            source="automl-job-ls",
        )

    def _range(self, file: str, rng: Range, report: DataReport) -> types.Range:
        """Code points to the client's units: from the open buffer, else from the line texts the
        check kept (the file itself is never read again for this)."""
        document = self.server.open_document(from_fs_path(file))
        if document is not None:
            from .server import to_lsp_range  # the server's conversion (clamped to the buffer)

            return to_lsp_range(document, rng)
        lines = report.line_texts.get(file, {})
        codec = self.server.workspace.position_codec

        def convert(pos: Position) -> types.Position:
            text = lines.get(pos.line)
            return types.Position(pos.line, codec.client_num_units(text[: pos.character]) if text else pos.character)

        return types.Range(start=convert(rng.start), end=convert(rng.end))

    # -- features ------------------------------------------------------------------------------------
    def hover(self, uri: str, doc: Document, pos: Position, markdown: bool) -> tuple[str, Range] | None:
        """The data's figures, on the `training_data` / `validation_data` key of a job."""
        for report in self._current(uri, doc):
            if report.ref.key.contains(pos):
                return hover_text(report, markdown), report.ref.key
        return None

    def watchers(self) -> types.RegistrationParams | None:
        if not _capability(self.server, "workspace", "did_change_watched_files", "dynamic_registration"):
            return None
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHERS]
        )
        return types.RegistrationParams(registrations=[
            types.Registration(id="automl-job-ls-data-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
        ])


def _keys(found: list[tuple[Diagnostic, DataReport]]) -> list[tuple]:
    return [(d.code, d.message, d.range, int(d.severity), d.related) for d, _ in found]


def _key(ref) -> tuple:
    return (ref.role, ref.job, ref.text, ref.label_column)


def _reads(report: DataReport, path: str) -> bool:
    return any(os.path.normpath(str(p)) == os.path.normpath(path) for p in [*report.watched, *report.files])


def _capability(server, *path: str) -> Any:
    node: Any = server.client_capabilities
    for name in path:
        node = getattr(node, name, None) if node is not None else None
    return node
