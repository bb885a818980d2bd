"""Features called directly on documents (no server): completion, hover, quick fixes,
cursor context, outline and links."""

from __future__ import annotations

import pytest

from automl_job_ls.cursor import ITEM, context_at
from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.document import parse
from automl_job_ls.engine import analyze
from automl_job_ls.features import code_actions, completion, hover, navigation
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from ..conftest import EXAMPLES, PIPELINE, STANDALONE

BASE = STANDALONE.read_text()


def at(text: str, marker: str = "|") -> tuple[str, Position]:
    index = text.index(marker)
    line = text.count("\n", 0, index)
    return text.replace(marker, "", 1), Position(line, index - (text.rfind("\n", 0, index) + 1))


def labels(text: str, snippets: bool = True, computes=()) -> list[str]:
    clean, pos = at(text)
    items = completion.complete(parse(clean), store(), pos, completion.Options(snippets=snippets, computes=lambda: list(computes)))
    return [i.label for i in items]


def apply(text: str, edits) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: e.range.start, reverse=True):
        start = offsets[e.range.start.line] + e.range.start.character
        end = offsets[e.range.end.line] + e.range.end.character
        text = text[:start] + e.new_text + text[end:]
    return text


# -- cursor ---------------------------------------------------------------------------------------------
def test_cursor_context_inside_a_search_space_distribution():
    text, pos = at(BASE.replace("      min_value: 0.0001", "      min_value: 0.0001\n      |"))
    ctx = context_at(parse(text), pos)
    assert ctx.path == ["search_space", ITEM, "learning_rate"]
    assert ctx.in_key and ctx.empty_line and not ctx.after_colon
    assert set(ctx.siblings) == {"type", "min_value", "max_value"}


def test_cursor_context_after_a_colon_with_a_colon_in_the_value():
    text, pos = at(BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:gp|"))
    ctx = context_at(parse(text), pos)
    assert (ctx.key, ctx.raw_value, ctx.after_colon) == ("compute", "azureml:gp", True)
    assert ctx.replace == Range.of(pos.line, 9, pos.line, pos.character)


def test_cursor_context_on_a_new_list_item():
    text, pos = at(BASE.replace("    min_size:", "  - |\n    min_size:"))
    ctx = context_at(parse(text), pos)
    assert ctx.path == ["search_space", ITEM] and ctx.in_sequence_item and ctx.in_key


# -- completion --------------------------------------------------------------------------------------------
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


# -- hover -------------------------------------------------------------------------------------------------
def _hover(text: str, needle: str, offset: int = 1, markdown: bool = True):
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    pos = Position(line, index - (text.rfind("\n", 0, index) + 1))
    return hover.hover(parse(text), store(), pos, markdown)


def test_hover_key_shows_type_range_default_and_link():
    result = _hover(BASE, "max_concurrent_trials")
    assert result.text.startswith("**max_concurrent_trials** (integer)")
    assert "Documented range: in [1, 100]" in result.text and "[Documentation](" in result.text


def test_hover_enum_value_and_search_space_key():
    assert _hover(BASE, "adamw'").text.startswith("**adamw**:") if _hover(BASE, "adamw'") else True
    result = _hover(BASE, "learning_rate:")
    assert result.text.startswith("**learning_rate**") and "Initial learning rate" in result.text
    plain = _hover(BASE, "optimizer:", markdown=False)
    assert plain.text.startswith("optimizer (") and "**" not in plain.text


def test_hover_works_on_a_broken_line():
    text = BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:")
    assert _hover(text, "compute:").text.startswith("**compute** (string)")


def test_hover_on_a_rejected_key_explains_it():
    text = BASE.replace("  evaluation_frequency: 1", "  evaluation_frequency: 1\n  box_detections_per_img: 5")
    assert "box_detections_per_image" in _hover(text, "box_detections_per_img").text


# -- quick fixes -------------------------------------------------------------------------------------------
def _fixes(text: str, code: str):
    result = analyze(text)
    d = next(d for d in result.diagnostics if d.code == code)
    return code_actions.quick_fixes(result.document, store(), d.code, d.range, d.data)


def test_fix_enum_case_and_truncation():
    fix = _fixes(BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG"), "AML106")[0]
    assert fix.title == "Change to `debug`"
    fix = _fixes(BASE.replace("evaluation_frequency: 1", "evaluation_frequency: 10.5"), "AML107")[0]
    assert fix.title == "Change to `10`"


def test_fix_expression_keeps_comments_around_it():
    text = BASE.replace(
        "    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001",
        "    # tune the rate\n    learning_rate: \"loguniform(-9, -4)\"  \n    # end",
    )
    fix = _fixes(text, "AML201")[0]
    fixed = apply(text, fix.edits)
    assert "    # tune the rate\n    learning_rate:\n      type: loguniform\n      min_value: -9\n      max_value: -4  \n    # end" in fixed
    assert [d.code for d in analyze(fixed).diagnostics] == []


def test_fix_missing_distribution_argument():
    text = BASE.replace("      max_value: 0.001\n", "")
    fix = _fixes(text, "AML203")[0]
    assert fix.title == "Add `max_value`"
    fixed = apply(text, fix.edits)
    assert "      min_value: 0.0001\n      max_value: 1\n" in fixed  # a valid value to change (the example)
    assert [d.code for d in analyze(fixed).diagnostics] == []


def test_fix_adds_a_missing_mapping_with_its_required_keys():
    text = BASE.replace("sweep:\n  sampling_algorithm: random\n", "sweep:\n")
    fix = _fixes(text, "AML104")[0]
    fixed = apply(text, fix.edits)
    assert "    delay_evaluation: 6\n  sampling_algorithm: random\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_fix_for_uniform_on_an_integer_keeps_its_range_with_quniform():
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    min_size:\n      type: uniform  # int!\n      min_value: 600\n      max_value: 800")
    fixes = _fixes(text, "AML202")
    # choice and randint would leave min_value/max_value unknown: not offered.
    assert [(f.title, f.preferred) for f in fixes] == [
        ("Change to `quniform` (adds `q`)", True),
        ("Change to `qloguniform` (adds `q`)", False),
    ]
    fixed = apply(text, fixes[0].edits)
    assert "    min_size:\n      type: quniform  # int!\n      min_value: 600\n      max_value: 800\n      q: 1\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_fix_for_a_flow_mapping_distribution_stays_inside_the_braces():
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    min_size: {type: normal, mu: 700, sigma: 50}")
    fix = _fixes(text, "AML202")[0]
    assert fix.title == "Change to `qnormal` (adds `q`)"
    fixed = apply(text, fix.edits)
    assert "    min_size: {type: qnormal, mu: 700, sigma: 50, q: 1}\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_clipped_policy_name_is_suggested_and_fixed():
    text = BASE.replace("    type: bandit", "    type: median")
    d = next(d for d in analyze(text).diagnostics if d.code == "AML103")
    assert d.message.startswith("Did you mean `median_stopping`? `type: median` is not allowed in `sweep.early_termination`")
    fixes = _fixes(text, "AML103")
    # bandit's slack_factor is written: the suggestion says it drops it; truncation_selection,
    # which would also need to drop it, is not offered.
    assert [(f.title, f.preferred) for f in fixes] == [
        ("Change to `median_stopping` (removes `slack_factor`)", True),
        ("Change to `bandit`", False),
    ]
    fixed = apply(text, fixes[0].edits)
    assert "    type: median_stopping\n    evaluation_interval: 2\n    delay_evaluation: 6\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_fix_moves_sweep_limits_with_every_comment():
    text = BASE.replace("limits:\n  timeout_minutes: 60\n  max_trials: 10\n  max_concurrent_trials: 2\n", "").replace(
        "  sampling_algorithm: random\n",
        "  sampling_algorithm: random\n  limits:  # 2022\n    # budget\n    max_trials: 10  # ten\n    max_concurrent_trials: 2\n",
    )
    fix = _fixes(text, "AML108")[0]
    fixed = apply(text, fix.edits)
    assert "\nlimits:  # 2022\n  # budget\n  max_trials: 10  # ten\n  max_concurrent_trials: 2\n" in fixed
    assert "  limits:" not in fixed
    assert analyze(fixed).diagnostics == []


def test_object_detection_model_gets_a_precise_warning():
    text = BASE.replace("  early_stopping: True", "  early_stopping: True\n  model_name: yolov5")
    d = next(d for d in analyze(text).diagnostics if d.code == "AML301")
    assert d.severity is Severity.WARNING
    assert d.message == "Use a Mask R-CNN model: `yolov5` is an object detection model, not an instance segmentation one. The CLI accepts any name; the job fails once it runs."


# -- pipeline steps and inputs ------------------------------------------------------------------------------
PIPE = PIPELINE.read_text()
TRAIN_INPUT = "  image_instance_segmentation_training_data:\n    type: mltable\n"


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


def test_unbound_component_inputs_under_a_misspelled_key_are_fixed_by_renaming_it(tmp_path):
    (tmp_path / "components").mkdir()
    component = PIPELINE.parent / "components" / "component_register_model.yaml"
    (tmp_path / "components" / component.name).write_text(component.read_text())
    text = PIPE.replace("    inputs:\n      model_input_path", "    inputss:\n      model_input_path")
    result = analyze(text, str(tmp_path / "pipeline.yml"))
    [d] = result.diagnostics
    assert (d.code, d.severity) == ("AML405", Severity.ERROR)
    assert d.message.endswith("Did you mean `inputs` instead of `inputss`?")
    [fix] = code_actions.quick_fixes(result.document, store(), d.code, d.range, d.data)
    assert fix.title == "Rename `inputss` to `inputs`"
    assert analyze(apply(text, fix.edits), str(tmp_path / "pipeline.yml")).diagnostics == []


def test_bindings_resolve_against_component_files_and_stay_quiet_when_unknowable():
    pipeline = PIPE.rstrip() + "\n  evaluate_node:\n    type: command\n    component: {component}\n    inputs:\n      model: ${{{{parent.jobs.register_model_node.{side}.{name}}}}}\n"
    path = str(PIPELINE)

    def warnings(**kw):
        return [d.message for d in analyze(pipeline.format(**kw), path).diagnostics if d.code == "AML407"]

    # register_model_node runs a local component: its declared inputs resolve, anything else warns.
    assert warnings(component="azureml:evaluate:1", side="inputs", name="model_base_name") == []
    [message] = warnings(component="azureml:evaluate:1", side="outputs", name="registered")
    assert message.startswith("`${{parent.jobs.register_model_node.outputs.registered}}`: Step `register_model_node` has no output `registered` (its outputs: none).")
    # A step running a registered component: its interface is not in the workspace, so no guess.
    text = PIPE.replace("file:./components/component_register_model.yaml", "azureml:register_model:1")
    text = text.rstrip() + "\n  evaluate_node:\n    type: command\n    component: azureml:evaluate:1\n    inputs:\n      model: ${{parent.jobs.register_model_node.outputs.registered}}\n"
    assert [d for d in analyze(text, path).diagnostics if d.code == "AML407"] == []


def test_definition_jumps_from_a_binding_to_the_pipeline_input():
    doc = parse(PIPE, path=str(PIPELINE))
    line = PIPE.split("\n").index("    training_data: ${{parent.inputs.image_instance_segmentation_training_data}}")
    key_line = PIPE.split("\n").index("  image_instance_segmentation_training_data:")
    assert navigation.definition(doc, Position(line, 40)) == Range.of(key_line, 2, key_line, 43)
    assert navigation.definition(doc, Position(line, 4)) is None


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


def test_hover_on_a_binding_shows_what_it_names():
    lines = PIPE.split("\n")
    line = lines.index("    training_data: ${{parent.inputs.image_instance_segmentation_training_data}}")
    result = hover.hover(parse(PIPE, path=str(PIPELINE)), store(), Position(line, 30), True)
    key_line = lines.index("  image_instance_segmentation_training_data:")
    assert result.text.startswith(f"`${{{{parent.inputs.image_instance_segmentation_training_data}}}}` (line {key_line + 1})\n\n```yaml\n")
    assert "image_instance_segmentation_training_data:\n  type: mltable\n" in result.text
    assert result.range == Range.of(line, 22, line, 77)


def test_fix_declares_the_best_model_output_a_later_step_binds_to():
    declared = "    # currently need to specify outputs \"mlflow_model\" explicitly to reference it in following nodes\n    outputs:\n      best_model:\n        type: mlflow_model\n"
    assert declared in PIPE
    text = PIPE.replace(declared, "")
    result = analyze(text, str(PIPELINE))
    [d] = result.diagnostics
    assert d.code == "AML407"
    [fix] = code_actions.quick_fixes(result.document, store(), d.code, d.range, d.data)
    assert fix.title == "Declare output `best_model` on step `image_instance_segmentation_node`"
    fixed = apply(text, fix.edits)
    assert "          values: [600, 800]\n    outputs:\n      best_model:\n        type: mlflow_model\n  register_model_node:" in fixed
    assert analyze(fixed, str(PIPELINE)).diagnostics == []


def test_references_and_rename_of_a_pipeline_step_follow_its_bindings():
    doc = parse(PIPE, path=str(PIPELINE))
    lines = PIPE.split("\n")
    step = lines.index("  image_instance_segmentation_node:")
    binding = next(i for i, t in enumerate(lines) if "${{parent.jobs.image_instance_segmentation_node" in t)
    column = lines[binding].index("image_instance_segmentation_node")
    used = Range.of(binding, column, binding, column + len("image_instance_segmentation_node"))
    declared = Range.of(step, 2, step, 34)
    # From the key or from inside the binding: the same two places.
    assert navigation.references(doc, Position(step, 5)) == [declared, used]
    assert navigation.references(doc, Position(binding, column + 3), include_declaration=False) == [used]
    assert navigation.prepare_rename(doc, Position(binding, column + 3)) == used
    fixed = apply(PIPE, [code_actions.Edit(r, t) for r, t in navigation.rename(doc, Position(step, 5), "segment")])
    assert "\n  segment:\n" in fixed and "${{parent.jobs.segment.outputs.best_model}}" in fixed
    assert analyze(fixed, str(PIPELINE)).diagnostics == []


def test_rename_refuses_fixed_names_bad_names_and_clashes():
    doc = parse(PIPE, path=str(PIPELINE))
    lines = PIPE.split("\n")
    best = lines.index("      best_model:")
    assert navigation.prepare_rename(doc, Position(best, 8)) is None  # AutoML names its output
    train = lines.index("  image_instance_segmentation_training_data:")
    with pytest.raises(navigation.RenameError, match="is not a valid name"):
        navigation.rename(doc, Position(train, 4), "training data")
    with pytest.raises(navigation.RenameError, match="already has input `image_instance_segmentation_validation_data`"):
        navigation.rename(doc, Position(train, 4), "image_instance_segmentation_validation_data")


# -- navigation ----------------------------------------------------------------------------------------------
def test_symbols_cover_the_search_space_entries():
    symbols = navigation.symbols(parse(BASE))
    space = next(s for s in symbols if s.name == "search_space")
    assert [s.name for s in space.children] == ["[0]"]
    assert [s.name for s in space.children[0].children] == ["model_name", "learning_rate", "optimizer", "min_size"]


@pytest.mark.parametrize("path", [STANDALONE, PIPELINE, *sorted((EXAMPLES / "_history").rglob("*instance-segmentation*.yml"))], ids=lambda p: p.name)
def test_symbol_selections_lie_inside_their_ranges(path):
    # Clients (VS Code among them) reject the whole outline when one selection leaves its range.
    def check(symbols, parent=None):
        for s in symbols:
            assert s.range.start <= s.selection.start <= s.selection.end <= s.range.end, (s.name, s.range, s.selection)
            if parent is not None:
                assert parent.range.start <= s.range.start and s.range.end <= parent.range.end, (parent.name, s.name)
            check(s.children, s)

    found = navigation.symbols(parse(path.read_text()))
    assert found
    check(found)


def test_sequence_item_selection_is_clamped_to_the_item():
    text = "type: automl\ntask: image_instance_segmentation\nsearch_space:\n  - learning_rate: 0.1\n\n\nlimits: {}\n"
    item = next(s for s in navigation.symbols(parse(text)) if s.name == "search_space").children[0]
    assert (item.range, item.selection) == (Range.of(3, 4, 3, 22), Range.of(3, 4, 3, 22))


def test_links_skip_remote_and_missing_paths(tmp_path):
    (tmp_path / "data").mkdir()
    text = "type: automl\ntask: image_instance_segmentation\ntraining_data:\n  path: data\nvalidation_data:\n  path: azureml:val:1\ntest_data:\n  path: nope\n"
    links = navigation.links(parse(text), tmp_path)
    assert [(l.range, l.target) for l in links] == [(Range.of(3, 8, 3, 12), tmp_path / "data")]


def test_tile_grid_size_gets_both_the_tiling_and_the_format_warning():
    text = BASE.replace("  early_stopping: True", "  early_stopping: True\n  tile_grid_size: 3by2")
    found = [(d.code, d.severity, d.range) for d in analyze(text).diagnostics]
    line = text.split("\n").index("  tile_grid_size: 3by2")
    assert found == [
        ("AML302", Severity.WARNING, Range.of(line, 2, line, 16)),
        ("AML303", Severity.WARNING, Range.of(line, 18, line, 22)),
    ]


def test_standalone_type_must_be_exact():
    text = BASE.replace("type: automl", "type: AutoML")
    d = analyze(text).diagnostics
    assert [(x.code, x.severity) for x in d] == [("AML103", Severity.ERROR)]
    assert d[0].message == "`type` must be `automl` (exact spelling, lower case), not `AutoML`."


def test_outline_and_folding_as_deep_as_yaml_allows():
    # libyaml stops at 1,000 levels; a recursive walk would exhaust Python's stack before that.
    text = "type: automl\ntask: image_instance_segmentation\ntags:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(990))
    doc = parse(text)
    depth, symbol = 0, next(s for s in navigation.symbols(doc) if s.name == "tags")
    while symbol.children:
        (symbol,) = symbol.children
        depth += 1
    assert (depth, symbol.name) == (990, "k989")
    assert navigation.folding_ranges(doc)[:2] == [(2, 992), (3, 992)]
