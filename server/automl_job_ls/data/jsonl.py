"""Reading JSON lines the way the runtime's reader (rslex `read_json_lines`) does, streaming.

Each line is one JSON object; blank lines are skipped. Python's `json` accepts `NaN` and
`Infinity`, which rslex does not, so those literals count as bad JSON here too. Columns are
code points of the decoded line, like every other range in the product.
"""

from __future__ import annotations

import json
from json.decoder import scanstring
from typing import Any, Iterator, Union

# rslex encoding names -> Python codecs. `ascii` files are read as UTF-8 by rslex (a non-ASCII
# class name loads unchanged), and a BOM at the start of a UTF-8 file is accepted.
CODECS = {
    "utf8": "utf-8-sig", "utf-8": "utf-8-sig", "utf-8 bom": "utf-8-sig", "ascii": "utf-8-sig",
    "iso88591": "latin-1", "iso-8859-1": "latin-1", "latin1": "latin-1", "latin-1": "latin-1",
    "windows1252": "cp1252", "windows-1252": "cp1252", "utf16": "utf-16", "utf-16": "utf-16",
}
MAX_LINE_CHARS = 16_000_000  # longer lines are not parsed (a whole JSON array on one line is the usual cause)


def _no_constants(name: str) -> Any:
    raise ValueError(f"`{name}` is not valid JSON")


_decoder = json.JSONDecoder(parse_constant=_no_constants)
loads = _decoder.decode
raw_decode = _decoder.raw_decode


def read_lines(path: str, codec: str) -> Iterator[str]:
    """The file's lines without their line ends, streamed (constant memory)."""
    with open(path, "r", encoding=codec, errors="replace", newline="") as handle:
        for line in handle:
            yield line.rstrip("\r\n")


def text_lines(text: str) -> Iterator[str]:
    """An open editor buffer's lines, split like the file reader splits them."""
    start = 0
    if text.startswith("\ufeff"):
        start = 1
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:].rstrip("\r")
            return
        yield text[start:end].rstrip("\r")
        start = end + 1


def parse_error(text: str) -> str:
    """Why `text` is not one JSON object, in a short sentence."""
    try:
        value = loads(text)
    except ValueError as exc:
        message = str(exc)
        if isinstance(exc, json.JSONDecodeError):
            message = f"{exc.msg} at column {exc.colno}"
        return message
    kind = {list: "a JSON array", str: "a JSON string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
    return f"it is {kind}, not a JSON object"


Path = tuple[Union[str, int], ...]


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def locate(text: str, path: Path) -> tuple[int, int] | None:
    """Columns [start, end) of the value at `path` (keys and list indexes) in one JSON line;
    for a key that is absent, None. Only run for lines that have a problem."""
    try:
        return _locate(text, _skip_ws(text, 0), path)
    except (ValueError, IndexError):
        return None


def locate_key(text: str, path: Path) -> tuple[int, int] | None:
    """Columns of the key (with its quotes) whose value is at `path`."""
    if not path or not isinstance(path[-1], str):
        return None
    try:
        container = _locate(text, _skip_ws(text, 0), path[:-1])
        if container is None:
            return None
        found = _member(text, container[0], path[-1])
        return found[0] if found else None
    except (ValueError, IndexError):
        return None


def _end_of_value(text: str, i: int) -> int:
    return _decoder.raw_decode(text, i)[1]


def _member(text: str, i: int, key: str) -> tuple[tuple[int, int], int] | None:
    """In the object starting at `i`: ((key start, key end), value start) of the last `key`
    (Python's json keeps the last of duplicate keys)."""
    if text[i] != "{":
        return None
    i = _skip_ws(text, i + 1)
    found = None
    while i < len(text) and text[i] != "}":
        key_start = i
        name, i = scanstring(text, i + 1)
        key_span = (key_start, i)
        i = _skip_ws(text, i)
        i = _skip_ws(text, i + 1)  # the ':'
        if name == key:
            found = (key_span, i)
        i = _skip_ws(text, _end_of_value(text, i))
        if i < len(text) and text[i] == ",":
            i = _skip_ws(text, i + 1)
    return found


def _locate(text: str, i: int, path: Path) -> tuple[int, int] | None:
    for step in path:
        if isinstance(step, str):
            found = _member(text, i, step)
            if found is None:
                return None
            i = found[1]
        else:
            if text[i] != "[":
                return None
            i = _skip_ws(text, i + 1)
            for _ in range(step):
                i = _skip_ws(text, _end_of_value(text, i))
                if text[i] != ",":
                    return None
                i = _skip_ws(text, i + 1)
            if text[i] == "]":
                return None
    return i, _end_of_value(text, i)
