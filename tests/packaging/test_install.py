"""The package as users install it: a wheel and an sdist built with `python -m build`, the wheel in a
fresh venv, `pipx install .` and `uv tool install .`, all offline from the setup's wheelhouse.
Each installed `automl-job-ls` then checks a real job, and its diagnostics link to the docs file
installed with it."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from ..conftest import STANDALONE
from .conftest import copy_sources

BAD = STANDALONE.read_text().replace("  evaluation_frequency: 1", "  evaluation_frequency: 1\n  lerning_rate: 0.01")
RUNTIME = {"pygls", "lsprotocol", "pyyaml", "jsonschema", "attrs", "cattrs"}


def sh(*args, env=None, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def dists(tmp_path_factory, wheelhouse) -> dict[str, Path]:
    """wheel and sdist, the wheel built from the sdist (python -m build's default)."""
    tmp = tmp_path_factory.mktemp("dists")
    src = copy_sources(tmp / "src")
    env = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null"}
    sh(sys.executable, "-m", "build", "--outdir", tmp / "dist", src, env=env)
    wheel, = (tmp / "dist").glob("automl_job_ls-*.whl")
    sdist, = (tmp / "dist").glob("automl_job_ls-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_wheel_holds_the_package_its_schemas_and_docs(dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    for name in ("automl_job_ls/cli.py", "automl_job_ls/docs/codes.md",
                 "automl_job_ls/schemas/automl-image-instance-segmentation-job.schema.json"):
        assert name in names
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]
    metadata = zipfile.ZipFile(dists["wheel"]).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    required = {line.split()[1].split(">")[0].split("<")[0].lower()
                for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert required == RUNTIME


def test_sdist_builds_the_same_package(dists):
    names = {n.split("/", 1)[1] for n in tarfile.open(dists["sdist"]).getnames() if "/" in n}
    # The links to schemas/ and docs/ are stored as the files themselves: the sdist stands alone.
    assert {"pyproject.toml", "server/automl_job_ls/cli.py", "server/automl_job_ls/docs/codes.md",
            "server/automl_job_ls/schemas/automl-image-instance-segmentation-job.schema.json"} <= names


def _check_job(exe: Path, tmp: Path, env: dict) -> None:
    job = tmp / "job.yml"
    job.write_text(BAD)
    proc = subprocess.run([str(exe), "check", str(job), "--format", "json"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert [(d["code"], d["range"]["start"]["line"]) for d in json.loads(proc.stdout)] == [("AML101", BAD.splitlines().index("  lerning_rate: 0.01"))]


def _docs_link_of(python: Path, env: dict) -> tuple[Path, str]:
    out = sh(python, "-c", "from automl_job_ls.diagnostics.codes import CODES; print(CODES['AML101'].url)", env=env).stdout.strip()
    uri, _, fragment = out.partition("#")
    return Path(url2pathname(urlparse(uri).path)), fragment


def test_wheel_installs_offline_into_a_fresh_venv(dists, tmp_path, offline_env):
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    sh(python, "-m", "pip", "install", "--no-index", "--find-links", offline_env["PIP_FIND_LINKS"], dists["wheel"], env=offline_env)
    listed = json.loads(sh(python, "-m", "pip", "list", "--format", "json", env=offline_env).stdout)
    installed = {p["name"].lower() for p in listed} - {"pip", "setuptools"}
    # Only what the server and `check` use: no rapidfuzz, no ruamel.yaml.
    assert installed == {"automl-job-ls", "pygls", "lsprotocol", "pyyaml", "jsonschema", "attrs", "cattrs",
                         "typing_extensions", "referencing", "jsonschema-specifications", "rpds-py"}
    assert sh(venv / "bin" / "automl-job-ls", "--version", env=offline_env).stdout.strip() == "automl-job-ls 0.1.0"
    _check_job(venv / "bin" / "automl-job-ls", tmp_path, offline_env)
    docs, fragment = _docs_link_of(python, offline_env)
    assert docs.is_file() and venv in docs.parents  # the installed copy, not the checkout's
    assert docs.read_text().splitlines()[int(fragment[1:]) - 1] == "## AML101"


def test_pipx_install_from_the_source_tree(tmp_path, offline_env):
    src = copy_sources(tmp_path / "src")
    env = {**offline_env, "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin"),
           "PIPX_MAN_DIR": str(tmp_path / "man"), "USE_EMOJI": "0"}
    sh(sys.executable, "-m", "pipx", "install", "--python", sys.executable, ".", env=env, cwd=src)
    exe = tmp_path / "bin" / "automl-job-ls"
    assert sh(exe, "--version", env=env).stdout.strip() == "automl-job-ls 0.1.0"
    _check_job(exe, tmp_path, env)


def test_uv_tool_install_from_the_source_tree(tmp_path, offline_env):
    src = copy_sources(tmp_path / "src")
    env = {**offline_env, "UV_TOOL_DIR": str(tmp_path / "tools"), "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
           "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "UV_PYTHON_DOWNLOADS": "never"}
    uv = Path(sys.executable).parent / "uv"
    sh(uv, "tool", "install", "--offline", "--no-index", "--find-links", offline_env["PIP_FIND_LINKS"],
       "--python", sys.executable, ".", env=env, cwd=src)
    exe = tmp_path / "bin" / "automl-job-ls"
    assert sh(exe, "--version", env=env).stdout.strip() == "automl-job-ls 0.1.0"
    _check_job(exe, tmp_path, env)
