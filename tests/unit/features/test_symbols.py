"""The outline: document symbols and their ranges."""

from __future__ import annotations

import pytest

from automl_job_ls.document import parse
from automl_job_ls.features import symbols
from automl_job_ls.nodes import Range

from ...conftest import EXAMPLES, PIPELINE, STANDALONE
from .helpers import BASE


def test_symbols_cover_the_search_space_entries():
    found = symbols.symbols(parse(BASE))
    space = next(s for s in found if s.name == "search_space")
    assert [s.name for s in space.children] == ["[0]"]
    assert [s.name for s in space.children[0].children] == ["model_name", "learning_rate", "optimizer", "min_size"]


@pytest.mark.parametrize("path", [STANDALONE, PIPELINE, *sorted((EXAMPLES / "_history").rglob("*instance-segmentation*.yml"))], ids=lambda p: p.name)
def test_symbol_selections_lie_inside_their_ranges(path):
    # Clients (VS Code among them) reject the whole outline when one selection leaves its range.
    def check(entries, parent=None):
        for s in entries:
            assert s.range.start <= s.selection.start <= s.selection.end <= s.range.end, (s.name, s.range, s.selection)
            if parent is not None:
                assert parent.range.start <= s.range.start and s.range.end <= parent.range.end, (parent.name, s.name)
            check(s.children, s)

    found = symbols.symbols(parse(path.read_text()))
    assert found
    check(found)


def test_sequence_item_selection_is_clamped_to_the_item():
    text = "type: automl\ntask: image_instance_segmentation\nsearch_space:\n  - learning_rate: 0.1\n\n\nlimits: {}\n"
    item = next(s for s in symbols.symbols(parse(text)) if s.name == "search_space").children[0]
    assert (item.range, item.selection) == (Range.of(3, 4, 3, 22), Range.of(3, 4, 3, 22))


def _flat(found, depth=0):
    for s in found:
        yield depth, s.name, s.kind, s.detail
        yield from _flat(s.children, depth + 1)


def test_the_outline_of_the_reference_job_names_each_kind_and_detail():
    flat = list(_flat(symbols.symbols(parse(BASE))))
    assert flat[:4] == [
        (0, "$schema", "string", "https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/a..."),  # 57 characters and "..."
        (0, "type", "string", "automl"),
        (0, "experiment_name", "string", "dpv2-cli-automl-image-instance-segmentation-experiment"),
        (0, "description", "string", "An Image Instance segmentation job using fridge items dat..."),
    ]
    assert flat[9:12] == [(0, "training_data", "object", "type: mltable"), (1, "path", "string", "data/training-mltable-folder"),
                          (1, "type", "string", "mltable")]
    assert flat[15:22] == [
        (0, "limits", "object", ""), (1, "timeout_minutes", "number", "60"), (1, "max_trials", "number", "10"),
        (1, "max_concurrent_trials", "number", "2"), (0, "training_parameters", "object", ""),
        (1, "early_stopping", "boolean", "True"), (1, "evaluation_frequency", "number", "1"),
    ]
    assert flat[25:29] == [(2, "type", "string", "bandit"), (2, "evaluation_interval", "number", "2"),
                           (2, "slack_factor", "number", "0.2"), (2, "delay_evaluation", "number", "6")]
    assert flat[29:35] == [
        (0, "search_space", "array", "1 item(s)"), (1, "[0]", "object", ""), (2, "model_name", "object", "type: choice"),
        (3, "type", "string", "choice"), (3, "values", "array", "1 item(s)"), (4, "[0]", "string", "maskrcnn_resnet50_fpn"),
    ]
    assert flat[-2:] == [(4, "[0]", "number", "600"), (4, "[1]", "number", "800")]
    assert len(flat) == 50


def test_outline_edge_cases():
    text = ("type: automl\ntask: image_instance_segmentation\ntags: &t {team: vision}\nproperties: *t\n'': 1\n"
            f"name: {'x' * 61}\ndescription: {'y' * 60}\nenv: ~\n")
    found = symbols.symbols(parse(text))
    assert [(d, n, k, t) for d, n, k, t in _flat(found)][2:] == [
        (0, "tags", "object", ""), (1, "team", "string", "vision"),
        (0, "properties", "object", ""),  # an alias is not walked twice
        (0, "(empty)", "number", "1"),
        (0, "name", "string", "x" * 57 + "..."), (0, "description", "string", "y" * 60),
        (0, "env", "null", "~"),
    ]
    alias = found[3]
    # Its range is its own line, not the anchored mapping's further up.
    assert (alias.range, alias.selection) == (Range.of(3, 0, 3, 14), Range.of(3, 0, 3, 10))


def test_a_huge_outline_stops_at_its_bound():
    text = "type: automl\ntask: image_instance_segmentation\ntags:\n" + "".join(f"  k{i}: {i}\n" for i in range(6000))
    tags = symbols.symbols(parse(text))[2]
    assert len(tags.children) == symbols._MAX_SYMBOLS - 3 and tags.children[-1].name == f"k{symbols._MAX_SYMBOLS - 4}"


def test_no_outline_for_another_kind_of_file():
    assert symbols.symbols(parse("type: command\ncommand: echo\nenvironment: {image: x}\n")) == []
