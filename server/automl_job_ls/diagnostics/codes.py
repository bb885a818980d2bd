"""Every diagnostic code the product emits: its default severity and one-line title.

docs/codes.md explains each code at length; a test keeps the two in step.
Severity policy: ERROR means `az ml job create` rejects the file, WARNING means the CLI
accepts it but the docs say it is wrong or its meaning silently changes, INFORMATION is style.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

DOCS_URL = "https://github.com/automl-job-ls/automl-job-ls/blob/main/docs/codes.md"


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
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFORMATION

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
        Code("AML206", _E, "Data binding inside a search-space distribution"),
        Code("AML207", _W, "Bandit policy without slack"),
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
    )
}


def code(name: str) -> Code:
    return CODES[name]
