"""Positions as editors count them: lines break at \\n, \\r\\n and \\r only, columns in the
negotiated code units, and edits land where the editor put them. Checked against a direct
re-implementation of the specification on random text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from automl_job_ls.lsp.editor_text import UTF8, UTF16, UTF32, ClientLines as Lines, apply_change

# Characters that break lines for str.splitlines but not for LSP, wide characters in each encoding.
ALPHABET = st.sampled_from(list("ab: -\n\r\t") + ["\r\n", "\x0c", "\x85", "\u2028", "é", "€", "😀", "𝄞"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)
ENCODINGS = st.sampled_from([UTF8, UTF16, UTF32])


def spec_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def units(chars: str, encoding: str) -> int:
    if encoding == UTF32:
        return len(chars)
    return len(chars.encode("utf-16-le" if encoding == UTF16 else "utf-8")) // (2 if encoding == UTF16 else 1)


def test_lines_break_only_where_editors_break_them():
    lines = Lines("a\x0cb\u2028c\r\nd\re\nf")
    assert [lines.line(i) for i in range(len(lines))] == ["a\x0cb\u2028c", "d", "e", "f"]


def test_utf16_columns_count_astral_characters_twice():
    lines = Lines('x: "😀é"', UTF16)
    assert lines.to_client(0, 6) == (0, 7)  # after the emoji and é
    assert lines.from_client(0, 7) == (0, 6)
    assert lines.from_client(0, 5) == (0, 5)  # inside the emoji's surrogate pair: after it, as pygls reads it


def test_positions_past_the_end_are_clamped_as_the_specification_says():
    lines = Lines("ab\ncd")
    assert lines.from_client(0, 99) == (0, 2)
    assert lines.from_client(7, 3) == (1, 2)
    assert lines.to_client(-1, 5) == (0, 0)


@settings(max_examples=300, deadline=None)
@given(TEXT, ENCODINGS, st.data())
def test_conversions_agree_with_the_specification(text, encoding, data):
    lines = Lines(text, encoding)
    expected = spec_lines(text)
    assert [lines.line(i) for i in range(len(lines))] == expected
    line = data.draw(st.integers(0, len(expected) - 1))
    column = data.draw(st.integers(0, len(expected[line])))
    client = units(expected[line][:column], encoding)
    assert lines.to_client(line, column) == (line, client)
    assert lines.from_client(line, client) == (line, column)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.data())
def test_an_edit_replaces_exactly_its_range(text, new_text, data):
    expected = spec_lines(text)
    picks = sorted(
        data.draw(st.tuples(st.integers(0, len(expected) - 1), st.integers(0, 3)).map(
            lambda p: (p[0], min(p[1], len(expected[p[0]])))
        ))
        for _ in range(2)
    )
    (l1, c1), (l2, c2) = picks
    offset = lambda line, column: sum(len(m) for m in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", text)[:line]) + column
    result = apply_change(Lines(text, UTF32), (l1, c1), (l2, c2), new_text)
    assert result == text[: offset(l1, c1)] + new_text + text[offset(l2, c2) :]
