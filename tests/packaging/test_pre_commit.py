"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit itself (`pre-commit try-repo`,
which installs this repository into a fresh environment, offline from the setup's wheelhouse) on a
project with a broken job, a clean job and an unrelated YAML file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import STANDALONE
from .conftest import REPO, copy_sources

BAD = STANDALONE.read_text().replace("  evaluation_frequency: 1", "  evaluation_frequency: 1\n  lerning_rate: 0.01")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """The hook's repository: the package sources and .pre-commit-hooks.yaml, as one commit."""
    repo = copy_sources(tmp_path_factory.mktemp("hook") / "repo")
    shutil.copy2(REPO / ".pre-commit-hooks.yaml", repo)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "hook", cwd=repo)
    return repo


def try_repo(hook_repo: Path, project: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    return subprocess.run([str(pre_commit), "try-repo", str(hook_repo), "automl-job-ls", "--files", *files],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def test_hook_fails_a_broken_job_and_passes_clean_files(hook_repo, tmp_path, offline_env):
    project = tmp_path / "project"
    (project / "jobs").mkdir(parents=True)
    (project / "jobs" / "train.yml").write_text(BAD)
    (project / "jobs" / "good.yml").write_text(STANDALONE.read_text())
    (project / "ci.yml").write_text("on: push\njobs: {}\n")
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    env = {**offline_env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "PRE_COMMIT_COLOR": "never"}

    failed = try_repo(hook_repo, project, env, "jobs/train.yml", "jobs/good.yml", "ci.yml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    line = BAD.splitlines().index("  lerning_rate: 0.01") + 1
    assert (f"jobs/train.yml:{line}:3: error[AML101] Did you mean `learning_rate`? "
            "Unknown key `lerning_rate` in `training_parameters`.") in failed.stdout.splitlines()
    assert "automl-job-ls check" in failed.stdout and "Failed" in failed.stdout

    passed = try_repo(hook_repo, project, env, "jobs/good.yml", "ci.yml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
