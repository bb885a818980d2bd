#!/usr/bin/env bash
# The VS Code extension from a clean clone: npm ci, bundle, and a .vsix per target with that
# target's wheels (automl-job-ls-<target>-<version>.vsix, and the universal fallback), plus
# playwright-core for the real-editor test. Downloaded wheels are kept in .cache/ for the next run.
# System packages (Chromium, code-server's build needs) come from scripts/setup.
# Its tests run with the others (bash scripts/test): `npm test` through tests/vscode/test_client.py,
# the real VS Code through tests/vscode/test_vscode.py.
#   AUTOML_WHEEL_PYTHON  Python with pip used to build the wheels (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${AUTOML_WHEEL_PYTHON:-python3}
"$python" -m pip --version >/dev/null 2>&1 || { echo "build.sh: $python has no pip (apt-get install python3-pip)" >&2; exit 1; }

npm ci --no-audit --no-fund
AUTOML_WHEEL_PYTHON=$python npm run package:all   # the per-target test resolves every one of them
(cd ../tests/vscode && npm ci --no-audit --no-fund)   # playwright-core for the e2e test
