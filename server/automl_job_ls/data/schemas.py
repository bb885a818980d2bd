"""The data schemas in schemas/: the MLTable file, and one line of the annotations JSONL.

The MLTable schema gives the MLTable rules their known keys and values and gives editors their
completion and hover; the annotation schema is run with jsonschema on lines that differ from
the documented format.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from ..schema import Schema, SchemaStore, read_schema_text

MLTABLE_FILE = "mltable.schema.json"
ANNOTATIONS_FILE = "automl-image-instance-segmentation-annotations.schema.json"


class MLTableSchemaStore(SchemaStore):
    """The job schema store's lookups (`$ref`, unions, docs) over the MLTable schema file."""

    def __init__(self) -> None:  # noqa: D107 - the parent loads the job files instead
        self.files = {MLTABLE_FILE: json.loads(read_schema_text(MLTABLE_FILE))}
        self._resolved: dict[int, Schema] = {}
        self._memo: dict[tuple[str, int], Any] = {}
        self._keep: list[Schema] = []
        self._file_of: dict[int, str] = {}
        self._index(self.files[MLTABLE_FILE], MLTABLE_FILE)
        self.root = self.resolve(self.pointer(MLTABLE_FILE, "#/$defs/mltable"))
        self.job = self.root  # the schema-navigation helpers start standalone paths at `.job`

    def definition(self, name: str) -> Schema:
        return self.resolve(self.pointer(MLTABLE_FILE, f"#/$defs/{name}"))


@lru_cache(maxsize=1)
def mltable_store() -> MLTableSchemaStore:
    return MLTableSchemaStore()


@lru_cache(maxsize=8)
def annotation_validator(label_key: str) -> Draft202012Validator:
    """The line schema, its label column named as the job's `target_column_name` says."""
    schema = json.loads(read_schema_text(ANNOTATIONS_FILE))
    line = schema["$defs"]["line"]
    if label_key != "label":
        line = copy.deepcopy(line)
        line["properties"][label_key] = line["properties"].pop("label")
        line["required"] = ["image_url", label_key]
        schema["$defs"]["line"] = line
    return Draft202012Validator(schema)
