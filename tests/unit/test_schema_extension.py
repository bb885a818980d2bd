"""The `x-automl` extension: every field known, documented where docs/schema-extension.md says,
read where it says, with values that make sense; the facts moved into the schema reach the user;
and the exported schema carries the standard keywords yaml-language-server reads."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from automl_job_ls import schema_extension
from automl_job_ls.data.schemas import ANNOTATIONS_FILE, MLTABLE_FILE, mltable_store
from automl_job_ls.diagnostics.codes import CODES
from automl_job_ls.diagnostics.validator import _REJECTED_KIND_CODES
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.schema import JOB_FILE, PIPELINE_FILE, export_text, store
from automl_job_ls.schema_extension import FIELDS, KEY, Extension, ExtensionError

from ..conftest import PIPELINE, REPO, STANDALONE

SCHEMAS = REPO / "schemas"
PACKAGE = REPO / "server" / "automl_job_ls"
PAGE = (REPO / "docs" / "schema-extension.md").read_text(encoding="utf-8")
FILES = (JOB_FILE, PIPELINE_FILE, MLTABLE_FILE, ANNOTATIONS_FILE)
ALIASES = {"discriminator": {"discriminator", "tag_key"}}  # read through Extension.tag_key


def _nodes(value: Any, path: str = ""):
    """Every schema node (a JSON object outside `x-automl` blocks) with its JSON pointer."""
    if isinstance(value, dict):
        yield path, value
        for key, sub in value.items():
            if key != KEY:
                yield from _nodes(sub, f"{path}/{key}")
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _nodes(sub, f"{path}/{index}")


def _file(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _blocks():
    for name in FILES:
        for path, node in _nodes(_file(name)):
            if KEY in node:
                yield name, path, node


# -- every field known -----------------------------------------------------------------------------
def test_no_schema_file_has_another_extension_key():
    stray = [f"{name}{path}/{key}" for name in FILES for path, node in _nodes(_file(name)) for key in node
             if key.startswith("x-") and key != KEY]
    assert stray == []


def test_every_block_of_the_four_files_reads_into_the_dataclass():
    problems = []
    for name, path, node in _blocks():
        try:
            schema_extension.read(node[KEY])
        except ExtensionError as error:
            problems.append(f"{name}{path}: {error}")
    assert problems == []
    assert {name for name, _, _ in _blocks()} == set(FILES)


def test_an_unknown_field_is_an_error_that_names_it():
    with pytest.raises(ExtensionError, match="unknown x-automl field\\(s\\): doc_link"):
        schema_extension.read({"doc_url": "https://learn.microsoft.com/", "doc_link": "https://learn.microsoft.com/"})
    with pytest.raises(ExtensionError, match="unknown field\\(s\\) of RejectedKey: instead"):
        schema_extension.read({"rejected_keys": {"image_model": {"kind": "legacy", "message": "m", "instead": "x"}}})
    with pytest.raises(ExtensionError, match="enum_case must be one of any, camel-to-snake, not 'lower'"):
        schema_extension.read({"enum_case": "lower"})


def test_every_declared_field_is_used_by_a_schema_file():
    used = {field for _, _, node in _blocks() for field in node[KEY]}
    assert used == set(FIELDS)


# -- documented, and read where the page says ------------------------------------------------------
def _sections() -> dict[str, str]:
    parts = re.split(r"^### `(\w+)`\n", PAGE, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _attributes(path: Path) -> set[str]:
    return {node.attr for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Attribute)}


def _readers() -> dict[str, set[str]]:
    """field -> the modules (relative to the package) that read it as an attribute."""
    modules = {str(p.relative_to(PACKAGE).as_posix()): _attributes(p) for p in PACKAGE.rglob("*.py") if p.name != "schema_extension.py"}
    return {field: {m for m, attrs in modules.items() if attrs & ALIASES.get(field, {field})} for field in FIELDS}


def test_the_page_documents_every_field_and_nothing_else():
    assert sorted(_sections()) == sorted(FIELDS)


def test_every_field_is_read_exactly_by_the_modules_the_page_names():
    readers = _readers()
    for field, text in _sections().items():
        line = next(line for line in text.splitlines() if line.startswith("Read by:"))
        named = set(re.findall(r"`([\w/]+\.py)`", line))
        assert readers[field], f"nothing reads `{field}`"
        assert named == readers[field], field


def test_the_fields_of_nested_values_are_documented_and_read():
    attributes = set().union(*(_attributes(p) for p in PACKAGE.rglob("*.py") if p.name != "schema_extension.py"))
    sections = _sections()
    for field in fields(Extension):
        for nested in _dataclasses_in(field.type):
            for sub in fields(nested):
                assert f"`{sub.name}`" in sections[field.name], (field.name, sub.name)
                assert sub.name in attributes, (field.name, sub.name)


def _dataclasses_in(annotation: str) -> list[type]:
    return [cls for name, cls in vars(schema_extension).items()
            if is_dataclass(cls) and cls is not Extension and re.search(rf"\b{name}\b", str(annotation))]


# -- values that make sense ------------------------------------------------------------------------
def _resolved_nodes():
    """(file, pointer, resolved node, its raw `x-automl` block) for the files the stores load."""
    for schemas, names in ((store(), (JOB_FILE, PIPELINE_FILE)), (mltable_store(), (MLTABLE_FILE,))):
        for name in names:
            for path, node in _nodes(schemas.files[name]):
                if KEY in node:
                    yield schemas, f"{name}{path}", node, node[KEY]


def test_value_docs_document_values_of_their_own_node():
    wrong = []
    for schemas, where, node, raw in _resolved_nodes():
        values = {str(v) for v in schemas.allowed_values(node)} | {str(v) for v in schemas.ext(node).suggested_values}
        extra = set(raw.get("value_docs", {})) - values
        if extra:
            wrong.append(f"{where}: {sorted(extra)}")
    assert wrong == []


def test_keys_named_by_a_block_are_keys_of_its_node():
    wrong = []
    for schemas, where, node, raw in _resolved_nodes():
        ext = schemas.ext(node)
        props = schemas.properties(node)
        named = list(ext.snippet_keys) + list(ext.one_of_required.keys if ext.one_of_required else [])
        wrong += [f"{where}: {key}" for key in named if key not in props]
        if "discriminator" in raw:
            objects = [b for b in schemas.branches(node) if "object" in schemas.types(b)]
            assert objects, where
            wrong += [f"{where}: branch without {ext.tag_key}" for b in objects if ext.tag_key not in schemas.properties(b)]
        for key, rejected in ext.rejected_keys.items():
            assert rejected.kind in _REJECTED_KIND_CODES, (where, key)
            assert key not in props, (where, key)
        if ext.value_format:
            re.compile(ext.value_format.pattern)
    assert wrong == []


def test_data_codes_and_produced_types_exist():
    for _, _, node in _blocks():
        ext = schema_extension.read(node[KEY])
        if ext.schema_difference:
            assert ext.schema_difference.code in CODES
    s = store()
    best = s.prop(s.prop(s.job, "outputs"), "best_model")
    assert s.ext(best).produced_type in s.allowed_values(s.prop(best, "type"))


def test_the_skeleton_offers_the_documented_backbones_default_first():
    s = store()
    model = s.prop(s.training_parameters(), "model_name")
    backbones = [m for m in s.ext(model).suggested_values if m.startswith("maskrcnn_")]
    ordered = [model["default"]] + [m for m in backbones if m != model["default"]]
    body = s.ext(s.job).skeleton.body
    assert body["training_parameters"]["model_name"] == "<<" + "|".join(ordered) + ">>"
    assert len(ordered) == 5


# -- facts moved into the schema reach the user ------------------------------------------------------
PIPE = PIPELINE.read_text()
BASE = STANDALONE.read_text()


def _found(text: str, code: str, path: str | None = None) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(d.message, (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character))
            for d in analyze(text, path).diagnostics if d.code == code]


def test_a_binding_in_place_of_limits_gets_the_schema_message():
    text = PIPE.replace("    limits:\n      timeout_minutes: 180\n      max_trials: 10\n      max_concurrent_trials: 2\n",
                        "    limits: ${{parent.inputs.lim}}\n")
    line = text.splitlines().index("    limits: ${{parent.inputs.lim}}")
    assert _found(text, "AML206", str(PIPELINE)) == [(
        "Bind the fields of `jobs.image_instance_segmentation_node.limits` instead: "
        "the CLI rejects a binding in place of the whole section.", (line, 12, line, 34))]
    assert _found(text, "AML102", str(PIPELINE)) == []  # no generic "must be a mapping" on top


def test_a_binding_for_an_enum_hyperparameter_says_it_crashes_the_cli():
    text = PIPE.replace("      evaluation_frequency: 1\n", "      evaluation_frequency: 1\n      optimizer: ${{parent.inputs.opt}}\n")
    line = text.splitlines().index("      optimizer: ${{parent.inputs.opt}}")
    assert _found(text, "AML206", str(PIPELINE)) == [(
        "Write the value itself: a binding for the enum hyperparameter "
        "`jobs.image_instance_segmentation_node.training_parameters.optimizer` crashes the CLI (KeyError).", (line, 17, line, 39))]
    assert _found(text, "AML103", str(PIPELINE)) == []


def test_a_binding_as_the_policy_type_gets_the_schema_message():
    text = PIPE.replace("        type: bandit\n", "        type: ${{parent.inputs.policy}}\n")
    line = text.splitlines().index("        type: ${{parent.inputs.policy}}")
    assert _found(text, "AML206", str(PIPELINE)) == [(
        "Write the policy type itself: the CLI cannot bind `jobs.image_instance_segmentation_node.sweep.early_termination.type`.",
        (line, 14, line, 39))]


def test_a_binding_where_the_cli_takes_one_stays_quiet():
    text = PIPE.replace("      evaluation_frequency: 1\n", "      evaluation_frequency: ${{parent.inputs.eval_frequency}}\n")
    assert _found(text, "AML206", str(PIPELINE)) == []


def test_a_standalone_job_takes_no_binding_at_all():
    text = BASE.replace("  timeout_minutes: 60\n", "  timeout_minutes: ${{parent.inputs.t}}\n")
    assert _found(text, "AML206") == []
    assert [m for m, _ in _found(text, "AML102")] == ["`limits.timeout_minutes` must be an integer, not `${{parent.inputs.t}}` (text)."]


def test_the_tile_grid_size_message_comes_from_the_schema():
    text = BASE.replace("  evaluation_frequency: 1\n", "  evaluation_frequency: 1\n  tile_grid_size: 3-2\n")
    line = text.splitlines().index("  tile_grid_size: 3-2")
    assert _found(text, "AML303") == [
        ("`training_parameters.tile_grid_size` should be written as `mxn`, for example `3x2`; `3-2` is not.", (line, 18, line, 21))]


def test_the_bandit_story_comes_from_the_schema():
    text = BASE.replace("    slack_factor: 0.2\n", "")
    line = text.splitlines().index("  early_termination:")
    assert _found(text, "AML207") == [(
        "`sweep.early_termination` should set `slack_factor` or `slack_amount` (docs). Without either, the CLI sends 0 "
        "and the policy cancels every trial that is not the best so far.", (line, 2, line, 19))]


def test_a_search_space_mapping_gets_the_list_hint_from_the_schema():
    text = BASE.replace("search_space:\n  - model_name:", "search_space:\n  model_name:")
    line = text.splitlines().index("search_space:")
    assert _found(text, "AML102") == [(
        "`search_space` must be a list, not a mapping. Write each set of hyperparameters as a list entry: "
        "`search_space:` then `  - learning_rate: ...`.", (line, 0, line, 12))]


def test_other_mappings_where_a_list_belongs_get_no_search_space_hint():
    text = PIPE.replace("    limits:\n      timeout_minutes: 180\n", "    limits:\n      timeout_minutes: [180]\n")
    assert [m for m, _ in _found(text, "AML102", str(PIPELINE))] == [
        "`jobs.image_instance_segmentation_node.limits.timeout_minutes` must be an integer, not a list."]


def test_min_above_max_is_checked_for_every_bounded_distribution_of_the_schema():
    assert store().bounded_distributions() == {"uniform", "loguniform", "quniform", "qloguniform"}
    text = BASE.replace("      min_value: 0.0001\n      max_value: 0.001\n", "      min_value: 0.01\n      max_value: 0.001\n")
    text = text.replace("type: uniform", "type: qloguniform\n      q: 0.001", 1)
    assert [m for m, _ in _found(text, "AML205")] == [
        "Swap them: `min_value` (0.01) is greater than `max_value` (0.001) for `learning_rate`."]


def test_the_best_model_type_comes_from_the_schema():
    text = PIPE.replace("        type: mlflow_model\n", "        type: custom_model\n")
    assert [m for m, _ in _found(text, "AML403", str(PIPELINE))] == [
        "AutoML saves the best model as `mlflow_model`; `type: custom_model` does not match what the job produces."]


# -- the exported schema -------------------------------------------------------------------------------
def _export(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "automl_job_ls.cli", "schema", *args], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def exported() -> dict:
    return _export()


def test_the_exported_schemas_are_valid_json_schema(exported):
    Draft202012Validator.check_schema(exported)
    pipeline = _export("--pipeline")
    Draft202012Validator.check_schema(pipeline)
    assert pipeline == json.loads(export_text(PIPELINE_FILE))


def test_the_export_carries_value_docs_as_markdown_enum_descriptions(exported):
    optimizer = exported["$defs"]["trainingParameters"]["properties"]["optimizer"]
    docs = optimizer[KEY]["value_docs"]
    assert optimizer["markdownEnumDescriptions"] == [docs[v] for v in optimizer["enum"]]
    assert len(optimizer["enum"]) == 4 and all(optimizer["markdownEnumDescriptions"])
    carrying = [path for path, node in _nodes(exported) if "markdownEnumDescriptions" in node]
    expected = [path for path, node in _nodes(exported) if "enum" in node and node.get(KEY, {}).get("value_docs")]
    assert carrying == expected and "/$defs/trainingParameters/properties/optimizer" in carrying
    assert all(len(node["markdownEnumDescriptions"]) == len(node["enum"]) for _, node in _nodes(exported) if "enum" in node and "markdownEnumDescriptions" in node)


def test_the_export_hides_dump_only_keys_from_suggestions(exported):
    props = exported["$defs"]["job"]["properties"]
    hidden = sorted(key for key, sub in props.items() if sub.get("doNotSuggest"))
    flags = ("dump_only", "silently_dropped", "fails_at_submission", "unsupported_for_instance_segmentation")
    assert hidden == sorted(key for key, sub in props.items() if any(getattr(store().ext(sub), f) for f in flags))
    assert "$schema" in hidden and "status" in hidden and "test_data" in hidden and "training_parameters" not in hidden
    assert all(any(node.get(KEY, {}).get(f) for f in flags) for _, node in _nodes(exported) if "doNotSuggest" in node)
    params = exported["$defs"]["trainingParameters"]["properties"]
    assert [k for k, sub in params.items() if sub.get("doNotSuggest")] == ["tile_grid_size", "tile_overlap_ratio", "tile_predictions_nms_threshold"]


def test_the_export_offers_the_skeleton_as_default_snippets(exported):
    [snippet] = exported["$defs"]["job"]["defaultSnippets"]
    assert snippet["label"] == "AutoML image instance segmentation job"
    body = snippet["body"]
    assert body["experiment_name"] == "${1:my-instance-segmentation}"
    assert body["compute"] == "azureml:${2:gpu-cluster}"
    assert body["training_parameters"]["model_name"] == (
        "${6|maskrcnn_resnet50_fpn,maskrcnn_resnet18_fpn,maskrcnn_resnet34_fpn,maskrcnn_resnet101_fpn,maskrcnn_resnet152_fpn|}")
    assert body["limits"] == {"timeout_minutes": 60, "max_trials": 10, "max_concurrent_trials": 2}
    assert [path for path, node in _nodes(exported) if "defaultSnippets" in node] == ["/$defs/job"]
    assert body["\\$schema"].startswith("https://")  # a key is snippet text too: `$schema` escaped
    # Filled with its defaults as an editor fills a snippet, the body is a job our own checks find clean.
    plain = _as_inserted(body)
    assert plain["$schema"] == body["\\$schema"]
    assert plain["training_parameters"]["model_name"] == "maskrcnn_resnet50_fpn"
    assert [(d.code, d.message) for d in analyze(json.dumps(plain, indent=2)).diagnostics] == []  # JSON is YAML


def _as_inserted(value: Any) -> Any:
    """A `defaultSnippets` body as an editor inserts it: each tab stop's default, escapes undone."""
    if isinstance(value, dict):
        return {_as_inserted(k): _as_inserted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_inserted(v) for v in value]
    if not isinstance(value, str):
        return value
    text = re.sub(r"\$\{\d+:((?:\\.|[^\\}])*)\}", r"\1", value)
    text = re.sub(r"\$\{\d+\|((?:\\.|[^\\,|])*)[^}]*\}", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text)
