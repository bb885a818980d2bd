"""Go to definition from a pipeline binding."""

from __future__ import annotations

from automl_job_ls.document import parse
from automl_job_ls.features import definition
from automl_job_ls.nodes import Position, Range

from ...conftest import PIPELINE
from .helpers import PIPE


def test_definition_jumps_from_a_binding_to_the_pipeline_input():
    doc = parse(PIPE, path=str(PIPELINE))
    line = PIPE.split("\n").index("    training_data: ${{parent.inputs.image_instance_segmentation_training_data}}")
    key_line = PIPE.split("\n").index("  image_instance_segmentation_training_data:")
    assert definition.definition(doc, Position(line, 40)) == Range.of(key_line, 2, key_line, 43)
    assert definition.definition(doc, Position(line, 4)) is None
