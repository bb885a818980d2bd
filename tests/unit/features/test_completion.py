"""Completion on documents: keys, values, distributions, skeleton, pipeline inputs and bindings."""

from __future__ import annotations

from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.document import parse
from automl_job_ls.features import completion
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE
from .helpers import BASE, PIPE, TRAIN_INPUT, at, labels


def test_keys_at_the_top_level_leave_out_present_and_dump_only_keys():
    got = labels(BASE + "\n|")
    assert "outputs" in got and "name" in got
    assert "task" not in got and "training_parameters" not in got  # present
    assert "status" not in got and "creation_context" not in got  # ignored on submission


def test_values_for_enums_booleans_and_unions():
    # The default first, then the documented order.
    assert labels(BASE.replace("log_verbosity: debug", "log_verbosity: |")) == ["info", "not_set", "debug", "warning", "error", "critical"]
    assert labels(BASE.replace("early_stopping: True", "early_stopping: |")) == ["true", "false"]
    assert labels(BASE.replace("sampling_algorithm: random", "sampling_algorithm: |")) == ["random", "grid", "bayesian"]
    assert labels(BASE.replace("    type: bandit", "    type: |")) == ["bandit", "median_stopping", "truncation_selection"]


def test_distribution_types_depend_on_the_hyperparameter_kind():
    float_kinds = labels(BASE.replace("      type: uniform", "      type: |"))
    assert {"uniform", "loguniform", "normal", "lognormal", "choice", "randint"} <= set(float_kinds)
    int_kinds = labels(BASE.replace("      values: [600, 800]", "").replace("    min_size:\n      type: choice", "    min_size:\n      type: |"))
    assert "uniform" not in int_kinds and "normal" not in int_kinds and int_kinds[0] == "choice"
    bool_kinds = labels(BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    nesterov:\n      type: |"))
    assert bool_kinds == ["choice"]


def test_choice_values_follow_the_hyperparameter():
    assert labels(BASE.replace("values: [maskrcnn_resnet50_fpn]", "values: [maskrcnn_resnet50_fpn, |]"))[:4] == [
        "maskrcnn_resnet18_fpn", "maskrcnn_resnet34_fpn", "maskrcnn_resnet101_fpn", "maskrcnn_resnet152_fpn"]


def test_pipeline_node_gets_job_completion():
    text = PIPELINE.read_text().replace("      evaluation_frequency: 1", "      evaluation_frequency: 1\n      optimizer: |")
    assert labels(text) == ["sgd", "none", "adam", "adamw"]


def test_not_a_job_gets_no_completion_but_an_empty_file_gets_the_skeleton():
    assert labels("on: push\njobs:\n  build:\n    |") == []
    assert labels("|") == ["AutoML image instance segmentation job"]
    clean, pos = at("# a new job\n|")
    item = completion.complete(parse(clean), store(), pos, completion.Options(snippets=False))[0]
    assert not item.snippet and "${" not in item.text
    assert analyze(clean + item.text).diagnostics == []  # the skeleton is itself a clean job
    # At the end of the header comment: on a line of its own, ranged to the end of that line.
    clean, pos = at("# a new job|")
    [item] = completion.complete(parse(clean), store(), pos, completion.Options(snippets=False))
    assert item.text.startswith("\n$schema: ") and item.replace == Range.of(0, 11, 0, 11)
    clean, pos = at("# a new |job")
    assert completion.complete(parse(clean), store(), pos, completion.Options()) == []  # inside the comment


def test_snippet_skeleton_is_a_clean_job_once_filled_with_defaults():
    text = completion.skeleton_text(store(), snippets=False)
    assert analyze(text).document.is_ours and analyze(text).diagnostics == []


def test_compute_names():
    assert labels(BASE.replace("compute: azureml:gpu-cluster", "compute: |"), computes=["a100"]) == ["azureml:", "local", "azureml:a100"]
    assert completion.computes_in(["compute: azureml:x-1\n", "settings:\n  default_compute: azureml:y\n", "compute: local"]) == ["x-1", "y"]


def test_completion_in_pipeline_inputs_and_command_steps():
    assert labels(PIPE.replace(TRAIN_INPUT, TRAIN_INPUT + "    |\n")) == ["mode", "datastore"]
    assert labels(PIPE.replace(TRAIN_INPUT, TRAIN_INPUT + "    mode: |\n")) == ["ro_mount", "download", "direct", "eval_mount", "eval_download"]
    # A step's own type offers every kind of step (AutoML only where the written keys fit one);
    # inside a command step, its keys (not ours).
    assert labels(PIPE.replace("    type: command\n", "    type: |\n")) == [
        "command", "import", "sweep", "parallel", "pipeline", "spark", "data_transfer",
    ]
    assert "automl" in labels(PIPE.replace("  register_model_node:\n    type: command\n", "  register_model_node:\n    type: |\n").replace(
        "    component: file:./components/component_register_model.yaml\n", ""
    ).replace("    inputs:\n      model_input_path: ${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}\n      model_base_name: fridge_items_segmentation_model\n", ""))
    assert labels(PIPE.replace("    type: command\n", "    type: command\n    |\n")) == ["command", "environment", "outputs", "compute"]


def test_completion_inside_bindings_walks_the_pipeline():
    best = "${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}"

    def binding_labels(partial: str, trigger=None) -> list[str]:
        text, pos = at(PIPE.replace(best, partial + "|"))
        options = completion.Options(trigger=trigger)
        return [i.label for i in completion.complete(parse(text, path=str(PIPELINE)), store(), pos, options)]

    assert binding_labels("${{") == ["parent"]
    assert binding_labels("${{parent.", ".") == ["inputs", "outputs", "jobs"]
    assert binding_labels("${{parent.inputs.", ".") == ["image_instance_segmentation_training_data", "image_instance_segmentation_validation_data"]
    assert binding_labels("${{ parent.jobs.", ".") == ["image_instance_segmentation_node", "register_model_node"]
    assert binding_labels("${{parent.jobs.image_instance_segmentation_node.outputs.be") == ["best_model"]
    # The component file declares the inputs of register_model_node.
    assert binding_labels("${{parent.jobs.register_model_node.inputs.") == ["model_input_path", "model_base_name"]
    text, pos = at(PIPE.replace(best, "${{parent.jobs.image_instance_segmentation_node.outputs.be|"))
    [item] = completion.complete(parse(text, path=str(PIPELINE)), store(), pos, completion.Options())
    assert item.replace == Range(Position(pos.line, pos.character - 2), pos)


def test_a_dot_typed_outside_a_binding_asks_for_nothing():
    text, pos = at(PIPE.replace("      timeout_minutes: 180", "      timeout_minutes: 1.|"))
    assert completion.complete(parse(text), store(), pos, completion.Options(trigger=".")) == []
