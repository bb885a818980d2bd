"""Pipeline steps: AML401 no compute anywhere, AML402 `compute: local`, AML404 missing
component file. These apply to every step, since the CLI rejects the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ...document import Document, JobKind
from ...nodes import Mapping, Scalar, is_null, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, make


def check(doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    root = doc.root
    if doc.kind is not JobKind.PIPELINE or not isinstance(root, Mapping) or doc.syntax_errors:
        return
    jobs = root.get("jobs")
    if not isinstance(jobs, Mapping):
        return
    settings = root.get("settings")
    default = settings.get("default_compute") if isinstance(settings, Mapping) else None
    has_default = not is_null(root.get("compute")) or not is_null(default)
    for pair in jobs.pairs:
        step = pair.value
        if not isinstance(step, Mapping):
            continue
        compute = step.get("compute")
        if scalar_str(compute) == "local":
            yield make(
                "AML402",
                "Jobs in a pipeline do not support `compute: local` (docs); use a compute cluster, e.g. `azureml:gpu-cluster`.",
                compute.range,  # type: ignore[union-attr]
            )
        if is_null(compute) and not has_default:
            yield make(
                "AML401",
                f"Step `{pair.key.text}` has no compute, and the pipeline sets neither `compute` nor "
                "`settings.default_compute`: the CLI rejects it with \"Compute not set\".",
                pair.key.range,
            )
        yield from _component_file(doc, step)


def _component_file(doc: Document, step: Mapping) -> Iterator[Diagnostic]:
    component = step.get("component")
    text = scalar_str(component)
    if not isinstance(component, Scalar) or text is None or doc.path is None:
        return
    if text.startswith("file:"):
        relative = text[len("file:"):]
    elif text.startswith(("azureml:", "${{")) or ":" in text.split("/")[0]:
        return  # a registered component or a binding, not a local file
    else:
        relative = text
    if not relative.endswith((".yml", ".yaml")):
        return
    target = Path(doc.path).parent / relative
    if not target.is_file():
        yield make(
            "AML404",
            f"Component file `{relative}` does not exist (looked in {target.parent}); the CLI loads it before submitting.",
            component.range,
        )
