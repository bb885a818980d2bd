"""Typing the reference standalone job into an empty file, the way a user does in VS Code:
Enter (indented by VS Code's YAML rules), Backspace to a parent's level, and then only accepted
completion items for every key and every known value; what no completion can know (names,
paths, numbers) is typed into the items' tab stops or after `key: `. The result is the
reference job, with 0 errors."""

from __future__ import annotations

import yaml
from lsprotocol import types

from automl_job_ls.diagnostics.codes import Severity
from automl_job_ls.diagnostics.engine import analyze

from ..conftest import STANDALONE
from .harness import Session, vscode_capabilities
from .semantics import accept, position_at


class Typist:
    def __init__(self) -> None:
        self.text, self.cursor = "", 0
        self.session = Session(vscode_capabilities())
        self.stops: list[list[int]] = []  # remaining tab stops of the last item: [start, end]
        self.current: list[int] | None = None  # the selected tab stop
        self.accepted: list[str] = []

    def type(self, text: str) -> "Typist":
        self.text = self.text[: self.cursor] + text + self.text[self.cursor :]
        self.cursor += len(text)
        return self

    def enter(self) -> "Typist":
        line_start = self.text.rfind("\n", 0, self.cursor) + 1
        line = self.text[line_start : self.cursor]
        indent = len(line) - len(line.lstrip(" "))
        if line.rstrip().endswith(":"):
            indent += 2  # VS Code's YAML increaseIndentPattern, tab size 2
        self.stops = []
        return self.type("\n" + " " * indent)

    def back_to(self, column: int) -> "Typist":
        line_start = self.text.rfind("\n", 0, self.cursor) + 1
        assert not self.text[line_start : self.cursor].strip(), "Backspace only over indentation here"
        self.text = self.text[: line_start + column] + self.text[self.cursor :]
        self.cursor = line_start + column
        return self

    def pick(self, label: str) -> "Typist":
        pos = position_at(self.text, self.cursor)
        items = self.session.complete(self.text, pos)
        item = next((i for i in items if i.label == label), None)
        assert item is not None, f"{label!r} is not offered at {pos} ({[i.label for i in items]}) in:\n{self.text}"
        result = accept(self.text, pos, item)
        self.text = result.text
        ordered = [s for s in result.stops if s.index != 0] + [s for s in result.stops if s.index == 0]
        self.stops = [[s.start, s.end] for s in ordered]
        self.cursor = result.cursor
        self.accepted.append(label)
        return self.tab() if self.stops else self

    def value(self, label: str) -> "Typist":
        """A value after `key: `: the offered item (the list VS Code opens again after a key)."""
        return self.pick(label)

    def tab(self) -> "Typist":
        """To the next tab stop: its placeholder is selected (typing replaces it)."""
        self.current = self.stops.pop(0) if self.stops else None
        if self.current:
            self.cursor = self.current[1]
        return self

    def fill(self, text: str) -> "Typist":
        """Type over the selected placeholder, then Tab."""
        assert self.current is not None, "no tab stop is selected"
        start, end = self.current
        delta = len(text) - (end - start)
        self.text = self.text[:start] + text + self.text[end:]
        self.stops = [[a + delta, b + delta] for a, b in self.stops]
        self.cursor = start + len(text)
        return self.tab()


def test_typing_the_reference_job_from_an_empty_file():
    t = Typist()
    assert [i.label for i in t.session.complete("", types.Position(line=0, character=0))] == ["AutoML image instance segmentation job"]
    t.type("$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLJob.schema.json").enter()
    t.pick("type").value("automl").enter()
    t.pick("experiment_name").type("dpv2-cli-automl-image-instance-segmentation-experiment").enter()
    t.pick("description").type("An Image Instance segmentation job using fridge items dataset").enter()
    t.pick("compute").value("azureml:").type("gpu-cluster").enter()
    t.pick("task").value("image_instance_segmentation").enter()
    t.pick("log_verbosity").value("debug").enter()
    t.pick("primary_metric").value("mean_average_precision").enter()
    t.pick("target_column_name").type("label").enter()
    t.pick("training_data (block)")
    t.fill("data/training-mltable-folder").enter().back_to(0)
    t.pick("validation_data (block)")
    t.fill("data/validation-mltable-folder").enter().back_to(0)
    t.pick("limits").pick("timeout_minutes").type("60").enter()
    t.pick("max_trials").type("10").enter()
    t.pick("max_concurrent_trials").type("2").enter().back_to(0)
    t.pick("training_parameters").pick("early_stopping").value("true").enter()
    t.pick("evaluation_frequency").type("1").enter().back_to(0)
    t.pick("sweep").pick("sampling_algorithm").value("random").enter()
    t.pick("early_termination: bandit")
    t.fill("0.2")
    t.fill("2")
    t.fill("6").enter().back_to(0)
    t.pick("search_space").pick("model_name").tab().tab().enter().back_to(4)
    t.pick("learning_rate")
    t.fill("0.0001")
    t.fill("0.001").enter().back_to(4)
    t.pick("optimizer")
    t.fill("sgd, adam, adamw").enter().back_to(4)
    t.pick("min_size")
    t.fill("600, 800").enter()

    assert yaml.safe_load(t.text) == yaml.safe_load(STANDALONE.read_text()), t.text
    errors = [d for d in analyze(t.text).diagnostics if d.severity is Severity.ERROR]
    assert errors == [], t.text
    assert len(t.accepted) == 32  # items accepted; the rest was typed into their tab stops
