"""JSON-RPC and LSP conformance under the server: transport, lifecycle, errors, text sync.

Part of lsp/, the only package that imports pygls: server.py wires features to pygls; this
module is what every feature relies on underneath, through pygls's extension
points (its protocol, server, workspace and document classes are subclassed here), where pygls
2.1 leaves the specification out:

- framing (framing.py) with resynchronisation after a wrong `Content-Length` and a size cap,
  instead of pygls's reader, which goes deaf after one bad header and buffers any length;
- an answer to everything that has an id: -32700 for a body that is not JSON, -32600 for what
  is not a request, -32602 with a log line for params of the wrong shape, -32002 before
  `initialize`, -32600 after `shutdown`; `exit` ends the process with 0 after `shutdown` and 1
  otherwise (pygls answers nothing, and its exit code is lost);
- `$/cancelRequest` stops a request that waits for its document and answers -32800;
- documents as the editor sees them (editor_text.py): lines break at \\n, \\r\\n and \\r only,
  positions convert in O(log n), and a document that was never opened is empty, never read
  from disk (pygls reads any unknown URI, so a FIFO would block the server);
- strict scalars: `"5"`, `true` or `1.5` where an integer belongs is invalid, not coerced.

Each request on a document sees the text it was sent against (a snapshot taken when it
arrives), and waits off the message loop until that text is parsed (`AnalysisServer.prepare`).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import json
import logging
import os
import sys
import threading
from typing import Any, Awaitable, Callable

import attrs
import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter, lsp_method
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage
from pygls.workspace import TextDocument, Workspace

from .editor_text import ClientLines, apply_change
from .framing import MAX_BODY, Body, Framer, Oversized, Skipped

log = logging.getLogger("automl_job_ls")

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
SERVER_NOT_INITIALIZED, REQUEST_FAILED = -32002, -32803
_READ_SIZE = 65536


class RequestFailed(JsonRpcException):
    """A valid request the server declines, with a message for the user (e.g. a refused rename).
    An ordinary answer: logged at Info, without a traceback."""

    CODE = REQUEST_FAILED


# -- documents as the editor sees them ---------------------------------------------------------------
class LspTextDocument(TextDocument):
    """pygls's document with the LSP's line model (lines.py), O(log n) position conversions,
    edits applied where the editor made them, and no disk reads.

    pygls splits lines with `str.splitlines`, which also breaks at U+2028, U+0085 and form
    feeds, so incremental edits of a text holding one would land on the wrong line; and it
    reads any URI it was never sent from disk.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._table: ClientLines | None = None

    @property
    def opened(self) -> bool:
        return self._source is not None

    @property
    def source(self) -> str:
        return self._source or ""  # never the file on disk: only what the client sent

    @property
    def table(self) -> ClientLines:
        table = self._table
        if table is None or table.text is not self._source:
            table = self._table = ClientLines(self.source, self.position_codec.encoding or "utf-16")
        return table

    @property
    def lines(self) -> tuple[str, ...]:  # type: ignore[override]
        """The lines with their terminators; a text ending in a line break has its empty last line."""
        table = self.table
        source, starts = table.text, table.starts
        return tuple(source[a:b] for a, b in zip(starts, [*starts[1:], len(source)]))

    @property
    def bare_lines(self) -> list[str]:
        """The lines without their terminators."""
        return self.table.lines

    def snapshot(self) -> LspTextDocument:
        """This version, frozen: later edits do not change it."""
        copy = LspTextDocument(self.uri, self._source, self.version, self.language_id, position_codec=self.position_codec)
        copy._table = self._table
        return copy

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        start, end = change.range.start, change.range.end
        self._source = apply_change(self.table, (start.line, start.character), (end.line, end.character), change.text)

    def position_from_client_units(self, position: types.Position):  # type: ignore[override]
        line, column = self.table.from_client(position.line, position.character)
        return types.Position(line=line, character=column)

    def position_to_client_units(self, position) -> types.Position:  # type: ignore[override]
        line, units = self.table.to_client(position.line, position.character)
        return types.Position(line=line, character=units)

    def range_from_client_units(self, range: types.Range):  # type: ignore[override]
        return types.Range(start=self.position_from_client_units(range.start), end=self.position_from_client_units(range.end))

    def range_to_client_units(self, range) -> types.Range:  # type: ignore[override]
        return types.Range(start=self.position_to_client_units(range.start), end=self.position_to_client_units(range.end))


class LspWorkspace(Workspace):
    def _create_text_document(self, doc_uri, source=None, version=None, language_id=None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                              sync_kind=self._sync_kind, position_codec=self._position_codec)


# The document a request was sent against: set while its message is dispatched, so the
# request's task (which copies the context) keeps it whatever edits arrive meanwhile.
REQUEST_DOCUMENT: contextvars.ContextVar[LspTextDocument | None] = contextvars.ContextVar("request_document", default=None)


# -- strict scalars --------------------------------------------------------------------------------
def _strict(kind: type, accepts: Callable[[Any], bool]):
    def structure(value: Any, target: type) -> Any:
        if not accepts(value):
            raise TypeError(f"expected {kind.__name__}, got {json.dumps(value)[:40]}")
        return target(value)  # `target` may be an enum that subclasses int or str

    return structure


def strict_converter() -> cattrs.Converter:
    converter = default_converter()
    scalars = {
        int: lambda v: type(v) is int or (type(v) is float and v.is_integer()),
        float: lambda v: type(v) in (int, float),
        str: lambda v: type(v) is str,
        bool: lambda v: type(v) is bool,
    }
    for kind, accepts in scalars.items():
        converter.register_structure_hook(kind, _strict(kind, accepts))
    return converter


def _error_summary(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    if isinstance(cause, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(cause, path="params")[:3]).replace("params.params", "params")
    return str(cause) or type(cause).__name__


# -- the protocol ----------------------------------------------------------------------------------------
class ConformingProtocol(LanguageServerProtocol):
    _server: AnalysisServer

    def __init__(self, server: AnalysisServer, converter: cattrs.Converter) -> None:
        super().__init__(server, converter)
        self._initialize_received = False

    # The frames the reader found: one answer for each that has an id, a log line for the rest.
    def receive(self, frame: Body | Oversized | Skipped) -> None:
        if isinstance(frame, Oversized):
            log.warning("dropped a message of %d bytes (over the %d MiB limit)", frame.length, MAX_BODY >> 20)
            self.send_error(None, INVALID_REQUEST, f"Message of {frame.length} bytes is over the {MAX_BODY >> 20} MiB limit; it was dropped.")
            return
        if isinstance(frame, Skipped):
            log.warning("skipped %d bytes of the input stream: %s", frame.size, frame.reason)
            return
        try:
            data = json.loads(frame.data)
        except ValueError as exc:  # includes a body that is not UTF-8
            log.warning("a message body is not JSON (%s)%s", exc, "; its Content-Length was too large" if frame.truncated else "")
            self.send_error(None, PARSE_ERROR, f"Parse error: the message body is not JSON ({exc}).")
            return
        self.receive_json(data)

    def receive_json(self, data: Any) -> None:
        if not isinstance(data, dict):
            self.send_error(None, INVALID_REQUEST, "Invalid request: expected one JSON object (LSP has no batches).")
            return
        has_id = "id" in data
        msg_id = data.get("id")
        if has_id and (type(msg_id) not in (int, str)):
            self.send_error(None, INVALID_REQUEST, "Invalid request: `id` must be an integer or a string.")
            return
        method = data.get("method")
        if data.get("jsonrpc") != "2.0" or ("method" in data and type(method) is not str):
            if has_id:
                self.send_error(msg_id, INVALID_REQUEST, 'Invalid request: expected "jsonrpc": "2.0" and a string `method`.')
            else:
                log.warning("ignored a message that is not JSON-RPC 2.0")
            return
        if method is None:
            if has_id and ("result" in data or "error" in data):
                self._dispatch(data, None)  # the client's answer to one of our requests
            else:
                log.warning("ignored a message with neither a method nor a result")
            return
        if not self._admits(method, msg_id if has_id else None, has_id):
            return
        self._dispatch(data, method if has_id else None)

    def _admits(self, method: str, msg_id: Any, is_request: bool) -> bool:
        """The lifecycle: nothing but `initialize` (or `exit`) first, nothing but `exit` after `shutdown`."""
        if method == types.EXIT:
            self._server.exit(0 if self._shutdown else 1)
            return False
        if not self._initialize_received:
            if method == types.INITIALIZE and is_request:
                self._initialize_received = True
                return True
            if is_request:
                self.send_error(msg_id, SERVER_NOT_INITIALIZED, f"The server is not initialized yet: `{method}` must come after `initialize`.")
            return False
        if method == types.INITIALIZE:
            if is_request:
                self.send_error(msg_id, INVALID_REQUEST, "`initialize` may only be sent once.")
            return False
        if self._shutdown:
            if is_request:
                self.send_error(msg_id, INVALID_REQUEST, f"The server is shutting down: `{method}` is refused; only `exit` is accepted.")
            return False
        return True

    def _dispatch(self, data: dict, request_method: str | None) -> None:
        try:
            message = self.structure_message(data)
        except Exception as exc:
            method = data.get("method", "a response")
            summary = _error_summary(exc)
            log.warning("invalid params for %s (id %s): %s", method, data.get("id"), summary)
            if request_method is not None:
                self.send_error(data["id"], INVALID_PARAMS, f"Invalid params for {method}: {summary}")
            return
        snapshot = None
        document = getattr(getattr(message, "params", None), "text_document", None)
        if request_method is not None and isinstance(getattr(document, "uri", None), str):
            live = self.workspace.get_text_document(document.uri)
            snapshot = live.snapshot() if isinstance(live, LspTextDocument) else None
        token = REQUEST_DOCUMENT.set(snapshot)
        try:
            self.handle_message(message)
        finally:
            REQUEST_DOCUMENT.reset(token)

    def structure_message(self, data: dict) -> Any:
        """pygls's, without its traceback per bad message: the caller answers and logs one line."""
        if "id" in data:
            if "error" in data:
                return self._converter.structure(data, types.ResponseErrorMessage)
            if "method" in data:
                return self._converter.structure(data, self.get_message_type(data["method"]) or JsonRPCRequestMessage)
            return self._converter.structure(data, self._result_types.pop(data["id"], None) or JsonRPCResponseMessage)
        return self._converter.structure(data, self.get_message_type(data.get("method", "")) or JsonRPCNotification)

    def _send_data(self, data: Any) -> None:
        """pygls's, but an answer that cannot be encoded still answers (-32603), and the length
        counts bytes."""
        if not data:
            return
        if self.writer is None:
            log.error("no transport to send a message on")
            return
        try:
            body = json.dumps(data, default=self._serialize_message)
        except Exception as exc:
            msg_id = data.get("id") if isinstance(data, dict) else getattr(data, "id", None)
            log.exception("could not encode a message (id %r)", msg_id)
            if msg_id is None or (getattr(data, "method", None) or (isinstance(data, dict) and "method" in data)):
                return
            body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32603, "message": f"Internal error: the answer could not be encoded ({exc})."}})
        payload = body.encode("utf-8")
        header = f"Content-Length: {len(payload)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        res = self.writer.write(header.encode("ascii") + payload if self._include_headers else payload)
        if inspect.isawaitable(res):
            asyncio.ensure_future(res)

    def send_error(self, msg_id: Any, code: int, message: str) -> None:
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    # -- pygls's handlers, where they differ from the specification ------------------------------
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        steps = super().lsp_initialize(params)
        try:
            step = next(steps)  # pygls has built its workspace; the user's handler runs next
        except StopIteration as done:
            self._adopt_workspace()
            return done.value
        self._adopt_workspace()
        result = yield step
        try:
            while True:
                result = yield steps.send(result)
        except StopIteration as done:
            return done.value

    def _adopt_workspace(self) -> None:
        ws = self._workspace
        if ws is not None and not isinstance(ws, LspWorkspace):
            self._workspace = LspWorkspace(ws.root_uri, ws._sync_kind, list(ws.folders.values()), ws.position_encoding)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        future = self._request_futures.pop(msg_id, None)
        if future is None:
            log.debug("cancel for %r, which is already answered", msg_id)
        elif future.cancel():
            log.debug("cancelled request %r", msg_id)

    def _send_handler_result(self, future, *, msg_id) -> None:  # type: ignore[override]
        if not future.cancelled() and isinstance(future.exception(), RequestFailed):
            self._request_futures.pop(msg_id, None)
            error = future.exception()
            log.info("request %r declined: %s", msg_id, error.message)
            self._send_response(msg_id, error=error.to_response_error())
            return
        super()._send_handler_result(future, msg_id=msg_id)


# -- the server ------------------------------------------------------------------------------------------
class AnalysisServer(LanguageServer):
    """A pygls server with the conforming protocol and a reader that recovers from bad framing."""

    protocol: ConformingProtocol

    def __init__(self, name: str, version: str) -> None:
        super().__init__(name, version, protocol_cls=ConformingProtocol, converter_factory=strict_converter)
        self.exit_code: int | None = None
        self._wake: asyncio.Queue | None = None

    async def prepare(self, document: LspTextDocument) -> None:
        """Called before a request on `document` runs: make its analysis ready (off the loop)."""

    def text_document(self, uri: str) -> LspTextDocument:
        """The document a request names: the snapshot it was sent against, else the live one."""
        snapshot = REQUEST_DOCUMENT.get()
        if snapshot is not None and snapshot.uri == uri:
            return snapshot
        return self.workspace.get_text_document(uri)  # type: ignore[return-value]

    def feature(self, feature_name: str, options: Any | None = None):
        register = super().feature(feature_name, options)
        if not _is_document_request(feature_name):
            return register

        def decorator(fn):
            @functools.wraps(fn)
            async def when_ready(ls: AnalysisServer, params):
                snapshot = REQUEST_DOCUMENT.get()
                if snapshot is not None:
                    await ls.prepare(snapshot)  # a cancel lands here: -32800, and no work is done
                with attrs.validators.disabled():  # answers are built from clamped positions
                    return fn(ls, params)

            register(when_ready)
            return fn

        return decorator

    # -- lifecycle ----------------------------------------------------------------------------
    def exit(self, code: int) -> None:
        self.exit_code = code
        if self._wake is not None:
            self._wake.put_nowait(b"")

    def start_io(self, stdin=None, stdout=None) -> None:  # type: ignore[override]
        from pygls.io_ import StdoutWriter

        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        stream = stdin or sys.stdin.buffer
        try:
            fd = stream.fileno()
            read: Callable[[int], bytes] = lambda size: os.read(fd, size)  # no buffer lock held at exit
        except (AttributeError, OSError, ValueError):
            read = getattr(stream, "read1", stream.read)
        try:
            asyncio.run(self._pump_thread(read))
        except BrokenPipeError:
            log.error("the client closed the connection")
        finally:
            self.shutdown()

    def start_tcp(self, host: str, port: int) -> None:
        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.protocol.set_writer(writer)  # type: ignore[arg-type]
            await self._pump(lambda: reader.read(_READ_SIZE))
            server.close()

        async def main() -> None:
            nonlocal server
            server = await asyncio.start_server(connection, host, port)
            log.info("serving on %s:%s", host, port)
            async with server:
                try:
                    await server.serve_forever()
                except asyncio.CancelledError:
                    pass

        server: Any = None
        asyncio.run(main())

    async def _pump_thread(self, read: Callable[[int], bytes]) -> None:
        """Read stdin on a daemon thread (it can block in a read until the process ends)."""
        loop = asyncio.get_running_loop()
        self._wake = queue = asyncio.Queue()

        def reader() -> None:
            while True:
                try:
                    data = read(_READ_SIZE)
                except (OSError, ValueError):
                    data = b""
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, data)
                except RuntimeError:  # the loop is closed
                    return
                if not data:
                    return

        threading.Thread(target=reader, name="stdin", daemon=True).start()
        await self._pump(queue.get)

    async def _pump(self, read: Callable[[], Awaitable[bytes]]) -> None:
        framer = Framer()
        while self.exit_code is None:
            data = await read()
            if not data:
                break
            for frame in framer.feed(data):
                self.protocol.receive(frame)
                if self.exit_code is not None:
                    break
        if self.exit_code is None:  # the client went away without `exit`
            self.exit_code = 0 if self.protocol._shutdown else 1

    def report_server_error(self, error: Exception, source) -> None:  # type: ignore[override]
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)


@functools.lru_cache(maxsize=None)
def _is_document_request(method: str) -> bool:
    entry = types.METHOD_TO_TYPES.get(method)
    if entry is None or entry[1] is None or entry[2] is None:
        return False  # a notification, or a request without params
    return any(field.name == "text_document" for field in attrs.fields(entry[2]))


