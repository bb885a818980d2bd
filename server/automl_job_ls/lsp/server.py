"""pygls wiring: every feature registered, with protocol.py beneath it (lsp/ is the only package that knows pygls).

Features are plain functions over a parsed `Document` (features/); this module converts
positions at the boundary (code points inside, the negotiated encoding outside), applies the
user's settings, and hands parsing and checking to the worker lanes (scheduling.py), so the
message loop stays free; handler errors are logged instead of popping dialogs.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound
from pygls.workspace import TextDocument

from .. import __version__

from . import codegen_cache
from ..diagnostics.codes import CODES
from ..diagnostics.model import Diagnostic, make
from ..document import Document, parse
from ..diagnostics.engine import diagnose
from ..features import code_actions, completion, definition, folding, hover, links, rename, symbols
from ..nodes import Position, Range
from .protocol import AnalysisServer, LspTextDocument, LspWorkspace, RequestFailed
from .scheduling import Diagnostics, Lane, Parses
from ..data import mltable_editing
from ..schema import store
from .data_checks import DataChecks, is_data_file
from ..settings import SECTION, Settings, parse_settings

log = logging.getLogger("automl_job_ls")
# Real job files are a few kB; up to this size every request answers from a full parse, above it
# the file is not checked live (AML003) so that typing stays fast.
MAX_LIVE_CHARS = 1_000_000
__all__ = ["LspTextDocument", "LspWorkspace"]  # the documents as the editor sees them (protocol.py)


@dataclass
class Parsed:
    document: Document
    too_large: bool = False
    seconds: float = 0.0  # what the parse cost: the diagnostics debounce adapts to it
    diagnostics: list[Diagnostic] | None = None  # this version's, computed once (own_diagnostics)


_NEVER_OPENED = Parsed(parse(""))


def uri_to_path(uri: str) -> str | None:
    """The file system path of a `file:` URI (percent-decoding, drive letters and UNC shares as pygls does)."""
    return uris.to_fs_path(uri)


class AutomlJobServer(AnalysisServer):
    def __init__(self) -> None:
        super().__init__("automl-job-ls", __version__)
        self.settings = Settings()
        self._reported: set[str] = set()  # the settings problems the user was last told about
        self.parses: Parses[Parsed] = Parses(self._parse, Lane("parse", workers=3))
        self.checking = Diagnostics(self._analyse, self._publish_run, Lane("check", workers=2))
        self.checking.checks.append(lambda parsed, cancelled: own_diagnostics(parsed))
        self._published: dict[str, tuple[LspTextDocument, Parsed, list[Diagnostic]]] = {}
        self._computes: list[str] | None = None
        self._settled = False  # start-up's objects are frozen after the first diagnostics
        self.data = DataChecks(self)  # the job's data: MLTable and JSONL files, checked off the loop

    # -- capabilities -------------------------------------------------------------------------
    def _capability(self, *path: str) -> Any:
        node: Any = self.client_capabilities
        for name in path:
            node = getattr(node, name, None) if node is not None else None
        return node

    @property
    def snippets(self) -> bool:
        return bool(self._capability("text_document", "completion", "completion_item", "snippet_support"))

    def markdown(self, *path: str) -> bool:
        formats = self._capability(*path) or []
        return types.MarkupKind.Markdown in formats

    # -- settings -----------------------------------------------------------------------------
    def apply_settings(self, raw: Any) -> None:
        settings, problems = parse_settings(raw)
        self.settings = settings
        self.report_settings([p.editor_text() for p in problems])
        self.recheck()

    def recheck(self) -> None:
        """Publishes every open document again, after the settings or the workspace folders changed."""
        # Parses stay cached: `parsed` re-parses a document only if the job globs changed its kind.
        for text_doc in list(self.workspace.text_documents.values()):
            self.schedule_diagnostics(text_doc.uri, delay=0)
        self.data.refresh_files()  # data files at their new levels

    def report_settings(self, problems: list[str]) -> None:
        """One message for the bad values that are new: the same settings arrive more than once
        (initializationOptions, then workspace/configuration, then every change)."""
        new = [p for p in problems if p not in self._reported]
        self._reported = set(problems)
        for problem in new:
            log.warning(problem)
        if new:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=" ".join(new)))

    async def pull_settings(self) -> None:
        if not self._capability("workspace", "configuration"):
            return
        try:
            result = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception as exc:  # a client that cannot answer keeps the current settings
            log.warning("workspace/configuration failed: %s", exc)
            return
        if result and result[0] is not None:
            self.apply_settings(result[0])

    # -- documents ----------------------------------------------------------------------------
    def open_document(self, uri: str) -> TextDocument | None:
        """The open document at `uri`, or None. pygls keys documents by a decoded form of the URI,
        so the lookup is pygls's own: any spelling of the URI the client used finds it."""
        found = self.workspace.get_text_document(uri)  # a fresh, unstored document when not open
        return found if any(found is d for d in self.workspace.text_documents.values()) else None

    def _key(self, uri: str) -> tuple[bool, str | None]:
        path = uri_to_path(uri)
        return bool(path and self.settings.is_job_file(PurePath(path), self.folder_paths())), path

    @staticmethod
    def _parse(source: str, key: tuple[bool, str | None], previous: Parsed | None) -> Parsed:
        started = time.perf_counter()
        too_large = len(source) > MAX_LIVE_CHARS
        was = previous.document.kind if previous else None  # half-typed, it stays the job it was
        document = parse("" if too_large else source, force_job=key[0], path=key[1], was=was)
        return Parsed(document, too_large, time.perf_counter() - started)

    def _parsed(self, uri: str) -> tuple[LspTextDocument, Parsed]:
        text_doc = self.text_document(uri)
        if not text_doc.opened:
            return text_doc, _NEVER_OPENED  # never read from disk: an empty answer
        return text_doc, self.parses.now(uri, text_doc.source, self._key(uri))

    def parsed(self, uri: str) -> tuple[LspTextDocument, Document]:
        """The parse of the document's text, computed once per version (off the loop when a
        request waited for it in `prepare`)."""
        text_doc, parsed = self._parsed(uri)
        return text_doc, parsed.document

    async def prepare(self, document: LspTextDocument) -> None:
        if document.opened:
            await self.parses.get(document.uri, document.source, self._key(document.uri))

    def folder_paths(self) -> list[PurePath]:
        folders = [uri_to_path(f.uri) for f in (self.workspace.folders or {}).values()]
        if not folders and self.workspace.root_path:
            folders.append(self.workspace.root_path)
        return [PurePath(f) for f in folders if f]

    def diagnostics(self, uri: str) -> list[Diagnostic]:
        """The server's own diagnostics of the document's version (before settings), computed once
        (usually already by the diagnostics run, off the loop)."""
        return own_diagnostics(self._parsed(uri)[1])

    def lsp_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        text_doc, parsed = self._parsed(uri)
        return self._lsp_items(text_doc, parsed, own_diagnostics(parsed))

    def _lsp_items(self, text_doc: LspTextDocument, parsed: Parsed, diagnostics: list[Diagnostic]) -> list[types.Diagnostic]:
        items = []
        if parsed.too_large:
            items.append(to_lsp_diagnostic(text_doc, too_large(), CODES["AML003"].severity))
        for d in diagnostics:
            severity = self.settings.severity_of(d.code, d.severity)
            if severity is not None:
                items.append(to_lsp_diagnostic(text_doc, d, severity))
        return items

    def too_large(self, uri: str) -> bool:
        return self._parsed(uri)[1].too_large

    def forget(self, uri: str) -> None:
        self.parses.forget(uri)
        self.checking.forget(uri)
        self._published.pop(uri, None)

    def computes(self) -> list[str]:
        """Compute names used by job files in the workspace, scanned once."""
        if self._computes is None:
            self._computes = completion.workspace_computes([Path(f) for f in self.folder_paths()])
        return self._computes

    # -- diagnostics --------------------------------------------------------------------------
    def schedule_diagnostics(self, uri: str, delay: float | None = None) -> None:
        """Check the document off the loop: at once (`delay=0`), or after the adaptive debounce."""
        self.checking.schedule(uri, delay)

    async def _analyse(self, uri: str) -> tuple[LspTextDocument, Parsed] | None:
        live = self.open_document(uri)
        if live is None:
            return None  # closed meanwhile
        if is_data_file(uri_to_path(uri)):
            self.data.data_file_changed(uri)  # MLTable and JSONL files: published by the data checks
            return None
        snapshot = live.snapshot()
        return snapshot, await self.parses.get(uri, snapshot.source, self._key(uri))

    def publish(self, uri: str) -> None:
        """Publish the document's diagnostics again (the data checks add theirs): from its last
        run if the text is still the same, else after a new run."""
        last = self._published.get(uri)
        live = self.open_document(uri)
        if live is None:
            return
        if last is not None and last[0].source is live.source:
            self._publish_run(*last)
        else:
            self.schedule_diagnostics(uri, delay=0)

    def _publish_run(self, text_doc: LspTextDocument, parsed: Parsed, diagnostics: list[Diagnostic]) -> None:
        uri, doc = text_doc.uri, parsed.document
        self._published[uri] = (text_doc, parsed, diagnostics)
        items = self._lsp_items(text_doc, parsed, diagnostics)
        if doc.is_ours and not parsed.too_large:
            items += self.data.job_items(uri, text_doc, doc, to_lsp_diagnostic)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=text_doc.version, diagnostics=items)
        )
        if doc.is_ours and not parsed.too_large:
            self.data.after_publish(uri, doc)  # then its data, in the worker
        if not self._settled:
            self._settled = True
            asyncio.get_running_loop().call_later(1.0, settle_memory)

    def log_to_client(self, message: str) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"automl-job-ls: {message}"))
        except Exception:
            pass

    def report_server_error(self, error: Exception, source) -> None:  # type: ignore[override]
        if isinstance(error, JsonRpcMethodNotFound):
            return  # already answered -32601 (and logged by pygls): not a server error
        # Log instead of showing a dialog: a failing handler must not spam the user with pop-ups.
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)
        self.log_to_client(str(error))


def own_diagnostics(parsed: Parsed) -> list[Diagnostic]:
    """A parse's diagnostics, computed once (on the check lane, or by a request that needs them first)."""
    if parsed.diagnostics is None:
        parsed.diagnostics = diagnose(parsed.document)
    return parsed.diagnostics


def settle_memory() -> None:
    """Once the first diagnostics are out: collect start-up's garbage, then freeze what is left
    (lsprotocol's classes, the schema) so later collections do not scan it again and again."""
    codegen_cache.start_up_done()
    gc.collect()
    gc.freeze()


# -- conversions --------------------------------------------------------------------------------------
def too_large() -> Diagnostic:
    return make(
        "AML003",
        f"This file is over {MAX_LIVE_CHARS // 1_000_000} MB: it is not checked while editing. Run `automl-job-ls check` on it.",
        Range(Position(0, 0), Position(0, 0)),
    )


def to_lsp_position(text_doc: LspTextDocument, pos: Position) -> types.Position:
    """Code points to client units, clamped to the document so that no answer points outside it."""
    line, units = text_doc.table.to_client(pos.line, pos.character)
    return types.Position(line=line, character=units)


def to_lsp_range(text_doc: LspTextDocument, rng: Range) -> types.Range:
    table = text_doc.table
    start, end = table.to_client(*rng.start), table.to_client(*rng.end)
    if end < start:
        end = start
    return types.Range(start=types.Position(line=start[0], character=start[1]), end=types.Position(line=end[0], character=end[1]))


def from_lsp_position(text_doc: LspTextDocument, pos: types.Position) -> Position:
    """Client units to code points, clamped to the document (a position past a line's end is its end)."""
    return Position(*text_doc.table.from_client(pos.line, pos.character))


def from_lsp_range(text_doc: LspTextDocument, rng: types.Range) -> Range:
    return Range(from_lsp_position(text_doc, rng.start), from_lsp_position(text_doc, rng.end))


def to_lsp_diagnostic(text_doc: LspTextDocument, d: Diagnostic, severity) -> types.Diagnostic:
    url = CODES[d.code].url  # the installed docs/codes.md; None where the package has no files
    return types.Diagnostic(
        range=to_lsp_range(text_doc, d.range),
        message=d.message,
        severity=types.DiagnosticSeverity(int(severity)),
        code=d.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source="automl-job-ls",
        data=d.data.to_json(),
    )


def guarded(default: Callable[[], Any]):
    """Answer with `default()` and log, if a feature raises: one bad request never kills the server."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(ls: AutomlJobServer, params):
            try:
                return fn(ls, params)
            except JsonRpcException:
                raise  # a deliberate error answer (e.g. an invalid new name for a rename)
            except Exception as exc:
                log.exception("%s failed", fn.__name__)
                ls.log_to_client(f"{fn.__name__} failed: {exc!r}")
                return default()

        return inner

    return wrap


server = AutomlJobServer()


# -- lifecycle and settings ---------------------------------------------------------------------------
@server.feature(types.INITIALIZE)
def initialize(ls: AutomlJobServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if options is not None:
        ls.apply_settings(options)


@server.feature(types.INITIALIZED)
async def initialized(ls: AutomlJobServer, params: types.InitializedParams) -> None:
    await ls.pull_settings()
    watchers = ls.data.watchers()
    if watchers is not None:
        try:
            await ls.client_register_capability_async(watchers)
        except Exception as exc:  # the client refused: data files are still re-checked when edited in it
            log.warning("could not watch data files: %s", exc)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: AutomlJobServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.data.watched_files_changed(params)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: AutomlJobServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and SECTION in settings:
        ls.apply_settings(settings[SECTION])
    else:
        await ls.pull_settings()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(ls: AutomlJobServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    ls.recheck()  # pygls has updated its folders: relative job globs may name other files now


# -- document sync --------------------------------------------------------------------------------------
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
    ls.data.closed(uri)


# -- features -------------------------------------------------------------------------------------------
_ITEM_KINDS = {
    completion.KEY: types.CompletionItemKind.Property,
    completion.VALUE: types.CompletionItemKind.EnumMember,
    completion.SNIPPET: types.CompletionItemKind.Snippet,
    completion.MODULE: types.CompletionItemKind.Module,
}


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[":", " ", "[", *completion.BINDING_TRIGGERS], resolve_provider=True),
)
@guarded(lambda: None)
def on_completion(ls: AutomlJobServer, params: types.CompletionParams) -> types.CompletionList | None:
    text_doc, doc = ls.parsed(params.text_document.uri)
    if ls.too_large(params.text_document.uri):
        return None  # not an empty file, even though nothing of it was parsed
    pos = from_lsp_position(text_doc, params.position)
    item_caps = ls._capability("text_document", "completion", "completion_item")
    markdown = ls.markdown("text_document", "completion", "completion_item", "documentation_format")
    trigger = params.context.trigger_character if params.context else None
    options = completion.Options(
        snippets=ls.snippets,
        markdown=markdown,
        trigger=trigger,
        defer_documentation=getattr(item_caps, "resolve_support", None) is not None,
        computes=ls.computes,
    )
    path = uri_to_path(params.text_document.uri)
    if mltable_editing.is_mltable(path):
        items = mltable_editing.complete(doc, pos, options, Path(path).parent)
    else:
        items = completion.complete(doc, store(), pos, options)
    if not items:
        return None
    return types.CompletionList(is_incomplete=False, items=[to_lsp_completion(ls, text_doc, item, markdown) for item in items])


def _insert_text_mode(ls: AutomlJobServer) -> tuple[bool, types.InsertTextMode | None]:
    """(absolute text?, mode to send) for multi-line items: absolute text with `asIs` where the
    client supports it; relative text where the client adjusts indentation by default (VS Code);
    absolute text without a mode for clients that insert text as it is."""
    supported = ls._capability("text_document", "completion", "completion_item", "insert_text_mode_support", "value_set") or []
    if types.InsertTextMode.AsIs in supported:
        return True, types.InsertTextMode.AsIs
    if ls._capability("text_document", "completion", "insert_text_mode") == types.InsertTextMode.AdjustIndentation:
        return False, types.InsertTextMode.AdjustIndentation
    return True, None


def to_lsp_completion(ls: AutomlJobServer, text_doc: TextDocument, item: completion.Completion, markdown: bool) -> types.CompletionItem:
    text, mode = item.text, None
    if "\n" in text:
        absolute, mode = _insert_text_mode(ls)
        text = item.absolute_text() if absolute else text
        if "\r\n" in text_doc.source:
            text = text.replace("\n", "\r\n")
    replace = to_lsp_range(text_doc, item.replace)
    if ls._capability("text_document", "completion", "completion_item", "insert_replace_support"):
        edit: types.TextEdit | types.InsertReplaceEdit = types.InsertReplaceEdit(
            new_text=text, insert=to_lsp_range(text_doc, item.insert), replace=replace
        )
    else:
        edit = types.TextEdit(range=replace, new_text=text)
    label_details = None
    if item.type_label and ls._capability("text_document", "completion", "completion_item", "label_details_support"):
        label_details = types.CompletionItemLabelDetails(description=item.type_label)
    documentation = None
    if item.documentation:
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        documentation = types.MarkupContent(kind=kind, value=item.documentation)
    return types.CompletionItem(
        label=item.label,
        label_details=label_details,
        kind=_ITEM_KINDS[item.kind],
        detail=(item.detail if label_details or not item.type_label else f"{item.type_label}: {item.detail}" if item.detail else item.type_label) or None,
        documentation=documentation,
        sort_text=item.sort_text,
        filter_text=item.filter_text or item.label,
        insert_text_format=types.InsertTextFormat.Snippet if item.snippet else types.InsertTextFormat.PlainText,
        insert_text_mode=mode,
        text_edit=edit,
        additional_text_edits=[types.TextEdit(range=to_lsp_range(text_doc, e.range), new_text=e.new_text) for e in item.additional] or None,
        data=item.resolve,
        command=types.Command(title="Suggest", command="editor.action.triggerSuggest") if item.retrigger else None,
    )


@server.feature(types.COMPLETION_ITEM_RESOLVE)
def on_completion_resolve(ls: AutomlJobServer, item: types.CompletionItem) -> types.CompletionItem:
    """The documentation an item was sent without; the item as it came on any failure."""
    if not isinstance(item.data, dict) or item.documentation is not None:
        return item
    try:
        markdown = ls.markdown("text_document", "completion", "completion_item", "documentation_format")
        text = completion.documentation_for(store(), item.data, markdown)
    except Exception as exc:  # a stale or foreign `data` must not fail the request
        log.exception("completionItem/resolve failed")
        ls.log_to_client(f"on_completion_resolve failed: {exc!r}")
        return item
    if text:
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        item.documentation = types.MarkupContent(kind=kind, value=text)
    return item


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded(lambda: None)
def on_hover(ls: AutomlJobServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    markdown = ls.markdown("text_document", "hover", "content_format")
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    pos = from_lsp_position(text_doc, params.position)
    if mltable_editing.is_mltable(uri_to_path(uri)):
        found = mltable_editing.hover(doc, pos, markdown)
        return types.Hover(contents=types.MarkupContent(kind=kind, value=found[0]), range=to_lsp_range(text_doc, found[1])) if found else None
    result = hover.hover(doc, store(), pos, markdown)
    data = ls.data.hover(uri, doc, pos, markdown)  # the figures of the data `training_data` names
    if data is not None:
        text = data[0] + ("\n\n---\n\n" + result.text if result else "")
        return types.Hover(contents=types.MarkupContent(kind=kind, value=text), range=to_lsp_range(text_doc, data[1]))
    if result is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=kind, value=result.text), range=to_lsp_range(text_doc, result.range))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
@guarded(lambda: None)
def on_code_action(ls: AutomlJobServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    only = params.context.only
    if only and not any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        return None
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    own = ls.diagnostics(uri)
    # The server's own diagnostic for each one the client names (matched by code and range);
    # for clients that name none we know (or send none), the server's own in the range.
    pairs: list[tuple[types.Diagnostic, Diagnostic]] = []
    for sent in params.context.diagnostics:
        if sent.source not in (None, "automl-job-ls") or not isinstance(sent.code, str):
            continue
        found = code_actions.own_diagnostic(own, sent.code, from_lsp_range(text_doc, sent.range), sent.data)
        if found is not None:
            pairs.append((sent, found))
    if not pairs:
        for d in code_actions.in_range(own, from_lsp_range(text_doc, params.range)):
            pairs.append((to_lsp_diagnostic(text_doc, d, ls.settings.severity_of(d.code, d.severity) or d.severity), d))
    snippets = bool(ls._capability("workspace", "workspace_edit", "snippet_edit_support"))
    actions = []
    for sent, found in pairs:
        for fix in code_actions.fixes_for(doc, store(), found, snippets=snippets):
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[sent],
                    is_preferred=fix.preferred or None,
                    edit=to_workspace_edit(text_doc, fix, snippets),
                )
            )
    return actions or None


def to_workspace_edit(text_doc: TextDocument, fix: code_actions.Fix, snippets: bool) -> types.WorkspaceEdit:
    """Plain text edits, or (for clients that take them) snippet edits whose values are tab stops."""
    if snippets and any(e.snippet for e in fix.edits):
        edits: list = [
            types.SnippetTextEdit(range=to_lsp_range(text_doc, e.range), snippet=types.StringValue(value=e.snippet))
            if e.snippet
            else types.TextEdit(range=to_lsp_range(text_doc, e.range), new_text=e.new_text)
            for e in fix.edits
        ]
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=text_doc.uri, version=text_doc.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
    return types.WorkspaceEdit(changes={text_doc.uri: [types.TextEdit(range=to_lsp_range(text_doc, e.range), new_text=e.new_text) for e in fix.edits]})


_SYMBOL_KINDS = {
    symbols.KIND_OBJECT: types.SymbolKind.Object,
    symbols.KIND_ARRAY: types.SymbolKind.Array,
    symbols.KIND_STRING: types.SymbolKind.String,
    symbols.KIND_NUMBER: types.SymbolKind.Number,
    symbols.KIND_BOOLEAN: types.SymbolKind.Boolean,
    symbols.KIND_NULL: types.SymbolKind.Null,
}


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded(list)
def on_document_symbol(ls: AutomlJobServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    text_doc, doc = ls.parsed(params.text_document.uri)

    def convert(symbol: symbols.Symbol) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=symbol.name,
            kind=_SYMBOL_KINDS[symbol.kind],
            range=to_lsp_range(text_doc, symbol.range),
            selection_range=to_lsp_range(text_doc, symbol.selection),
            detail=symbol.detail or None,
            children=[convert(c) for c in symbol.children] or None,
        )

    return [convert(s) for s in symbols.symbols(doc)]


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded(list)
def on_folding_range(ls: AutomlJobServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    _, doc = ls.parsed(params.text_document.uri)
    return [types.FoldingRange(start_line=a, end_line=b) for a, b in folding.folding_ranges(doc)]


@server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
@guarded(list)
def on_selection_range(ls: AutomlJobServer, params: types.SelectionRangeParams) -> list[types.SelectionRange]:
    text_doc, doc = ls.parsed(params.text_document.uri)
    out = []
    for position in params.positions:
        pos = from_lsp_position(text_doc, position)
        holding = folding.selection_range(doc, pos)
        chain: types.SelectionRange | None = None
        for rng in reversed(holding):
            chain = types.SelectionRange(range=to_lsp_range(text_doc, rng), parent=chain)
        here = to_lsp_range(text_doc, Range(pos, pos))
        out.append(chain or types.SelectionRange(range=here))
    return out


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
@guarded(list)
def on_document_link(ls: AutomlJobServer, params: types.DocumentLinkParams) -> list[types.DocumentLink]:
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    path = uri_to_path(uri)
    found = links.document_links(doc, Path(path) if path else None, ls.data.roots())
    return [types.DocumentLink(range=to_lsp_range(text_doc, rng), target=uris.from_fs_path(str(target))) for rng, target in found]


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded(lambda: None)
def on_definition(ls: AutomlJobServer, params: types.DefinitionParams) -> types.Location | None:
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    target = definition.definition(doc, from_lsp_position(text_doc, params.position))
    return types.Location(uri=uri, range=to_lsp_range(text_doc, target)) if target else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded(list)
def on_references(ls: AutomlJobServer, params: types.ReferenceParams) -> list[types.Location]:
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    found = definition.references(doc, from_lsp_position(text_doc, params.position), params.context.include_declaration)
    return [types.Location(uri=uri, range=to_lsp_range(text_doc, r)) for r in found]


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded(lambda: None)
def on_prepare_rename(ls: AutomlJobServer, params: types.PrepareRenameParams) -> types.Range | None:
    text_doc, doc = ls.parsed(params.text_document.uri)
    found = rename.prepare_rename(doc, from_lsp_position(text_doc, params.position))
    return to_lsp_range(text_doc, found) if found else None


@server.feature(types.TEXT_DOCUMENT_RENAME)
@guarded(lambda: None)
def on_rename(ls: AutomlJobServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    uri = params.text_document.uri
    text_doc, doc = ls.parsed(uri)
    try:
        edits = rename.rename(doc, from_lsp_position(text_doc, params.position), params.new_name)
    except rename.RenameError as exc:
        raise RequestFailed(str(exc)) from None  # an ordinary answer: the editor shows why
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=to_lsp_range(text_doc, r), new_text=t) for r, t in edits]})


def serve(tcp: str | None = None) -> int:
    # Logs go to stderr: stdout carries the protocol in stdio mode.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("pygls").setLevel(logging.WARNING)  # it logs every message at INFO
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    codegen_cache.start_up_done()  # if it ended before its first diagnostics
    return server.exit_code or 0
