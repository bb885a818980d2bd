"""The tolerant parse: a tree, and every syntax error at its culprit, for text that is not valid YAML.

A valid document is composed once. An invalid one is cut into its block structure: the lines of
one indentation level are split where each key (or list item) starts, and each block is composed
on its own. A block that fails is split again at its children's level, so an error is found in
the smallest block that holds it, the rest of the file keeps its tree, and independent errors are
each found, while the total work stays a few times a single parse.

What the parser says is mapped to the construct that caused it: an unterminated quote is reported
at the opening quote (PyYAML reports the end of the stream), an unclosed bracket at the bracket, a
half-typed key at that key (PyYAML reports the next line), a tab at the tab, and git merge
conflict markers on each marker line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .nodes import Mapping, Node, Position, Range, Scalar, Sequence
from .yaml_syntax import BROKEN_VALUE, SyntaxProblem, SyntaxProblemError, UnsafeTag, compose

# Kinds of syntax fault, named by their culprit.
QUOTE = "unterminated-quote"
BRACKET = "unclosed-bracket"
HALF_KEY = "half-typed-key"
TAB = "tab"
MARKER = "merge-conflict-marker"
NOT_A_PAIR = "not-key-value"
NOT_AN_ITEM = "not-list-item"
INDENT = "indentation"
SECOND_DOCUMENT = "second-document"
PARSER = "parser"  # anything else: PyYAML's own words

MAX_SEARCHED = 200  # faults looked for; the document model reports fewer
_MAX_DEPTH = 32  # block levels split before a block is repaired line by line
_LEAF_REPAIRS = 8  # lines blanked in one block before it is given up
_WORK_FACTOR = 6  # characters parsed, as a multiple of the text, before the search stops

# `key:` (after list dashes) at the start of a line: the key whose value a culprit sits in.
_KEY_PREFIX = re.compile(r"""[ ]*(?:-[ ]+)*(?:"[^"]*"|'[^']*'|[^\s#'"\[\]{}][^#]*?)[ ]*:(?=[ ]|$)""")
_MARKER_LINE = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?\Z")
_DOCUMENT_LINE = re.compile(r"(---|\.\.\.)(?:[ \t].*)?\Z")


@dataclass(frozen=True)
class SyntaxFault:
    kind: str
    range: Range
    problem: str = ""  # the parser's words, for PARSER; the marker or bracket otherwise
    context: str | None = None


@dataclass
class TolerantParse:
    root: Node | None
    unsafe_tags: list[UnsafeTag] = field(default_factory=list)
    with_duplicates: list[Mapping] = field(default_factory=list)
    faults: list[SyntaxFault] = field(default_factory=list)
    blanked: set[int] = field(default_factory=set)  # lines left out of the tree


def parse_tolerant(text: str, lines: list[str]) -> TolerantParse:
    """`lines` are the LSP lines of `text` (lines.split_lines)."""
    markers = _conflict_lines(lines)
    if not markers:
        try:
            result = compose(text)
        except SyntaxProblemError:
            pass
        else:
            return TolerantParse(result.root, result.unsafe_tags, result.with_duplicates)
    return _Repair(text, lines, markers).run()


def _conflict_lines(lines: list[str]) -> dict[int, str]:
    """Marker lines of unresolved git merges, by line number: `<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`."""
    found = {i: m.group(1) for i, line in enumerate(lines) if line[:1] in "<|=>" and (m := _MARKER_LINE.match(line))}
    if not any(mark[0] in "<>" for mark in found.values()):
        return {}  # a lone `=======` is not a merge
    return found


def _indent(line: str) -> int:
    """Leading spaces; a tab in the indentation reads as deeper than any level (the line then
    stays with the block above it, where the tab is reported)."""
    width = len(line) - len(line.lstrip(" "))
    return _TAB_DEEP if line[width : width + 1] == "\t" else width


_TAB_DEEP = 1 << 30


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _is_dash(line: str, col: int) -> bool:
    return line[col : col + 1] == "-" and (len(line) == col + 1 or line[col + 1] in " \t")


class _Repair:
    def __init__(self, text: str, lines: list[str], markers: dict[int, str]) -> None:
        self.work = list(lines)
        self.anchors: dict[str, Node] = {}
        self.out = TolerantParse(None)
        self.budget = _WORK_FACTOR * len(text) + 10_000
        self._blank_conflicts(markers)

    def run(self) -> TolerantParse:
        self.out.root = self.region(0, len(self.work), 0)
        self.out.faults.sort(key=lambda f: f.range)
        return self.out

    # -- bookkeeping ----------------------------------------------------------------------
    def fault(self, kind: str, rng: Range, problem: str = "", context: str | None = None) -> None:
        if len(self.out.faults) < MAX_SEARCHED:
            self.out.faults.append(SyntaxFault(kind, rng, problem, context))

    def blank(self, line: int) -> None:
        self.work[line] = " " * len(self.work[line])
        self.out.blanked.add(line)

    def line_range(self, line: int, start: int | None = None) -> Range:
        """From `start` (default: the first non-blank) to the end of the line's text."""
        text = self.work[line]
        end = len(text.rstrip())
        begin = len(text) - len(text.lstrip()) if start is None else min(start, end)
        return Range(Position(line, begin), Position(line, max(end, begin)))

    def _blank_conflicts(self, markers: dict[int, str]) -> None:
        # Keep the first side of each conflict (the checked-out one); the other side and the
        # common ancestor section stay out of the tree.
        dropping = False
        for number in range(len(self.work)):
            mark = markers.get(number)
            if mark is not None:
                self.fault(MARKER, Range(Position(number, 0), Position(number, len(self.work[number].rstrip()))), mark)
                dropping = mark in ("|||||||", "=======")
                self.blank(number)
            elif dropping:
                self.blank(number)

    # -- structure ----------------------------------------------------------------------------
    def region(self, start: int, end: int, depth: int) -> Node | None:
        """The collection formed by lines [start, end): one indentation level, split into blocks."""
        work = self.work
        content = [i for i in range(start, end) if _is_content(work[i])]
        if not content:
            return None
        if depth == 0:
            content = self._single_document(content)
            if not content:
                return None
        first = content[0]
        level = _indent(work[first])
        if level == _TAB_DEEP:  # the level starts with a tab: no structure to split by
            return self.block(first, content[-1] + 1, level, False, _MAX_DEPTH)
        is_list = _is_dash(work[first], level)
        starts = [first]
        for i in content[1:]:
            col = _indent(work[i])
            if col > level:
                continue
            dash = _is_dash(work[i], col)
            if col < level:
                self.fault(INDENT, self.line_range(i), "less")
            elif is_list and not dash:
                # A line typed between list items: it alone is wrong, and the deeper lines
                # after it still belong to the item above.
                self.fault(NOT_AN_ITEM, self.line_range(i))
                self.blank(i)
                continue
            elif not is_list and dash:
                continue  # `key:` followed by a list at the key's own indentation
            starts.append(i)
        limit = content[-1] + 1
        nodes: list[Node] = []
        for n, block_start in enumerate(starts):
            block_end = starts[n + 1] if n + 1 < len(starts) else limit
            node = self.block(block_start, block_end, level, is_list, depth)
            if node is None:
                continue
            if isinstance(node, Sequence if is_list else Mapping) and not node.flow:
                nodes.append(node)
            else:
                self.fault(NOT_AN_ITEM if is_list else NOT_A_PAIR, self.line_range(block_start))
        return self._merge(nodes, is_list)

    def _single_document(self, content: list[int]) -> list[int]:
        """The content lines of the first document: a later `---` or `...` line is an error (the CLI reads one)."""
        work = self.work
        kept: list[int] = []
        for n, i in enumerate(content):
            if _indent(work[i]) == 0 and _DOCUMENT_LINE.match(work[i]):
                if kept or work[i].startswith("..."):
                    self.fault(SECOND_DOCUMENT, self.line_range(i))
                    for rest in content[n:]:
                        self.blank(rest)
                    break
                continue  # a `---` before anything else just opens the document
            kept.append(i)
        return kept

    def _merge(self, nodes: list[Node], is_list: bool) -> Node | None:
        if not nodes:
            return None
        if len(nodes) == 1:
            return nodes[0]
        rng = Range(nodes[0].range.start, nodes[-1].range.end)
        if is_list:
            return Sequence([item for node in nodes for item in node.items], rng)  # type: ignore[union-attr]
        merged = Mapping([pair for node in nodes for pair in node.pairs], rng)  # type: ignore[union-attr]
        seen: set[str] = set()
        for pair in merged.pairs:
            if pair.key.text in seen:
                self.out.with_duplicates.append(merged)
                break
            seen.add(pair.key.text)
        return merged

    def compose(self, start: int, end: int):
        text = "\n".join(self.work[start:end])
        self.budget -= len(text)
        result = compose(text, line_offset=start, anchors=self.anchors, repaired=True)
        self.out.unsafe_tags += result.unsafe_tags
        self.out.with_duplicates += result.with_duplicates
        return result.root

    def block(self, start: int, end: int, level: int, is_list: bool, depth: int) -> Node | None:
        try:
            return self.compose(start, end)
        except SyntaxProblemError as exc:
            problem = exc.problem
        if depth < _MAX_DEPTH and self.budget > 0:
            split = self.split_list_item(start, end, level, depth) if is_list else self.split_key(start, end, depth)
            if split is not False:
                return split  # type: ignore[return-value]
        return self.leaf(start, end, problem)

    def split_key(self, start: int, end: int, depth: int) -> Node | None | bool:
        """A `key:` line and its children: the children form their own region."""
        header = next(i for i in range(start, end) if _is_content(self.work[i]))
        try:
            head = self.compose(header, header + 1)
        except SyntaxProblemError:
            return False
        if not (isinstance(head, Mapping) and len(head.pairs) == 1 and not head.flow):
            return False
        pair = head.pairs[0]
        value = pair.value
        if not (isinstance(value, Scalar) and value.kind == "null" and value.range.start == value.range.end):
            return False  # `key: value` with children: the block is broken in itself
        inner = self.region(header + 1, end, depth + 1)
        if inner is not None:
            pair.value = inner
            head.range = Range(head.range.start, inner.range.end)
        return head

    def split_list_item(self, start: int, end: int, level: int, depth: int) -> Node | None | bool:
        """A `- ` item: its content (the dash read as a space) forms its own region."""
        header = next(i for i in range(start, end) if _is_content(self.work[i]))
        line = self.work[header]
        self.work[header] = line[:level] + " " + line[level + 1 :]
        try:
            inner = self.region(header, end, depth + 1)
        finally:
            if header not in self.out.blanked:
                self.work[header] = line
        dash = Position(header, level)
        if inner is None:
            return Sequence([Scalar("", "null", None, Range(dash, dash))], Range(dash, dash))
        return Sequence([inner], Range(dash, inner.range.end))

    def leaf(self, start: int, end: int, problem: SyntaxProblem) -> Node | None:
        """Take the culprit out and parse again, a few times, within this block only."""
        for attempt in range(_LEAF_REPAIRS):
            fault = self.culprit(problem, start, end)
            line = fault.range.start.line
            repairable = start <= line < end and line not in self.out.blanked
            if repairable or attempt == 0:
                self.fault(fault.kind, fault.range, fault.problem, fault.context)
            if not repairable or self.budget <= 0:
                return None
            self.take_out(fault, end)
            try:
                return self.compose(start, end)
            except SyntaxProblemError as exc:
                problem = exc.problem
        return None

    def take_out(self, fault: SyntaxFault, end: int) -> None:
        """Blank the culprit's line, or, when the culprit is inside a `key: value`, only the value:
        the key stays in the tree with a BROKEN value that no check judges."""
        line = fault.range.start.line
        text = self.work[line]
        key = _KEY_PREFIX.match(text)
        if key is None or key.end() > fault.range.start.character:
            self.blank(line)
            return
        self.work[line] = text[: key.end()] + " " + BROKEN_VALUE
        self.out.blanked.add(line)
        if fault.kind in (QUOTE, BRACKET):
            # The string or collection swallowed the lines below it: they go with it.
            col = _indent(text)
            for below in range(line + 1, end):
                if _is_content(self.work[below]) and _indent(self.work[below]) <= col:
                    break
                self.blank(below)

    # -- culprits ----------------------------------------------------------------------------------
    def culprit(self, problem: SyntaxProblem, start: int, end: int) -> SyntaxFault:
        context = problem.context or ""
        at = problem.context_position
        pos = problem.position
        if at is not None and "quoted scalar" in context:
            return SyntaxFault(QUOTE, self.line_range(at.line, at.character), self.work[at.line][at.character])
        if at is not None and context.startswith("while parsing a flow") and pos.line > at.line:
            return SyntaxFault(BRACKET, self.line_range(at.line, at.character), self.work[at.line][at.character])
        if at is not None and "simple key" in context:
            return SyntaxFault(HALF_KEY, self.line_range(at.line, at.character))
        if "tab" in problem.problem or self._char(pos) == "\t":
            return self._tab(pos)
        return SyntaxFault(PARSER, self._token(pos, start, end), problem.problem, problem.context)

    def _char(self, pos: Position) -> str:
        if 0 <= pos.line < len(self.work):
            return self.work[pos.line][pos.character : pos.character + 1]
        return ""

    def _tab(self, pos: Position) -> SyntaxFault:
        line = self.work[pos.line] if pos.line < len(self.work) else ""
        col = line.find("\t")
        if col < 0:
            return SyntaxFault(TAB, Range(pos, Position(pos.line, pos.character + 1)))
        stop = col
        while stop < len(line) and line[stop] == "\t":
            stop += 1
        return SyntaxFault(TAB, Range(Position(pos.line, col), Position(pos.line, stop)))

    def _token(self, pos: Position, start: int, end: int) -> Range:
        """The token at `pos`; at a line's end or on a blank line, the last character before it."""
        work = self.work
        line_no = min(max(pos.line, start), end - 1)
        line = work[line_no]
        col = pos.character if line_no == pos.line else len(line)
        if col >= len(line.rstrip()):
            while line_no > start and not work[line_no].strip():
                line_no -= 1
            last = len(work[line_no].rstrip())
            return Range(Position(line_no, max(last - 1, 0)), Position(line_no, last))
        stop = col
        while stop < len(line) and not line[stop].isspace():
            stop += 1
        return Range(Position(line_no, col), Position(line_no, stop))
