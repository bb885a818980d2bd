"""Start-up: keep the code attrs generates for lsprotocol's classes in a disk cache.

Importing `lsprotocol.types` (which pygls needs before it can answer `initialize`) defines about
570 attrs classes, and attrs writes Python source for each class's methods and `compile()`s it:
about half of the import's ~300 ms; cattrs does the same for each message type's converter when
the first messages arrive. `compile` is a pure function of its arguments, so from the import to
the first diagnostics, a compile of attrs- or cattrs-generated source is looked up by a hash of
the exact source and file name, and the code object found is the one `compile` would return.
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
_MAX_ENTRIES = 4000


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


class CodeCache:
    """While active, a compile of attrs- or cattrs-generated source is looked up in the cache."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_file()
        try:
            cached = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            cached = {}
        self.cached: dict = cached if isinstance(cached, dict) else {}
        self.used: dict = {}
        self.hits = self.misses = 0
        self._real = builtins.compile

    def compile(self, source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
        if kwargs or flags or dont_inherit or optimize != -1 or mode != "exec" or type(source) is not str or type(filename) is not str or not filename.startswith(_GENERATED):
            return self._real(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
        key = blake2b(f"{filename}\0{source}".encode("utf-8", "surrogatepass"), digest_size=20).digest()
        code = self.cached.get(key)
        if code is None:
            self.misses += 1
            code = self._real(source, filename, mode)
        else:
            self.hits += 1
        self.used[key] = code
        return code

    def start(self) -> CodeCache:
        builtins.compile = self.compile
        return self

    def stop(self) -> None:
        if builtins.compile == self.compile:
            builtins.compile = self._real
        if self.misses <= _REWRITE_AFTER:
            return
        # Keep what other clients' first messages needed too, within a bound.
        kept = {**self.cached, **self.used} if len(self.cached) + len(self.used) <= _MAX_ENTRIES else self.used
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps(kept))
            os.replace(partial, self.path)  # atomic: a concurrent start reads the old or the new file
        except OSError:
            pass
        finally:
            self.cached = self.used = {}


@contextmanager
def generated_code_cache(path: Path | None = None) -> Iterator[CodeCache]:
    """Within the block, attrs- and cattrs-generated source compiles from the cache."""
    cache = CodeCache(path).start()
    try:
        yield cache
    finally:
        cache.stop()


_start_up: CodeCache | None = None


def start_up() -> None:
    """From the server's import to its first diagnostics (`start_up_done`): the code of the
    first messages' converters, generated when they first arrive, is cached too."""
    global _start_up
    _start_up = CodeCache().start()


def start_up_done() -> None:
    global _start_up
    if _start_up is not None:
        _start_up.stop()
        _start_up = None
