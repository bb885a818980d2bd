"""The base protocol's framing: `Content-Length` headers, then a body, on a byte stream.

A wrong `Content-Length` must not leave the server deaf. Raw line breaks cannot occur inside a
JSON string, so a body can never contain `Content-Length: N` followed by a line break; when that
shows up where a body should be, the length was wrong and the next message starts there
(resynchronise on the next header). A declared length over the cap is never buffered: its bytes
are skipped, watching for the next header the same way. Bytes that are not a header are skipped
up to the next `Content-Length: N` line. Sans I/O: `feed` bytes in, get frames out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BODY = 64 * 1024 * 1024  # a 10 MB document with escapes fits; 99999999999 does not
_MAX_HEADER_LINE = 8192
# A raw line break cannot be inside a JSON string, and the name cannot be outside one: a match
# in a body means the body was cut short and the next message starts there.
_HEADER_LINE = re.compile(rb"content-length:[ \t]*[0-9]+[ \t]*\r?\n", re.IGNORECASE)
_OVERLAP = 64  # a header may straddle two reads
_FIELD = re.compile(rb"([A-Za-z0-9!#$%&'*+.^_`|~-]+):[ \t]*(.*?)[ \t]*", re.DOTALL)  # an HTTP token, a colon
_LENGTH_NAME = b"content-length"


@dataclass(frozen=True)
class Body:
    data: bytes
    truncated: bool = False  # cut short by the next header: its Content-Length was too large


@dataclass(frozen=True)
class Oversized:
    length: int


@dataclass(frozen=True)
class Skipped:
    reason: str
    size: int


Frame = Body | Oversized | Skipped

_HEADERS, _BODY, _DISCARD, _RESYNC = range(4)


class Framer:
    def __init__(self, max_body: int = MAX_BODY) -> None:
        self.max_body = max_body
        self._buf = bytearray()
        self._state = _HEADERS
        self._length: int | None = None
        self._remaining = 0  # body bytes still expected (or still to discard)
        self._scanned = 0  # body bytes already searched for a header
        self._reason = ""
        self._skipped = 0

    def feed(self, data: bytes) -> list[Frame]:
        self._buf += data
        out: list[Frame] = []
        pos, more = 0, True
        while more:
            step = (self._headers, self._body, self._discard, self._resync)[self._state]
            pos, more = step(pos, out)
        del self._buf[:pos]
        return out

    # -- states: each returns (new position, whether to go on without more bytes) -------------
    def _headers(self, pos: int, out: list[Frame]) -> tuple[int, bool]:
        buf = self._buf
        end = buf.find(b"\n", pos)
        if end < 0:
            if len(buf) - pos > _MAX_HEADER_LINE:
                return self._lost(pos, "a header line without an end")
            return pos, False
        line = bytes(buf[pos:end]).rstrip(b"\r")
        if not line:
            if self._length is None:
                return end + 1, True  # a stray blank line between messages
            length, self._length = self._length, None
            self._remaining, self._scanned = length, 0
            if length > self.max_body:
                out.append(Oversized(length))
                self._state = _DISCARD
            else:
                self._state = _BODY
            return end + 1, True
        field = _FIELD.fullmatch(line)
        if field is None:
            return self._lost(pos, "bytes that are not a header")
        if field.group(1).lower() == _LENGTH_NAME:
            value = field.group(2)
            if not value.isdigit():
                return self._lost(pos, f"a Content-Length that is not a number: {value[:40]!r}")
            self._length = int(value)
        return end + 1, True

    def _next_header_in(self, pos: int, available: int) -> int | None:
        """Offset from `pos` of a `Content-Length: N` header line within the next `available` bytes."""
        found = _HEADER_LINE.search(self._buf, pos + max(self._scanned - _OVERLAP, 0), pos + available)
        self._scanned = available
        return None if found is None else found.start() - pos

    def _body(self, pos: int, out: list[Frame]) -> tuple[int, bool]:
        available = min(len(self._buf) - pos, self._remaining)
        header = self._next_header_in(pos, available)
        if header is not None:
            out.append(Body(bytes(self._buf[pos : pos + header]), truncated=True) if header else Skipped("a header with no body", 0))
            self._state = _HEADERS
            return pos + header, True
        if available < self._remaining:
            return pos, False
        out.append(Body(bytes(self._buf[pos : pos + available])))
        self._state = _HEADERS
        return pos + available, True

    def _discard(self, pos: int, out: list[Frame]) -> tuple[int, bool]:
        available = min(len(self._buf) - pos, self._remaining)
        header = self._next_header_in(pos, available)
        if header is not None:
            self._state = _HEADERS
            return pos + header, True
        keep = min(_OVERLAP, available) if available < self._remaining else 0  # a header may straddle reads
        self._remaining -= available - keep
        self._scanned = keep
        if self._remaining == 0:
            self._state = _HEADERS
            return pos + available, True
        return pos + available - keep, False

    def _lost(self, pos: int, reason: str) -> tuple[int, bool]:
        self._state, self._length, self._reason, self._skipped = _RESYNC, None, reason, 0
        return pos, True

    def _resync(self, pos: int, out: list[Frame]) -> tuple[int, bool]:
        found = _HEADER_LINE.search(self._buf, pos)
        if found is None:
            keep = max(len(self._buf) - _OVERLAP, pos)
            self._skipped += keep - pos
            return keep, False
        self._skipped += found.start() - pos
        out.append(Skipped(self._reason, self._skipped))
        self._state = _HEADERS
        return found.start(), True
