#!/usr/bin/env bash
# The VS Code extension from a clean clone: npm ci, bundle, the server's wheels (built from this
# repository) and automl-job-ls-<version>.vsix, plus playwright-core for the real-editor test.
# System packages (Chromium, code-server's build needs) come from scripts/setup.
# Its tests run with the others (bash scripts/test): `npm test` through tests/vscode/test_client.py,
# the real VS Code through tests/vscode/test_vscode.py.
#   AUTOML_WHEEL_PYTHON  Python with pip used to build the wheels (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${AUTOML_WHEEL_PYTHON:-python3}
"$python" -m pip --version >/dev/null 2>&1 || { echo "build.sh: $python has no pip (apt-get install python3-pip)" >&2; exit 1; }

npm ci --no-audit --no-fund
npm run build
AUTOML_WHEEL_PYTHON=$python npm run wheels
AUTOML_REUSE_WHEELS=1 npm run package     # client-vscode/automl-job-ls-<version>.vsix
(cd ../tests/vscode && npm ci --no-audit --no-fund)   # playwright-core for the e2e test
