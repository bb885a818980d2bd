"""The document tree: YAML nodes with exact ranges, free of any parser's types.

Nodes hold no pointer to their parent: a tree without cycles is freed as soon as the next
edit replaces it, instead of waiting for (and pausing in) a full garbage collection.
Document.parent_of answers the question when a feature needs it.

Positions are 0-based lines and Unicode code points, the form PyYAML marks use; the server
converts them to the client's encoding at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, NamedTuple, Union


# Named tuples: a job of 3,000 lines has ~20,000 nodes, and these are built for each one.
class Position(NamedTuple):
    line: int
    character: int


class Range(NamedTuple):
    start: Position
    end: Position

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end

    @staticmethod
    def of(l1: int, c1: int, l2: int, c2: int) -> "Range":
        return Range(Position(l1, c1), Position(l2, c2))


# YAML 1.1 scalar kinds after tag resolution (what PyYAML's safe_load would construct).
STR, INT, FLOAT, BOOL, NULL, OTHER = "str", "int", "float", "bool", "null", "other"
# A value the YAML reader could not read (the culprit of a syntax error, reported as such):
# it stands in the tree so its key is still there, and no check judges it.
BROKEN = "broken"


@dataclass(eq=False, slots=True)
class Scalar:
    text: str  # the scalar's content, without quotes
    kind: str  # one of STR, INT, FLOAT, BOOL, NULL, OTHER (timestamps, binary, ...)
    value: Any  # the constructed Python value, as safe_load gives it
    range: Range
    quoted: bool = False

    def children(self) -> Iterator["Node"]:
        return iter(())


@dataclass(eq=False, slots=True)
class Pair:
    key: Scalar  # complex keys are turned into a Scalar of their source text
    value: "Node"


@dataclass(eq=False, slots=True)
class Mapping:
    pairs: list[Pair]
    range: Range
    flow: bool = False

    def get(self, key: str) -> "Node | None":
        # The last occurrence wins, as with the CLI's loader.
        for pair in reversed(self.pairs):
            if pair.key.text == key:
                return pair.value
        return None

    def pair(self, key: str) -> Pair | None:
        for pair in reversed(self.pairs):
            if pair.key.text == key:
                return pair
        return None

    def keys(self) -> list[str]:
        return [p.key.text for p in self.pairs]

    def children(self) -> Iterator["Node"]:
        for pair in self.pairs:
            yield pair.key
            yield pair.value


@dataclass(eq=False, slots=True)
class Sequence:
    items: list["Node"]
    range: Range
    flow: bool = False

    def children(self) -> Iterator["Node"]:
        return iter(self.items)


Node = Union[Scalar, Mapping, Sequence]


def scalar_str(node: "Node | None") -> str | None:
    """The text of a string scalar, else None."""
    if isinstance(node, Scalar) and node.kind == STR:
        return node.text
    return None


def is_null(node: "Node | None") -> bool:
    return node is None or (isinstance(node, Scalar) and node.kind == NULL)


def pairs_of(root: "Node | None") -> Iterator[tuple[Mapping, Pair]]:
    """Every (mapping, pair) under `root`, each mapping once even when aliases share it.

    Iterative, so deep documents cannot exhaust the recursion limit."""
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            for pair in node.pairs:
                yield node, pair
                stack.append(pair.value)
        elif isinstance(node, Sequence):
            stack.extend(node.items)
