"""Every completion item, at every blank line, line end and value start of the real example jobs
(and their 4-space, CRLF and no-final-newline forms), accepted the way VS Code accepts it.

For each item the resulting text must have the label at the cursor, a new block one unit below
its key, no new syntax error, and no new error except the one the user is about to fill: the
empty value or block the item leaves at its key (a tab stop is there) or right below it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from lsprotocol import types

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze

from .harness import Session, vscode_capabilities
from .semantics import Accepted, accept, offset_of, position_at, split_lines
from .variants import FILES, VARIANTS, spots

CLIENTS = {
    "vscode": vscode_capabilities(),  # declares asIs: the server sends absolute text
    "vscode-adjusting": vscode_capabilities(as_is=False),  # relative text, VS Code re-indents it
}


def _errors(text: str, path: str) -> list:
    return [d for d in analyze(text, path).diagnostics if d.severity is Severity.ERROR]


def _check_item(spot, item: types.CompletionItem, mode: str, unit: int, path: str, before: Counter) -> str | None:
    """None when the item leaves the text the user meant; else what is wrong."""
    result: Accepted = accept(spot.text, spot.position, item, mode=mode)
    edit = item.text_edit
    start = (edit.insert if isinstance(edit, types.InsertReplaceEdit) else edit.range).start
    at = offset_of(result.text, start)
    landed = result.text[at:].lstrip(" ") if item.kind == types.CompletionItemKind.EnumMember else result.text[at:]
    word = item.filter_text or item.label
    if not landed.startswith(word):
        return f"{item.label!r} ({mode}): the text at the cursor is {result.text[at:at + 40]!r}"
    new_lines = split_lines(result.text)
    key_line = start.line
    inserted = len(split_lines(edit.new_text))
    if inserted > 1:
        child = new_lines[key_line + 1]
        indent = len(child) - len(child.lstrip(" "))
        if indent != start.character + unit:
            return f"{item.label!r} ({mode}): the new block is indented {indent}, not {start.character + unit}:\n" + "\n".join(new_lines[key_line : key_line + inserted])
    after = _errors(result.text, path)
    # `compute: azureml:` is the one item that is a first half: it asks the editor for the
    # compute names at once (a command), and the line is not YAML until one is picked.
    first_half = item.command is not None and item.command.command == "editor.action.triggerSuggest" and word.endswith(":")
    if any(d.code == "AML001" for d in after) and not before["AML001"] and not first_half:
        return f"{item.label!r} ({mode}) breaks the YAML: {[d.message for d in after if d.code == 'AML001']}\n" + result.text
    stop_lines = {position_at(result.text, s.start).line for s in result.stops}
    fill = set(range(key_line, key_line + inserted)) | stop_lines
    new = Counter(d.code for d in after) - before
    for d in after:
        if new[d.code] and d.range.start.line in fill:
            new[d.code] -= 1  # the value or block the user fills in next
    if +new:
        lines = [(d.code, d.range.start.line, d.message) for d in after if d.code in +new]
        return f"{item.label!r} ({mode}) adds errors {lines}:\n" + "\n".join(new_lines[max(key_line - 3, 0) : key_line + inserted + 2])
    return None


CASES = [
    pytest.param(name, variant, client, id=f"{name}-{variant}-{client}")
    for name in FILES for variant in VARIANTS for client in CLIENTS
]


@pytest.mark.parametrize("name,variant,client", CASES)
def test_every_item_at_every_spot_leaves_valid_text(name, variant, client):
    source = FILES[name]
    rewrite, unit = VARIANTS[variant]
    text = rewrite(source.read_text())
    session = Session(CLIENTS[client])
    uri, path = source.as_uri(), str(source)
    problems, applied = [], 0
    baseline: dict[str, Counter] = {}
    for spot in spots(text, unit):
        items = session.complete(spot.text, spot.position, uri=uri)
        if spot.text not in baseline:
            baseline[spot.text] = Counter(d.code for d in _errors(spot.text, path))
        for item in items:
            modes = ["insert"]
            edit = item.text_edit
            if isinstance(edit, types.InsertReplaceEdit) and edit.insert != edit.replace:
                modes.append("replace")
            for mode in modes:
                try:
                    problem = _check_item(spot, item, mode, unit, path, baseline[spot.text])
                except AssertionError as exc:
                    problem = f"{item.label!r} ({mode}) cannot be applied: {exc}"
                applied += 1
                if problem:
                    problems.append(f"{spot.what}: {problem}")
    assert applied > 300
    assert not problems, f"{len(problems)} of {applied} accepted items are wrong:\n\n" + "\n\n".join(problems[:12])
