"""The rules of an MLTable file (data-rules §a), as the training runtime applies them.

The runtime does not call `mltable.load()`: it reads the file with `yaml.safe_load`, makes the
relative `paths` absolute against the MLTable's folder and hands the rest to rslex. So the
errors here are what rslex or the runtime reject; what only `mltable.load()` rejects (unknown
top-level keys, dashed encoding names) is information. The file is read through the document
model (PyYAML lives in yaml_syntax.py), so every problem has an exact range.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics.model import Diagnostic, make_in
from ..diagnostics.syntax import syntax_diagnostics
from ..document import Document
from ..nodes import BOOL, INT, NULL, STR, Mapping, Node, Position, Range, Scalar, Sequence
from ..suggest import did_you_mean, phrase
from . import jsonl
from .locations import is_remote
from .schemas import mltable_store

MAX_MLTABLE_BYTES = 1_000_000
MAX_DATA_FILES = 1000  # files one MLTable may name through folder:/pattern: entries
NAME = "MLTable"
_STREAM = "stream_info"
# Steps whose effect on the rows the data check models; the others are named in AML519.
_MODELLED = ("read_json_lines", "convert_column_types", "take", "skip")


@dataclass
class DataFile:
    path: Path
    entry: Range  # the `paths` entry that names it
    repeated: bool = False  # named again by a later entry: rows read twice


@dataclass
class MLTableResult:
    file: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)
    links: list[tuple[Range, Path]] = field(default_factory=list)  # `file:` values that exist
    codec: str = "utf-8-sig"
    invalid_lines: str = "error"
    reads_json_lines: bool = False
    window: tuple[int, int | None] = (0, None)  # rows kept by take/skip: [start, end)
    modelled: bool = True  # every transformation's effect on rows is known
    remote_paths: bool = False  # some data lies in the cloud: counts are partial


def check_mltable(folder: Path, text: str | None = None) -> MLTableResult:
    """The MLTable in `folder` (or `text`, an open editor buffer of it)."""
    file = folder / NAME
    result = MLTableResult(file)
    if text is None:
        try:
            if file.stat().st_size > MAX_MLTABLE_BYTES:
                result.diagnostics.append(make_in(str(file), "AML544", f"This MLTable is over {MAX_MLTABLE_BYTES // 1_000_000} MB: not checked.", _START))
                return result
            text = file.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            return result
    _Checker(result, folder, text).run()
    return result


_START = Range(Position(0, 0), Position(0, 0))


class _Checker:
    def __init__(self, result: MLTableResult, folder: Path, text: str):
        self.result = result
        self.folder = folder
        self.text = text
        self.file = str(result.file)
        self.store = mltable_store()

    def emit(self, code: str, message: str, rng: Range) -> None:
        self.result.diagnostics.append(make_in(self.file, code, message, rng))

    def run(self) -> None:
        doc = Document(self.text)
        if doc.syntax_errors:
            d = syntax_diagnostics(doc)[0]  # the runtime stops at the first
            self.emit("AML503", d.message.rstrip(".") + ". The runtime cannot parse the MLTable, so the run fails.", d.range)
            return
        root = doc.root
        if root is None or (isinstance(root, Scalar) and root.kind == NULL):
            self.emit("AML504", "This MLTable is empty: the run fails (`MLTable yaml is invalid: None`). It needs `paths` and `transformations`.", _START)
            return
        if not isinstance(root, Mapping):
            self.emit("AML504", "An MLTable must be a mapping with `paths` and `transformations`; the run fails (`MLTable yaml is invalid`).", root.range)
            return
        self._top_level(root)
        self._type(root)
        self._transformations(root)
        self._paths(root)

    # -- keys -----------------------------------------------------------------------------------
    def _top_level(self, root: Mapping) -> None:
        known = self.store.properties(self.store.root)
        for pair in root.pairs:
            if pair.key.text not in known:
                best = did_you_mean(pair.key.text, list(known))
                self.emit(
                    "AML516",
                    f"Unknown key `{pair.key.text}`: {self.store.ext(self.store.root).unknown_key_note}{phrase(best)}",
                    pair.key.range,
                )

    def _type(self, root: Mapping) -> None:
        node = root.get("type")
        if node is not None and not (isinstance(node, Scalar) and node.kind == STR and node.text == "mltable"):
            shown = node.text if isinstance(node, Scalar) else "not text"
            self.emit("AML512", f"`type` must be `mltable` when present, not `{shown}`: the run fails (`\"type\" must be \"mltable\" if included`).", node.range)

    # -- paths ----------------------------------------------------------------------------------
    def _paths(self, root: Mapping) -> None:
        pair = root.pair("paths")
        if pair is None:
            if root.get("query_source") is not None:
                self.emit("AML517", "Data from `query_source` is not read by the data check.", root.pair("query_source").key.range)
                return
            self.emit("AML505", "This MLTable has no `paths`: the run fails (`MissingPathsOrQuerySource`). Add `paths:` with `- file: ./<annotations>.jsonl`.", root.pairs[0].key.range if root.pairs else _START)
            return
        node = pair.value
        if isinstance(node, Scalar) and node.kind == NULL or isinstance(node, Sequence) and not node.items:
            self.emit("AML505", "`paths` is empty: the run fails (`MissingPathsOrQuerySource`). List the JSONL files: `- file: ./<annotations>.jsonl`.", pair.key.range)
            return
        if not isinstance(node, Sequence):
            self.emit("AML506", "`paths` must be a list of `- file:`, `- folder:` or `- pattern:` entries; as a mapping the run crashes "
                      "(`'str' object has no attribute 'items'`).", node.range if isinstance(node, Scalar) else pair.key.range)
            return
        seen: dict[str, Range] = {}
        entry_schema = self.store.definition("pathEntry")
        kinds = list(self.store.properties(entry_schema))
        for item in node.items:
            if not isinstance(item, Mapping) or not item.pairs:
                self.emit("AML506", f"Each entry of `paths` must be one of {_names(kinds)} with a path, e.g. `- file: ./train.jsonl`; the run fails otherwise.", item.range)
                continue
            if len(item.pairs) > 1:
                self.emit("AML506", f"This `paths` entry has {len(item.pairs)} keys; each entry takes exactly one of {_names(kinds)}: the run fails (`InvalidEnumRecord`).", item.pairs[1].key.range)
                continue
            entry = item.pairs[0]
            kind = entry.key.text
            if kind not in kinds:
                best = did_you_mean(kind, kinds)
                self.emit("AML506", f"`{kind}` is not a kind of `paths` entry: the run fails (unknown variant, expected one of {_names(kinds)}).{phrase(best)}", entry.key.range)
                continue
            value = entry.value
            if not isinstance(value, Scalar) or value.kind != STR or not value.text.strip():
                self.emit("AML506", f"`{kind}` needs a path as text.", value.range if isinstance(value, Scalar) and value.text else entry.key.range)
                continue
            self._entry(kind, value, seen)

    def _entry(self, kind: str, value: Scalar, seen: dict[str, Range]) -> None:
        text = value.text.strip()
        rng = value.range
        if is_remote(text) and not text.startswith("file:"):
            self.result.remote_paths = True
            self.emit("AML517", f"`{_short(text)}` is read on the workspace: the data check reads only local files.", rng)
            return
        raw = text[len("file://"):] if text.startswith("file://") else text
        target = Path(os.path.normpath(self.folder / raw))
        if os.path.isabs(raw) or not _inside(target, self.folder):
            self.emit(
                "AML514",
                f"`{_short(text)}` lies outside this MLTable's folder. `az ml job create` uploads only that folder, so the "
                "file is missing at run time and the run fails (`The requested stream was not found`). Move it into the folder.",
                rng,
            )
            return
        if kind == "file":
            found = [target] if target.is_file() else []
            if target.is_dir():
                self.emit("AML506", f"`{_short(text)}` is a folder: name it with `folder:`, or name a file here.", rng)
                return
            if found:
                inner = Range(Position(rng.start.line, rng.start.character + 1), Position(rng.end.line, rng.end.character - 1))
                self.result.links.append((inner if value.quoted else rng, target))
        elif kind == "folder":
            found = _walk(target) if target.is_dir() else []
            if not target.is_dir():
                self.emit("AML507", f"The folder `{_short(text)}` does not exist: the run fails (`The requested stream was not found`).", rng)
                return
        else:
            found = sorted(Path(p) for p in glob.glob(str(self.folder / raw), recursive=True) if os.path.isfile(p))
        found = found[:MAX_DATA_FILES]
        if not found:
            what = {"file": "does not exist", "folder": "holds no file", "pattern": "matches no file"}[kind]
            self.emit("AML507", f"`{_short(text)}` {what}: the run fails (`The requested stream was not found`).", rng)
            return
        own = self.result.file
        if any(_same(p, own) for p in found):
            self.emit(
                "AML508",
                f"`{kind}: {_short(text)}` also reads this `MLTable` file as JSON lines, and the run fails on its first line "
                "(`ParseJsonFailure ... \"paths:\"`). Put the JSONL files in a sub-folder (`folder: ./annotations`) or name them with `file:`.",
                rng,
            )
            found = [p for p in found if not _same(p, own)]
        repeated = [p for p in found if str(p) in seen]
        if repeated:
            self.emit(
                "AML515",
                f"`{_short(text)}` reads `{repeated[0].name}` again (see line {seen[str(repeated[0])].start.line + 1}): "
                "the runtime reads its rows twice, so every object is duplicated.",
                rng,
            )
        for p in found:
            self.result.files.append(DataFile(p, rng, repeated=str(p) in seen))
            seen.setdefault(str(p), rng)

    # -- transformations ------------------------------------------------------------------------
    def _transformations(self, root: Mapping) -> None:
        pair = root.pair("transformations")
        anchor = pair.key.range if pair else (root.pairs[0].key.range if root.pairs else _START)
        steps: list[tuple[str, Node | None, Range]] = []
        if pair is not None:
            node = pair.value
            if not isinstance(node, Sequence):
                if not (isinstance(node, Scalar) and node.kind == NULL):
                    self.emit("AML506", "`transformations` must be a list of steps (`- read_json_lines: ...`); the run fails (`InvalidScriptFormat`).", anchor)
                    return
            else:
                step_schema = self.store.definition("transformationStep")
                known = list(self.store.properties(step_schema))
                for item in node.items:
                    if isinstance(item, Scalar) and item.kind == STR and item.text == "read_json_lines":
                        steps.append(("read_json_lines", None, item.range))
                    elif isinstance(item, Mapping) and len(item.pairs) == 1:
                        name = item.pairs[0].key.text
                        if name not in known:
                            best = did_you_mean(name, known)
                            self.emit("AML511", f"`{name}` is not a transformation the runtime knows: the run fails.{phrase(best)}", item.pairs[0].key.range)
                            continue
                        steps.append((name, item.pairs[0].value, item.pairs[0].key.range))
                    else:
                        self.emit("AML506", "Each transformation is one step: `- read_json_lines: ...`, `- convert_column_types: ...`, `- take: 10`, ...", item.range)
        reads = [s for s in steps if s[0] == "read_json_lines"]
        if not reads:
            others = [s for s in steps if s[0].startswith("read_")]
            if others:
                self.result.modelled = False
                self.emit("AML519", f"`{others[0][0]}` data is not checked: AutoML image annotations are JSON lines (`read_json_lines`).", others[0][2])
                return
            self.emit(
                "AML509",
                "No `read_json_lines` transformation: the runtime loads the folder as a list of files and the run fails "
                "(`Image URL column 'image_url' is not present`). Add `- read_json_lines:` to `transformations`.",
                anchor,
            )
        else:
            self.result.reads_json_lines = True
            for extra in reads[1:]:
                self.emit("AML510", "`read_json_lines` is given twice: the run fails (`Required filed does not exist in the record. Looking for 'Path'`). Keep one.", extra[2])
            self._read_json_lines(reads[0][1])
        self._stream(steps, anchor)
        start, end = 0, None
        for name, value, rng in steps:
            if name in ("take", "skip"):
                count = value.value if isinstance(value, Scalar) and value.kind == INT else None
                if count is None or count < 0:
                    self.emit("AML512", f"`{name}` needs a whole number of rows.", value.range if value is not None else rng)
                    continue
                if name == "skip":
                    start = start + count if end is None else min(end, start + count)
                else:
                    end = start + count if end is None else min(end, start + count)
            elif name not in _MODELLED:
                self.result.modelled = False
                self.emit("AML519", f"The data check does not model `{name}`: its counts and dataset-level checks may differ from the run's.", rng)
        self.result.window = (start, end)

    def _read_json_lines(self, node: Node | None) -> None:
        if node is None or isinstance(node, Scalar) and node.kind == NULL:
            return
        schema = self.store.definition("readJsonLines")
        props = self.store.properties(schema)
        if not isinstance(node, Mapping):
            self.emit("AML506", "`read_json_lines` takes options as a mapping (`encoding`, `invalid_lines`, `include_path_column`), or nothing.", node.range)
            return
        for pair in node.pairs:
            if pair.key.text not in props:
                best = did_you_mean(pair.key.text, list(props))
                self.emit("AML511", f"`read_json_lines` has no option `{pair.key.text}`: the run fails (`SerdeRsLexError(InvalidMapKeyType)`).{phrase(best)}", pair.key.range)
        encoding = node.get("encoding")
        if encoding is not None:
            enc_schema = self.store.prop(schema, "encoding") or {}
            text = encoding.text if isinstance(encoding, Scalar) else ""
            allowed = [str(v) for v in self.store.allowed_values(enc_schema)]
            if text in allowed:
                self.result.codec = jsonl.CODECS[text]
                if text in self.store.ext(enc_schema).mltable_load_rejects:
                    self.emit("AML516", f"`{text}`: the runtime accepts this encoding, but `mltable.load()` rejects the spelling; "
                              f"`{text.replace('-', '').replace(' bom', '')}` works for both.", encoding.range)
            else:
                note = self.store.ext(enc_schema).rejected_values.get(text)
                best = did_you_mean(text, allowed)
                self.emit("AML512", note or f"`{text}` is not an encoding the runtime accepts: the run fails (`InvalidEnumVariant`). "
                          f"Use one of {_names(list(self.store.ext(enc_schema).suggested_values) or allowed)}.{phrase(best)}", encoding.range)
        invalid = node.get("invalid_lines")
        if invalid is not None:
            allowed = [str(v) for v in self.store.allowed_values(self.store.prop(schema, "invalid_lines") or {})]
            text = invalid.text if isinstance(invalid, Scalar) else ""
            if text in allowed:
                self.result.invalid_lines = text
            else:
                self.emit("AML512", f"`invalid_lines` must be {_names(allowed, 'or')}, not `{text}`: the run fails (`InvalidEnumVariant`).", invalid.range)
        include = node.get("include_path_column")
        if include is not None and not (isinstance(include, Scalar) and include.kind == BOOL):
            self.emit("AML506", "`include_path_column` must be `true` or `false`.", include.range)
        column = node.get("path_column")
        if column is not None and isinstance(include, Scalar) and include.value is True and not (isinstance(column, Scalar) and column.text == "Path"):
            self.emit("AML512", f"With `include_path_column: true`, a `path_column` other than `Path` makes the run fail (`Required filed does not exist in the record. Looking for '{getattr(column, 'text', '')}'`). Remove `path_column`.", column.range)

    def _stream(self, steps: list, anchor: Range) -> None:
        """A18 (unknown column types) and A17 (image_url must become stream_info)."""
        conversions = [(value, rng) for name, value, rng in steps if name == "convert_column_types"]
        schema = self.store.definition("columnConversion")
        type_schema = self.store.prop(schema, "column_type") or {}
        names = [str(v) for b in self.store.branches(type_schema) for v in self.store.allowed_values(b)]
        object_kinds = [k for b in self.store.branches(type_schema) for k in self.store.properties(b)]
        converted = broken = False
        for value, rng in conversions:
            if not isinstance(value, Sequence):
                self.emit("AML506", "`convert_column_types` takes a list: `- columns: image_url` with `column_type: stream_info`.", value.range if value is not None else rng)
                continue
            for item in value.items:
                if not isinstance(item, Mapping):
                    self.emit("AML506", "Each conversion is a mapping with `columns` and `column_type`.", item.range)
                    continue
                columns, column_type = item.get("columns"), item.get("column_type")
                kind = None
                if isinstance(column_type, Scalar) and column_type.kind == STR:
                    kind = column_type.text
                    if kind not in names:
                        broken = True
                        best = did_you_mean(kind, names)
                        self.emit("AML512", f"`{kind}` is not a column type: rslex panics and the run crashes. Use one of {_names(names)}.{phrase(best)}", column_type.range)
                        continue
                elif isinstance(column_type, Mapping) and len(column_type.pairs) == 1:
                    kind = column_type.pairs[0].key.text
                    if kind not in object_kinds:
                        broken = True
                        self.emit("AML512", f"`{kind}` is not a column type: the run fails. Use one of {_names(object_kinds)}.", column_type.pairs[0].key.range)
                        continue
                elif column_type is not None:
                    self.emit("AML506", "`column_type` is a name such as `stream_info`, or one mapping such as `stream_info: {...}`.", column_type.range)
                    continue
                if kind == _STREAM and _names_image_url(columns):
                    converted = True
        if self.result.reads_json_lines and not converted and not broken:
            where = conversions[-1][1] if conversions else anchor
            self.emit(
                "AML513",
                "`image_url` is not converted to `stream_info`: the run fails (`The data type of image URL column 'image_url' is STRING, "
                "but it should be STREAM`). Add `- convert_column_types:` with `- columns: image_url` and `column_type: stream_info`."
                + (" A column name that does not exist is silently ignored." if conversions else ""),
                where,
            )


def _names_image_url(columns: Node | None) -> bool:
    if isinstance(columns, Scalar):
        return columns.text == "image_url"
    if isinstance(columns, Sequence):
        return any(isinstance(c, Scalar) and c.text == "image_url" for c in columns.items)
    if isinstance(columns, Mapping):
        pattern = columns.get("pattern")
        if not isinstance(pattern, Scalar):
            return False
        flags = re.IGNORECASE if isinstance(columns.get("ignore_case"), Scalar) and columns.get("ignore_case").value is True else 0
        try:
            hit = re.search(pattern.text, "image_url", flags) is not None
        except re.error:
            return False
        invert = columns.get("invert")
        return hit != (isinstance(invert, Scalar) and invert.value is True)
    return False


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            out.append(Path(base) / name)
            if len(out) >= MAX_DATA_FILES:
                return out
    return out


def _inside(path: Path, folder: Path) -> bool:
    base = os.path.normpath(folder)
    return os.path.normpath(path) == base or os.path.normpath(path).startswith(base.rstrip(os.sep) + os.sep)


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(b))


def _names(names, last: str = "or") -> str:
    names = [f"`{n}`" for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
