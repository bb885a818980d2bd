"""AML204 empty `choice`, AML205 lower bound above upper bound, AML208 grid sampling over a
distribution that is not `choice`."""

from __future__ import annotations

from typing import Iterator

from ...document import Document, JobScope
from ...recognition import camel_to_snake
from ...nodes import Mapping, Scalar, Sequence, is_null, scalar_str
from ...schema import SchemaStore
from ..model import Diagnostic, FixData, make
from ..values import number_of
from ..fixes import FixContext, add_key, with_snippet
from ..model import Edit, Fix
from ...edits import (end_line, eol, example_value, insertion, pair_with_key_at, pair_with_value_at, path_of,
                      remove_pair, text_at, yaml_scalar)
from ...nodes import Range


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


def _sampling(job: JobScope) -> tuple[str, Scalar] | None:
    """The sweep's sampling algorithm and the scalar that names it (`grid` or `{type: grid}`)."""
    sweep = job.mapping.get("sweep")
    algorithm = sweep.get("sampling_algorithm") if isinstance(sweep, Mapping) else None
    if isinstance(algorithm, Mapping):
        algorithm = algorithm.get("type")
    text = scalar_str(algorithm)
    return (camel_to_snake(text), algorithm) if text and isinstance(algorithm, Scalar) else None  # type: ignore[return-value]


def check(job: JobScope, doc: Document, store: SchemaStore) -> Iterator[Diagnostic]:
    sampling = _sampling(job)
    if sampling and sampling[0] == "grid":
        for key, dist in distributions(job):
            kind = dist.get("type")
            name = (scalar_str(kind) or "").lower()
            if isinstance(kind, Scalar) and name and name != "choice" and name in store.all_distribution_names():
                yield make(
                    "AML208",
                    f"Use `choice` for `{key.text}`, or `random` sampling: grid sampling takes only `choice` (docs), "
                    f"not `{name}`. The CLI does not check this.",
                    kind.range,
                )
    bounded = store.bounded_distributions()
    for key, dist in distributions(job):
        name = key.text
        kind = (scalar_str(dist.get("type")) or "").lower()
        if kind == "choice":
            chosen = dist.get("values")
            if chosen is None or is_null(chosen):
                yield make(
                    "AML204",
                    f"Add `values`: `choice` for `{name}` has none, so the sweep has nothing to try (the CLI accepts it).",
                    key.range,
                    FixData(add_key="values"),
                )
            elif isinstance(chosen, Sequence) and not chosen.items:
                yield make(
                    "AML204",
                    f"List values to try: `choice` for `{name}` is empty, so the sweep has nothing to try (the CLI accepts it).",
                    chosen.range,
                )
        elif kind in bounded:
            low, high = dist.get("min_value"), dist.get("max_value")
            if isinstance(low, Scalar) and isinstance(high, Scalar):
                lo, hi = number_of(low), number_of(high)
                if lo is not None and hi is not None and lo > hi:
                    yield make(
                        "AML205",
                        f"Swap them: `min_value` ({low.text}) is greater than `max_value` ({high.text}) for `{name}`.",
                        low.range,
                    )


def _fill_choice(ctx: FixContext) -> list[Fix]:
    """A `choice` with nothing to try gets the hyperparameter's default as the one value to try:
    in `values: []`, in place of a null `values`, or as a new `values` line."""
    doc = ctx.doc
    found = pair_with_value_at(doc, ctx.diagnostic.range)
    if found is not None:  # `values: []`
        dist, chosen = found[0], found[1].value
        path = path_of(doc, dist) or []
        hyperparameter = path[-1] if path and isinstance(path[-1], str) else None
    else:  # anchored at the hyperparameter: `values` is null or not there
        found = pair_with_key_at(doc, ctx.diagnostic.range)
        if found is None or not isinstance(found[1].value, Mapping):
            return []
        hyperparameter, dist = found[1].key.text, found[1].value
        chosen = dist.get("values")
    training = ctx.store.prop(ctx.store.training_parameters(), hyperparameter or "") or {}
    value = example_value(ctx.store, training)
    if chosen is None:
        if not value or dist.flow or not dist.pairs:
            return add_key(ctx)  # `values: []` (a tab stop inside where the client takes snippets)
        indent = " " * dist.pairs[0].key.range.start.character
        number = max(end_line(doc, p.value) for p in dist.pairs) + 1
        nl = eol(doc)
        edit = insertion(doc, number, f"{indent}values: [{value}]{nl}", f"{indent}values: [${{1:{value}}}]{nl}")
        return [Fix(f"Add `values: [{value}]`", (with_snippet(edit, ctx),), preferred=True)]
    if not value:
        return []
    if chosen.range.start == chosen.range.end:  # `values:` with nothing after the colon
        return [Fix(f"Try `{value}`", (Edit(chosen.range, f" [{value}]"),), preferred=True)]
    return [Fix(f"Try `{value}`", (Edit(chosen.range, f"[{value}]"),), preferred=True)]


def _swap_bounds(ctx: FixContext) -> list[Fix]:
    found = pair_with_value_at(ctx.doc, ctx.diagnostic.range)
    if found is None:
        return []
    dist, _ = found
    low, high = dist.get("min_value"), dist.get("max_value")
    if not isinstance(low, Scalar) or not isinstance(high, Scalar):
        return []
    return [Fix(f"Swap them: `min_value: {high.text}`, `max_value: {low.text}`",
                (Edit(low.range, _source(ctx, high)), Edit(high.range, _source(ctx, low))), preferred=True)]


def _source(ctx: FixContext, node: Scalar) -> str:
    """The scalar as written (quotes included)."""
    return text_at(ctx.doc, node.range) or yaml_scalar(node.text)


def _grid_fixes(ctx: FixContext) -> list[Fix]:
    """Keep grid and make this a `choice` of the values its arguments name, or sample at random."""
    found = pair_with_value_at(ctx.doc, ctx.diagnostic.range)
    job = next((j for j in ctx.doc.jobs if found and _inside(j.mapping, found[0], ctx)), None)
    fixes: list[Fix] = []
    if found is not None:
        dist, _ = found
        numbers = [text_at(ctx.doc, n.range) for k in ("min_value", "max_value", "mu") if isinstance(n := dist.get(k), Scalar)]
        upper = dist.get("upper")
        top = number_of(upper) if isinstance(upper, Scalar) else None
        if top is not None and top.is_integer() and top >= 1:  # randint samples 0 to upper - 1, never upper
            numbers = ["0"] if top == 1 else ["0", str(int(top) - 1)]
        args = [p for p in dist.pairs if p.key.text != "type"]
        if numbers and args and not dist.flow:
            edits = [Edit(ctx.diagnostic.range, "choice")] + [remove_pair(ctx.doc, p) for p in args[1:]]
            first = args[0]
            edits.append(Edit(Range(first.key.range.start, first.value.range.end), f"values: [{', '.join(numbers)}]"))
            fixes.append(Fix(f"Change to `choice` of {', '.join(numbers)}", tuple(edits), preferred=True))
    sampling = _sampling(job) if job else None
    if sampling:
        fixes.append(Fix("Sample at random instead (`random`)", (Edit(sampling[1].range, "random"),)))
    return fixes


def _inside(root: Mapping, node, ctx: FixContext) -> bool:
    while node is not None and node is not root:
        node = ctx.doc.parent_of(node)
    return node is root


FIXES = {"AML204": _fill_choice, "AML205": _swap_bounds, "AML208": _grid_fixes}
