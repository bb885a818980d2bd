"""Folding ranges and selection ranges."""

from __future__ import annotations

import pytest

from automl_job_ls.document import parse
from automl_job_ls.features import folding, symbols
from automl_job_ls.nodes import Position, Range

from .helpers import BASE


def test_outline_and_folding_as_deep_as_yaml_allows():
    # libyaml stops at 1,000 levels; a recursive walk would exhaust Python's stack before that.
    text = "type: automl\ntask: image_instance_segmentation\ntags:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(990))
    doc = parse(text)
    depth, symbol = 0, next(s for s in symbols.symbols(doc) if s.name == "tags")
    while symbol.children:
        (symbol,) = symbol.children
        depth += 1
    assert (depth, symbol.name) == (990, "k989")
    assert folding.folding_ranges(doc)[:2] == [(2, 992), (3, 992)]


def test_folding_ranges_of_the_reference_job():
    # Every block of more than one line, nested blocks too (0-based lines, comments inside count).
    assert folding.folding_ranges(parse(BASE)) == [
        (13, 16), (17, 20), (22, 25), (27, 29), (31, 37), (33, 37),
        (39, 52), (40, 42), (40, 52), (43, 46), (47, 49), (50, 52),
    ]


DOCUMENT = Range.of(0, 0, 53, 0)
SPACE = [Range.of(40, 4, 52, 24), Range.of(40, 2, 52, 24), Range.of(39, 0, 52, 24), DOCUMENT]
LEARNING_RATE = [Range.of(44, 6, 46, 22), Range.of(43, 4, 46, 22), *SPACE]


@pytest.mark.parametrize(("line", "character", "chain"), [
    # `min_value: 0.0001`: the number, the pair, learning_rate's block, its pair, the entry, the list, search_space, all.
    (45, 17, [Range.of(45, 17, 45, 23), Range.of(45, 6, 45, 23), *LEARNING_RATE]),  # at the number's first character
    (45, 23, [Range.of(45, 17, 45, 23), Range.of(45, 6, 45, 23), *LEARNING_RATE]),  # just after its last
    (45, 3, LEARNING_RATE),  # in the indentation: the block around it, not a pair it is not in
    # `values: [maskrcnn_resnet50_fpn]`: the name, the flow list, the pair, model_name's block and pair.
    (42, 15, [Range.of(42, 15, 42, 36), Range.of(42, 14, 42, 37), Range.of(42, 6, 42, 37), Range.of(41, 6, 42, 37),
              Range.of(40, 4, 42, 37), *SPACE]),
    (0, 0, [Range.of(0, 0, 0, 7), Range.of(0, 0, 0, 86), DOCUMENT]),  # `$schema`
    (21, 0, [DOCUMENT]),  # the blank line between two blocks is in neither
], ids=["number-start", "number-end", "indentation", "flow-item", "first-key", "blank-line"])
def test_selection_ranges_grow_from_the_cursor_outwards(line, character, chain):
    assert folding.selection_range(parse(BASE), Position(line, character)) == chain
