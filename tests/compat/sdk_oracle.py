"""The real CLI validator (azure-ai-ml 1.35.2) as an oracle: does `az ml job create` accept a file?

It replays what the CLI does before its first network call:
`load_job(path)` -> `job._validate()` (pipeline jobs only; in 1.35.2 it returns a
MutableValidationResult instead of raising, so a result with `.passed == False` is a rejection)
-> `job._to_rest_object()`. Any exception, or a failed validation result, is a rejection.

Each file is judged in a fresh process: the SDK leaks state between loads (string-form search
spaces are accepted after any earlier pipeline REST conversion), so one long-lived process would
give order-dependent verdicts. A forkserver that has already imported azure.ai.ml forks a clean
child per file (maxtasksperchild=1), which keeps that cheap.

Usage: python -m tests.compat.sdk_oracle FILE...
  prints `accepted|rejected<TAB>stage<TAB>error<TAB>path` per file, timing on stderr.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import spawn
from pathlib import Path

# shared/ lies beside the repository (as tests/conftest.py says); AUTOML_LS_EXAMPLES overrides it.
_REPO = Path(__file__).resolve().parents[2]
EXAMPLES = Path(os.environ.get("AUTOML_LS_EXAMPLES", _REPO.parent / "shared" / "reference" / "examples"))
# The pipeline example's command component; its `code: ./src/` folder is not in the reference copy.
REFERENCE_COMPONENTS = (
    EXAMPLES / "cli/jobs/pipelines/automl/image-instance-segmentation-task-fridge-items-pipeline/components"
)
TIMEOUT_S = 60.0
PROCESSES = 2


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    stage: str  # "" if accepted, else "load" | "validate" | "rest"
    error: str  # one line, "" if accepted


class OracleHarnessError(RuntimeError):
    """The harness itself failed (timeout, network attempt, dead worker): no verdict exists."""


# --------------------------------------------------------------------------- child side


class _Timeout(BaseException):
    # BaseException so that the SDK's broad `except Exception` blocks cannot swallow it.
    pass


_NETWORK_ATTEMPTS: list[str] = []


def _block_network() -> None:
    """Loading must stay offline: make DNS and TCP connects fail, and remember that they were tried
    (the SDK might swallow the error, so the attempt itself is what we report)."""
    import socket

    real_connect = socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        _NETWORK_ATTEMPTS.append(f"getaddrinfo({host})")
        raise OSError("network disabled by sdk_oracle")

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            _NETWORK_ATTEMPTS.append(f"connect({address})")
            raise OSError("network disabled by sdk_oracle")
        return real_connect(sock, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect


def _quiet() -> None:
    """Silence the SDK: experimental-class warnings go through `logging`, and some Python warnings.
    Telemetry is only configured by MLClient, which we never build; the env vars are belt and braces."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    os.environ.pop("AZURE_ML_CLI_PRIVATE_FEATURES_ENABLED", None)  # judge default CLI behaviour
    os.environ["AZURE_ML_DISABLE_ON_DISK_CACHE"] = "true"  # no cache writes under ~
    os.environ["OTEL_SDK_DISABLED"] = "true"


def one_line(text: str, limit: int = 1000) -> str:
    """Collapse an SDK message to one line and drop its fixed advice paragraphs."""
    text = re.split(r"\s+If you are trying to configure |\s+The easiest way to author a specification file", text)[0]
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _judge(path: str, timeout: float) -> tuple[str, str, str]:
    """Runs in a fresh child. Returns (outcome, stage, error); outcome accepted|rejected|harness."""
    _quiet()
    _block_network()

    def on_alarm(signum, frame):
        raise _Timeout()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(math.ceil(timeout))
    stage, outcome, error = "load", "accepted", ""
    try:
        from azure.ai.ml import load_job
        from azure.ai.ml.entities import PipelineJob

        job = load_job(path)
        if isinstance(job, PipelineJob):
            stage = "validate"
            result = job._validate()  # returns a result (raise_error=False), does not raise
            if not result.passed:
                outcome = "rejected"
                error = "; ".join(f"{k}: {v}" for k, v in result.error_messages.items())
        if outcome == "accepted":
            stage = "rest"
            job._to_rest_object()
            stage = ""
    except _Timeout:
        return "harness", stage, f"timeout after {timeout:.0f}s"
    except Exception as e:  # noqa: BLE001 - any exception is the CLI rejecting the file
        outcome, error = "rejected", f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
    if _NETWORK_ATTEMPTS:
        return "harness", "network", "SDK tried the network: " + ", ".join(_NETWORK_ATTEMPTS[:3])
    return outcome, stage, one_line(error)


# --------------------------------------------------------------------------- parent side


def _stage_copy(src: Path, dest_dir: Path) -> Path:
    """Copy `src` into its own (new) folder `dest_dir`, with what a pipeline needs next to it.

    The pipeline example references `component: file:./components/component_register_model.yaml`,
    whose `code: ./src/` must exist locally or the SDK rejects the whole pipeline. The reference copy
    of the examples lacks src/, so we judge a copy with the components folder (the file's own one
    if present, else the reference one) and an empty components/src/, so that the example is judged
    on its own merits. Files are written fresh (not copied with their modes): the reference tree is
    read-only and the temp dir must stay deletable."""
    dest_dir.mkdir()
    dest = dest_dir / src.name
    text = src.read_bytes()
    dest.write_bytes(text)
    components = src.parent / "components"
    if not components.is_dir() and b"components/" in text:
        components = REFERENCE_COMPONENTS
    if components.is_dir():
        for f in components.rglob("*"):
            target = dest_dir / "components" / f.relative_to(components)
            if f.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(f.read_bytes())
        (dest_dir / "components" / "src").mkdir(parents=True, exist_ok=True)
    return dest


@contextmanager
def _children_skip_main():
    """Children must not re-run the parent's __main__: under the `pytest` script that costs an import
    of pytest per file, and with `python -` (main = <stdin>) every child dies and the Pool respawns
    them forever. They only need this module, which they import by name to unpickle `_judge`."""
    original = spawn.get_preparation_data

    def preparation_data(name):
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    spawn.get_preparation_data = preparation_data
    try:
        yield
    finally:
        spawn.get_preparation_data = original


def verdicts(paths: list[Path], timeout: float = TIMEOUT_S, processes: int = PROCESSES) -> dict[Path, Verdict]:
    """Judge every file in its own fresh process. Raises OracleHarnessError if any file cannot be judged."""
    paths = [Path(p) for p in paths]
    ctx = multiprocessing.get_context("forkserver")
    # Each child forks from a server that already imported azure.ai.ml: clean state, no 1.5 s import.
    ctx.set_forkserver_preload(["azure.ai.ml"])
    workdir = Path(tempfile.mkdtemp(prefix="sdk-oracle-"))
    try:
        staged = [_stage_copy(p, workdir / f"{i:05d}") for i, p in enumerate(paths)]
        with _children_skip_main(), ctx.Pool(processes=processes, maxtasksperchild=1) as pool:
            pending = [pool.apply_async(_judge, (str(s), timeout)) for s in staged]
            raw = []
            for p, r in zip(paths, pending):
                # Children enforce `timeout` themselves (SIGALRM). Results are collected in FIFO order, so
                # once the previous one is in, this task has started: `timeout` + slack bounds the wait
                # even if a child dies without answering.
                try:
                    raw.append(r.get(timeout=timeout + 30))
                except multiprocessing.TimeoutError:
                    raise OracleHarnessError(f"oracle pool hung or a child died (at {p})") from None
                except Exception as e:  # a bug in _judge itself, not a verdict
                    raise OracleHarnessError(f"oracle child crashed on {p}: {e!r}") from e
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out: dict[Path, Verdict] = {}
    problems = []
    for p, s, (outcome, stage, error) in zip(paths, staged, raw):
        if outcome == "harness":
            problems.append(f"{p}: {stage}: {error}")
            continue
        # Point messages back at the original file, not at the temp copy.
        error = error.replace(str(s.parent), str(p.parent))
        out[p] = Verdict(outcome == "accepted", stage, error)
    if problems:
        raise OracleHarnessError("oracle could not judge:\n" + "\n".join(problems))
    return out


def main(argv: list[str] | None = None) -> int:
    files = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.monotonic()
    result = verdicts(files)
    for p in files:
        v = result[p]
        print(f"{'accepted' if v.accepted else 'rejected'}\t{v.stage}\t{v.error}\t{p}")
    print(f"{len(files)} files in {time.monotonic() - start:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Call through the importable module, not __main__: the forkserver children unpickle
    # `tests.compat.sdk_oracle._judge` by name and cannot see this script's __main__.
    from tests.compat.sdk_oracle import main as _main

    sys.exit(_main())
