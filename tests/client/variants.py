"""The real example jobs as users may have them: 2 or 4 spaces, LF or CRLF, with or without a final
line break; and the positions where users ask for completion in them."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from automl_job_ls.cursor import split_line

from ..conftest import PIPELINE, STANDALONE
from .semantics import split_lines

FILES = {"standalone": STANDALONE, "pipeline": PIPELINE}


def four_spaces(text: str) -> str:
    """Re-indent a 2-space file with 4 spaces per level (list dashes included)."""
    out, levels = [], {0: 0}  # old column -> new column of the blocks still open
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            out.append(line)
            continue
        old = len(line) - len(line.lstrip(" "))
        levels = {k: v for k, v in levels.items() if k <= old}
        new = levels[old] if old in levels else max(levels.items())[1] + 4
        out.append(" " * new + line[old:])
        parsed = split_line(number, line)
        if parsed is None:
            continue  # a comment opens no block
        levels[old] = new
        if parsed.dashes:
            levels[parsed.content_col] = new + parsed.content_col - old
    return "\n".join(out)


VARIANTS = {  # name -> (how the file is rewritten, its indentation unit)
    "lf": (lambda t: t, 2),
    "4-spaces": (four_spaces, 4),
    "crlf": (lambda t: t.replace("\n", "\r\n"), 2),
    "no-final-newline": (lambda t: t.rstrip("\n"), 2),
}


@dataclass(frozen=True)
class Spot:
    text: str
    position: types.Position
    what: str  # for test ids and messages


def spots(text: str, unit: int) -> list[Spot]:
    """Every blank line (as written, and as Enter at the end of each line leaves it, indented the
    way VS Code's YAML rules indent it), every line end, and every value's start."""
    eol = "\r\n" if "\r\n" in text else "\n"
    lines = split_lines(text)
    found: list[Spot] = []
    for number, line in enumerate(lines):
        parsed = split_line(number, line)
        if not line.strip():
            found.append(Spot(text, types.Position(line=number, character=len(line)), f"blank line {number + 1}"))
            continue
        if parsed is None:
            continue  # a comment
        found.append(Spot(text, types.Position(line=number, character=len(line)), f"end of line {number + 1}"))
        if parsed.key is not None and parsed.value:
            value_col = line.index(parsed.value, parsed.content_col + len(parsed.key))
            found.append(Spot(text, types.Position(line=number, character=value_col), f"value start on line {number + 1}"))
        # Enter at the end of this line: the new line is indented like VS Code's YAML rules do.
        indent = parsed.content_col + unit if parsed.opens_block else parsed.content_col
        new_lines = lines[: number + 1] + [" " * indent] + lines[number + 1 :]
        found.append(Spot(eol.join(new_lines), types.Position(line=number + 1, character=indent), f"Enter after line {number + 1}"))
    return found
