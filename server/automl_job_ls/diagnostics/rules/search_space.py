"""AML204 empty `choice`, AML205 lower bound above upper bound."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...nodes import Mapping, Scalar, Sequence, is_null, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, make
from ..values import number_of

_BOUNDED = ("uniform", "loguniform", "quniform", "qloguniform")


def distributions(job: JobScope) -> Iterator[tuple[str, Mapping]]:
    """(hyperparameter, distribution mapping) for every `type:` mapping in search_space."""
    space = job.mapping.get("search_space")
    if not isinstance(space, Sequence):
        return
    for entry in space.items:
        if isinstance(entry, Mapping):
            for pair in entry.pairs:
                if isinstance(pair.value, Mapping):
                    yield pair.key.text, pair.value


def _key_of(dist: Mapping):
    """The range of the hyperparameter key that holds this distribution."""
    parent = dist.parent
    if isinstance(parent, Mapping):
        for pair in parent.pairs:
            if pair.value is dist:
                return pair.key.range
    return None


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    for name, dist in distributions(job):
        kind = (scalar_str(dist.get("type")) or "").lower()
        if kind == "choice":
            chosen = dist.get("values")
            if chosen is None or is_null(chosen):
                pair = next(p for p in dist.pairs if p.key.text == "type")
                yield make(
                    "AML204",
                    f"`choice` for `{name}` has no `values`: the CLI sends an empty choice and the sweep has nothing to try.",
                    _key_of(dist) or pair.key.range,
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
