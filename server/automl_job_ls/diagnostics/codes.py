"""Every diagnostic code the product emits: its default severity and one-line title.

docs/codes.md explains each code at length; a test keeps the two in step. The file ships inside
the package, so a diagnostic links to the installed copy (there is no public web page to link to).
Severity policy: ERROR means `az ml job create` rejects the file, WARNING means the CLI
accepts it but the docs say it is wrong or its meaning silently changes, INFORMATION is style.
For the data a job points at (AML5xx) the judge is the training runtime instead: ERROR when the
run fails or crashes, WARNING when images or objects are silently dropped or change meaning,
INFORMATION for what is merely ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path


class Severity(IntEnum):
    # Same numbers as LSP DiagnosticSeverity, so the server converts without a table.
    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str

    @property
    def url(self) -> str | None:
        """`file:` URI of the code's entry in the installed docs/codes.md, or None without one.

        The fragment is a line (`#L52`): VS Code opens a `file:` link at that line."""
        docs = _docs()
        entry = docs[1].get(self.code) if docs else None
        return f"{docs[0]}#L{entry[0]}" if docs and entry else None

    @property
    def help(self) -> str:
        """The code's entry in docs/codes.md (Markdown, without its heading), or the title."""
        docs = _docs()
        entry = docs[1].get(self.code) if docs else None
        return entry[1] if entry else f"**{self.title}**."


_HEADING = re.compile(r"^## (AML\d{3})\s*$")


@lru_cache(maxsize=1)
def _docs() -> tuple[str, dict[str, tuple[int, str]]] | None:
    """(URI of docs/codes.md, {code: (1-based line of its heading, its text)}), or None when the
    package is not installed as files (a zip import has no file to link to)."""
    traversable = resources.files("automl_job_ls").joinpath("docs", "codes.md")
    if not isinstance(traversable, Path) or not traversable.is_file():
        return None
    path = traversable.resolve()
    entries: dict[str, tuple[int, str]] = {}
    current: tuple[str, int, list[str]] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        heading = _HEADING.match(line)
        if heading or line.startswith("#"):
            if current:
                entries[current[0]] = (current[1], "\n".join(current[2]).strip())
            current = (heading.group(1), number, []) if heading else None
        elif current:
            current[2].append(line)
    if current:
        entries[current[0]] = (current[1], "\n".join(current[2]).strip())
    return path.as_uri(), entries


_E, _W, _I, _H = Severity.ERROR, Severity.WARNING, Severity.INFORMATION, Severity.HINT

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # Document level
        Code("AML001", _E, "YAML syntax error"),
        Code("AML002", _W, "Duplicate key: the first value is silently lost"),
        Code("AML003", _I, "File too large to check while editing"),
        Code("AML004", _E, "Git merge conflict marker"),
        Code("AML005", _I, "More syntax errors than are shown"),
        Code("AML006", _E, "The file is not a job mapping"),
        # Schema
        Code("AML101", _E, "Unknown key"),
        Code("AML102", _E, "Wrong value type"),
        Code("AML103", _E, "Value not allowed"),
        Code("AML104", _E, "Required key missing"),
        Code("AML105", _W, "Value outside the documented range"),
        Code("AML106", _I, "Enum value written in another letter case"),
        Code("AML107", _W, "Fractional number silently truncated to an integer"),
        Code("AML108", _E, "2022 syntax that the CLI no longer accepts"),
        Code("AML109", _E, "Documented spelling that the CLI rejects"),
        Code("AML110", _E, "Inference setting placed in training parameters"),
        Code("AML111", _W, "Key accepted but silently dropped"),
        Code("AML112", _E, "Key passes the schema but fails at submission"),
        # Search space and sweep
        Code("AML201", _E, "String parameter expression in search_space"),
        Code("AML202", _E, "Distribution not allowed for this hyperparameter"),
        Code("AML203", _E, "Distribution argument missing"),
        Code("AML204", _W, "choice with no values"),
        Code("AML205", _W, "Lower bound greater than upper bound"),
        Code("AML206", _E, "Data binding where the CLI cannot take one"),
        Code("AML207", _W, "Bandit policy without slack"),
        Code("AML208", _W, "Grid sampling over a distribution that is not choice"),
        # Training parameters
        Code("AML301", _W, "Model is not an instance segmentation model"),
        Code("AML302", _W, "Tiling is not supported for instance segmentation"),
        Code("AML303", _W, "tile_grid_size is not in 'mxn' form"),
        # Data, outputs and pipelines
        Code("AML401", _E, "Pipeline node has no compute"),
        Code("AML402", _W, "Local compute in a pipeline"),
        Code("AML403", _W, "Best model output is not an MLflow model"),
        Code("AML404", _E, "Component file not found"),
        Code("AML405", _E, "Required component input not bound"),
        Code("AML406", _E, "Command step has nothing to run"),
        Code("AML407", _W, "Binding refers to nothing in the pipeline"),
        # The data: MLTable folders and their JSONL annotations (judged by the training runtime)
        Code("AML500", _E, "Summary of the data's problems (its level is the worst problem's)"),
        Code("AML502", _E, "No MLTable file where the job points"),
        Code("AML503", _E, "MLTable is not valid YAML"),
        Code("AML504", _E, "MLTable is empty or not a mapping"),
        Code("AML505", _E, "MLTable has no paths"),
        Code("AML506", _E, "MLTable entry has the wrong shape"),
        Code("AML507", _E, "Data file named in the MLTable not found"),
        Code("AML508", _E, "A folder or pattern in paths also reads the MLTable file"),
        Code("AML509", _E, "No read_json_lines transformation"),
        Code("AML510", _E, "read_json_lines given more than once"),
        Code("AML511", _E, "Option the runtime does not know"),
        Code("AML512", _E, "Value the runtime rejects"),
        Code("AML513", _E, "image_url is not converted to stream_info"),
        Code("AML514", _E, "Data file outside the folder that is uploaded"),
        Code("AML515", _W, "The same data file is read more than once"),
        Code("AML516", _I, "Accepted by the runtime, rejected by mltable.load()"),
        Code("AML517", _H, "Data not checked"),
        Code("AML518", _W, "Relative data path found only from the workspace root"),
        Code("AML519", _I, "Transformation not modelled by the data check"),
        Code("AML520", _E, "Line is not a JSON object: the run fails"),
        Code("AML521", _W, "Line is not a JSON object: silently dropped"),
        Code("AML522", _E, "No image_url in the data"),
        Code("AML523", _E, "The data has no rows"),
        Code("AML524", _E, "image_url cannot be read as a stream"),
        Code("AML525", _I, "image_url scheme not known to the runtime"),
        Code("AML526", _E, "Label column not in the data"),
        Code("AML527", _W, "Image dropped: its annotations are not a list"),
        Code("AML528", _W, "Image dropped: one of its objects cannot be read"),
        Code("AML529", _W, "Object dropped: no usable polygon"),
        Code("AML530", _W, "Polygon segment silently removed"),
        Code("AML531", _E, "The run crashes on this value"),
        Code("AML532", _W, "isCrowd value silently read as 0"),
        Code("AML533", _E, "Class labels of more than one type"),
        Code("AML534", _E, "Class labels that are not strings crash the run"),
        Code("AML535", _W, "Class name takes the background's slot"),
        Code("AML536", _E, "Every image would be dropped"),
        Code("AML537", _E, "No image has an object"),
        Code("AML538", _I, "image_details differs from the docs (never read)"),
        Code("AML539", _I, "Differs from the documented annotation format"),
        Code("AML540", _I, "Same image_url on several lines: merged into one image"),
        Code("AML541", _W, "Class only in the validation data"),
        Code("AML542", _I, "Class only in the training data"),
        Code("AML543", _I, "Image in both training and validation data"),
        Code("AML544", _I, "Data file too large, or too many problems to list"),
    )
}

