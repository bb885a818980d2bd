"""Document links to local files."""

from __future__ import annotations

from automl_job_ls.document import parse
from automl_job_ls.features import links
from automl_job_ls.nodes import Range



def test_links_skip_remote_and_missing_paths(tmp_path):
    (tmp_path / "data").mkdir()
    text = "type: automl\ntask: image_instance_segmentation\ntraining_data:\n  path: data\nvalidation_data:\n  path: azureml:val:1\ntest_data:\n  path: nope\n"
    found = links.links(parse(text), tmp_path)
    assert [(link.range, link.target) for link in found] == [(Range.of(3, 8, 3, 12), tmp_path / "data")]


def test_links_in_document_order_with_quotes_and_file_prefixes(tmp_path):
    for folder in ("train", "valid", "src"):
        (tmp_path / folder).mkdir()
    (tmp_path / "component.yml").write_text("type: command\n")
    text = (
        "type: pipeline\n"
        "jobs:\n"
        "  seg:\n"
        "    type: automl\n"
        "    task: image_instance_segmentation\n"
        "    training_data:\n"
        "      path: \"train\"\n"
        "    validation_data:\n"
        "      path: 'file:valid'\n"
        "  prep:\n"
        "    component: file:component.yml\n"
        "    code: src\n"
    )
    found = links.links(parse(text), tmp_path)
    # The range covers the path alone: not the quotes, not the `file:` prefix.
    assert [(link.range, link.target) for link in found] == [
        (Range.of(6, 13, 6, 18), tmp_path / "train"),
        (Range.of(8, 18, 8, 23), tmp_path / "valid"),
        (Range.of(10, 20, 10, 33), tmp_path / "component.yml"),
        (Range.of(11, 10, 11, 13), tmp_path / "src"),
    ]


def test_no_links_for_bindings_other_keys_or_other_files(tmp_path):
    # Even a folder whose name looks like a binding: a binding is resolved when the job runs.
    (tmp_path / "${{parent.inputs.data}}").mkdir()
    (tmp_path / "data").mkdir()
    job = "type: automl\ntask: image_instance_segmentation\n"
    assert links.links(parse(job + "training_data:\n  path: ${{parent.inputs.data}}\n"), tmp_path) == []
    assert links.links(parse(job + "name: data\ntags:\n  path_hint: data\n"), tmp_path) == []
    # Another kind of job is not ours, even with a path that exists.
    assert links.links(parse("type: command\ncode: data\n"), tmp_path) == []
    assert links.links(parse(job + "training_data:\n  path: data\n"), None) == []


def test_a_data_folder_link_opens_its_mltable_and_the_mltable_links_its_files(tmp_path):
    folder = tmp_path / "data" / "train"
    folder.mkdir(parents=True)
    (folder / "MLTable").write_text("paths:\n  - file: ./train.jsonl\ntransformations:\n  - read_json_lines:\n      encoding: utf8\n")
    (folder / "train.jsonl").write_text("{}\n")
    job = "type: automl\ntask: image_instance_segmentation\ntraining_data:\n  path: data/train\n  type: mltable\ncode: data\n"
    assert links.document_links(parse(job), tmp_path / "job.yml", [tmp_path]) == [
        (Range.of(3, 8, 3, 18), folder / "MLTable"),  # not the folder: the file that says what the data is
        (Range.of(5, 6, 5, 10), tmp_path / "data"),
    ]
    mltable = folder / "MLTable"
    assert links.document_links(parse(mltable.read_text()), mltable, [tmp_path]) == [(Range.of(1, 10, 1, 23), folder / "train.jsonl")]
    assert links.document_links(parse(job), None, [tmp_path]) == []  # an unsaved job has no folder
