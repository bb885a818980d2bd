"""Deterministic mutations of the current instance segmentation example jobs, for differential tests.

Edits work on text lines (not on a parsed tree) so that comments, key order and layout stay those of
the real examples: the product must cope with real files, not with re-dumped YAML.
Every mutation is valid YAML except those of kind "syntax" (generate() checks this).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from tests.compat.sdk_oracle import EXAMPLES, REFERENCE_COMPONENTS

_STANDALONE_DIR = EXAMPLES / "cli/jobs/automl-standalone-jobs/cli-automl-image-instance-segmentation-task-fridge-items"
SEEDS: dict[str, Path] = {
    "standalone": _STANDALONE_DIR / "cli-automl-img-ins-seg-task-fridge-items.yml",
    "automode": _STANDALONE_DIR / "cli-automl-img-ins-seg-task-fridge-items-automode.yml",
    "pipeline": REFERENCE_COMPONENTS.parent / "pipeline.yml",
}
NODE = "jobs.image_instance_segmentation_node."  # the AutoML node of the pipeline example


@dataclass(frozen=True)
class Mutation:
    name: str  # unique, usable as a file stem
    text: str
    base: str  # standalone | automode | pipeline
    kind: str


# --------------------------------------------------------------------------- line-based editor

# `key:` at the start of a line, optionally after a list dash; the key column is after the dash.
_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#:'\"\[\]{}-][^:#]*?):(?=\s|$)")


class Doc:
    """Tiny indentation-aware editor. Paths are dotted keys; list items are transparent
    (`search_space.learning_rate.min_value` is in the first item that has it)."""

    def __init__(self, text: str):
        self.lines = text.splitlines(keepends=True)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def _keys(self) -> list[tuple[int, int, str]]:
        """(line index, key column, dotted path) of every key line."""
        stack: list[tuple[int, str]] = []
        out = []
        for i, line in enumerate(self.lines):
            m = _KEY.match(line)
            if not m:
                continue
            col = len(m["indent"]) + len(m["dash"] or "")
            while stack and stack[-1][0] >= col:
                stack.pop()
            stack.append((col, m["key"]))
            out.append((i, col, ".".join(k for _, k in stack)))
        return out

    def _find(self, path: str) -> tuple[int, int]:
        for i, col, p in self._keys():
            if p == path:
                return i, col
        raise KeyError(path)

    def _end(self, i: int, col: int) -> int:
        """Exclusive end of the block owned by the key on line i (trailing blank lines excluded)."""
        last = i
        for j in range(i + 1, len(self.lines)):
            line = self.lines[j]
            if not line.strip():
                continue
            if len(line) - len(line.lstrip(" ")) <= col:
                break
            last = j
        return last + 1

    @staticmethod
    def _indent(block: str, col: int) -> list[str]:
        return [" " * col + ln + "\n" if ln else "\n" for ln in textwrap.dedent(block).strip("\n").split("\n")]

    def set(self, path: str, value: str) -> Doc:
        """`key: value` (drops the key's children). value="" leaves `key:` (null)."""
        i, col = self._find(path)
        m = _KEY.match(self.lines[i])
        self.lines[i : self._end(i, col)] = [self.lines[i][: m.end()] + (f" {value}" if value else "") + "\n"]
        return self

    def set_block(self, path: str, block: str) -> Doc:
        """Replace the key's value with an indented block."""
        self.set(path, "")
        i, col = self._find(path)
        self.lines[i + 1 : i + 1] = self._indent(block, col + 2)
        return self

    def delete(self, path: str) -> Doc:
        i, col = self._find(path)
        del self.lines[i : self._end(i, col)]
        return self

    def rename(self, path: str, new_key: str) -> Doc:
        i, _ = self._find(path)
        m = _KEY.match(self.lines[i])
        self.lines[i] = self.lines[i][: m.start("key")] + new_key + self.lines[i][m.end("key") :]
        return self

    def add(self, path: str, block: str) -> Doc:
        """Append `block` as the last child of the mapping at `path` ("" = document root)."""
        if not path:
            if self.lines and not self.lines[-1].endswith("\n"):
                self.lines[-1] += "\n"
            self.lines += self._indent(block, 0)
            return self
        i, col = self._find(path)
        end = self._end(i, col)
        child_col = next((c for j, c, _ in self._keys() if i < j < end), col + 2)
        self.lines[end:end] = self._indent(block, child_col)
        return self

    def after(self, path: str, block: str) -> Doc:
        """Insert `block` as a sibling right after the key's block (e.g. to duplicate a key)."""
        i, col = self._find(path)
        end = self._end(i, col)
        self.lines[end:end] = self._indent(block, col)
        return self

    def replace(self, old: str, new: str) -> Doc:
        text = self.text
        if old not in text:
            raise KeyError(old)
        self.lines = text.replace(old, new, 1).splitlines(keepends=True)
        return self


# --------------------------------------------------------------------------- typos


def _typos(key: str) -> dict[str, str]:
    """drop / swap / duplicate one letter, deterministically, near the middle of the key."""
    mid = len(key) // 2
    swap_at = next(i for i in range(1, len(key) - 1) if key[i] != key[i + 1])
    return {
        "drop": key[:mid] + key[mid + 1 :],
        "swap": key[:swap_at] + key[swap_at + 1] + key[swap_at] + key[swap_at + 2 :],
        "dup": key[: mid + 1] + key[mid] + key[mid + 1 :],
    }


# Keys of the full standalone job, at every level; each gets all three typos.
_STANDALONE_TYPO_KEYS = """
type task target_column_name training_data validation_data limits training_parameters sweep search_space
primary_metric log_verbosity compute experiment_name description
training_data.path training_data.type
limits.timeout_minutes limits.max_trials limits.max_concurrent_trials
training_parameters.early_stopping training_parameters.evaluation_frequency
sweep.sampling_algorithm sweep.early_termination
sweep.early_termination.type sweep.early_termination.evaluation_interval
sweep.early_termination.slack_factor sweep.early_termination.delay_evaluation
search_space.model_name search_space.learning_rate search_space.optimizer search_space.min_size
search_space.learning_rate.type search_space.learning_rate.min_value search_space.learning_rate.max_value
search_space.optimizer.values
""".split()
# Pipeline: one typo per key (rotating the typo style), node keys and the pipeline's own keys.
_PIPELINE_TYPO_KEYS = [NODE + k for k in """
type task target_column_name training_data validation_data limits training_parameters sweep search_space
primary_metric log_verbosity outputs limits.max_trials training_parameters.evaluation_frequency
sweep.sampling_algorithm sweep.early_termination.slack_factor search_space.learning_rate
search_space.learning_rate.min_value search_space.min_size.values outputs.best_model.type
""".split()] + """
description display_name settings settings.default_compute inputs.image_instance_segmentation_training_data.type
jobs.register_model_node.component jobs.register_model_node.inputs
""".split()
_AUTOMODE_TYPO_KEYS = "limits.max_trials limits.max_concurrent_trials training_data.type".split()


# --------------------------------------------------------------------------- hand-written mutations

Op = Callable[[Doc, Callable[[str], str]], object]

_UNIFORM_INT = """
type: uniform
min_value: 600
max_value: 800
"""

# (bases: S=standalone A=automode P=pipeline, kind, slug, op(doc, j)); j(path) prefixes the node path
# for the pipeline, so one spec covers a standalone job and a pipeline node alike.
SPECS: list[tuple[str, str, str, Op]] = [
    # --- type swaps
    ("SP", "type_swap", "max_trials-abc", lambda d, j: d.set(j("limits.max_trials"), "abc")),
    ("S", "type_swap", "evaluation_frequency-abc", lambda d, j: d.set(j("training_parameters.evaluation_frequency"), "abc")),
    ("S", "type_swap", "slack_factor-abc", lambda d, j: d.set(j("sweep.early_termination.slack_factor"), "abc")),
    ("S", "type_swap", "min_value-abc", lambda d, j: d.set(j("search_space.learning_rate.min_value"), '"abc"')),
    ("S", "type_swap", "max_value-abc", lambda d, j: d.set(j("search_space.learning_rate.max_value"), "abc")),
    ("SP", "type_swap", "max_trials-10.5", lambda d, j: d.set(j("limits.max_trials"), "10.5")),
    ("S", "type_swap", "timeout_minutes-60.5", lambda d, j: d.set(j("limits.timeout_minutes"), "60.5")),
    ("S", "type_swap", "evaluation_interval-2.5", lambda d, j: d.set(j("sweep.early_termination.evaluation_interval"), "2.5")),
    ("S", "type_swap", "evaluation_frequency-1.5", lambda d, j: d.set(j("training_parameters.evaluation_frequency"), "1.5")),
    ("S", "type_swap", "min_size-values-600.5", lambda d, j: d.set(j("search_space.min_size.values"), "[600.5, 800]")),
    ("S", "type_swap", "min_size-values-600.0", lambda d, j: d.set(j("search_space.min_size.values"), "[600.0, 800.0]")),
    ("SP", "type_swap", "max_trials-quoted-15", lambda d, j: d.set(j("limits.max_trials"), '"15"')),
    ("S", "type_swap", "evaluation_frequency-quoted-1", lambda d, j: d.set(j("training_parameters.evaluation_frequency"), '"1"')),
    ("S", "type_swap", "evaluation_frequency-quoted-1.5", lambda d, j: d.set(j("training_parameters.evaluation_frequency"), '"1.5"')),
    ("S", "type_swap", "min_size-values-quoted", lambda d, j: d.set(j("search_space.min_size.values"), '["600", 800]')),
    ("SP", "type_swap", "early_stopping-2", lambda d, j: d.set(j("training_parameters.early_stopping"), "2")),
    ("S", "type_swap", "early_stopping-maybe", lambda d, j: d.set(j("training_parameters.early_stopping"), "maybe")),
    ("S", "type_swap", "early_stopping-yes", lambda d, j: d.set(j("training_parameters.early_stopping"), "yes")),
    ("S", "type_swap", "early_stopping-1", lambda d, j: d.set(j("training_parameters.early_stopping"), "1")),
    ("S", "type_swap", "early_stopping-quoted-true", lambda d, j: d.set(j("training_parameters.early_stopping"), '"true"')),
    ("SP", "type_swap", "target_column_name-5", lambda d, j: d.set(j("target_column_name"), "5")),
    ("S", "type_swap", "compute-5", lambda d, j: d.set(j("compute"), "5")),
    ("S", "type_swap", "experiment_name-5", lambda d, j: d.set(j("experiment_name"), "5")),
    ("S", "type_swap", "description-5", lambda d, j: d.set(j("description"), "5")),
    ("S", "type_swap", "model_name-values-5", lambda d, j: d.set(j("search_space.model_name.values"), "[5]")),
    ("S", "type_swap", "slack_factor-true", lambda d, j: d.set(j("sweep.early_termination.slack_factor"), "true")),
    ("S", "type_swap", "training_data-scalar", lambda d, j: d.set(j("training_data"), "data/training-mltable-folder")),
    ("P", "type_swap", "training_data-inline-mapping",
     lambda d, j: d.set_block(j("training_data"), "type: mltable\npath: azureml:fridge-items-train:1")),
    ("SA", "type_swap", "limits-scalar", lambda d, j: d.set(j("limits"), "10")),
    ("S", "type_swap", "training_parameters-scalar", lambda d, j: d.set(j("training_parameters"), "true")),
    ("S", "type_swap", "sweep-scalar", lambda d, j: d.set(j("sweep"), "random")),
    ("S", "type_swap", "early_termination-scalar", lambda d, j: d.set(j("sweep.early_termination"), "bandit")),
    ("S", "type_swap", "learning_rate-plain-value", lambda d, j: d.set(j("search_space.learning_rate"), "0.001")),
    ("S", "type_swap", "optimizer-plain-value", lambda d, j: d.set(j("search_space.optimizer"), "adam")),
    ("SP", "type_swap", "search_space-mapping", lambda d, j: d.replace("- model_name:", "  model_name:")),
    ("S", "type_swap", "tags-int-value", lambda d, j: d.add("", "tags:\n  priority: 1")),
    ("S", "type_swap", "tags-str-value", lambda d, j: d.add("", "tags:\n  team: vision")),
    ("S", "type_swap", "validation_data_size-nan", lambda d, j: d.add("", "validation_data_size: .nan")),
    ("S", "type_swap", "min_value-1e-4-yaml11-string", lambda d, j: d.set(j("search_space.learning_rate.min_value"), "1e-4")),
    ("S", "type_swap", "learning_rate-1e-3-yaml11-string", lambda d, j: d.add(j("training_parameters"), "learning_rate: 1e-3")),
    ("S", "type_swap", "early_stopping-no", lambda d, j: d.set(j("training_parameters.early_stopping"), "no")),
    # --- enum typos and letter case
    ("SP", "enum", "primary_metric-Pascal", lambda d, j: d.set(j("primary_metric"), "MeanAveragePrecision")),
    ("S", "enum", "primary_metric-Mean_Average_Precision", lambda d, j: d.set(j("primary_metric"), "Mean_Average_Precision")),
    ("S", "enum", "primary_metric-accuracy", lambda d, j: d.set(j("primary_metric"), "accuracy")),
    ("S", "enum", "primary_metric-typo", lambda d, j: d.set(j("primary_metric"), "mean_avg_precision")),
    ("S", "enum", "log_verbosity-DEBUG", lambda d, j: d.set(j("log_verbosity"), "DEBUG")),
    ("S", "enum", "log_verbosity-verbose", lambda d, j: d.set(j("log_verbosity"), "verbose")),
    ("SP", "enum", "sampling_algorithm-Random", lambda d, j: d.set(j("sweep.sampling_algorithm"), "Random")),
    ("S", "enum", "sampling_algorithm-RANDOM", lambda d, j: d.set(j("sweep.sampling_algorithm"), "RANDOM")),
    ("S", "enum", "sampling_algorithm-typo", lambda d, j: d.set(j("sweep.sampling_algorithm"), "randm")),
    ("S", "enum", "sampling_algorithm-grid", lambda d, j: d.set(j("sweep.sampling_algorithm"), "grid")),
    ("S", "enum", "sampling_algorithm-bayesian", lambda d, j: d.set(j("sweep.sampling_algorithm"), "bayesian")),
    ("S", "enum", "sampling_algorithm-sobol", lambda d, j: d.set(j("sweep.sampling_algorithm"), "sobol")),
    ("S", "enum", "sampling_algorithm-mapping-seed",
     lambda d, j: d.set_block(j("sweep.sampling_algorithm"), "type: random\nseed: 42\nrule: sobol")),
    ("S", "enum", "sampling_algorithm-mapping-Random", lambda d, j: d.set_block(j("sweep.sampling_algorithm"), "type: Random")),
    ("SP", "enum", "early_termination-Bandit", lambda d, j: d.set(j("sweep.early_termination.type"), "Bandit")),
    ("S", "enum", "early_termination-typo", lambda d, j: d.set(j("sweep.early_termination.type"), "bandits")),
    ("S", "enum", "early_termination-median-with-slack", lambda d, j: d.set(j("sweep.early_termination.type"), "median_stopping")),
    ("S", "enum", "early_termination-median",
     lambda d, j: d.set_block(j("sweep.early_termination"), "type: median_stopping\nevaluation_interval: 2\ndelay_evaluation: 6")),
    ("S", "enum", "early_termination-truncation-no-percentage",
     lambda d, j: d.set_block(j("sweep.early_termination"), "type: truncation_selection\nevaluation_interval: 2")),
    ("S", "enum", "early_termination-truncation",
     lambda d, j: d.set_block(j("sweep.early_termination"), "type: truncation_selection\ntruncation_percentage: 20")),
    ("S", "enum", "search_optimizer-SGD", lambda d, j: d.set(j("search_space.optimizer.values"), "['SGD', 'adam', 'adamw']")),
    ("S", "enum", "search_optimizer-typo", lambda d, j: d.set(j("search_space.optimizer.values"), "['sgdd', 'adam']")),
    ("S", "enum", "optimizer-SGD", lambda d, j: d.add(j("training_parameters"), "optimizer: SGD")),
    ("S", "enum", "optimizer-typo", lambda d, j: d.add(j("training_parameters"), "optimizer: sgdd")),
    ("S", "enum", "learning_rate_scheduler-Pascal", lambda d, j: d.add(j("training_parameters"), "learning_rate_scheduler: WarmupCosine")),
    ("S", "enum", "model_size-Pascal", lambda d, j: d.add(j("training_parameters"), "model_size: ExtraLarge")),
    ("S", "enum", "validation_metric_type-COCO", lambda d, j: d.add(j("training_parameters"), "validation_metric_type: COCO")),
    ("S", "enum", "log_training_metrics-enable", lambda d, j: d.add(j("training_parameters"), "log_training_metrics: enable")),
    ("S", "enum", "log_training_metrics-bad", lambda d, j: d.add(j("training_parameters"), "log_training_metrics: SOMETIMES")),
    ("SA", "enum", "training_data-MLTable", lambda d, j: d.set(j("training_data.type"), "MLTable")),
    ("S", "enum", "training_data-mode-RO_MOUNT", lambda d, j: d.add(j("training_data"), "mode: RO_MOUNT")),
    ("S", "enum", "training_data-mode-bad", lambda d, j: d.add(j("training_data"), "mode: readonly")),
    ("S", "enum", "distribution-Uniform", lambda d, j: d.set(j("search_space.learning_rate.type"), "Uniform")),
    ("S", "enum", "distribution-typo", lambda d, j: d.set(j("search_space.learning_rate.type"), "uniformm")),
    ("S", "enum", "distribution-Choice", lambda d, j: d.set(j("search_space.model_name.type"), "Choice")),
    ("SAP", "task_case", "ImageInstanceSegmentation", lambda d, j: d.set(j("task"), "ImageInstanceSegmentation")),
    ("S", "task_case", "UPPER", lambda d, j: d.set(j("task"), "IMAGE_INSTANCE_SEGMENTATION")),
    ("SP", "task_case", "object_detection", lambda d, j: d.set(j("task"), "image_object_detection")),
    ("SAP", "type_case", "AutoML", lambda d, j: d.set(j("type"), "AutoML")),
    ("P", "enum", "output-uri_folder", lambda d, j: d.set(j("outputs.best_model.type"), "uri_folder")),
    ("P", "enum", "output-MLFlow_Model", lambda d, j: d.set(j("outputs.best_model.type"), "MLFlow_Model")),
    # --- out of (documented) range: the SDK checks no ranges
    ("S", "range", "learning_rate-5", lambda d, j: d.add(j("training_parameters"), "learning_rate: 5")),
    ("A", "range", "learning_rate-5", lambda d, j: d.add("", "training_parameters:\n  learning_rate: 5")),
    ("S", "range", "validation_data_size-1.5", lambda d, j: d.add("", "validation_data_size: 1.5")),
    ("S", "range", "validation_data_size-0", lambda d, j: d.add("", "validation_data_size: 0")),
    ("SAP", "range", "max_trials--2", lambda d, j: d.set(j("limits.max_trials"), "-2")),
    ("S", "range", "max_concurrent_trials-0", lambda d, j: d.set(j("limits.max_concurrent_trials"), "0")),
    ("S", "range", "timeout_minutes-0", lambda d, j: d.set(j("limits.timeout_minutes"), "0")),
    ("S", "range", "slack_factor--1", lambda d, j: d.set(j("sweep.early_termination.slack_factor"), "-1")),
    ("S", "range", "momentum-2", lambda d, j: d.add(j("training_parameters"), "momentum: 2")),
    ("S", "range", "search-learning_rate-5-10",
     lambda d, j: d.set(j("search_space.learning_rate.min_value"), "5").set(j("search_space.learning_rate.max_value"), "10")),
    # --- removed required keys (and optional ones, for contrast)
    ("SAP", "required", "type", lambda d, j: d.delete(j("type"))),
    ("SAP", "required", "task", lambda d, j: d.delete(j("task"))),
    ("SAP", "required", "target_column_name", lambda d, j: d.delete(j("target_column_name"))),
    ("SAP", "required", "training_data", lambda d, j: d.delete(j("training_data"))),
    ("SP", "required", "sampling_algorithm", lambda d, j: d.delete(j("sweep.sampling_algorithm"))),
    ("SP", "required", "early_termination-type", lambda d, j: d.delete(j("sweep.early_termination.type"))),
    ("S", "required", "min_value", lambda d, j: d.delete(j("search_space.learning_rate.min_value"))),
    ("S", "required", "max_value", lambda d, j: d.delete(j("search_space.learning_rate.max_value"))),
    ("S", "required", "choice-values", lambda d, j: d.delete(j("search_space.optimizer.values"))),
    ("S", "required", "model_name-values", lambda d, j: d.delete(j("search_space.model_name.values"))),
    ("S", "required", "randint-upper", lambda d, j: d.set_block(j("search_space.min_size"), "type: randint")),
    ("S", "required", "quniform-q",
     lambda d, j: d.set_block(j("search_space.min_size"), "type: quniform\nmin_value: 600\nmax_value: 800")),
    ("S", "required", "target_column_name-empty", lambda d, j: d.set(j("target_column_name"), "''")),
    ("S", "required", "distribution-type", lambda d, j: d.delete(j("search_space.learning_rate.type"))),
    ("S", "required", "min_size-type", lambda d, j: d.delete(j("search_space.min_size.type"))),
    ("SA", "optional", "validation_data", lambda d, j: d.delete(j("validation_data"))),
    ("SA", "optional", "limits", lambda d, j: d.delete(j("limits"))),
    ("S", "optional", "sweep", lambda d, j: d.delete(j("sweep"))),
    ("S", "optional", "search_space", lambda d, j: d.delete(j("search_space"))),
    ("S", "optional", "sweep-and-search_space", lambda d, j: d.delete(j("sweep")).delete(j("search_space"))),
    ("S", "optional", "training_parameters", lambda d, j: d.delete(j("training_parameters"))),
    ("S", "optional", "compute", lambda d, j: d.delete(j("compute"))),
    ("S", "optional", "early_termination", lambda d, j: d.delete(j("sweep.early_termination"))),
    ("S", "optional", "slack_factor", lambda d, j: d.delete(j("sweep.early_termination.slack_factor"))),
    ("P", "optional", "node-outputs", lambda d, j: d.delete(j("outputs"))),
    # --- 2022 syntax
    ("SP", "legacy", "image_model", lambda d, j: d.rename(j("training_parameters"), "image_model")),
    ("SP", "legacy", "sweep-limits",
     lambda d, j: d.delete(j("limits.max_trials")).delete(j("limits.max_concurrent_trials"))
     .add(j("sweep"), "limits:\n  max_trials: 10\n  max_concurrent_trials: 2")),
    ("SP", "legacy", "expr-uniform", lambda d, j: d.set(j("search_space.learning_rate"), '"uniform(0.0001, 0.001)"')),
    ("SP", "legacy", "expr-choice", lambda d, j: d.set(j("search_space.optimizer"), "\"choice('sgd', 'adam')\"")),
    ("S", "legacy", "expr-choice-int", lambda d, j: d.set(j("search_space.min_size"), '"choice(600, 800)"')),
    ("S", "legacy", "expr-all-2022",
     lambda d, j: d.set(j("search_space.model_name"), '"maskrcnn_resnet50_fpn"')
     .set(j("search_space.learning_rate"), '"uniform(0.0001, 0.001)"')
     .set(j("search_space.optimizer"), "\"choice('sgd', 'adam', 'adamw')\"")
     .set(j("search_space.min_size"), '"choice(600, 800)"')),
    ("S", "legacy", "model_name-plain-string", lambda d, j: d.set(j("search_space.model_name"), '"maskrcnn_resnet50_fpn"')),
    # --- spellings from the docs that the SDK does not know
    ("SP", "doc_spelling", "box_detections_per_img", lambda d, j: d.add(j("training_parameters"), "box_detections_per_img: 100")),
    ("S", "doc_spelling", "box_detections_per_image", lambda d, j: d.add(j("training_parameters"), "box_detections_per_image: 100")),
    ("SP", "doc_spelling", "mask_pixel_score_threshold", lambda d, j: d.add(j("training_parameters"), "mask_pixel_score_threshold: 0.5")),
    ("S", "doc_spelling", "max_number_of_polygon_points", lambda d, j: d.add(j("training_parameters"), "max_number_of_polygon_points: 100")),
    ("S", "doc_spelling", "export_as_image", lambda d, j: d.add(j("training_parameters"), "export_as_image: true")),
    ("S", "doc_spelling", "image_type", lambda d, j: d.add(j("training_parameters"), "image_type: jpg")),
    ("SA", "doc_spelling", "trial_timeout_minutes", lambda d, j: d.add(j("limits"), "trial_timeout_minutes: 30")),
    ("S", "doc_spelling", "max_total_trials", lambda d, j: d.add(j("limits"), "max_total_trials: 10")),
    ("S", "doc_spelling", "search-box_detections_per_img",
     lambda d, j: d.add(j("search_space"), "box_detections_per_img:\n  type: choice\n  values: [100, 200]")),
    # --- distributions vs hyperparameter kinds
    ("SP", "int_distribution", "min_size-uniform", lambda d, j: d.set_block(j("search_space.min_size"), _UNIFORM_INT)),
    ("S", "int_distribution", "min_size-quniform",
     lambda d, j: d.set_block(j("search_space.min_size"), "type: quniform\nmin_value: 600\nmax_value: 800\nq: 50")),
    ("S", "int_distribution", "min_size-quniform-float-args",
     lambda d, j: d.set_block(j("search_space.min_size"), "type: quniform\nmin_value: 600.5\nmax_value: 800\nq: 50")),
    ("S", "int_distribution", "min_size-randint", lambda d, j: d.set_block(j("search_space.min_size"), "type: randint\nupper: 800")),
    ("S", "int_distribution", "min_size-normal", lambda d, j: d.set_block(j("search_space.min_size"), "type: normal\nmu: 700\nsigma: 50")),
    ("S", "int_distribution", "number_of_epochs-loguniform",
     lambda d, j: d.add(j("search_space"), "number_of_epochs:\n  type: loguniform\n  min_value: 10\n  max_value: 30")),
    ("S", "int_distribution", "min_size-plain-600", lambda d, j: d.set(j("search_space.min_size"), "600")),
    ("S", "int_distribution", "min_size-plain-600.0", lambda d, j: d.set(j("search_space.min_size"), "600.0")),
    ("S", "int_distribution", "min_size-plain-quoted", lambda d, j: d.set(j("search_space.min_size"), '"600"')),
    ("S", "int_distribution", "early_stopping-choice-bool",
     lambda d, j: d.add(j("search_space"), "early_stopping:\n  type: choice\n  values: [true, false]")),
    ("S", "int_distribution", "learning_rate-choice", lambda d, j: d.set_block(j("search_space.learning_rate"), "type: choice\nvalues: [0.001, 0.01]")),
    ("S", "int_distribution", "learning_rate-randint", lambda d, j: d.set_block(j("search_space.learning_rate"), "type: randint\nupper: 5")),
    ("S", "int_distribution", "learning_rate-wrong-args",
     lambda d, j: d.set_block(j("search_space.learning_rate"), "type: normal\nmin_value: 0.0001\nmax_value: 0.001")),
    ("S", "int_distribution", "learning_rate-extra-q", lambda d, j: d.add(j("search_space.learning_rate"), "q: 0.0001")),
    ("S", "int_distribution", "grid-with-uniform", lambda d, j: d.set(j("sweep.sampling_algorithm"), "grid")
     .set_block(j("search_space.min_size"), "type: choice\nvalues: [600]")),
    # --- grid sampling with continuous distributions (AML208 warns; is it accepted?)
    ("SP", "grid", "grid-with-uniform-learning-rate", lambda d, j: d.set(j("sweep.sampling_algorithm"), "grid")),
    ("S", "grid", "grid-mapping-with-normal", lambda d, j: d.set_block(j("sweep.sampling_algorithm"), "type: grid")
     .set_block(j("search_space.learning_rate"), "type: normal\nmu: 0.001\nsigma: 0.0005")),
    ("S", "grid", "grid-with-randint", lambda d, j: d.set(j("sweep.sampling_algorithm"), "Grid")
     .set_block(j("search_space.min_size"), "type: randint\nupper: 800")),
    # --- questionable but accepted by the SDK
    ("SP", "empty_choice", "optimizer", lambda d, j: d.set(j("search_space.optimizer.values"), "[]")),
    ("SP", "min_gt_max", "learning_rate",
     lambda d, j: d.set(j("search_space.learning_rate.min_value"), "0.01").set(j("search_space.learning_rate.max_value"), "0.0001")),
    ("S", "tiling", "tile_grid_size", lambda d, j: d.add(j("training_parameters"), "tile_grid_size: '3x2'")),
    ("S", "tiling", "tile_grid_size-int", lambda d, j: d.add(j("training_parameters"), "tile_grid_size: 3")),
    ("S", "tiling", "tile_grid_size-free-text", lambda d, j: d.add(j("training_parameters"), "tile_grid_size: 3by2")),
    ("SP", "tiling", "tile_overlap_ratio", lambda d, j: d.add(j("training_parameters"), "tile_overlap_ratio: 0.25")),
    ("S", "tiling", "tile_predictions_nms_threshold", lambda d, j: d.add(j("training_parameters"), "tile_predictions_nms_threshold: 0.25")),
    ("S", "tiling", "search-tile_grid_size",
     lambda d, j: d.add(j("search_space"), "tile_grid_size:\n  type: choice\n  values: ['2x1', '3x2']")),
    ("S", "model_name", "yolov5", lambda d, j: d.add(j("training_parameters"), "model_name: yolov5")),
    ("SP", "model_name", "search-yolov5", lambda d, j: d.set(j("search_space.model_name.values"), "[yolov5]")),
    ("S", "model_name", "unknown-maskrcnn", lambda d, j: d.add(j("training_parameters"), "model_name: maskrcnn_resnet99_fpn")),
    ("S", "model_name", "yolov5-only-settings",
     lambda d, j: d.add(j("training_parameters"), "model_size: large\nmulti_scale: true\nimage_size: 640")),
    ("SA", "test_data", "test_data",
     lambda d, j: d.after(j("validation_data"), "test_data:\n  path: data/test-mltable-folder\n  type: mltable")),
    ("S", "test_data", "test_data_size", lambda d, j: d.add("", "test_data_size: 0.2")),
    # --- duplicate keys: PyYAML keeps the last one silently
    ("SP", "duplicate_key", "max_trials", lambda d, j: d.after(j("limits.max_trials"), "max_trials: 5")),
    ("S", "duplicate_key", "task-bad-first", lambda d, j: d.set(j("task"), "image_classification").after(j("task"), "task: image_instance_segmentation")),
    ("S", "duplicate_key", "task-bad-last", lambda d, j: d.after(j("task"), "task: image_classificaton")),
    ("S", "duplicate_key", "training_parameters", lambda d, j: d.after(j("training_parameters"), "training_parameters:\n  number_of_epochs: 5")),
    ("S", "duplicate_key", "search-learning_rate", lambda d, j: d.add(j("search_space"), "learning_rate: 0.001")),
    # --- nulls
    ("S", "null", "compute", lambda d, j: d.set(j("compute"), "null")),
    ("SP", "null", "max_trials", lambda d, j: d.set(j("limits.max_trials"), "")),
    ("S", "null", "slack_factor", lambda d, j: d.set(j("sweep.early_termination.slack_factor"), "null")),
    ("S", "null", "evaluation_interval", lambda d, j: d.set(j("sweep.early_termination.evaluation_interval"), "~")),
    ("S", "null", "description", lambda d, j: d.set(j("description"), "null")),
    ("S", "null", "training_parameters", lambda d, j: d.set(j("training_parameters"), "")),
    ("S", "null", "search_space", lambda d, j: d.set(j("search_space"), "null")),
    ("S", "null", "early_termination", lambda d, j: d.set(j("sweep.early_termination"), "")),
    ("S", "null", "tags-value", lambda d, j: d.add("", "tags:\n  owner: null")),
    ("P", "null", "output-best_model", lambda d, j: d.set(j("outputs.best_model"), "null")),
    # --- data types
    ("SA", "data_type", "training-uri_folder", lambda d, j: d.set(j("training_data.type"), "uri_folder")),
    ("P", "data_type", "training-uri_folder", lambda d, j: d.set("inputs.image_instance_segmentation_training_data.type", "uri_folder")),
    ("S", "data_type", "validation-uri_file", lambda d, j: d.set(j("validation_data.type"), "uri_file")),
    ("S", "data_type", "path-azureml-asset", lambda d, j: d.set(j("training_data.path"), "azureml:fridge-items-train:1")),
    ("S", "data_type", "no-type", lambda d, j: d.delete(j("training_data.type"))),
    ("S", "data_type", "binding-in-standalone", lambda d, j: d.set(j("training_data"), "${{parent.inputs.train}}")),
    # --- pipeline compute: the node, the pipeline and settings.default_compute
    ("P", "pipeline_compute", "no-settings", lambda d, j: d.delete("settings")),
    ("P", "pipeline_compute", "no-settings-node-compute", lambda d, j: d.delete("settings").add(NODE[:-1], "compute: azureml:gpu-cluster")),
    ("P", "pipeline_compute", "no-settings-all-nodes-compute",
     lambda d, j: d.delete("settings").add(NODE[:-1], "compute: azureml:gpu-cluster")
     .add("jobs.register_model_node", "compute: azureml:cpu-cluster")),
    ("P", "pipeline_compute", "no-settings-pipeline-compute", lambda d, j: d.delete("settings").after("experiment_name", "compute: azureml:gpu-cluster")),
    ("P", "pipeline_compute", "node-compute-local", lambda d, j: d.add(NODE[:-1], "compute: local")),
    ("P", "pipeline_compute", "empty-settings", lambda d, j: d.add("settings", "continue_on_step_failure: false").delete("settings.default_compute")),
    # --- data bindings
    ("P", "binding", "training-parameter-undeclared",
     lambda d, j: d.set(j("training_parameters.evaluation_frequency"), "${{parent.inputs.eval_frequency}}")),
    ("P", "binding", "training-parameter-declared",
     lambda d, j: d.set(j("training_parameters.evaluation_frequency"), "${{parent.inputs.eval_frequency}}")
     .add("inputs", "eval_frequency: 1")),
    ("P", "binding", "max_trials", lambda d, j: d.set(j("limits.max_trials"), "${{parent.inputs.trials}}").add("inputs", "trials: 10")),
    ("P", "binding", "in-distribution", lambda d, j: d.set(j("search_space.learning_rate.max_value"), "${{parent.inputs.lr_max}}")
     .add("inputs", "lr_max: 0.001")),
    ("P", "binding", "whole-hyperparameter", lambda d, j: d.set(j("search_space.learning_rate"), "${{parent.inputs.lr}}")),
    ("P", "binding", "training_data-undeclared", lambda d, j: d.set(j("training_data"), "${{parent.inputs.missing_data}}")),
    ("P", "binding", "task", lambda d, j: d.set(j("task"), "${{parent.inputs.task}}")),
    # The schema's `binding_rejected` places (AML206): a whole section, an enum field, the policy and its type.
    ("P", "binding", "whole-limits", lambda d, j: d.set(j("limits"), "${{parent.inputs.limits}}").add("inputs", "limits: 1")),
    ("P", "binding", "enum-optimizer",
     lambda d, j: d.add(j("training_parameters"), "optimizer: ${{parent.inputs.opt}}").add("inputs", "opt: sgd")),
    ("P", "binding", "enum-log_verbosity", lambda d, j: d.set(j("log_verbosity"), "${{parent.inputs.v}}").add("inputs", "v: info")),
    ("P", "binding", "whole-early_termination",
     lambda d, j: d.set(j("sweep.early_termination"), "${{parent.inputs.policy}}").add("inputs", "policy: bandit")),
    ("P", "binding", "policy-type",
     lambda d, j: d.set(j("sweep.early_termination.type"), "${{parent.inputs.policy}}").add("inputs", "policy: bandit")),
    ("S", "binding", "standalone-training-parameter",
     lambda d, j: d.set(j("training_parameters.evaluation_frequency"), "${{parent.inputs.eval_frequency}}")),
    # --- misc accepted/rejected shapes
    ("S", "misc", "outputs-mlflow", lambda d, j: d.add("", "outputs:\n  best_model:\n    type: mlflow_model")),
    # A misspelled job type next to our task: the CLI says "Unsupported job type".
    ("S", "job_type", "auto_ml", lambda d, j: d.set("type", "auto_ml")),
    ("S", "job_type", "AutoML", lambda d, j: d.set("type", "AutoML")),
    ("S", "job_type", "automl_job", lambda d, j: d.set("type", "automl_job")),
    ("P", "job_type", "node-AutoML", lambda d, j: d.set(j("type"), "AutoML")),
    ("P", "job_type", "node-auto_ml", lambda d, j: d.set(j("type"), "auto_ml")),
    ("S", "misc", "search_space-empty-list", lambda d, j: d.set(j("search_space"), "[]")),
    ("S", "misc", "search_space-empty-entry", lambda d, j: d.set(j("search_space"), "[{}]")),
    ("S", "misc", "search_space-second-entry",
     lambda d, j: d.replace("      values: [600, 800]\n",
                                                        "      values: [600, 800]\n  - model_name:\n      type: choice\n      values: [maskrcnn_resnet101_fpn]\n")),
    ("S", "misc", "search-augmentations", lambda d, j: d.add(j("search_space"), "augmentations:\n  type: choice\n  values: ['hflip']")),
    ("S", "misc", "queue_settings", lambda d, j: d.add("", "queue_settings:\n  job_tier: Spot")),
    ("S", "misc", "resources", lambda d, j: d.add("", "resources:\n  instance_count: 2\n  shm_size: 16g")),
    ("S", "misc", "environment_variables-int", lambda d, j: d.add("", "environment_variables:\n  RETRIES: 3")),
    ("P", "misc", "nested-unknown", lambda d, j: d.add(j("limits"), "max_nodes: 4")),
    ("P", "misc", "settings-unknown-key", lambda d, j: d.add("settings", "continue_on_step_failur: true")),
    ("P", "misc", "register-missing-input", lambda d, j: d.delete("jobs.register_model_node.inputs.model_base_name")),
    ("P", "misc", "register-component-missing", lambda d, j: d.set("jobs.register_model_node.component", "file:./components/nope.yaml")),
    # Pipeline inputs and the other steps (probed: what the CLI accepts and rejects there).
    ("P", "misc", "input-mode-ro_mount", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "mode: ro_mount")),
    ("P", "misc", "input-mode-eval_mount", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "mode: eval_mount")),
    ("P", "misc", "input-mode-output-only", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "mode: rw_mount")),
    ("P", "misc", "input-mode-case", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "mode: RO_MOUNT")),
    ("P", "misc", "input-type-typo", lambda d, j: d.set("inputs.image_instance_segmentation_training_data.type", "mltabel")),
    ("P", "misc", "input-type-case", lambda d, j: d.set("inputs.image_instance_segmentation_training_data.type", "MLTable")),
    ("P", "misc", "input-type-dropped", lambda d, j: d.delete("inputs.image_instance_segmentation_training_data.type")),
    ("P", "misc", "input-description", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "description: fridge images")),
    ("P", "misc", "input-datastore", lambda d, j: d.add("inputs.image_instance_segmentation_training_data", "datastore: azureml:workspaceblobstore")),
    ("P", "misc", "input-literals", lambda d, j: d.add("inputs", "epochs: 10\nrate: 0.5\nflag: true\nlabel: fridge")),
    ("P", "misc", "input-null", lambda d, j: d.add("inputs", "nothing:")),
    ("P", "misc", "input-list", lambda d, j: d.add("inputs", "sizes: [1, 2]")),
    ("P", "misc", "step-type-typo", lambda d, j: d.set("jobs.register_model_node.type", "comand")),
    ("P", "misc", "step-type-case", lambda d, j: d.set("jobs.register_model_node.type", "Command")),
    ("P", "misc", "step-type-dropped", lambda d, j: d.delete("jobs.register_model_node.type")),
    ("P", "misc", "step-unknown-key", lambda d, j: d.add("jobs.register_model_node", "foo: 1")),
    ("P", "misc", "step-extra-input", lambda d, j: d.add("jobs.register_model_node.inputs", "not_in_component: 5")),
    ("P", "misc", "step-null-input", lambda d, j: d.set("jobs.register_model_node.inputs.model_base_name", "")),
    ("P", "misc", "step-no-inputs", lambda d, j: d.delete("jobs.register_model_node.inputs")),
    ("P", "misc", "step-registered-component", lambda d, j: d.set("jobs.register_model_node.component", "azureml:register_model:1")),
    ("P", "misc", "step-inline-command", lambda d, j: d.delete("jobs.register_model_node.inputs").set("jobs.register_model_node.component", "echo hi").rename("jobs.register_model_node.component", "command").add("jobs.register_model_node", "environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest")),
    # Bindings: the CLI accepts every one of these offline (the job fails when it runs).
    ("P", "misc", "binding-undeclared-input", lambda d, j: d.replace("parent.inputs.image_instance_segmentation_training_data}}", "parent.inputs.training}}")),
    ("P", "misc", "binding-unknown-step", lambda d, j: d.replace("parent.jobs.image_instance_segmentation_node.outputs", "parent.jobs.automl_node.outputs")),
    ("P", "misc", "binding-undeclared-output", lambda d, j: d.delete(j("outputs"))),
    ("P", "misc", "binding-parents", lambda d, j: d.replace("${{parent.jobs.", "${{parents.jobs.")),
    ("P", "misc", "step-inline-command-no-environment", lambda d, j: d.delete("jobs.register_model_node.inputs").set("jobs.register_model_node.component", "echo hi").rename("jobs.register_model_node.component", "command")),
]

_SYNTAX: list[tuple[str, str, Op]] = [
    ("S", "tab-indent", lambda d, j: d.replace("  max_trials: 10", "\tmax_trials: 10")),
    ("S", "unclosed-flow", lambda d, j: d.replace("values: [600, 800]", "values: [600, 800")),
    ("S", "bad-indent", lambda d, j: d.replace("  max_trials: 10", "   max_trials: 10")),
    ("S", "unclosed-quote", lambda d, j: d.replace("values: ['sgd', 'adam', 'adamw']", "values: ['sgd, 'adam', 'adamw']")),
    ("P", "tab-indent", lambda d, j: d.replace("      max_trials: 10", "\t\t\tmax_trials: 10")),
    # A broken job is still a job: each of these is rejected, and the engine must say so.
    ("S", "merge-conflict", lambda d, j: d.replace("log_verbosity: debug\n", "<<<<<<< HEAD\nlog_verbosity: debug\n=======\nlog_verbosity: info\n>>>>>>> tune-logging\n")),
    ("P", "merge-conflict", lambda d, j: d.replace("experiment_name: pipeline-with-automl\n", "<<<<<<< HEAD\nexperiment_name: pipeline-with-automl\n=======\nexperiment_name: segmentation\n>>>>>>> rename\n")),
    ("S", "unterminated-quote", lambda d, j: d.replace("description: An Image", 'description: "An Image')),
    ("S", "half-typed-key", lambda d, j: d.replace("  early_stopping: True\n", "  early_stopping: True\n  box_\n")),
    ("S", "many-errors", lambda d, j: d.replace("type: automl\n", "type: automl\n" + "".join(f"broken line {n}\n" for n in range(15)))),
    ("P", "many-errors", lambda d, j: d.replace("      max_trials: 10\n", "      max_trials: 10\n" + "".join(f"      broken line {n}\n" for n in range(15)))),
    ("S", "second-document", lambda d, j: d.add("", "---\ntype: automl")),
]
# Valid YAML, but not a job mapping.
_DOCUMENT = [
    ("S", "empty", ""),
    ("S", "comments-only", "# the job comes later\n"),
    ("S", "list-root", "- type: automl\n- task: image_instance_segmentation\n"),
    ("S", "scalar-root", "image_instance_segmentation\n"),
]


# --------------------------------------------------------------------------- generation

_BASES = {"S": "standalone", "A": "automode", "P": "pipeline"}


def generate(seed_files: dict[str, Path] | None = None) -> list[Mutation]:
    seeds = {base: Path(p).read_text() for base, p in (seed_files or SEEDS).items()}
    out: list[Mutation] = []

    def emit(base: str, kind: str, slug: str, op: Op) -> None:
        j = (lambda p: NODE + p) if base == "pipeline" else (lambda p: p)
        d = Doc(seeds[base])
        op(d, j)
        out.append(Mutation(f"{base}-{kind}-{slug}", d.text, base, kind))

    for key in _STANDALONE_TYPO_KEYS:
        for style, typo in _typos(key.rsplit(".", 1)[-1]).items():
            emit("standalone", "key_typo", f"{key}-{style}", lambda d, j, key=key, typo=typo: d.rename(key, typo))
    for n, key in enumerate(_PIPELINE_TYPO_KEYS):
        style, typo = list(_typos(key.rsplit(".", 1)[-1]).items())[n % 3]
        emit("pipeline", "key_typo", f"{key.removeprefix(NODE)}-{style}", lambda d, j, key=key, typo=typo: d.rename(key, typo))
    for key in _AUTOMODE_TYPO_KEYS:
        emit("automode", "key_typo", f"{key}-drop", lambda d, j, key=key: d.rename(key, _typos(key.rsplit(".", 1)[-1])["drop"]))
    for bases, kind, slug, op in SPECS:
        for b in bases:
            emit(_BASES[b], kind, slug, op)
    for bases, slug, op in _SYNTAX:
        for b in bases:
            emit(_BASES[b], "syntax", slug, op)
    for b, slug, text in _DOCUMENT:
        out.append(Mutation(f"{_BASES[b]}-document-{slug}", text, _BASES[b], "document"))

    # Self-checks, so a broken spec cannot silently test nothing.
    names = [m.name for m in out]
    assert len(names) == len(set(names)), "duplicate mutation names"
    for m in out:
        assert m.text != seeds[m.base] or m.kind == "document", f"{m.name}: no change"
        if m.kind != "syntax":
            yaml.safe_load(m.text)  # raises if a mutation meant to be valid YAML is not
        else:
            try:
                yaml.safe_load(m.text)
            except yaml.YAMLError:
                continue
            raise AssertionError(f"{m.name}: meant to break YAML syntax but parses")
    return out


def examples() -> list[Mutation]:
    """The real instance segmentation examples, current and historical, as kind "example"."""
    out = []
    for path in sorted(EXAMPLES.rglob("*.y*ml")):
        rel = path.relative_to(EXAMPLES)
        if "instance-segmentation" not in str(rel) or path.parent.name == "components":
            continue
        era = rel.parts[1] if rel.parts[0] == "_history" else "current"
        text = path.read_bytes().decode()  # keep CRLF: one historical file has it
        base = "pipeline" if re.search(r"^type: pipeline", text, re.M) else "standalone"
        out.append(Mutation(f"example-{era}-{path.stem}", text, base, "example"))
    return out


def corpus() -> list[Mutation]:
    """Everything the differential test judges: the examples, then every mutation."""
    return examples() + generate()


def write_corpus(directory: Path, mutations: list[Mutation] | None = None) -> list[Path]:
    """Write each mutation (default: all of generate()) as <dir>/<pipeline|standalone>/<name>.yml.
    Pipeline files share one folder that also holds the example's components/ and the components/src/
    that the component's `code:` needs."""
    directory = Path(directory)
    paths = []
    for m in generate() if mutations is None else mutations:
        sub = directory / ("pipeline" if m.base == "pipeline" else "standalone")
        if m.base == "pipeline" and not (sub / "components").exists():
            _copy_components(sub / "components")
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{m.name}.yml"
        path.write_text(m.text, newline="")
        paths.append(path)
    return paths


def _copy_components(dest: Path) -> None:
    # Fresh files rather than shutil.copytree: the reference tree is read-only and copytree keeps modes.
    for f in REFERENCE_COMPONENTS.rglob("*"):
        target = dest / f.relative_to(REFERENCE_COMPONENTS)
        if f.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.read_bytes())
    (dest / "src").mkdir(parents=True, exist_ok=True)


def main() -> None:
    """python -m tests.compat.mutations OUT.tsv: judge the whole corpus, write name/kind/verdict/stage/error."""
    import sys
    import tempfile
    import time

    from tests.compat.sdk_oracle import verdicts

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/oracle-summary.tsv")
    cases = corpus()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), cases)
        start = time.monotonic()
        result = verdicts(paths)
        elapsed = time.monotonic() - start
    rows = ["name\tkind\tverdict\tstage\terror"]
    for m, p in zip(cases, paths):
        v = result[p]
        rows.append(f"{m.name}\t{m.kind}\t{'accepted' if v.accepted else 'rejected'}\t{v.stage}\t{v.error}")
    out.write_text("\n".join(rows) + "\n")
    accepted = sum(v.accepted for v in result.values())
    print(f"{len(paths)} files: {accepted} accepted, {len(paths) - accepted} rejected, oracle {elapsed:.1f}s -> {out}")


if __name__ == "__main__":
    main()
