"""Completion on documents: keys, values, distributions, skeleton, pipeline inputs and bindings."""

from __future__ import annotations

from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.document import parse
from automl_job_ls.features import completion
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE
from .helpers import BASE, PIPE, TRAIN_INPUT, apply, at, labels


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


def _items(text: str, path: str | None = None, **options):
    clean, pos = at(text)
    return clean, pos, completion.complete(parse(clean, path=path), store(), pos, completion.Options(**options))


def test_a_binding_name_replaces_the_whole_word_under_the_cursor():
    binding = "${{parent.inputs.image_instance_segmentation_training_data}}"
    clean, pos, items = _items(PIPE.replace(binding, "${{parent.inputs.image_|instance_segmentation_training_data}}"), str(PIPELINE))
    start, end = Position(pos.line, pos.character - len("image_")), Position(pos.line, pos.character + len("instance_segmentation_training_data"))
    assert [(i.label, i.kind, i.text, i.insert, i.replace, i.detail, i.sort_text) for i in items] == [
        ("image_instance_segmentation_training_data", completion.VALUE, "image_instance_segmentation_training_data",
         Range(start, pos), Range(start, end), "pipeline input", "000"),
        ("image_instance_segmentation_validation_data", completion.VALUE, "image_instance_segmentation_validation_data",
         Range(start, pos), Range(start, end), "pipeline input", "001"),
    ]


def test_values_inside_a_flow_list_leave_out_those_already_written():
    clean, pos, items = _items(BASE.replace("values: ['sgd', 'adam', 'adamw']", "values: ['sgd', |]"))
    assert [(i.label, i.detail, i.insert, i.replace) for i in items] == [
        ("none", "No optimizer is selected, so the default (sgd) applies.", Range(pos, pos), Range(pos, pos)),
        ("adam", "Adam", Range(pos, pos), Range(pos, pos)),
        ("adamw", "Adam with decoupled weight decay", Range(pos, pos), Range(pos, pos)),
    ]
    # A half-typed quoted value is replaced with its quote; the value being typed stays offered.
    clean, pos, items = _items(BASE.replace("values: ['sgd', 'adam', 'adamw']", "values: ['sgd', 'adam|]"))
    typed = Range(Position(pos.line, pos.character - len("'adam")), pos)
    assert [(i.label, i.insert) for i in items] == [("none", typed), ("adam", typed), ("adamw", typed)]
    # Backbones inside `values: [...]` of model_name come from the hyperparameter.
    clean, pos, items = _items(BASE.replace("values: [maskrcnn_resnet50_fpn]", "values: [maskrcnn_resnet50_fpn, |]"))
    assert [i.label for i in items] == ["maskrcnn_resnet18_fpn", "maskrcnn_resnet34_fpn", "maskrcnn_resnet101_fpn",
                                        "maskrcnn_resnet152_fpn", "mmd-3x-mask-rcnn_swin-t-p4-w7_fpn_1x_coco"]


SPACE_END = "      values: [600, 800]\n"


def test_search_space_entries_write_a_distribution_from_the_hyperparameters_schema():
    clean, pos, items = _items(BASE.replace(SPACE_END, SPACE_END + "    |\n"))
    bodies = {i.label: i.text for i in items}
    assert {k: bodies[k] for k in ("momentum", "validation_iou_threshold", "learning_rate_scheduler",
                                   "early_stopping_delay", "layers_to_freeze", "nesterov")} == {
        # bounded numbers: uniform over the documented range
        "momentum": "momentum:\n  type: uniform\n  min_value: ${1:0}\n  max_value: ${2:1}$0",
        "validation_iou_threshold": "validation_iou_threshold:\n  type: uniform\n  min_value: ${1:0.1}\n  max_value: ${2:1}$0",
        # enums: a choice, the default first
        "learning_rate_scheduler": "learning_rate_scheduler:\n  type: choice\n  values: [${1|warmup_cosine,none,step|}]$0",
        # integers: a choice of the default, or an empty stop without one
        "early_stopping_delay": "early_stopping_delay:\n  type: choice\n  values: [${1:5}]$0",
        "layers_to_freeze": "layers_to_freeze:\n  type: choice\n  values: [$1]$0",
        "nesterov": "nesterov:\n  type: choice\n  values: [${1|true,false|}]$0",
    }


def test_keys_the_checker_flags_on_sight_are_not_offered():
    # Tiling settings (AML302) and `augmentations` in a search space (AML112) would be flagged as
    # soon as they were accepted.
    flagged = {"tile_grid_size", "tile_overlap_ratio", "tile_predictions_nms_threshold", "augmentations"}
    clean, pos, items = _items(BASE.replace(SPACE_END, SPACE_END + "    |\n"))
    assert flagged & {i.label for i in items} == set() and "momentum" in {i.label for i in items}
    clean, pos, items = _items(BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  |\n"))
    assert flagged & {i.label for i in items} == set() and "number_of_epochs" in {i.label for i in items}
    # `test_data` is dropped by the CLI before it submits (AML111): neither the key nor its block.
    clean, pos, items = _items(BASE.replace("target_column_name: label\n", "target_column_name: label\n|\n"))
    assert [i.label for i in items if i.label.startswith("test_data")] == [] and "validation_data" not in {i.label for i in items}


def test_another_policy_type_says_what_it_adds_and_removes_and_edits_the_block():
    clean, pos, items = _items(BASE.replace("    type: bandit", "    type: |bandit"))
    assert [(i.label, i.detail) for i in items] == [
        ("bandit", "Cancels trials whose primary metric is not within slack_factor or slack_amount of the best trial so far."),
        ("median_stopping", "Cancels trials whose best primary metric is worse than the median of the running averages of all trials; "
                            "removes `slack_factor`"),
        ("truncation_selection", "At each evaluation interval cancels the given percentage of the lowest-performing trials; "
                                 "adds `truncation_percentage`, removes `slack_factor`"),
    ]
    chosen = items[2]
    fixed = apply(clean, [completion.Edit(chosen.replace, chosen.text), *chosen.additional])
    assert "  early_termination:\n    type: truncation_selection\n    evaluation_interval: 2\n    delay_evaluation: 6\n" \
           "    truncation_percentage: 10\n\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_the_skeleton_after_a_header_comment_replaces_trailing_spaces():
    clean, pos, items = _items("# my job|   \n", snippets=False)
    [item] = items
    assert (item.label, item.detail, item.insert, item.replace) == (
        "AutoML image instance segmentation job", "A complete job: data, limits, training parameters, sweep and search space",
        Range(pos, Position(0, 11)), Range(pos, Position(0, 11)))
    assert item.documentation == "Inserts a whole `type: automl`, `task: image_instance_segmentation` job to fill in."
    assert item.text.startswith("\n$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLJob.schema.json\ntype: automl\n")
    assert "${" not in item.text and "experiment_name: my-instance-segmentation\n" in item.text
    assert analyze(apply(clean, [completion.Edit(item.replace, item.text)])).diagnostics == []


def test_a_values_documentation_is_the_same_sent_with_the_list_or_on_resolve():
    clean, pos = at(BASE.replace("log_verbosity: debug", "log_verbosity: |debug"))
    doc = parse(clean)
    direct = completion.complete(doc, store(), pos, completion.Options(markdown=False))
    deferred = completion.complete(doc, store(), pos, completion.Options(markdown=False, defer_documentation=True))
    assert [i.label for i in direct] == ["info", "not_set", "debug", "warning", "error", "critical"]  # the default first
    assert [i.documentation for i in direct] == [completion.documentation_for(store(), i.resolve, False) for i in deferred]
    assert direct[1].documentation.startswith(
        "not_set: No level is set; the logging default applies.\n\nlog_verbosity (string)\n\nLevel of log verbosity.\n\n"
        "Allowed values: not_set, debug, info, warning, error, critical\nDefault: info\n")
    assert all(i.documentation == "" for i in deferred)


def test_key_items_say_their_type_put_required_keys_first_and_carry_the_keys_docs():
    clean, pos = at(BASE.replace("target_column_name: label\n", "|\n"))
    doc = parse(clean)
    items = sorted(completion.complete(doc, store(), pos, completion.Options()), key=lambda i: i.sort_text)
    first = items[0]
    assert (first.label, first.kind, first.text, first.type_label, first.sort_text, first.retrigger) == (
        "target_column_name", completion.KEY, "target_column_name: ", "string (required)", "0target_column_name", False)
    assert first.detail == "Name of the label column in training_data and validation_data (label in the JSONL format)"
    assert first.documentation.startswith("**target_column_name** (string)\n\nName of the label column in training_data")
    assert all(i.sort_text == "1" + i.label and not i.type_label.endswith("(required)") for i in items[1:] if i.kind == completion.KEY)
    # A client that resolves items gets the same documentation later, by reference.
    deferred = {i.label: i for i in completion.complete(doc, store(), pos, completion.Options(defer_documentation=True))}
    assert deferred["target_column_name"].resolve == {"doc": "key", "kind": "standalone", "path": [], "types": ["automl"],
                                                      "key": "target_column_name"}
    assert completion.documentation_for(store(), deferred["target_column_name"].resolve, True) == first.documentation


def test_a_policy_without_type_offers_type_first_and_then_its_kinds():
    clean, pos, items = _items(BASE.replace("    type: bandit\n", "    |\n"))
    [item] = items  # the other keys depend on the kind
    description = "Which kind this is: bandit, median_stopping, truncation_selection."
    assert (item.label, item.text, item.detail, item.documentation, item.retrigger) == ("type", "type: ", description, description, True)


def test_compute_values():
    computes = lambda: ["cpu-small"]  # noqa: E731
    clean, pos, items = _items(BASE.replace("compute: azureml:gpu-cluster", "compute:|"), computes=computes)
    at_cursor = Range(pos, pos)
    # After a bare colon each value brings its space; `azureml:` reopens the list for the name.
    assert [(i.label, i.kind, i.text, i.insert, i.detail, i.retrigger) for i in items] == [
        ("azureml:", completion.VALUE, " azureml:", at_cursor, "a compute in the workspace", True),
        ("local", completion.VALUE, " local", at_cursor, "run on this machine", False),
        ("azureml:cpu-small", completion.MODULE, " azureml:cpu-small", at_cursor, "compute used by other jobs in this workspace", False),
    ]
    assert items[0].documentation == "Reference an existing compute target: `azureml:<compute_name>`."
    # Once `azureml:` is written, the names; the whole value is replaced.
    clean, pos, items = _items(BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:|gpu"), computes=computes)
    whole = Range(Position(pos.line, 9), Position(pos.line, 20))
    assert [(i.label, i.replace) for i in items] == [("azureml:cpu-small", whole)]
    # In a pipeline, `local` is not a choice (AML402).
    clean, pos, items = _items(PIPE.replace("  default_compute: azureml:gpu-cluster", "  default_compute: azu|"), str(PIPELINE))
    assert [(i.label, i.text, i.replace) for i in items] == [("azureml:", "azureml:", Range(Position(pos.line, 19), Position(pos.line, 22)))]


TRAINING_DATA = ('training_data:\n  # Update the path, if prepare_data.py is using data_path other than "./data"\n'
                 "  path: data/training-mltable-folder\n  type: mltable\n")


def test_block_snippets_write_a_whole_section_and_show_what_they_insert():
    clean, pos, items = _items(BASE.replace(TRAINING_DATA, "|\n"))
    [block] = [i for i in items if i.kind == completion.SNIPPET]
    assert (block.label, block.text, block.detail, block.type_label, block.sort_text) == (
        "training_data (block)", "training_data:\n  type: mltable\n  path: ${1:./data/training-mltable-folder}$0",
        "Training data as an MLTable input", "block", "2training_datamltable")
    assert block.documentation == "Inserts:\n```yaml\ntraining_data:\n  type: mltable\n  path: ./data/training-mltable-folder\n```"
    policy = "  early_termination:\n    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n    delay_evaluation: 6\n"
    clean, pos, items = _items(BASE.replace(policy, "  |\n"), markdown=False)
    blocks = [i for i in items if i.kind == completion.SNIPPET]
    # One block per kind of policy, each with its own settings and defaults; plain-text docs.
    assert [(i.label, i.text, i.sort_text) for i in blocks] == [
        ("early_termination: bandit", "early_termination:\n  type: bandit\n  slack_factor: ${1:0.2}\n  evaluation_interval: ${2:1}\n"
                                      "  delay_evaluation: ${3:0}$0", "2early_terminationbandit"),
        ("early_termination: median_stopping", "early_termination:\n  type: median_stopping\n  evaluation_interval: ${1:1}\n"
                                               "  delay_evaluation: ${2:0}$0", "2early_terminationmedian_stopping"),
        ("early_termination: truncation_selection", "early_termination:\n  type: truncation_selection\n  truncation_percentage: ${1:10}\n"
                                                    "  evaluation_interval: ${2:1}\n  delay_evaluation: ${3:0}$0",
         "2early_terminationtruncation_selection"),
    ]
    assert blocks[1].documentation == "Inserts:\nearly_termination:\n  type: median_stopping\n  evaluation_interval: 1\n  delay_evaluation: 0"
    assert blocks[0].detail == "Bandit policy, based on a slack factor or slack amount and an evaluation interval."


def test_compute_names_come_from_the_workspaces_job_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "job.yml").write_text("type: command\ncompute: azureml:cpu-small  # cheap\n")
    (tmp_path / "b.yaml").write_text("settings:\n  default_compute: azureml:gpu-big\njobs: {}\n")
    (tmp_path / "c.yml").write_text("compute: local\ncompute: azureml:\n")  # no name to offer
    for skipped in (".git", ".venv", "node_modules"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "x.yml").write_text("compute: azureml:hidden\n")
    (tmp_path / "notes.txt").write_text("compute: azureml:not-yaml\n")
    assert completion.workspace_computes([tmp_path]) == ["cpu-small", "gpu-big"]
    # A bounded scan: a folder's files in name order, then its subfolders; skipped folders do not count.
    assert completion.workspace_computes([tmp_path], limit=1) == ["gpu-big"]
    assert completion.workspace_computes([tmp_path], limit=2) == ["gpu-big"]
    assert completion.workspace_computes([tmp_path], limit=3) == ["cpu-small", "gpu-big"]
