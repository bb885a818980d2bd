"""The document model: parse once, YAML 1.1 semantics, tolerant of errors, job kind, paths."""

from __future__ import annotations

import pytest

from automl_job_ls.document import JobKind, format_path, parse
from automl_job_ls.recognition import camel_to_snake
from automl_job_ls.nodes import BOOL, FLOAT, INT, NULL, STR, Mapping, Position, Range, Scalar, Sequence

from ..conftest import AUTOMODE, EXAMPLES, PIPELINE, STANDALONE


def test_yaml_1_1_scalars_resolve_like_the_cli():
    doc = parse("a: yes\nb: 1e-3\nc: 1.0e-3\nd: 010\ne: ~\nf: on\ng: 'yes'\n")
    root = doc.root
    assert isinstance(root, Mapping)
    kinds = {p.key.text: (p.value.kind, p.value.value) for p in root.pairs}
    assert kinds["a"] == (BOOL, True)
    assert kinds["b"] == (STR, "1e-3")  # YAML 1.1: no dot, so not a float
    assert kinds["c"] == (FLOAT, 0.001)
    assert kinds["d"] == (INT, 8)  # octal in YAML 1.1
    assert kinds["e"] == (NULL, None)
    assert kinds["f"] == (BOOL, True)
    assert kinds["g"] == (STR, "yes")


def test_ranges_are_exact_and_quotes_are_inside_the_value_range():
    doc = parse('type: automl\nname: "x y"\n')
    name = doc.root.pairs[1]
    assert name.key.range == Range.of(1, 0, 1, 4)
    assert name.value.range == Range.of(1, 6, 1, 11)
    assert name.value.quoted and name.value.text == "x y"


def test_duplicate_keys_are_kept_and_last_wins():
    doc = parse("a: 1\nb: 2\na: 3\n")
    assert doc.root.keys() == ["a", "b", "a"]
    assert doc.root.get("a").value == 3


def test_syntax_error_keeps_a_partial_tree():
    doc = parse("type: automl\ncompute: azureml:\ntask: image_instance_segmentation\nlimits:\n  max_trials: 3\n")
    assert doc.syntax_errors[0].range == Range.of(1, 16, 1, 17)
    assert doc.kind is JobKind.STANDALONE
    assert doc.root.keys() == ["type", "compute", "task", "limits"]
    assert doc.root.get("compute").kind == "broken"  # the key stays; its value is the error's
    assert doc.root.get("limits").get("max_trials").value == 3


def test_tab_indentation_is_a_syntax_error_at_the_tab():
    doc = parse("type: automl\ntask: image_instance_segmentation\nlimits:\n\tmax_trials: 3\n")
    assert [(f.kind, f.range) for f in doc.syntax_errors] == [("tab", Range.of(3, 0, 3, 1))]


def test_alias_bomb_stays_linear():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 9)]
    doc = parse("\n".join(lines) + "\n")
    assert isinstance(doc.root, Mapping)
    assert doc.root.get("a8").items[0] is doc.root.get("a7")


def test_deep_nesting_converts_without_recursion_and_too_deep_is_a_syntax_error():
    doc = parse("a: " + "[" * 900 + "]" * 900 + "\n")
    assert isinstance(doc.root, Mapping) and not doc.syntax_errors
    # PyYAML (and so the CLI) refuses more than 1000 levels: an error, never a crash.
    deep = parse("a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert "nesting depth" in deep.syntax_errors[0].problem


@pytest.mark.parametrize(
    "text, kind",
    [
        ("type: automl\ntask: image_instance_segmentation\n", JobKind.STANDALONE),
        ("type: automl\ntask: ImageInstanceSegmentation\n", JobKind.STANDALONE),
        ("type: AutoML\ntask: image_instance_segmentation\n", JobKind.STANDALONE),
        ("type: automl\ntask: image_classification\n", JobKind.NOT_OURS),
        ("type: automl\n", JobKind.STANDALONE),
        ("$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLImageInstanceSegmentationJob.schema.json\n", JobKind.STANDALONE),
        ("type: command\ncommand: echo\n", JobKind.NOT_OURS),
        ("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", JobKind.NOT_OURS),
        ("- a\n- b\n", JobKind.NOT_OURS),
        ("", JobKind.NOT_OURS),
        ("type: pipeline\njobs:\n  n:\n    type: automl\n    task: image_instance_segmentation\n", JobKind.PIPELINE),
        ("type: pipeline\njobs:\n  n:\n    type: automl\n    task: image_object_detection\n", JobKind.NOT_OURS),
    ],
)
def test_job_kind(text, kind):
    assert parse(text).kind is kind


def test_real_examples_kinds():
    assert parse(STANDALONE.read_text()).kind is JobKind.STANDALONE
    assert parse(AUTOMODE.read_text()).kind is JobKind.STANDALONE
    pipeline = parse(PIPELINE.read_text())
    assert pipeline.kind is JobKind.PIPELINE
    assert [job.path for job in pipeline.jobs] == [["jobs", "image_instance_segmentation_node"]]
    detection = next(EXAMPLES.glob("cli/jobs/automl-standalone-jobs/*object-detection*/*od-task-fridge-items.yml"))
    assert parse(detection.read_text()).kind is JobKind.NOT_OURS


def test_node_path_at_position():
    doc = parse(STANDALONE.read_text())
    lines = doc.lines

    def path_at(pos: Position) -> list:
        return [seg for seg, _ in doc.node_path_at(pos)[1:]]

    line = next(i for i, t in enumerate(lines) if "min_value: 0.0001" in t)
    assert path_at(Position(line, lines[line].index("0.0001") + 1)) == ["search_space", 0, "learning_rate", "min_value"]
    assert path_at(Position(line, lines[line].index("min_value"))) == ["search_space", 0, "learning_rate", "min_value"]
    line = next(i for i, t in enumerate(lines) if "slack_factor" in t)
    assert path_at(Position(line, 8)) == ["sweep", "early_termination", "slack_factor"]


def test_format_path_and_camel_to_snake():
    assert format_path(["search_space", 0, "learning_rate", "min_value"]) == "search_space[0].learning_rate.min_value"
    assert camel_to_snake("MeanAveragePrecision") == "mean_average_precision"
    assert camel_to_snake("SGD") == "sgd"
    assert camel_to_snake("ImageInstanceSegmentation") == "image_instance_segmentation"


def test_unsafe_tag_is_recorded():
    doc = parse("type: automl\ntask: image_instance_segmentation\nname: !!python/object:os.system x\n")
    assert [t.tag for t in doc.unsafe_tags] == ["tag:yaml.org,2002:python/object:os.system"]
