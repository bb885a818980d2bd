"""Table-driven: every file in fixtures/defects has one defect, stated on its first line as
`# expect: CODE severity L:C-L:C` (0-based, end exclusive); the engine must report exactly it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from automl_job_ls.diagnostics.engine import analyze

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "defects").glob("*.yml"))
EXPECT = re.compile(r"^# expect: (AML\d{3}) (error|warning|information|hint) (\d+):(\d+)-(\d+):(\d+)\s*$")


def _expected(path: Path) -> tuple:
    match = EXPECT.match(path.read_text().split("\n", 1)[0])
    assert match, f"{path.name}: first line must be '# expect: CODE severity L:C-L:C'"
    code, severity, *numbers = match.groups()
    return (code, severity, *map(int, numbers))


def test_there_are_at_least_60_fixtures():
    assert len(FIXTURES) >= 60


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_defect(path: Path):
    result = analyze(path.read_text(), str(path))
    found = [
        (d.code, d.severity.label, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in result.diagnostics
    ]
    assert found == [_expected(path)], "\n".join(d.message for d in result.diagnostics)
    assert all(d.message and "jsonschema" not in d.message and "marshmallow" not in d.message for d in result.diagnostics)
