"""AML407: a `${{parent...}}` binding that points at nothing in the pipeline. The CLI accepts
it offline and the job fails only when it runs, so this is a warning at the wrong name."""

from __future__ import annotations

from typing import Iterator

from ... import bindings
from ...document import Document
from ...schema import SchemaStore
from ...suggest import phrase
from ..model import Diagnostic, make
from .outputs import BEST_MODEL, best_model_type


def check(doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    if doc.syntax_errors:
        return
    for ref in bindings.references(doc):
        if ref.problem is None:
            continue
        message = f"`${{{{{ref.expression}}}}}`: {ref.problem}{phrase(ref.suggestion)} The CLI does not check bindings; the job fails when it runs."
        data: dict = {"replace_value": ref.suggestion} if ref.suggestion else {}
        if ref.undeclared_output and ref.undeclared_output[1] == BEST_MODEL:
            step, name = ref.undeclared_output
            data["declare_output"] = {"step": step, "name": name, "type": best_model_type(store)}
        yield make("AML407", message, ref.wrong or ref.range, **data)
