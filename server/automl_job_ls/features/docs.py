"""Documentation text for keys and values, in Markdown or plain text, from the schema."""

from __future__ import annotations

import json

from ..diagnostics.validator import range_text
from ..schema import Schema, SchemaStore
from ..schema_nav import scalar_choices


def type_label(store: SchemaStore, schema: Schema) -> str:
    types = set(store.types(schema))
    for branch in store.branches(schema):
        types |= store.types(branch)
    if store.branches(schema) and store.ext(schema).discriminator:
        types.add("distribution" if any("min_value" in store.properties(b) or "values" in store.properties(b) for b in store.branches(schema)) else "object")
    order = ["string", "integer", "number", "boolean", "object", "array", "distribution", "null"]
    return " | ".join(t for t in order if t in types) or "any"


def one_line(text: str) -> str:
    """The first sentence of a description: what fits beside a label in a completion list."""
    text = " ".join(text.split())
    for end in (". ", "; "):
        cut = text.find(end)
        if 0 < cut < 120:
            return text[:cut]
    return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "..."


def key_doc(store: SchemaStore, key: str, schema: Schema, markdown: bool) -> str:
    """Title, description, the facts (values, range, default, CLI note), link: one blank line apart."""
    code = (lambda s: f"`{s}`") if markdown else (lambda s: s)
    title = f"**{key}** ({type_label(store, schema)})" if markdown else f"{key} ({type_label(store, schema)})"
    facts = []
    choices = scalar_choices(store, schema)
    if choices and len(choices) <= 12:
        label = "Suggested values" if store.ext(schema).suggested_values else "Allowed values"
        facts.append(f"{label}: " + ", ".join(code(v) for v, _ in choices))
    rng = range_text(schema)
    if rng:
        facts.append(f"Documented range: {rng}")
    if "default" in schema:
        default = schema["default"]
        facts.append(f"Default: {code(default if isinstance(default, str) else json.dumps(default))}")
    ext = store.ext(schema)
    if ext.cli_note:
        facts.append(f"CLI: {ext.cli_note}")
    link = "" if not ext.doc_url else f"[Documentation]({ext.doc_url})" if markdown else f"Documentation: {ext.doc_url}"
    return "\n\n".join(part for part in (title, schema.get("description"), "\n".join(facts), link) if part)


def value_doc(store: SchemaStore, value: str, schema: Schema, markdown: bool) -> str | None:
    for candidate, doc in scalar_choices(store, schema):
        if candidate == value and doc:
            return f"**{value}**: {doc}" if markdown else f"{value}: {doc}"
    return None
