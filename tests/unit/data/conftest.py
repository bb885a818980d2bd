"""Helpers for the data checks: case folders copied next to a job, and the check run on them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from automl_job_ls.data.check import DataReport, check_job_data, forget_cached
from automl_job_ls.data.mltable_editing import skeleton
from automl_job_ls.data.summary import summary
from automl_job_ls.diagnostics.model import Diagnostic
from automl_job_ls.document import parse

from ...conftest import SHARED

CASES = SHARED / "reference" / "data-cases"
EXPECTED = list(csv.DictReader((CASES / "expected.tsv").open(), delimiter="\t"))

MLTABLE = skeleton(None, snippets=False)  # the canonical MLTable, as the editor offers it
URL = "azureml://subscriptions/sub/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/data/images/{}.jpg"
GOOD_POLYGON = [[0.1, 0.1, 0.5, 0.1, 0.5, 0.5, 0.1, 0.5]]


def copy_case(case: str, into: Path) -> Path:
    """A case folder without its oracle results (they are not data: a `folder: .` would read them)."""
    target = into / case
    if not target.exists():
        shutil.copytree(CASES / case, target, ignore=shutil.ignore_patterns("oracle_result*.json"))
    return target


def job_text(training: str, label: str = "label", validation: str | None = None) -> str:
    text = (
        "type: automl\ntask: image_instance_segmentation\ncompute: azureml:gpu\nprimary_metric: mean_average_precision\n"
        f"target_column_name: {label}\ntraining_data:\n  type: mltable\n  path: {training}\n"
    )
    if validation:
        text += f"validation_data:\n  type: mltable\n  path: {validation}\n"
    return text


def run_check(job: Path, roots: list[Path] | None = None, open_texts=None) -> tuple[list[DataReport], list[Diagnostic]]:
    """Every data diagnostic of the job, with each report's summary (as `check` shows them)."""
    text = job.read_text()
    reports = check_job_data(parse(text, path=str(job)), job, roots if roots is not None else [job.parent], open_texts)
    out: list[Diagnostic] = []
    for report in reports:
        out += report.diagnostics
        total = summary(report, report.diagnostics)
        if total is not None:
            out.append(total)
    return reports, out


@pytest.fixture(autouse=True)
def _fresh_cache():
    forget_cached()
    yield
    forget_cached()
