"""What an editor does with the server's answers, written out as the LSP specification and VS Code
(1.100, `vs/editor/contrib/snippet` and `suggest`) do it, so tests can assert on the text a user
ends up with instead of on the JSON the server sent.

- Snippet syntax: `$1`, `${1:placeholder}` (nested), `${1|a,b|}`, `$name`/`${name:default}`
  variables (VS Code resolves unknown ones to their default, or to nothing), escapes `\\$ \\} \\\\`
  (and `\\, \\|` inside choices); any other `$` or `\\` is literal.
- Completion: a `TextEdit`, or an `InsertReplaceEdit` applied with its insert range (VS Code's
  default `editor.suggest.insertMode`) or its replace range; both must lie on the cursor line
  and contain the cursor, and insert must be a prefix of replace (VS Code drops other items).
  `insertTextMode` `asIs` keeps the text; `adjustIndentation` (VS Code's default) prefixes every
  line after the first with the cursor line's leading whitespace (up to the cursor). Line breaks
  become the document's own. `additionalTextEdits` apply with the main edit.
- Workspace edits: `changes` or `documentChanges`, every edit against the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lsprotocol import types

VSCODE_DEFAULT_MODE = types.InsertTextMode.AdjustIndentation


# -- positions ------------------------------------------------------------------------------------
def split_lines(text: str) -> list[str]:
    """Lines as the LSP counts them: breaks at \\n, \\r\\n and \\r only."""
    return re.split(r"\r\n|\r|\n", text)


def eol(text: str) -> str:
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"


def offset_of(text: str, pos: types.Position) -> int:
    """The string index of an LSP position (UTF-16 columns)."""
    index = 0
    for _ in range(pos.line):
        match = re.compile(r"\r\n|\r|\n").search(text, index)
        if match is None:
            raise AssertionError(f"line {pos.line} is past the end of the document")
        index = match.end()
    end = re.compile(r"\r\n|\r|\n").search(text, index)
    line = text[index : end.start() if end else len(text)]
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            assert units == pos.character, f"column {pos.character} splits a character"
            return index + i
        units += 2 if ord(ch) > 0xFFFF else 1
    assert pos.character <= units, f"column {pos.character} is past the end of line {pos.line} ({units})"
    return index + len(line)


def position_at(text: str, offset: int) -> types.Position:
    before = text[:offset]
    lines = split_lines(before)
    last = lines[-1]
    return types.Position(line=len(lines) - 1, character=sum(2 if ord(c) > 0xFFFF else 1 for c in last))


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for (start, end, _), (next_start, _, _) in zip(spans[1:], spans):
        assert end <= next_start, "overlapping edits"
    for start, end, new in spans:
        assert start <= end, "an edit ends before it starts"
        text = text[:start] + new + text[end:]
    return text


# -- snippets ---------------------------------------------------------------------------------------
@dataclass
class TabStop:
    index: int
    start: int  # offset in the expanded text
    end: int
    choices: list[str] = field(default_factory=list)


@dataclass
class Expanded:
    text: str
    stops: list[TabStop]
    variables: list[str]


class _Parser:
    def __init__(self, source: str):
        self.s, self.i = source, 0
        self.out: list[str] = []
        self.stops: list[TabStop] = []
        self.variables: list[str] = []

    @property
    def length(self) -> int:
        return sum(map(len, self.out))

    def parse(self, stop_at: str = "") -> None:
        s = self.s
        while self.i < len(s):
            ch = s[self.i]
            if stop_at and ch in stop_at:
                return
            if ch == "\\" and self.i + 1 < len(s) and s[self.i + 1] in "$}\\":
                self.out.append(s[self.i + 1])
                self.i += 2
            elif ch == "$":
                self._dollar()
            else:
                self.out.append(ch)
                self.i += 1

    def _dollar(self) -> None:
        s, start = self.s, self.i
        self.i += 1
        if self.i < len(s) and s[self.i].isdigit():
            number = re.match(r"\d+", s[self.i :]).group(0)  # type: ignore[union-attr]
            self.i += len(number)
            self.stops.append(TabStop(int(number), self.length, self.length))
            return
        name = re.match(r"[_a-zA-Z][_a-zA-Z0-9]*", s[self.i :])
        if name:
            self.i += len(name.group(0))
            self.variables.append(name.group(0))  # unknown variables resolve to nothing
            return
        if self.i < len(s) and s[self.i] == "{":
            body = re.match(r"\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)([:|}])", s[self.i :])
            if body:
                ident, kind = body.group(1), body.group(2)
                self.i += len(body.group(0))
                if kind == "}":
                    self._close(ident, self.length, [])
                    return
                if kind == ":":
                    begin = self.length
                    self.parse(stop_at="}")
                    if self.i < len(s) and s[self.i] == "}":
                        self.i += 1
                        self._close(ident, begin, [])
                        return
                elif ident.isdigit():
                    options = self._choice()
                    if options is not None:
                        begin = self.length
                        self.out.append(options[0])
                        self._close(ident, begin, options)
                        return
        self.i = start + 1
        self.out.append("$")  # not a snippet construct: a literal dollar

    def _choice(self) -> list[str] | None:
        s, options, current = self.s, [], []
        while self.i < len(s):
            ch = s[self.i]
            if ch == "\\" and self.i + 1 < len(s) and s[self.i + 1] in "$}\\,|":
                current.append(s[self.i + 1])
                self.i += 2
            elif ch == ",":
                options.append("".join(current))
                current = []
                self.i += 1
            elif ch == "|" and s[self.i + 1 : self.i + 2] == "}":
                options.append("".join(current))
                self.i += 2
                return options
            else:
                current.append(ch)
                self.i += 1
        return None

    def _close(self, ident: str, begin: int, options: list[str]) -> None:
        if ident.isdigit():
            self.stops.append(TabStop(int(ident), begin, self.length, options))
        else:
            self.variables.append(ident)


def expand_snippet(source: str) -> Expanded:
    parser = _Parser(source)
    parser.parse()
    return Expanded("".join(parser.out), sorted(parser.stops, key=lambda t: (t.index == 0, t.index)), parser.variables)


def escape_plain(text: str) -> str:
    """How VS Code turns a plain-text item into a snippet before inserting it."""
    return re.sub(r"([\\$}])", r"\\\1", text)


# -- completion -------------------------------------------------------------------------------------
class RejectedItem(AssertionError):
    """VS Code would not show or could not apply this item."""


@dataclass
class Accepted:
    text: str  # the document after the item was applied
    cursor: int  # offset where the first tab stop (or the end) leaves the cursor
    stops: list[TabStop]  # tab stops, as offsets in the new document


def _edit_range(item: types.CompletionItem, mode: str) -> tuple[types.Range, types.Range | None]:
    edit = item.text_edit
    if isinstance(edit, types.InsertReplaceEdit):
        return (edit.insert if mode == "insert" else edit.replace), edit.replace
    if isinstance(edit, types.TextEdit):
        return edit.range, None
    raise RejectedItem(f"{item.label}: no textEdit")


def check_ranges(item: types.CompletionItem, cursor: types.Position) -> None:
    edit = item.text_edit
    ranges = [edit.insert, edit.replace] if isinstance(edit, types.InsertReplaceEdit) else [edit.range]  # type: ignore[union-attr]
    for rng in ranges:
        if rng.start.line != rng.end.line or rng.start.line != cursor.line:
            raise RejectedItem(f"{item.label}: range {rng} is not on the cursor line {cursor.line}")
        if not (rng.start.character <= cursor.character <= rng.end.character):
            raise RejectedItem(f"{item.label}: range {rng} does not contain the cursor {cursor}")
    if isinstance(edit, types.InsertReplaceEdit) and (
        edit.insert.start != edit.replace.start or edit.insert.end.character > edit.replace.end.character
    ):
        raise RejectedItem(f"{item.label}: insert {edit.insert} is not a prefix of replace {edit.replace}")


def _fuzzy_match(word: str, target: str) -> bool:
    """VS Code shows an item when the typed word's characters appear in order in its filter
    text, the first one at the start (case-insensitive); an empty word shows everything."""
    if not word:
        return True
    word, target = word.lower(), target.lower()
    if target[:1] != word[:1]:
        return False
    at = 0
    for ch in word:
        at = target.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


def visible(item: types.CompletionItem, text: str, cursor: types.Position) -> bool:
    insert, _ = _edit_range(item, "insert")
    typed = text[offset_of(text, insert.start) : offset_of(text, cursor)]
    return _fuzzy_match(typed, item.filter_text or item.label)


def accept(
    text: str,
    cursor: types.Position,
    item: types.CompletionItem,
    mode: str = "insert",
    default_mode: types.InsertTextMode = VSCODE_DEFAULT_MODE,
) -> Accepted:
    """The document after accepting `item` at `cursor`, as VS Code inserts it."""
    check_ranges(item, cursor)
    rng, _ = _edit_range(item, mode)
    new_text = item.text_edit.new_text  # type: ignore[union-attr]
    source = new_text if item.insert_text_format == types.InsertTextFormat.Snippet else escape_plain(new_text)
    expanded = expand_snippet(source)
    body = expanded.text
    lines = split_lines(body)
    mode_used = item.insert_text_mode or default_mode
    if mode_used == types.InsertTextMode.AdjustIndentation and len(lines) > 1:
        line_start = offset_of(text, types.Position(line=cursor.line, character=0))
        before = text[line_start : offset_of(text, cursor)]
        lead = before[: len(before) - len(before.lstrip(" \t"))]
        lines = [lines[0]] + [lead + line for line in lines[1:]]
    document_eol = eol(text)
    adjusted = document_eol.join(lines)
    pieces = split_lines(body)
    body_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", body)]
    adjusted_starts = [sum(len(line) + len(document_eol) for line in lines[:k]) for k in range(len(lines))]
    start, end = offset_of(text, rng.start), offset_of(text, rng.end)
    extra = list(item.additional_text_edits or [])
    for e in extra:
        a, b = offset_of(text, e.range.start), offset_of(text, e.range.end)
        if not (b <= start or a >= end):
            raise RejectedItem(f"{item.label}: an additional edit overlaps the main edit")
    result = apply_text_edits(text, [types.TextEdit(range=rng, new_text=adjusted), *extra])
    # Where the main edit's text starts in the result: after what earlier edits added.
    start += sum(len(e.new_text) - (offset_of(text, e.range.end) - offset_of(text, e.range.start))
                 for e in extra if offset_of(text, e.range.end) <= offset_of(text, rng.start))

    def moved(offset: int) -> int:
        # An offset in the expanded body -> the same place in the inserted, re-indented text.
        k = max(i for i, line_start in enumerate(body_starts) if line_start <= offset)
        return start + adjusted_starts[k] + len(lines[k]) - len(pieces[k]) + offset - body_starts[k]

    stops = [TabStop(s.index, moved(s.start), moved(s.end), s.choices) for s in expanded.stops]
    first = next((s for s in stops if s.index != 0), None) or next((s for s in stops if s.index == 0), None)
    cursor_after = first.start if first else start + len(adjusted)
    return Accepted(result, cursor_after, stops)


# -- workspace edits --------------------------------------------------------------------------------
def apply_workspace_edit(text: str, uri: str, edit: types.WorkspaceEdit) -> str:
    edits: list[types.TextEdit] = []
    if edit.changes:
        assert set(edit.changes) == {uri}, f"edits for other documents: {set(edit.changes)}"
        edits += edit.changes[uri]
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri, change
        for e in change.edits:
            if isinstance(e, types.SnippetTextEdit):
                edits.append(types.TextEdit(range=e.range, new_text=expand_snippet(e.snippet.value).text))
            else:
                edits.append(e)
    return apply_text_edits(text, edits)
