"""Quick fixes for each code that has an obvious one, asked for by code and range only (as a
client that does not echo `data`), and hovers that answer what the user is looking at."""

from __future__ import annotations

import pytest

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.document import parse
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.features import code_actions, hover
from automl_job_ls.nodes import Position
from automl_job_ls.schema import store

from ...conftest import PIPELINE, STANDALONE
from .helpers import apply

BASE = STANDALONE.read_text()
PIPE = PIPELINE.read_text()


def fixes(text: str, code: str, path: str | None = None):
    result = analyze(text, path)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [(d.code, d.message) for d in result.diagnostics]
    return code_actions.quick_fixes(result.document, store(), code, found[0].range, data=None)


def fixed(text: str, code: str, index: int = 0, path: str | None = None) -> str:
    return apply(text, fixes(text, code, path)[index].edits)


def clean(text: str, path: str | None = None) -> list:
    return [(d.code, d.message) for d in analyze(text, path).diagnostics]


def test_image_model_next_to_training_parameters_is_merged_into_it():
    text = BASE.replace("training_parameters:\n", "image_model:\n  learning_rate: 0.01  # tuned\n  early_stopping: False\ntraining_parameters:\n")
    [fix] = fixes(text, "AML108")
    assert fix.title == "Move `learning_rate` to `training_parameters` of the job; `training_parameters` already sets `early_stopping`"
    result = apply(text, fix.edits)
    assert "training_parameters:\n  early_stopping: True\n  evaluation_frequency: 1\n  learning_rate: 0.01  # tuned\n\nsweep:" in result
    assert "image_model" not in result and clean(result) == []


def test_image_model_alone_is_renamed():
    text = BASE.replace("training_parameters:\n", "image_model:\n")
    assert fixes(text, "AML108")[0].title == "Rename `image_model` to `training_parameters`"
    assert clean(fixed(text, "AML108")) == []


def test_sweep_limits_move_under_their_modern_names():
    text = BASE.replace("limits:\n  timeout_minutes: 60\n  max_trials: 10\n  max_concurrent_trials: 2\n", "").replace(
        "  sampling_algorithm: random\n", "  sampling_algorithm: random\n  limits:\n    max_total_trials: 10\n    max_concurrent_trials: 2\n"
    )
    [fix] = fixes(text, "AML108")
    assert fix.title == "Move `max_total_trials` (as `max_trials`), `max_concurrent_trials` to `limits` of the job"
    result = apply(text, fix.edits)
    assert "\nlimits:\n  max_trials: 10\n  max_concurrent_trials: 2\n" in result and clean(result) == []


def test_add_key_fixes_write_a_valid_value():
    text = BASE.replace("    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n", "    type: truncation_selection\n    evaluation_interval: 2\n")
    [fix] = fixes(text, "AML104")
    assert fix.title == "Add `truncation_percentage`"
    assert "    delay_evaluation: 6\n    truncation_percentage: 10\n" in apply(text, fix.edits)
    assert clean(apply(text, fix.edits)) == []
    result = analyze(text)
    d = next(d for d in result.diagnostics if d.code == "AML104")
    [snippet] = code_actions.quick_fixes(result.document, store(), "AML104", d.range, snippets=True)
    assert snippet.edits[0].snippet == "    truncation_percentage: ${1:10}\n"


def test_swapped_bounds_are_swapped():
    text = BASE.replace("      min_value: 0.0001\n      max_value: 0.001", "      min_value: 0.001\n      max_value: '0.0001'")
    [fix] = fixes(text, "AML205")
    assert fix.title == "Swap them: `min_value: 0.0001`, `max_value: 0.001`"
    assert "      min_value: '0.0001'\n      max_value: 0.001\n" in apply(text, fix.edits)


@pytest.mark.parametrize("code,line", [
    ("AML110", "  mask_pixel_score_threshold: 0.5\n"),
    ("AML112", "  test_data_size: 0.1\n"),
])
def test_keys_the_cli_rejects_are_removed(code, line):
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n" + line) if code == "AML110" else BASE.replace("task: image", line.strip() + "\ntask: image")
    [fix] = fixes(text, code)
    assert fix.title.startswith("Remove `") and apply(text, fix.edits) == BASE


def test_tiling_keys_are_removed():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  tile_grid_size: '3x2'\n")
    assert apply(text, fixes(text, "AML302")[0].edits) == BASE


def test_an_unquoted_tile_grid_size_is_quoted():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  tile_grid_size: 3\n")
    [fix] = fixes(text, "AML102")
    assert fix.title == 'Quote it: "3"'
    assert [c for c, _ in clean(apply(text, fix.edits))] == ["AML302", "AML303"]  # warnings only


def test_an_object_detection_model_gets_the_mask_rcnn_backbones():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  model_name: fasterrcnn_resnet34_fpn\n")
    found = fixes(text, "AML301")
    assert [f.title for f in found][:2] == ["Change to `maskrcnn_resnet34_fpn`", "Change to `maskrcnn_resnet18_fpn`"]
    assert found[0].preferred and clean(apply(text, found[0].edits)) == []


def test_a_bandit_policy_without_slack_gets_slack_factor():
    text = BASE.replace("    slack_factor: 0.2\n", "")
    [fix] = fixes(text, "AML207")
    assert fix.title == "Add `slack_factor`" and clean(apply(text, fix.edits)) == []


def test_an_empty_choice_gets_the_default():
    text = BASE.replace("values: [600, 800]", "values: []")
    [fix] = fixes(text, "AML204")
    assert fix.title == "Try `600`" and "      values: [600]\n" in apply(text, fix.edits)


def test_a_pipeline_without_compute_gets_settings_default_compute():
    text = PIPE.replace("settings:\n  default_compute: azureml:gpu-cluster\n\n", "")
    found = fixes(text, "AML401", str(PIPELINE))
    assert [f.title for f in found] == [
        "Set `settings.default_compute: azureml:gpu-cluster` for every step",
        "Set `compute: azureml:gpu-cluster` on step `image_instance_segmentation_node`",
    ]
    assert clean(apply(text, found[0].edits), str(PIPELINE)) == []


def test_a_misspelled_component_file_gets_the_nearest_name():
    text = PIPE.replace("component_register_model.yaml", "component_register_modle.yaml")
    [fix] = fixes(text, "AML404", str(PIPELINE))
    assert fix.title == "Change to `file:./components/component_register_model.yaml`"
    assert clean(apply(text, fix.edits), str(PIPELINE)) == []


def test_grid_sampling_over_a_continuous_distribution():
    text = BASE.replace("sampling_algorithm: random", "sampling_algorithm: grid")
    [d] = analyze(text).diagnostics
    assert (d.code, d.severity) == ("AML208", Severity.WARNING)
    assert d.message == "Use `choice` for `learning_rate`, or `random` sampling: grid sampling takes only `choice` (docs), not `uniform`. The CLI does not check this."
    line = text.split("\n").index("      type: uniform")
    assert (d.range.start, d.range.end) == (Position(line, 12), Position(line, 19))
    found = fixes(text, "AML208")
    assert [f.title for f in found] == ["Change to `choice` of 0.0001, 0.001", "Sample at random instead (`random`)"]
    assert "    learning_rate:\n      type: choice\n      values: [0.0001, 0.001]\n    optimizer:" in apply(text, found[0].edits)
    assert clean(apply(text, found[0].edits)) == clean(apply(text, found[1].edits)) == []


# -- hover ----------------------------------------------------------------------------------------------
def _hover(text: str, needle: str, offset: int = 1):
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return hover.hover(parse(text), store(), Position(line, index - (text.rfind("\n", 0, index) + 1)), True)


def test_hover_on_an_unknown_key_shows_the_suggested_key():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  lerning_rate: 0.1\n")
    result = _hover(text, "lerning_rate")
    assert result.text.startswith("Did you mean `learning_rate`? `lerning_rate` is not a key here.\n\n**learning_rate** (number)\n\nInitial learning rate.")


def test_hover_on_a_discriminator_lists_every_branch():
    result = _hover(BASE, "    type: bandit", 5)
    assert result.text.split("\n")[:5] == [
        "**type**: which kind this is, one of:", "",
        "- `bandit`: Cancels trials whose primary metric is not within slack_factor or slack_amount of the best trial so far.",
        "- `median_stopping`: Cancels trials whose best primary metric is worse than the median of the running averages of all trials.",
        "- `truncation_selection`: At each evaluation interval cancels the given percentage of the lowest-performing trials.",
    ]
    on_value = _hover(BASE, "bandit", 2).text
    assert on_value.startswith("**bandit**: Cancels trials") and "- `bandit` (this one)" in on_value


def test_hover_in_search_space_uses_the_search_space_rules():
    result = _hover(BASE, "    min_size:", 6)
    assert "In search_space the CLI reads integers strictly: 10.5, 10.0 and \"10\" are rejected" in result.text
    assert "silently truncates" not in result.text
    assert "silently truncates" in _hover(BASE, "  evaluation_frequency", 4).text  # outside search_space


def test_no_hover_in_another_tasks_job():
    other = BASE.replace("task: image_instance_segmentation", "task: image_classification")
    assert _hover(other, "  evaluation_frequency", 4) is None
