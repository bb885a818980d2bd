"""Fixtures for the packaging tier: a copy of the sources to build from, and the wheelhouse that
`bash scripts/setup` fills (the runtime dependencies and setuptools as wheels), so installs into
fresh environments run offline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSE = REPO / ".cache" / "wheelhouse"
# What a build of the package reads (server/automl_job_ls links schemas/ and docs/ from here).
SOURCES = ("pyproject.toml", "README.md", "server", "schemas", "docs")


def need(what: str, ok: bool) -> None:
    """Skip outside CI when a setup product is missing; fail in CI, where setup made it."""
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"missing in CI: {what}")
    pytest.skip(f"needs {what}")


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    need(f"{WHEELHOUSE} (bash scripts/setup)", any(WHEELHOUSE.glob("setuptools-*.whl")))
    return WHEELHOUSE


def copy_sources(dest: Path) -> Path:
    """The package sources in `dest`: builds leave their build/ and egg-info there, not in the tree."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in SOURCES:
        src = REPO / item
        if src.is_dir():
            shutil.copytree(src, dest / item, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dest / item)
    return dest


@pytest.fixture
def offline_env(wheelhouse: Path, tmp_path: Path) -> dict[str, str]:
    """pip (and what runs it: build, pipx, pre-commit) sees only the wheelhouse."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "PIPX_", "VIRTUAL_ENV"))}
    env.update(
        PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse), PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path / "home"),
    )
    return env
