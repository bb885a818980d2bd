"""Benchmark: every request on pathological documents up to 1 MB, through the real server.

For each shape (a 40 kB flow line of 7,000 items, a 5,000-key mapping, a 3,000-line job, a
1 MB job and a 1 MB single flow line (just under the live limit), 300 levels of nesting) it prints, in milliseconds, the time
from didOpen to the first diagnostics, each request the server advertises (answered from the
parse of the open text), and after one edit: a hover sent right after it (so it waits for the
new parse) and the diagnostics of the new version. A second, small document is hovered while
the big one is being re-parsed, to show the message loop stays free. Client-observed wall time
over raw stdio (tests/rawlsp.py); not a test.

Run:  .venv/bin/python bench/bounded.py [--only NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from check_speed import generated_job  # noqa: E402
from tests.rawlsp import RawServer  # noqa: E402

HEAD = "type: automl\ntask: image_instance_segmentation\n"
SMALL = HEAD + "compute: azureml:gpu\ntraining_parameters:\n  early_stopping: true\n"


def megabyte_job() -> str:
    """The largest generated job that is still checked live (1,000,000 characters)."""
    text = generated_job(3000)
    entry = text.split("search_space:\n", 1)[1]
    while len(text) + len(entry) <= 1_000_000:
        text += entry
    return text


SHAPES = {
    "flow line, 7,000 items": lambda: HEAD + "tags: [" + ", ".join(f"a{i}" for i in range(7000)) + "]\n",
    "mapping, 5,000 keys": lambda: HEAD + "tags:\n" + "".join(f"  k{i}: v{i}\n" for i in range(5000)),
    "job, 3,000 lines": lambda: generated_job(3000),
    "job, 1 MB": megabyte_job,
    "one flow line, 1 MB": lambda: HEAD + "tags: [" + ", ".join(f"item{i}" for i in range(90_000)) + "]\n",
    "nesting, 300 levels": lambda: HEAD + "tags:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(300)),
}
REQUESTS = {
    "documentSymbol": lambda pos: {},
    "foldingRange": lambda pos: {},
    "documentLink": lambda pos: {},
    "selectionRange": lambda pos: {"positions": [pos]},
    "hover": lambda pos: {"position": pos},
    "completion": lambda pos: {"position": pos},
    "codeAction": lambda pos: {"range": {"start": pos, "end": pos}, "context": {"diagnostics": []}},
    "definition": lambda pos: {"position": pos},
    "references": lambda pos: {"position": pos, "context": {"includeDeclaration": True}},
    "prepareRename": lambda pos: {"position": pos},
}


def middle(text: str) -> dict:
    lines = text.split("\n")
    line = len(lines) // 2
    return {"line": line, "character": min(4, len(lines[line]))}


def timed(server: RawServer, method: str, params: dict) -> tuple[float, dict]:
    started = time.perf_counter()
    answer = server.call(method, params, timeout=120)
    return (time.perf_counter() - started) * 1000, answer


def measure(name: str, text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    uri, small = "file:///bench/big.yml", "file:///bench/small.yml"
    with RawServer() as server:
        server.initialize()
        server.open(small, SMALL)
        server.diagnostics(small, 1)
        started = time.perf_counter()
        server.open(uri, text)
        server.diagnostics(uri, 1, timeout=120)
        out["open to diagnostics"] = (time.perf_counter() - started) * 1000
        pos = middle(text)
        for method, params in REQUESTS.items():
            out[method], _ = timed(server, f"textDocument/{method}", {"textDocument": {"uri": uri}, **params(pos)})
        started = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": pos, "end": pos}, "text": "x"}]})
        hover_big = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
        hover_small = server.request("textDocument/hover", {"textDocument": {"uri": small}, "position": {"line": 3, "character": 4}})
        server.response(hover_small, timeout=120)
        out["small document's hover meanwhile"] = (time.perf_counter() - started) * 1000
        server.response(hover_big, timeout=120)
        out["hover right after an edit"] = (time.perf_counter() - started) * 1000
        server.diagnostics(uri, 2, timeout=120)
        out["edit to diagnostics"] = (time.perf_counter() - started) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one shape, by a word of its name")
    args = parser.parse_args()
    results = {}
    for name, make in SHAPES.items():
        if args.only and args.only not in name:
            continue
        text = make()
        print(f"... {name} ({len(text) / 1000:.0f} kB)", file=sys.stderr, flush=True)
        results[f"{name} ({len(text) / 1000:.0f} kB)"] = measure(name, text)
    metrics = list(next(iter(results.values())))
    head = ["ms"] + list(results)
    rows = [[m] + [f"{r[m]:.1f}" for r in results.values()] for m in metrics]
    widths = [max(len(row[i]) for row in rows + [head]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


if __name__ == "__main__":
    main()
