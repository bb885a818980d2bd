"""What completion offers inside an unfinished `${{parent...}}` binding: each name with what it is."""

from __future__ import annotations

import pytest

from automl_job_ls.document import parse
from automl_job_ls.features.binding_completion import candidates, partial_at

from ...conftest import PIPELINE
from .helpers import PIPE

SEG, REGISTER = "image_instance_segmentation_node", "register_model_node"


@pytest.mark.parametrize(("before", "expected"), [
    ([], [("parent", "the pipeline job")]),
    (["parent"], [("inputs", "inputs of the pipeline"), ("outputs", "outputs of the pipeline"), ("jobs", "steps of the pipeline")]),
    (["parent", "inputs"], [("image_instance_segmentation_training_data", "pipeline input"),
                            ("image_instance_segmentation_validation_data", "pipeline input")]),
    (["parent", "outputs"], []),
    (["parent", "jobs"], [(SEG, "step"), (REGISTER, "step")]),
    (["parent", "jobs", REGISTER], [("inputs", f"inputs of step {REGISTER}"), ("outputs", f"outputs of step {REGISTER}")]),
    (["parent", "jobs", REGISTER, "inputs"], [("model_input_path", f"input of step {REGISTER}"),
                                              ("model_base_name", f"input of step {REGISTER}")]),
    (["parent", "jobs", SEG, "outputs"], [("best_model", f"output of step {SEG}")]),
    (["parent", "jobs", "no_such_step", "inputs"], []),
    (["parent", "jobs", SEG, "outputs", "best_model"], []),
    (["inputs"], []),  # only `parent` opens a pipeline binding
])
def test_candidates_on_the_reference_pipeline(before, expected):
    assert candidates(parse(PIPE, path=str(PIPELINE)), before) == expected


def test_a_local_component_adds_the_names_it_declares(tmp_path):
    (tmp_path / "comp.yml").write_text(
        "type: command\ninputs:\n  images:\n    type: uri_folder\n  limit:\n    type: integer\n"
        "outputs:\n  report:\n    type: uri_file\ncommand: echo\n"
    )
    text = "type: pipeline\njobs:\n  prep:\n    type: command\n    component: file:./comp.yml\n    inputs:\n      limit: 3\n"
    doc = parse(text, path=str(tmp_path / "pipeline.yml"))
    # What the step binds first, then what only the component declares.
    assert candidates(doc, ["parent", "jobs", "prep", "inputs"]) == [
        ("limit", "input of step prep"), ("images", "input of component ./comp.yml")]
    assert candidates(doc, ["parent", "jobs", "prep", "outputs"]) == [("report", "output of component ./comp.yml")]
    # An unsaved document has no folder to find the component in.
    assert candidates(parse(text), ["parent", "jobs", "prep", "inputs"]) == [("limit", "input of step prep")]


def test_no_pipeline_names_outside_a_mapping_document():
    assert candidates(parse("- type: pipeline\n"), ["parent"]) == []


@pytest.mark.parametrize(("line", "column", "expected"), [
    ("    training_data: ${{parent.inputs.tra", 39, (["parent", "inputs"], 36)),
    ("    training_data: ${{ par", 26, ([], 23)),
    ("    training_data: ${{parent.inputs.x}} and", 41, None),  # after the closing braces
    ("    training_data: parent.inputs.", 33, None),
])
def test_partial_binding_at_the_cursor(line, column, expected):
    assert partial_at(line, column) == expected


def test_pipeline_outputs_are_offered_by_name():
    text = PIPE.replace("jobs:\n", "outputs:\n  trained_model:\n    type: mlflow_model\n\njobs:\n", 1)
    assert candidates(parse(text, path=str(PIPELINE)), ["parent", "outputs"]) == [("trained_model", "pipeline output")]
