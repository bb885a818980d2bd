"""Folding ranges."""

from __future__ import annotations

from automl_job_ls.document import parse
from automl_job_ls.features import folding, symbols



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
