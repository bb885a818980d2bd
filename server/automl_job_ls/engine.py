"""The diagnostics engine: syntax first, then the schema walk, then the named rules."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics.model import Diagnostic
from .diagnostics.rules import DOCUMENT_RULES, RULES
from .diagnostics.syntax import syntax_diagnostic, unsafe_tag_diagnostics
from .diagnostics.validator import Ctx, Validator
from .document import Document, JobKind, parse
from .nodes import Mapping
from .schema import SchemaStore, store


@dataclass
class Analysis:
    document: Document
    diagnostics: list[Diagnostic]

    @property
    def kind(self) -> JobKind:
        return self.document.kind


def diagnose(doc: Document, schemas: SchemaStore | None = None) -> list[Diagnostic]:
    if not doc.is_ours:
        return []
    schemas = schemas or store()
    out = [syntax_diagnostic(doc, problem) for problem in doc.syntax_errors]
    out += unsafe_tag_diagnostics(doc)
    validator = Validator(schemas, partial=bool(doc.syntax_errors))
    for job in doc.jobs:
        schema = schemas.node if job.in_pipeline else schemas.job
        validator.validate(job.mapping, schema, Ctx(path=tuple(job.path), anchor=job.anchor, bindings=job.in_pipeline))
    if doc.kind is JobKind.PIPELINE and isinstance(doc.root, Mapping):
        # The pipeline's own keys; its steps are checked above (ours) or as generic steps (others).
        jobs = doc.root.get("jobs")
        steps = [pair for pair in jobs.pairs if isinstance(pair.value, Mapping)] if isinstance(jobs, Mapping) else []
        ours = {id(job.mapping) for job in doc.jobs}
        for pair in steps:
            if id(pair.value) not in ours:
                validator.validate(pair.value, schemas.step, Ctx(path=("jobs", pair.key.text), anchor=pair.key.range, bindings=True))
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


def analyze(text: str, path: str | None = None, force_job: bool = False) -> Analysis:
    doc = parse(text, force_job=force_job, path=path)
    return Analysis(doc, diagnose(doc))
