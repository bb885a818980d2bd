"""Hover on documents: keys, values, rejected keys, broken lines and bindings."""

from __future__ import annotations

from automl_job_ls.document import parse
from automl_job_ls.features import hover
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE
from .helpers import BASE, PIPE, hover_at


def test_hover_key_shows_type_range_default_and_link():
    result = hover_at(BASE, "max_concurrent_trials")
    assert result.text.startswith("**max_concurrent_trials** (integer)")
    assert "Documented range: in [1, 100]" in result.text and "[Documentation](" in result.text


def test_hover_enum_value_and_search_space_key():
    # A value of a search-space `choice`: its own docs first, then the hyperparameter's.
    choice = hover_at(BASE, "adamw'")
    assert choice.text.startswith("**adamw**: Adam with decoupled weight decay")
    assert "**optimizer**" in choice.text
    line = BASE.split("\n").index("      values: ['sgd', 'adam', 'adamw']")
    assert choice.range == Range.of(line, 30, line, 37)  # the quoted scalar, quotes included
    assert hover_at(BASE, "maskrcnn_resnet50_fpn]").text.startswith("**maskrcnn_resnet50_fpn**")
    result = hover_at(BASE, "learning_rate:")
    assert result.text.startswith("**learning_rate**") and "Initial learning rate" in result.text
    plain = hover_at(BASE, "optimizer:", markdown=False)
    assert plain.text.startswith("optimizer (") and "**" not in plain.text


def test_hover_works_on_a_broken_line():
    text = BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:")
    assert hover_at(text, "compute:").text.startswith("**compute** (string)")


def test_hover_on_a_rejected_key_explains_it():
    text = BASE.replace("  evaluation_frequency: 1", "  evaluation_frequency: 1\n  box_detections_per_img: 5")
    assert "box_detections_per_image" in hover_at(text, "box_detections_per_img").text


def test_hover_on_a_binding_shows_what_it_names():
    lines = PIPE.split("\n")
    line = lines.index("    training_data: ${{parent.inputs.image_instance_segmentation_training_data}}")
    result = hover.hover(parse(PIPE, path=str(PIPELINE)), store(), Position(line, 30), True)
    key_line = lines.index("  image_instance_segmentation_training_data:")
    assert result.text.startswith(f"`${{{{parent.inputs.image_instance_segmentation_training_data}}}}` (line {key_line + 1})\n\n```yaml\n")
    assert "image_instance_segmentation_training_data:\n  type: mltable\n" in result.text
    assert result.range == Range.of(line, 22, line, 77)
