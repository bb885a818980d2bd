"""Local component files that pipeline steps run (`component: file:./x.yml`): where the file is,
and the inputs and outputs it declares. Read with the product's own YAML loader and cached until
the file changes, so live diagnostics do not re-read it on every keystroke."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import files
from .nodes import Mapping, Node, Scalar, scalar_str
from .yaml_syntax import SyntaxProblemError, compose


@dataclass(frozen=True)
class Interface:
    inputs: tuple[str, ...]
    required_inputs: tuple[str, ...]  # neither `optional: true` nor a `default`
    outputs: tuple[str, ...]


def local_reference(component: Node | None) -> str | None:
    """The relative path a step's `component:` names, when it is a local YAML file."""
    text = scalar_str(component)
    if text is None:
        return None
    if text.startswith("file:"):
        text = text[len("file:"):]
    elif text.startswith(("azureml:", "${{")) or ":" in text.split("/")[0]:
        return None  # a registered component or a binding, not a local file
    return text if text.endswith((".yml", ".yaml")) else None


def interface(path: Path) -> Interface | None:
    """What the component at `path` declares; None when it is missing or unreadable."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int, size: int) -> Interface | None:
    text = files.read_text(path)  # a regular file under the cap, or nothing
    if text is None:
        return None
    try:
        root = compose(text).root
    except SyntaxProblemError:
        return None
    if not isinstance(root, Mapping):
        return None
    inputs = root.get("inputs")
    outputs = root.get("outputs")
    names = [p.key.text for p in inputs.pairs] if isinstance(inputs, Mapping) else []
    required = [p.key.text for p in inputs.pairs if not _optional(p.value)] if isinstance(inputs, Mapping) else []
    return Interface(tuple(names), tuple(required), tuple(p.key.text for p in outputs.pairs) if isinstance(outputs, Mapping) else ())


def _optional(spec: Node) -> bool:
    if not isinstance(spec, Mapping):
        return False
    optional = spec.get("optional")
    return (isinstance(optional, Scalar) and optional.value is True) or spec.get("default") is not None
