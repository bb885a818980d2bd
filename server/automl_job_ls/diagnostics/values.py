"""How the CLI (marshmallow 3 fields inside azure-ai-ml) reads a YAML scalar for each type.

`Int` is lenient (`"15"`, `15.0` and even `10.5`, truncated), `Float` takes numeric strings
(`1e-3`, which YAML 1.1 leaves as a string), `Bool` takes marshmallow's truthy/falsy words,
`Str` takes only strings. Search-space integers are strict.
"""

from __future__ import annotations

import math
import re

from ..nodes import BOOL, FLOAT, INT, NULL, STR, Scalar

_TRUTHY = {"t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES", "1"}
_FALSY = {"f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO", "0"}

TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "string": "text",
    "object": "a mapping of keys",
    "array": "a list",
    "null": "empty",
}

BINDING = re.compile(r"^\s*\$\{\{.*\}\}\s*$", re.S)
EXPRESSION = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$", re.S)


def _finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))


def number_of(node: Scalar) -> float | None:
    """The numeric value the CLI would read, or None when it would not read a number."""
    if node.kind in (INT, FLOAT):
        value = float(node.value)
        return value if _finite(value) else None
    if node.kind == STR:
        try:
            value = float(node.text.strip())
        except ValueError:
            return None
        return value if _finite(value) else None
    return None


def accepts(node: Scalar, type_name: str, strict: bool = False) -> bool:
    kind = node.kind
    if type_name == "null":
        return kind == NULL
    if type_name == "string":
        return kind == STR
    if type_name == "boolean":
        if kind == BOOL:
            return True
        if kind in (INT, FLOAT):
            return node.value in (0, 1)
        return kind == STR and (node.text in _TRUTHY or node.text in _FALSY)
    if type_name == "integer":
        if kind == INT:
            return True
        if strict:
            return False
        if kind == FLOAT:
            return _finite(node.value)
        if kind == STR:
            try:
                int(node.text)
            except ValueError:
                return False
            return True
        return False
    if type_name == "number":
        return number_of(node) is not None
    return False


def truncated(node: Scalar) -> bool:
    """True when the CLI's lenient Int silently drops a fractional part (`10.5` -> 10)."""
    return node.kind == FLOAT and _finite(node.value) and node.value != int(node.value)


def describe(node: Scalar) -> str:
    """How a value reads to a user: `abc` (text), `5` (a number)..."""
    words = {STR: "text", INT: "a number", FLOAT: "a number", BOOL: "a boolean", NULL: "empty"}
    shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"`{shown}` ({words.get(node.kind, 'a ' + 'special value')})"


def expected_words(types: list[str]) -> str:
    words = [TYPE_WORDS.get(t, t) for t in types if t != "null"]
    if not words:
        return "empty"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
