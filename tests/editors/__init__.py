"""Real editors driven headless; each test module skips (or, in CI, fails) when its editor is missing."""

from __future__ import annotations

import os
import shutil

import pytest


def require(binary: str, install: str) -> str:
    """The editor's path, or a skip (a failure in CI, where setup installs it) saying how to get it."""
    found = shutil.which(binary)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is not installed; scripts/setup installs {install}")
        pytest.skip(f"{binary} is not installed (apt-get install {install})")
    return found
