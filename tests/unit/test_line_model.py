"""One line model, the LSP's: lines break at \\n, \\r\\n and \\r only, everywhere."""

from __future__ import annotations

import pytest

from automl_job_ls.document import JobKind, parse
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.lines import LineIndex, split_lines, split_lines_keepends
from automl_job_ls.nodes import Position, Range

from ..conftest import STANDALONE

REFERENCE = STANDALONE.read_text()


@pytest.mark.parametrize(
    "text,lines",
    [
        ("", [""]),
        ("a", ["a"]),
        ("a\n", ["a", ""]),
        ("a\r\nb\rc\nd", ["a", "b", "c", "d"]),
        ("x\u2028y\x85z\u2029\x0c\x0bw\n", ["x\u2028y\x85z\u2029\x0c\x0bw", ""]),
        ("\r\n\r\n", ["", "", ""]),
    ],
)
def test_lines_break_only_where_the_lsp_breaks_them(text: str, lines: list[str]):
    assert split_lines(text) == lines
    assert "".join(split_lines_keepends(text)) == text
    index = LineIndex(text)
    assert len(index.starts) == len(lines)
    assert index.end == Position(len(lines) - 1, len(lines[-1]))


def test_offsets_and_positions_round_trip_across_every_terminator():
    text = "a: 1\r\nb: 2\rc: 3\nd: \u2028x"
    index = LineIndex(text)
    assert [index.position(i) for i in (0, 4, 5, 6, 10, 11, 16, 20)] == [
        Position(0, 0), Position(0, 4), Position(0, 4), Position(1, 0), Position(1, 4), Position(2, 0),
        Position(3, 0), Position(3, 4),
    ]
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] != "\r\n":
            assert index.offset(index.position(offset)) == offset


def test_clamp_keeps_positions_inside_the_document():
    index = LineIndex("ab\ncde")
    assert index.clamp(Position(-1, 5)) == Position(0, 0)
    assert index.clamp(Position(0, 99)) == Position(0, 2)
    assert index.clamp(Position(7, 3)) == Position(1, 3)


def _with(line_break: str) -> str:
    """The description in double quotes, with a YAML-only line break in it (folded, so valid YAML)."""
    line = "description: An Image Instance segmentation job using fridge items dataset"
    return REFERENCE.replace(line, f'description: "An{line_break}Image Instance segmentation job using fridge items dataset"')


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_yaml_only_line_breaks_stay_inside_their_line(separator: str):
    text = _with(separator).replace("  max_trials: 10", "  max_trials: 10\n  max_total_trials: 3")
    doc = parse(text)
    assert len(doc.lines) == len(text.split("\n"))
    (diag,) = analyze(text).diagnostics
    # Line 25 as the editor counts it: PyYAML alone would put it on line 26.
    assert (diag.code, diag.range) == ("AML101", Range.of(25, 2, 25, 18))
    description = doc.root.get("description")
    assert description.range == Range.of(4, 13, 4, 76)


def test_a_lone_cr_keeps_diagnostics_inside_the_document():
    text = REFERENCE.replace("\n", "\r").replace("  max_trials: 10", "  max_trials: 10\r  max_total_trials: 3")
    doc = parse(text)
    (diag,) = analyze(text).diagnostics
    assert (diag.code, diag.range) == ("AML101", Range.of(25, 2, 25, 18))
    assert diag.range.end.line < len(doc.lines)
    assert doc.kind is JobKind.STANDALONE


def test_crlf_has_no_carriage_return_in_lines_or_ranges():
    text = REFERENCE.replace("\n", "\r\n").replace("  max_trials: 10", "  max_trials: 10\r\n  max_total_trials: 3")
    doc = parse(text)
    assert not any("\r" in line for line in doc.lines)
    (diag,) = analyze(text).diagnostics
    assert diag.range == Range.of(25, 2, 25, 18)


def test_a_lone_surrogate_is_an_error_at_that_character_and_the_rest_is_checked():
    text = REFERENCE.replace("experiment_name: dpv2", "experiment_name: dp\ud800v2").replace(
        "  max_trials: 10", "  max_trials: 10\n  max_total_trials: 3"
    )
    diags = analyze(text).diagnostics
    assert [(d.code, d.range, d.message) for d in diags] == [
        ("AML001", Range.of(3, 19, 3, 72), "Remove this character: the lone surrogate U+D800 cannot be saved as UTF-8."),
        ("AML101", Range.of(25, 2, 25, 18), diags[1].message),
    ]
    assert parse(text).kind is JobKind.STANDALONE


def test_a_leading_bom_does_not_shift_the_first_line():
    text = "\ufeff" + REFERENCE.replace("$schema:", "$schemaa:")
    codes = [(d.code, d.range) for d in analyze(text).diagnostics]
    assert codes == [("AML101", Range.of(0, 1, 0, 9))]


def test_control_characters_are_reported_where_they_are_after_astral_characters():
    text = REFERENCE.replace("experiment_name: dpv2", "experiment_name: 😀é\x01dpv2")
    (diag,) = analyze(text).diagnostics
    assert (diag.code, diag.range.start) == ("AML001", Position(3, 19))
