"""References and rename of pipeline names."""

from __future__ import annotations

import pytest

from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.document import parse
from automl_job_ls.features import code_actions, definition, rename
from automl_job_ls.nodes import Position, Range

from ...conftest import PIPELINE
from .helpers import PIPE, apply


def test_references_and_rename_of_a_pipeline_step_follow_its_bindings():
    doc = parse(PIPE, path=str(PIPELINE))
    lines = PIPE.split("\n")
    step = lines.index("  image_instance_segmentation_node:")
    binding = next(i for i, t in enumerate(lines) if "${{parent.jobs.image_instance_segmentation_node" in t)
    column = lines[binding].index("image_instance_segmentation_node")
    used = Range.of(binding, column, binding, column + len("image_instance_segmentation_node"))
    declared = Range.of(step, 2, step, 34)
    # From the key or from inside the binding: the same two places.
    assert definition.references(doc, Position(step, 5)) == [declared, used]
    assert definition.references(doc, Position(binding, column + 3), include_declaration=False) == [used]
    assert rename.prepare_rename(doc, Position(binding, column + 3)) == used
    fixed = apply(PIPE, [code_actions.Edit(r, t) for r, t in rename.rename(doc, Position(step, 5), "segment")])
    assert "\n  segment:\n" in fixed and "${{parent.jobs.segment.outputs.best_model}}" in fixed
    assert analyze(fixed, str(PIPELINE)).diagnostics == []


def test_rename_refuses_fixed_names_bad_names_and_clashes():
    doc = parse(PIPE, path=str(PIPELINE))
    lines = PIPE.split("\n")
    best = lines.index("      best_model:")
    assert rename.prepare_rename(doc, Position(best, 8)) is None  # AutoML names its output
    train = lines.index("  image_instance_segmentation_training_data:")
    with pytest.raises(rename.RenameError, match="is not a valid name"):
        rename.rename(doc, Position(train, 4), "training data")
    with pytest.raises(rename.RenameError, match="already has input `image_instance_segmentation_validation_data`"):
        rename.rename(doc, Position(train, 4), "image_instance_segmentation_validation_data")


def test_rename_messages_in_full():
    doc = parse(PIPE, path=str(PIPELINE))
    lines = PIPE.split("\n")

    def refused(line: int, column: int, new: str) -> str:
        with pytest.raises(rename.RenameError) as caught:
            rename.rename(doc, Position(line, column), new)
        return str(caught.value)

    best = lines.index("      best_model:")
    step = lines.index("  image_instance_segmentation_node:")
    assert refused(best, 8, "model") == "Only a pipeline input, output or step can be renamed here."
    assert refused(lines.index("type: pipeline"), 2, "x") == "Only a pipeline input, output or step can be renamed here."
    assert refused(step, 4, "9lives") == "`9lives` is not a valid name: use letters, digits and underscores, not starting with a digit."
    assert refused(step, 4, "register_model_node") == "This pipeline already has step `register_model_node`."
