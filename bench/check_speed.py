"""Benchmark: checking a generated ~3,000-line job versus a bare PyYAML C-loader compose, and the
start-up of `check` as CI pays it (a whole process on the real 52-line job, next to a bare Python).

Prints medians over repeated runs, side by side. Not a test.
Run: .venv/bin/python bench/check_speed.py [--lines 3000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from automl_job_ls.document import parse
from automl_job_ls.diagnostics.engine import analyze
from automl_job_ls.schema import store

HEADER = Path(__file__).with_name("job_header.yml")
REPO = Path(__file__).resolve().parents[1]
FRIDGE = (REPO.parent / "shared" / "reference" / "examples" / "cli" / "jobs" / "automl-standalone-jobs"
          / "cli-automl-image-instance-segmentation-task-fridge-items" / "cli-automl-img-ins-seg-task-fridge-items.yml")

ENTRY = """\
  - model_name:
      type: choice
      values: [maskrcnn_resnet50_fpn, maskrcnn_resnet101_fpn]
    learning_rate:
      type: uniform
      min_value: 0.0001
      max_value: 0.001
    optimizer:
      type: choice
      values: ['sgd', 'adam', 'adamw']
    min_size:
      type: choice
      values: [600, 800]
    number_of_epochs:
      type: randint
      upper: {upper}
"""


def generated_job(lines: int) -> str:
    head = HEADER.read_text()
    parts = [head, "search_space:\n"]
    count = head.count("\n") + 1
    i = 0
    while count < lines:
        entry = ENTRY.format(upper=20 + i)
        parts.append(entry)
        count += entry.count("\n")
        i += 1
    return "".join(parts)


def long_lines_job(size: int = 1_000_000, line_chars: int = 40_000, quoted: bool = False) -> str:
    """A job of about `size` characters whose bulk is flow lists on lines of `line_chars`
    (`quoted`: each list inside one string, so the lines are long but the nodes few)."""
    head = HEADER.read_text()
    items = []
    n = 0
    while sum(len(i) for i in items) < line_chars:
        items.append(f"value{n}, ")
        n += 1
    flow = "[" + "".join(items).rstrip(", ") + "]"
    parts = [head, "tags:\n"]
    count = 0
    while len(head) + sum(len(p) for p in parts) < size:
        parts.append(f"  list{count}: '{flow}'\n" if quoted else f"  list{count}: {flow}\n")
        count += 1
    return "".join(parts)


def broken(text: str) -> str:
    """The same job with the worst kinds of syntax error: an unterminated quote on a long line,
    an unclosed bracket, a merge conflict and a dozen half-typed keys scattered through it."""
    lines = text.split("\n")
    long_at = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[long_at] = lines[long_at].replace(": '", ": ", 1).replace(": ", ': "', 1).rstrip("'")  # never closed
    bracket = next(i for i in range(long_at + 1, len(lines)) if "]" in lines[i])
    lines[bracket] = lines[bracket].replace("'[", "[").replace("]'", "]").replace("]", "")  # nor is this bracket
    step = max(len(lines) // 13, 1)
    for k in range(12):
        lines.insert(min(4 + k * step, len(lines) - 1), "  half_typed")
    lines.insert(3, "<<<<<<< HEAD")
    lines.insert(5, "=======")
    lines.insert(6, ">>>>>>> other")
    return "\n".join(lines)


def median_ms(fn, repeat: int) -> float:
    return interleaved([fn], repeat)[0]


def interleaved(fns, repeat: int) -> list[float]:
    """Median milliseconds of each function, run in turn so machine noise hits all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[index].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    text = generated_job(args.lines)
    store()  # schema loading is a one-time cost of the process, not of a check
    result = analyze(text)
    assert result.document.is_ours and not any(d.severity == 1 for d in result.diagnostics), result.diagnostics[:3]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    compose, check = interleaved([lambda: yaml.compose(text, Loader=loader), lambda: analyze(text)], args.repeat)
    print(f"job: {text.count(chr(10))} lines, {len(text)} characters; loader: {loader.__name__}; median of {args.repeat} runs")
    print(f"{'PyYAML compose (C loader)':<28} {compose:8.2f} ms")
    print(f"{'automl-job-ls check':<28} {check:8.2f} ms")
    print(f"{'ratio check / compose':<28} {check / compose:8.2f} x")

    # The worst case for the tolerant parse: long flow lines and many independent syntax errors.
    cases = (
        ("generated job", text),
        ("1 MB of 40k-character strings", long_lines_job(quoted=True)),
        ("1 MB of 40k-character flow lists", long_lines_job()),
    )
    for name, valid in cases:
        bad = broken(valid)
        errors = len(parse(bad).syntax_errors)
        bare, tolerant, full = interleaved(
            [lambda: yaml.compose(valid, Loader=loader), lambda: parse(bad), lambda: analyze(bad)], max(args.repeat // 3, 3)
        )
        print(f"\nworst case, {name}: {len(bad) / 1e6:.2f} MB, {bad.count(chr(10))} lines, {errors} syntax errors")
        print(f"{'PyYAML compose of the valid twin':<36} {bare:8.2f} ms")
        print(f"{'tolerant parse of the broken job':<36} {tolerant:8.2f} ms   ({tolerant / bare:.2f} x)")
        print(f"{'check of the broken job':<36} {full:8.2f} ms   ({full / bare:.2f} x)")

    # Start-up: what one CI step pays, process creation and imports included.
    run = lambda *args: lambda: subprocess.run([sys.executable, *args], check=False, capture_output=True)  # noqa: E731
    bare, version, one = interleaved(
        [run("-c", "pass"), run("-m", "automl_job_ls.cli", "--version"), run("-m", "automl_job_ls.cli", "check", str(FRIDGE))],
        max(5, args.repeat // 3),
    )
    print(f"\nstart-up, whole process, median of {max(5, args.repeat // 3)} runs:")
    print(f"{'python -c pass':<28} {bare:8.1f} ms")
    print(f"{'automl-job-ls --version':<28} {version:8.1f} ms")
    print(f"{'automl-job-ls check (52 l.)':<28} {one:8.1f} ms")


if __name__ == "__main__":
    main()
