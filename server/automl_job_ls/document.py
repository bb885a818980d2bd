"""The document model: one parse per text, tolerant of syntax errors.

A `Document` knows its tree (nodes.py), its YAML errors, which kind of job file it is,
where the job mappings are, and which node and schema path sit at a position.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Union

from .nodes import Mapping, Node, Position, Range, Scalar, Sequence, is_null, pairs_of, scalar_str
from .suggest import did_you_mean
from .yaml_syntax import SyntaxProblem, SyntaxProblemError, UnsafeTag, compose

TASK = "image_instance_segmentation"
# The other AutoML tasks: a job with one of these is someone else's file, not a typo of ours.
OTHER_TASKS = (
    "classification", "regression", "forecasting", "image_classification", "image_classification_multilabel",
    "image_object_detection", "text_classification", "text_classification_multilabel", "text_ner",
)
_MAX_REPAIRS = 12


class JobKind(enum.Enum):
    STANDALONE = "standalone"
    PIPELINE = "pipeline"
    NOT_OURS = "not-ours"


@dataclass
class JobScope:
    """One AutoML instance segmentation job mapping inside the document."""

    mapping: Mapping
    anchor: Range  # where "missing key" problems of this job point
    path: list[Union[str, int]]  # schema path prefix, e.g. ["jobs", "train"]
    in_pipeline: bool


def camel_to_snake(value: str) -> str:
    """The CLI's enum normalisation: `MeanAveragePrecision` -> `mean_average_precision`."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", value)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def _is_our_task(node: Node | None) -> bool:
    text = scalar_str(node)
    return text is not None and camel_to_snake(text) == TASK


def _task_could_be_ours(node: Node | None) -> bool:
    """True for our task, a misspelling of it, a missing task or a non-literal one (binding);
    False for another AutoML task or an unrelated word."""
    text = scalar_str(node)
    if text is None or not text.strip() or text.strip().startswith("${{"):
        return not isinstance(node, (Mapping, Sequence))
    name = camel_to_snake(text.strip())
    if name == TASK:
        return True
    if name in OTHER_TASKS:
        return False
    return did_you_mean(name, (TASK,) + OTHER_TASKS) == TASK


def _is_type(node: Node | None, expected: str) -> bool:
    text = scalar_str(node)
    return text is not None and text.lower() == expected


def _is_our_node(node: Node) -> bool:
    """A pipeline step that is (or is meant to be) an AutoML instance segmentation job."""
    if not isinstance(node, Mapping):
        return False
    task = node.get("task")
    if _is_type(node.get("type"), "automl"):
        return _task_could_be_ours(task)
    if is_null(node.get("type")) and not node.get("component"):
        return task is not None and _task_could_be_ours(task) and not is_null(task)
    return False


@dataclass
class Document:
    text: str
    force_job: bool = False  # the user mapped this file to the job schema in settings
    path: str | None = None  # where the file lives, for relative references
    root: Node | None = None
    syntax_errors: list[SyntaxProblem] = field(default_factory=list)
    blanked_lines: set[int] = field(default_factory=set)
    unsafe_tags: list[UnsafeTag] = field(default_factory=list)
    with_duplicates: list[Mapping] = field(default_factory=list)  # mappings that repeat a key

    def __post_init__(self) -> None:
        self._parse()

    # -- parsing --------------------------------------------------------------------------
    def _parse(self) -> None:
        """Compose; on a syntax error keep the first error, blank the offending line and retry,
        so the rest of the file still has a tree for completion, hover and the other checks."""
        lines = self.text.split("\n")
        for _ in range(_MAX_REPAIRS):
            try:
                result = compose("\n".join(lines) if self.blanked_lines else self.text)
            except SyntaxProblemError as exc:
                problem = exc.problem
                if not self.syntax_errors:
                    self.syntax_errors.append(problem)
                line = self._line_to_blank(problem, lines)
                if line is None:
                    return
                self.blanked_lines.add(line)
                lines[line] = " " * len(lines[line])
                continue
            self.root = result.root
            self.unsafe_tags = result.unsafe_tags
            self.with_duplicates = result.with_duplicates
            return

    def _line_to_blank(self, problem: SyntaxProblem, lines: list[str]) -> int | None:
        candidates = [problem.position.line]
        if problem.context_position is not None:
            candidates.append(problem.context_position.line)
        # Errors reported at the end of the stream belong to the last non-empty line.
        for line in candidates:
            while 0 <= line < len(lines) and not lines[line].strip() and line > 0:
                line -= 1
            if 0 <= line < len(lines) and line not in self.blanked_lines and lines[line].strip():
                return line
        return None

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

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    # -- which file is this -------------------------------------------------------------------
    @cached_property
    def kind(self) -> JobKind:
        root = self.root
        if not isinstance(root, Mapping):
            return JobKind.STANDALONE if self.force_job and root is None and self.syntax_errors else JobKind.NOT_OURS
        job_type = root.get("type")
        if _is_type(job_type, "pipeline"):
            return JobKind.PIPELINE if self._pipeline_nodes(root) else JobKind.NOT_OURS
        if _is_type(job_type, "automl"):
            # Any `task:` line counts (a duplicate key may hide ours behind a typo).
            tasks = [p.value for p in root.pairs if p.key.text == "task"] or [None]
            return JobKind.STANDALONE if any(_task_could_be_ours(t) for t in tasks) else JobKind.NOT_OURS
        if job_type is None or scalar_str(job_type) == "":
            schema = scalar_str(root.get("$schema")) or ""
            task = root.get("task")
            if "autoMLImageInstanceSegmentationJob" in schema or (task is not None and _task_could_be_ours(task)):
                return JobKind.STANDALONE
        if self.force_job:
            return JobKind.STANDALONE
        return JobKind.NOT_OURS

    @property
    def is_ours(self) -> bool:
        return self.kind is not JobKind.NOT_OURS

    @staticmethod
    def _pipeline_nodes(root: Mapping) -> list[tuple[Scalar, Mapping]]:
        jobs = root.get("jobs")
        if not isinstance(jobs, Mapping):
            return []
        return [(pair.key, pair.value) for pair in jobs.pairs if _is_our_node(pair.value)]

    @cached_property
    def jobs(self) -> list[JobScope]:
        root = self.root
        if self.kind is JobKind.STANDALONE and isinstance(root, Mapping):
            anchor_pair = root.pair("type") or (root.pairs[0] if root.pairs else None)
            anchor = anchor_pair.key.range if anchor_pair else Range(Position(0, 0), Position(0, 0))
            return [JobScope(root, anchor, [], in_pipeline=False)]
        if self.kind is JobKind.PIPELINE and isinstance(root, Mapping):
            return [JobScope(node, key.range, ["jobs", key.text], in_pipeline=True) for key, node in self._pipeline_nodes(root)]
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

    def schema_path_at(self, pos: Position) -> str:
        return format_path([seg for seg, _ in self.node_path_at(pos)[1:] if seg is not None])


def format_path(path: list[Union[str, int]]) -> str:
    """`["search_space", 0, "learning_rate"]` -> `search_space[0].learning_rate`."""
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += ("." if out else "") + str(seg)
    return out


def parse(text: str, force_job: bool = False, path: str | None = None) -> Document:
    return Document(text=text, force_job=force_job, path=path)
