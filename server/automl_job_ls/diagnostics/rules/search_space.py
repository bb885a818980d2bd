"""AML204 empty `choice`, AML205 lower bound above upper bound."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...nodes import Mapping, Scalar, Sequence, is_null, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, make
from ..values import number_of

_BOUNDED = ("uniform", "loguniform", "quniform", "qloguniform")


def distributions(job: JobScope) -> Iterator[tuple[Scalar, Mapping]]:
    """(hyperparameter key, distribution mapping) for every mapping in search_space."""
    space = job.mapping.get("search_space")
    if not isinstance(space, Sequence):
        return
    for entry in space.items:
        if isinstance(entry, Mapping):
            for pair in entry.pairs:
                if isinstance(pair.value, Mapping):
                    yield pair.key, pair.value


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    for key, dist in distributions(job):
        name = key.text
        kind = (scalar_str(dist.get("type")) or "").lower()
        if kind == "choice":
            chosen = dist.get("values")
            if chosen is None or is_null(chosen):
                yield make(
                    "AML204",
                    f"`choice` for `{name}` has no `values`: the CLI sends an empty choice and the sweep has nothing to try.",
                    key.range,
                    add_key="values",
                )
            elif isinstance(chosen, Sequence) and not chosen.items:
                yield make(
                    "AML204",
                    f"`choice` for `{name}` has no values: the CLI sends an empty choice and the sweep has nothing to try.",
                    chosen.range,
                )
        elif kind in _BOUNDED:
            low, high = dist.get("min_value"), dist.get("max_value")
            if isinstance(low, Scalar) and isinstance(high, Scalar):
                lo, hi = number_of(low), number_of(high)
                if lo is not None and hi is not None and lo > hi:
                    yield make(
                        "AML205",
                        f"`min_value` ({low.text}) is greater than `max_value` ({high.text}) for `{name}`; swap them.",
                        low.range,
                    )
