"""Loads the JSON Schema files in schemas/ and answers lookups on them.

The schema files are the single source of keys, types, enums, ranges, defaults and docs;
each node's editor-only facts sit in its `x-automl` block (schema_extension.py).
This module resolves `$ref` (also across the two files), merges `described_by` docs, reads
`x-automl` blocks into typed objects, and caches every resolved sub-schema, so lookups on a hot
path cost a dict access. It also writes the exported schema (`automl-job-ls schema`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from . import schema_extension
from .schema_extension import KEY as EXT, Extension, RejectedKey

Schema = dict[str, Any]

JOB_FILE = "automl-image-instance-segmentation-job.schema.json"
PIPELINE_FILE = "automl-image-instance-segmentation-pipeline.schema.json"
NODE_POINTER = "#/$defs/automlImageInstanceSegmentationNode"
JOB_POINTER = "#/$defs/job"
STEP_POINTER = "#/$defs/pipelineStep"  # any other step of a pipeline

# Keys copied from a `described_by` target: documentation only, never validation.
_DOC_KEYS = ("description", "default", "title")


def read_schema_text(name: str) -> str:
    return resources.files("automl_job_ls").joinpath("schemas", name).read_text(encoding="utf-8")


class SchemaStore:
    def __init__(self) -> None:
        self._load((JOB_FILE, PIPELINE_FILE))
        self.job = self.resolve(self.pointer(JOB_FILE, JOB_POINTER))
        self.node = self.resolve(self.pointer(PIPELINE_FILE, NODE_POINTER))
        self.pipeline = self.resolve(self.files[PIPELINE_FILE])
        self.step = self.resolve(self.pointer(PIPELINE_FILE, STEP_POINTER))

    def _load(self, names: tuple[str, ...]) -> None:
        """Reads the schema files `names` (which may `$ref` each other) with empty caches."""
        self.files: dict[str, Schema] = {name: json.loads(read_schema_text(name)) for name in names}
        self._resolved: dict[int, Schema] = {}
        self._memo: dict[tuple[str, int], Any] = {}
        self._ext: dict[int, Extension] = {}
        self._keep: list[Schema] = []  # keeps merged dicts alive so their ids stay unique
        self._file_of: dict[int, str] = {}  # which file a sub-schema lives in, for "#/..." refs
        for name, doc in self.files.items():
            self._index(doc, name)

    # -- references -------------------------------------------------------------------
    def pointer(self, file: str, pointer: str) -> Schema:
        target: Any = self.files[file]
        for part in pointer.lstrip("#").strip("/").split("/"):
            if part:
                target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def _follow(self, ref: str, base: str) -> tuple[Schema, str]:
        file, _, pointer = ref.partition("#")
        file = file.rsplit("/", 1)[-1] or base
        return self.pointer(file, "#" + pointer), file

    def _index(self, node: Any, file: str) -> None:
        if isinstance(node, dict):
            self._file_of[id(node)] = file
            for value in node.values():
                self._index(value, file)
        elif isinstance(node, list):
            for value in node:
                self._index(value, file)

    def resolve(self, schema: Schema, base: str | None = None) -> Schema:
        """The schema with `$ref` / single-entry `allOf` folded in (siblings win, `properties` merge)."""
        cached = self._resolved.get(id(schema))
        if cached is not None:
            return cached
        base = self._file_of.get(id(schema), base or JOB_FILE)
        out = schema
        ref = schema.get("$ref")
        all_of = schema.get("allOf")
        if ref is None and isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
            ref = all_of[0]["$ref"]
        if ref is not None:
            target, file = self._follow(ref, base)
            merged = dict(self.resolve(target, file))
            for key, value in schema.items():
                if key in ("$ref", "allOf"):
                    continue
                if key == "properties" and "properties" in merged:
                    merged["properties"] = {**merged["properties"], **value}
                elif key == EXT and EXT in merged:  # field by field: a sibling adds to or overrides the target's facts
                    merged[EXT] = {**merged[EXT], **value}
                else:
                    merged[key] = value
            out = merged
        own = out.get(EXT) or {}
        described_by = schema_extension.read(own).described_by
        if described_by:
            target = self.resolve(*self._follow(described_by, base))
            extra = {k: v for k, v in target.items() if k in _DOC_KEYS and k not in out}
            facts = {k: v for k, v in (target.get(EXT) or {}).items() if k not in own}
            if facts:
                extra[EXT] = {**own, **facts}
            if extra:
                out = {**out, **extra}
        if out is not schema:
            self._keep.append(out)
        self._resolved[id(schema)] = out
        return out

    # -- lookups ------------------------------------------------------------------------
    def properties(self, schema: Schema) -> dict[str, Schema]:
        return self.resolve(schema).get("properties", {})

    def prop(self, schema: Schema, key: str) -> Schema | None:
        sub = self.properties(schema).get(key)
        return self.resolve(sub) if sub is not None else None

    # The three lookups below run for every node of a document: memoised per schema.
    def branches(self, schema: Schema) -> list[Schema]:
        key = ("branches", id(schema))
        if key not in self._memo:
            resolved = self.resolve(schema)
            self._memo[key] = [self.resolve(b) for b in resolved.get("oneOf") or resolved.get("anyOf") or []]
        return self._memo[key]

    def types(self, schema: Schema) -> frozenset[str]:
        key = ("types", id(schema))
        if key not in self._memo:
            t = self.resolve(schema).get("type")
            self._memo[key] = frozenset() if t is None else frozenset([t] if isinstance(t, str) else t)
        return self._memo[key]

    def allowed_values(self, schema: Schema) -> list[Any]:
        key = ("allowed", id(schema))
        if key not in self._memo:
            resolved = self.resolve(schema)
            self._memo[key] = [resolved["const"]] if "const" in resolved else list(resolved.get("enum", []))
        return self._memo[key]

    def ext(self, schema: Schema) -> Extension:
        """The node's `x-automl` facts (after `$ref` and `described_by`), read once. Runs for every
        node of a document: one dict lookup by the id of the schema as given, raw or resolved."""
        found = self._ext.get(id(schema))
        if found is None:
            resolved = self.resolve(schema)  # keeps `schema` alive, so its id stays its own
            found = self._ext.get(id(resolved)) or schema_extension.read(resolved.get(EXT))
            self._ext[id(schema)] = self._ext[id(resolved)] = found
        return found

    def rejected_keys(self, schema: Schema) -> dict[str, RejectedKey]:
        return self.ext(schema).rejected_keys

    def training_parameters(self) -> Schema:
        return self.resolve(self.pointer(JOB_FILE, "#/$defs/trainingParameters"))

    def all_distribution_names(self) -> set[str]:
        names: set[str] = set()
        for name, sub in self.files[JOB_FILE]["$defs"].items():
            if name.startswith("dist_"):
                names.update(str(v) for v in self.allowed_values(self.properties(sub).get("type", {})))
        return names

    def bounded_distributions(self) -> set[str]:
        """Distributions drawn between `min_value` and `max_value`."""
        names: set[str] = set()
        for name, sub in self.files[JOB_FILE]["$defs"].items():
            props = self.properties(sub)
            if name.startswith("dist_") and "min_value" in props and "max_value" in props:
                names.update(str(v) for v in self.allowed_values(props.get("type", {})))
        return names


@lru_cache(maxsize=1)
def store() -> SchemaStore:
    return SchemaStore()


# -- the exported schema -----------------------------------------------------------------------------
def export_text(name: str) -> str:
    """The schema file for other YAML tools (`automl-job-ls schema`): as shipped, plus the standard
    keywords yaml-language-server reads where `x-automl` has the same fact: `markdownEnumDescriptions`
    from `value_docs`, `doNotSuggest` from `dump_only` and the keys the checker flags on sight, `defaultSnippets` from `skeleton`."""
    doc = json.loads(read_schema_text(name))
    _add_standard_keywords(doc)
    return json.dumps(doc, indent=2) + "\n"


def _add_standard_keywords(node: Any) -> None:
    if isinstance(node, list):
        for value in node:
            _add_standard_keywords(value)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _add_standard_keywords(value)
    ext = schema_extension.read(node.get(EXT))
    if ext.value_docs and isinstance(node.get("enum"), list):
        node["markdownEnumDescriptions"] = [ext.value_docs.get(str(v), "") for v in node["enum"]]
    if ext.dump_only or ext.silently_dropped or ext.fails_at_submission or ext.unsupported_for_instance_segmentation:
        node["doNotSuggest"] = True  # what completion does not offer either
    if ext.skeleton is not None:
        stops = [0]
        node["defaultSnippets"] = [
            {"label": ext.skeleton.label, "description": ext.skeleton.detail, "body": _snippet_body(ext.skeleton.body, stops)}
        ]


def _snippet_body(value: Any, stops: list[int]) -> Any:
    """`<<default>>` and `<<a|b>>` fields as the tab stops of a `defaultSnippets` body, numbered in order."""
    from .features.snippets import escape, from_template  # the template syntax's one reader; only `schema` needs it here

    if isinstance(value, dict):  # keys are snippet text too (`$schema` would be a variable)
        return {escape(k): _snippet_body(v, stops) for k, v in value.items()}
    if isinstance(value, list):
        return [_snippet_body(v, stops) for v in value]
    if not isinstance(value, str):
        return value
    snippet = from_template(value, after_stop=stops[0], final=False)
    stops[0] = snippet.stops
    return snippet.render(True)
