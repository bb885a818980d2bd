"""Pipeline steps: AML401 no compute anywhere, AML402 `compute: local`, AML404 missing
component file, AML405 a required component input left unbound, AML406 a command step with
nothing to run. These apply to every step, since the CLI rejects the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ...components import interface, local_reference
from ...document import Document, JobKind
from ...nodes import Mapping, is_null, pairs_of, scalar_str
from ...schema import SchemaStore
from ...suggest import did_you_mean
from ..model import Diagnostic, FixData, make
from ..fixes import FixContext, rename_key, with_snippet
from ..model import Edit, Fix
from ...edits import end_line, eol, insertion, pair_with_key_at, pair_with_value_at, unit_of


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
                f"Set `settings.default_compute` (or this step's `compute`): step `{pair.key.text}` has no compute, "
                "and the CLI rejects it with \"Compute not set\".",
                pair.key.range,
            )
        yield from _command_needs(pair.key.text, step, pair.key.range)
        yield from _component_file(doc, pair.key.text, step)


def _command_needs(name: str, step: Mapping, anchor) -> Iterator[Diagnostic]:
    if (scalar_str(step.get("type")) or "").lower() != "command" or not is_null(step.get("component")):
        return
    missing = [key for key in ("command", "environment") if is_null(step.get(key))]
    if missing:
        what = " and ".join(f"`{k}`" for k in missing)
        yield make(
            "AML406",
            f"Command step `{name}` needs a `component` (e.g. `component: file:./component.yml`), or an inline "
            f"`command` with its `environment`; {what} {'is' if len(missing) == 1 else 'are'} missing.",
            anchor,
        )


def _component_file(doc: Document, name: str, step: Mapping) -> Iterator[Diagnostic]:
    component = step.get("component")
    relative = local_reference(component)
    if relative is None or doc.path is None:
        return
    target = Path(doc.path).parent / relative
    if not target.is_file():
        yield make(
            "AML404",
            f"Point at an existing file: component file `{relative}` does not exist (looked in {target.parent}); "
            "the CLI loads it before submitting.",
            component.range,  # type: ignore[union-attr]
        )
        return
    declared = interface(target)
    inputs = step.get("inputs")
    bound = {p.key.text for p in inputs.pairs if not is_null(p.value)} if isinstance(inputs, Mapping) else set()
    missing = [key for key in (declared.required_inputs if declared else ()) if key not in bound]
    if not missing:
        return
    names = " and ".join(f"`{key}`" for key in missing)
    message = (
        f"Component `{relative}` needs {'input' if len(missing) == 1 else 'inputs'} {names}, and step `{name}` "
        f"does not bind {'it' if len(missing) == 1 else 'them'} under `inputs`: the CLI rejects the pipeline "
        f"(\"Required input '{missing[0]}' ... not provided\")."
    )
    if not isinstance(inputs, Mapping):
        # `inputss:` and the like: the bindings are there, under a key the CLI does not read.
        typo = next((p for p in step.pairs if did_you_mean(p.key.text, ["inputs"]) == "inputs"), None)
        if typo:
            message += f" Did you mean `inputs` instead of `{typo.key.text}`?"
            yield make("AML405", message, typo.key.range, FixData(replace_key="inputs"))
            return
    anchor = step.pair("inputs").key.range if isinstance(inputs, Mapping) else component.range  # type: ignore[union-attr]
    yield make("AML405", message, anchor)


def _add_default_compute(ctx: FixContext) -> list[Fix]:
    """`settings.default_compute` for the whole pipeline (a compute the file already names, or a
    placeholder), or `compute` on the step alone."""
    doc = ctx.doc
    root = doc.root
    found = pair_with_key_at(doc, ctx.diagnostic.range)
    jobs_key = root.pair("jobs") if isinstance(root, Mapping) else None
    if jobs_key is None or found is None or not isinstance(found[1].value, Mapping):
        return []
    nl, unit = eol(doc), unit_of(doc)
    named = [scalar_str(p.value) or "" for _, p in pairs_of(root) if p.key.text in ("compute", "default_compute")]
    name = next((n[len("azureml:"):] for n in named if n.startswith("azureml:") and len(n) > len("azureml:")), "gpu-cluster")
    value = f"azureml:{name}"
    snippet = "azureml:${1:" + name + "}"
    fixes = []
    settings = root.get("settings")
    if isinstance(settings, Mapping) and settings.pairs and not settings.flow:
        indent = " " * settings.pairs[0].key.range.start.character
        number = max(end_line(doc, p.value) for p in settings.pairs) + 1
        edit = insertion(doc, number, f"{indent}default_compute: {value}{nl}", f"{indent}default_compute: {snippet}{nl}")
    elif settings is None:  # a new `settings:` block, before `jobs:`
        edit = insertion(doc, jobs_key.key.range.start.line, f"settings:{nl}{unit}default_compute: {value}{nl}", f"settings:{nl}{unit}default_compute: {snippet}{nl}")
    else:
        edit = None
    if edit is not None:
        fixes.append(Fix(f"Set `settings.default_compute: {value}` for every step", (with_snippet(edit, ctx),), preferred=True))
    step = found[1].value
    if step.pairs and not step.flow:
        indent = " " * step.pairs[0].key.range.start.character
        number = max(end_line(doc, p.value) for p in step.pairs) + 1
        edit = insertion(doc, number, f"{indent}compute: {value}{nl}", f"{indent}compute: {snippet}{nl}")
        # Preferred when it is the only way (a `settings: {...}` the fix cannot write into).
        fixes.append(Fix(f"Set `compute: {value}` on step `{found[1].key.text}`", (with_snippet(edit, ctx),), preferred=not fixes))
    return fixes


def _nearest_component(ctx: FixContext) -> list[Fix]:
    """A YAML file next to the one named, with the closest name."""
    doc = ctx.doc
    if doc.path is None:
        return []
    found = pair_with_value_at(doc, ctx.diagnostic.range)
    relative = local_reference(found[1].value) if found else None
    if relative is None:
        return []
    base = Path(doc.path).parent
    folder = (base / relative).parent
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    except OSError:
        return []
    best = did_you_mean(Path(relative).name, names)
    if best is None:
        return []
    text = found[1].value.text  # type: ignore[union-attr]
    new = text[: len(text) - len(Path(relative).name)] + best
    return [Fix(f"Change to `{new}`", (Edit(ctx.diagnostic.range, new),), preferred=True)]


FIXES = {"AML401": _add_default_compute, "AML404": _nearest_component, "AML405": rename_key}
