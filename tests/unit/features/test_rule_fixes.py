"""The named rules' quick fixes: their titles, which one is preferred (VS Code's auto-fix and the
lightbulb use it), the whole document each one leaves, and the snippet text a client that takes
snippet edits gets. Also fixes asked for a diagnostic the text no longer has (a client echoing an
older version's diagnostic): they fit the text as it is now, or there are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from automl_job_ls.document import parse
from automl_job_ls.features import code_actions
from automl_job_ls.nodes import Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE
from .helpers import BASE, PIPE, apply, fixes_for, span

P = str(PIPELINE)
NO_SETTINGS = PIPE.replace("settings:\n  default_compute: azureml:gpu-cluster\n\n", "")
COMPONENT = "    component: file:./components/component_register_model.yaml\n"


def offered(fixes) -> list[tuple[str, bool]]:
    return [(f.title, f.preferred) for f in fixes]


def snippets(fix) -> list[str | None]:
    return [e.snippet for e in fix.edits]


def stale(text: str, code: str, rng: Range, data=None, path: str | None = None):
    """The fixes for a diagnostic the server no longer has, rebuilt from what the client sent."""
    return code_actions.quick_fixes(parse(text, path=path), store(), code, rng, data=data, own=[])


# -- AML204: a choice with nothing to try ---------------------------------------------------------------
def test_a_choice_without_values_gets_the_default_as_its_one_value():
    text = BASE.replace("      values: [600, 800]\n", "")
    [fix] = fixes_for(text, "AML204")
    assert offered([fix]) == [("Add `values: [600]`", True)]
    assert apply(text, fix.edits) == BASE.replace("values: [600, 800]", "values: [600]")
    [fix] = fixes_for(text, "AML204", snippets=True)
    assert snippets(fix) == ["      values: [${1:600}]\n"]


@pytest.mark.parametrize("written,fixed", [
    ("values: null", "values: [600]"),
    ("values: ~  # none yet", "values: [600]  # none yet"),
    ("values:  # none yet", "values: [600]  # none yet"),  # nothing after the colon
    ("values: []", "values: [600]"),
])
def test_a_null_or_empty_values_is_filled_in_place(written, fixed):
    text = BASE.replace("values: [600, 800]", written)
    [fix] = fixes_for(text, "AML204")
    assert offered([fix]) == [("Try `600`", True)]
    assert apply(text, fix.edits) == BASE.replace("values: [600, 800]", fixed)  # one `values` key, not two


def test_a_flow_choice_without_values_gets_a_list_to_fill():
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    min_size: {type: choice}")
    [fix] = fixes_for(text, "AML204", snippets=True)
    assert offered([fix]) == [("Add `values`", True)]
    assert apply(text, fix.edits) == text.replace("{type: choice}", "{type: choice, values: []}")
    assert snippets(fix) == [", values: [$1]"]


# -- AML205 and AML208 ----------------------------------------------------------------------------------
def test_swapped_bounds_are_swapped_as_written():
    text = BASE.replace("      min_value: 0.0001\n      max_value: 0.001", "      min_value: 0.001\n      max_value: '0.0001'")
    [fix] = fixes_for(text, "AML205")
    assert offered([fix]) == [("Swap them: `min_value: 0.0001`, `max_value: 0.001`", True)]
    assert apply(text, fix.edits) == BASE.replace("min_value: 0.0001", "min_value: '0.0001'")


GRID = BASE.replace("sampling_algorithm: random", "sampling_algorithm: grid")


@pytest.mark.parametrize("distribution,title,choice", [
    ("    learning_rate:\n      type: normal\n      mu: 0.001\n      sigma: 0.0001\n",
     "Change to `choice` of 0.001", "    learning_rate:\n      type: choice\n      values: [0.001]\n"),
    ("    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n",
     "Change to `choice` of 0.0001, 0.001", "    learning_rate:\n      type: choice\n      values: [0.0001, 0.001]\n"),
])
def test_grid_sampling_offers_a_choice_of_the_values_written_or_random_sampling(distribution, title, choice):
    text = GRID.replace("    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n", distribution)
    fixes = fixes_for(text, "AML208")
    assert offered(fixes) == [(title, True), ("Sample at random instead (`random`)", False)]
    assert apply(text, fixes[0].edits) == text.replace(distribution, choice)
    assert apply(text, fixes[1].edits) == text.replace("sampling_algorithm: grid", "sampling_algorithm: random")


def test_grid_sampling_over_randint_takes_the_ends_of_its_range():
    text = GRID.replace("    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n", "").replace(
        "    min_size:\n      type: choice\n      values: [600, 800]", "    min_size:\n      type: randint\n      upper: 800")
    fixes = fixes_for(text, "AML208")
    # randint samples 0 to upper - 1: `upper` itself is never tried.
    assert offered(fixes) == [("Change to `choice` of 0, 799", True), ("Sample at random instead (`random`)", False)]
    assert apply(text, fixes[0].edits) == text.replace("type: randint\n      upper: 800", "type: choice\n      values: [0, 799]")
    one = text.replace("upper: 800", "upper: 1")
    assert offered(fixes_for(one, "AML208"))[0] == ("Change to `choice` of 0", True)


def test_grid_sampling_written_as_a_mapping_is_changed_in_place():
    text = BASE.replace("sampling_algorithm: random", "sampling_algorithm:\n    type: grid")
    random = fixes_for(text, "AML208")[1]
    assert apply(text, random.edits) == text.replace("    type: grid", "    type: random")


def test_a_flow_distribution_under_grid_sampling_is_only_offered_random_sampling():
    text = GRID.replace("    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n",
                        "    learning_rate: {type: uniform, min_value: 0.0001, max_value: 0.001}\n")
    assert offered(fixes_for(text, "AML208")) == [("Sample at random instead (`random`)", False)]


def test_random_sampling_is_set_on_the_job_that_samples_by_grid():
    # Two AutoML steps: the second samples by grid; the first's `random` is not the one to change.
    step = PIPE[PIPE.index("  image_instance_segmentation_node:\n"):PIPE.index("  register_model_node:\n")]
    second = step.replace("image_instance_segmentation_node", "second_node").replace("sampling_algorithm: random", "sampling_algorithm: grid")
    text = PIPE.replace("  register_model_node:\n", second + "  register_model_node:\n")
    fixes = fixes_for(text, "AML208", P)
    assert apply(text, fixes[1].edits) == text.replace(second, step.replace("image_instance_segmentation_node", "second_node"))


# -- AML301 and AML403 ----------------------------------------------------------------------------------
BACKBONES = ["maskrcnn_resnet18_fpn", "maskrcnn_resnet34_fpn", "maskrcnn_resnet50_fpn", "maskrcnn_resnet101_fpn", "maskrcnn_resnet152_fpn"]


def model(value: str) -> str:
    return BASE.replace("  evaluation_frequency: 1\n", f"  evaluation_frequency: 1\n  model_name: {value}\n")


@pytest.mark.parametrize("written,best", [
    ("resnet", "maskrcnn_resnet50_fpn"),  # nothing close: the schema's default
    ("maskrcnn_resnet5_fpn", "maskrcnn_resnet50_fpn"),
    ("'resnet18_fpn'", "maskrcnn_resnet18_fpn"),  # the quotes are not part of the name
])
def test_an_unknown_model_gets_every_mask_rcnn_backbone_the_closest_first(written, best):
    text = model(written)
    fixes = fixes_for(text, "AML301")
    assert offered(fixes) == [(f"Change to `{best}`", True)] + [(f"Change to `{m}`", False) for m in BACKBONES if m != best]
    assert apply(text, fixes[0].edits) == model(best)


def test_the_best_model_output_type_is_changed_to_mlflow_model():
    text = BASE.rstrip("\n") + "\noutputs:\n  best_model:\n    type: custom_model\n"
    [fix] = fixes_for(text, "AML403")
    assert offered([fix]) == [("Change to `mlflow_model`", True)]
    assert apply(text, fix.edits) == text.replace("custom_model", "mlflow_model")


# -- AML401: where the compute goes ---------------------------------------------------------------------
SETTINGS_TITLE = "Set `settings.default_compute: azureml:{}` for every step"
STEP_TITLE = "Set `compute: azureml:{}` on step `image_instance_segmentation_node`"
AFTER_STEP = "        type: mlflow_model\n"  # the last line of the AutoML step


def test_default_compute_joins_an_existing_settings_block():
    text = PIPE.replace("  default_compute: azureml:gpu-cluster\n", "  continue_on_step_failure: true\n")
    fixes = fixes_for(text, "AML401", P)
    assert offered(fixes) == [(SETTINGS_TITLE.format("gpu-cluster"), True), (STEP_TITLE.format("gpu-cluster"), False)]
    assert apply(text, fixes[0].edits) == PIPE.replace(
        "  default_compute: azureml:gpu-cluster\n", "  continue_on_step_failure: true\n  default_compute: azureml:gpu-cluster\n")
    snippet = fixes_for(text, "AML401", P, snippets=True)
    assert [snippets(f) for f in snippet] == [["  default_compute: azureml:${1:gpu-cluster}\n"], ["    compute: azureml:${1:gpu-cluster}\n"]]


def test_a_settings_block_is_created_before_jobs():
    fixes = fixes_for(NO_SETTINGS, "AML401", P)
    assert offered(fixes) == [(SETTINGS_TITLE.format("gpu-cluster"), True), (STEP_TITLE.format("gpu-cluster"), False)]
    assert apply(NO_SETTINGS, fixes[0].edits) == NO_SETTINGS.replace("jobs:\n", "settings:\n  default_compute: azureml:gpu-cluster\njobs:\n")
    assert apply(NO_SETTINGS, fixes[1].edits) == NO_SETTINGS.replace(AFTER_STEP, AFTER_STEP + "    compute: azureml:gpu-cluster\n")
    snippet = fixes_for(NO_SETTINGS, "AML401", P, snippets=True)
    assert [snippets(f) for f in snippet] == [["settings:\n  default_compute: azureml:${1:gpu-cluster}\n"], ["    compute: azureml:${1:gpu-cluster}\n"]]


@pytest.mark.parametrize("named,used", [
    ("    compute: azureml:cpu-big\n", "cpu-big"),  # another step's compute
    ("    compute: 'azureml:'\n", "gpu-cluster"),  # no name yet: the placeholder
    ("    compute: cpu-big\n", "gpu-cluster"),  # only `azureml:` references are taken
])
def test_the_compute_written_is_the_one_the_file_already_names(named, used):
    text = NO_SETTINGS.replace(COMPONENT, named + COMPONENT)
    fixes = fixes_for(text, "AML401", P)
    assert offered(fixes) == [(SETTINGS_TITLE.format(used), True), (STEP_TITLE.format(used), False)]
    assert apply(text, fixes[0].edits) == text.replace("jobs:\n", f"settings:\n  default_compute: azureml:{used}\njobs:\n")


def test_a_misplaced_default_compute_names_the_compute():
    text = NO_SETTINGS.replace("jobs:\n", "default_compute: azureml:cpu-big\njobs:\n")
    assert fixes_for(text, "AML401", P)[0].title == SETTINGS_TITLE.format("cpu-big")


def fixes_at(text: str, code: str, rng: Range):
    return code_actions.quick_fixes(parse(text, path=P), store(), code, rng)


def test_compute_on_a_step_of_one_key_goes_below_it():
    text = NO_SETTINGS.rstrip() + "\n  extra_node:\n    type: command\n"
    fixes = fixes_at(text, "AML401", span(text, "extra_node"))
    assert offered(fixes) == [(SETTINGS_TITLE.format("gpu-cluster"), True), ("Set `compute: azureml:gpu-cluster` on step `extra_node`", False)]
    assert apply(text, fixes[1].edits) == text + "    compute: azureml:gpu-cluster\n"


def test_flow_mappings_are_not_written_into():
    flow_settings = PIPE.replace("settings:\n  default_compute: azureml:gpu-cluster\n", "settings: {continue_on_step_failure: true}\n")
    # The only fix left is the preferred one, so the editor's auto-fix applies it.
    assert offered(fixes_for(flow_settings, "AML401", P)) == [(STEP_TITLE.format("gpu-cluster"), True)]
    flow_step = NO_SETTINGS.rstrip() + "\n  extra_node: {type: command}\n"
    fixes = fixes_at(flow_step, "AML401", span(flow_step, "extra_node"))
    assert offered(fixes) == [(SETTINGS_TITLE.format("gpu-cluster"), True)]
    assert apply(flow_step, fixes[0].edits) == flow_step.replace("jobs:\n", "settings:\n  default_compute: azureml:gpu-cluster\njobs:\n")


# -- AML404 and AML407 ----------------------------------------------------------------------------------
def test_a_missing_component_file_gets_the_nearest_yaml_file(tmp_path: Path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "register.yml").write_text("type: command\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "register.py").write_text("print()\n")  # a script, not a component
    path = str(tmp_path / "pipeline.yml")
    text = PIPE.replace("component_register_model.yaml", "regster.yml")
    [fix] = fixes_for(text, "AML404", path)
    assert offered([fix]) == [("Change to `file:./components/register.yml`", True)]
    assert apply(text, fix.edits) == PIPE.replace("component_register_model.yaml", "register.yml")
    text = PIPE.replace("components/component_register_model.yaml", "scripts/register.yml")
    assert fixes_for(text, "AML404", path) == []


def test_a_misspelled_binding_is_changed_to_the_declared_output():
    text = PIPE.replace("outputs.best_model}}", "outputs.best_modle}}")
    [fix] = fixes_for(text, "AML407", P)
    assert offered([fix]) == [("Change to `best_model`", True)]
    assert apply(text, fix.edits) == PIPE


def test_the_best_model_output_joins_the_outputs_the_step_declares():
    declared = "    outputs:\n      best_model:\n        type: mlflow_model\n"
    other = "    outputs:\n        metrics:\n            type: uri_folder\n"
    text = PIPE.replace(declared, other)
    [fix] = fixes_for(text, "AML407", P)
    assert offered([fix]) == [("Declare output `best_model` on step `image_instance_segmentation_node`", True)]
    # The new output takes the indentation of the ones already there.
    assert apply(text, fix.edits) == PIPE.replace(declared, other + "        best_model:\n          type: mlflow_model\n")


# -- fixes for a diagnostic of an older version -------------------------------------------------------
DECLARE = {"declare_output": ["image_instance_segmentation_node", "best_model", "mlflow_model"]}
NOWHERE = Range.of(0, 0, 0, 1)


@pytest.mark.parametrize("text,code,where,data", [
    (GRID, "AML208", NOWHERE, None),  # the distribution is gone
    (BASE, "AML204", NOWHERE, None),
    (BASE.replace("      max_value: 0.001\n", ""), "AML205", ("0.0001", ""), None),  # max_value deleted
    (NO_SETTINGS, "AML401", NOWHERE, None),
    (NO_SETTINGS.replace("  register_model_node:\n    type: command\n", "  register_model_node: azureml:x\n  old:\n    type: command\n"),
     "AML401", ("register_model_node", ""), None),  # the step is no longer a mapping
    (BASE, "AML401", ("training_data", ""), None),  # not a pipeline
    ("- a list\n", "AML401", NOWHERE, None),
    (PIPE, "AML404", NOWHERE, None),
    ("- a list\n", "AML407", NOWHERE, DECLARE),
    (BASE, "AML407", NOWHERE, DECLARE),  # no `jobs`
    (PIPE.replace("image_instance_segmentation_node:", "renamed_node:"), "AML407", NOWHERE, DECLARE),  # no such step
    (PIPE.replace("  register_model_node:\n", "  image_instance_segmentation_node: {type: automl}\n  register_model_node:\n")
     .replace("  image_instance_segmentation_node:\n", "  automl_node:\n"), "AML407", NOWHERE, DECLARE),  # the step is a flow mapping
])
def test_a_diagnostic_the_text_no_longer_has_gets_no_fix(text, code, where, data):
    rng = where if isinstance(where, Range) else span(text, *where)
    assert stale(text, code, rng, data, P) == []


def test_grid_fixes_for_an_older_version_offer_what_still_applies():
    # The user cleared the sampling algorithm: there is nothing to set to `random` any more.
    text = BASE.replace("sampling_algorithm: random", "sampling_algorithm:")
    fixes = stale(text, "AML208", span(text, "uniform"))
    assert offered(fixes) == [("Change to `choice` of 0.0001, 0.001", True)]
