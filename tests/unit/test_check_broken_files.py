"""`automl-job-ls check` on broken jobs: the exit codes of the README's table, through the real console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import STANDALONE

REFERENCE = STANDALONE.read_text()
DESCRIPTION = "description: An Image Instance segmentation job using fridge items dataset"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "automl_job_ls.cli", *args], capture_output=True, text=True, timeout=60)


CASES = {
    "unterminated-quote": (REFERENCE.replace(DESCRIPTION, DESCRIPTION.replace(": An", ': "An')), 1, ["5:14: error[AML001]"]),
    "merge-conflict": (
        REFERENCE.replace("log_verbosity: debug\n", "<<<<<<< HEAD\nlog_verbosity: debug\n=======\nlog_verbosity: info\n>>>>>>> x\n"),
        1,
        ["10:1: error[AML004]", "12:1: error[AML004]", "14:1: error[AML004]"],
    ),
    "job-type-typo": (REFERENCE.replace("type: automl", "type: auto_ml"), 1, ["2:7: error[AML103]"]),
    "empty": ("", 1, ["1:1: error[AML006]"]),
    "list-root": ("- type: automl\n- task: image_instance_segmentation\n", 1, ["1:1: error[AML006]"]),
    "scalar-root": ("automl\n", 1, ["1:1: error[AML006]"]),
    "clean": (REFERENCE, 0, []),
}


@pytest.mark.parametrize("name", CASES)
def test_a_named_file_gets_its_exit_code(tmp_path: Path, name: str):
    text, code, locations = CASES[name]
    path = tmp_path / f"{name}.yml"
    path.write_text(text)
    proc = run("check", str(path))
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert [line.split(" ", 1)[0].removeprefix(f"{path}:") + " " + line.split(" ", 2)[1] for line in proc.stdout.splitlines()] == locations


def test_many_syntax_errors_are_listed_then_counted(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(REFERENCE.replace("type: automl\n", "type: automl\n" + "".join(f"broken line {n}\n" for n in range(12))))
    proc = run("check", str(path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [line.split(" ")[1] for line in lines] == ["error[AML001]"] * 10 + ["information[AML005]"]
    assert lines[-1] == f"{path}:13:1: information[AML005] Fix the syntax errors above first: 2 more from here on are not shown."


def test_inside_a_folder_empty_and_list_files_are_skipped_but_broken_jobs_are_not(tmp_path: Path):
    (tmp_path / "empty.yml").write_text("")
    (tmp_path / "list.yml").write_text("- a\n- b\n")
    (tmp_path / "ci.yml").write_text("on: [push\n")
    assert run("check", str(tmp_path)).returncode == 0
    (tmp_path / "job.yml").write_text(REFERENCE.replace(DESCRIPTION, DESCRIPTION.replace(": An", ': "An')))
    proc = run("check", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{tmp_path / 'job.yml'}:5:14: error[AML001] Close this \" quote: the string runs on to the end of its block."
    ]
    assert "1 job file(s) checked: 1 error(s)" in proc.stderr
