"""The one settings validator (settings.py): each setting valid, invalid and missing, the level
aliases, unknown codes and names, the editor's sentences, and the VS Code manifest kept in step."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import pytest

from automl_job_ls.diagnostics.codes import CODES, Severity
from automl_job_ls.settings import ALIASES, NAMES, Problem, Settings, level, parse_settings

E, W, I, H = Severity.ERROR, Severity.WARNING, Severity.INFORMATION, Severity.HINT
PACKAGE = Path(__file__).resolve().parents[2] / "client-vscode" / "package.json"


def texts(problems: list[Problem]) -> list[str]:
    return [p.editor_text() for p in problems]


# -- missing: the defaults -----------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [None, {}, {"automlJob": {}}, {"jobGlobs": None, "severity": None, "disabledCodes": None}])
def test_nothing_set_gives_the_defaults_without_a_problem(raw):
    assert parse_settings(raw) == (Settings(job_globs=[], severity={}, disabled=frozenset()), [])


def test_the_section_is_read_inside_a_whole_configuration_or_on_its_own():
    inner = {"disabledCodes": ["AML302"]}
    assert parse_settings({"automlJob": inner, "yaml": {"x": 1}}) == parse_settings(inner)
    assert parse_settings(inner)[0].disabled == frozenset({"AML302"})


# -- jobGlobs -------------------------------------------------------------------------------------------
def test_job_globs_valid_are_kept_trimmed_without_blanks():
    settings, problems = parse_settings({"jobGlobs": [" jobs/*.yml ", "", "  ", "**/train-*.yml"]})
    assert (settings.job_globs, problems) == (["jobs/*.yml", "**/train-*.yml"], [])
    assert settings.is_job_file(PurePosixPath("/w/jobs/a.yml"), [PurePosixPath("/w")])


@pytest.mark.parametrize("bad,shown", [("jobs/*.yml", '"jobs/*.yml"'), (["a.yml", 3], '["a.yml", 3]'), ({"a": 1}, '{"a": 1}')])
def test_job_globs_invalid_fall_back_to_none(bad, shown):
    settings, problems = parse_settings({"jobGlobs": bad, "disabledCodes": ["AML302"]})
    assert settings.job_globs == [] and settings.disabled == frozenset({"AML302"})
    assert texts(problems) == [
        f'automlJob.jobGlobs: expected a list of glob strings such as ["**/train-*.yml"], not {shown}; using its default.'
    ]


# -- severity -------------------------------------------------------------------------------------------
def test_severity_valid_levels_any_case_and_codes_any_case():
    settings, problems = parse_settings({"severity": {"AML105": "error", "aml106": " Hint ", "AML107": "INFORMATION", "AML302": "Warning"}})
    assert problems == []
    assert settings.severity == {"AML105": E, "AML106": H, "AML107": I, "AML302": W}


@pytest.mark.parametrize("name,meant", [("warn", W), ("WARN", W), ("info", I), ("Info", I)])
def test_warn_and_info_are_aliases(name, meant):
    assert level(name) is meant
    assert parse_settings({"severity": {"AML105": name}}) == (Settings(severity={"AML105": meant}), [])


@pytest.mark.parametrize("bad,shown", [("fatal", '"fatal"'), ("", '""'), (3, "3"), (None, "null"), (["error"], '["error"]'), ("warnings", '"warnings"')])
def test_severity_bad_level_drops_only_that_code(bad, shown):
    settings, problems = parse_settings({"severity": {"AML105": bad, "AML106": "hint"}})
    assert settings.severity == {"AML106": H}
    assert texts(problems) == [f"automlJob.severity.AML105: {shown} is not a level (error, warning, information, hint); ignoring it."]
    assert (problems[0].kind, problems[0].setting, problems[0].entry, problems[0].value) == ("entry", "severity", "AML105", bad)


def test_severity_unknown_code_drops_only_that_code():
    settings, problems = parse_settings({"severity": {"AML999": "error", "AML106": "hint"}})
    assert settings.severity == {"AML106": H}
    assert texts(problems) == [
        'automlJob.severity.AML999: "AML999" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md); ignoring it.'
    ]


def test_severity_as_an_empty_list_is_no_override():
    # Neovim's vim.json.encode({}) is "[]": `settings = { automlJob = { severity = {} } }` sends a list.
    assert parse_settings({"severity": [], "disabledCodes": ["AML302"]}) == (Settings(disabled=frozenset({"AML302"})), [])


@pytest.mark.parametrize("bad,shown", [(["AML105"], '["AML105"]'), ("error", '"error"'), (42, "42")])
def test_severity_not_an_object_falls_back(bad, shown):
    settings, problems = parse_settings({"severity": bad})
    assert settings.severity == {}
    assert texts(problems) == [
        f'automlJob.severity: expected an object mapping codes to levels, such as {{ "AML105": "error" }}, not {shown}; using its default.'
    ]


# -- disabledCodes --------------------------------------------------------------------------------------
def test_disabled_codes_valid_any_case():
    settings, problems = parse_settings({"disabledCodes": ["AML302", " aml106", "AML302"]})
    assert (settings.disabled, problems) == (frozenset({"AML302", "AML106"}), [])
    assert settings.severity_of("AML106", W) is None and settings.severity_of("AML105", W) is W


def test_disabled_codes_unknown_ones_are_dropped_one_sentence_each():
    settings, problems = parse_settings({"disabledCodes": ["nope", "AML302", "AML999"]})
    assert settings.disabled == frozenset({"AML302"})
    assert texts(problems) == [
        'automlJob.disabledCodes: "nope" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md); ignoring it.',
        'automlJob.disabledCodes: "AML999" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md); ignoring it.',
    ]


@pytest.mark.parametrize("bad,shown", [("AML106", '"AML106"'), ([106], "[106]"), (5, "5")])
def test_disabled_codes_not_a_list_of_strings_falls_back(bad, shown):
    settings, problems = parse_settings({"disabledCodes": bad, "severity": {"AML105": "error"}})
    assert settings.disabled == frozenset() and settings.severity == {"AML105": E}
    assert texts(problems) == [f'automlJob.disabledCodes: expected a list of codes such as ["AML106"], not {shown}; using its default.']


# -- the section as a whole -----------------------------------------------------------------------------
def test_an_unknown_setting_is_named_and_the_others_apply():
    settings, problems = parse_settings({"disabledCode": ["AML302"], "severity": {"AML105": "error"}})
    assert settings == Settings(severity={"AML105": E})
    assert texts(problems) == [
        "automlJob.disabledCode: not a setting of automl-job-ls (they are jobGlobs, severity, disabledCodes); ignoring it."
    ]


@pytest.mark.parametrize("bad,shown", [("nonsense", '"nonsense"'), ([1], "[1]"), (7, "7")])
def test_a_section_that_is_not_an_object_gives_the_defaults(bad, shown):
    assert parse_settings(bad) == (Settings(), [Problem("section", "", None, bad, f"expected an object, not {shown}")])
    assert texts(parse_settings(bad)[1]) == [f"automlJob settings: expected an object, not {shown}; using the defaults."]


def test_a_long_bad_value_is_cut_short_in_the_sentence():
    (problem,) = parse_settings({"jobGlobs": "x" * 200})[1]
    assert problem.editor_text() == (
        'automlJob.jobGlobs: expected a list of glob strings such as ["**/train-*.yml"], not "' + "x" * 56 + "...; using its default."
    )
    assert problem.value == "x" * 200


def test_every_problem_is_one_sentence():
    raw = {"jobGlobs": 1, "severity": {"AML105": "x", "X": "error"}, "disabledCodes": ["y"], "z": 0}
    for text in texts(parse_settings(raw)[1]):
        assert text.count("; ") == 1 and text.endswith(".") and "\n" not in text, text


# -- the VS Code manifest declares the same settings and values ----------------------------------------
def _properties() -> dict:
    return json.loads(PACKAGE.read_text())["contributes"]["configuration"]["properties"]


def test_the_manifest_contributes_the_server_settings_and_the_client_s_own():
    names = {key.removeprefix("automlJob.").split(".")[0] for key in _properties()}
    assert names - set(NAMES) == {"interpreter", "serverArgs", "trace"}  # client-vscode/src/settings.ts CLIENT_KEYS
    assert set(NAMES) <= names


def test_the_manifest_offers_exactly_the_level_names_the_server_accepts():
    offered = _properties()["automlJob.severity"]["additionalProperties"]["enum"]
    assert offered == [s.label for s in Severity] + list(ALIASES)
    assert [level(name) for name in offered] == [E, W, I, H, W, I]


def test_the_manifest_code_pattern_admits_every_code_in_either_case():
    pattern = re.compile(_properties()["automlJob.disabledCodes"]["items"]["pattern"])
    assert all(pattern.match(code) and pattern.match(code.lower()) for code in CODES)
    assert not pattern.match("nope")
