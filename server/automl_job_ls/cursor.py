"""CursorContext: what the user is typing and where, read from the raw text.

Completion must work in half-typed files that YAML cannot parse (`compute: azureml:`,
`  mod`), so the position's key path comes from indentation, not from the parse tree.
Every feature reads these plain facts instead of re-scanning the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .nodes import Position, Range

ITEM = "[]"  # path segment for "an entry of a list"
_KEY = re.compile(r"""^(?P<key>[^\s:#'"\[\]{},][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+(?P<value>.*?))?\s*$""")
_KEY_PREFIX = re.compile(r"^[\w$.\-]*$")
_WORD = re.compile(r"[\w$.\-]*$")


@dataclass
class Line:
    """One line split into YAML pieces: list dashes, key, value."""

    number: int
    text: str
    indent: int  # column of the first non-space character
    content_col: int  # column where the key (or scalar) starts, after any `- ` dashes
    dashes: list[int]  # columns of `- ` list markers on this line
    key: str | None
    value: str | None  # text after `key: `, None when the line opens a block

    @property
    def opens_block(self) -> bool:
        return self.key is not None and not self.value


def split_line(number: int, text: str) -> Line | None:
    """None for blank lines, comments and document markers."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
        return None
    indent = len(text) - len(text.lstrip(" "))
    col, dashes = indent, []
    while text.startswith("- ", col) or text[col:].rstrip() == "-":
        dashes.append(col)
        col += 1
        while col < len(text) and text[col] == " ":
            col += 1
    content = _strip_comment(text[col:])
    match = _KEY.match(content)
    key = value = None
    if match:
        key = match.group("key").strip().strip("'\"")
        value = match.group("value") or None
    return Line(number, text, indent, col, dashes, key, value)


def _strip_comment(text: str) -> str:
    # A `#` starts a comment only after a space (or at the start), and not inside quotes.
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text


@dataclass
class CursorContext:
    position: Position
    line_text: str
    path: list[str]  # keys (and ITEM) from the root to the mapping holding the cursor's key
    key: str | None  # the key whose value is being typed (value context)
    prefix: str  # the word typed so far
    replace: Range  # the span a completion replaces
    in_key: bool  # typing a key
    after_colon: bool  # typing a value after `key: `
    in_flow_sequence: bool  # inside `[...]` on this line
    in_sequence_item: bool  # the line starts with `- `
    empty_line: bool
    indent: int  # column where a key typed here starts
    siblings: list[str] = field(default_factory=list)  # keys already in the same mapping
    raw_value: str = ""  # text after `key:` up to the cursor (value context)

    @property
    def value_path(self) -> list[str]:
        """The path of the value being typed (path + key)."""
        return self.path + ([self.key] if self.key else [])


def parent_path(lines: list[str], line_no: int, column: int, new_item: bool = False) -> list[str]:
    """Keys enclosing a key that starts at `column` on `line_no`, from indentation.

    With `new_item`, `column` is the dash of a list entry that starts on `line_no`."""
    path: list[str] = []
    target = column
    equal_ok = new_item  # after stepping out of a list item, the list's key may sit at the dash column
    for number in range(line_no - 1, -1, -1):
        line = split_line(number, lines[number])
        if line is None:
            continue
        if line.dashes and line.content_col == target and not equal_ok:
            # A sibling in the same list entry (`- a: 1` then `  b: 2`): the entry opens here.
            path.insert(0, ITEM)
            target, equal_ok = line.dashes[-1], True
            continue
        if line.dashes and line.dashes[-1] == target and equal_ok:
            continue  # an earlier entry of the same list
        if line.content_col < target or (equal_ok and line.content_col <= target and not line.dashes):
            if line.key is None:
                continue
            if line.opens_block:
                path.insert(0, line.key)
            if line.dashes:
                path.insert(0, ITEM)
                target, equal_ok = line.dashes[0], True
                for _ in line.dashes[:-1]:
                    path.insert(0, ITEM)
            else:
                target, equal_ok = line.content_col, False
            if target == 0 and not equal_ok:
                break
    return path


def siblings_of(lines: list[str], line_no: int, column: int) -> list[str]:
    """Keys at `column` in the same block as `line_no` (above and below)."""
    found: list[str] = []
    for step in (-1, 1):
        number = line_no + step
        while 0 <= number < len(lines):
            line = split_line(number, lines[number])
            number += step
            if line is None:
                continue
            if line.content_col < column or (line.dashes and line.dashes[-1] < column and line.content_col == column and step == 1):
                if step == -1 and line.dashes and line.content_col == column:
                    found.append(line.key or "")  # the first key of this list entry
                break
            if line.content_col == column and line.key:
                found.append(line.key)
                if line.dashes and step == -1:
                    break  # the entry starts here
    return [k for k in found if k]


def context_at(text: str, pos: Position) -> CursorContext:
    lines = text.split("\n")
    line_text = lines[pos.line] if pos.line < len(lines) else ""
    before = line_text[: pos.character]
    stripped = before.lstrip(" ")
    indent = len(before) - len(stripped)
    dashes = 0
    while stripped.startswith("- "):
        dashes += 1
        stripped = stripped[2:].lstrip(" ")
    content_col = len(before) - len(stripped)
    in_item = dashes > 0
    word = _WORD.search(before).group(0)  # type: ignore[union-attr]
    replace = Range(Position(pos.line, pos.character - len(word)), Position(pos.line, pos.character))
    key: str | None = None
    raw_value = ""
    in_flow = False
    key_match = re.match(r"""^(?P<key>[^\s:#'"\[\]{},][^:#]*?)\s*:(?P<rest>\s.*|)$""", stripped)
    after_colon = False
    if key_match and not _KEY_PREFIX.match(stripped):
        key = key_match.group("key").strip()
        raw_value = key_match.group("rest").lstrip()
        after_colon = True
        in_flow = raw_value.count("[") > raw_value.count("]")
        if raw_value.startswith(("'", '"')) and len(raw_value) > 0:
            word = raw_value.lstrip("'\"")
            replace = Range(Position(pos.line, pos.character - len(raw_value)), Position(pos.line, pos.character))
        elif not in_flow:
            # The whole value typed so far is replaced (values such as `azureml:gpu` contain colons).
            word = raw_value
            replace = Range(Position(pos.line, pos.character - len(raw_value)), Position(pos.line, pos.character))
    in_key = not after_colon and bool(_KEY_PREFIX.match(stripped))
    if in_item:
        dash_col = indent
        path = parent_path(lines, pos.line, dash_col, new_item=True) + [ITEM] * dashes
    else:
        path = parent_path(lines, pos.line, content_col)
    siblings = siblings_of(lines, pos.line, content_col) if (in_key or after_colon) else []
    return CursorContext(
        position=pos,
        line_text=line_text,
        path=path,
        key=key,
        prefix=word,
        replace=replace,
        in_key=in_key,
        after_colon=after_colon,
        in_flow_sequence=in_flow,
        in_sequence_item=in_item,
        empty_line=not line_text.strip(),
        indent=content_col,
        siblings=siblings,
        raw_value=raw_value,
    )
