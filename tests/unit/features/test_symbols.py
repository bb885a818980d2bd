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
