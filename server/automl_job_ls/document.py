"""The document model: one parse per text, tolerant of syntax errors.

A `Document` knows its tree (nodes.py), its YAML errors, which kind of job file it is,
where the job mappings are, and which node and schema path sit at a position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Union

from .lines import LineIndex, split_lines
from .nodes import Mapping, Node, Position, Range, Sequence, pairs_of
from .recognition import (  # JobKind is also this module's: a document's kind
    JobKind,
    kind_from_lines,
    kind_from_tree,
    pipeline_steps,
    plainly_foreign,
)
from .tolerant_parse import SyntaxFault, parse_tolerant
from .yaml_syntax import UnsafeTag


@dataclass
class JobScope:
    """One AutoML instance segmentation job mapping inside the document."""

    mapping: Mapping
    anchor: Range  # where "missing key" problems of this job point
    path: list[Union[str, int]]  # schema path prefix, e.g. ["jobs", "train"]
    in_pipeline: bool


@dataclass
class Document:
    text: str
    force_job: bool = False  # the user mapped this file to the job schema in settings
    path: str | None = None  # where the file lives, for relative references
    was: JobKind | None = None  # what the previous version of this text was, while the user types
    root: Node | None = None
    syntax_errors: list[SyntaxFault] = field(default_factory=list)
    blanked_lines: set[int] = field(default_factory=set)  # lines left out of the tree
    unsafe_tags: list[UnsafeTag] = field(default_factory=list)
    with_duplicates: list[Mapping] = field(default_factory=list)  # mappings that repeat a key

    def __post_init__(self) -> None:
        self.lines: list[str] = split_lines(self.text)  # the LSP's lines: \n, \r\n and \r only
        result = parse_tolerant(self.text, self.lines)
        self.root = result.root
        self.syntax_errors = result.faults
        self.blanked_lines = result.blanked
        self.unsafe_tags = result.unsafe_tags
        self.with_duplicates = result.with_duplicates

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.text, self.lines)

    @cached_property
    def _parents(self) -> dict[int, Node]:
        parents: dict[int, Node] = {}
        for mapping, pair in pairs_of(self.root):
            parents.setdefault(id(pair.key), mapping)
            parents.setdefault(id(pair.value), mapping)
            if isinstance(pair.value, Sequence):
                for item in pair.value.items:
                    parents.setdefault(id(item), pair.value)
        if isinstance(self.root, Sequence):
            for item in self.root.items:
                parents.setdefault(id(item), self.root)
        return parents

    def parent_of(self, node: Node) -> Node | None:
        """The mapping or list that holds `node` (the first one, for shared aliases)."""
        return self._parents.get(id(node))

    # -- which file is this -------------------------------------------------------------------
    @cached_property
    def kind(self) -> JobKind:
        kind = kind_from_tree(self.root, self.force_job)
        broken = bool(self.syntax_errors) or not isinstance(self.root, Mapping)
        if kind is JobKind.NOT_OURS and broken:
            # No number of syntax errors turns a job into someone else's file.
            kind = kind_from_lines(self.lines)
            if kind is JobKind.NOT_OURS and self.force_job and self.syntax_errors:
                kind = JobKind.STANDALONE
        if kind is JobKind.NOT_OURS and self.was in (JobKind.STANDALONE, JobKind.PIPELINE):
            if self.text.strip() and not plainly_foreign(self.root):
                kind = self.was  # half-typed `task: image_inst` is still the same job
        return kind

    @property
    def is_ours(self) -> bool:
        return self.kind is not JobKind.NOT_OURS

    @cached_property
    def jobs(self) -> list[JobScope]:
        root = self.root
        if self.kind is JobKind.STANDALONE and isinstance(root, Mapping):
            anchor_pair = root.pair("type") or (root.pairs[0] if root.pairs else None)
            anchor = anchor_pair.key.range if anchor_pair else Range(Position(0, 0), Position(0, 0))
            return [JobScope(root, anchor, [], in_pipeline=False)]
        if self.kind is JobKind.PIPELINE and isinstance(root, Mapping):
            return [JobScope(node, key.range, ["jobs", key.text], in_pipeline=True) for key, node in pipeline_steps(root)]
        return []

    # -- positions ---------------------------------------------------------------------------
    def node_path_at(self, pos: Position) -> list[tuple[Union[str, int, None], Node]]:
        """The chain of (segment, node) from the root to the deepest node at `pos`.

        When `pos` is on a key, the last element is that key's scalar.
        """
        chain: list[tuple[Union[str, int, None], Node]] = []
        node = self.root
        if node is None:
            return chain
        chain.append(("", node))
        seen: set[int] = set()
        while id(node) not in seen:
            seen.add(id(node))
            nxt: tuple[Union[str, int, None], Node] | None = None
            if isinstance(node, Mapping):
                for pair in node.pairs:
                    if pair.key.range.contains(pos):
                        chain.append((pair.key.text, pair.key))
                        return chain
                    if pair.value.range.contains(pos) and pair.value.range.start != pair.value.range.end:
                        nxt = (pair.key.text, pair.value)
            elif isinstance(node, Sequence):
                for index, item in enumerate(node.items):
                    if item.range.contains(pos):
                        nxt = (index, item)
            if nxt is None:
                break
            chain.append(nxt)
            node = nxt[1]
        return chain


def format_path(path: list[Union[str, int]]) -> str:
    """`["search_space", 0, "learning_rate"]` -> `search_space[0].learning_rate`."""
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += ("." if out else "") + str(seg)
    return out


def parse(text: str, force_job: bool = False, path: str | None = None, was: JobKind | None = None) -> Document:
    return Document(text=text, force_job=force_job, path=path, was=was)
