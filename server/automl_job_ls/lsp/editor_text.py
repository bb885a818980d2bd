"""Positions as the client counts them, on the LSP line model of lines.py.

A position's character counts UTF-16 code units unless the client negotiated UTF-8 or UTF-32.
`ClientLines` is built once per text version and converts a position either way in O(log n) (a
column table only for the lines that are not ASCII), so an answer with thousands of ranges on
one long line stays linear; `apply_change` applies an incremental edit the way editors do.
Out-of-range positions are clamped as the specification says (and as `LineIndex.clamp` does):
past the end of a line means its end, past the last line means the end of the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..lines import LineIndex
from ..nodes import Position

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _extra_units(char: str, encoding: str) -> int:
    """Code units of `char` beyond the first, in `encoding`."""
    point = ord(char)
    if encoding == UTF16:
        return 1 if point > 0xFFFF else 0
    return (point >= 0x80) + (point >= 0x800) + (point >= 0x10000)  # UTF-8


class _Columns:
    """Column conversion for one line that is not pure ASCII."""

    __slots__ = ("index", "before", "ends", "length")

    def __init__(self, line: str, encoding: str) -> None:
        self.index: list[int] = []  # code-point columns of the characters wider than one unit
        self.before: list[int] = [0]  # extra units of the wide characters before index[k]
        self.ends: list[int] = []  # unit column right after the wide character k
        self.length = len(line)
        total = 0
        for column, char in enumerate(line):
            extra = _extra_units(char, encoding)
            if extra:
                self.index.append(column)
                total += extra
                self.before.append(total)
                self.ends.append(column + 1 + total)

    def to_units(self, column: int) -> int:
        return column + self.before[bisect_left(self.index, column)]

    def from_units(self, units: int) -> int:
        done = bisect_right(self.ends, units)  # wide characters that end at or before `units`
        column = units - self.before[done]
        if done < len(self.index) and column > self.index[done]:
            column = self.index[done] + 1  # inside a wide character: after it, as pygls reads it
        return min(column, self.length)


class ClientLines(LineIndex):
    """The line table of one text, with conversions to and from the client's units."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        super().__init__(text)
        self.encoding = encoding
        self._columns: dict[int, _Columns | None] = {}  # None: every character is one unit

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, number: int) -> str:
        return self.lines[number]

    def _table(self, number: int) -> _Columns | None:
        if number not in self._columns:
            line = self.lines[number]
            self._columns[number] = None if self.encoding == UTF32 or line.isascii() else _Columns(line, self.encoding)
        return self._columns[number]

    def to_client(self, line: int, column: int) -> tuple[int, int]:
        """Code points -> the client's units, clamped into the text."""
        lines = self.lines
        if not (0 <= line < len(lines) and 0 <= column <= len(lines[line])):
            line, column = self.clamp(Position(line, column))
        table = self._columns[line] if line in self._columns else self._table(line)
        return line, column if table is None else table.to_units(column)

    def from_client(self, line: int, units: int) -> tuple[int, int]:
        """The client's units -> code points, clamped into the text."""
        if not 0 <= line < len(self.lines):
            return tuple(self.clamp(Position(line, units)))  # type: ignore[return-value]
        table = self._table(line)
        column = units if table is None else table.from_units(units)
        return tuple(self.clamp(Position(line, column)))  # type: ignore[return-value]


def apply_change(lines: ClientLines, start: tuple[int, int], end: tuple[int, int], new_text: str) -> str:
    """The text after replacing the range `start`-`end` (client units) with `new_text`."""
    a = lines.offset(Position(*lines.from_client(*start)))
    b = lines.offset(Position(*lines.from_client(*end)))
    a, b = min(a, b), max(a, b)
    return lines.text[:a] + new_text + lines.text[b:]
