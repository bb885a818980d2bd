"""A broken job is still a job: recognition that survives syntax errors, and each error at its culprit."""

from __future__ import annotations

import pytest

from automl_job_ls.document import JobKind, parse
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.nodes import BROKEN, Mapping, Range

from ..conftest import PIPELINE, STANDALONE

REFERENCE = STANDALONE.read_text()
PIPELINE_TEXT = PIPELINE.read_text()


def _quoted_description(text: str = REFERENCE) -> str:
    """The reference job with its description (line 4, 0-based) in double quotes."""
    line = "description: An Image Instance segmentation job using fridge items dataset"
    assert line in text
    return text.replace(line, 'description: "An Image Instance segmentation job using fridge items dataset"')


def _diags(text: str, **kw) -> list[tuple[str, Range, str]]:
    return [(d.code, d.range, d.message) for d in analyze(text, **kw).diagnostics]


def _codes_at(text: str, **kw) -> list[tuple[str, Range]]:
    return [(code, rng) for code, rng, _ in _diags(text, **kw)]


# -- the unterminated quote of the issue ----------------------------------------------------------------
def test_unterminated_quote_is_reported_at_the_opening_quote():
    broken = _quoted_description().replace('fridge items dataset"', "fridge items dataset")
    assert broken.splitlines()[4].startswith('description: "An Image')
    assert _diags(broken) == [
        ("AML001", Range.of(4, 13, 4, 75), 'Close this " quote: the string runs on to the end of its block.')
    ]


def test_the_rest_of_the_job_keeps_its_problems_while_a_quote_is_open():
    with_problem = _quoted_description().replace("  max_trials: 10", "  max_trials: 10\n  max_total_trials: 3")
    before = _codes_at(with_problem)
    assert before == [("AML101", Range.of(25, 2, 25, 18))]
    broken = with_problem.replace('fridge items dataset"', "fridge items dataset")
    assert _codes_at(broken) == [("AML001", Range.of(4, 13, 4, 75)), ("AML101", Range.of(25, 2, 25, 18))]
    doc = parse(broken)
    assert doc.kind is JobKind.STANDALONE
    # The key stays (the outline still shows it); its unreadable value is judged by no other check.
    assert doc.root.get("description").kind == BROKEN and doc.root.keys()[-1] == "search_space"


def test_single_quote_left_open_in_a_flow_list():
    broken = REFERENCE.replace("values: ['sgd', 'adam', 'adamw']", "values: ['sgd, 'adam', 'adamw']")
    codes = _codes_at(broken)
    assert codes[0][0] == "AML001"
    assert codes[0][1].start.line == 49


# -- other culprits ------------------------------------------------------------------------------------
def test_half_typed_key_is_reported_at_the_key_not_the_next_line():
    broken = REFERENCE.replace("  early_stopping: True\n", "  early_stopping: True\n  box_\n")
    assert _diags(broken) == [
        ("AML001", Range.of(29, 2, 29, 6), "Finish `box_` as `key: value`, or remove it: every line at this level is a key.")
    ]
    doc = parse(broken)
    assert doc.root.get("training_parameters").keys() == ["early_stopping", "evaluation_frequency"]


def test_half_typed_key_on_the_last_line_without_a_line_break():
    assert _codes_at(REFERENCE + "    box_") == [("AML001", Range.of(53, 4, 53, 8))]


def test_unclosed_bracket_is_reported_at_the_bracket():
    broken = REFERENCE.replace("values: [600, 800]", "values: [600, 800")
    assert _diags(broken) == [
        ("AML001", Range.of(52, 14, 52, 23), "Close this `[` with `]`: the list or mapping it opens never ends.")
    ]


def test_unclosed_brace_is_reported_at_the_brace():
    text = "type: automl\ntask: image_instance_segmentation\ntags: {team: vision\nlimits:\n  max_trials: 2\n"
    assert _codes_at(text) == [("AML001", Range.of(2, 6, 2, 19))]
    assert parse(text).root.get("limits").get("max_trials").value == 2


def test_tab_is_reported_at_the_tab():
    broken = REFERENCE.replace("  max_trials: 10", "\tmax_trials: 10")
    assert _diags(broken) == [("AML001", Range.of(24, 0, 24, 1), "Indent with spaces: YAML does not allow tabs here.")]


def test_tab_after_spaces_is_reported_at_the_tab():
    text = "type: automl\ntask: image_instance_segmentation\nlimits:\n  max_trials: 1\n  \tmax_concurrent_trials: 1\n"
    assert _codes_at(text) == [("AML001", Range.of(4, 2, 4, 3))]


def test_a_second_document_is_an_error_on_its_marker():
    text = REFERENCE + "---\ntype: automl\n"
    assert _codes_at(text) == [("AML001", Range.of(53, 0, 53, 3))]


def test_a_leading_document_marker_is_fine():
    assert _codes_at("---\n" + REFERENCE) == []


# -- merge conflicts ----------------------------------------------------------------------------------
CONFLICT = REFERENCE.replace(
    "log_verbosity: debug\n", "<<<<<<< HEAD\nlog_verbosity: debug\n=======\nlog_verbosity: info\n>>>>>>> tune-logging\n"
)


def test_each_merge_marker_line_gets_its_own_error():
    assert _diags(CONFLICT) == [
        ("AML004", Range.of(9, 0, 9, 12), "Resolve this git merge conflict (`<<<<<<<` marker line): the CLI cannot read the file with it."),
        ("AML004", Range.of(11, 0, 11, 7), "Resolve this git merge conflict (`=======` marker line): the CLI cannot read the file with it."),
        ("AML004", Range.of(13, 0, 13, 20), "Resolve this git merge conflict (`>>>>>>>` marker line): the CLI cannot read the file with it."),
    ]


def test_a_conflict_keeps_the_first_side_in_the_tree():
    doc = parse(CONFLICT)
    assert doc.kind is JobKind.STANDALONE
    assert doc.root.get("log_verbosity").text == "debug"
    assert doc.root.keys().count("log_verbosity") == 1
    assert doc.blanked_lines == {9, 11, 12, 13}


def test_diff3_conflict_drops_the_common_ancestor_section_too():
    text = REFERENCE.replace(
        "log_verbosity: debug\n",
        "<<<<<<< ours\nlog_verbosity: debug\n||||||| base\nlog_verbosity: warning\n=======\nlog_verbosity: info\n>>>>>>> theirs\n",
    )
    assert [(c, r.start.line) for c, r in _codes_at(text)] == [("AML004", 9), ("AML004", 11), ("AML004", 13), ("AML004", 15)]
    assert parse(text).root.get("log_verbosity").text == "debug"


def test_a_conflict_in_a_pipeline_keeps_it_a_pipeline():
    text = PIPELINE_TEXT.replace(
        "experiment_name: pipeline-with-automl\n",
        "<<<<<<< HEAD\nexperiment_name: pipeline-with-automl\n=======\nexperiment_name: seg\n>>>>>>> rename\n",
    )
    doc = parse(text)
    assert doc.kind is JobKind.PIPELINE
    assert [d.code for d in analyze(text).diagnostics] == ["AML004", "AML004", "AML004"]


def test_a_lone_rule_line_is_not_a_conflict():
    text = "type: automl\ntask: image_instance_segmentation\n=======\n"
    assert [code for code, _ in _codes_at(text)] == ["AML001"]


# -- many errors -----------------------------------------------------------------------------------------
def test_every_independent_error_is_reported_up_to_ten_then_one_note():
    text = REFERENCE.replace("type: automl\n", "type: automl\n" + "".join(f"broken line {n}\n" for n in range(15)))
    diags = _diags(text)
    assert [(c, r) for c, r, _ in diags[:10]] == [("AML001", Range.of(2 + n, 0, 2 + n, 13)) for n in range(10)]
    assert diags[10] == ("AML005", Range.of(12, 0, 12, 14), "Fix the syntax errors above first: 5 more from here on are not shown.")
    assert len(diags) == 11
    assert parse(text).kind is JobKind.STANDALONE


def test_errors_in_different_sections_are_each_found():
    text = (
        REFERENCE.replace("  max_trials: 10", "\tmax_trials: 10")
        .replace("  early_stopping: True\n", "  early_stopping: True\n  box_\n")
        .replace("values: [600, 800]", "values: [600, 800")
    )
    assert _codes_at(text) == [
        ("AML001", Range.of(24, 0, 24, 1)),
        ("AML001", Range.of(29, 2, 29, 6)),
        ("AML001", Range.of(53, 14, 53, 23)),
    ]
    doc = parse(text)
    assert doc.root.get("sweep").get("sampling_algorithm").text == "random"


def test_an_error_deep_in_a_pipeline_step_keeps_the_rest_of_the_step():
    text = PIPELINE_TEXT.replace("      max_trials: 10\n", "      max_trials: 10\n      oops\n")
    doc = parse(text)
    assert doc.kind is JobKind.PIPELINE
    (job,) = doc.jobs
    assert job.mapping.get("limits").keys() == ["timeout_minutes", "max_trials", "max_concurrent_trials"]
    assert "training_parameters" in job.mapping.keys()
    assert [code for code, _ in _codes_at(text)] == ["AML001"]


# -- recognition -------------------------------------------------------------------------------------
@pytest.mark.parametrize("job_type", ["auto_ml", "AutoML", "automl_job", "autml"])
def test_misspelled_job_type_next_to_our_task_is_an_error_with_the_spelling(job_type: str):
    text = REFERENCE.replace("type: automl", f"type: {job_type}")
    (diag,) = analyze(text).diagnostics
    assert (diag.code, diag.range) == ("AML103", Range.of(1, 6, 1, 6 + len(job_type)))
    assert diag.message.startswith("`type` must be `automl`")
    assert diag.data.replace_value == "automl"


def test_misspelled_job_type_without_our_task_is_not_ours():
    assert parse("type: auto_ml\ntask: image_classification\n").kind is JobKind.NOT_OURS
    assert parse("type: auto_ml\nname: x\n").kind is JobKind.NOT_OURS
    assert parse("type: command\ntask: image_instance_segmentation\n").kind is JobKind.NOT_OURS


def test_a_pipeline_step_with_a_misspelled_type_is_our_step():
    text = PIPELINE_TEXT.replace("    type: automl\n", "    type: auto_ml\n", 1)
    doc = parse(text)
    assert doc.kind is JobKind.PIPELINE and len(doc.jobs) == 1
    assert [d.code for d in analyze(text).diagnostics] == ["AML103"]


@pytest.mark.parametrize(
    "text,kind",
    [
        ("type: automl\nlimits: [\n", JobKind.STANDALONE),
        ("task: image_instance_segmentation\n\tbad: 1\n", JobKind.STANDALONE),
        ("$schema: https://azuremlschemas.azureedge.net/latest/autoMLJob.schema.json\nfoo: 'bar\n", JobKind.STANDALONE),
        ("type: pipeline\njobs:\n  seg:\n    type: automl\n    task: image_instance_segmentation\n    limits: {\n", JobKind.PIPELINE),
        ("type: automl\ntask: image_classification\nlimits: [\n", JobKind.NOT_OURS),
        ("name: ci\non: [push\n", JobKind.NOT_OURS),
    ],
)
def test_raw_text_evidence_survives_syntax_errors(text: str, kind: JobKind):
    assert parse(text).kind is kind


def test_no_number_of_errors_makes_a_job_someone_elses():
    text = REFERENCE + "".join(f"broken line {n}\n" for n in range(300))
    doc = parse(text)
    assert doc.kind is JobKind.STANDALONE
    diags = analyze(text).diagnostics
    assert [d.code for d in diags] == ["AML001"] * 10 + ["AML005"]
    assert diags[-1].message == "Fix the syntax errors above first: 190 or more more from here on are not shown."


def test_nesting_beyond_the_reader_limit_stays_a_job():
    text = REFERENCE + "tags:\n  deep: " + "[" * 1100 + "]" * 1100 + "\n"
    doc = parse(text)
    assert doc.kind is JobKind.STANDALONE
    codes = _codes_at(text)
    assert codes[0][0] == "AML001" and codes[0][1].start.line == 54


def test_block_nesting_beyond_the_reader_limit_stays_a_job():
    deep = "".join(" " * (2 * n) + f"k{n}:\n" for n in range(1200))
    text = "type: automl\ntask: image_instance_segmentation\ntags:\n" + "".join("  " + line + "\n" for line in deep.splitlines())
    assert parse(text).kind is JobKind.STANDALONE
    assert any(code == "AML001" for code, _ in _codes_at(text))


def test_a_job_stays_a_job_while_its_task_is_retyped():  # `task: im`, on the way to the full name
    first = parse(REFERENCE)
    typing = REFERENCE.replace("task: image_instance_segmentation", "task: im")
    assert parse(typing).kind is JobKind.NOT_OURS  # a new file saying this is not a job of ours
    assert parse(typing, was=first.kind).kind is JobKind.STANDALONE
    other = REFERENCE.replace("task: image_instance_segmentation", "task: image_classification")
    assert parse(other, was=first.kind).kind is JobKind.NOT_OURS
    assert parse("", was=first.kind).kind is JobKind.NOT_OURS


# -- files the CLI cannot load as a job -------------------------------------------------------------
@pytest.mark.parametrize(
    "text,message,rng",
    [
        ("", "Write the job's `key: value` lines: the file is empty, and the CLI rejects it (\"Target yaml file is empty\").", Range.of(0, 0, 0, 0)),
        ("# later\n", "Write the job's `key: value` lines: the file is empty, and the CLI rejects it (\"Target yaml file is empty\").", Range.of(0, 0, 0, 0)),
        ("- type: automl\n- task: x\n", "Write the job as `key: value` lines: its top level is a list, and the CLI loads only a mapping (\"Expect dict\").", Range.of(0, 0, 0, 14)),
        ("just text\n", "Write the job as `key: value` lines: its top level is a single value, and the CLI loads only a mapping (\"Expect dict\").", Range.of(0, 0, 0, 9)),
    ],
)
def test_a_named_file_that_is_no_mapping_is_an_error(text: str, message: str, rng: Range):
    assert _diags(text, named=True) == [("AML006", rng, message)]
    assert _diags(text) == []


def test_a_named_yaml_file_of_another_kind_is_not_judged():
    assert _diags("name: ci\non: push\n", named=True) == []


# -- bounded work ---------------------------------------------------------------------------------------
def test_repair_of_a_long_flow_line_parses_a_few_times_not_once_per_error():
    items = ", ".join(f"item{n}" for n in range(7000))
    text = "type: automl\ntask: image_instance_segmentation\ntags:\n  many: [" + items + "]\n" + "".join(f"bad{n} x\n" for n in range(12))
    from automl_job_ls import tolerant_parse

    calls = []
    original = tolerant_parse.compose

    def counting(source, *args, **kw):
        calls.append(len(source))
        return original(source, *args, **kw)

    tolerant_parse.compose = counting
    try:
        doc = parse(text)
    finally:
        tolerant_parse.compose = original
    assert doc.kind is JobKind.STANDALONE and isinstance(doc.root.get("tags"), Mapping)
    assert len(doc.root.get("tags").get("many").items) == 7000
    # The whole text once (the fast path fails), then each block once: the long line is parsed twice.
    assert sum(calls) <= 2 * len(text) + 200
    assert sum(1 for n in calls if n > 40_000) == 2


def test_a_line_typed_between_list_items_leaves_the_item_whole():
    text = REFERENCE.replace("    learning_rate:\n", "  half\n    learning_rate:\n")
    assert _diags(text) == [
        ("AML001", Range.of(43, 2, 43, 6), "Start this line with `- ` like the list items above it, or indent it under one.")
    ]
    (item,) = parse(text).root.get("search_space").items
    assert item.keys() == ["model_name", "learning_rate", "optimizer", "min_size"]
