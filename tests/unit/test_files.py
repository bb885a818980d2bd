"""Files a job points at are read only when they are regular files under the size cap."""

from __future__ import annotations

import os

import pytest

from automl_job_ls import files


def test_a_regular_file_is_read(tmp_path):
    path = tmp_path / "component.yml"
    path.write_text("inputs:\n  a: {type: string}\n")
    assert files.read_text(path) == "inputs:\n  a: {type: string}\n"


def test_too_large_not_utf8_and_missing_files_are_none(tmp_path):
    big = tmp_path / "big.yml"
    big.write_bytes(b"a" * 101)
    latin = tmp_path / "latin.yml"
    latin.write_bytes(b"name: caf\xe9\n")
    assert files.read_text(big, max_bytes=100) is None
    assert files.read_text(latin) is None
    assert files.read_text(latin, errors="ignore") == "name: caf\n"
    assert files.read_text(tmp_path / "missing.yml") is None
    assert files.read_text(tmp_path) is None  # a folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_or_a_device_is_never_read(tmp_path):
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    assert files.read_text(fifo) is None  # returns at once: no writer is waited for
    assert files.read_text("/dev/zero") is None
