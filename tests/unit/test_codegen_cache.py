"""The start-up code cache: a second start compiles lsprotocol's generated methods from the
cache, and the classes behave exactly as freshly compiled ones."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from automl_job_ls.lsp.codegen_cache import generated_code_cache
with generated_code_cache() as cache:
    from lsprotocol import types
    from automl_job_ls.lsp.protocol import strict_converter
    converter = strict_converter()
    converter.get_structure_hook(types.InitializeRequest)
message = converter.structure({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
    "params": {"textDocument": {"uri": "file:///a.yml"}, "position": {"line": 3, "character": 7}}}, types.HoverRequest)
print(json.dumps({"hits": cache.hits, "misses": cache.misses, "position": repr(message.params.position),
    "hover": converter.unstructure(types.Hover(contents=types.MarkupContent(kind="markdown", value="x")))}))
"""


def run(cache) -> dict:
    env = {"AUTOML_JOB_LS_CACHE": str(cache), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_second_start_compiles_from_the_cache_with_the_same_behaviour(tmp_path):
    first = run(tmp_path)
    assert first["hits"] == 0 and first["misses"] > 500
    assert len(list(tmp_path.glob("attrs-code-*.marshal"))) == 1
    second = run(tmp_path)
    assert second["hits"] > 500 and second["misses"] < 40  # attrs bakes a per-process seed into a few
    for result in (first, second):
        assert result["position"] == "3:7"
        assert result["hover"] == {"contents": {"kind": "markdown", "value": "x"}}


def test_a_corrupt_cache_is_ignored(tmp_path):
    run(tmp_path)
    next(tmp_path.glob("attrs-code-*.marshal")).write_bytes(b"not marshal data")
    assert run(tmp_path)["hits"] == 0
