"""The line model of the LSP: lines break only at `\\n`, `\\r\\n` and `\\r`.

Python's `str.splitlines` also breaks at U+000B, U+000C, U+001C-U+001E, U+0085, U+2028 and
U+2029, and PyYAML's marks count U+0085, U+2028 and U+2029 as line breaks too. An editor shows
those characters inside a line, so every line number and column the product sends or receives
goes through this one model.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from .nodes import Position

_BREAK = re.compile(r"\r\n|\r|\n")
_WITH_ENDS = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# Characters PyYAML treats as line breaks although the LSP does not.
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def split_lines(text: str) -> list[str]:
    """The document's lines without their terminators; a final terminator gives a last empty line."""
    if "\r" not in text:
        return text.split("\n")
    return _BREAK.split(text)


def split_lines_keepends(text: str) -> list[str]:
    """The lines with their terminators (what pygls needs to apply incremental edits)."""
    return _WITH_ENDS.findall(text)


class LineIndex:
    """Line starts (code point offsets) of a text: converts between offsets and positions."""

    def __init__(self, text: str, lines: list[str] | None = None) -> None:
        self.text = text
        self.lines = lines if lines is not None else split_lines(text)

    @cached_property
    def starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in _BREAK.finditer(self.text))
        return starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        # An offset between `\r` and `\n` belongs to the end of its line.
        return Position(line, min(offset - self.starts[line], len(self.lines[line])))

    def offset(self, pos: Position) -> int:
        pos = self.clamp(pos)
        return self.starts[pos.line] + pos.character

    def clamp(self, pos: Position) -> Position:
        """The nearest position inside the text (as the LSP reads a character past the line's end)."""
        if pos.line < 0:
            return Position(0, 0)
        last = len(self.lines) - 1
        if pos.line > last:
            return Position(last, len(self.lines[last]))
        return Position(pos.line, max(0, min(pos.character, len(self.lines[pos.line]))))

    @property
    def end(self) -> Position:
        return Position(len(self.lines) - 1, len(self.lines[-1]))
