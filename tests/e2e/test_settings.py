"""Settings through the real server, the way an editor sends them, and the same values through the
real `automl-job-ls check` console script: one validator, so both accept and reject the same."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, accept_registrations
from .helpers import TIMEOUT, open_doc, wait_diagnostics

# AML104 (an error: no training_data), AML105 and AML302 (warnings); no data to check.
JOB = """type: automl
task: image_instance_segmentation
target_column_name: label
training_parameters:
  box_score_threshold: 2
  tile_grid_size: 3x2
"""
DEFAULTS = {"AML104": "error", "AML105": "warning", "AML302": "warning"}
LEVEL = {int(types.DiagnosticSeverity.Error): "error", int(types.DiagnosticSeverity.Warning): "warning",
         int(types.DiagnosticSeverity.Information): "information", int(types.DiagnosticSeverity.Hint): "hint"}


def levels(diagnostics: list[types.Diagnostic]) -> dict[str, str]:
    return {str(d.code): LEVEL[int(d.severity)] for d in diagnostics}


# -- a bad setting: one message, the others apply --------------------------------------------------------
BAD = {"severity": {"AML105": "loud", "AML302": "hint"}, "disabledCodes": ["AML104"]}
LOUD = "automlJob.severity.AML105: \"loud\" is not a level (error, warning, information, hint); ignoring it."


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def vscode_like(lsp_client: LanguageClient):
    """A client that sends the settings as VS Code does: in initializationOptions, and again when
    the server asks for the `automlJob` section."""
    lsp_client.registrations = accept_registrations(lsp_client)
    lsp_client.set_configuration(BAD, section="automlJob")
    lsp_client.configuration_served = asyncio.Event()
    answer = lsp_client.get_configuration

    def get_configuration(**kwargs):
        lsp_client.configuration_served.set()
        return answer(**kwargs)

    lsp_client.get_configuration = get_configuration
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"), initialization_options={"automlJob": BAD})
    )
    yield lsp_client
    await lsp_client.shutdown_session()


async def change_settings(client: LanguageClient, uri: str, version: int, settings: dict) -> dict[str, str]:
    """Sends new settings and returns the levels of the document's problems published after them."""
    waiter = asyncio.ensure_future(wait_diagnostics(client, uri, version))
    await asyncio.sleep(0)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"automlJob": settings}))
    return levels(await waiter)


async def test_a_bad_setting_gets_exactly_one_message_and_the_other_settings_apply(vscode_like, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    await asyncio.wait_for(vscode_like.configuration_served.wait(), TIMEOUT)  # the server pulled the section
    assert levels(await open_doc(vscode_like, uri, JOB)) == {"AML105": "warning", "AML302": "hint"}
    # The same settings again (as VS Code sends them on any change below `automlJob`): no new message.
    assert await change_settings(vscode_like, uri, 1, BAD) == {"AML105": "warning", "AML302": "hint"}
    assert [(m.type, m.message) for m in vscode_like.messages] == [(types.MessageType.Warning, LOUD)]
    # Mended, then broken again: the user is told again, once.
    assert await change_settings(vscode_like, uri, 1, {**BAD, "severity": {"AML105": "error"}}) == {"AML105": "error", "AML302": "warning"}
    assert await change_settings(vscode_like, uri, 1, BAD) == {"AML105": "warning", "AML302": "hint"}
    assert [m.message for m in vscode_like.messages] == [LOUD, LOUD]


async def test_several_bad_values_are_one_message_of_one_sentence_each(client, tmp_path):
    uri = (tmp_path / "job.yml").as_uri()
    await open_doc(client, uri, JOB)
    found = await change_settings(client, uri, 1, {"severity": {"AML105": "error", "AML999": "hint"}, "disabledCodes": "AML302"})
    assert found == {"AML104": "error", "AML105": "error", "AML302": "warning"}
    assert [m.message for m in client.messages] == [
        'automlJob.severity.AML999: "AML999" is not a diagnostic code of automl-job-ls (they are listed in docs/codes.md); ignoring it. '
        'automlJob.disabledCodes: expected a list of codes such as ["AML106"], not "AML302"; using its default.'
    ]


# -- the editor and `check` accept and reject the same values --------------------------------------------
# (severity, disabledCodes, the levels both give the job's problems; None: both reject the value)
CASES = [
    ({"AML105": "error"}, [], {**DEFAULTS, "AML105": "error"}),
    ({"AML105": "Error"}, [], {**DEFAULTS, "AML105": "error"}),
    ({"aml105": "error"}, [], {**DEFAULTS, "AML105": "error"}),
    ({"AML104": "warn"}, [], {**DEFAULTS, "AML104": "warning"}),
    ({"AML105": "info"}, [], {**DEFAULTS, "AML105": "information"}),
    ({"AML105": "information"}, [], {**DEFAULTS, "AML105": "information"}),
    ({"AML302": "hint"}, [], {**DEFAULTS, "AML302": "hint"}),
    ({"AML105": "fatal"}, [], None),
    ({"AML105": ""}, [], None),
    ({"AML105": "warnings"}, [], None),
    ({"AML999": "error"}, [], None),
    ({"nope": "error"}, [], None),
    ({}, ["AML302"], {"AML104": "error", "AML105": "warning"}),
    ({}, ["aml302"], {"AML104": "error", "AML105": "warning"}),
    ({"AML105": "error"}, ["AML302", "AML104"], {"AML105": "error"}),
    ({}, ["nope"], None),
    ({}, ["AML999"], None),
]


def cli(tmp_path: Path, severity: dict, disabled: list) -> subprocess.CompletedProcess:
    script = shutil.which("automl-job-ls", path=str(Path(sys.executable).parent))
    assert script, "the console script is installed next to the interpreter (bash scripts/setup)"
    flags = [arg for code, level in severity.items() for arg in ("--severity", f"{code}={level}")]
    flags += [arg for code in disabled for arg in ("--disable", code)]
    return subprocess.run([script, "check", str(tmp_path / "job.yml"), "--format", "json", *flags],
                          capture_output=True, text=True, timeout=60)


async def test_the_editor_and_check_accept_and_reject_the_same_values(client, tmp_path):
    (tmp_path / "job.yml").write_text(JOB)
    uri = (tmp_path / "job.yml").as_uri()
    assert levels(await open_doc(client, uri, JOB)) == DEFAULTS
    for severity, disabled, expected in CASES:
        case = f"severity={severity} disabledCodes={disabled}"
        told = len(client.messages)
        editor = await change_settings(client, uri, 1, {"severity": severity, "disabledCodes": disabled})
        new_messages = [m.message for m in client.messages[told:]]
        proc = cli(tmp_path, severity, disabled)
        if expected is None:
            # The editor says so once and keeps the defaults; `check` stops with one line, exit 2.
            assert (len(new_messages), editor) == (1, DEFAULTS), case
            assert (proc.returncode, proc.stdout, len(proc.stderr.splitlines())) == (2, "", 1), case
        else:
            assert (new_messages, editor) == ([], expected), case
            assert proc.returncode == (1 if "error" in expected.values() else 0), case
            assert {item["code"]: item["severity"] for item in json.loads(proc.stdout)} == expected, case
