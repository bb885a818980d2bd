"""AML001, AML004, AML005: YAML errors, worded for users and placed on their culprits."""

from __future__ import annotations

from ..document import Document
from ..tolerant_parse import (
    BRACKET, HALF_KEY, INDENT, MARKER, MAX_SEARCHED, NOT_A_PAIR, NOT_AN_ITEM, QUOTE, SECOND_DOCUMENT, TAB, SyntaxFault,
)
from .model import Diagnostic, make

# Shown one by one; past this, one note says how many more there are.
MAX_SHOWN = 10

_COLON = "Quote the value, or fix this line's indentation: `: ` cannot appear here."
_PARSER = {
    # PyYAML's words (C and pure loaders word some alike, some not) -> the fix, first.
    "mapping values are not allowed here": _COLON,
    "mapping values are not allowed in this context": _COLON,
    "could not find expected ':'": "Write `key: value` here.",
    "did not find expected key": "Indent this line like the keys above it, or quote a value that holds `: ` or `#`.",
    "found undefined alias": "Define the anchor (`&name`) before this alias, or write the value out.",
    "exceeded maximum nesting depth": "Nest fewer brackets: the YAML reader stops at 1,000 levels.",
    "did not find expected ',' or ']'": "Put a `,` between this list's items, or close the quote or `]` left open before here.",
    "did not find expected ',' or '}'": "Put a `,` between this mapping's entries, or close the quote or `}` left open before here.",
}


def _message(doc: Document, fault: SyntaxFault) -> str:
    text = doc.lines[fault.range.start.line][fault.range.start.character : fault.range.end.character]
    kind = fault.kind
    if kind == QUOTE:
        return f"Close this {fault.problem} quote: the string runs on to the end of its block."
    if kind == BRACKET:
        closing = {"[": "]", "{": "}"}.get(fault.problem, "")
        return f"Close this `{fault.problem}` with `{closing}`: the list or mapping it opens never ends."
    if kind in (HALF_KEY, NOT_A_PAIR):
        word = text.split(":")[0].strip() or text
        return f"Finish `{word}` as `key: value`, or remove it: every line at this level is a key."
    if kind == TAB:
        return "Indent with spaces: YAML does not allow tabs here."
    if kind == MARKER:
        return f"Resolve this git merge conflict (`{fault.problem}` marker line): the CLI cannot read the file with it."
    if kind == NOT_AN_ITEM:
        return "Start this line with `- ` like the list items above it, or indent it under one."
    if kind == INDENT:
        return "Indent this line like the lines above it: it sits between two levels."
    if kind == SECOND_DOCUMENT:
        return "Remove this document marker and what follows, or move it to its own file: the CLI reads one document."
    friendly = _PARSER.get(fault.problem)
    if friendly:
        return friendly
    if fault.problem.startswith(("unacceptable character", "the lone surrogate")):
        return f"Remove this character: {fault.problem}."
    context = f" ({fault.context})" if fault.context else ""
    return f"YAML syntax error: {fault.problem}{context}."


def syntax_diagnostics(doc: Document) -> list[Diagnostic]:
    faults = doc.syntax_errors
    out = [make("AML004" if f.kind == MARKER else "AML001", _message(doc, f), f.range) for f in faults[:MAX_SHOWN]]
    hidden = faults[MAX_SHOWN:]
    if hidden:
        count = f"{len(hidden)}{' or more' if len(faults) >= MAX_SEARCHED else ''}"
        out.append(make("AML005", f"Fix the syntax errors above first: {count} more from here on are not shown.", hidden[0].range))
    return out


def unsafe_tag_diagnostics(doc: Document) -> list[Diagnostic]:
    return [
        make("AML001", f"Remove the tag `{tag.tag}`: the CLI's safe YAML loader cannot read it.", tag.range)
        for tag in doc.unsafe_tags
    ]
