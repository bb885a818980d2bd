"""AML401 node without compute, AML402 `compute: local` in a pipeline."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...nodes import Mapping, is_null, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, make


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    if not job.in_pipeline or not isinstance(doc.root, Mapping):
        return
    compute = job.mapping.get("compute")
    if scalar_str(compute) == "local":
        yield make("AML402", "Jobs in a pipeline do not support `compute: local` (docs); use a compute cluster, e.g. `azureml:gpu-cluster`.", compute.range)  # type: ignore[union-attr]
    if not is_null(compute) or doc.syntax_errors:
        return
    settings = doc.root.get("settings")
    default = settings.get("default_compute") if isinstance(settings, Mapping) else None
    if is_null(doc.root.get("compute")) and is_null(default):
        yield make(
            "AML401",
            f"Node `{job.path[-1]}` has no compute, and the pipeline sets neither `compute` nor "
            "`settings.default_compute`: the CLI rejects it with \"Compute not set\".",
            job.anchor,
        )
