"""How fast `automl-job-ls check` reads a job's data: a generated 100,000-line JSONL (about
50 MB, a few bad lines among them) behind a job and its MLTable.

    .venv/bin/python bench/data_check.py [--lines N] [--runs R]

Prints, for each run of `check` in a fresh process: wall time, lines per second and peak RSS;
then the same job with `--no-data`, to show what the data costs. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from automl_job_ls.data.mltable_editing import skeleton

JOB = """type: automl
task: image_instance_segmentation
compute: azureml:gpu-cluster
primary_metric: mean_average_precision
target_column_name: label
training_data:
  type: mltable
  path: ./training-mltable-folder
limits:
  max_trials: 1
"""
CLASSES = ["can", "carton", "milk_bottle", "water_bottle"]


def line(rng: random.Random, index: int) -> str:
    objects = []
    for _ in range(rng.choice((1, 1, 2))):
        points = rng.randint(8, 16)
        cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.05, 0.15)
        polygon = []
        for k in range(points):
            polygon += [round(cx + r * rng.uniform(0.5, 1) * ((k % 4) - 1.5) / 1.5, 4), round(cy + r * rng.uniform(-1, 1), 4)]
        objects.append({"label": rng.choice(CLASSES), "isCrowd": 0, "polygon": [polygon]})
    url = ("azureml://subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/workspaces/ws/datastores/"
           f"workspaceblobstore/paths/data/images/{index}.jpg")
    return json.dumps({"image_url": url, "image_details": {"format": "jpg", "width": 499, "height": 666}, "label": objects})


def generate(folder: Path, lines: int) -> int:
    rng = random.Random(7)
    data = folder / "training-mltable-folder"
    data.mkdir()
    (data / "MLTable").write_text(skeleton(None, snippets=False))  # the canonical MLTable
    with open(data / "train_annotations.jsonl", "w") as out:
        for index in range(lines):
            text = line(rng, index)
            if index % 10_000 == 5000:  # a bad polygon now and then: the slow path runs too
                text = text.replace('"polygon": [[', '"polygon": [[1.5, ', 1)
            out.write(text + "\n")
    (folder / "job.yml").write_text(JOB)
    return (data / "train_annotations.jsonl").stat().st_size


def measure(folder: Path, *extra: str) -> tuple[float, float]:
    """One run in a fresh interpreter, so peak RSS is this run's alone."""
    code = (
        "import resource,subprocess,sys,time;"
        "t=time.perf_counter();"
        f"p=subprocess.run([sys.executable,'-m','automl_job_ls.cli','check',*{list(extra)!r},'job.yml'],capture_output=True);"
        "e=time.perf_counter()-t;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(e, u.ru_maxrss/1024, p.returncode, u.ru_utime+u.ru_stime)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True).stdout.split()
    if out[2] not in ("0", "1"):
        raise SystemExit(f"check exited {out[2]}")
    return float(out[0]), float(out[1]), float(out[3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = generate(folder, args.lines)
        print(f"data: {args.lines:,} lines, {size / 1e6:.1f} MB (machine: {os.cpu_count()} cores)")
        times, peaks, cpus = [], [], []
        for index in range(args.runs):
            elapsed, peak, cpu = measure(folder)
            times.append(elapsed)
            peaks.append(peak)
            cpus.append(cpu)
            print(f"  check, run {index + 1}: {elapsed:.2f} s wall ({args.lines / elapsed:,.0f} lines/s), "
                  f"{cpu:.2f} s CPU, peak RSS {peak:.0f} MB")
        bare, bare_peak, bare_cpu = measure(folder, "--no-data")
        best = min(times)
        print(f"check with data:  median {statistics.median(times):.2f} s, best {best:.2f} s "
              f"({args.lines / best:,.0f} lines/s), CPU best {min(cpus):.2f} s "
              f"({args.lines / min(cpus):,.0f} lines per CPU second), peak RSS {max(peaks):.0f} MB")
        print(f"check --no-data:  {bare:.2f} s, {bare_cpu:.2f} s CPU, peak RSS {bare_peak:.0f} MB (process start and the job itself)")
        print("(wall time counts waits for the CPU when other work shares the machine; CPU time does not)")


if __name__ == "__main__":
    main()
