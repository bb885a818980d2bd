"""What the named rules say: each diagnostic's code, severity, exact range and whole message, in
the forms a user writes (singular and plural, with and without a suggestion), and the cases
where a rule must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze

from ..conftest import PIPELINE
from .features.helpers import BASE, PIPE, span

NO_SETTINGS = PIPE.replace("settings:\n  default_compute: azureml:gpu-cluster\n\n", "")
COMPONENT = "    component: file:./components/component_register_model.yaml\n"
REGISTER_INPUTS = (
    "    inputs:\n"
    "      model_input_path: ${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}\n"
    "      model_base_name: fridge_items_segmentation_model\n"
)


def found(text: str, path: str | None = None) -> list[tuple]:
    return [(d.code, d.severity, d.range, d.message) for d in analyze(text, path).diagnostics]


def training(line: str) -> str:
    return BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n" + line)


# -- search space ---------------------------------------------------------------------------------------
NO_VALUES = "Add `values`: `choice` for `min_size` has none, so the sweep has nothing to try (the CLI accepts it)."


@pytest.mark.parametrize("values,extra", [
    ("", []),  # no `values` key at all
    ("      values: null\n", [("AML102", Severity.ERROR, "values: null", "null", "`search_space[0].min_size.values` may not be null.")]),
])
def test_a_choice_with_no_values_is_flagged_at_its_hyperparameter(values, extra):
    text = BASE.replace("      values: [600, 800]\n", values)
    expected = [("AML204", Severity.WARNING, span(text, "min_size", "search_space"), NO_VALUES)]
    expected += [(code, severity, span(text, part, after), message) for code, severity, after, part, message in extra]
    assert sorted(found(text)) == sorted(expected)


def test_an_empty_choice_is_flagged_at_its_list():
    text = BASE.replace("values: [600, 800]", "values: []")
    assert found(text) == [("AML204", Severity.WARNING, span(text, "[]"),
                            "List values to try: `choice` for `min_size` is empty, so the sweep has nothing to try (the CLI accepts it).")]


def test_swapped_bounds_name_both_values_and_the_hyperparameter():
    text = BASE.replace("      min_value: 0.0001\n      max_value: 0.001", "      min_value: 0.001\n      max_value: 0.0001")
    assert found(text) == [("AML205", Severity.WARNING, span(text, "0.001", "min_value"),
                            "Swap them: `min_value` (0.001) is greater than `max_value` (0.0001) for `learning_rate`.")]


def test_equal_bounds_are_not_swapped_bounds():
    # A range of one value is odd but valid: the CLI accepts it and the sweep tries that value.
    assert found(BASE.replace("max_value: 0.001", "max_value: 0.0001")) == []


GRID = "Use `choice` for `learning_rate`, or `random` sampling: grid sampling takes only `choice` (docs), not `uniform`. The CLI does not check this."


@pytest.mark.parametrize("sampling", ["sampling_algorithm: grid", "sampling_algorithm: {type: grid}", "sampling_algorithm:\n    type: grid"])
def test_grid_sampling_is_recognised_in_every_form(sampling):
    text = BASE.replace("sampling_algorithm: random", sampling)
    assert found(text) == [("AML208", Severity.WARNING, span(text, "uniform"), GRID)]


# -- model_name -----------------------------------------------------------------------------------------
TAIL = " is not a documented instance segmentation model. The CLI accepts any name; the job fails once it runs."
LISTED = ("Use one of `maskrcnn_resnet18_fpn`, `maskrcnn_resnet34_fpn`, `maskrcnn_resnet50_fpn`, `maskrcnn_resnet101_fpn`, "
          "`maskrcnn_resnet152_fpn`, `mmd-3x-mask-rcnn_swin-t-p4-w7_fpn_1x_coco`: ")


@pytest.mark.parametrize("written,value,message", [
    ("maskrcnn_resnet5_fpn", "maskrcnn_resnet5_fpn", "Did you mean `maskrcnn_resnet50_fpn`? `maskrcnn_resnet5_fpn`" + TAIL),
    ("'maskrcnn_resnet5_fpn'", "'maskrcnn_resnet5_fpn'", "Did you mean `maskrcnn_resnet50_fpn`? `maskrcnn_resnet5_fpn`" + TAIL),
    ("resnet", "resnet", LISTED + "`resnet`" + TAIL),  # nothing close: every documented model
])
def test_an_unknown_model_name_gets_the_nearest_or_the_whole_list(written, value, message):
    text = training(f"  model_name: {written}\n")
    assert found(text) == [("AML301", Severity.WARNING, span(text, value, "model_name"), message)]


def test_a_model_name_in_a_search_space_choice_is_checked():
    text = BASE.replace("values: [maskrcnn_resnet50_fpn]", "values: [maskrcnn_resnet50_fpn, maskrcnn_resnet5_fpn]")
    assert found(text) == [("AML301", Severity.WARNING, span(text, "maskrcnn_resnet5_fpn"),
                            "Did you mean `maskrcnn_resnet50_fpn`? `maskrcnn_resnet5_fpn`" + TAIL)]


# -- duplicates and outputs -----------------------------------------------------------------------------
def test_a_duplicate_key_names_the_line_of_the_one_kept():
    text = BASE.replace("  max_trials: 10\n", "  max_trials: 10\n  max_trials: 20\n")
    kept = text.split("\n").index("  max_trials: 20") + 1
    assert found(text) == [("AML002", Severity.WARNING, span(text, "max_trials"),
                            f"`max_trials` appears again on line {kept}; the CLI keeps only the last value, so this one is ignored.")]


def test_best_model_output_type_must_be_mlflow_model():
    text = BASE.rstrip("\n") + "\noutputs:\n  best_model:\n    type: custom_model\n"
    assert found(text) == [("AML403", Severity.WARNING, span(text, "custom_model"),
                            "AutoML saves the best model as `mlflow_model`; `type: custom_model` does not match what the job produces.")]


def test_a_best_model_output_with_an_empty_type_is_left_to_the_schema():
    text = BASE.rstrip("\n") + "\noutputs:\n  best_model:\n    type:\n"
    assert [code for code, *_ in found(text)] == ["AML102"]


# -- pipeline steps -------------------------------------------------------------------------------------
def no_compute(step: str) -> str:
    return (f"Set `settings.default_compute` (or this step's `compute`): step `{step}` has no compute, "
            "and the CLI rejects it with \"Compute not set\".")


def test_every_step_without_compute_is_flagged_at_its_name():
    path = str(PIPELINE)
    assert found(NO_SETTINGS, path) == [
        ("AML401", Severity.ERROR, span(NO_SETTINGS, "image_instance_segmentation_node", "jobs:"), no_compute("image_instance_segmentation_node")),
        ("AML401", Severity.ERROR, span(NO_SETTINGS, "register_model_node"), no_compute("register_model_node")),
    ]


def test_a_pipeline_level_compute_is_a_default_for_every_step():
    text = NO_SETTINGS.replace("jobs:\n", "compute: azureml:gpu-cluster\n\njobs:\n")
    assert found(text, str(PIPELINE)) == []


def test_a_step_that_is_not_a_mapping_does_not_hide_the_steps_after_it():
    text = NO_SETTINGS.replace("jobs:\n", "jobs:\n  placeholder_node: 1\n")
    assert [(code, r) for code, _, r, _ in found(text, str(PIPELINE)) if code == "AML401"] == [
        ("AML401", span(text, "image_instance_segmentation_node", "jobs:")),
        ("AML401", span(text, "register_model_node")),
    ]


def test_compute_local_in_a_step_is_flagged_at_its_value():
    text = PIPE.replace(COMPONENT, "    compute: local\n" + COMPONENT)
    assert found(text, str(PIPELINE)) == [("AML402", Severity.WARNING, span(text, "local"),
                                           "Jobs in a pipeline do not support `compute: local` (docs); use a compute cluster, e.g. `azureml:gpu-cluster`.")]


def test_pipeline_rules_wait_for_the_yaml_to_parse():
    text = NO_SETTINGS.replace("    type: command\n", "    type: command\n    bad: [unclosed\n")
    assert {code for code, *_ in found(text, str(PIPELINE))} == {"AML001"}


def test_a_standalone_job_is_not_checked_as_a_pipeline():
    text = BASE.rstrip("\n") + "\njobs:\n  step:\n    type: command\n"
    assert [code for code, *_ in found(text)] == ["AML101"]  # the unknown key only: no step rules


NEEDS = ("Command step `register_model_node` needs a `component` (e.g. `component: file:./component.yml`), "
         "or an inline `command` with its `environment`; {} missing.")


@pytest.mark.parametrize("inline,missing", [
    ("", "`command` and `environment` are"),
    ("    command: python register.py\n", "`environment` is"),
    ("    environment: azureml:sklearn:1\n", "`command` is"),
])
def test_an_inline_command_step_names_what_it_lacks(inline, missing):
    text = PIPE.replace(COMPONENT, inline)
    assert found(text, str(PIPELINE)) == [("AML406", Severity.ERROR, span(text, "register_model_node"), NEEDS.format(missing))]


def test_a_missing_component_file_says_where_it_looked(tmp_path: Path):
    (tmp_path / "components").mkdir()
    path = str(tmp_path / "pipeline.yml")
    text = PIPE.replace("component_register_model.yaml", "register.yaml")
    assert found(text, path) == [("AML404", Severity.ERROR, span(text, "file:./components/register.yaml"),
                                  f"Point at an existing file: component file `./components/register.yaml` does not exist "
                                  f"(looked in {tmp_path / 'components'}); the CLI loads it before submitting.")]


def unbound(names: str, step_binds: str, first: str) -> str:
    return (f"Component `./components/component_register_model.yaml` needs {names}, and step `register_model_node` "
            f"does not bind {step_binds} under `inputs`: the CLI rejects the pipeline (\"Required input '{first}' ... not provided\").")


BOTH = unbound("inputs `model_input_path` and `model_base_name`", "them", "model_input_path")
ONE = unbound("input `model_base_name`", "it", "model_base_name")


@pytest.fixture
def component_dir(tmp_path: Path) -> str:
    """A pipeline file's folder with the register component next to it; the pipeline's path."""
    (tmp_path / "components").mkdir()
    source = PIPELINE.parent / "components" / "component_register_model.yaml"
    (tmp_path / "components" / source.name).write_text(source.read_text())
    return str(tmp_path / "pipeline.yml")


@pytest.mark.parametrize("inputs,anchor,message", [
    ("", ("file:./components/component_register_model.yaml", ""), BOTH),  # no `inputs`: at the component
    ("    inputs:\n      model_input_path:\n      other: 1\n", ("inputs", "register_model_node"), BOTH),  # a null binding is none
    ("    inputs:\n      model_input_path: ${{parent.inputs.image_instance_segmentation_training_data}}\n", ("inputs", "register_model_node"), ONE),
    ("    inputss:\n      model_base_name: x\n", ("inputss", ""), BOTH + " Did you mean `inputs` instead of `inputss`?"),
])
def test_unbound_component_inputs_are_named_one_or_many(component_dir, inputs, anchor, message):
    text = PIPE.replace(REGISTER_INPUTS, inputs)
    assert found(text, component_dir) == [("AML405", Severity.ERROR, span(text, *anchor), message)]


def test_a_component_file_that_is_not_a_component_declares_nothing(tmp_path: Path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "component_register_model.yaml").write_text("- not a component\n")
    assert found(PIPE.replace(REGISTER_INPUTS, ""), str(tmp_path / "pipeline.yml")) == []


# -- bindings -------------------------------------------------------------------------------------------
def test_a_misspelled_binding_output_gets_the_declared_name():
    text = PIPE.replace("outputs.best_model}}", "outputs.best_modle}}")
    assert found(text, str(PIPELINE)) == [(
        "AML407", Severity.WARNING, span(text, "best_modle"),
        "Did you mean `best_model`? `${{parent.jobs.image_instance_segmentation_node.outputs.best_modle}}`: Step "
        "`image_instance_segmentation_node` has no output `best_modle` (its outputs: `best_model`). An AutoML step shares only "
        "the outputs declared under its `outputs`, e.g. `best_model: {type: mlflow_model}`. The CLI does not check bindings; "
        "the job fails when it runs.",
    )]
