"""Benchmark: checking a generated ~3,000-line job versus a bare PyYAML C-loader compose.

Prints medians over repeated runs, side by side, in one process. Not a test.
Run: .venv/bin/python bench/check_speed.py [--lines 3000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from automl_job_ls.engine import analyze
from automl_job_ls.schema import store

HEADER = Path(__file__).with_name("job_header.yml")

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


if __name__ == "__main__":
    main()
