"""Start-up: keep the code attrs generates for lsprotocol's classes in a disk cache.

Importing `lsprotocol.types` (which pygls needs before it can answer `initialize`) defines about
570 attrs classes, and attrs writes Python source for each class's methods and `compile()`s it:
about half of the import's ~300 ms. `compile` is a pure function of its arguments, so while that
import runs, a compile of attrs-generated source is looked up by a hash of the exact source and
file name, and the code object found in the cache is the one `compile` would have returned.
The cache is the user's cache folder (like `__pycache__`, keyed by the interpreter's bytecode
magic); when it is missing or unwritable everything works as before, only slower. What remains
of the import (attrs building ~570 classes, their annotations and validators) has no cache: it
is the floor of a pygls server's start-up.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from contextlib import contextmanager
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Iterator

from _blake2 import blake2b  # built in to CPython; hashlib would load OpenSSL at start-up

_GENERATED = ("<attrs generated", "<cattrs generated")  # file names attrs and cattrs give their code
_REWRITE_AFTER = 32  # misses; attrs bakes a per-process hash seed into a few scripts, so some always miss
_UNUSED_AFTER = 64  # entries a start did not use: rewrite without them


def cache_dir() -> Path:
    if os.environ.get("AUTOML_JOB_LS_CACHE"):
        return Path(os.environ["AUTOML_JOB_LS_CACHE"])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "automl-job-ls" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "automl-job-ls"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "automl-job-ls"


def cache_file() -> Path:
    return cache_dir() / f"attrs-code-{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}.marshal"


class Stats:
    hits = 0
    misses = 0


@contextmanager
def generated_code_cache(path: Path | None = None) -> Iterator[Stats]:
    """Within the block, attrs-generated source compiles from the cache."""
    path = path or cache_file()
    try:
        cached = marshal.loads(path.read_bytes())
        if not isinstance(cached, dict):
            cached = {}
    except (OSError, ValueError, EOFError, TypeError):
        cached = {}
    used: dict = {}
    stats = Stats()
    real = builtins.compile

    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):  # noqa: A001
        if kwargs or flags or dont_inherit or optimize != -1 or mode != "exec" or type(source) is not str or type(filename) is not str or not filename.startswith(_GENERATED):
            return real(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
        key = blake2b(f"{filename}\0{source}".encode("utf-8", "surrogatepass"), digest_size=20).digest()
        code = cached.get(key)
        if code is None:
            stats.misses += 1
            code = real(source, filename, mode)
        else:
            stats.hits += 1
        used[key] = code
        return code

    builtins.compile = compile
    try:
        yield stats
    finally:
        builtins.compile = real
    if stats.misses > _REWRITE_AFTER or len(cached) - stats.hits > _UNUSED_AFTER:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps(used))
            os.replace(partial, path)  # atomic: a concurrent start reads the old or the new file
        except OSError:
            pass
