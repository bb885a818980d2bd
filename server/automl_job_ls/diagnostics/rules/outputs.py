"""AML403: the best-model output must be an MLflow model."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...nodes import Mapping, Scalar, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, FixData, make
from ..fixes import replace_value

BEST_MODEL = "best_model"


def best_model_type(store: SchemaStore) -> str:
    """The output type AutoML gives the best model (`produced_type` of `outputs.best_model`)."""
    best = store.prop(store.prop(store.job, "outputs") or {}, BEST_MODEL) or {}
    produced = store.ext(best).produced_type
    assert produced, "the job schema names the type of outputs.best_model"
    return produced


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    outputs = job.mapping.get("outputs")
    best = outputs.get(BEST_MODEL) if isinstance(outputs, Mapping) else None
    kind = best.get("type") if isinstance(best, Mapping) else None
    text = scalar_str(kind)
    if not isinstance(kind, Scalar) or text is None:
        return
    expected = best_model_type(store)
    if text.lower() != expected:
        yield make(
            "AML403",
            f"AutoML saves the best model as `{expected}`; `type: {text}` does not match what the job produces.",
            kind.range,
            FixData(replace_value=expected),
        )


FIXES = {"AML403": replace_value}
