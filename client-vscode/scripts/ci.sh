#!/usr/bin/env bash
# Everything CI needs for the VS Code extension, from a clean clone: Debian packages, npm ci,
# build, unit tests, and automl-job-ls-<version>.vsix with the server's wheels built from this
# repository. The real-editor test (tests/vscode/run.mjs) then runs from pytest.
#   AUTOML_WHEEL_PYTHON  Python with pip used to build the wheels (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

# Chromium drives the editor; the -dev packages and ripgrep are what code-server's install needs
# (see tests/vscode/run.mjs).
packages=(chromium libkrb5-dev pkg-config libx11-dev libxkbfile-dev libsecret-1-dev ripgrep)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=${AUTOML_WHEEL_PYTHON:-python3}
"$python" -m pip --version >/dev/null 2>&1 || { echo "ci.sh: $python has no pip (apt-get install python3-pip)" >&2; exit 1; }

npm ci --no-audit --no-fund
npm run build
AUTOML_WHEEL_PYTHON=$python npm run wheels
npm test                                  # includes a real offline install from wheels/
AUTOML_REUSE_WHEELS=1 npm run package     # client-vscode/automl-job-ls-<version>.vsix
(cd ../tests/vscode && npm ci --no-audit --no-fund)   # playwright-core for the e2e test
