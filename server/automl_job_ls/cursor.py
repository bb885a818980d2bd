"""The cursor model: what the user is typing and where, read from the raw text.

Completion and hover must work in half-typed files that YAML cannot parse (`compute: azureml:`,
`  mod`), so the key path at a position comes from indentation, not from the parse tree.
This module is the only reader of raw line text for the editor features: they read its facts
(the path, the scalar being replaced with its whole range, the file's indentation unit, the
`type:` values along the path, which kind of job the file is becoming) instead of scanning
lines themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from .document import Document, JobKind
from .recognition import AUTOML, PIPELINE_SCHEMA, STANDALONE_SCHEMAS, TASK, camel_to_snake
from .nodes import Position, Range

ITEM = "[]"  # path segment for "an entry of a list"
DISCRIMINATOR = "type"  # the key that picks a union branch (distributions, policies, steps)
_KEY = re.compile(r"""^(?P<key>[^\s:#'"\[\]{},][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+(?P<value>.*?))?\s*$""")
_KEY_PREFIX = re.compile(r"^[\w$.\-]*$")
_WORD_BEFORE = re.compile(r"[\w$.\-]*$")
_WORD_AFTER = re.compile(r"^[\w$.\-]*")
_VALUE_START = re.compile(r"""^(?P<key>[^\s:#'"\[\]{},][^:#]*?)\s*:(?P<rest>\s.*|)$""")
_UNIT_SAMPLE = 64  # block openers looked at to find the indentation unit


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


def line_text(doc: Document, number: int) -> str:
    """Line `number` of the document without its line break (CRLF files keep a `\\r` otherwise)."""
    lines = doc.lines
    return lines[number].rstrip("\r") if 0 <= number < len(lines) else ""


def _lines(doc: Document) -> list[str]:
    return [text.rstrip("\r") for text in doc.lines]


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
    content = strip_comment(text[col:])
    match = _KEY.match(content)
    key = value = None
    if match:
        key = match.group("key").strip().strip("'\"")
        value = match.group("value") or None
    return Line(number, text, indent, col, dashes, key, value)


def _unquoted(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of the characters of `text` outside quotes (the quotes left out)."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        else:
            yield i, ch


def strip_comment(text: str) -> str:
    # A `#` starts a comment only after a space (or at the start), and not inside quotes.
    for i, ch in _unquoted(text):
        if ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text


def unquote(value: str | None) -> str | None:
    return value.strip().strip("'\"") if value is not None else None


@dataclass
class CursorContext:
    position: Position
    line_text: str
    path: list[str]  # keys (and ITEM) from the root to the mapping holding the cursor's key
    key: str | None  # the key whose value is being typed (value context)
    prefix: str  # the word typed so far
    insert: Range  # from the start of the word or scalar to the cursor
    replace: Range  # the whole word or scalar being replaced (contains `insert`)
    in_key: bool  # typing a key
    after_colon: bool  # typing a value after `key:`
    in_flow_sequence: bool  # inside `[...]` on this line
    in_sequence_item: bool  # the line starts with `- `
    empty_line: bool
    indent: int  # column where a key typed here starts
    line_indent: int  # leading spaces of the cursor line (what editors re-apply to inserted lines)
    indent_unit: int  # the file's own indentation step
    kind: JobKind  # which kind of job the file is, or is becoming while typed
    types: list[str | None] = field(default_factory=list)  # `type:` of the mapping after path[:i]
    siblings: list[str] = field(default_factory=list)  # keys already in the same mapping
    raw_value: str = ""  # text after `key:` up to the cursor (value context)
    bare_colon: bool = False  # the cursor follows `key:` directly: a value needs a space first
    key_written: bool = False  # typing a key whose `:` is already on the line
    block_below: bool = False  # the key's value continues as an indented block on the next lines
    misaligned: bool = False  # the column is between two levels: no key can start here
    in_flow_mapping: bool = False  # inside `key: {...}` on this line: items stay on the line

    def type_at(self, index: int) -> str | None:
        return self.types[index] if 0 <= index < len(self.types) else None


@dataclass(frozen=True)
class FlowEntry:
    """The cursor inside a one-line flow mapping `key: {a: 1, b|}` (or in a list value in it)."""

    key: str | None  # the inner key whose value is typed; None while typing a key
    value: str  # the inner value typed so far, from just after its `:`
    word: str  # what the item replaces, before the cursor
    rest: str  # what it replaces after the cursor
    in_list: bool  # inside `[...]` of the inner value
    siblings: list[str]  # the other keys of the flow mapping
    type: str | None  # the flow mapping's `type:`, unless that is the value being typed


def _brackets(text: str) -> list[tuple[str, int]]:
    """The unclosed `{` and `[` of `text`, outermost first, with their offsets (quotes skipped)."""
    stack: list[tuple[str, int]] = []
    for i, ch in _unquoted(text):
        if ch in "[{":
            stack.append((ch, i))
        elif ch in "]}" and stack:
            stack.pop()
    return stack


def _top_level_split(text: str) -> list[str]:
    """`text` cut at the commas outside brackets and quotes."""
    parts, depth, start = [], 0, 0
    for i, ch in _unquoted(text):
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def flow_entry(value_before: str, after: str) -> FlowEntry | None:
    """The flow mapping entry at the cursor, when `value_before` (a block key's value up to the
    cursor) opens one `{` (and at most a `[` inside it); None otherwise."""
    stack = _brackets(value_before)
    if not stack or stack[0][0] != "{" or len(stack) > 2 or (len(stack) == 2 and stack[1][0] != "["):
        return None
    inside = value_before[stack[0][1] + 1 :]
    before_entries = _top_level_split(inside)
    entries = _top_level_split(inside + re.match(r"[^}]*", after).group(0))  # type: ignore[union-attr]
    here = len(before_entries) - 1
    siblings = [e.partition(":")[0].strip() for i, e in enumerate(entries) if i != here and ":" in e]
    key_part, colon, value = before_entries[-1].partition(":")
    if not colon:  # typing a key
        rest = _WORD_AFTER.match(after).group(0)  # type: ignore[union-attr]
        return FlowEntry(None, "", key_part.lstrip(), rest, False, siblings, _flow_type(entries))
    key = key_part.strip()
    in_list = len(stack) == 2
    word = re.search(r"[^\[,]*$", value).group(0).lstrip() if in_list else value.lstrip()  # type: ignore[union-attr]
    rest = re.match(r"[^,}\]]*", after).group(0).rstrip()  # type: ignore[union-attr]
    return FlowEntry(key, value, word, rest, in_list, siblings, None if key == DISCRIMINATOR else _flow_type(entries))


def _flow_type(entries: list[str]) -> str | None:
    for entry in entries:
        key, colon, value = entry.partition(":")
        if colon and key.strip() == DISCRIMINATOR:
            return unquote(value) or None
    return None


@dataclass(frozen=True)
class Frame:
    """One step of a key path, with where it was read: the key (or the list entry's first key)
    sits on `line` at `column`."""

    segment: str
    line: int
    column: int


def parent_frames(lines: list[str], line_no: int, column: int, new_item: bool = False) -> list[Frame]:
    """Keys enclosing a key that starts at `column` on `line_no`, from indentation.

    With `new_item`, `column` is the dash of a list entry that starts on `line_no`."""
    frames: list[Frame] = []
    target = column
    equal_ok = new_item  # after stepping out of a list item, the list's key may sit at the dash column
    for number in range(line_no - 1, -1, -1):
        line = split_line(number, lines[number])
        if line is None:
            continue
        if line.dashes and line.content_col == target and not equal_ok:
            # A sibling in the same list entry (`- a: 1` then `  b: 2`): the entry opens here.
            frames.insert(0, Frame(ITEM, number, line.content_col))
            target, equal_ok = line.dashes[-1], True
            continue
        if line.dashes and line.dashes[-1] == target and equal_ok:
            continue  # an earlier entry of the same list
        if line.content_col < target or (equal_ok and line.content_col <= target and not line.dashes):
            if line.key is None:
                continue
            if line.opens_block:
                frames.insert(0, Frame(line.key, number, line.content_col))
            if line.dashes:
                frames.insert(0, Frame(ITEM, number, line.content_col))
                target, equal_ok = line.dashes[0], True
                for _ in line.dashes[:-1]:
                    frames.insert(0, Frame(ITEM, number, line.content_col))
            else:
                target, equal_ok = line.content_col, False
            if target == 0 and not equal_ok:
                break
    return frames


def block_lines(lines: list[str], line_no: int, column: int) -> list[Line]:
    """The other lines whose key sits at `column` in the same mapping as `line_no` (above and below)."""
    found: list[Line] = []
    for step in (-1, 1):
        number = line_no + step
        while 0 <= number < len(lines):
            text = lines[number]
            number += step
            if len(text) - len(text.lstrip(" ")) > column:
                continue  # deeper: inside a nested block (cheap to tell without splitting the line)
            line = split_line(number - step, text)
            if line is None:
                continue
            if line.content_col < column or (line.dashes and line.dashes[-1] < column and line.content_col == column and step == 1):
                if step == -1 and line.dashes and line.content_col == column:
                    found.append(line)  # the first key of this list entry
                break
            if line.content_col == column and line.key:
                found.append(line)
                if line.dashes and step == -1:
                    break  # the entry starts here
    return found


def siblings_of(lines: list[str], line_no: int, column: int) -> list[str]:
    """Keys at `column` in the same block as `line_no` (above and below)."""
    return [line.key for line in block_lines(lines, line_no, column) if line.key]


def _value_in_block(lines: list[str], line_no: int, column: int, key: str, include_self: bool = True) -> str | None:
    own = split_line(line_no, lines[line_no]) if include_self and 0 <= line_no < len(lines) else None
    candidates = ([own] if own and own.content_col == column else []) + block_lines(lines, line_no, column)
    for line in candidates:
        if line.key == key and line.value:
            return unquote(strip_comment(line.value))
    return None


def _types_along(lines: list[str], frames: list[Frame], cursor_line: int, cursor_col: int) -> list[str | None]:
    """The `type:` value of each mapping along the path: index i is the mapping after path[:i]."""
    types: list[str | None] = [None] * (len(frames) + 1)
    for index, frame in enumerate(frames):
        if frame.segment == ITEM:
            types[index + 1] = _value_in_block(lines, frame.line, frame.column, DISCRIMINATOR)
        elif types[index] is None:
            types[index] = _value_in_block(lines, frame.line, frame.column, DISCRIMINATOR)
    innermost = _value_in_block(lines, cursor_line, cursor_col, DISCRIMINATOR, include_self=False)
    if innermost is not None:
        types[-1] = innermost
    if not frames:
        types[0] = innermost
    return types


def indent_unit(lines: list[str]) -> int:
    """The step this file indents a block by (2 unless it says otherwise)."""
    steps: Counter = Counter()
    previous: Line | None = None
    for number, text in enumerate(lines):
        line = split_line(number, text)
        if line is None:
            continue
        if previous is not None and previous.opens_block:
            step = (line.dashes[0] if line.dashes else line.content_col) - previous.content_col
            if step > 0:
                steps[step] += 1
                if sum(steps.values()) >= _UNIT_SAMPLE:
                    break
        previous = line
    return steps.most_common(1)[0][0] if steps else 2


def _top_level(lines: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for number, text in enumerate(lines):
        if text[:1] in ("", " ", "#", "-"):
            continue
        line = split_line(number, text)
        if line is not None and line.key is not None:
            out[line.key] = unquote(strip_comment(line.value)) if line.value else None
    return out


def job_kind(doc: Document) -> JobKind:
    """The document's kind, or the kind it is becoming while typed: a `type: pipeline` file with
    no steps yet, or a `type: automl` job whose task is not written yet (or ours, in a file the
    parser could not read far enough). Another AutoML task, or a pipeline of other steps only,
    stays someone else's file."""
    if doc.is_ours:
        return doc.kind
    lines = _lines(doc)
    top = _top_level(lines)
    job_type = (top.get("type") or "").lower()
    task = camel_to_snake(top.get("task") or "")
    if job_type == "pipeline" and (doc.root is None or not _has_typed_steps(lines)):
        return JobKind.PIPELINE
    if job_type == AUTOML and task in ("", TASK):
        return JobKind.STANDALONE
    schema = top.get("$schema") or ""
    if not job_type and not task:  # keys typed under a `$schema` line that names the job schema
        if any(f"{name}.schema" in schema for name in STANDALONE_SCHEMAS):
            return JobKind.STANDALONE
        if f"{PIPELINE_SCHEMA}.schema" in schema:
            return JobKind.PIPELINE
    return JobKind.NOT_OURS


def _has_typed_steps(lines: list[str]) -> bool:
    """True when `jobs:` holds a step with a written `type:` (so the parse tree already knows
    what the pipeline is)."""
    frames_col: int | None = None
    in_jobs = False
    for number, text in enumerate(lines):
        line = split_line(number, text)
        if line is None:
            continue
        if line.indent == 0:
            in_jobs = line.key == "jobs"
            frames_col = None
            continue
        if not in_jobs:
            continue
        if frames_col is None:
            frames_col = line.content_col
            continue
        if line.content_col > frames_col and line.key == DISCRIMINATOR and line.value:
            return True
    return False


def _child_column(lines: list[str], frames: list[Frame], skip: int) -> int | None:
    """The column of the keys (or dashes) inside the innermost block of `frames`, from its other lines."""
    if frames and frames[-1].segment == ITEM:
        return None
    start, column = (frames[-1].line, frames[-1].column) if frames else (-1, -1)
    for number in range(start + 1, len(lines)):
        if number == skip:
            continue
        line = split_line(number, lines[number])
        if line is None:
            continue
        if line.indent <= column:
            return None
        return line.indent
    return None


def _opens_block_below(lines: list[str], line_no: int, column: int) -> bool:
    for number in range(line_no + 1, len(lines)):
        line = split_line(number, lines[number])
        if line is not None:
            return line.indent > column or bool(line.dashes and line.indent == column)
    return False


def _entry_below(lines: list[str], line_no: int, column: int) -> list[Line]:
    """Key lines at `column` after `line_no` that continue the list entry opened there."""
    found: list[Line] = []
    for number in range(line_no + 1, len(lines)):
        line = split_line(number, lines[number])
        if line is None:
            continue
        if line.indent < column:
            break
        if line.content_col == column and line.key:
            found.append(line)
    return found


def context_at(doc: Document, pos: Position) -> CursorContext:
    lines = _lines(doc)
    text = lines[pos.line] if 0 <= pos.line < len(lines) else ""
    character = min(pos.character, len(text))
    pos = Position(pos.line, character)
    before, after = text[:character], text[character:]
    stripped = before.lstrip(" ")
    line_indent = len(text) - len(text.lstrip(" ")) if text.strip() else len(before) - len(stripped)
    indent = len(before) - len(stripped)
    dashes = 0
    while stripped.startswith("- "):
        dashes += 1
        stripped = stripped[2:].lstrip(" ")
    content_col = len(before) - len(stripped)
    in_item = dashes > 0
    word = _WORD_BEFORE.search(before).group(0)  # type: ignore[union-attr]
    tail = _WORD_AFTER.match(after).group(0)  # type: ignore[union-attr]
    start = character - len(word)
    end = character + len(tail)
    key: str | None = None
    raw_value = ""
    in_flow = False
    bare_colon = False
    key_match = _VALUE_START.match(stripped)
    after_colon = False
    flow: FlowEntry | None = None
    if key_match and not _KEY_PREFIX.match(stripped):
        key = key_match.group("key").strip()
        rest = key_match.group("rest")
        raw_value = rest.lstrip()
        after_colon = True
        bare_colon = rest == ""
        flow = flow_entry(raw_value, after)
        in_flow = raw_value.count("[") > raw_value.count("]")
        if flow is not None:
            in_flow = flow.in_list
            word = flow.word
            start, end = character - len(word), character + len(flow.rest)
        elif in_flow:
            item_before = re.search(r"[^\[,]*$", raw_value).group(0)  # type: ignore[union-attr]
            item_after = re.match(r"[^\],]*", after).group(0)  # type: ignore[union-attr]
            word = item_before.lstrip(" ")
            start = character - len(word)
            end = character + len(item_after.rstrip(" "))
        else:
            # The whole scalar is replaced: values such as `azureml:gpu` contain colons, and the
            # text after the cursor is the rest of a value that is being rewritten.
            word = raw_value
            start = character - len(raw_value)
            end = character + len(strip_comment(after).rstrip())
            if not raw_value and strip_comment(after).strip() == "":
                end = character
    in_key = not after_colon and bool(_KEY_PREFIX.match(stripped))
    key_written = in_key and re.match(r"^[\w$.\-]*\s*:", after) is not None
    if in_item:
        frames = parent_frames(lines, pos.line, indent, new_item=True)
        frames += [Frame(ITEM, pos.line, content_col)] * dashes
    else:
        frames = parent_frames(lines, pos.line, content_col)
    path = [frame.segment for frame in frames]
    types = _types_along(lines, frames, pos.line, content_col)
    siblings: list[str] = []
    if in_item:
        # A new list entry: only the lines below belong to it; keys above are other entries'.
        below = _entry_below(lines, pos.line, content_col)
        siblings = [line.key for line in below if line.key]
        types[-1] = next((unquote(strip_comment(l.value)) for l in below if l.key == DISCRIMINATOR and l.value), None)
    elif in_key or after_colon:
        siblings = siblings_of(lines, pos.line, content_col)
    block_below = after_colon and _opens_block_below(lines, pos.line, content_col)
    misaligned = in_key and not in_item and _child_column(lines, frames, pos.line) not in (None, content_col)
    if flow is not None:
        # `key: {inner: |}`: the flow mapping is one level below `key`, written on this line.
        path, types = path + [key or ""], types + [flow.type]
        siblings, key, raw_value = flow.siblings, flow.key, flow.value.lstrip()
        in_key, after_colon = flow.key is None, flow.key is not None
        bare_colon = flow.key is not None and flow.value == ""
        key_written = in_key and re.match(r"^[\w$.\-]*\s*:", after) is not None
        block_below = misaligned = False
    return CursorContext(
        position=pos,
        line_text=text,
        path=path,
        key=key,
        prefix=word,
        insert=Range(Position(pos.line, start), pos),
        replace=Range(Position(pos.line, start), Position(pos.line, max(end, character))),
        in_key=in_key,
        after_colon=after_colon,
        in_flow_sequence=in_flow,
        in_sequence_item=in_item,
        empty_line=not text.strip(),
        indent=content_col,
        line_indent=line_indent,
        indent_unit=indent_unit(lines),
        kind=job_kind(doc),
        types=types,
        siblings=siblings,
        raw_value=raw_value,
        bare_colon=bare_colon,
        key_written=key_written,
        block_below=block_below,
        misaligned=misaligned,
        in_flow_mapping=flow is not None,
    )


@dataclass(frozen=True)
class KeyAt:
    """A key written on a line, for features that must answer on a line YAML cannot parse."""

    path: list[str]  # keys (and ITEM) from the root to the mapping that holds the key
    types: list[str | None]
    key: str
    range: Range


def key_at(doc: Document, pos: Position) -> KeyAt | None:
    """The key under `pos` on its line, with its path from indentation."""
    lines = _lines(doc)
    if not 0 <= pos.line < len(lines):
        return None
    line = split_line(pos.line, lines[pos.line])
    if line is None or line.key is None:
        return None
    key_end = line.content_col + len(line.key)
    if not line.content_col <= pos.character <= key_end:
        return None
    frames = parent_frames(lines, pos.line, line.content_col) + [Frame(ITEM, pos.line, line.content_col)] * len(line.dashes)
    types = _types_along(lines, frames, pos.line, line.content_col)
    own = _value_in_block(lines, pos.line, line.content_col, DISCRIMINATOR)
    if own is not None:
        types[-1] = own
    rng = Range(Position(pos.line, line.content_col), Position(pos.line, key_end))
    return KeyAt([f.segment for f in frames], types, line.key, rng)
