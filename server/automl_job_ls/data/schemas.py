"""The data schemas in schemas/: the MLTable file, and one line of the annotations JSONL.

The MLTable schema gives the MLTable rules their known keys and values and gives editors their
completion and hover; the annotation schema is run with jsonschema on lines that differ from
the documented format.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import schema_extension
from ..schema import Schema, SchemaStore, read_schema_text
from ..schema_extension import SchemaDifference

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

MLTABLE_FILE = "mltable.schema.json"
ANNOTATIONS_FILE = "automl-image-instance-segmentation-annotations.schema.json"


class MLTableSchemaStore(SchemaStore):
    """The job schema store's lookups (`$ref`, unions, docs) over the MLTable schema file."""

    def __init__(self) -> None:  # noqa: D107 - the parent loads the job files instead
        self._load((MLTABLE_FILE,))
        self.root = self.resolve(self.pointer(MLTABLE_FILE, "#/$defs/mltable"))
        self.job = self.root  # the schema-navigation helpers start standalone paths at `.job`

    def definition(self, name: str) -> Schema:
        return self.resolve(self.pointer(MLTABLE_FILE, f"#/$defs/{name}"))


@lru_cache(maxsize=1)
def mltable_store() -> MLTableSchemaStore:
    return MLTableSchemaStore()


@lru_cache(maxsize=1)
def _annotations() -> Schema:
    return json.loads(read_schema_text(ANNOTATIONS_FILE))


@lru_cache(maxsize=1)
def _differences() -> tuple[SchemaDifference, dict[str, SchemaDifference]]:
    """How the line reports a difference from its schema, and the keys of a line that say otherwise."""
    line = _annotations()["$defs"]["line"]
    default = schema_extension.read(line.get(schema_extension.KEY)).schema_difference
    assert default is not None, "the annotation schema says how a line's differences are reported"
    own = {key: schema_extension.read(sub.get(schema_extension.KEY)).schema_difference for key, sub in line["properties"].items()}
    return default, {key: found for key, found in own.items() if found is not None}


def schema_difference(path: tuple) -> SchemaDifference:
    """How a difference from the annotation schema at `path` (in one line) is reported."""
    default, by_key = _differences()
    return by_key.get(path[0], default) if path and isinstance(path[0], str) else default


@lru_cache(maxsize=8)
def annotation_validator(label_key: str) -> Draft202012Validator:
    """The line schema, its label column named as the job's `target_column_name` says."""
    schema = copy.deepcopy(_annotations())  # its label column is renamed in this copy only
    if label_key != "label":
        line = schema["$defs"]["line"]
        line["properties"][label_key] = line["properties"].pop("label")
        line["required"] = ["image_url", label_key]
    from jsonschema import Draft202012Validator  # here: the server's start-up does not need it (about 45 ms)

    return Draft202012Validator(schema)
