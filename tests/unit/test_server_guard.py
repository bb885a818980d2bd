"""A handler that raises is logged and answered with an empty result; the server goes on."""

from __future__ import annotations

from lsprotocol import types

from automl_job_ls.lsp import server


class ExplodingServer:
    def __init__(self):
        self.logged: list[str] = []

    def parsed(self, uri):
        raise RuntimeError("boom")

    def log_to_client(self, message: str) -> None:
        self.logged.append(message)


def test_failing_hover_is_answered_with_none_and_logged():
    fake = ExplodingServer()
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri="file:///x.yml"), position=types.Position(line=0, character=0))
    assert server.on_hover(fake, params) is None
    assert fake.logged == ["on_hover failed: RuntimeError('boom')"]


def test_failing_outline_is_answered_with_an_empty_list():
    fake = ExplodingServer()
    params = types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri="file:///x.yml"))
    assert server.on_document_symbol(fake, params) == []
    assert len(fake.logged) == 1
