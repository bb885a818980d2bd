"""Named rules seen through the engine: exact codes, severities and ranges."""

from __future__ import annotations

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.nodes import Range

from ..conftest import PIPELINE
from .features.helpers import BASE, PIPE


def test_object_detection_model_gets_a_precise_warning():
    text = BASE.replace("  early_stopping: True", "  early_stopping: True\n  model_name: yolov5")
    d = next(d for d in analyze(text).diagnostics if d.code == "AML301")
    assert d.severity is Severity.WARNING
    assert d.message == "Use a Mask R-CNN model: `yolov5` is an object detection model, not an instance segmentation one. The CLI accepts any name; the job fails once it runs."


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
