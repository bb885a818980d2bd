"""The real azureml-examples job files: current ones are clean, 2022 ones get precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze

from ..conftest import AUTOMODE, EXAMPLES, PIPELINE, STANDALONE

HISTORY = EXAMPLES / "_history"
SEG = "cli/jobs/automl-standalone-jobs/cli-automl-image-instance-segmentation-task-fridge-items"


@pytest.mark.parametrize("path", [STANDALONE, AUTOMODE, PIPELINE], ids=lambda p: p.name)
def test_current_examples_have_no_diagnostics_at_all(path: Path):
    result = analyze(path.read_text(), str(path))
    assert result.document.is_ours
    assert [(d.code, d.range.start.line, d.message) for d in result.diagnostics] == []


def test_history_copy_of_current_layout_is_clean():
    for path in (HISTORY / "6027ae5b6" / SEG).glob("*.yml"):
        assert analyze(path.read_text()).diagnostics == [], path


def _found(path: Path) -> list[tuple[str, str, int, int, int]]:
    result = analyze(path.read_text(), str(path))
    return [
        (d.code, d.severity.label, d.range.start.line + 1, d.range.start.character, d.range.end.character)
        for d in result.diagnostics
    ]


def _span(path: Path, line: int, needle: str) -> tuple[int, int]:
    text = path.read_text().split("\n")[line - 1]
    start = text.index(needle)
    return start, start + len(needle)


def test_2022_initial_standalone_job_names_the_modern_forms():
    path = HISTORY / "65545e4f0" / SEG / "cli-automl-image-instance-segmentation-task-fridge-items.yml"
    expected = [
        ("AML108", "error", 24, *_span(path, 24, "image_model")),
        ("AML108", "error", 29, *_span(path, 29, "limits")),
        ("AML201", "error", 41, *_span(path, 41, '"uniform(0.0001, 0.001)"')),
        ("AML201", "error", 42, *_span(path, 42, "\"choice('sgd', 'adam', 'adamw')\"")),
        ("AML201", "error", 43, *_span(path, 43, '"choice(600, 800)"')),
    ]
    assert _found(path) == expected
    by_line = {d.range.start.line + 1: d.message for d in analyze(path.read_text()).diagnostics}
    assert "training_parameters" in by_line[24]
    assert "max_trials" in by_line[29] and "limits" in by_line[29]
    assert "type: uniform" in by_line[41]
    assert "type: choice" in by_line[42]


def test_2022_september_job_only_keeps_sweep_limits_wrong():
    path = HISTORY / "ca484c864" / SEG / "cli-automl-image-instance-segmentation-task-fridge-items.yml"
    assert _found(path) == [("AML108", "error", 29, *_span(path, 29, "limits"))]


def test_2022_pipeline_node_gets_the_same_errors():
    path = HISTORY / "7f1ec226f" / "cli/jobs/pipelines/automl/image-instance-segmentation-pipeline.yml"
    expected = [
        ("AML108", "error", 35, *_span(path, 35, "limits")),
        ("AML201", "error", 47, *_span(path, 47, '"uniform(0.0001, 0.001)"')),
        ("AML201", "error", 48, *_span(path, 48, "\"choice('sgd', 'adam', 'adamw')\"")),
        ("AML201", "error", 49, *_span(path, 49, '"choice(600, 800)"')),
        ("AML108", "error", 51, *_span(path, 51, "image_model")),
    ]
    assert _found(path) == expected
    assert all(d.severity is Severity.ERROR for d in analyze(path.read_text()).diagnostics)
