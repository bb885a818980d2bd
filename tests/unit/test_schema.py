"""The schema files: valid JSON Schema, complete, and consistent with each other."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from jsonschema import Draft202012Validator

from automl_job_ls.diagnostics.codes import CODES
from automl_job_ls.schema import JOB_FILE, PIPELINE_FILE, store

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"


@pytest.mark.parametrize("name", [JOB_FILE, PIPELINE_FILE])
def test_schema_files_are_valid_draft_2020_12(name: str):
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _walk(schema, path=""):
    if isinstance(schema, dict):
        yield path, schema
        for key, value in schema.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _walk(value, f"{path}/{index}")


def test_every_property_is_documented():
    s = store()
    undocumented = []
    for name in (JOB_FILE, PIPELINE_FILE):
        for path, node in _walk(s.files[name]):
            props = node.get("properties") if node.get("type") == "object" or "additionalProperties" in node else None
            for key, sub in (props or {}).items():
                resolved = s.resolve(sub)
                if not resolved.get("description"):
                    undocumented.append(f"{name}{path}/properties/{key}")
    assert undocumented == []


def test_training_parameters_cover_the_cli_and_the_docs():
    params = store().properties(store().training_parameters())
    for key in ("learning_rate", "box_detections_per_image", "model_name", "tile_grid_size", "validation_metric_type",
                "log_training_metrics", "ams_gradient", "layers_to_freeze", "nms_iou_threshold", "min_size", "max_size"):
        assert key in params
    rejected = store().rejected_keys(store().training_parameters())
    assert rejected["box_detections_per_img"].use == "box_detections_per_image"
    for key in ("mask_pixel_score_threshold", "max_number_of_polygon_points", "export_as_image", "image_type"):
        assert rejected[key].kind == "inference-setting"
        assert key not in params


def test_search_space_hyperparameters_follow_training_parameters():
    s = store()
    params = set(s.properties(s.training_parameters()))
    entry = s.resolve(s.pointer(JOB_FILE, "#/$defs/searchSpaceEntry"))
    excluded = {"advanced_settings", "checkpoint_frequency", "checkpoint_run_id", "log_training_metrics", "log_validation_loss"}
    assert set(entry["properties"]) == (params - excluded) | {"augmentations"}
    # Hover docs of a search-space key come from its training parameter.
    assert s.prop(entry, "learning_rate")["description"] == s.prop(s.training_parameters(), "learning_rate")["description"]


def test_enums_carry_per_value_docs():
    s = store()
    model = s.prop(s.training_parameters(), "model_name")
    assert set(s.ext(model).value_docs) >= {f"maskrcnn_resnet{n}_fpn" for n in (18, 34, 50, 101, 152)}
    for path, node in _walk(s.files[JOB_FILE]):
        if "enum" in node and len(node["enum"]) > 1:
            assert set(s.ext(node).value_docs) >= set(map(str, node["enum"])), path


def test_docs_list_every_code_and_nothing_else():
    text = (REPO / "docs" / "codes.md").read_text()
    documented = re.findall(r"^## (AML\d{3})$", text, flags=re.M)
    assert documented == sorted(CODES)


def test_every_code_links_to_its_heading_in_the_shipped_docs():
    for name, code in CODES.items():
        uri, _, fragment = code.url.partition("#")
        path = Path(url2pathname(urlparse(uri).path))
        # the copy inside the package (server/automl_job_ls/docs links to docs/ in a checkout)
        assert path == (REPO / "docs" / "codes.md").resolve()
        assert fragment.startswith("L")
        assert path.read_text().splitlines()[int(fragment[1:]) - 1] == f"## {name}"
        assert "github.com" not in code.url


def test_help_text_is_the_codes_entry_without_its_heading():
    help = CODES["AML002"].help
    assert help == (
        "**Duplicate key** (warning). The same key appears twice in one mapping. The CLI keeps the last\n"
        "value and silently drops the first, which is marked. Delete one of them."
    )
    assert all(CODES[name].help.startswith("**") for name in CODES)
