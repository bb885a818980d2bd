"""A real editor: headless Neovim 0.7 opens the example job and edits it through the server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import STANDALONE

SCRIPT = Path(__file__).with_name("neovim_session.lua")
NVIM = shutil.which("nvim")


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> dict:
    if NVIM is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is not installed; .ci/run installs Debian's neovim")
        pytest.skip("nvim is not installed (apt-get install neovim)")
    folder = tmp_path_factory.mktemp("nvim")
    job = folder / "job.yml"
    job.write_text(STANDALONE.read_text())
    env = dict(os.environ, JOB_FILE=str(job), SERVER_PYTHON=sys.executable)
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[var] = str(folder / var.lower())
    proc = subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {SCRIPT}"],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result from Neovim (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return json.loads(lines[-1])


def test_neovim_attaches_and_the_example_is_clean(session):
    assert session["initialized"] is True
    assert "client_error" not in session
    assert session["initial_diagnostics"] == []


def test_neovim_completion_at_model_name(session):
    assert session["completion_labels"][:5] == [f"maskrcnn_resnet{n}_fpn" for n in (50, 18, 34, 101, 152)]  # the default first


def test_neovim_hover(session):
    assert session["hover"].startswith("**evaluation_frequency** (integer)")
    assert "validation data" in session["hover"]


def test_neovim_fresh_diagnostic_after_inserting_a_bad_key(session):
    after = session["after_edit"]
    assert len(after) == 1
    d = after[0]
    assert d["message"] == "Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`."
    assert (d["code"], d["severity"], d["col"], d["end_col"]) == ("AML101", 1, 2, 14)
    job_lines = STANDALONE.read_text().split("\n")
    assert d["lnum"] == next(i for i, t in enumerate(job_lines) if t.startswith("  evaluation_frequency")) + 1
