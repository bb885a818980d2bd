"""`automl-job-ls check` and `schema`: output formats, exit codes, bad input. Runs the real
console script in a subprocess so argument parsing, stdout/stderr and exit codes are real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, PIPELINE, STANDALONE

BAD = """type: automl
task: image_instance_segmentation
target_column_name: label
training_data:
  path: data/training-mltable-folder
  type: mltable
training_parameters:
  lerning_rate: 0.01
  box_score_threshold: 2
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "automl_job_ls.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


@pytest.fixture
def bad_job(tmp_path: Path) -> Path:
    path = tmp_path / "job.yml"
    path.write_text(BAD)
    return path


def test_text_output_is_compiler_style_and_exit_1_on_errors(bad_job: Path):
    proc = run("check", str(bad_job))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{bad_job}:8:3: error[AML101] Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`.",
        f"{bad_job}:9:24: warning[AML105] `training_parameters.box_score_threshold` is 2, but the docs allow only values in [0, 1]. "
        "The CLI does not check this; the job may fail or misbehave at run time.",
    ]
    assert "1 job file(s) checked: 1 error(s), 1 warning(s)" in proc.stderr


def test_json_output_uses_lsp_ranges(bad_job: Path):
    proc = run("check", "--format", "json", str(bad_job))
    assert proc.returncode == 1
    items = json.loads(proc.stdout)
    assert items[0] == {
        "path": str(bad_job),
        "range": {"start": {"line": 7, "character": 2}, "end": {"line": 7, "character": 14}},
        "severity": "error",
        "code": "AML101",
        "message": "Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`.",
    }
    assert items[1]["severity"] == "warning" and items[1]["range"]["start"] == {"line": 8, "character": 23}


def test_clean_examples_exit_0_and_other_tasks_are_skipped_silently():
    proc = run("check", "--no-data", str(EXAMPLES / "cli"))  # their data folders are prepared by a script
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "note:" not in proc.stderr  # classification / detection files skipped without a word
    assert "3 job file(s) checked: 0 error(s), 0 warning(s)" in proc.stderr


def test_warnings_only_exit_0(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(STANDALONE.read_text().replace("evaluation_frequency: 1", "evaluation_frequency: 0"))
    proc = run("check", str(path))
    assert proc.returncode == 0
    assert "warning[AML105]" in proc.stdout


WARNINGS_ONLY = BAD.replace("  lerning_rate: 0.01\n", "") + "  tile_grid_size: 3x2\n"


def test_ci_can_fail_on_warnings_and_tune_codes_like_the_editor(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(WARNINGS_ONLY)
    assert run("check", str(path)).returncode == 0
    assert run("check", str(path), "--fail-on", "warning").returncode == 1
    proc = run("check", str(path), "--severity", "AML105=error", "--disable", "AML302")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{path}:8:24: error[AML105] `training_parameters.box_score_threshold` is 2, but the docs allow only values in [0, 1]. "
        "The CLI does not check this; the job may fail or misbehave at run time."
    ]
    assert "1 job file(s) checked: 1 error(s), 0 warning(s), 0 note(s)" in proc.stderr


def test_bad_check_flags_exit_2_with_one_line_each(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(WARNINGS_ONLY)
    proc = run("check", str(path), "--severity", "AML999=error", "--severity", "AML106=fatal", "--disable", "nope", "--severity", "AML105")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        'automl-job-ls: --severity AML999=error: "AML999" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md).',
        'automl-job-ls: --severity AML106=fatal: "fatal" is not a level (error, warning, information, hint).',
        'automl-job-ls: --disable nope: "nope" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md).',
        "automl-job-ls: --severity AML105: expected CODE=LEVEL, e.g. AML105=error.",
    ]


def test_fail_on_takes_the_same_level_names_as_severity(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(WARNINGS_ONLY)
    assert run("check", str(path), "--fail-on", "warn").returncode == 1
    assert run("check", str(path), "--fail-on", "Information").returncode == 1
    assert run("check", str(path), "--fail-on", "error").returncode == 0
    proc = run("check", str(path), "--fail-on", "loud")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.splitlines() == ['automl-job-ls: --fail-on loud: "loud" is not a level (error, warning, information, hint).']


def test_severity_flags_take_aliases_and_codes_in_any_case(tmp_path: Path):
    path = tmp_path / "job.yml"
    path.write_text(WARNINGS_ONLY)
    proc = run("check", str(path), "--format", "json", "--severity", "aml105=Info", "--severity", "AML302=hint", "--disable", "aml303")
    assert proc.returncode == 0, proc.stderr
    assert [(item["code"], item["severity"]) for item in json.loads(proc.stdout)] == [("AML105", "information"), ("AML302", "hint")]


def test_named_file_that_is_not_ours_gets_a_note(tmp_path: Path):
    path = tmp_path / "workflow.yml"
    path.write_text("on: push\njobs: {}\n")
    proc = run("check", str(path))
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[0] == f"{path}: note: not an AutoML image instance segmentation job; skipped"


def test_missing_path_exit_2(tmp_path: Path):
    proc = run("check", str(tmp_path / "nope.yml"))
    assert proc.returncode == 2
    assert f"automl-job-ls: {tmp_path / 'nope.yml'}: no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_folder_without_yaml_exit_2(tmp_path: Path):
    (tmp_path / "readme.txt").write_text("hi")
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2
    assert "no .yml or .yaml files in this folder" in proc.stderr


@pytest.mark.parametrize(
    "data, words",
    [(b"\x00\x01\x02binary", "binary file"), (b"type: automl\nname: caf\xe9\n", "not UTF-8 text")],
)
def test_binary_and_non_utf8_input_exit_2_without_traceback(tmp_path: Path, data: bytes, words: str):
    path = tmp_path / "job.yml"
    path.write_bytes(data)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr


def test_folder_recursion_finds_yaml_and_yml(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(STANDALONE, tmp_path / "a" / "job.yaml")
    (tmp_path / "a" / "b" / "bad.yml").write_text(BAD)
    proc = run("check", str(tmp_path))
    assert proc.returncode == 1
    assert all(line.startswith(str(tmp_path / "a" / "b" / "bad.yml")) for line in proc.stdout.splitlines())
    assert "2 job file(s) checked" in proc.stderr


def test_pipeline_example_checks_clean():
    proc = run("check", str(PIPELINE))
    assert proc.returncode == 0 and proc.stdout == ""


def test_schema_command_prints_the_standalone_schema():
    proc = run("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "training_parameters" in schema["$defs"]["job"]["properties"]
