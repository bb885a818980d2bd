"""Drive the real server over raw stdio like a busy editor, and check what comes back.

The client keeps its own model of each document (an independent implementation of LSP lines and
UTF-16 columns, not the server's), sends incremental edits, and interleaves every request the
server advertises at valid and invalid positions. Invariants checked on every answer:

- every request is answered (and how long it took is recorded);
- an error answer is one the specification allows for that input (-32602 only for positions that
  are not unsigned integers, -32803 only for a refused rename); anything else is a violation;
- every range in an answer, and in diagnostics published for the current version, lies inside
  the document; folding ranges and selection ranges too;
- at the end, the diagnostics of the final text equal those of a fresh open of it (see
  `final_diagnostics_match` for the one refinement the product's design calls for).

Used by tests/fuzz (short, seeded, through hypothesis) and bench/fuzz.py (minutes, figures).
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..rawlsp import RawServer

HANG_SECONDS = 10.0  # no answer by then is a hang
SLOW_SECONDS = 2.0  # an answer later than this is a violation (bench/fuzz.py reports it)
_BREAK = re.compile(r"\r\n|\r|\n")

# Pieces of text an editor user types into a job file, plus the awkward characters.
FRAGMENTS = [
    "training_parameters:", "\n  model_name: maskrcnn_resnet50_fpn", "\n  learning_rate: 0.01", "search_space:",
    "\n  - ", "type: choice", "values: [1, 2]", "limits:\n  max_trials: 10", "task: image_instance_segmentation",
    "${{parent.inputs.", "}}", "jobs:\n  train:\n    type: automl", ": ", "\n", "\r\n", "\t", "  ", "#", "-", "[", "]",
    "{", "}", "'", '"', "é", "€", "😀", "𝄞", "\x0c", "\u2028", "box_detections_per_img: 2", "!!python/object ", "&a ", "*a",
    "x" * 120, ", ".join(f"v{i}" for i in range(40)),
]
REQUESTS = [
    "textDocument/completion", "textDocument/hover", "textDocument/codeAction", "textDocument/documentSymbol",
    "textDocument/foldingRange", "textDocument/selectionRange", "textDocument/documentLink", "textDocument/definition",
    "textDocument/references", "textDocument/prepareRename", "textDocument/rename",
]


# -- the client's model of a document (independent of the server's code) ----------------------------
def lines_of(text: str) -> list[str]:
    return _BREAK.split(text)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def offset_of(text: str, line: int, units: int) -> int:
    """Code-point offset of an in-range (line, UTF-16 column) position."""
    start = 0
    for found in _BREAK.finditer(text):
        if line == 0:
            break
        start, line = found.end(), line - 1
    end = _BREAK.search(text, start)
    row = text[start : end.start() if end else len(text)]
    column, counted = 0, 0
    while column < len(row) and counted < units:
        counted += 2 if ord(row[column]) > 0xFFFF else 1
        column += 1
    return start + column


@dataclass
class Stats:
    edits: int = 0
    requests: int = 0
    crashes: int = 0
    hangs: int = 0
    violations: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def merge(self, other: Stats) -> None:
        self.edits += other.edits
        self.requests += other.requests
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.violations += other.violations
        self.latencies += other.latencies


class Crashed(Exception):
    pass


class Session:
    """One server and the documents open in it."""

    def __init__(self, server: RawServer, rng: random.Random) -> None:
        self.server = server
        self.rng = rng
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.initial: dict[str, str] = {}  # each document's first text
        self.stats = Stats()
        self.published: dict[str, tuple[int | None, list]] = {}  # uri -> (version, diagnostics)
        self.server.initialize({"textDocument": {"completion": {"completionItem": {"snippetSupport": True}}}})

    # -- documents ----------------------------------------------------------------------------
    def open(self, uri: str, text: str) -> None:
        self.texts[uri], self.versions[uri] = text, 1
        self.initial.setdefault(uri, text)
        self.server.open(uri, text)

    def random_position(self, uri: str, inside: bool = True) -> tuple[int, int]:
        lines = lines_of(self.texts[uri])
        line = self.rng.randrange(len(lines))
        row = lines[line]
        cut = self.rng.randint(0, len(row))
        if inside:
            return line, utf16_len(row[:cut])
        return self.rng.choice([(line, utf16_len(row) + self.rng.randint(1, 50)), (len(lines) + self.rng.randint(0, 5), 3), (line, 2**31 - 1)])

    def edit(self, uri: str, start: tuple[int, int], end: tuple[int, int], new_text: str) -> None:
        text = self.texts[uri]
        a, b = sorted((offset_of(text, *start), offset_of(text, *end)))
        if (start[0], start[1]) > (end[0], end[1]):
            start, end = end, start
        self.texts[uri] = text[:a] + new_text + text[b:]
        self.versions[uri] += 1
        self.stats.edits += 1
        self.server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": self.versions[uri]},
            "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}}, "text": new_text}],
        })

    def random_edit(self, uri: str) -> None:
        start = self.random_position(uri)
        lines = lines_of(self.texts[uri])
        if self.rng.random() < 0.5:
            end = start
        else:
            line = min(start[0] + self.rng.choice([0, 0, 0, 1, 2]), len(lines) - 1)
            end = (line, utf16_len(lines[line][: self.rng.randint(0, len(lines[line]))]))
        new_text = "".join(self.rng.choice(FRAGMENTS) for _ in range(self.rng.choice([0, 1, 1, 2, 3])))
        self.edit(uri, start, end, new_text)

    # -- requests -----------------------------------------------------------------------------
    def params(self, method: str, uri: str, position: tuple[int, int]) -> dict:
        pos = {"line": position[0], "character": position[1]}
        doc = {"textDocument": {"uri": uri}}
        if method in ("textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/documentLink"):
            return doc
        if method == "textDocument/selectionRange":
            return {**doc, "positions": [pos, {"line": 0, "character": 0}]}
        if method == "textDocument/codeAction":
            return {**doc, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}
        if method == "textDocument/references":
            return {**doc, "position": pos, "context": {"includeDeclaration": True}}
        if method == "textDocument/rename":
            return {**doc, "position": pos, "newName": self.rng.choice(["renamed", "2bad", "train_data"])}
        return {**doc, "position": pos}

    def request(self, method: str, uri: str, position: tuple[int, int]) -> Any:
        self.stats.requests += 1
        started = time.perf_counter()
        msg_id = self.server.request(method, self.params(method, uri, position))
        seen: list = []
        try:
            answer = self.server.response(msg_id, HANG_SECONDS, seen)
        except TimeoutError:
            self.stats.hangs += 1
            self.stats.violations.append(f"hang: {method} at {position} (no answer in {HANG_SECONDS:.0f} s)")
            return None
        except EOFError:
            raise Crashed(f"the server died during {method}") from None
        elapsed = time.perf_counter() - started
        self.stats.latencies.append(elapsed)
        if elapsed > SLOW_SECONDS:
            self.stats.violations.append(f"slow: {method} took {elapsed:.2f} s")
        for message in seen:
            self.check_notification(message)
        self.check_answer(method, uri, position, answer)
        return answer

    def random_request(self, uri: str) -> None:
        method = self.rng.choice(REQUESTS)
        kind = self.rng.random()
        if kind < 0.8:
            position = self.random_position(uri)
        elif kind < 0.95:
            position = self.random_position(uri, inside=False)
        else:
            position = self.rng.choice([(-1, 0), (0, -3), (2**32, 0), (0, 2**32)])
        self.request(method, uri, position)

    # -- invariants ---------------------------------------------------------------------------
    def check_answer(self, method: str, uri: str, position: tuple[int, int], answer: dict) -> None:
        invalid = any(v < 0 or v >= 2**31 for v in position)
        if "error" in answer:
            code = answer["error"]["code"]
            allowed = {-32602} if invalid else ({-32803} if method == "textDocument/rename" else set())
            if code not in allowed:
                self.stats.violations.append(f"error {code} for {method} at {position}: {answer['error']['message'][:200]}")
            return
        if invalid and not (method in ("textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/documentLink")):
            self.stats.violations.append(f"{method} at {position} answered instead of -32602")
        self.check_ranges(method, self.texts[uri], answer.get("result"))

    def check_notification(self, message: dict) -> None:
        if message.get("method") != "textDocument/publishDiagnostics":
            return
        params = message["params"]
        uri = params["uri"]
        self.published[uri] = (params.get("version"), params["diagnostics"])
        if uri in self.texts and params.get("version") == self.versions[uri]:
            self.check_ranges("publishDiagnostics", self.texts[uri], params["diagnostics"])

    def check_ranges(self, what: str, text: str, value: Any) -> None:
        lines = lines_of(text)

        def inside(pos: dict) -> bool:
            line, character = pos["line"], pos["character"]
            return 0 <= line < len(lines) and 0 <= character <= utf16_len(lines[line])

        def walk(node: Any) -> None:
            if isinstance(node, list):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                if "start" in node and "end" in node and isinstance(node["start"], dict):
                    start, end = node["start"], node["end"]
                    if not (inside(start) and inside(end) and (start["line"], start["character"]) <= (end["line"], end["character"])):
                        self.stats.violations.append(f"{what}: range {node} outside the document or reversed")
                if "startLine" in node and "endLine" in node:
                    if not (0 <= node["startLine"] <= node["endLine"] < len(lines)):
                        self.stats.violations.append(f"{what}: folding range {node} outside the document")
                for key, item in node.items():
                    if key != "data":
                        walk(item)

        walk(value)

    def final_diagnostics_match(self, uri: str) -> bool:
        """The diagnostics of the final text equal those of a fresh open of it.

        One refinement, from the product's design: a job file that is half-typed into something
        no longer recognisable as a job stays a job (document.py keeps the kind of the version
        before). When a fresh open of the final text is not a job, the session's document may
        therefore still be one: its diagnostics must then be exactly those of a fresh document
        that was a job (opened with the same first text) and then got the final text."""
        final = self.published_for(uri, self.versions[uri])
        fresh = self._fresh(uri, None)
        expected = fresh
        if not fresh and final:
            expected = self._fresh(uri, self.initial[uri])  # the kind kept from before
        if final != expected:
            self.stats.violations.append(f"final diagnostics differ from a fresh document's ({len(final)} vs {len(expected)})")
            return False
        return True

    def _fresh(self, uri: str, before: str | None) -> list:
        fresh_uri = uri.replace(".yml", f"-fresh{len(self.texts)}.yml")
        text = self.texts[uri]
        self.open(fresh_uri, text if before is None else before)
        if before is None:
            return self.published_for(fresh_uri, 1)
        self.published_for(fresh_uri, 1)
        self.texts[fresh_uri], self.versions[fresh_uri] = text, 2
        self.server.notify("textDocument/didChange", {"textDocument": {"uri": fresh_uri, "version": 2}, "contentChanges": [{"text": text}]})
        return self.published_for(fresh_uri, 2)

    def published_for(self, uri: str, version: int) -> list:
        deadline = time.monotonic() + HANG_SECONDS * 3
        while self.published.get(uri, (None,))[0] != version:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no diagnostics for {uri} version {version}")
            try:
                self.check_notification(self.server.next_message(left))
            except EOFError:
                raise Crashed("the server closed its output") from None
        return self.published[uri][1]

    def drain(self) -> None:
        """Check the notifications that arrived since the last request."""
        while True:
            try:
                message = self.server.messages.get_nowait()
            except Exception:
                return
            if message is None:
                raise Crashed("the server closed its output")
            self.check_notification(message)
