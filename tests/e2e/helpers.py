"""Small helpers for driving the real server: open/change documents, wait for diagnostics,
and find positions in a text by a marker, so tests state exact places without magic numbers."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

TIMEOUT = 15


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """0-based line and UTF-16 column of `needle` (+offset code units) in `text`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    column = len(text[start:index].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column + offset)


def range_of(text: str, needle: str, occurrence: int = 0) -> types.Range:
    start = position_of(text, needle, occurrence=occurrence)
    width = len(needle.encode("utf-16-le")) // 2
    return types.Range(start=start, end=types.Position(line=start.line, character=start.character + width))


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def wait_diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for `uri` at exactly `version`."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)

    return await asyncio.wait_for(wait(), TIMEOUT)


async def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> list[types.Diagnostic]:
    waiter = asyncio.ensure_future(wait_diagnostics(client, uri, version))
    await asyncio.sleep(0)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text))
    )
    return await waiter


async def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> list[types.Diagnostic]:
    waiter = asyncio.ensure_future(wait_diagnostics(client, uri, version))
    await asyncio.sleep(0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await waiter


async def edit(client: LanguageClient, uri: str, rng: types.Range, new_text: str, version: int) -> list[types.Diagnostic]:
    """An incremental change, as editors send while typing."""
    waiter = asyncio.ensure_future(wait_diagnostics(client, uri, version))
    await asyncio.sleep(0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new_text)],
        )
    )
    return await waiter


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to `text`, last first."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for index, ch in enumerate(line):
            if units >= pos.character:
                return before + index
            units += len(ch.encode("utf-16-le")) // 2
        return before + len(line)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
        lines = text.split("\n")
    return text
