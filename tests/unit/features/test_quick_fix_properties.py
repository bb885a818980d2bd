"""Every quick fix, on every defect fixture and historical example, is checked against
independent parsers: the fixed text still parses (PyYAML for the meaning, ruamel.yaml for the
comments), the diagnostic it fixes is gone, it adds no new error, and every comment the user
wrote is still there (except on the lines a "remove" fix deletes on purpose).

Fixes are asked for the way a client that does not echo `data` asks (Vim's ALE): by code and
range only. With the data echoed back, and with only the echoed data (the server no longer has
the diagnostic), the fixes are the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.tokens import CommentToken

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.features import code_actions
from automl_job_ls.schema import store

from ...conftest import EXAMPLES
from .helpers import apply

FILES = sorted((Path(__file__).parents[2] / "fixtures" / "defects").glob("*.yml")) + sorted(
    (EXAMPLES / "_history").rglob("*instance-segmentation*.yml")
)


def comments(text: str) -> Counter:
    """Comment lines as ruamel.yaml's round-trip scanner attaches them to tokens."""
    found: Counter = Counter()

    def collect(value) -> None:
        if isinstance(value, CommentToken):
            found.update(line.strip() for line in value.value.splitlines() if line.strip())
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for token in YAML().scan(text):
        collect(getattr(token, "_comment", None))
    return found


def annotated(text: str) -> str:
    """The same job with a trailing comment on every line that holds a value, so that every fix
    runs next to comments."""
    out = []
    for number, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        if body.strip() and not body.lstrip().startswith("#") and "#" not in body and not body.rstrip().endswith(("|", ">")):
            line = f"{body}  # note {number}{line[len(body):]}"
        out.append(line)
    return "".join(out)


def cases():
    for path in FILES:
        for variant, text in (("plain", path.read_text()), ("commented", annotated(path.read_text()))):
            result = analyze(text)
            for d in result.diagnostics:
                for fix in code_actions.quick_fixes(result.document, store(), d.code, d.range, data=None):
                    yield pytest.param(path, text, d, fix, id=f"{path.stem}:{variant}:{d.code}:{fix.title[:40]}")


CASES = list(cases())


def test_the_corpus_exercises_many_fixes():
    assert len(CASES) >= 100
    assert len({c.values[2].code for c in CASES}) >= 18


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_fixes_do_not_depend_on_the_client_echoing_data(path):
    result = analyze(path.read_text())
    for d in result.diagnostics:
        stripped = code_actions.quick_fixes(result.document, store(), d.code, d.range, data=None)
        echoed = code_actions.quick_fixes(result.document, store(), d.code, d.range, data=d.data.to_json())
        data_only = code_actions.quick_fixes(result.document, store(), d.code, d.range, data=d.data.to_json(), own=[])
        assert stripped == echoed == data_only, (d.code, d.message)


def _inserted_lines(fix) -> set[str]:
    return {line.strip() for edit in fix.edits for line in edit.new_text.splitlines() if line.strip()}


def _errors(text: str) -> Counter:
    return Counter(d.code for d in analyze(text).diagnostics if d.severity is Severity.ERROR)


@pytest.mark.parametrize("path,text,diagnostic,fix", CASES)
def test_fix_removes_its_diagnostic_and_keeps_comments(path, text, diagnostic, fix):
    fixed = apply(text, fix.edits)
    assert fixed != text
    before, after = analyze(text), analyze(fixed)
    assert not any(d.code == "AML001" for d in after.diagnostics), f"{fix.title} broke the YAML:\n{fixed}"
    count = lambda result: sum(1 for d in result.diagnostics if d.code == diagnostic.code)  # noqa: E731
    assert count(after) < count(before), f"{fix.title} left {diagnostic.code}:\n{fixed}"
    new_errors = _errors(fixed) - _errors(text)
    # A key the fix adds without a value the product could know (a data path) is left for the
    # user to fill in: its "needs a value" error sits exactly on the added line.
    for d in after.diagnostics:
        line = fixed.splitlines()[d.range.start.line].strip()
        if d.code == "AML102" and new_errors[d.code] and line.endswith(":") and line in _inserted_lines(fix):
            new_errors[d.code] -= 1
    assert not +new_errors, f"{fix.title} introduced {dict(new_errors)}:\n{fixed}"

    lost = comments(text) - comments(fixed)
    if "remove" in fix.title.lower():  # the lines it says it removes take their comments along
        lines = text.splitlines(keepends=True)
        lost -= comments("".join("".join(lines[e.range.start.line : e.range.end.line]) for e in fix.edits if not e.new_text))
    assert not lost, f"{fix.title} dropped comments {sorted(lost)}"
