"""The server's documents: the LSP line model inside pygls, lookups as pygls keys them, one parse per version."""

from __future__ import annotations

from lsprotocol import types

from automl_job_ls.lsp.server import AutomlJobServer, LspTextDocument, LspWorkspace, from_lsp_position, to_lsp_range
from automl_job_ls.nodes import Position, Range


def _change(text: str, l1: int, c1: int, l2: int, c2: int, new: str) -> str:
    doc = LspTextDocument("file:///job.yml", text)
    doc.apply_change(
        types.TextDocumentContentChangePartial(range=types.Range(start=types.Position(l1, c1), end=types.Position(l2, c2)), text=new)
    )
    return doc.source


def test_incremental_edits_count_lines_as_the_editor_does():
    # U+2028 and a form feed are inside line 0 for the editor; pygls's own split would make three lines.
    assert _change("a: x\u2028y\x0cz\nb: 1\n", 1, 3, 1, 4, "2") == "a: x\u2028y\x0cz\nb: 2\n"
    assert _change("a: 1\rb: 1\r\nc: 1", 2, 3, 2, 4, "3") == "a: 1\rb: 1\r\nc: 3"


def test_the_empty_last_line_is_a_line():
    doc = LspTextDocument("file:///job.yml", "a: 1\n")
    assert doc.lines == ("a: 1\n", "")
    assert _change("a: 1\n", 1, 0, 1, 0, "b: 2") == "a: 1\nb: 2"
    assert LspTextDocument("file:///job.yml", "").lines == ("",)


def test_positions_are_clamped_to_the_document_both_ways():
    doc = LspTextDocument("file:///job.yml", "a: 😀x\nb: 1\n")
    assert from_lsp_position(doc, types.Position(0, 99)) == Position(0, 5)
    assert from_lsp_position(doc, types.Position(9, 3)) == Position(2, 0)
    assert from_lsp_position(doc, types.Position(0, 4)) == Position(0, 4)  # after the emoji: 2 UTF-16 units
    assert to_lsp_range(doc, Range.of(0, 3, 7, 9)) == types.Range(start=types.Position(0, 3), end=types.Position(2, 0))
    assert to_lsp_range(doc, Range.of(0, 4, 0, 5)) == types.Range(start=types.Position(0, 5), end=types.Position(0, 6))


def _server_with(*docs: tuple[str, str]) -> AutomlJobServer:
    ls = AutomlJobServer()
    ls.protocol._workspace = LspWorkspace(None)
    for uri, text in docs:
        ls.workspace.put_text_document(types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text))
    return ls


def test_any_spelling_of_an_open_uri_finds_it_and_closed_ones_are_not_found():
    ls = _server_with(("file:///home/me/My%20Jobs/job.yml", "type: automl\n"))
    assert ls.open_document("file:///home/me/My%20Jobs/job.yml").source == "type: automl\n"
    assert ls.open_document("file:///home/me/My Jobs/job.yml") is ls.open_document("file:///home/me/My%20Jobs/job.yml")
    assert ls.open_document("file:///home/me/other.yml") is None


def test_one_parse_per_version_and_a_new_one_when_the_globs_change_the_kind():
    uri = "file:///w/partial-train.yml"
    ls = _server_with((uri, "training_parameters:\n  lerning_rate: 1\n"))
    _, first = ls.parsed(uri)
    _, again = ls.parsed(uri)
    assert again is first and not first.is_ours
    ls.settings.job_globs = ["*-train.yml"]
    _, forced = ls.parsed(uri)
    assert forced is not first and forced.is_ours
