"""pygls wiring: the only module that knows the LSP library.

Features are plain functions over a parsed `Document`; this module converts positions at
the boundary (code points inside, the negotiated encoding outside), debounces diagnostics
per document, and logs handler errors instead of popping dialogs.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from . import __version__
from .diagnostics.codes import CODES
from .diagnostics.model import Diagnostic
from .document import Document, parse
from .engine import diagnose
from .nodes import Range

log = logging.getLogger("automl_job_ls")
DEBOUNCE_SECONDS = 0.15


@dataclass
class Parsed:
    version: int | None
    document: Document


class AutomlJobServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("automl-job-ls", __version__)
        self._parsed: dict[str, Parsed] = {}
        self._pending: dict[str, asyncio.Task] = {}

    # -- documents ---------------------------------------------------------------------------
    def parsed(self, uri: str) -> tuple[TextDocument, Document]:
        """The parse of the document's current version, computed once per version."""
        text_doc = self.workspace.get_text_document(uri)
        cached = self._parsed.get(uri)
        if cached is None or cached.version != text_doc.version:
            cached = Parsed(text_doc.version, parse(text_doc.source))
            self._parsed[uri] = cached
        return text_doc, cached.document

    def forget(self, uri: str) -> None:
        self._parsed.pop(uri, None)
        task = self._pending.pop(uri, None)
        if task:
            task.cancel()

    # -- diagnostics -------------------------------------------------------------------------
    def schedule_diagnostics(self, uri: str, delay: float = DEBOUNCE_SECONDS) -> None:
        previous = self._pending.pop(uri, None)
        if previous:
            previous.cancel()  # a newer edit makes the pending run stale
        self._pending[uri] = asyncio.get_event_loop().create_task(self._publish_later(uri, delay))

    async def _publish_later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            self.publish(uri)
        except asyncio.CancelledError:
            pass
        except Exception:  # never let one bad document stop the server
            log.exception("diagnostics failed for %s", uri)

    def publish(self, uri: str) -> None:
        text_doc, doc = self.parsed(uri)
        items = [to_lsp(text_doc, d) for d in diagnose(doc)]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=text_doc.version, diagnostics=items)
        )

    def report_server_error(self, error: Exception, source) -> None:  # type: ignore[override]
        # Log instead of showing a dialog: a failing notification handler must not spam the user.
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"automl-job-ls: {error}"))
        except Exception:
            pass


def to_lsp_range(text_doc: TextDocument, rng: Range) -> types.Range:
    server_range = types.Range(
        start=types.Position(rng.start.line, rng.start.character),
        end=types.Position(rng.end.line, rng.end.character),
    )
    return text_doc.range_to_client_units(server_range)


def to_lsp(text_doc: TextDocument, d: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=to_lsp_range(text_doc, d.range),
        message=d.message,
        severity=types.DiagnosticSeverity(int(d.severity)),
        code=d.code,
        code_description=types.CodeDescription(href=CODES[d.code].url),
        source="automl-job-ls",
        data=d.data or None,
    )


server = AutomlJobServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: AutomlJobServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule_diagnostics(params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: AutomlJobServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule_diagnostics(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: AutomlJobServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule_diagnostics(params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: AutomlJobServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget(uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def serve(tcp: str | None = None) -> int:
    # Logs go to stderr: stdout carries the protocol in stdio mode.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
