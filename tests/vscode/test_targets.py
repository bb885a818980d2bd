"""Every platform .vsix: its manifest names its target, and the wheels bundled inside it resolve
offline into a complete server for each CPython version the target supports, the way pip would
pick them on that platform:

    pip install --dry-run --no-index --find-links <unpacked wheels> --platform <tag> \\
        --python-version <v> --only-binary=:all: --target <tmp> automl-job-ls

Skipped, with the reason, when the .vsix files are missing outside CI (bash scripts/setup builds
them with `npm run package:all`); with CI=true it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "client-vscode"
PACKAGE = json.loads((CLIENT / "package.json").read_text())
TARGETS = json.loads((CLIENT / "targets.json").read_text())
CASES = [(t, v) for t, entry in TARGETS["targets"].items() for v in entry.get("pythons", TARGETS["pythons"])]
# What the server needs at run time, compiled or not: each must come from the bundle.
RUNTIME = {"automl-job-ls", "pygls", "lsprotocol", "attrs", "cattrs", "typing-extensions", "pyyaml",
           "jsonschema", "jsonschema-specifications", "referencing", "rpds-py"}


def vsix(target: str) -> Path:
    path = CLIENT / f"{PACKAGE['name']}-{target}-{PACKAGE['version']}.vsix"
    if not path.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path.name} was not built (bash scripts/setup runs npm run package:all)")
        pytest.skip(f"needs {path.name} (cd client-vscode && npm run package:all)")
    return path


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    """target -> (TargetPlatform of the vsix manifest, wheels/manifest.json, folder of its wheels)."""
    cache: dict[str, tuple[str | None, dict, Path]] = {}

    def get(target: str):
        if target not in cache:
            folder = tmp_path_factory.mktemp(target)
            with zipfile.ZipFile(vsix(target)) as z:
                identity = ElementTree.fromstring(z.read("extension.vsixmanifest")).find(".//{*}Identity")
                manifest = json.loads(z.read("extension/wheels/manifest.json"))
                for name in z.namelist():
                    if name.startswith("extension/wheels/") and name.endswith(".whl"):
                        (folder / Path(name).name).write_bytes(z.read(name))
            cache[target] = (identity.get("TargetPlatform"), manifest, folder)
        return cache[target]

    return get


@pytest.mark.parametrize("target", list(TARGETS["targets"]))
def test_vsix_names_its_target_and_its_python_versions(unpacked, target):
    target_platform, manifest, folder = unpacked(target)
    assert target_platform == target
    assert manifest["platform"] == target
    assert manifest["pythons"] == TARGETS["targets"][target].get("pythons", TARGETS["pythons"])
    assert manifest["server"] == f"automl_job_ls-{PACKAGE['version']}-py3-none-any.whl"
    assert (folder / manifest["server"]).is_file() and (folder / manifest["pip"]).is_file()
    assert not list(folder.glob("rapidfuzz-*")) and not list(folder.glob("ruamel*")), "only runtime dependencies are bundled"


def _pip_env() -> dict[str, str]:
    # Only the unpacked wheels count: no pip configuration, index or find-links of this machine.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1")
    return env


@pytest.mark.parametrize(("target", "python"), CASES, ids=[f"{t}-py{v}" for t, v in CASES])
def test_bundled_wheels_resolve_offline(unpacked, tmp_path, target, python):
    _, _, folder = unpacked(target)
    tags = TARGETS["targets"][target]["platforms"]
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(folder),
         *[a for tag in tags for a in ("--platform", tag)], "--python-version", python, "--only-binary=:all:",
         "--target", str(tmp_path / "target"), "--report", str(report), "--quiet", "automl-job-ls"],
        capture_output=True, text=True, env=_pip_env(), timeout=300, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    chosen = {item["metadata"]["name"].lower().replace("_", "-"): item["download_info"]["url"].rsplit("/", 1)[-1]
              for item in json.loads(report.read_text())["install"]}
    assert set(chosen) == RUNTIME
    # The compiled wheels are this CPython's and this platform's.
    cp = "cp" + python.replace(".", "")
    platform = _platform_pattern(target)
    for name in ("pyyaml", "rpds-py"):
        wheel = chosen[name]
        assert f"-{cp}-{cp}-" in wheel, wheel
        assert [t for t in re.sub(r"\.whl$", "", wheel).split("-")[-1].split(".") if platform.fullmatch(t)], wheel


def _platform_pattern(target: str) -> re.Pattern:
    """The wheel platform tags pip takes for a target: the listed ones, and for macOS also older
    releases and universal2 (pip widens a macOS tag itself)."""
    if target.startswith("darwin"):
        return re.compile(r"macosx_\d+_\d+_(arm64|universal2)" if target.endswith("arm64") else r"macosx_\d+_\d+_(x86_64|intel|universal2)")
    return re.compile("|".join(map(re.escape, TARGETS["targets"][target]["platforms"])))


def test_universal_vsix_bundles_no_server(unpacked):
    target_platform, manifest, folder = unpacked("universal")
    assert target_platform is None  # installable on any platform
    assert manifest == {"serverVersion": PACKAGE["version"], "pythons": [], "platform": "universal", "digest": "universal"}
    assert list(folder.iterdir()) == []
