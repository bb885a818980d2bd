"""The cursor model: what is being typed, and where."""

from __future__ import annotations

from automl_job_ls.cursor import ITEM, context_at
from automl_job_ls.document import parse
from automl_job_ls.nodes import Position, Range

from .helpers import BASE, at


def test_cursor_context_inside_a_search_space_distribution():
    text, pos = at(BASE.replace("      min_value: 0.0001", "      min_value: 0.0001\n      |"))
    ctx = context_at(parse(text), pos)
    assert ctx.path == ["search_space", ITEM, "learning_rate"]
    assert ctx.in_key and ctx.empty_line and not ctx.after_colon
    assert set(ctx.siblings) == {"type", "min_value", "max_value"}


def test_cursor_context_after_a_colon_with_a_colon_in_the_value():
    text, pos = at(BASE.replace("compute: azureml:gpu-cluster", "compute: azureml:gp|"))
    ctx = context_at(parse(text), pos)
    assert (ctx.key, ctx.raw_value, ctx.after_colon) == ("compute", "azureml:gp", True)
    assert ctx.replace == Range.of(pos.line, 9, pos.line, pos.character)


def test_cursor_context_on_a_new_list_item():
    text, pos = at(BASE.replace("    min_size:", "  - |\n    min_size:"))
    ctx = context_at(parse(text), pos)
    assert ctx.path == ["search_space", ITEM] and ctx.in_sequence_item and ctx.in_key


def test_inside_a_flow_mapping_the_context_is_one_level_down():
    text, pos = at(BASE.replace("    learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001",
                                "    learning_rate: {type: uniform, min_|value: 0.0001, max_value: 0.001}"))
    ctx = context_at(parse(text), pos)
    assert (ctx.path, ctx.types[-1], ctx.in_key, ctx.key_written, ctx.siblings, ctx.prefix, ctx.in_flow_mapping) == (
        ["search_space", ITEM, "learning_rate"], "uniform", True, True, ["type", "max_value"], "min_", True)
    assert (ctx.insert.start.character, ctx.replace.end.character) == (35, 44)
    text, pos = at(BASE.replace("    optimizer:\n      type: choice\n      values: ['sgd', 'adam', 'adamw']",
                                "    optimizer: {type: choice, values: ['sgd', ad|am]}"))
    ctx = context_at(parse(text), pos)
    assert (ctx.path[-1], ctx.key, ctx.raw_value, ctx.in_flow_sequence, ctx.prefix, ctx.bare_colon) == (
        "optimizer", "values", "['sgd', ad", True, "ad", False)
    assert (ctx.insert.start.character, ctx.replace.end.character) == (46, 50)
    # Nested braces are not modelled: nothing is offered rather than something wrong.
    assert not context_at(parse("a: {b: {c: |}}\n".replace("|", "")), Position(0, 11)).in_flow_mapping
