"""A broken job is still a job, under any URI and with any line ending: through the real server."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from ..conftest import STANDALONE
from .helpers import doc_id, edit, open_doc, position_of, replace_all, wait_diagnostics

REFERENCE = STANDALONE.read_text()
DESCRIPTION = "description: An Image Instance segmentation job using fridge items dataset"
QUOTED = REFERENCE.replace(DESCRIPTION, 'description: "An Image Instance segmentation job using fridge items dataset"')
WITH_PROBLEM = QUOTED.replace("  max_trials: 10", "  max_trials: 10\n  max_total_trials: 3")


def _summary(diagnostics) -> list[tuple[str, tuple[int, int, int, int], str]]:
    return [
        (d.code, (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character), d.message)
        for d in diagnostics
    ]


async def test_deleting_a_closing_quote_marks_the_opening_quote_and_keeps_the_other_problems(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    before = await open_doc(client, uri, WITH_PROBLEM)
    assert [d.code for d in before] == ["AML101"]
    quote = position_of(WITH_PROBLEM, 'dataset"', len("dataset"))
    broken = await edit(client, uri, types.Range(start=quote, end=types.Position(line=quote.line, character=quote.character + 1)), "", 2)
    assert _summary(broken) == [
        ("AML001", (4, 13, 4, 75), 'Close this " quote: the string runs on to the end of its block.'),
        ("AML101", (25, 2, 25, 18), before[0].message),
    ]
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    assert [s.name for s in symbols][:5] == ["$schema", "type", "experiment_name", "description", "compute"]
    restored = await edit(client, uri, types.Range(start=quote, end=quote), '"', 3)
    assert _summary(restored) == _summary(before)


@pytest.mark.parametrize(
    "folder",
    ["My Jobs", "café-équipe", "100% done"],
)
async def test_percent_encoded_uris_get_the_same_diagnostics_as_plain_ones(client, tmp_path, folder):
    plain = (tmp_path / "job.yml").as_uri()
    (tmp_path / folder).mkdir()
    encoded = (tmp_path / folder / "job.yml").as_uri()
    assert "%" in encoded
    expected = _summary(await open_doc(client, plain, WITH_PROBLEM))
    assert [code for code, _, _ in expected] == ["AML101"]
    assert _summary(await open_doc(client, encoded, WITH_PROBLEM)) == expected
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(encoded), position=position_of(WITH_PROBLEM, "max_trials"))
    )
    assert hover is not None and "max_trials" in hover.contents.value
    # Edits and close work under the same spelling.
    changed = await replace_all(client, encoded, REFERENCE, 2)
    assert changed == []
    waiter = asyncio.ensure_future(wait_diagnostics(client, encoded, None))
    await asyncio.sleep(0)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc_id(encoded)))
    assert await waiter == []


async def test_windows_drive_letter_uri_gets_diagnostics(client):
    uri = "file:///c%3A/Users/Me/My%20Jobs/job.yml"
    assert [d.code for d in await open_doc(client, uri, WITH_PROBLEM)] == ["AML101"]


async def test_incremental_edits_after_a_unicode_line_separator_land_on_the_editors_line(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    text = QUOTED.replace('"An Image', '"An\u2028Image')
    assert await open_doc(client, uri, text) == []
    # Line 25 as the editor counts lines: `max_trials` sits there.
    line = text.split("\n")[24]
    assert line == "  max_trials: 10"
    at = types.Position(line=24, character=len(line))
    diagnostics = await edit(client, uri, types.Range(start=at, end=at), "\n  max_total_trials: 3", 2)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics] == [("AML101", 25, 2)]
    fresh = await open_doc(client, (tmp_path / "fresh.yml").as_uri(), text.replace("  max_trials: 10", "  max_trials: 10\n  max_total_trials: 3"))
    assert _summary(fresh) == _summary(diagnostics)


async def test_a_lone_cr_file_gets_diagnostics_inside_the_document(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    text = WITH_PROBLEM.replace("\n", "\r")
    diagnostics = await open_doc(client, uri, text)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("AML101", 25)]
    lines = text.split("\r")
    assert all(d.range.end.line < len(lines) for d in diagnostics)


async def test_a_lone_surrogate_does_not_stop_diagnostics(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    text = WITH_PROBLEM.replace("experiment_name: dpv2", "experiment_name: dp\ud800v2")
    diagnostics = await open_doc(client, uri, text)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics] == [("AML001", 3, 19), ("AML101", 25, 2)]
    assert await open_doc(client, (tmp_path / "next.yml").as_uri(), REFERENCE) == []


async def test_positions_past_the_end_are_answered_inside_the_document(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    await open_doc(client, uri, REFERENCE)
    last = len(REFERENCE.split("\n")) - 1
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=types.Position(line=500, character=80)))
    assert hover is None
    selection = await client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=doc_id(uri), positions=[types.Position(line=500, character=3)])
    )
    for rng in _chain(selection[0]):
        assert rng.end.line <= last
    # A column past the end of `log_verbosity: debug` is read as its end, and answered there: the
    # values replace the whole scalar before it.
    line = REFERENCE.split("\n").index("log_verbosity: debug")
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=line, character=999))
    )
    value = types.Range(start=types.Position(line=line, character=len("log_verbosity: ")), end=types.Position(line=line, character=len("log_verbosity: debug")))
    assert "info" in [item.label for item in completion.items]
    assert all(item.text_edit.insert == value == item.text_edit.replace for item in completion.items)


def _chain(selection: types.SelectionRange):
    while selection is not None:
        yield selection.range
        selection = selection.parent


async def test_merge_conflict_markers_are_marked_through_the_server(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    text = REFERENCE.replace("log_verbosity: debug\n", "<<<<<<< HEAD\nlog_verbosity: debug\n=======\nlog_verbosity: info\n>>>>>>> tune\n")
    diagnostics = await open_doc(client, uri, text)
    assert [(d.code, d.range.start.line, d.severity) for d in diagnostics] == [
        ("AML004", 9, types.DiagnosticSeverity.Error), ("AML004", 11, types.DiagnosticSeverity.Error), ("AML004", 13, types.DiagnosticSeverity.Error),
    ]


async def test_a_job_stays_a_job_while_its_task_is_retyped(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    text = WITH_PROBLEM
    assert [d.code for d in await open_doc(client, uri, text)] == ["AML101"]
    task = position_of(text, "image_instance_segmentation")
    end = types.Position(line=task.line, character=task.character + len("image_instance_segmentation"))
    typing = await edit(client, uri, types.Range(start=types.Position(line=task.line, character=task.character + 2), end=end), "", 2)
    assert [d.code for d in typing] == ["AML103", "AML101"]


async def test_links_and_component_reads_under_a_folder_with_spaces_and_accents(client, tmp_path):
    from ..conftest import PIPELINE

    folder = tmp_path / "My Jobs é"
    (folder / "components").mkdir(parents=True)
    component = PIPELINE.parent / "components" / "component_register_model.yaml"
    (folder / "components" / component.name).write_text(component.read_text())
    pipeline = PIPELINE.read_text()
    uri = (folder / "pipeline.yml").as_uri()
    assert "%20" in uri and "%C3%A9" in uri
    # The component is found through the percent-decoded path: no AML404 "component file not found".
    assert [d.code for d in await open_doc(client, uri, pipeline)] == []
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc_id(uri)))
    assert [link.target for link in links] == [(folder / "components" / component.name).as_uri()]
