"""AML001: YAML errors, worded for users and placed on the offending token."""

from __future__ import annotations

from ..document import Document
from ..nodes import Position, Range
from ..yaml_syntax import SyntaxProblem
from .model import Diagnostic, make

_FRIENDLY = {
    "found character '\\t' that cannot start any token": "Tabs cannot indent YAML; use spaces.",
    "mapping values are not allowed here": "A `: ` cannot appear here: quote the value, or fix the indentation of this line.",
    # The C loader words the same error differently.
    "mapping values are not allowed in this context": "A `: ` cannot appear here: quote the value, or fix the indentation of this line.",
    "could not find expected ':'": "Expected `key: value` here.",
    "expected <block end>, but found '-'": "This list item is not indented like the lines around it.",
}


def _token_range(doc: Document, pos: Position) -> Range:
    lines = doc.lines
    line_no = min(pos.line, len(lines) - 1)
    line = lines[line_no] if lines else ""
    start = pos.character if line_no == pos.line else len(line)
    if start >= len(line.rstrip()):
        # At the end of a line or of the file: mark the last character that is there.
        while line_no > 0 and not lines[line_no].strip():
            line_no -= 1
        line = lines[line_no]
        stripped = len(line.rstrip())
        return Range(Position(line_no, max(stripped - 1, 0)), Position(line_no, max(stripped, 1) if line else 0))
    end = start
    while end < len(line) and not line[end].isspace():
        end += 1
    return Range(Position(line_no, start), Position(line_no, max(end, start + 1)))


def syntax_diagnostic(doc: Document, problem: SyntaxProblem) -> Diagnostic:
    text = _FRIENDLY.get(problem.problem)
    if text is None:
        text = f"YAML syntax error: {problem.problem}"
        if problem.context:
            text += f" ({problem.context})"
        text += "."
    return make("AML001", text, _token_range(doc, problem.position))


def unsafe_tag_diagnostics(doc: Document) -> list[Diagnostic]:
    return [
        make("AML001", f"The CLI's safe YAML loader cannot read the tag `{tag.tag}`; remove it.", tag.range)
        for tag in doc.unsafe_tags
    ]
