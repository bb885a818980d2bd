"""Benchmark: automl-job-ls side by side with yaml-language-server (DESIGN.md section 6).

Both servers run in the same process run, one after the other, driven over stdio by the same
asyncio client (pygls's BaseLanguageClient), on the same inputs:

- `fridge`: the small real job (cli-automl-img-ins-seg-task-fridge-items.yml) without its `$schema:` line;
- `generated`: `generated_job(3000)` from bench/check_speed.py, also without `$schema:`.

yaml-language-server (pinned in bench/package.json) gets our JSON Schema (`automl-job-ls schema`)
through `yaml.schemas: {<file URI>: "*.yml"}`, answered from workspace/configuration after a
workspace/didChangeConfiguration, with the schema store and the Kubernetes CRD store turned off
and `http.proxy` pointed at a closed local port, so nothing can reach the network.

Measured for each server and input: start-up (spawn to initialize response), first diagnostics
after didOpen, edit-to-diagnostics (insert an unknown key under training_parameters and wait for
the publishDiagnostics flagging that line; then remove it and wait for the clean publish),
completion and hover latency p50/p95 at a key inside training_parameters and on a value, peak RSS
(VmHWM of the server process and any children) and the CPU time the server used. Then, per
input, `--cold` interleaved cold opens: spawn, handshake and didOpen right after `initialized`,
as an editor does when the first job file opens, timed from spawn to the first diagnostics.

Every figure is client-observed wall time, so it includes each server's diagnostics delay
(printed under the table) and the client's JSON decoding. Not a test; never asserts on time.

Run:  .venv/bin/python bench/lsp_compare.py [--edits 20] [--requests 30] [--lines 3000] [--cold 5] [--json out.json]
Needs Node >= 18 and bench/node_modules (installed here with `npm ci` when missing).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from check_speed import generated_job  # noqa: E402

YLS_VERSION = "1.25.0"
YLS_DIR = BENCH / "node_modules" / "yaml-language-server"
YLS_BIN = YLS_DIR / "bin" / "yaml-language-server"
FRIDGE = (
    REPO.parent / "shared" / "reference" / "examples" / "cli" / "jobs" / "automl-standalone-jobs"
    / "cli-automl-image-instance-segmentation-task-fridge-items" / "cli-automl-img-ins-seg-task-fridge-items.yml"
)
VENV_PY = REPO / ".venv" / "bin" / "python"
PYTHON = str(VENV_PY) if VENV_PY.exists() else sys.executable
OURS = "automl-job-ls"
YLS = "yaml-language-server"
DEAD_PROXY = "http://127.0.0.1:9"  # discard port: any schema fetch fails at once, locally
WAIT = 30.0  # seconds before a missing answer counts as a failure


# -- setup ----------------------------------------------------------------------------------------------
def ensure_yaml_language_server() -> None:
    """Install the pinned yaml-language-server into bench/node_modules when it is missing."""
    pkg = YLS_DIR / "package.json"
    if pkg.exists() and json.loads(pkg.read_text()).get("version") == YLS_VERSION:
        return
    npm = shutil.which("npm")
    how = f"cd {BENCH} && npm ci --no-audit --no-fund"
    if npm is None:
        sys.exit(f"yaml-language-server {YLS_VERSION} is not installed and npm is not on PATH; install Node 20 and run: {how}")
    print(f"installing yaml-language-server {YLS_VERSION}: {how}", file=sys.stderr)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=BENCH, stdout=sys.stderr)  # keep stdout for the table
    if done.returncode != 0 or not pkg.exists():
        sys.exit(f"npm ci failed; run it by hand: {how}")


def export_schema(folder: Path) -> Path:
    out = folder / "automl-job.schema.json"
    cli = REPO / ".venv" / "bin" / "automl-job-ls"
    cmd = [str(cli), "schema"] if cli.exists() else [PYTHON, "-m", "automl_job_ls.cli", "schema"]
    with out.open("w") as f:
        subprocess.run(cmd, stdout=f, check=True)
    json.loads(out.read_text())  # must be valid JSON
    return out


def without_schema_line(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("$schema:"))


def debounce_delays() -> dict[str, str]:
    """Each server's wait between a change and its validation, read from its source."""
    delays = {}
    try:
        from automl_job_ls import scheduling as ours

        delays[OURS] = (
            f"waits 0 ms after a change when the document's last check took at most {ours.CHEAP * 1000:.0f} ms, "
            f"else until changes pause (at most {ours.MAX_DEBOUNCE * 1000:.0f} ms)"
        )
    except Exception:
        pass
    js = YLS_DIR / "out" / "server" / "src" / "yamlSettings.js"
    found = re.search(r"validationDelayMs\s*=\s*(\d+)", js.read_text()) if js.exists() else None
    if found:
        delays[YLS] = f"waits {found.group(1)} ms after each change"
    return delays


# -- process measurements ----------------------------------------------------------------------------------
def process_tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out


def peak_rss_kib(pid: int) -> int:
    """Sum of VmHWM over the server process and its descendants (node runs as one process here)."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


# -- the client ---------------------------------------------------------------------------------------------
@dataclass
class Published:
    at: float
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]


class BenchClient(BaseLanguageClient):
    """A VS Code-like client that records diagnostics and answers the server's requests."""

    def __init__(self, label: str, settings: dict[str, Any]) -> None:
        super().__init__("lsp-compare", "1")
        self.label = label
        self.settings = settings  # section name -> value, for workspace/configuration
        self.published: list[Published] = []
        self.config_requests = 0
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=40)
        self._changed = asyncio.Event()
        self._drain: asyncio.Task | None = None

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.append(Published(time.perf_counter(), params.uri, params.version, list(params.diagnostics)))
            self._changed.set()

        @self.feature(types.WORKSPACE_CONFIGURATION)
        def on_configuration(params: types.ConfigurationParams) -> list[Any]:
            self.config_requests += 1
            self._changed.set()
            return [self.settings.get(item.section or "") for item in params.items]

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def on_register(params: Any) -> None:
            return None

        @self.feature(types.CLIENT_UNREGISTER_CAPABILITY)
        def on_unregister(params: Any) -> None:
            return None

        @self.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def on_progress_create(params: Any) -> None:
            return None

        for method in (types.WINDOW_LOG_MESSAGE, types.WINDOW_SHOW_MESSAGE, types.TELEMETRY_EVENT, types.PROGRESS):
            self.feature(method)(lambda params: None)

    async def spawn(self, cmd: list[str], cwd: Path) -> None:
        await self.start_io(*cmd, cwd=str(cwd))
        self._drain = asyncio.ensure_future(self._drain_stderr())

    async def _drain_stderr(self) -> None:
        # start_io pipes stderr; read it so a chatty server never blocks on a full pipe
        stream = self._server.stderr if self._server else None
        while stream is not None:
            line = await stream.readline()
            if not line:
                break
            self.stderr_tail.append(line.decode(errors="replace").rstrip())

    @property
    def pid(self) -> int:
        assert self._server is not None
        return self._server.pid

    async def wait_for(self, predicate: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        deadline = time.perf_counter() + timeout
        while True:
            found = predicate()
            if found:
                return found
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                tail = "\n  ".join(self.stderr_tail)
                raise TimeoutError(f"{self.label}: no {what} within {timeout:.0f} s; server stderr:\n  {tail}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    def publish_after(self, uri: str, since: float, accept: Callable[[list[types.Diagnostic]], bool]) -> Published | None:
        for p in self.published:
            if p.uri == uri and p.at >= since and accept(p.diagnostics):
                return p
        return None

    async def close(self) -> None:
        """shutdown + exit, then wait for the process; kill it only if it does not leave."""
        proc = self._server
        try:
            if proc is not None and proc.returncode is None:
                await asyncio.wait_for(self.shutdown_async(None), 10)
                self.exit(None)
                await asyncio.wait_for(proc.wait(), 10)
        except Exception as exc:
            print(f"{self.label}: clean stop failed ({exc!r}); killing pid {proc.pid if proc else '?'}", file=sys.stderr)
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
        await asyncio.wait_for(self.stop(), 10)
        if self._drain:
            await asyncio.wait_for(self._drain, 5)


def capabilities() -> types.ClientCapabilities:
    try:
        import pytest_lsp

        return pytest_lsp.client_capabilities("visual-studio-code")
    except Exception:  # pytest-lsp absent: a small hand-made VS Code-like set
        return types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(configuration=True, did_change_configuration=types.DidChangeConfigurationClientCapabilities(dynamic_registration=True)),
            text_document=types.TextDocumentClientCapabilities(
                synchronization=types.TextDocumentSyncClientCapabilities(),
                completion=types.CompletionClientCapabilities(
                    completion_item=types.ClientCompletionItemOptions(snippet_support=True, documentation_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText])
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            ),
        )


# -- one server on one input ------------------------------------------------------------------------------------
@dataclass
class Run:
    server: str
    input: str
    startup_ms: float = math.nan
    first_diag_ms: float = math.nan
    first_diag_count: int = -1
    edit_add_ms: list[float] = field(default_factory=list)
    edit_fix_ms: list[float] = field(default_factory=list)
    edit_add_count: int = -1
    edit_message: str = ""
    latency_ms: dict[str, list[float]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    peak_rss_mib: float = math.nan
    cpu_s: float = math.nan
    config_requests: int = 0
    first_messages: list[str] = field(default_factory=list)
    cold_ms: list[tuple[float, float]] = field(default_factory=list)  # (handshake, first diagnostics)


def server_setup(name: str, schema: Path, root: Path) -> tuple[list[str], dict[str, Any]]:
    if name == OURS:
        return [PYTHON, "-m", "automl_job_ls.cli", "serve"], {"automlJob": {}}
    node = shutil.which("node")
    if node is None:
        sys.exit("node is not on PATH (Node 20 is needed for yaml-language-server 1.25)")
    yaml = {
        "validate": True,
        "completion": True,
        "hover": True,
        "schemas": {schema.as_uri(): "*.yml"},
        "schemaStore": {"enable": False, "url": ""},
        "kubernetesCRDStore": {"enable": False, "url": ""},
        "format": {"enable": False},
    }
    return [node, str(YLS_BIN), "--stdio"], {
        "yaml": yaml,
        "http": {"proxy": DEAD_PROXY, "proxyStrictSSL": False},
        "[yaml]": {},
        "editor": {"detectIndentation": True},
        "automlJob": None,
    }


def describe(item: Any) -> str:
    if item is None:
        return "none"
    if isinstance(item, types.Hover):
        value = item.contents.value if isinstance(item.contents, types.MarkupContent) else str(item.contents)
        return f"hover {len(value)} chars"
    items = item.items if isinstance(item, types.CompletionList) else item
    labels = [i.label for i in items]
    return f"{len(labels)} items ({', '.join(labels[:3])}{', ...' if len(labels) > 3 else ''})"


async def start(name: str, schema: Path, root: Path, doc_path: Path, text: str) -> tuple[BenchClient, str, float]:
    """Writes the document, spawns the server and completes `initialize`: (client, document URI,
    spawn time). The caller closes the client."""
    cmd, settings = server_setup(name, schema, root)
    client = BenchClient(name, settings)
    doc_path.write_text(text)
    started = time.perf_counter()
    await client.spawn(cmd, root)
    try:
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=capabilities(),
                    process_id=os.getpid(),
                    root_uri=root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                    client_info=types.ClientInfo(name="lsp-compare"),
                    locale="en",
                )
            ),
            WAIT,
        )
    except BaseException:
        await client.close()
        raise
    return client, doc_path.as_uri(), started


async def measure(name: str, label: str, text: str, schema: Path, root: Path, edits: int, requests: int) -> Run:
    run = Run(name, label)
    client, uri, started = await start(name, schema, root, root / f"{label}.yml", text)
    try:
        run.startup_ms = (time.perf_counter() - started) * 1000
        client.initialized(types.InitializedParams())
        # Settings: both servers pull them with workspace/configuration, on `initialized` and again
        # after didChangeConfiguration. Wait for the second pull to be answered before opening.
        before = client.config_requests
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await client.wait_for(lambda: client.config_requests > before, "workspace/configuration request")
        await asyncio.sleep(0.3)  # let the server apply what it was given

        # -- open --------------------------------------------------------------------------------
        opened = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text))
        )
        first = await client.wait_for(lambda: client.publish_after(uri, opened, lambda d: True), "diagnostics after didOpen")
        run.first_diag_ms = (first.at - opened) * 1000
        run.first_diag_count = len(first.diagnostics)
        run.first_messages = [d.message for d in first.diagnostics[:3]]
        baseline = len(first.diagnostics)
        await asyncio.sleep(0.5)  # nothing else pending before the edit loop

        # -- edit, diagnostics, undo, diagnostics ---------------------------------------------------
        lines = text.splitlines()
        anchor = lines.index("training_parameters:")
        new_line = anchor + 1
        version = 1
        for i in range(edits):
            key = f"zz_unknown_option_{i}"
            version += 1
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=types.Position(new_line, 0), end=types.Position(new_line, 0)),
                            text=f"  {key}: 1\n",
                        )
                    ],
                )
            )
            flagged = await client.wait_for(
                lambda: client.publish_after(uri, sent, lambda ds: any(d.range.start.line == new_line for d in ds)),
                f"diagnostic for {key}",
            )
            run.edit_add_ms.append((flagged.at - sent) * 1000)
            run.edit_add_count = len(flagged.diagnostics)
            run.edit_message = next(d.message for d in flagged.diagnostics if d.range.start.line == new_line)
            version += 1
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=types.Position(new_line, 0), end=types.Position(new_line + 1, 0)), text=""
                        )
                    ],
                )
            )
            cleared = await client.wait_for(
                lambda: client.publish_after(
                    uri, sent, lambda ds: len(ds) == baseline and not any(d.range.start.line == new_line for d in ds)
                ),
                f"diagnostics without {key}",
            )
            run.edit_fix_ms.append((cleared.at - sent) * 1000)

        # -- completion and hover (document is back to its original text) --------------------------------
        key_line = lines[new_line]  # "  early_stopping: True"
        key_pos = types.Position(new_line, key_line.index(":") - 4)
        value_line = next(i for i, line in enumerate(lines) if line.strip().startswith("sampling_algorithm:"))
        value_pos = types.Position(value_line, len(lines[value_line]) - 2)
        doc_id = types.TextDocumentIdentifier(uri=uri)
        probes = {
            "completion, key in training_parameters": lambda p=key_pos: client.text_document_completion_async(
                types.CompletionParams(text_document=doc_id, position=p, context=types.CompletionContext(trigger_kind=types.CompletionTriggerKind.Invoked))
            ),
            "completion, value (sampling_algorithm)": lambda p=value_pos: client.text_document_completion_async(
                types.CompletionParams(text_document=doc_id, position=p, context=types.CompletionContext(trigger_kind=types.CompletionTriggerKind.Invoked))
            ),
            "hover, key in training_parameters": lambda p=key_pos: client.text_document_hover_async(types.HoverParams(text_document=doc_id, position=p)),
            "hover, value (sampling_algorithm)": lambda p=value_pos: client.text_document_hover_async(types.HoverParams(text_document=doc_id, position=p)),
        }
        for probe, call in probes.items():
            times = []
            for _ in range(requests):
                sent = time.perf_counter()
                answer = await asyncio.wait_for(call(), WAIT)
                times.append((time.perf_counter() - sent) * 1000)
            run.latency_ms[probe] = times
            run.answers[probe] = describe(answer)

        run.peak_rss_mib = peak_rss_kib(client.pid) / 1024
        run.cpu_s = cpu_seconds(client.pid)
        run.config_requests = client.config_requests
    finally:
        await client.close()
    return run


async def cold_open(name: str, label: str, text: str, schema: Path, root: Path) -> tuple[float, float]:
    """What a user waits for when the first job file opens: spawn, handshake, and didOpen sent
    right after `initialized` (as VS Code does). Returns (spawn to initialize result, spawn to
    first diagnostics) in ms."""
    client, uri, started = await start(name, schema, root, root / f"{label}-cold.yml", text)
    try:
        handshake = (time.perf_counter() - started) * 1000
        client.initialized(types.InitializedParams())
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text))
        )
        first = await client.wait_for(lambda: client.publish_after(uri, started, lambda d: True), "diagnostics after a cold open")
        return handshake, (first.at - started) * 1000
    finally:
        await client.close()


# -- report --------------------------------------------------------------------------------------------
def p50(xs: list[float]) -> float:
    return statistics.median(xs) if xs else math.nan


def p95(xs: list[float]) -> float:
    if not xs:
        return math.nan
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]  # nearest rank


def table(runs: dict[str, Run], label: str, lines: int) -> str:
    ours, yls = runs[OURS], runs[YLS]
    rows: list[tuple[str, str, str, str]] = []

    def ms(metric: str, a: float, b: float) -> None:
        rows.append((metric, f"{a:.1f} ms", f"{b:.1f} ms", f"{a / b:.2f}x" if b else ""))

    ms("start-up (spawn to initialize result)", ours.startup_ms, yls.startup_ms)
    if ours.cold_ms:
        n = len(ours.cold_ms)
        ms(f"start-up, median of {n} more cold starts", p50([h for h, _ in ours.cold_ms]), p50([h for h, _ in yls.cold_ms]))
        ms(f"cold open: spawn to first diagnostics, median of {n}", p50([f for _, f in ours.cold_ms]), p50([f for _, f in yls.cold_ms]))
    ms("first diagnostics after didOpen", ours.first_diag_ms, yls.first_diag_ms)
    for what, attr in (("edit-to-diagnostics, add unknown key", "edit_add_ms"), ("edit-to-diagnostics, remove it again", "edit_fix_ms")):
        a, b = getattr(ours, attr), getattr(yls, attr)
        ms(f"{what} p50", p50(a), p50(b))
        ms(f"{what} p95", p95(a), p95(b))
    for probe in ours.latency_ms:
        a, b = ours.latency_ms[probe], yls.latency_ms[probe]
        ms(f"{probe} p50", p50(a), p50(b))
        ms(f"{probe} p95", p95(a), p95(b))
    rows.append(("peak RSS (VmHWM)", f"{ours.peak_rss_mib:.1f} MiB", f"{yls.peak_rss_mib:.1f} MiB", f"{ours.peak_rss_mib / yls.peak_rss_mib:.2f}x"))
    rows.append(("server CPU time, whole session", f"{ours.cpu_s:.2f} s", f"{yls.cpu_s:.2f} s", f"{ours.cpu_s / yls.cpu_s:.2f}x"))
    rows.append(("diagnostics on open / with the unknown key", f"{ours.first_diag_count} / {ours.edit_add_count}", f"{yls.first_diag_count} / {yls.edit_add_count}", ""))
    for probe in ours.answers:
        rows.append((f"answer: {probe}", ours.answers[probe], yls.answers[probe], ""))

    head = ("metric", OURS, YLS, "ratio")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    out = [f"## {label} ({lines} lines)", ""]
    out.append("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
    out.append("")
    out.append(f"unknown-key message, {OURS}: {ours.edit_message!r}")
    out.append(f"unknown-key message, {YLS}: {yls.edit_message!r}")
    for run in (ours, yls):
        if run.first_messages:
            out.append(f"first diagnostics on open, {run.server}: {run.first_messages}")
    return "\n".join(out)


async def main_async(args: argparse.Namespace) -> int:
    ensure_yaml_language_server()
    work = Path(tempfile.mkdtemp(prefix="lsp-compare-"))
    try:
        schema = export_schema(work)
        inputs = {
            "fridge": without_schema_line(FRIDGE.read_text()),
            "generated": without_schema_line(generated_job(args.lines)),
        }
        results: dict[str, dict[str, Run]] = {}
        t0 = time.perf_counter()
        for label, text in inputs.items():
            results[label] = {}
            for name in (OURS, YLS):
                root = work / f"{label}-{'ours' if name == OURS else 'yls'}"
                root.mkdir()
                print(f"... {label}: {name}", file=sys.stderr, flush=True)
                results[label][name] = await measure(name, label, text, schema, root, args.edits, args.requests)
            for _ in range(args.cold):  # interleaved, so a busy moment hurts both servers alike
                for name in (OURS, YLS):
                    root = work / f"{label}-{'ours' if name == OURS else 'yls'}"
                    results[label][name].cold_ms.append(await cold_open(name, label, text, schema, root))
        elapsed = time.perf_counter() - t0

        delays = debounce_delays()
        print(f"# automl-job-ls vs yaml-language-server {YLS_VERSION} (node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}, python {sys.version.split()[0]})")
        print(
            f"{args.edits} add/remove edit pairs, {args.requests} requests per completion/hover probe; "
            "client-observed wall time, p95 = nearest rank."
        )
        print(
            "Delays inside these figures: "
            + "; ".join(f"{k} {v}" for k, v in delays.items())
            + f"; {OURS} validates at once on open, {YLS} waits its delay on open too."
        )
        print()
        for label, text in inputs.items():
            print(table(results[label], label, text.count("\n")))
            print()
        print(f"total measuring time {elapsed:.1f} s")
        if args.json:
            Path(args.json).write_text(
                json.dumps({label: {n: r.__dict__ for n, r in runs.items()} for label, runs in results.items()}, indent=1, default=str)
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20, help="add/remove edit pairs per server and input")
    parser.add_argument("--requests", type=int, default=30, help="requests per completion/hover probe")
    parser.add_argument("--lines", type=int, default=3000, help="size of the generated job")
    parser.add_argument("--cold", type=int, default=5, help="cold opens (spawn to first diagnostics) per server and input")
    parser.add_argument("--json", metavar="PATH", help="also write every raw sample as JSON")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
