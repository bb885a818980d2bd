"""Library boundaries: one owner for each library the server imports."""

from __future__ import annotations

import ast
from pathlib import Path

import automl_job_ls

PACKAGE = Path(automl_job_ls.__file__).parent


def _importers(*libraries: str) -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(name.split(".")[0] in libraries for name in names):
                found.add(path.relative_to(PACKAGE).as_posix())
    return found


def test_only_the_lsp_package_knows_pygls_and_lsprotocol():
    assert _importers("pygls", "lsprotocol", "attrs", "cattrs") == {
        "lsp/server.py", "lsp/protocol.py", "lsp/data_checks.py",
    }


def test_only_yaml_syntax_knows_pyyaml():
    assert _importers("yaml") == {"yaml_syntax.py"}


def test_only_the_data_schemas_know_jsonschema():
    assert _importers("jsonschema") == {"data/schemas.py"}
