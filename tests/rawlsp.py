"""A raw JSON-RPC client over the real server's stdio, with no LSP library in between, so a test
can send what a library would refuse (bad framing, ill-typed params, negative positions) and see
exactly the bytes that come back. Used by tests/protocol, tests/fuzz and bench/fuzz.py."""

from __future__ import annotations

import collections
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "automl_job_ls.cli", "serve"]


def frame(message: Any) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    """The server process; messages it sends are read on a thread into a queue."""

    def __init__(self, command: list[str] | None = None, cwd: Path | None = None, stderr_path: Path | None = None) -> None:
        self._stderr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            command or SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, cwd=cwd, bufsize=0
        )
        self.messages: queue.Queue = queue.Queue()
        self.unframed = b""  # bytes that were not a well-formed message (must stay empty)
        self.backlog: collections.deque = collections.deque(maxlen=2000)
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = out.read(1)
                if not byte:
                    self.messages.put(None)
                    return
                header += byte
            length = None
            for line in header.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length is None:
                self.unframed += header
                continue
            body = b""
            while len(body) < length:
                chunk = out.read(length - len(body))
                if not chunk:
                    self.messages.put(None)
                    return
                body += chunk
            self.messages.put(json.loads(body))

    # -- sending ------------------------------------------------------------------------------
    def send_bytes(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: Any) -> None:
        self.send_bytes(frame(message))

    def notify(self, method: str, params: Any = None) -> None:
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def request(self, method: str, params: Any = None, msg_id: Any = None) -> Any:
        """Send a request; returns its id."""
        if msg_id is None:
            self._next_id += 1
            msg_id = self._next_id
        message = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return msg_id

    # -- receiving ----------------------------------------------------------------------------
    def next_message(self, timeout: float = 15.0) -> Any:
        message = self.messages.get(timeout=timeout)
        if message is None:
            raise EOFError("the server closed its output")
        return message

    def wait_for(self, predicate, timeout: float = 15.0, seen: list | None = None) -> Any:
        """The first message that satisfies `predicate`, also among those an earlier wait passed
        over; the others are kept for later waits, and also go to `seen`."""
        for message in list(self.backlog):
            if predicate(message):
                self.backlog.remove(message)
                return message
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no matching message")
            message = self.next_message(left)
            if predicate(message):
                return message
            self.backlog.append(message)
            if seen is not None:
                seen.append(message)

    def response(self, msg_id: Any, timeout: float = 15.0, seen: list | None = None) -> dict:
        return self.wait_for(lambda m: m.get("id") == msg_id and "method" not in m, timeout, seen)

    def call(self, method: str, params: Any = None, timeout: float = 15.0) -> dict:
        return self.response(self.request(method, params), timeout)

    def diagnostics(self, uri: str, version: int, timeout: float = 15.0) -> list:
        message = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version,
            timeout,
        )
        return message["params"]["diagnostics"]

    # -- the usual session ---------------------------------------------------------------------
    def initialize(self, capabilities: dict | None = None, **params: Any) -> dict:
        result = self.call("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities or {}, **params})
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}})

    def exit_code(self, timeout: float = 10.0) -> int:
        return self.proc.wait(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"})
                self.notify("exit")
                self.proc.stdin.close()
                self.proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self._stderr is not subprocess.DEVNULL:
            self._stderr.close()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def rss_peak_kib(self) -> int:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0
