"""Framing recovers from wrong lengths, junk and oversized messages, byte by byte or in one read."""

from __future__ import annotations

import json

import pytest

from automl_job_ls.lsp.framing import Body, Framer, Oversized, Skipped


def frame(obj, length: int | None = None) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


A = {"jsonrpc": "2.0", "id": 1, "method": "a", "params": {"text": "Content-Length: 5\\r\\n"}}
B = {"jsonrpc": "2.0", "id": 2, "method": "b"}


def run(data: bytes, chunk: int, max_body: int = 1000) -> list:
    framer = Framer(max_body)
    out = []
    for i in range(0, len(data), chunk):
        out += framer.feed(data[i : i + chunk])
    return out


@pytest.mark.parametrize("chunk", [1, 7, 10_000])
def test_messages_in_any_chunking(chunk):
    data = frame(A) + b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + frame(B)
    assert run(data, chunk) == [Body(json.dumps(A).encode()), Body(json.dumps(B).encode())]


@pytest.mark.parametrize("chunk", [1, 10_000])
def test_a_length_too_large_is_cut_at_the_next_header(chunk):
    out = run(frame(A, length=900) + frame(B), chunk)
    assert out == [Body(json.dumps(A).encode(), truncated=True), Body(json.dumps(B).encode())]


@pytest.mark.parametrize("chunk", [1, 10_000])
def test_a_length_too_small_skips_the_rest_and_finds_the_next_header(chunk):
    body = json.dumps(A).encode()
    out = run(frame(A, length=10) + frame(B), chunk)
    # The rest of A (which mentions "Content-Length: 5" in a string) is skipped in one go.
    assert out == [Body(body[:10]), Skipped("bytes that are not a header", len(body) - 10), Body(json.dumps(B).encode())]


def test_a_header_with_no_body():
    out = run(b"Content-Length: 40\r\n\r\n" + frame(B), 10_000)
    assert out == [Skipped("a header with no body", 0), Body(json.dumps(B).encode())]


@pytest.mark.parametrize("chunk", [1, 3, 10_000])
def test_an_oversized_message_is_reported_and_skipped(chunk):
    big = frame({"x": "y" * 2000})
    out = run(big + frame(B), chunk)
    assert out == [Oversized(len(big) - len(b"Content-Length: 2011\r\n\r\n")), Body(json.dumps(B).encode())]


def test_an_absurd_length_never_buffers_and_recovers_at_the_next_header():
    framer = Framer(1000)
    assert framer.feed(b"Content-Length: 99999999999\r\n\r\n") == [Oversized(99999999999)]
    assert framer.feed(b"x" * 100_000) == []
    assert len(framer._buf) <= 64
    assert framer.feed(b"\r\n" + frame(B)) == [Body(json.dumps(B).encode())]


def test_a_length_that_is_not_a_number():
    out = run(b"Content-Length: ten\r\n\r\n{}" + frame(B), 10_000)
    assert out == [Skipped("a Content-Length that is not a number: b'ten'", len(b"Content-Length: ten\r\n\r\n{}")), Body(json.dumps(B).encode())]
