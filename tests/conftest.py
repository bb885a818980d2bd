"""Shared paths for every test tier."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = SHARED / "reference" / "examples"
STANDALONE_DIR = EXAMPLES / "cli/jobs/automl-standalone-jobs/cli-automl-image-instance-segmentation-task-fridge-items"
STANDALONE = STANDALONE_DIR / "cli-automl-img-ins-seg-task-fridge-items.yml"
AUTOMODE = STANDALONE_DIR / "cli-automl-img-ins-seg-task-fridge-items-automode.yml"
PIPELINE = EXAMPLES / "cli/jobs/pipelines/automl/image-instance-segmentation-task-fridge-items-pipeline/pipeline.yml"


@pytest.fixture
def standalone_text() -> str:
    return STANDALONE.read_text()
