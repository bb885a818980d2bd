"""The cursor model: what is being typed, and where."""

from __future__ import annotations

from automl_job_ls.cursor import ITEM, context_at
from automl_job_ls.document import parse
from automl_job_ls.nodes import Range

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
