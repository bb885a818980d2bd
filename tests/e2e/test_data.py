"""The data checks through the real server: the summary on `path:` with links to the culprit
lines, hover figures, a JSONL file's own diagnostics (open or not), MLTable completion and hover,
document links, and a re-check after a watched-file change."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from automl_job_ls.data.mltable_editing import skeleton

from ..conftest import STANDALONE
from .helpers import TIMEOUT, doc_id, open_doc, position_of, range_of

URL = "azureml://subscriptions/sub/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/data/images/{}.jpg"
MLTABLE = skeleton(None, snippets=False)


def _line(index: int, label: str = "can", polygon=None) -> str:
    polygon = polygon or [[0.1, 0.1, 0.5, 0.1, 0.5, 0.5, 0.1, 0.5]]
    return json.dumps({"image_url": URL.format(index), "label": [{"label": label, "isCrowd": 0, "polygon": polygon}]})


GOOD = [_line(1), _line(2, "carton"), _line(3, "carton")]
# Line 2: a coordinate of 1.3 (pixels, or a typo) removes the only segment: the image is dropped.
BAD = [_line(1), _line(2, "carton", [[0.1, 0.1, 1.3, 0.1, 0.5, 0.5]]), _line(3, "carton")]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The reference job with its two data folders next to it."""
    for name, lines in (("training-mltable-folder", BAD), ("validation-mltable-folder", GOOD)):
        folder = tmp_path / "data" / name
        folder.mkdir(parents=True)
        (folder / "MLTable").write_text(MLTABLE)
        (folder / "train_annotations.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "job.yml").write_text(STANDALONE.read_text())
    return tmp_path


async def _until(client, uri: str, predicate):
    """The diagnostics of `uri` once they satisfy `predicate` (they arrive in several publishes)."""
    async def wait():
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and predicate(list(found)):
                return list(found)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), TIMEOUT)


def _jsonl(workspace: Path) -> Path:
    return workspace / "data" / "training-mltable-folder" / "train_annotations.jsonl"


async def test_summary_on_path_links_to_the_bad_polygon_line(client, workspace):
    job = workspace / "job.yml"
    text = job.read_text()
    uri = from_fs_path(str(job))
    own = await open_doc(client, uri, text)
    assert own == []  # the job's own diagnostics come first, before its data is read
    found = await _until(client, uri, lambda ds: any(d.code == "AML500" for d in ds))
    assert [d.code for d in found] == ["AML500"]
    summary = found[0]
    assert summary.severity == types.DiagnosticSeverity.Warning
    assert summary.range == range_of(text, "data/training-mltable-folder")
    assert summary.message == (
        "1 of 3 images would be dropped: train_annotations.jsonl line 2, coordinate 1.3 of segment 1 is outside [0, 1] "
        "(coordinates are fractions of the image's width and height)."
    )
    line = BAD[1]
    column = line.index("1.3")
    assert [(r.location.uri, r.location.range) for r in summary.related_information] == [(
        from_fs_path(str(_jsonl(workspace))),
        types.Range(start=types.Position(line=1, character=column), end=types.Position(line=1, character=column + 3)),
    )]
    # The JSONL file has the same problem as its own diagnostic, although it is not open.
    data = await _until(client, from_fs_path(str(_jsonl(workspace))), lambda ds: bool(ds))
    assert [(d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character) for d in data] == [
        ("AML529", types.DiagnosticSeverity.Warning, 1, column, column + 3)
    ]
    assert data[0].message.startswith("Coordinate 1.3 of segment 1 is outside [0, 1]")


async def test_hover_on_training_data_shows_the_figures(client, workspace):
    job = workspace / "job.yml"
    text = job.read_text()
    uri = from_fs_path(str(job))
    await open_doc(client, uri, text)
    await _until(client, uri, lambda ds: any(d.code == "AML500" for d in ds))
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(text, "training_data", 3))
    )
    value = hover.contents.value
    assert hover.range == range_of(text, "training_data")
    assert value.startswith("**training_data**: `data/training-mltable-folder`\n\n")
    assert "2 image(s) kept of 3 in 1 JSONL file(s)  \n" in value
    assert "2 object(s) in 2 class(es)  \n- `can` 1, `carton` 1  \n" in value
    assert "Would be dropped: 1 image(s), 1 object(s)" in value
    valid = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(text, "validation_data", 3))
    )
    assert "3 image(s) kept of 3 in 1 JSONL file(s)" in valid.contents.value
    assert "- `carton` 2, `can` 1" in valid.contents.value


async def test_open_jsonl_file_gets_diagnostics_on_the_exact_value(client, workspace):
    path = _jsonl(workspace)
    uri = from_fs_path(str(path))
    text = "\n".join([_line(1), _line(2, "can", {"x": 1}), '{"image_url": "images/3.jpg", "label": []}']) + "\n"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="jsonl", version=1, text=text)))
    found = await _until(client, uri, lambda ds: len(ds) == 2)
    lines = text.split("\n")
    crash, relative = sorted(found, key=lambda d: d.range.start.line)
    assert (crash.code, crash.severity) == ("AML531", types.DiagnosticSeverity.Error)
    start = lines[1].index('{"x": 1}')
    assert crash.range == types.Range(start=types.Position(line=1, character=start), end=types.Position(line=1, character=start + 8))
    start = lines[2].index('"images/3.jpg"')
    assert (relative.code, relative.range) == ("AML524", types.Range(
        start=types.Position(line=2, character=start), end=types.Position(line=2, character=start + len('"images/3.jpg"'))))
    assert "relative path" in relative.message


async def test_watched_file_change_rechecks_the_job(client, workspace):
    job = workspace / "job.yml"
    uri = from_fs_path(str(job))
    await open_doc(client, uri, job.read_text())
    await _until(client, uri, lambda ds: any(d.code == "AML500" for d in ds))
    for _ in range(100):  # registered right after `initialized`, once the settings are in
        if client.registrations:
            break
        await asyncio.sleep(0.05)
    registration = client.registrations[0].registrations[0]
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert [w["globPattern"] for w in registration.register_options["watchers"]] == ["**/MLTable", "**/*.jsonl"]
    path = _jsonl(workspace)
    path.write_text("\n".join(GOOD) + "\n")  # the polygon is fixed on disk
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(path)), type=types.FileChangeType.Changed)]))
    assert await _until(client, uri, lambda ds: not ds) == []
    assert await _until(client, from_fs_path(str(path)), lambda ds: not ds) == []


async def test_mltable_file_speaks_completion_hover_diagnostics_and_links(client, workspace):
    folder = workspace / "data" / "training-mltable-folder"
    path = folder / "MLTable"
    uri = from_fs_path(str(path))
    text = MLTABLE.replace("encoding: utf8", "encoding: utf8bom").replace("column_type: stream_info", "column_type: stream_info\n      ")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    found = await _until(client, uri, lambda ds: any(d.code == "AML512" for d in ds))
    assert [(d.code, d.range) for d in found if d.code == "AML512"] == [("AML512", range_of(text, "utf8bom"))]
    position = position_of(text, "encoding: ", len("encoding: "))
    items = await client.text_document_completion_async(types.CompletionParams(text_document=doc_id(uri), position=position))
    labels = [item.label for item in items.items]
    assert labels[:6] == ["utf8", "iso88591", "latin1", "ascii", "utf16", "windows1252"]
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(text, "invalid_lines", 2)))
    assert hover.contents.value.startswith("**invalid_lines** (string)\n\nWhat a line that is not a JSON object does")
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc_id(uri)))
    assert [(link.range, link.target) for link in links] == [
        (range_of(text, "./train_annotations.jsonl"), from_fs_path(str(folder / "train_annotations.jsonl")))]


async def test_job_path_links_to_its_mltable(client, workspace):
    job = workspace / "job.yml"
    text = job.read_text()
    uri = from_fs_path(str(job))
    await open_doc(client, uri, text)
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc_id(uri)))
    assert [(link.range, link.target) for link in links] == [
        (range_of(text, "data/training-mltable-folder"), from_fs_path(str(workspace / "data/training-mltable-folder/MLTable"))),
        (range_of(text, "data/validation-mltable-folder"), from_fs_path(str(workspace / "data/validation-mltable-folder/MLTable"))),
    ]
