"""Fuzz the real server for N minutes and print what happened (not a test; tests/fuzz runs briefly).

Drives the server over raw stdio with tests/fuzz/driver.py: real job files and pathological
shapes (a 40 kB flow line of 7,000 items, a 5,000-key mapping, a 3,000-line job) get random
incremental UTF-16 edits, interleaved with every advertised request at valid and invalid
positions. A session runs a fresh server for a few thousand steps, then checks that the final
diagnostics of each document equal a fresh open of its text.

Prints: edits, requests, crashes, hangs (no answer in 10 s), violations (wrong error codes,
ranges outside the document, answers slower than 2 s, final diagnostics that differ), the worst
and p99 request latency, and the server's peak RSS.

Run:  .venv/bin/python bench/fuzz.py [--minutes 30] [--seed 13] [--steps 3000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from check_speed import generated_job  # noqa: E402
from tests.conftest import PIPELINE, STANDALONE  # noqa: E402
from tests.fuzz.driver import Crashed, Session, Stats  # noqa: E402
from tests.rawlsp import RawServer  # noqa: E402

HEAD = "type: automl\ntask: image_instance_segmentation\n"


def documents(rng: random.Random) -> dict[str, str]:
    docs = {"file:///fuzz/job.yml": STANDALONE.read_text(), "file:///fuzz/pipeline.yml": PIPELINE.read_text()}
    shape = rng.choice(["flow", "keys", "long", "none"])
    if shape == "flow":
        docs["file:///fuzz/flow.yml"] = HEAD + "tags: [" + ", ".join(f"a{i}" for i in range(7000)) + "]\n"
    elif shape == "keys":
        docs["file:///fuzz/keys.yml"] = HEAD + "tags:\n" + "".join(f"  k{i}: v{i}\n" for i in range(5000))
    elif shape == "long":
        docs["file:///fuzz/long.yml"] = generated_job(3000)
    return docs


def session(rng: random.Random, steps: int, deadline: float, log: Path) -> tuple[Stats, int]:
    server = RawServer(stderr_path=log)
    fuzz = Session(server, rng)
    peak = 0
    try:
        docs = documents(rng)
        for uri, text in docs.items():
            fuzz.open(uri, text)
        uris = list(docs)
        for step in range(steps):
            if time.monotonic() > deadline:
                break
            uri = rng.choice(uris)
            if rng.random() < 0.48:
                fuzz.random_edit(uri)
            else:
                fuzz.random_request(uri)
            if step % 200 == 0:
                fuzz.drain()
                peak = max(peak, server.rss_peak_kib())
        fuzz.drain()
        peak = max(peak, server.rss_peak_kib())
        for uri in uris:
            fuzz.final_diagnostics_match(uri)
    except Crashed as exc:
        fuzz.stats.crashes += 1
        fuzz.stats.violations.append(f"crash: {exc} (server log: {log})")
    except TimeoutError as exc:
        fuzz.stats.hangs += 1
        fuzz.stats.violations.append(f"hang: {exc}")
    finally:
        server.close()
    return fuzz.stats, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--steps", type=int, default=3000, help="steps per server session")
    parser.add_argument("--logs", type=Path, default=Path("/tmp/automl-job-ls-fuzz"))
    args = parser.parse_args()
    args.logs.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    total = Stats()
    peak = 0
    sessions = 0
    started = time.monotonic()
    deadline = started + args.minutes * 60
    while time.monotonic() < deadline:
        stats, rss = session(rng, args.steps, deadline, args.logs / f"server-{sessions}.log")
        total.merge(stats)
        peak = max(peak, rss)
        sessions += 1
        print(f"session {sessions}: {stats.edits} edits, {stats.requests} requests, {len(stats.violations)} violation(s)", file=sys.stderr)
    latencies = sorted(total.latencies)
    p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0.0
    print(f"fuzzed for {(time.monotonic() - started) / 60:.1f} min, seed {args.seed}, {sessions} server session(s)")
    print(f"edits       {total.edits}")
    print(f"requests    {total.requests}")
    print(f"crashes     {total.crashes}")
    print(f"hangs       {total.hangs}")
    print(f"violations  {len(total.violations)}")
    print(f"latency     worst {max(latencies, default=0) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, median {statistics.median(latencies or [0]) * 1000:.1f} ms")
    print(f"peak RSS    {peak / 1024:.1f} MiB")
    for violation in total.violations[:30]:
        print("  " + violation)


if __name__ == "__main__":
    main()
