"""The VS Code client's own unit tests (client-vscode/test/, `npm test` under node --test):
interpreter resolution order (Windows too, with path.win32), version checks, settings sent to the
server, the environment's stamp and a real offline install from the bundled wheels. Run here so that `bash scripts/test` runs
every tier.

Skipped, with the reason, when client-vscode/node_modules is missing outside CI (bash
scripts/setup installs it); with CI=true it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[2] / "client-vscode"


def test_client_unit_tests_pass():
    missing = [what for what, ok in (
        ("node", shutil.which("npm") is not None),
        ("client-vscode/node_modules (bash scripts/setup)", (CLIENT / "node_modules").is_dir()),
        ("client-vscode/wheels (bash scripts/setup)", (CLIENT / "wheels").is_dir()),
    ) if not ok]
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("client unit tests cannot run in CI, missing: " + "; ".join(missing))
        pytest.skip("client unit tests need " + "; ".join(missing))
    proc = subprocess.run(["npm", "test"], cwd=CLIENT, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    output = proc.stdout + proc.stderr
    counts = {k: int(v) for k, v in re.findall(r"^# (pass|fail) (\d+)$", output, re.M)}
    assert proc.returncode == 0 and counts.get("fail") == 0, output[-6000:]
    assert counts.get("pass", 0) >= 35, output[-6000:]  # the suite has 39; a lost file shows here
