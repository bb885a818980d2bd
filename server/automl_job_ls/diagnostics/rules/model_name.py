"""AML301: `model_name` that is not an instance segmentation model."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...nodes import Mapping, STR, Scalar, Sequence, scalar_str
from ...schema import SchemaStore
from ...suggest import did_you_mean
from ..model import Diagnostic, make
from .search_space import distributions
from ..fixes import FixContext
from ..model import Edit, Fix
from ...edits import text_at

KEY = "model_name"


def _model_nodes(job: JobScope) -> Iterator[Scalar]:
    params = job.mapping.get("training_parameters")
    if isinstance(params, Mapping) and isinstance(params.get(KEY), Scalar):
        yield params.get(KEY)  # type: ignore[misc]
    space = job.mapping.get("search_space")
    if isinstance(space, Sequence):
        for entry in space.items:
            if isinstance(entry, Mapping) and isinstance(entry.get(KEY), Scalar):
                yield entry.get(KEY)  # type: ignore[misc]
    for key, dist in distributions(job):
        chosen = dist.get("values")
        if key.text == KEY and (scalar_str(dist.get("type")) or "").lower() == "choice" and isinstance(chosen, Sequence):
            yield from (item for item in chosen.items if isinstance(item, Scalar))


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    schema = store.prop(store.training_parameters(), KEY) or {}
    ext = store.ext(schema)
    known = list(ext.suggested_values)
    detection = set(ext.object_detection_values)
    listed = ", ".join(f"`{m}`" for m in known)
    for node in _model_nodes(job):
        if node.kind != STR or node.text in known:
            continue
        if node.text in detection:
            message = f"Use a Mask R-CNN model: `{node.text}` is an object detection model, not an instance segmentation one."
        else:
            best = did_you_mean(node.text, known)
            head = f"Did you mean `{best}`? " if best else f"Use one of {listed}: "
            message = head + f"`{node.text}` is not a documented instance segmentation model."
        yield make("AML301", message + " The CLI accepts any name; the job fails once it runs.", node.range)


def _use_backbone(ctx: FixContext) -> list[Fix]:
    """A Mask R-CNN backbone instead: the closest name first, else the default."""
    schema = ctx.store.prop(ctx.store.training_parameters(), KEY) or {}
    known = [m for m in ctx.store.ext(schema).suggested_values if m.startswith("maskrcnn_")]
    written = text_at(ctx.doc, ctx.diagnostic.range).strip("'\"")
    best = did_you_mean(written, known) or schema.get("default")
    ordered = sorted(known, key=lambda m: m != best)
    return [Fix(f"Change to `{m}`", (Edit(ctx.diagnostic.range, m),), preferred=m == best) for m in ordered]


FIXES = {"AML301": _use_backbone}
