"""AML407: a `${{parent...}}` binding that points at nothing in the pipeline. The CLI accepts
it offline and the job fails only when it runs, so this is a warning at the wrong name."""

from __future__ import annotations

from typing import Iterator

from ... import bindings
from ...document import Document
from ...schema import SchemaStore
from ...suggest import phrase
from ..model import Diagnostic, FixData, make
from .outputs import BEST_MODEL, best_model_type
from ..fixes import FixContext, combine, replace_value
from ..model import Fix
from ...edits import end_line, eol, insertion
from ...nodes import Mapping


def check(doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    if doc.syntax_errors:
        return
    for ref in bindings.references(doc):
        if ref.problem is None:
            continue
        lead = phrase(ref.suggestion).strip()  # the fix first, as in the other messages
        message = (f"{lead + ' ' if lead else ''}`${{{{{ref.expression}}}}}`: {ref.problem} "
                   "The CLI does not check bindings; the job fails when it runs.")
        declare = None
        if ref.undeclared_output and ref.undeclared_output[1] == BEST_MODEL:
            step, name = ref.undeclared_output
            declare = (step, name, best_model_type(store))
        yield make("AML407", message, ref.wrong or ref.range, FixData(replace_value=ref.suggestion, declare_output=declare))


def _declare_output(ctx: FixContext) -> list[Fix]:
    """`outputs: {name: {type: ...}}` on a pipeline's AutoML step, so later steps can bind to it."""
    if ctx.diagnostic.data.declare_output is None:
        return []
    step, name, kind = ctx.diagnostic.data.declare_output
    doc = ctx.doc
    jobs = doc.root.get("jobs") if isinstance(doc.root, Mapping) else None
    mapping = jobs.get(step) if isinstance(jobs, Mapping) else None
    if not isinstance(mapping, Mapping) or mapping.flow or not mapping.pairs:
        return []
    nl = eol(doc)
    outputs = mapping.get("outputs")
    if isinstance(outputs, Mapping) and outputs.pairs and not outputs.flow:
        indent = " " * outputs.pairs[0].key.range.start.character
        target, text = outputs, f"{indent}{name}:{nl}{indent}  type: {kind}{nl}"
    elif outputs is None:
        indent = " " * mapping.pairs[0].key.range.start.character
        target, text = mapping, f"{indent}outputs:{nl}{indent}  {name}:{nl}{indent}    type: {kind}{nl}"
    else:
        return []
    number = max(end_line(doc, p.value) for p in target.pairs) + 1
    return [Fix(f"Declare output `{name}` on step `{step}`", (insertion(doc, number, text),), preferred=True)]


FIXES = {"AML407": combine(replace_value, _declare_output)}
