"""Our own data cases: exact places and words of the rules, references in pipelines and to remote
data, where relative paths resolve, the take/skip window, the cache, and the fast path's
agreement with the annotation JSON Schema."""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path

import pytest

from automl_job_ls.data import check as check_module
from automl_job_ls.data import jsonl
from automl_job_ls.data.annotations import check_row
from automl_job_ls.data.schemas import annotation_validator
from automl_job_ls.data.summary import hover_text, summary
from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.nodes import Position, Range

from .conftest import GOOD_POLYGON, MLTABLE, URL, job_text, run_check


def _line(index: int, **obj) -> str:
    base = {"label": "can", "isCrowd": 0, "polygon": GOOD_POLYGON}
    base.update(obj)
    return json.dumps({"image_url": URL.format(index), "label": [base]})


def _folder(root: Path, lines: list[str], name: str = "data", mltable: str = MLTABLE) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "MLTable").write_text(mltable)
    (folder / "train_annotations.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def _span(line: str, needle: str) -> tuple[int, int]:
    start = line.index(needle)
    return start, start + len(needle)


def _job(root: Path, text: str) -> Path:
    job = root / "job.yml"
    job.write_text(text)
    return job


def test_a_segment_outside_the_unit_square_is_removed_and_marked_on_its_coordinate(tmp_path):
    bad = _line(2, polygon=[[0.1, 0.1, 1.5, 0.1, 0.5, 0.5], GOOD_POLYGON[0]])
    folder = _folder(tmp_path, [_line(1), bad])
    _, found = run_check(_job(tmp_path, job_text("./data")))
    data = [d for d in found if d.file]
    assert [(d.code, d.severity, d.file, d.range) for d in data] == [
        ("AML530", Severity.WARNING, str(folder / "train_annotations.jsonl"), Range(Position(1, _span(bad, "1.5")[0]), Position(1, _span(bad, "1.5")[1])))
    ]
    assert data[0].message == ("Coordinate 1.5 of segment 1 is outside [0, 1] (coordinates are fractions of the image's width and height): "
                               "the runtime silently removes this segment; the object keeps the others.")


def test_iscrowd_read_as_zero_is_marked_on_its_value(tmp_path):
    bad = _line(2, isCrowd="yes")
    _folder(tmp_path, [_line(1), bad])
    _, found = run_check(_job(tmp_path, job_text("./data")))
    crowd = [d for d in found if d.code == "AML532"]
    assert [(d.range.start.line, d.range.start.character, d.range.end.character) for d in crowd] == [(1, *_span(bad, '"yes"'))]


def test_summary_counts_dropped_images_and_links_each_culprit(tmp_path):
    lines = [_line(1), _line(2, polygon=[[0.1, 0.1, 0.5]]), _line(3, polygon=[[0.1, 0.1, 0.5, 0.1]]), _line(4)]
    folder = _folder(tmp_path, lines)
    reports, found = run_check(_job(tmp_path, job_text("./data")))
    total = next(d for d in found if d.code == "AML500")
    assert total.severity == Severity.WARNING and total.file is None
    assert total.message.startswith("2 of 4 images would be dropped: train_annotations.jsonl line 2, segment 1 of `polygon` has 3 numbers, an odd count; "
                                    "train_annotations.jsonl line 3, segment 1 of `polygon` has 2 point(s)")
    assert [(r.file, r.range.start.line) for r in total.related] == [(str(folder / "train_annotations.jsonl"), 1), (str(folder / "train_annotations.jsonl"), 2)]
    text = hover_text(reports[0], markdown=False)
    assert text.splitlines() == [
        "training_data: ./data", "", "2 image(s) kept of 4 in 1 JSONL file(s)", "2 object(s) in 1 class(es)", "can 2",
        "Would be dropped: 2 image(s), 2 object(s)",
    ]


def test_a_code_turned_off_is_not_summed_up(tmp_path):
    _folder(tmp_path, [_line(1), _line(2, isCrowd="TRUE")])
    reports, _ = run_check(_job(tmp_path, job_text("./data")))
    kept = [d for d in reports[0].diagnostics if d.code != "AML532"]
    assert summary(reports[0], kept) is None


def test_pipeline_input_bound_to_the_step_gets_the_summary_on_its_path(tmp_path):
    _folder(tmp_path, [_line(1), _line(2, polygon={"x": 1})])
    text = (
        "type: pipeline\ninputs:\n  train:\n    type: mltable\n    path: ./data\n  other:\n    type: uri_folder\n    path: ./data\n"
        "jobs:\n  seg:\n    type: automl\n    task: image_instance_segmentation\n    target_column_name: label\n"
        "    training_data: ${{parent.inputs.train}}\n    validation_data: ${{parent.inputs.other}}\n"
    )
    reports, found = run_check(_job(tmp_path, text))
    assert [(r.ref.role, r.ref.job, r.ref.text) for r in reports] == [("training_data", "seg", "./data")]
    total = next(d for d in found if d.code == "AML500")
    assert total.severity == Severity.ERROR and total.range == Range(Position(4, 10), Position(4, 16))
    assert reports[0].ref.key == Range(Position(13, 4), Position(13, 17))


@pytest.mark.parametrize("path", ["azureml:fridge-items:1", "azureml://datastores/blob/paths/train", "https://example.invalid/data"])
def test_remote_data_gets_one_hint_and_is_not_read(tmp_path, path):
    _, found = run_check(_job(tmp_path, job_text(path)))
    assert [(d.code, d.severity, d.range.start.line) for d in found] == [("AML517", Severity.HINT, 7)]


def test_a_missing_folder_is_said_in_the_hover_not_flagged(tmp_path):
    reports, found = run_check(_job(tmp_path, job_text("./nope")))
    assert found == [] and reports[0].missing
    assert "`./nope` does not exist next to this job file, so its data is not checked." in hover_text(reports[0], True)


def test_a_path_found_only_from_the_workspace_root_is_a_warning(tmp_path):
    _folder(tmp_path, [_line(1)], name="shared-data")
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    _, found = run_check(_job(jobs, job_text("shared-data")), roots=[tmp_path])
    assert [(d.code, d.severity) for d in found] == [("AML518", Severity.WARNING)]
    assert str(tmp_path) in found[0].message


def test_data_outside_the_workspace_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    _folder(outside, [_line(1, polygon={"x": 1})])
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    _, found = run_check(_job(workspace, job_text(str(outside / "data"))), roots=[workspace])
    assert [(d.code, d.severity) for d in found] == [("AML517", Severity.HINT)]


def test_lines_after_take_are_never_used(tmp_path):
    mltable = MLTABLE + "  - take: 1\n"
    _folder(tmp_path, [_line(1), _line(2, polygon=[[0.1]])], mltable=mltable)
    reports, found = run_check(_job(tmp_path, job_text("./data")))
    assert found == [] and reports[0].dataset.stats.rows == 1


def test_nan_and_pretty_printed_lines_fail_the_run_with_their_line_numbers(tmp_path):
    nan = '{"image_url": "%s", "label": [{"label": "can", "polygon": [[NaN, 0.1, 0.5, 0.1, 0.5, 0.5]]}]}' % URL.format(2)
    folder = _folder(tmp_path, [_line(1), nan, "{", '  "image_url": "x"', "}"])
    _, found = run_check(_job(tmp_path, job_text("./data")))
    bad = [(d.code, d.range.start.line) for d in found if d.file == str(folder / "train_annotations.jsonl")]
    assert bad == [("AML520", 1), ("AML520", 2), ("AML520", 3), ("AML520", 4)]
    assert "`NaN` is not valid JSON" in next(d.message for d in found if d.range.start.line == 1 and d.file)


def test_a_label_column_under_another_key_names_it(tmp_path):
    line = json.dumps({"image_url": URL.format(1), "annotations": [{"label": "can", "polygon": GOOD_POLYGON}]})
    _folder(tmp_path, [line])
    _, found = run_check(_job(tmp_path, job_text("./data")))
    missing = next(d for d in found if d.code == "AML526")
    assert missing.severity == Severity.ERROR
    assert missing.message.endswith("The annotations are under `annotations`: set `target_column_name: annotations` in the job, or rename the key.")


def test_an_open_buffer_wins_over_the_disk(tmp_path):
    folder = _folder(tmp_path, [_line(1), _line(2)])
    buffer = _line(1) + "\n" + _line(2, label=7) + "\n"
    _, found = run_check(_job(tmp_path, job_text("./data")), open_texts={str(folder / "train_annotations.jsonl"): buffer})
    assert [d.code for d in found if d.severity == Severity.ERROR] == ["AML533", "AML500"]


def test_files_are_read_once_per_size_and_mtime(tmp_path, monkeypatch):
    folder = _folder(tmp_path, [_line(1), _line(2)])
    job = _job(tmp_path, job_text("./data"))
    calls = []
    real = check_module.scan_file
    monkeypatch.setattr(check_module, "scan_file", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    run_check(job)
    run_check(job)
    assert len(calls) == 1
    data = folder / "train_annotations.jsonl"
    data.write_text(_line(1) + "\n")
    os.utime(data, ns=(1, 1))
    _, found = run_check(job)
    assert len(calls) == 2 and found == []


def test_locate_finds_values_and_keys_in_one_line():
    text = '{"a": 1, "label": [{"label": "x", "polygon": [[0.1, 0.2], [0.3]]}], "é": "ü"}'
    assert jsonl.locate(text, ("label", 0, "polygon", 1, 0)) == _span(text, "0.3")
    assert jsonl.locate(text, ("label", 0, "label")) == _span(text, '"x"')
    assert jsonl.locate(text, ("é",)) == _span(text, '"ü"')
    assert jsonl.locate_key(text, ("label", 0, "polygon")) == _span(text, '"polygon"')
    assert jsonl.locate(text, ("nope",)) is None
    assert jsonl.locate(text, ("label", 3)) is None


def _mutations(seed: int):
    rng = random.Random(seed)
    base = {"image_url": URL.format(1), "image_details": {"format": "jpg", "width": 499, "height": "666px"},
            "label": [{"label": "can", "isCrowd": 0, "polygon": [[0.1, 0.1, 0.5, 0.1, 0.5, 0.5]]}]}
    values = [None, True, False, 0, 1, 2, 1.0, 1.5, -1, "", "x", "1", "499px", "jpg", "exe", [], [0.2], {}, {"a": 1},
              [[0.1, 0.1, 0.5, 0.1, 0.5, 0.5]], [0.1, 0.1, 0.5, 0.1, 0.5, 0.5]]
    paths = [("image_url",), ("image_details",), ("image_details", "format"), ("image_details", "width"), ("label",),
             ("label", 0), ("label", 0, "label"), ("label", 0, "isCrowd"), ("label", 0, "polygon"), ("label", 0, "polygon", 0),
             ("label", 0, "polygon", 0, 2)]
    for _ in range(1500):
        row = copy.deepcopy(base)
        for _ in range(rng.randint(1, 2)):
            path = rng.choice(paths)
            node = row
            try:
                for step in path[:-1]:
                    node = node[step]
                if rng.random() < 0.15 and isinstance(node, dict):
                    node.pop(path[-1], None)
                else:
                    node[path[-1]] = copy.deepcopy(rng.choice(values))
            except (KeyError, IndexError, TypeError):
                pass
        yield row


def test_the_fast_path_agrees_with_the_annotation_schema():
    """A line skips the jsonschema walk only when jsonschema would find nothing."""
    validator = annotation_validator("label")
    disagreements = [row for row in _mutations(11) if check_row(row, "label").conforms and not validator.is_valid(row)]
    assert disagreements == []
    conforming = sum(1 for row in _mutations(11) if check_row(row, "label").conforms)
    assert conforming > 50  # the corpus has clean lines too, so the fast path is exercised
