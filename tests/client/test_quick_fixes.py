"""Quick fixes through the server's codeAction handler, applied as workspace edits the way
clients apply them: from Vim's ALE (which sends the diagnostic without `data`, or none at
all) and from a VS Code that takes snippet edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from automl_job_ls.diagnostics.engine import analyze

from ..conftest import STANDALONE
from .harness import URI, Session, plain_capabilities, vscode_capabilities
from .semantics import apply_workspace_edit

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "defects").glob("*.yml"))


def _lsp_range(rng) -> types.Range:
    return types.Range(start=types.Position(line=rng.start.line, character=rng.start.character),
                       end=types.Position(line=rng.end.line, character=rng.end.character))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fix_applies_for_a_client_that_sends_no_data(path):
    _apply_all(path.read_text())


def test_the_fixtures_exercise_many_fixes():
    total = sum(_apply_all(p.read_text()) for p in FIXTURES)
    assert total > 150


def _apply_all(text: str) -> int:
    session = Session(plain_capabilities())
    published = session.diagnostics(text)
    applied = 0
    for sent in published:
        stripped = types.Diagnostic(range=sent.range, message=sent.message, severity=sent.severity, code=sent.code)
        for context in ([stripped], []):  # ALE: the diagnostic without data, or no diagnostics at all
            actions = session.code_actions(text, sent.range, context)
            with_data = session.code_actions(text, sent.range, [sent])
            titles = [a.title for a in actions if a.diagnostics and a.diagnostics[0].code == sent.code and a.diagnostics[0].range == sent.range]
            assert titles == [a.title for a in with_data], (sent.code, context)
            for action in actions:
                if action.diagnostics[0].range != sent.range or action.diagnostics[0].code != sent.code:
                    continue
                fixed = apply_workspace_edit(text, URI, action.edit)
                after = analyze(fixed).diagnostics
                assert not any(d.code == "AML001" for d in after), (action.title, fixed)
                assert sum(d.code == sent.code for d in after) < sum(d.code == sent.code for d in analyze(text).diagnostics), (action.title, fixed)
                applied += 1
    return applied


def test_add_key_as_a_snippet_edit_where_the_client_takes_them():
    text = STANDALONE.read_text().replace("    type: bandit\n    evaluation_interval: 2\n    slack_factor: 0.2\n", "    type: truncation_selection\n    evaluation_interval: 2\n")
    session = Session(vscode_capabilities(snippet_edits=True))
    [sent] = [d for d in session.diagnostics(text) if d.code == "AML104"]
    [action] = session.code_actions(text, sent.range, [sent])
    [change] = action.edit.document_changes
    [edit] = change.edits
    assert isinstance(edit, types.SnippetTextEdit) and edit.snippet.value == "    truncation_percentage: ${1:10}\n"
    fixed = apply_workspace_edit(text, URI, action.edit)
    assert "    delay_evaluation: 6\n    truncation_percentage: 10\n" in fixed and analyze(fixed).diagnostics == []
