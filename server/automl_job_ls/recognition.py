"""Which files are ours: an AutoML image instance segmentation job, standalone or as a pipeline step.

The tree decides when the YAML is valid. A job with syntax errors is still a job: then the
evidence is also read from the raw lines (a `$schema` naming a job schema, a top-level
`type: automl` or `task:` line naming our task, `type: pipeline` with a step naming it), and a
file that was a job stays one while the user types, unless it now plainly says it is something
else (another job type or another AutoML task).
"""

from __future__ import annotations

import enum
import re

from .nodes import Mapping, Node, Sequence, scalar_str
from .suggest import did_you_mean

TASK = "image_instance_segmentation"
# The other AutoML tasks: a job with one of these is someone else's file, not a typo of ours.
OTHER_TASKS = (
    "classification", "regression", "forecasting", "image_classification", "image_classification_multilabel",
    "image_object_detection", "text_classification", "text_classification_multilabel", "text_ner",
)
# Job types of Azure ML CLI v2 other than ours: an exact one of these is a different job.
OTHER_JOB_TYPES = ("command", "sweep", "pipeline", "spark", "parallel", "import", "data_transfer")
AUTOML = "automl"
STANDALONE_SCHEMAS = ("autoMLJob", "autoMLImageInstanceSegmentationJob")
PIPELINE_SCHEMA = "pipelineJob"


class JobKind(enum.Enum):
    STANDALONE = "standalone"
    PIPELINE = "pipeline"
    NOT_OURS = "not-ours"


def camel_to_snake(value: str) -> str:
    """The CLI's enum normalisation: `MeanAveragePrecision` -> `mean_average_precision`."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", value)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def task_could_be_ours(node: Node | None) -> bool:
    """True for our task, a misspelling of it, a missing task or a non-literal one (binding);
    False for another AutoML task or an unrelated word."""
    text = scalar_str(node)
    if text is None or not text.strip() or text.strip().startswith("${{"):
        return not isinstance(node, (Mapping, Sequence))
    return _task_word_could_be_ours(text)


def _task_word_could_be_ours(text: str) -> bool:
    name = camel_to_snake(text.strip())
    if name == TASK:
        return True
    if name in OTHER_TASKS:
        return False
    return did_you_mean(name, (TASK,) + OTHER_TASKS) == TASK


def means_automl(text: str | None) -> bool:
    """`automl` itself, or a clear misspelling of it (`AutoML`, `auto_ml`, `automl_job`): the
    author meant an AutoML job, and the schema check then says how to spell it."""
    if text is None:
        return False
    word = text.strip()
    if word.lower() == AUTOML:
        return True
    if word in OTHER_JOB_TYPES:
        return False
    squashed = re.sub(r"[^a-z]", "", word.lower())
    return squashed in (AUTOML, AUTOML + "job") or did_you_mean(word.lower(), (AUTOML,) + OTHER_JOB_TYPES) == AUTOML


def _automl_and_ours(job_type: str | None, tasks: list[Node | None]) -> bool:
    """An AutoML job of our task. `automl` in any letter case may leave the task out (the schema
    check then asks for it); a misspelled type counts only next to our task."""
    if job_type is None or not means_automl(job_type):
        return False
    if job_type.strip().lower() == AUTOML:
        return any(task_could_be_ours(t) for t in tasks or [None])
    return any(t is not None and scalar_str(t) and task_could_be_ours(t) for t in tasks)


def is_our_step(node: Node) -> bool:
    """A pipeline step that is (or is meant to be) an AutoML instance segmentation job."""
    if not isinstance(node, Mapping):
        return False
    task = node.get("task")
    job_type = scalar_str(node.get("type"))
    if means_automl(job_type):
        return _automl_and_ours(job_type, [task])
    if node.get("type") is None or job_type == "":
        if not node.get("component"):
            return task is not None and bool(scalar_str(task)) and task_could_be_ours(task)
    return False


def pipeline_steps(root: Mapping) -> list[tuple]:
    """(name, step) for each of our steps under `jobs:`."""
    jobs = root.get("jobs")
    if not isinstance(jobs, Mapping):
        return []
    return [(pair.key, pair.value) for pair in jobs.pairs if is_our_step(pair.value)]


def kind_from_tree(root: Node | None, force_job: bool) -> JobKind:
    if not isinstance(root, Mapping):
        return JobKind.NOT_OURS
    job_type = scalar_str(root.get("type"))
    if job_type is not None and job_type.lower() == "pipeline":
        return JobKind.PIPELINE if pipeline_steps(root) else JobKind.NOT_OURS
    # Any `task:` line counts (a duplicate key may hide ours behind a typo).
    tasks: list[Node | None] = [p.value for p in root.pairs if p.key.text == "task"]
    if _automl_and_ours(job_type, tasks):
        return JobKind.STANDALONE
    if root.get("type") is None or job_type == "":
        schema = scalar_str(root.get("$schema")) or ""
        if any(name in schema for name in STANDALONE_SCHEMAS) or any(t is not None and task_could_be_ours(t) for t in tasks):
            return JobKind.STANDALONE
    return JobKind.STANDALONE if force_job else JobKind.NOT_OURS


def plainly_foreign(root: Node | None) -> bool:
    """The tree says it is a different job: another job type, or another AutoML task."""
    if not isinstance(root, Mapping):
        return False
    job_type = scalar_str(root.get("type"))
    task = scalar_str(root.get("task"))
    if job_type in OTHER_JOB_TYPES and job_type != "pipeline":
        return True
    return task is not None and camel_to_snake(task.strip()) in OTHER_TASKS


# Evidence in the raw lines: top-level `key: value` lines, and indented `task:` lines of steps.
_TOP = re.compile(r"""(\$schema|type|task)[ \t]*:[ \t]*["']?([^"'#\s]*)""")
_STEP_TASK = re.compile(r"""[ \t]+task[ \t]*:[ \t]*["']?([^"'#\s]+)""")


def kind_from_lines(lines: list[str]) -> JobKind:
    """What the raw lines say, for text the parser could not read whole."""
    top: dict[str, str] = {}
    step_tasks = False
    for line in lines:
        if not line or line[0] == "#":
            continue
        if line[0] in " \t":
            m = _STEP_TASK.match(line)
            if m and _task_word_could_be_ours(m.group(1)):
                step_tasks = True
            continue
        m = _TOP.match(line)
        if m:
            top.setdefault(m.group(1), m.group(2))
    job_type, task, schema = top.get("type"), top.get("task"), top.get("$schema", "")
    if job_type == "pipeline" or PIPELINE_SCHEMA in schema:
        return JobKind.PIPELINE if step_tasks else JobKind.NOT_OURS
    if task and not _task_word_could_be_ours(task):
        return JobKind.NOT_OURS
    if job_type and job_type in OTHER_JOB_TYPES:
        return JobKind.NOT_OURS
    if job_type and job_type.lower() != AUTOML and means_automl(job_type) and not task:
        return JobKind.NOT_OURS  # a misspelled type counts only next to our task
    if means_automl(job_type) or task or any(name in schema for name in STANDALONE_SCHEMAS):
        return JobKind.STANDALONE
    return JobKind.NOT_OURS
