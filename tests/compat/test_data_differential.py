"""Differential test of the data checks against the real training runtime (data-rules.md §e.2).

Corpus: every shared data case (shared/reference/data-cases) and generated variants of a good
folder, one defect each. The runtime package (azureml-automl-dnn-vision 1.62 with rslex 2.26)
runs offline in `.venv-oracle` (scripts/setup creates it), with its telemetry off (HBI_MODE) and
a scratch TMPDIR that is checked to be left empty of our files and then removed. For each folder:
  the run fails                      -> we report at least one error;
  images or objects are dropped      -> we report a warning or an error, and no error;
  accepted, nothing dropped          -> no error, and warnings only for a changed meaning.
Run alone with: pytest -m compat tests/compat/test_data_differential.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from automl_job_ls.data.check import check_folder, forget_cached
from automl_job_ls.diagnostics.codes import Severity

pytestmark = pytest.mark.compat

REPO = Path(__file__).resolve().parents[2]
ORACLE_PYTHON = REPO / ".venv-oracle" / "bin" / "python"
ORACLE = Path(__file__).resolve().parent / "runtime_oracle.py"
CASES = REPO.parent / "shared" / "reference" / "data-cases"
# Warnings allowed on data the runtime accepts whole: the data then means something else.
MEANING = {"AML515", "AML532", "AML535", "AML541"}
# Verdicts that rest on what the upload does (data-rules (c)6): the local runtime cannot see it.
UPLOAD = {"m27_parent_dir_path": "`../` lies outside the uploaded folder; locally the runtime reads it"}

URL = "azureml://subscriptions/sub/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/images/{}.jpg"
GOOD = [0.1, 0.1, 0.5, 0.1, 0.5, 0.5, 0.1, 0.5]
MLTABLE = """paths:
  - file: ./train_annotations.jsonl
transformations:
  - read_json_lines:
      encoding: utf8
      invalid_lines: {invalid}
      include_path_column: false
  - convert_column_types:
      - columns: image_url
        column_type: stream_info
{extra}"""


def _object(**changes):
    obj = {"label": "carton", "isCrowd": 0, "polygon": [GOOD]}
    for key, value in changes.items():
        if value is _DROP:
            obj.pop(key, None)
        else:
            obj[key] = value
    return obj


_DROP = object()
BBOX = {"topX": 0.1, "topY": 0.1, "bottomX": 0.5, "bottomY": 0.5}

# name -> (second line's objects, or a whole line as text; MLTable invalid_lines; extra MLTable lines)
VARIANTS = {
    "poly-odd-1": [_object(polygon=[[0.1]])],
    "poly-odd-5": [_object(polygon=[[0.1, 0.1, 0.5, 0.1, 0.5]])],
    "poly-odd-9": [_object(polygon=[GOOD + [0.3]])],
    "poly-short-2": [_object(polygon=[[0.1, 0.1]])],
    "poly-short-4": [_object(polygon=[[0.1, 0.1, 0.5, 0.1]])],
    "poly-6": [_object(polygon=[[0.1, 0.1, 0.5, 0.1, 0.5, 0.5]])],
    "poly-negative": [_object(polygon=[[-0.1, 0.1, 0.5, 0.1, 0.5, 0.5]])],
    "poly-pixels": [_object(polygon=[[10, 10, 50, 10, 50, 50]])],
    "poly-one-short-one-good": [_object(polygon=[GOOD, [0.1, 0.2, 0.3, 0.4]])],
    "poly-one-outside-one-good": [_object(polygon=[[0.1, 0.1, 1.5, 0.1, 0.5, 0.5], GOOD])],
    "poly-later-empty": [_object(polygon=[GOOD, []])],
    "poly-later-null": [_object(polygon=[GOOD, None])],
    "poly-first-empty": [_object(polygon=[[], GOOD])],
    "poly-first-null": [_object(polygon=[None, GOOD])],
    "poly-null": [_object(polygon=None)],
    "poly-empty": [_object(polygon=[])],
    "poly-flat-zero": [_object(polygon=[0, 0.1, 0.5, 0.1, 0.5, 0.5])],
    "poly-flat": [_object(polygon=GOOD)],
    "poly-pairs": [_object(polygon=[[[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]])],
    "poly-string": [_object(polygon="0.1 0.1 0.5")],
    "poly-number": [_object(polygon=5)],
    "poly-null-coordinate": [_object(polygon=[[0.1, None, 0.5, 0.1, 0.5, 0.5]])],
    "poly-string-coordinate": [_object(polygon=[["0.1", 0.1, 0.5, 0.1, 0.5, 0.5]])],
    "poly-bool-coordinate": [_object(polygon=[[True, 0.1, 0.5, 0.1, 0.5, 0.5, 0.1, 0.5]])],
    "poly-horizontal": [_object(polygon=[[0.1, 0.3, 0.5, 0.3, 0.9, 0.3]])],
    "poly-vertical": [_object(polygon=[[0.3, 0.1, 0.3, 0.5, 0.3, 0.9]])],
    "poly-mapping": [_object(polygon={"x": [0.1]})],
    "crowd-list": [_object(isCrowd=[1])],
    "crowd-mapping": [_object(isCrowd={"v": 1})],
    "crowd-TRUE": [_object(isCrowd="TRUE")],
    "crowd-2": [_object(isCrowd=2)],
    "crowd-null": [_object(isCrowd=None)],
    "crowd-missing": [_object(isCrowd=_DROP)],
    "class-float": [_object(label=1.5)],
    "class-null": [_object(label=None)],
    "class-list": [_object(label=["a"])],
    "class-mapping": [_object(label={"a": 1})],
    "class-int-next-to-string": [_object(label=3)],
    "class-bg": [_object(label="--bg--")],
    "class-space": [_object(label=" carton")],
    "class-unicode": [_object(label="café")],
    "class-missing": [_object(label=_DROP)],
    "no-polygon-no-bbox": [_object(polygon=_DROP)],
    "bbox-only": [{**_object(polygon=_DROP), **BBOX}],
    "polygon-and-bbox": [{**_object(), **BBOX}],
    "object-string": ["carton"],
    "object-null": [None],
    "two-objects-one-odd": [_object(), _object(polygon=[[0.1, 0.1, 0.5]])],
    "two-objects-one-short": [_object(), _object(polygon=[[0.1, 0.1, 0.5, 0.1]])],
    "labels-string": "carton",
    "labels-mapping": {"label": "carton"},
    "labels-null": None,
    "labels-empty": [],
    "line-not-json": '{"image_url": oops}',
    "line-nan": '{"image_url": "%s", "label": [{"label": "carton", "polygon": [[NaN, 0.1, 0.5, 0.1, 0.5, 0.5]]}]}' % URL.format(2),
    "line-array": "[1, 2]",
    "line-not-json-dropped": ('{"image_url": oops}', "drop", ""),
    "url-relative": '{"image_url": "images/2.jpg", "label": [{"label": "carton", "polygon": [%s]}]}' % json.dumps(GOOD),
    "url-https": '{"image_url": "https://example.invalid/2.jpg", "label": [{"label": "carton", "polygon": [%s]}]}' % json.dumps(GOOD),
    "url-wasbs": '{"image_url": "wasbs://c@acct.blob.core.windows.net/2.jpg", "label": [{"label": "carton", "polygon": [%s]}]}' % json.dumps(GOOD),
    "take-1-skips-a-bad-line": ([_object(polygon=[[0.1]])], "error", "  - take: 1\n"),
    "skip-1": ([_object()], "error", "  - skip: 1\n"),
}


def _write_variant(folder: Path, spec) -> None:
    invalid, extra = "error", ""
    if isinstance(spec, tuple):
        spec, invalid, extra = spec
    first = json.dumps({"image_url": URL.format(1), "label": [_object(label="can")]})
    if isinstance(spec, str) and (spec.startswith("{") or spec.startswith("[")):
        second = spec
    elif isinstance(spec, list):
        second = json.dumps({"image_url": URL.format(2), "label": spec})
    else:
        second = json.dumps({"image_url": URL.format(2), "label": spec})
    folder.mkdir(parents=True)
    (folder / "MLTable").write_text(MLTABLE.format(invalid=invalid, extra=extra))
    (folder / "train_annotations.jsonl").write_text(first + "\n" + second + "\n")


def _folders(root: Path) -> dict[str, tuple[Path, str]]:
    out = {}
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        target = root / "cases" / case.name
        shutil.copytree(case, target, ignore=shutil.ignore_patterns("oracle_result*.json"))
        label = "annotations" if case.name.startswith("x01") else "label"
        out[case.name] = (target, label)
    for name, spec in VARIANTS.items():
        target = root / "variants" / name
        _write_variant(target, spec)
        out[name] = (target, "label")
    return out


def _runtime_class(runtime: dict, given: tuple[int, int]) -> str:
    """fails / drops / accepts, from what the runtime built against what the data holds."""
    if "error" in runtime:
        return "fails"
    objects = runtime["objects"]
    if any(url.endswith("/_invalid_") for url in objects):
        return "fails"  # a row whose image_url is no stream: the download step crashes (data-rules U2)
    images, segments = given
    kept_segments = sum(count for found in objects.values() for _, _, count in found)
    if runtime["num_images"] < images or kept_segments < segments:
        return "drops"  # an image, an object or a segment did not make it
    return "accepts"


def _given(folder: Path) -> tuple[int, int]:
    """(distinct images, polygon segments) in the JSON-object lines the MLTable reads (take/skip applied)."""
    text = (folder / "MLTable").read_text() if (folder / "MLTable").is_file() else ""
    rows: list = []
    for path in sorted(folder.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if isinstance(row, dict):
                rows.append(row)
            elif line.strip():
                rows.append({"image_url": line})  # a line meant as an image (`invalid_lines: drop` leaves it out)
    if "take: 1" in text:
        rows = rows[:1]
    if "skip: 1" in text:
        rows = rows[1:]
    repeats = max(text.count("file: ./train_annotations.jsonl"), 1)  # a file named twice is read twice
    segments = 0
    for row in rows:
        for key in ("label", "annotations"):
            objects = row.get(key)
            if isinstance(objects, list):
                segments += sum(len(o["polygon"]) for o in objects if isinstance(o, dict) and isinstance(o.get("polygon"), list))
    return len({json.dumps(r.get("image_url")) for r in rows}), segments * repeats


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    if not ORACLE_PYTHON.is_file():
        message = f"the runtime oracle needs {ORACLE_PYTHON} (bash scripts/setup creates it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("data-differential")
    folders = _folders(root)
    request = root / "request.json"
    request.write_text(json.dumps([{"folder": str(f), "label_column": label} for f, label in folders.values()]))
    scratch = Path(tempfile.mkdtemp(prefix="oracle-tmp-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE", "AZUREML"))}
        env.update(TMPDIR=str(scratch), TEMP=str(scratch), TMP=str(scratch), HOME=str(scratch), PYTHONNOUSERSITE="1")
        proc = subprocess.run([str(ORACLE_PYTHON), str(ORACLE), str(request)], capture_output=True, text=True,
                              env=env, timeout=600, stdin=subprocess.DEVNULL, cwd=scratch)
        assert proc.returncode == 0, proc.stderr[-4000:]
        results = {Path(r["folder"]).name: r["runtime"] for r in json.loads(proc.stdout)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    assert not scratch.exists()
    return folders, results


def _ours(folder: Path, label: str) -> tuple[str, list[str]]:
    forget_cached()
    report = check_folder(folder, label)
    if not (folder / "MLTable").is_file():
        return "error", ["AML502"]  # what the job's `path:` gets for a folder without an MLTable
    serious = [d for d in report.diagnostics if d.severity <= Severity.WARNING]
    if any(d.severity == Severity.ERROR for d in serious):
        return "error", sorted({d.code for d in serious})
    return ("warning" if serious else "clean"), sorted({d.code for d in serious})


def _agrees(runtime_class: str, ours: str, codes: list[str]) -> bool:
    if runtime_class == "fails":
        return ours == "error"
    if runtime_class == "drops":
        return ours == "warning"
    return ours == "clean" or (ours == "warning" and set(codes) <= MEANING)


def test_our_verdict_agrees_with_the_runtime_on_every_folder(oracle):
    folders, results = oracle
    disagreements = []
    for name, (folder, label) in folders.items():
        runtime = results[folder.name]
        expected = _runtime_class(runtime, _given(folder))
        ours, codes = _ours(folder, label)
        if name in UPLOAD:
            assert (expected, ours) == ("accepts", "error"), UPLOAD[name]
            continue
        if not _agrees(expected, ours, codes):
            disagreements.append((name, expected, ours, codes, runtime.get("error", "")[:200]))
    assert disagreements == []


def test_the_oracle_ran_the_runtime_and_saw_each_outcome(oracle):
    folders, results = oracle
    classes = {_runtime_class(results[f.name], _given(f)) for f, _ in folders.values()}
    assert classes == {"fails", "drops", "accepts"}
    assert results["m00_good"]["num_images"] == 2
    assert results["m00_good"]["classes"] == ["--bg--", "can", "carton", "milk_bottle"]
