"""The base protocol and the LSP lifecycle, on raw stdio bytes (no client library): every request
gets exactly one answer with the code the specification names, bad framing is survived, and the
exit code follows `shutdown`."""

from __future__ import annotations

import json
import os

import pytest

from ..conftest import PIPELINE, STANDALONE
from ..rawlsp import RawServer, frame

HOVER_AT = {"textDocument": {"uri": "file:///w/job.yml"}, "position": {"line": 0, "character": 0}}


@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "server.log"


@pytest.fixture
def server(log_path):
    with RawServer(stderr_path=log_path) as s:
        yield s


@pytest.fixture
def ready(server):
    server.initialize()
    return server


def error(message: dict) -> tuple[int, object]:
    return message["error"]["code"], message["id"]


# -- lifecycle ------------------------------------------------------------------------------------------
def test_a_request_before_initialize_is_answered_server_not_initialized(server):
    server.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///w/job.yml", "languageId": "yaml", "version": 1, "text": "x"}})
    assert error(server.call("textDocument/hover", HOVER_AT)) == (-32002, 1)
    assert "result" in server.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    # The didOpen before initialize was dropped: the document is unknown, so its outline is empty.
    assert server.call("textDocument/documentSymbol", {"textDocument": {"uri": "file:///w/job.yml"}})["result"] == []


def test_initialize_twice_is_an_invalid_request(ready):
    assert error(ready.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})) == (-32600, 2)


def test_after_shutdown_requests_are_refused_and_exit_ends_with_0(ready):
    assert ready.call("shutdown") == {"jsonrpc": "2.0", "id": 2, "result": None}
    assert error(ready.call("textDocument/hover", HOVER_AT)) == (-32600, 3)
    assert error(ready.call("shutdown")) == (-32600, 4)
    ready.notify("exit")
    assert ready.exit_code() == 0


def test_exit_without_shutdown_ends_with_1(ready):
    ready.notify("exit")
    assert ready.exit_code() == 1


def test_exit_before_initialize_ends_with_1(server):
    server.notify("exit")
    assert server.exit_code() == 1


def test_end_of_input_after_shutdown_ends_with_0(ready):
    ready.call("shutdown")
    ready.proc.stdin.close()
    assert ready.exit_code() == 0


# -- errors with ids ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "position, problem",
    [
        ({"line": "zero", "character": 0}, "expected int"),
        ({"line": -1, "character": 0}, "invalid value"),
        ({"line": 0, "character": 2**32}, "invalid value"),
        ({"line": 1.5, "character": 0}, "expected int"),
        ({"line": True, "character": 0}, "expected int"),
    ],
)
def test_invalid_params_are_answered_minus_32602_with_a_log_line(ready, log_path, position, problem):
    answer = ready.call("textDocument/hover", {"textDocument": {"uri": "file:///w/job.yml"}, "position": position})
    assert error(answer) == (-32602, 2)
    assert answer["error"]["message"].startswith("Invalid params for textDocument/hover: ") and problem in answer["error"]["message"]
    ready.call("shutdown")  # the server still answers; and the log line is written by now
    lines = [line for line in log_path.read_text().splitlines() if "invalid params for textDocument/hover (id 2)" in line]
    assert len(lines) == 1 and "WARNING" in lines[0]
    assert "Traceback" not in log_path.read_text()


def test_missing_params_are_invalid_params(ready):
    assert error(ready.call("textDocument/hover")) == (-32602, 2)


def test_an_unknown_method_is_method_not_found(ready):
    assert error(ready.call("textDocument/unknownThing", {})) == (-32601, 2)


def test_a_body_that_is_not_json_is_a_parse_error_with_a_null_id(ready):
    body = b'{"jsonrpc": "2.0", "id": 7, "method": '
    ready.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert error(ready.next_message()) == (-32700, None)
    assert error(ready.call("textDocument/unknownThing", {})) == (-32601, 2)


@pytest.mark.parametrize(
    "message, answer",
    [
        ([1, 2], (-32600, None)),  # a batch
        ({"jsonrpc": "1.0", "id": 5, "method": "shutdown"}, (-32600, 5)),
        ({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}, (-32600, None)),
        ({"jsonrpc": "2.0", "id": 6, "method": 12}, (-32600, 6)),
    ],
)
def test_what_is_not_a_request_is_an_invalid_request(ready, message, answer):
    ready.send_bytes(frame(message))
    assert error(ready.next_message()) == answer


# -- framing ----------------------------------------------------------------------------------------------
def hover_frame(msg_id: int, length_delta: int = 0) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/unknownThing", "params": {}}).encode()
    return b"Content-Length: %d\r\n\r\n" % (len(body) + length_delta) + body


@pytest.mark.parametrize("delta", [-10, 25])
def test_a_wrong_content_length_costs_one_message_not_the_session(ready, delta):
    ready.send_bytes(hover_frame(10, delta) + hover_frame(11))
    seen = []
    assert error(ready.wait_for(lambda m: m.get("id") == 11, seen=seen)) == (-32601, 11)
    # The message with the wrong length is answered as what it became: cut short, it is not JSON;
    # too long, it still ends where the next header starts and is answered.
    assert [error(m) for m in seen if "id" in m] == ([(-32700, None)] if delta < 0 else [(-32601, 10)])
    assert ready.unframed == b""


def test_a_header_without_a_body_and_junk_between_messages(ready):
    ready.send_bytes(b"Content-Length: 80\r\n\r\n" + b"garbage\r\n\r\n" + hover_frame(12))
    assert error(ready.next_message()) == (-32700, None)  # "garbage" was its body
    assert error(ready.next_message()) == (-32601, 12)
    ready.send_bytes(b"Content-Length: 80\r\n\r\n" + hover_frame(13))
    assert error(ready.next_message()) == (-32601, 13)


def test_an_absurd_content_length_is_answered_and_the_server_lives(ready):
    ready.send_bytes(b"Content-Length: 99999999999\r\n\r\n" + b'{"jsonrpc": "2.0"}' + b"\r\n" + hover_frame(13))
    first = ready.next_message()
    assert error(first) == (-32600, None) and "over the 64 MiB limit" in first["error"]["message"]
    assert error(ready.next_message()) == (-32601, 13)


# -- documents that were never opened ------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_never_opened_fifo_or_device_is_not_read(ready, tmp_path):
    fifo = tmp_path / "blocking.yml"
    os.mkfifo(fifo)
    for uri in (fifo.as_uri(), "file:///dev/zero"):
        assert ready.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout=10)["result"] == []
        assert ready.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}, timeout=10)["result"] is None
    # A job file on disk that the editor never opened is not read either: the answer is empty.
    job = tmp_path / "job.yml"
    job.write_text(STANDALONE.read_text())
    assert ready.call("textDocument/documentSymbol", {"textDocument": {"uri": job.as_uri()}})["result"] == []


# -- cancellation and work off the loop ----------------------------------------------------------------------
def big_job(lines: int) -> str:
    head = STANDALONE.read_text()
    entry = "  - learning_rate:\n      type: uniform\n      min_value: 0.0001\n      max_value: 0.001\n"
    return head + "search_space:\n" + entry * (lines // 4)


def test_a_cancelled_request_answers_request_cancelled(ready):
    uri = "file:///w/big.yml"
    ready.open(uri, big_job(40_000))  # about a second to parse
    msg_id = ready.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    ready.notify("$/cancelRequest", {"id": msg_id})
    assert error(ready.response(msg_id, timeout=30)) == (-32800, msg_id)


def test_a_small_document_is_answered_while_a_big_one_is_still_parsing(ready):
    big, small = "file:///w/big.yml", "file:///w/small.yml"
    ready.open(big, big_job(40_000))
    ready.open(small, STANDALONE.read_text())
    slow = ready.request("textDocument/documentSymbol", {"textDocument": {"uri": big}})
    quick = ready.request("textDocument/documentSymbol", {"textDocument": {"uri": small}})
    order = []
    ready.wait_for(lambda m: (m.get("id") in (slow, quick) and order.append(m["id"])) or len(order) == 2, timeout=60)
    assert order == [quick, slow]


# -- logs -------------------------------------------------------------------------------------------------------
def test_a_refused_rename_is_an_ordinary_answer(ready, log_path):
    uri = "file:///w/pipeline.yml"
    text = PIPELINE.read_text()
    ready.open(uri, text)
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("jobs:")))
    answer = ready.call("textDocument/rename", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 1}, "newName": "x"})
    assert answer["error"] == {"code": -32803, "message": "Only a pipeline input, output or step can be renamed here."}
    ready.call("shutdown")
    log = log_path.read_text()
    assert "Traceback" not in log and " ERROR " not in log
    assert [l.split(" ", 2)[2] for l in log.splitlines() if "declined" in l] == [
        "INFO automl_job_ls: request 2 declined: Only a pipeline input, output or step can be renamed here."
    ]

