"""A real editor: Emacs 28 in batch mode with eglot (Debian's emacs-nox, elpa-eglot, elpa-yaml-mode)
opens the example job and uses the server: diagnostics, a code action, completion and hover."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import STANDALONE
from . import require

SCRIPT = Path(__file__).with_name("emacs_session.el")


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> dict:
    emacs = require("emacs", "emacs-nox elpa-eglot elpa-yaml-mode")
    folder = tmp_path_factory.mktemp("emacs")
    job = folder / "job.yml"
    job.write_text(STANDALONE.read_text())
    env = dict(os.environ, JOB_FILE=str(job), SERVER_PYTHON=sys.executable, HOME=str(folder))
    proc = subprocess.run(
        [emacs, "--batch", "-l", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=180,
        stdin=subprocess.DEVNULL, cwd=folder,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result from Emacs (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    result = json.loads(lines[-1])
    assert "error" not in result, f"{result['error']}\n{proc.stderr}"
    return result


def test_emacs_connects_and_the_example_is_clean(session):
    assert session["connected"] is True
    assert session["initial"] is None  # flymake has no diagnostics for the untouched job


def test_emacs_shows_the_error_under_a_misspelled_key(session):
    line = STANDALONE.read_text().split("\n").index("  evaluation_frequency: 1") + 2  # 1-based, the inserted line
    assert session["after_edit"] == [{
        "text": "automl-job-ls [AML101]: Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`.",
        "line": line,
        "type": "eglot-error",
    }]


def test_emacs_code_action_renames_the_key(session):
    assert session["actions"] == ["Rename `lerning_rate` to `learning_rate`"]
    assert session["fixed_line"] == "  learning_rate: 0.01"


def test_emacs_completion_at_model_name_with_descriptions(session):
    assert session["completion"] == [f"maskrcnn_resnet{n}_fpn" for n in (50, 18, 34, 101, 152)] + ["mmd-3x-mask-rcnn_swin-t-p4-w7_fpn_1x_coco"]
    assert session["annotation"] == " Mask R-CNN with a 50-layer ResNet FPN backbone (default): a balanced trade-off between training speed and accuracy."


def test_emacs_hover_is_plain_text(session):
    assert session["hover"].startswith("evaluation_frequency (integer)\n\nHow often, in epochs, the validation data is scored")
    assert "**" not in session["hover"]
