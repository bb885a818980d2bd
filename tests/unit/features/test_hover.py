"""Hover on documents: the whole text a user reads, and the exact range it belongs to.

Every key of the two reference jobs is hovered (title, sections in order, range); each kind of text
(a key, a value, a list value, a binding, an unknown or rejected key, a `type:` discriminator) is
asserted whole, in Markdown and in plain text, once."""

from __future__ import annotations

import pytest

from automl_job_ls.document import parse
from automl_job_ls.features import hover
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from .helpers import BASE, PIPE, hover_at

FACTS = ("Allowed values", "Suggested values", "Documented range", "Default", "CLI")


def _on(text: str, line: int, word: str, markdown: bool = True, at: int = 1):
    """The hover `at` characters into the first `word` on (0-based) `line`, and that word's range."""
    column = text.split("\n")[line].index(word)
    result = hover.hover(parse(text), store(), Position(line, column + at), markdown)
    return result, Range.of(line, column, line, column + len(word))


def _shape(text: str) -> str:
    """The sections after the title, in order: `description`, the fact lines by label, `link`."""
    out = []
    for block in text.split("\n\n")[1:]:
        lines = block.split("\n")
        if block.startswith("[Documentation]("):
            out.append("link")
        elif all(line.split(":")[0] in FACTS for line in lines):
            out.append(", ".join(line.split(":")[0] for line in lines))
        else:
            out.append("description")
    return " | ".join(out)


# -- every key of the reference jobs ------------------------------------------------------------------
D, L = "description", "link"
STANDALONE_KEYS = [  # (0-based line, key, title, sections)
    (0, "$schema", "**$schema** (string | number | boolean | object | array | null)", f"{D} | CLI | {L}"),
    (1, "type", "**type** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (3, "experiment_name", "**experiment_name** (string)", f"{D} | {L}"),
    (4, "description", "**description** (string)", f"{D} | {L}"),
    (6, "compute", "**compute** (string)", f"{D} | Default, CLI | {L}"),
    (8, "task", "**task** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (9, "log_verbosity", "**log_verbosity** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (10, "primary_metric", "**primary_metric** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (12, "target_column_name", "**target_column_name** (string)", f"{D} | CLI | {L}"),
    (13, "training_data", "**training_data** (object)", f"{D} | CLI | {L}"),
    (15, "path", "**path** (string)", f"{D} | CLI | {L}"),
    (16, "type", "**type** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (17, "validation_data", "**validation_data** (object)", f"{D} | CLI | {L}"),
    (19, "path", "**path** (string)", f"{D} | CLI | {L}"),
    (20, "type", "**type** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (22, "limits", "**limits** (object)", f"{D} | {L}"),
    (23, "timeout_minutes", "**timeout_minutes** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (24, "max_trials", "**max_trials** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (25, "max_concurrent_trials", "**max_concurrent_trials** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (27, "training_parameters", "**training_parameters** (object)", f"{D} | {L}"),
    (28, "early_stopping", "**early_stopping** (boolean)", f"{D} | Allowed values, Default, CLI | {L}"),
    (29, "evaluation_frequency", "**evaluation_frequency** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (31, "sweep", "**sweep** (object)", f"{D} | CLI | {L}"),
    (32, "sampling_algorithm", "**sampling_algorithm** (string | object)", f"{D} | Allowed values, CLI | {L}"),
    (33, "early_termination", "**early_termination** (object)", f"{D} | {L}"),
    (35, "evaluation_interval", "**evaluation_interval** (integer | null)", f"{D} | Default, CLI | {L}"),
    (36, "slack_factor", "**slack_factor** (number | null)", f"{D} | CLI | {L}"),
    (37, "delay_evaluation", "**delay_evaluation** (integer | null)", f"{D} | Default, CLI | {L}"),
    (39, "search_space", "**search_space** (array)", f"{D} | CLI | {L}"),
    (40, "model_name", "**model_name** (string | object | distribution)", f"{D} | Suggested values, Default, CLI | {L}"),
    (42, "values", "**values** (array)", f"{D} | {L}"),
    (43, "learning_rate", "**learning_rate** (number | object | distribution)", f"{D} | Default, CLI | {L}"),
    (45, "min_value", "**min_value** (number)", f"{D} | {L}"),
    (46, "max_value", "**max_value** (number)", f"{D} | {L}"),
    (47, "optimizer", "**optimizer** (string | object | distribution)", f"{D} | Allowed values, Default, CLI | {L}"),
    (49, "values", "**values** (array)", f"{D} | {L}"),
    (50, "min_size", "**min_size** (integer | object | distribution)", f"{D} | Default, CLI | {L}"),
    (52, "values", "**values** (array)", f"{D} | {L}"),
]
PIPELINE_KEYS = [
    (0, "$schema", "**$schema** (string | number | boolean | object | array | null)", f"{D} | {L}"),
    (1, "type", "**type** (string)", f"{D} | Allowed values | {L}"),
    (3, "description", "**description** (string)", f"{D} | {L}"),
    (5, "display_name", "**display_name** (string)", f"{D} | {L}"),
    (6, "experiment_name", "**experiment_name** (string)", f"{D} | {L}"),
    (8, "settings", "**settings** (object)", f"{D} | CLI | {L}"),
    (9, "default_compute", "**default_compute** (string)", f"{D} | {L}"),
    (11, "inputs", "**inputs** (object)", f"{D} | {L}"),
    (15, "path", "**path** (string)", f"{D} | {L}"),
    (19, "path", "**path** (string)", f"{D} | {L}"),
    (21, "jobs", "**jobs** (object)", f"{D} | CLI | {L}"),
    # the AutoML step: the step's own rules (a case-folded type and task, bindings for data)
    (23, "type", "**type** (string)", f"{D} | Allowed values, CLI | {L}"),
    (24, "task", "**task** (string)", f"{D} | Allowed values, CLI | {L}"),
    (25, "log_verbosity", "**log_verbosity** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (26, "primary_metric", "**primary_metric** (string)", f"{D} | Allowed values, Default, CLI | {L}"),
    (27, "limits", "**limits** (object)", f"{D} | {L}"),
    (28, "timeout_minutes", "**timeout_minutes** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (29, "max_trials", "**max_trials** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (30, "max_concurrent_trials", "**max_concurrent_trials** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (31, "target_column_name", "**target_column_name** (string)", f"{D} | CLI | {L}"),
    (32, "training_data", "**training_data** (string | object)", f"{D} | CLI | {L}"),
    (33, "validation_data", "**validation_data** (string | object)", f"{D} | CLI | {L}"),
    (34, "training_parameters", "**training_parameters** (object)", f"{D} | {L}"),
    (35, "early_stopping", "**early_stopping** (boolean)", f"{D} | Allowed values, Default, CLI | {L}"),
    (36, "evaluation_frequency", "**evaluation_frequency** (integer)", f"{D} | Documented range, Default, CLI | {L}"),
    (37, "sweep", "**sweep** (object)", f"{D} | CLI | {L}"),
    (38, "sampling_algorithm", "**sampling_algorithm** (string | object)", f"{D} | Allowed values, CLI | {L}"),
    (39, "early_termination", "**early_termination** (object)", f"{D} | {L}"),
    (41, "evaluation_interval", "**evaluation_interval** (integer | null)", f"{D} | Default, CLI | {L}"),
    (42, "slack_factor", "**slack_factor** (number | null)", f"{D} | CLI | {L}"),
    (43, "delay_evaluation", "**delay_evaluation** (integer | null)", f"{D} | Default, CLI | {L}"),
    (44, "search_space", "**search_space** (array)", f"{D} | CLI | {L}"),
    (45, "model_name", "**model_name** (string | object | distribution)", f"{D} | Suggested values, Default, CLI | {L}"),
    (47, "values", "**values** (array)", f"{D} | {L}"),
    (48, "learning_rate", "**learning_rate** (number | object | distribution)", f"{D} | Default, CLI | {L}"),
    (50, "min_value", "**min_value** (number)", f"{D} | {L}"),
    (51, "max_value", "**max_value** (number)", f"{D} | {L}"),
    (52, "optimizer", "**optimizer** (string | object | distribution)", f"{D} | Allowed values, Default, CLI | {L}"),
    (54, "values", "**values** (array)", f"{D} | {L}"),
    (55, "min_size", "**min_size** (integer | object | distribution)", f"{D} | Default, CLI | {L}"),
    (57, "values", "**values** (array)", f"{D} | {L}"),
    (59, "outputs", "**outputs** (object)", f"{D} | CLI | {L}"),
    (60, "best_model", "**best_model** (string | object | null)", f"{D} | {L}"),
    # the command step: the generic step schema, chosen by its `type: command`
    (63, "type", "**type** (string)", f"{D} | Allowed values | {L}"),
    (64, "component", "**component** (string | object)", f"{D} | {L}"),
    (65, "inputs", "**inputs** (object)", f"{D} | {L}"),
]


@pytest.mark.parametrize(("job", "line", "key", "title", "sections"),
                         [("standalone", *row) for row in STANDALONE_KEYS] + [("pipeline", *row) for row in PIPELINE_KEYS])
def test_every_key_of_the_reference_jobs_has_its_documentation(job, line, key, title, sections):
    text = BASE if job == "standalone" else PIPE
    assert text.split("\n")[line].lstrip(" -").startswith(f"{key}:")
    for at in (0, len(key)):  # on the first character, and with the cursor just after the key
        result, word = _on(text, line, key, at=at)
        assert (result.text.split("\n")[0], _shape(result.text), result.range) == (title, sections, word)
    plain, _ = _on(text, line, key, markdown=False)
    assert plain.text.split("\n")[0] == title.replace("**", "")
    assert "**" not in plain.text and "`" not in plain.text and "[Documentation](" not in plain.text


# -- whole texts: a key ----------------------------------------------------------------------------------
LOG_VERBOSITY = """**log_verbosity** (string)

Level of log verbosity.

Allowed values: `not_set`, `debug`, `info`, `warning`, `error`, `critical`
Default: `info`
CLI: The docs table gives the type as number, but the value is one of these strings; other letter cases (DEBUG, NotSet) are accepted.

[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-automl-images-cli-classification#yaml-syntax)"""


def test_a_key_shows_its_type_description_values_default_cli_note_and_link():
    assert _on(BASE, 9, "log_verbosity")[0].text == LOG_VERBOSITY


def test_a_key_in_plain_text_has_no_markup():
    assert _on(BASE, 9, "log_verbosity", markdown=False)[0].text == (
        "log_verbosity (string)\n\nLevel of log verbosity.\n\n"
        "Allowed values: not_set, debug, info, warning, error, critical\nDefault: info\n"
        "CLI: The docs table gives the type as number, but the value is one of these strings; other letter cases (DEBUG, NotSet) are accepted.\n\n"
        "Documentation: https://learn.microsoft.com/azure/machine-learning/reference-automl-images-cli-classification#yaml-syntax")


def test_a_key_without_facts_has_one_blank_line_before_its_link():
    assert _on(BASE, 3, "experiment_name")[0].text == (
        "**experiment_name** (string)\n\n"
        "Experiment under which the job is organized. When omitted it defaults to the name of the working directory.\n\n"
        "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-automl-images-cli-classification#yaml-syntax)")


def test_a_boolean_default_is_written_as_yaml_writes_it():
    assert _on(BASE, 28, "early_stopping")[0].text.split("\n\n")[2] == "Allowed values: `true`, `false`\nDefault: `true`\nCLI: " + (
        "The docs describe this flag as 0 or 1, but the CLI field is a boolean: write true or false (1/0 and yes/no are coerced, other numbers are rejected).")


def test_a_documented_range_and_a_number_default():
    assert _on(BASE, 23, "timeout_minutes")[0].text.split("\n\n")[2] == "Documented range: in [1, 86400]\nDefault: `10080`\nCLI: " + (
        "The CLI does not check this documented range. The CLI accepts a fractional value such as 10.5 and silently truncates it to 10.")


def test_a_free_text_key_names_its_suggestions_as_suggestions():
    assert _on(BASE, 40, "model_name")[0].text.split("\n\n")[2].split("\n")[:2] == [
        "Suggested values: `maskrcnn_resnet18_fpn`, `maskrcnn_resnet34_fpn`, `maskrcnn_resnet50_fpn`, `maskrcnn_resnet101_fpn`, "
        "`maskrcnn_resnet152_fpn`, `mmd-3x-mask-rcnn_swin-t-p4-w7_fpn_1x_coco`",
        "Default: `maskrcnn_resnet50_fpn`"]


def test_a_key_that_takes_anything_offers_no_values():
    # `$schema` is a URL the CLI drops whatever its value: true/false are not its "allowed values".
    assert _on(BASE, 0, "$schema")[0].text == (
        "**$schema** (string | number | boolean | object | array | null)\n\n"
        "URL of the YAML schema, used by editors for completion and validation. The CLI ignores it on submission.\n\n"
        "CLI: The CLI drops this key, whatever its value.\n\n"
        "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-automl-images-cli-classification#yaml-syntax)")


def test_a_key_under_a_policy_or_distribution_gets_that_kinds_documentation():
    median = BASE.replace("    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n", "    type: median_stopping\n    evaluation_interval: 2\n")
    result, word = _on(median, 35, "evaluation_interval")
    assert result.range == word
    assert result.text.split("\n\n")[-1] == "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-yaml-job-sweep#medianstoppingpolicy)"
    assert _on(BASE, 35, "evaluation_interval")[0].text.split("\n\n")[-1] == (
        "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-yaml-job-sweep#banditpolicy)")
    quniform = BASE.replace("      type: uniform\n      min_value: 0.0001", "      type: quniform\n      q: 0.0001\n      min_value: 0.0001")
    result, word = _on(quniform, 46, "min_value")
    assert (result.text, result.range) == ("**min_value** (number)\n\nThe minimum value of the range (inclusive).\n\n"
                                           "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-yaml-job-sweep#qloguniform-quniform)", word)


def test_search_space_keys_get_the_search_space_rules():
    min_size = _on(BASE, 50, "min_size")[0].text.split("\n\n")[2]
    assert min_size == "Default: `600`\nCLI: " + (
        "In search_space the CLI reads integers strictly: 10.5, 10.0 and \"10\" are rejected (not truncated). It accepts a fixed integer "
        "or choice, randint, quniform, qloguniform, qnormal or qlognormal with integer arguments; uniform, loguniform, normal and lognormal are rejected.")


# -- whole texts: a value ----------------------------------------------------------------------------
def test_a_value_shows_its_own_doc_then_its_keys():
    result, word = _on(BASE, 9, "debug")
    assert (result.text, result.range) == ("**debug**: Most verbose: detailed diagnostic messages.\n\n" + LOG_VERBOSITY, word)
    for at in (0, len("debug")):
        assert _on(BASE, 9, "debug", at=at)[0].range == word


def test_a_value_in_plain_text():
    assert _on(BASE, 9, "debug", markdown=False)[0].text.split("\n\n")[:2] == [
        "debug: Most verbose: detailed diagnostic messages.", "log_verbosity (string)"]


@pytest.mark.parametrize(("job", "line", "value", "doc", "key"), [
    ("standalone", 10, "mean_average_precision", "Mean average precision (mAP), the only primary metric supported for instance segmentation.", "primary_metric"),
    ("standalone", 16, "mltable", "An MLTable data asset, or a folder holding an MLTable file, that lists the labelled images.", "type"),
    ("standalone", 32, "random", "Samples hyperparameter values at random; supports every distribution and conditional search spaces.", "sampling_algorithm"),
    ("pipeline", 24, "image_instance_segmentation", "Image instance segmentation (Mask R-CNN style masks and boxes).", "task"),
    ("pipeline", 25, "info", "Progress information (default).", "log_verbosity"),
    ("pipeline", 63, "command", "Runs a command, usually from a component file (component: file:./component.yml).", "type"),
])
def test_documented_values_of_the_reference_jobs(job, line, value, doc, key):
    text = BASE if job == "standalone" else PIPE
    result, word = _on(text, line, value)
    key_hover, _ = _on(text, line, f"{key}:")
    assert (result.text, result.range) == (f"**{value}**: {doc}\n\n{key_hover.text}", word)


@pytest.mark.parametrize(("line", "value"), [(6, "azureml:gpu-cluster"), (23, "60"), (29, "1"), (15, "data/training-mltable-folder")])
def test_an_undocumented_value_has_no_hover(line, value):
    assert _on(BASE, line, value)[0] is None


@pytest.mark.parametrize("line", [2, 14, 53])  # a blank line, a comment, past the last line
def test_no_hover_where_nothing_is_written(line):
    assert hover.hover(parse(BASE), store(), Position(line, 2), True) is None


# -- whole texts: a value in a list -------------------------------------------------------------------
@pytest.mark.parametrize(("job", "line", "value", "doc", "key_line", "key"), [
    ("standalone", 49, "'adamw'", "**adamw**: Adam with decoupled weight decay; uses beta1, beta2, ams_gradient and weight_decay.", 47, "optimizer"),
    ("standalone", 49, "'sgd'", "**sgd**: Stochastic gradient descent (default); uses momentum, nesterov and weight_decay.", 47, "optimizer"),
    ("pipeline", 54, "'adam'", "**adam**: Adam; uses beta1, beta2, ams_gradient and weight_decay.", 52, "optimizer"),
    # model_name is free text: its suggestions are documented on the key, not on the choice's values
    ("standalone", 42, "maskrcnn_resnet50_fpn", "**maskrcnn_resnet50_fpn**: Mask R-CNN with a 50-layer ResNet FPN backbone (default): "
     "a balanced trade-off between training speed and accuracy.", 40, "model_name"),
    ("pipeline", 47, "maskrcnn_resnet50_fpn", "**maskrcnn_resnet50_fpn**: Mask R-CNN with a 50-layer ResNet FPN backbone (default): "
     "a balanced trade-off between training speed and accuracy.", 45, "model_name"),
])
def test_a_choice_value_shows_its_doc_then_the_hyperparameters(job, line, value, doc, key_line, key):
    text = BASE if job == "standalone" else PIPE
    result, word = _on(text, line, value)  # the quoted scalar, quotes included
    assert (result.text, result.range) == (doc + "\n\n" + _on(text, key_line, key)[0].text, word)


def test_a_choice_value_in_plain_text():
    plain = _on(BASE, 49, "'adamw'", markdown=False)[0].text
    assert plain.split("\n\n")[:2] == ["adamw: Adam with decoupled weight decay; uses beta1, beta2, ams_gradient and weight_decay.",
                                       "optimizer (string | object | distribution)"]


def test_no_automl_docs_in_a_step_of_another_type():
    # An AutoML search space pasted into the command step: that step's schema knows no hyperparameters.
    pasted = PIPE.replace("    component: file:./components/component_register_model.yaml\n", "    component: file:./components/component_register_model.yaml\n"
                          "    search_space:\n      - optimizer:\n          type: choice\n          values: [sgd]\n")
    assert (_on(pasted, 68, "sgd")[0], _on(pasted, 66, "optimizer")[0]) == (None, None)


def test_undocumented_list_values_have_no_hover():
    assert _on(BASE, 52, "600")[0] is None  # an integer choice
    located = BASE + "resources:\n  locations: [eastus, westus]\n"
    assert _on(located, 54, "eastus")[0] is None  # a list that is not a choice
    listed = BASE.replace("experiment_name: dpv2-cli-automl-image-instance-segmentation-experiment", "experiment_name: [debug, info]")
    assert _on(listed, 3, "debug")[0] is None  # a list where a text belongs


# -- whole texts: a `type:` discriminator -------------------------------------------------------------
DISTRIBUTIONS = """**type**: which kind this is, one of:

- `choice`: Picks one value from an explicit list of values.
- `uniform`: Samples uniformly between min_value and max_value.
- `loguniform`: Samples exp(uniform(min_value, max_value)), so the logarithm of the value is uniform.
- `quniform`: Samples uniformly between min_value and max_value, rounded to a multiple of q.
- `qloguniform`: Samples exp(uniform(min_value, max_value)), rounded to a multiple of q.
- `normal`: Samples from a normal distribution with mean mu and standard deviation sigma.
- `lognormal`: Samples exp(normal(mu, sigma)), so the logarithm of the value is normally distributed.
- `qnormal`: Samples from normal(mu, sigma), rounded to a multiple of q.
- `qlognormal`: Samples exp(normal(mu, sigma)), rounded to a multiple of q.
- `randint`: Picks a random integer from 0 (inclusive) up to upper (exclusive)."""


def test_a_distributions_type_lists_every_kind():
    result, word = _on(BASE, 44, "type")
    assert (result.text, result.range) == (DISTRIBUTIONS, word)
    value, word = _on(BASE, 44, "uniform")
    marked = DISTRIBUTIONS.replace("- `uniform`:", "- `uniform` (this one):")
    assert (value.text, value.range) == ("**uniform**: Samples uniformly between min_value and max_value.\n\n" + marked, word)


def test_a_free_text_hyperparameters_type_lists_its_one_distribution():
    result, word = _on(BASE, 41, "type")
    assert (result.text, result.range) == ("**type**: which kind this is, one of:\n\n- `choice`: Picks one value from an explicit list of values.", word)


def test_a_discriminator_in_plain_text():
    bandit = ("- bandit{}: Cancels trials whose primary metric is not within slack_factor or slack_amount of the best trial so far.\n"
              "- median_stopping: Cancels trials whose best primary metric is worse than the median of the running averages of all trials.\n"
              "- truncation_selection: At each evaluation interval cancels the given percentage of the lowest-performing trials.")
    assert _on(BASE, 34, "type", markdown=False)[0].text == "type: which kind this is, one of:\n\n" + bandit.format("")
    assert _on(BASE, 34, "bandit", markdown=False)[0].text == (
        "bandit: Cancels trials whose primary metric is not within slack_factor or slack_amount of the best trial so far.\n\n"
        "type: which kind this is, one of:\n\n" + bandit.format(" (this one)"))


def test_a_data_input_type_in_the_pipeline():
    result, word = _on(PIPE, 61, "mlflow_model")
    assert result.range == word
    assert result.text.split("\n") == [
        "**mlflow_model**: An MLflow model; the only type AutoML produces for best_model.", "",
        "**type**: which kind this is, one of:", "",
        "- `uri_file`: A single file.",
        "- `uri_folder`: A folder (the default when type is omitted).",
        "- `custom_model`: A model in a custom format.",
        "- `mlflow_model` (this one): An MLflow model; the only type AutoML produces for best_model.",
        "- `mltable`: An MLTable.",
        "- `triton_model`: A model in Triton Inference Server format."]


# -- whole texts: unknown and rejected keys -----------------------------------------------------------
LERNING = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  lerning_rate: 0.1\n")
LEARNING_RATE = ("**learning_rate** (number)\n\nInitial learning rate. The instance segmentation default is 0.005.\n\n"
                 "Documented range: in [0, 1]\nDefault: `0.005`\n"
                 "CLI: The CLI does not check this documented range.\n\n"
                 "[Documentation](https://learn.microsoft.com/azure/machine-learning/reference-automl-images-hyperparameters#model-agnostic-hyperparameters)")


def test_a_misspelt_key_shows_the_key_it_should_be():
    result, word = _on(LERNING, 30, "lerning_rate")
    assert (result.text, result.range) == ("Did you mean `learning_rate`? `lerning_rate` is not a key here.\n\n" + LEARNING_RATE, word)
    plain = _on(LERNING, 30, "lerning_rate", markdown=False)[0].text
    assert plain.split("\n\n")[:2] == ["Did you mean learning_rate? lerning_rate is not a key here.", "learning_rate (number)"]


def test_no_hover_on_the_value_of_an_unknown_key_or_on_a_key_like_no_other():
    assert _on(LERNING, 30, "0.1")[0] is None
    assert _on(BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  zzzz: 1\n"), 30, "zzzz")[0] is None


def test_a_rejected_key_says_why_then_documents_its_replacement():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  box_detections_per_img: 5\n")
    result, word = _on(text, 30, "box_detections_per_img")
    assert result.range == word
    assert result.text.split("\n\n")[:2] == [
        "The 2022 schema page spells this key `box_detections_per_img`, but the CLI only knows `box_detections_per_image`; rename it.",
        "**box_detections_per_image** (integer)"]


def test_a_renamed_section_documents_its_new_name():
    result, word = _on(BASE.replace("training_parameters:\n", "image_model:\n", 1), 27, "image_model")
    assert (result.text, result.range) == (
        "`image_model` is the 2022 name of this section and the CLI now rejects it; rename it to `training_parameters`.\n\n"
        + _on(BASE, 27, "training_parameters")[0].text, word)


def test_a_rejected_key_whose_replacement_lives_elsewhere_says_only_why():
    moved = BASE.replace("  max_concurrent_trials: 2\n", "  max_concurrent_trials: 2\n  enable_early_termination: true\n")
    result, word = _on(moved, 26, "enable_early_termination")
    assert (result.text, result.range) == (
        "`enable_early_termination` is a tabular AutoML setting mentioned in the limits docs; for image jobs configure an early "
        "termination policy under `sweep.early_termination`.", word)
    legacy = BASE.replace("  sampling_algorithm: random\n", "  sampling_algorithm: random\n  limits:\n    max_trials: 4\n")
    result, word = _on(legacy, 33, "limits")
    assert (result.text, result.range) == (
        "`sweep.limits` is the 2022 layout and the CLI now rejects it; move `max_trials` and `max_concurrent_trials` to the top-level limits section.", word)


def test_a_rejected_key_without_a_replacement():
    text = BASE.replace("  max_concurrent_trials: 2\n", "  max_concurrent_trials: 2\n  trial_timeout: 20\n")
    assert _on(text, 26, "trial_timeout")[0].text == (
        "`trial_timeout` belongs to sweep jobs; AutoML image jobs have no per-trial timeout, only `timeout_minutes` for the whole job.")


# -- whole texts: bindings ------------------------------------------------------------------------------
def test_a_binding_shows_the_lines_that_declare_it():
    result, _ = _on(PIPE, 32, "parent.inputs")
    assert (result.text, result.range) == (
        "`${{parent.inputs.image_instance_segmentation_training_data}}` (line 13)\n\n```yaml\n"
        "image_instance_segmentation_training_data:\n  type: mltable\n"
        "  # Update the path, if prepare_data.py is using data_path other than \"./data\"\n"
        "  path: data/training-mltable-folder\n```", Range.of(32, 22, 32, 77))  # the expression inside `${{ }}`


def test_a_binding_in_plain_text_stops_before_the_blank_line_after_it():
    result, _ = _on(PIPE, 33, "parent.inputs", markdown=False)
    assert (result.text, result.range) == (
        "${{parent.inputs.image_instance_segmentation_validation_data}} (line 17)\n\n"
        "image_instance_segmentation_validation_data:\n  type: mltable\n"
        "  # Update the path, if prepare_data.py is using data_path other than \"./data\"\n"
        "  path: data/validation-mltable-folder", Range.of(33, 24, 33, 81))


def test_a_binding_to_a_steps_output():
    result, _ = _on(PIPE, 66, "parent.jobs")
    assert (result.text, result.range) == (
        "`${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}` (line 61)\n\n```yaml\nbest_model:\n  type: mlflow_model\n```",
        Range.of(66, 27, 66, 90))


def test_a_long_declaration_shows_its_first_eight_lines():
    long = PIPE.replace("  image_instance_segmentation_training_data:\n", "  image_instance_segmentation_training_data:\n"
                        + "".join(f"    # note {i}\n" for i in range(1, 10)))
    result, _ = _on(long, 41, "parent.inputs")
    assert result.text == ("`${{parent.inputs.image_instance_segmentation_training_data}}` (line 13)\n\n```yaml\n"
                           "image_instance_segmentation_training_data:\n" + "".join(f"  # note {i}\n" for i in range(1, 8)) + "```")


def test_a_binding_that_names_nothing_says_so():
    text = PIPE.replace("${{parent.inputs.image_instance_segmentation_training_data}}", "${{parent.inputs.nothing_here}}")
    problem = ("This pipeline has no input `nothing_here` (its inputs: `image_instance_segmentation_training_data`, "
               "`image_instance_segmentation_validation_data`).")
    result, _ = _on(text, 32, "parent.inputs")
    assert (result.text, result.range) == (f"`${{{{parent.inputs.nothing_here}}}}`\n\n{problem}", Range.of(32, 22, 32, 48))
    assert _on(text, 32, "parent.inputs", markdown=False)[0].text == f"${{{{parent.inputs.nothing_here}}}}\n\n{problem}"


def test_a_binding_to_an_output_of_a_component_points_outside_the_file():
    text = PIPE.replace("${{parent.jobs.image_instance_segmentation_node.outputs.best_model}}", "${{parent.jobs.register_model_node.outputs.registered}}")
    result, _ = _on(text, 66, "parent.jobs")
    assert (result.text, result.range) == (
        "`${{parent.jobs.register_model_node.outputs.registered}}`\n\nDeclared by the step's component, outside this file.", Range.of(66, 27, 66, 77))


# -- documents that are broken, or not ours -----------------------------------------------------------
@pytest.mark.parametrize("broken", ["  max_trials: 'ten", "  max_trials: [10", "  max_trials: {a", "  max_trials: 10: 3", "  max_trials: @x",
                                    "      max_trials: 10"])  # the last one indented too far: read from the text, not the tree
def test_a_key_on_a_line_the_parser_left_out_keeps_its_hover(broken):
    text = BASE.replace("  max_trials: 10", broken)
    assert 24 in parse(text).blanked_lines
    result, word = _on(text, 24, "max_trials")
    assert (result.text, result.range) == (_on(BASE, 24, "max_trials")[0].text, word)


def test_hover_works_on_a_broken_line():
    text = BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:")
    result, word = _on(text, 6, "compute")
    assert (result.text, result.range) == (_on(BASE, 6, "compute")[0].text, word)
    assert hover.hover(parse(text), store(), Position(6, 12), True) is None  # on the broken value


def test_no_hover_in_another_tasks_job():
    other = BASE.replace("task: image_instance_segmentation", "task: image_classification")
    assert _on(other, 29, "evaluation_frequency")[0] is None
