"""The tests and benchmarks find the reference examples beside the repository (../shared), as
tests/conftest.py does, wherever the repository is cloned: no absolute path to them anywhere."""

from __future__ import annotations

import importlib.util
import os
import sys

from ..conftest import EXAMPLES, STANDALONE
from .conftest import REPO


def _load(relative: str):
    name = "_self_contained_" + relative.replace("/", "_").removesuffix(".py")
    spec = importlib.util.spec_from_file_location(name, REPO / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_differential_oracle_and_the_benchmarks_use_the_examples_beside_the_repository():
    assert "AUTOML_LS_EXAMPLES" not in os.environ
    from tests.compat import sdk_oracle

    assert sdk_oracle.EXAMPLES == EXAMPLES
    assert _load("bench/lsp_compare.py").FRIDGE == STANDALONE
    assert _load("bench/check_speed.py").FRIDGE == STANDALONE

