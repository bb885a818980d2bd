"""Quick fixes: for each diagnostic the editor names, the server's own diagnostic of the current
version (same code and range) is looked up, and the check that reported it builds the fixes
(each check module's `FIXES`). A client that echoes `data` back is used only when the server no
longer has that diagnostic; one that does not (Vim's ALE) gets the same fixes.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics.codes import CODES
from ..diagnostics.fixes import FixContext
from ..diagnostics.model import Diagnostic, Edit, Fix, FixData
from ..diagnostics.rules import FIXES
from ..document import Document
from ..diagnostics.engine import diagnose
from ..nodes import Range
from ..schema import SchemaStore

__all__ = ["Edit", "Fix", "own_diagnostic", "fixes_for", "quick_fixes"]


def own_diagnostic(own: list[Diagnostic], code: str, rng: Range, data: Any = None) -> Diagnostic | None:
    """The server's diagnostic the client means; when the server has none at that place (the
    client's is from an older version), one rebuilt from its code, range and echoed `data`, whose
    fixes apply only if the tree still has a node exactly there."""
    for d in own:
        if d.code == code and d.range == rng:
            return d
    if code in CODES:
        return Diagnostic(code, "", rng, CODES[code].severity, FixData.from_json(data))
    return None


def in_range(own: list[Diagnostic], rng: Range) -> list[Diagnostic]:
    """The server's diagnostics that touch `rng` (for clients that send no diagnostics)."""
    return [d for d in own if d.range.start <= rng.end and rng.start <= d.range.end]


def fixes_for(doc: Document, store: SchemaStore, diagnostic: Diagnostic, snippets: bool = False) -> list[Fix]:
    build = FIXES.get(diagnostic.code)
    return build(FixContext(doc, store, diagnostic, snippets)) if build else []


def quick_fixes(doc: Document, store: SchemaStore, code: str, rng: Range, data: Any = None,
                own: list[Diagnostic] | None = None, snippets: bool = False) -> list[Fix]:
    """The fixes for the diagnostic `code` at `rng`, as a client names it (with or without data)."""
    found = own_diagnostic(diagnose(doc, store) if own is None else own, code, rng, data)
    return fixes_for(doc, store, found, snippets) if found else []
