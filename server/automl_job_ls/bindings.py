"""`${{parent...}}` references in a pipeline: what each one points at, or why it points nowhere.

The CLI does not resolve these offline (a reference to an input that does not exist is accepted
and fails only when the job runs), so the product does: for diagnostics (AML407) and for
go-to-definition. Shapes (core syntax docs): `parent.inputs.<name>`, `parent.outputs.<name>`,
`parent.jobs.<step>.inputs.<name>`, `parent.jobs.<step>.outputs.<name>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from .components import interface, local_reference
from .document import Document, JobKind
from .nodes import Mapping, Node, Position, Range, Scalar, pairs_of, scalar_str
from .suggest import did_you_mean

_EXPRESSION = re.compile(r"\$\{\{\s*([^{}]*?)\s*\}\}")
# Step keys evaluated in the step's own context (`${{inputs.x}}` in a command line), not the parent's.
_OWN_CONTEXT_KEYS = ("command",)


@dataclass(frozen=True)
class Reference:
    range: Range  # the expression inside `${{ }}`
    expression: str
    target: Range | None = None  # the key it refers to, when written in this file
    problem: str | None = None  # why it points nowhere; None when it resolves or cannot be known
    wrong: Range | None = None  # the segment that is wrong (a name), for the diagnostic
    suggestion: str | None = None  # replacement text for `wrong`
    undeclared_output: tuple[str, str] | None = None  # (AutoML step, output) it could declare


def references(doc: Document) -> list[Reference]:
    root = doc.root
    if doc.kind is not JobKind.PIPELINE or not isinstance(root, Mapping):
        return []
    jobs = root.get("jobs")
    if not isinstance(jobs, Mapping):
        return []
    resolver = _Resolver(doc, root, jobs)
    return [ref for value in _binding_scalars(jobs) for ref in resolver.resolve(value)]


def _binding_scalars(jobs: Mapping) -> Iterator[Scalar]:
    """Text values of the steps that hold `${{`, in the parent's context."""
    for step in jobs.pairs:
        if not isinstance(step.value, Mapping):
            continue
        for mapping, pair in pairs_of(step.value):
            if mapping is step.value and pair.key.text in _OWN_CONTEXT_KEYS:
                continue
            value = pair.value
            if isinstance(value, Scalar) and value.kind == "str" and "${{" in value.text:
                yield value


def _segments(match: re.Match) -> tuple[list[str], list[int]]:
    """The dotted parts of an expression and where each starts in the scalar's text."""
    parts = match.group(1).split(".")
    start = match.start(1)
    return parts, [start + sum(len(p) + 1 for p in parts[:i]) for i in range(len(parts))]


def at(doc: Document, pos: Position) -> Reference | None:
    """The reference whose expression holds `pos`."""
    return next((r for r in references(doc) if r.range.start <= pos <= r.range.end), None)


class _Resolver:
    def __init__(self, doc: Document, root: Mapping, jobs: Mapping):
        self.doc, self.root, self.jobs = doc, root, jobs

    def resolve(self, value: Scalar) -> Iterator[Reference]:
        doc = self.doc
        for match in _EXPRESSION.finditer(value.text):
            expression = match.group(1)
            parts, offsets = _segments(match)
            if parts[0] not in ("parent", "parents"):
                continue
            whole = _span(doc, value, match.start(1), match.end(1))
            if parts[0] == "parents":
                yield Reference(whole, expression, None, "Bindings start with `parent`, not `parents`.",
                                _span(doc, value, offsets[0], offsets[0] + len("parents")), "parent")
                continue
            if len(parts) == 3 and parts[1] in ("inputs", "outputs"):
                yield self._named(value, expression, whole, self.root.get(parts[1]), parts[2], offsets[2],
                                  "This pipeline", parts[1][:-1])
            elif len(parts) == 5 and parts[1] == "jobs" and parts[3] in ("inputs", "outputs"):
                yield self._step(value, expression, whole, parts, offsets)

    def _named(self, value: Scalar, expression: str, whole: Range, container: Node | None, name: str, offset: int,
               owner: str, what: str, extra: tuple[str, ...] = (), note: str = "") -> Reference:
        pair = container.pair(name) if isinstance(container, Mapping) else None
        if pair is not None:
            return Reference(whole, expression, pair.key.range)
        if name in extra:
            return Reference(whole, expression)
        declared = [p.key.text for p in container.pairs] if isinstance(container, Mapping) else []
        names = declared + [n for n in extra if n not in declared]
        listed = ", ".join(f"`{n}`" for n in names) if names else "none"
        problem = f"{owner} has no {what} `{name}` (its {what}s: {listed}).{note}"
        return Reference(whole, expression, None, problem, _span(self.doc, value, offset, offset + len(name)), did_you_mean(name, names))

    def _step(self, value: Scalar, expression: str, whole: Range, parts: list[str], offsets: list[int]) -> Reference:
        step_name, side, name = parts[2], parts[3], parts[4]
        step = self.jobs.pair(step_name)
        if step is None or not isinstance(step.value, Mapping):
            steps = [p.key.text for p in self.jobs.pairs]
            return Reference(whole, expression, None,
                             f"This pipeline has no step `{step_name}` (its steps: {', '.join(f'`{s}`' for s in steps)}).",
                             _span(self.doc, value, offsets[2], offsets[2] + len(step_name)), did_you_mean(step_name, steps))
        mapping = step.value
        ours = (scalar_str(mapping.get("type")) or "").lower() == "automl"
        extra: tuple[str, ...] = ()
        if not ours:
            relative = local_reference(mapping.get("component"))
            if relative is None or self.doc.path is None:
                own = mapping.get(side)
                if not (isinstance(own, Mapping) and own.pair(name)):
                    return Reference(whole, expression)  # a registered or inline component: not knowable here
            else:
                declared = interface(Path(self.doc.path).parent / relative)
                if declared is None:
                    return Reference(whole, expression)
                extra = declared.inputs if side == "inputs" else declared.outputs
        note = (
            " An AutoML step shares only the outputs declared under its `outputs`, e.g. `best_model: {type: mlflow_model}`."
            if ours and side == "outputs" else ""
        )
        ref = self._named(value, expression, whole, mapping.get(side), name, offsets[4], f"Step `{step_name}`",
                          side[:-1], extra, note)
        if ours and side == "outputs" and ref.problem and not ref.suggestion:
            return replace(ref, undeclared_output=(step_name, name))
        return ref


def _span(doc: Document, value: Scalar, start: int, end: int) -> Range:
    """The document range of characters [start, end) of a scalar's text, or the scalar's whole
    range where offsets do not map to columns (see _exact_span)."""
    return _exact_span(doc, value, start, end) or value.range


def _exact_span(doc: Document, value: Scalar, start: int, end: int) -> Range | None:
    """As _span, for a one-line scalar written as its text is; None for a multi-line scalar or
    escapes in a quoted one, where text offsets are not columns."""
    r = value.range
    if r.start.line != r.end.line:
        return None
    column = r.start.character + (1 if value.quoted else 0)
    line = doc.lines[r.start.line] if r.start.line < len(doc.lines) else ""
    if line[column : column + len(value.text)] != value.text:
        return None
    return Range(Position(r.start.line, column + start), Position(r.start.line, column + end))


# -- name occurrences, for references and rename ----------------------------------------------------------------------
# What a name is: ("inputs", x), ("outputs", x), ("jobs", step), ("jobs", step, "inputs"|"outputs", x).
Name = tuple[str, ...]


@dataclass(frozen=True)
class Occurrence:
    name: Name
    range: Range
    declaration: bool


def occurrences(doc: Document) -> list[Occurrence]:
    """Every declaration of a pipeline input, output, step or step input/output, and every
    binding segment that names one."""
    root = doc.root
    if doc.kind is not JobKind.PIPELINE or not isinstance(root, Mapping):
        return []
    out = [Occurrence((side, p.key.text), p.key.range, True) for side in ("inputs", "outputs") for p in declared_pairs(root.get(side))]
    jobs = root.get("jobs")
    if not isinstance(jobs, Mapping):
        return out
    for step in jobs.pairs:
        out.append(Occurrence(("jobs", step.key.text), step.key.range, True))
        if isinstance(step.value, Mapping):
            for side in ("inputs", "outputs"):
                out += [Occurrence(("jobs", step.key.text, side, p.key.text), p.key.range, True) for p in declared_pairs(step.value.get(side))]
    for value in _binding_scalars(jobs):
        for match in _EXPRESSION.finditer(value.text):
            parts, offsets = _segments(match)
            if parts[0] != "parent" or len(parts) < 3:
                continue

            names: list[tuple[Name, int]] = []
            if parts[1] in ("inputs", "outputs"):
                names.append(((parts[1], parts[2]), 2))
            elif parts[1] == "jobs":
                names.append((("jobs", parts[2]), 2))
                if len(parts) >= 5 and parts[3] in ("inputs", "outputs"):
                    names.append((("jobs", parts[2], parts[3], parts[4]), 4))
            for name, index in names:
                where = _exact_span(doc, value, offsets[index], offsets[index] + len(parts[index]))
                if where is not None:  # only where an edit can replace exactly the name
                    out.append(Occurrence(name, where, False))
    return out


def related(every: list[Occurrence], pos: Position) -> tuple[Occurrence | None, list[Occurrence]]:
    """Of `every` occurrence: the name under the cursor, and each place that declares or uses it."""
    here = next((o for o in every if o.range.start <= pos <= o.range.end and o.range.start != o.range.end), None)
    return here, [o for o in every if here is not None and o.name == here.name]


def declared_pairs(node: Node | None) -> list:
    """The pairs of a mapping of declarations (`inputs:`, `outputs:`, `jobs:`), or none."""
    return node.pairs if isinstance(node, Mapping) else []
