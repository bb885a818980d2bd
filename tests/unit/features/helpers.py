"""What the feature tests share: the example jobs, positions by marker, and edits applied to text."""

from __future__ import annotations

from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.document import parse
from automl_job_ls.features import code_actions, completion, hover
from automl_job_ls.nodes import Position, Range
from automl_job_ls.schema import store

from ...conftest import PIPELINE, STANDALONE

BASE = STANDALONE.read_text()
PIPE = PIPELINE.read_text()
TRAIN_INPUT = "  image_instance_segmentation_training_data:\n    type: mltable\n"


def at(text: str, marker: str = "|") -> tuple[str, Position]:
    """The text without `marker`, and the position where it was."""
    index = text.index(marker)
    line = text.count("\n", 0, index)
    return text.replace(marker, "", 1), Position(line, index - (text.rfind("\n", 0, index) + 1))


def span(text: str, needle: str, after: str = "") -> Range:
    """The range of the first `needle` (on one line) at or after the first `after`."""
    index = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, index)
    start = index - (text.rfind("\n", 0, index) + 1)
    return Range.of(line, start, line, start + len(needle))


def labels(text: str, snippets: bool = True, computes=()) -> list[str]:
    """Completion labels at the `|` in `text`."""
    clean, pos = at(text)
    items = completion.complete(parse(clean), store(), pos, completion.Options(snippets=snippets, computes=lambda: list(computes)))
    return [i.label for i in items]


def apply(text: str, edits) -> str:
    """`text` with server-side edits (code point ranges) applied, last first."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: e.range.start, reverse=True):
        start = offsets[e.range.start.line] + e.range.start.character
        end = offsets[e.range.end.line] + e.range.end.character
        text = text[:start] + e.new_text + text[end:]
    return text


def hover_at(text: str, needle: str, offset: int = 1, markdown: bool = True):
    """The hover `offset` characters into the first `needle`."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    pos = Position(line, index - (text.rfind("\n", 0, index) + 1))
    return hover.hover(parse(text), store(), pos, markdown)


def fixes_for(text: str, code: str, path: str | None = None, snippets: bool = False):
    """The quick fixes of the first `code` diagnostic of `text` (a file at `path`), as plain text
    edits or, for a client that takes them, with snippet text."""
    result = analyze(text, path)
    d = next(d for d in result.diagnostics if d.code == code)
    return code_actions.quick_fixes(result.document, store(), d.code, d.range, d.data, snippets=snippets)
