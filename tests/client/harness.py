"""The server's own request handlers, called in-process with a chosen client's capabilities, so the
client-semantics tests see exactly the LSP answers an editor gets (items after lsp/server.py's
conversion) without a process per request."""

from __future__ import annotations

import copy

import pytest_lsp
from lsprotocol import types

from automl_job_ls.lsp import server

URI = "file:///work/jobs/job.yml"


def vscode_capabilities(as_is: bool = True, resolve: bool = True, snippet_edits: bool = False) -> types.ClientCapabilities:
    """VS Code 1.100's client: snippets, insert/replace, label details, a default insert mode of
    adjustIndentation. `as_is=False` is a client that does not declare `asIs` support."""
    caps = copy.deepcopy(pytest_lsp.client_capabilities("visual-studio-code"))
    completion = caps.text_document.completion
    completion.insert_text_mode = types.InsertTextMode.AdjustIndentation
    completion.completion_item.label_details_support = True
    if not as_is:
        completion.completion_item.insert_text_mode_support = None
    if not resolve:
        completion.completion_item.resolve_support = None
    if snippet_edits:
        caps.workspace.workspace_edit.snippet_edit_support = True
    return caps


def plain_capabilities() -> types.ClientCapabilities:
    """A client that declares nothing (Vim's ALE is close to this)."""
    return types.ClientCapabilities()


class Session:
    def __init__(self, capabilities: types.ClientCapabilities):
        self.ls = server.AutomlJobServer()
        self.ls.protocol.client_capabilities = capabilities
        encoding = types.PositionEncodingKind.Utf16
        # The server's own workspace class, as its `initialize` builds it (the LSP line model).
        self.ls.protocol._workspace = server.LspWorkspace(None, types.TextDocumentSyncKind.Incremental, [], encoding)
        self.ls._computes = []  # no workspace folders to scan
        self.version = 0

    def open(self, text: str, uri: str = URI) -> None:
        self.version += 1
        if uri in self.ls.workspace.text_documents:
            self.ls.workspace.remove_text_document(uri)
        self.ls.workspace.put_text_document(types.TextDocumentItem(uri=uri, language_id="yaml", version=self.version, text=text))

    def complete(self, text: str, pos: types.Position, uri: str = URI, trigger: str | None = None) -> list[types.CompletionItem]:
        self.open(text, uri)
        context = types.CompletionContext(
            trigger_kind=types.CompletionTriggerKind.TriggerCharacter if trigger else types.CompletionTriggerKind.Invoked,
            trigger_character=trigger,
        )
        result = server.on_completion(self.ls, types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos, context=context))
        return list(result.items) if result else []

    def resolve(self, item: types.CompletionItem) -> types.CompletionItem:
        return server.on_completion_resolve(self.ls, copy.deepcopy(item))

    def hover(self, text: str, pos: types.Position, uri: str = URI) -> types.Hover | None:
        self.open(text, uri)
        return server.on_hover(self.ls, types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos))

    def diagnostics(self, text: str, uri: str = URI) -> list[types.Diagnostic]:
        self.open(text, uri)
        return self.ls.lsp_diagnostics(uri)

    def code_actions(self, text: str, rng: types.Range, diagnostics: list[types.Diagnostic], uri: str = URI) -> list[types.CodeAction]:
        self.open(text, uri)
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng, context=types.CodeActionContext(diagnostics=diagnostics)
        )
        return list(server.on_code_action(self.ls, params) or [])
