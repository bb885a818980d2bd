"""Mangled job files (lines dropped, doubled or cut, stray YAML punctuation, half-typed bindings)
never make a feature raise, and every diagnostic stays inside the document. Deterministic: the
same seed gives the same 300 variants on every run."""

from __future__ import annotations

import random

import pytest

from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.features import code_actions, completion, definition, folding, hover, links, rename, symbols
from automl_job_ls.nodes import Position
from automl_job_ls.schema import store

from ..conftest import PIPELINE, STANDALONE

SNIPPETS = [":", ": ", "[", "{", "- ", "\t", "'", '"', "${{", "${{parent.", "}}", "&a ", "*a", "!!str ", "#", "\n", "  ", "?"]


def _mangle(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        action = rng.randrange(5)
        if action == 0 and len(lines) > 1:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[i])
        elif action == 2:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        elif action == 3:
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(SNIPPETS) + lines[i][at:]
        else:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
    return "\n".join(lines)


def _variants():
    rng = random.Random(20261128)
    sources = [(STANDALONE, STANDALONE.read_text()), (PIPELINE, PIPELINE.read_text())]
    for n in range(300):
        path, text = sources[n % 2]
        yield pytest.param(path, _mangle(text, rng), random.Random(n), id=f"{path.stem}-{n}")


@pytest.mark.parametrize("path,text,rng", list(_variants()))
def test_features_survive_a_mangled_job(path, text, rng):
    result = analyze(text, str(path))
    doc = result.document
    lines = text.split("\n")
    for d in result.diagnostics:
        assert d.range.start <= d.range.end
        assert d.range.end.line < len(lines) and d.range.end.character <= len(lines[d.range.end.line]), d
        code_actions.quick_fixes(doc, store(), d.code, d.range, d.data)
    for _ in range(5):
        line = rng.randrange(len(lines))
        pos = Position(line, rng.randint(0, len(lines[line])))
        completion.complete(doc, store(), pos, completion.Options(trigger=rng.choice([None, ".", ":"])))
        hover.hover(doc, store(), pos, True)
        definition.definition(doc, pos)
        folding.selection_range(doc, pos)
        definition.references(doc, pos)
        if rename.prepare_rename(doc, pos) is not None:
            rename.rename(doc, pos, "renamed")
    symbols.symbols(doc)
    links.links(doc, path.parent)
