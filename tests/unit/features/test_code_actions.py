"""Quick fixes on documents: each fix and the text it leaves."""

from __future__ import annotations

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.diagnostics.model import Diagnostic, FixData
from automl_job_ls.features import code_actions
from automl_job_ls.nodes import Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE
from .helpers import BASE, PIPE, apply, fixes_for


def test_fix_enum_case_and_truncation():
    fix = fixes_for(BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG"), "AML106")[0]
    assert fix.title == "Change to `debug`"
    fix = fixes_for(BASE.replace("evaluation_frequency: 1", "evaluation_frequency: 10.5"), "AML107")[0]
    assert fix.title == "Change to `10`"


def test_fix_expression_keeps_comments_around_it():
    text = BASE.replace(
        "    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001",
        "    # tune the rate\n    learning_rate: \"loguniform(-9, -4)\"  \n    # end",
    )
    fix = fixes_for(text, "AML201")[0]
    fixed = apply(text, fix.edits)
    assert "    # tune the rate\n    learning_rate:\n      type: loguniform\n      min_value: -9\n      max_value: -4  \n    # end" in fixed
    assert [d.code for d in analyze(fixed).diagnostics] == []


def test_fix_missing_distribution_argument():
    text = BASE.replace("      max_value: 0.001\n", "")
    fix = fixes_for(text, "AML203")[0]
    assert fix.title == "Add `max_value`"
    fixed = apply(text, fix.edits)
    assert "      min_value: 0.0001\n      max_value: 1\n" in fixed  # a valid value to change (the example)
    assert [d.code for d in analyze(fixed).diagnostics] == []


def test_fix_adds_a_missing_mapping_with_its_required_keys():
    text = BASE.replace("sweep:\n  sampling_algorithm: random\n", "sweep:\n")
    fix = fixes_for(text, "AML104")[0]
    fixed = apply(text, fix.edits)
    assert "    delay_evaluation: 6\n  sampling_algorithm: random\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_fix_for_uniform_on_an_integer_keeps_its_range_with_quniform():
    text = BASE.replace("    min_size:\n      type: choice\n      values: [600, 800]", "    min_size:\n      type: uniform  # int!\n      min_value: 600\n      max_value: 800")
    fixes = fixes_for(text, "AML202")
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
    fix = fixes_for(text, "AML202")[0]
    assert fix.title == "Change to `qnormal` (adds `q`)"
    fixed = apply(text, fix.edits)
    assert "    min_size: {type: qnormal, mu: 700, sigma: 50, q: 1}\n" in fixed
    assert analyze(fixed).diagnostics == []


def test_clipped_policy_name_is_suggested_and_fixed():
    text = BASE.replace("    type: bandit", "    type: median")
    d = next(d for d in analyze(text).diagnostics if d.code == "AML103")
    assert d.message.startswith("Did you mean `median_stopping`? `type: median` is not allowed in `sweep.early_termination`")
    fixes = fixes_for(text, "AML103")
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
    fix = fixes_for(text, "AML108")[0]
    fixed = apply(text, fix.edits)
    assert "\nlimits:  # 2022\n  # budget\n  max_trials: 10  # ten\n  max_concurrent_trials: 2\n" in fixed
    assert "  limits:" not in fixed
    assert analyze(fixed).diagnostics == []


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


def test_quick_fixes_use_the_servers_own_diagnostic_and_plain_text_by_default():
    text = BASE.replace("log_verbosity: debug", "log_verbosity: DEBUG")
    result = analyze(text)
    d = next(d for d in result.diagnostics if d.code == "AML106")
    s = store()
    # No `own` list: the server diagnoses the document itself; the echoed data is not needed.
    (fix,) = code_actions.quick_fixes(result.document, s, "AML106", d.range)
    assert (fix.title, [(e.range, e.new_text) for e in fix.edits]) == ("Change to `debug`", [(d.range, "debug")])
    # An `own` list is what the server published for this version: it wins over the document.
    published = Diagnostic("AML106", "", d.range, Severity.INFORMATION, FixData(replace_value="info"))
    (fix,) = code_actions.quick_fixes(result.document, s, "AML106", d.range, own=[published])
    assert fix.title == "Change to `info`"
    # A code the server does not know gets no fix, whatever the client echoes.
    assert code_actions.quick_fixes(result.document, s, "XYZ001", d.range, {"replace_value": "x"}) == []


def test_a_stale_diagnostic_is_rebuilt_from_its_code_range_and_echoed_data():
    rng = Range.of(3, 0, 3, 5)
    rebuilt = code_actions.own_diagnostic([], "AML106", rng, {"replace_value": "debug", "junk": 1})
    assert rebuilt == Diagnostic("AML106", "", rng, Severity.INFORMATION, FixData(replace_value="debug"))


def test_diagnostics_touching_a_range_include_those_meeting_it_at_either_end():
    R = Range.of
    before, after, inside, apart = (
        Diagnostic(c, "", r, Severity.ERROR, FixData())
        for c, r in (("AML101", R(1, 0, 2, 4)), ("AML102", R(2, 9, 3, 0)), ("AML103", R(2, 5, 2, 6)), ("AML104", R(4, 0, 4, 1)))
    )
    assert code_actions.in_range([before, after, inside, apart], R(2, 4, 2, 9)) == [before, after, inside]


def test_default_quick_fixes_have_no_snippet_syntax():
    text = PIPE.replace("settings:\n  default_compute: azureml:gpu-cluster\n", "")
    d = next(d for d in analyze(text, str(PIPELINE)).diagnostics if d.code == "AML401")
    fixes = code_actions.fixes_for(analyze(text, str(PIPELINE)).document, store(), d)
    assert fixes and all("${" not in e.new_text for f in fixes for e in f.edits)
