"""The diagnostics engine: syntax first, then the schema walk, then the named rules."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Diagnostic, make
from .rules import DOCUMENT_RULES, RULES
from .syntax import syntax_diagnostics, unsafe_tag_diagnostics
from .validator import Ctx, Validator
from ..document import Document, JobKind, parse
from ..nodes import Mapping, Position, Range, Sequence
from ..schema import SchemaStore, store


@dataclass
class Analysis:
    document: Document
    diagnostics: list[Diagnostic]

    @property
    def kind(self) -> JobKind:
        return self.document.kind


def diagnose(doc: Document, schemas: SchemaStore | None = None, named: bool = False) -> list[Diagnostic]:
    """`named`: the user asked for this very file (`check FILE`), so a file the CLI cannot load
    as a job at all is an error even without a job's evidence."""
    if not doc.is_ours:
        return not_a_mapping(doc) if named and not doc.syntax_errors else []
    schemas = schemas or store()
    out = syntax_diagnostics(doc) + not_a_mapping(doc)
    out += unsafe_tag_diagnostics(doc)
    validator = Validator(schemas, partial=bool(doc.syntax_errors))
    for job in doc.jobs:
        schema = schemas.node if job.in_pipeline else schemas.job
        validator.validate(job.mapping, schema, Ctx(path=tuple(job.path), anchor=job.anchor, bindings=schemas.ext(schema).accepts_bindings))
    if doc.kind is JobKind.PIPELINE and isinstance(doc.root, Mapping):
        # The pipeline's own keys; its steps are checked above (ours) or as generic steps (others).
        jobs = doc.root.get("jobs")
        steps = [pair for pair in jobs.pairs if isinstance(pair.value, Mapping)] if isinstance(jobs, Mapping) else []
        ours = {id(job.mapping) for job in doc.jobs}
        for pair in steps:
            if id(pair.value) not in ours:
                step = Ctx(path=("jobs", pair.key.text), anchor=pair.key.range, bindings=schemas.ext(schemas.step).accepts_bindings)
                validator.validate(pair.value, schemas.step, step)
        validator.skip([pair.value for pair in steps])
        validator.validate(doc.root, schemas.pipeline, Ctx(path=(), anchor=doc.root.pairs[0].key.range))
    out += validator.out
    for job in doc.jobs:
        for rule in RULES:
            out.extend(rule(job, doc, schemas))
    for document_rule in DOCUMENT_RULES:
        out.extend(document_rule(doc, schemas))
    out.sort(key=lambda d: (d.range.start, d.range.end, d.code))
    return out


def not_a_mapping(doc: Document) -> list[Diagnostic]:
    """AML006: what `az ml job create` refuses before it looks at any key."""
    root = doc.root
    if isinstance(root, Mapping) or (root is None and doc.syntax_errors):
        return []
    if root is None:
        return [make("AML006", "Write the job's `key: value` lines: the file is empty, and the CLI rejects it (\"Target yaml file is empty\").", Range.of(0, 0, 0, 0))]
    shape = "a list" if isinstance(root, Sequence) else "a single value"
    first = root.range.start
    line = doc.lines[first.line]
    return [
        make(
            "AML006",
            f"Write the job as `key: value` lines: its top level is {shape}, and the CLI loads only a mapping (\"Expect dict\").",
            Range(first, Position(first.line, len(line.rstrip()))),
        )
    ]


def analyze(text: str, path: str | None = None, force_job: bool = False, named: bool = False) -> Analysis:
    doc = parse(text, force_job=force_job, path=path)
    return Analysis(doc, diagnose(doc, named=named))
