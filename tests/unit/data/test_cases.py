"""The shared data cases, whose outcomes the real training runtime gave (data-rules.md §e):
our verdict on each, by code, severity, file and line, and the outcome-class rules the
project's scorer applies to `check --format json` (expected.tsv)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXPECTED, copy_case, job_text, run_check

# (code, severity, file relative to the case folder or "job.yml", 1-based line) for every case.
VERDICTS = {
    "m00_good": [],
    "m01_no_mltable_file": [("AML502", "error", "job.yml", 8)],
    "m02_empty_mltable": [("AML500", "error", "job.yml", 8), ("AML504", "error", "MLTable", 1)],
    "m04_bad_yaml": [("AML500", "error", "job.yml", 8), ("AML503", "error", "MLTable", 3)],
    "m05_unknown_top_key": [("AML516", "information", "MLTable", 11)],
    "m06_no_paths": [("AML500", "error", "job.yml", 8), ("AML505", "error", "MLTable", 1)],
    "m07_file_not_found": [("AML500", "error", "job.yml", 8), ("AML507", "error", "MLTable", 2)],
    "m08_path_wrong_key": [("AML500", "error", "job.yml", 8), ("AML506", "error", "MLTable", 2)],
    "m10_folder_dot_includes_MLTable": [("AML500", "error", "job.yml", 8), ("AML508", "error", "MLTable", 2)],
    "m12_no_read_json_lines": [("AML500", "error", "job.yml", 8), ("AML509", "error", "MLTable", 1)],
    "m13_no_convert_column_types": [("AML500", "error", "job.yml", 8), ("AML513", "error", "MLTable", 3)],
    "m14_bad_line_invalid_lines_error": [("AML500", "error", "job.yml", 8), ("AML520", "error", "train_annotations.jsonl", 3)],
    "m15_bad_line_invalid_lines_drop": [("AML500", "warning", "job.yml", 8), ("AML521", "warning", "train_annotations.jsonl", 3)],
    "m16_invalid_lines_bad_value": [("AML500", "error", "job.yml", 8), ("AML512", "error", "MLTable", 6)],
    "m17_encoding_utf_dash_16": [("AML500", "error", "job.yml", 8), ("AML516", "information", "MLTable", 5),
                                 ("AML520", "error", "train_annotations.jsonl", 1)],
    "m18_encoding_ascii_nonascii_label": [],
    "m19_read_json_lines_bare_string": [],
    "m22_convert_bad_column_type": [("AML500", "error", "job.yml", 8), ("AML512", "error", "MLTable", 10)],
    "m23_type_mltable_key": [],
    "m24_read_json_lines_unknown_option": [("AML500", "error", "job.yml", 8), ("AML511", "error", "MLTable", 8)],
    "m26_empty_jsonl": [("AML500", "error", "job.yml", 8), ("AML523", "error", "train_annotations.jsonl", 1)],
    "m27_parent_dir_path": [("AML500", "error", "job.yml", 8), ("AML514", "error", "MLTable", 2)],
    "m29_paths_not_list": [("AML500", "error", "job.yml", 8), ("AML506", "error", "MLTable", 1)],
    "m32_crlf_mltable": [],
    "m34_utf8_bom_jsonl": [],
    "m35_utf8_bom_jsonl_enc_utf8bom": [("AML500", "error", "job.yml", 8), ("AML512", "error", "MLTable", 5)],
    "m36_json_array_not_lines": [("AML500", "error", "job.yml", 8), ("AML520", "error", "train_annotations.jsonl", 1)],
    "n02_encoding_utf_8_space_bom": [("AML516", "information", "MLTable", 5)],
    "n08_same_file_twice": [("AML500", "warning", "job.yml", 8), ("AML515", "warning", "MLTable", 3)],
    "n11_take_1": [],
    "n12_read_json_lines_twice": [("AML500", "error", "job.yml", 8), ("AML510", "error", "MLTable", 6)],
    "n14_bool_case_include_path": [],
    "n15_partition_size": [],
    "n16_path_column_option": [("AML500", "error", "job.yml", 8), ("AML512", "error", "MLTable", 8)],
    "n17_metadata_and_traits": [],
    "j01_url_relative": [("AML500", "error", "job.yml", 8), ("AML524", "error", "train_annotations.jsonl", 1),
                         ("AML524", "error", "train_annotations.jsonl", 2)],
    "j02_url_https": [],
    "j04_url_missing_in_one_line": [("AML500", "error", "job.yml", 8), ("AML524", "error", "train_annotations.jsonl", 2)],
    "j07_label_key_missing_one_line": [("AML500", "warning", "job.yml", 8), ("AML527", "warning", "train_annotations.jsonl", 2)],
    "j09_label_null": [("AML500", "warning", "job.yml", 8), ("AML527", "warning", "train_annotations.jsonl", 2)],
    "j10_background_image_empty_label": [],
    "j11_all_images_background": [("AML500", "error", "job.yml", 8), ("AML537", "error", "train_annotations.jsonl", 1)],
    "j12_polygon_flat_list": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j14_polygon_2_points": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j15_polygon_3_points": [],
    "j16_polygon_odd_7": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j18_polygon_pixel_coords": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j20_polygon_one_bad_segment_one_good": [("AML500", "warning", "job.yml", 8), ("AML530", "warning", "train_annotations.jsonl", 2)],
    "j21_polygon_strings": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j22_polygon_empty_list": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j23_polygon_empty_segment": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j24_polygon_degenerate_line": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j25_polygon_missing_bbox_instead": [("AML500", "warning", "job.yml", 8), ("AML529", "warning", "train_annotations.jsonl", 2)],
    "j26_polygon_and_bbox": [],
    "j29_one_exception_object_one_good_same_image": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j30_class_int": [("AML500", "error", "job.yml", 8), ("AML534", "error", "train_annotations.jsonl", 1)],
    "j32_class_float": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j33_class_missing": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j34_class_empty_string": [("AML500", "warning", "job.yml", 8), ("AML535", "warning", "train_annotations.jsonl", 2)],
    "j36_class_bool": [("AML500", "error", "job.yml", 8), ("AML533", "error", "train_annotations.jsonl", 2)],
    "j37_iscrowd_variants": [("AML500", "warning", "job.yml", 8), ("AML532", "warning", "train_annotations.jsonl", 6),
                             ("AML532", "warning", "train_annotations.jsonl", 7), ("AML532", "warning", "train_annotations.jsonl", 8),
                             ("AML539", "information", "train_annotations.jsonl", 11)],
    "j39_duplicate_image_url": [("AML540", "information", "train_annotations.jsonl", 2)],
    "j41_image_details_garbage": [("AML538", "information", "train_annotations.jsonl", 1), ("AML538", "information", "train_annotations.jsonl", 1),
                                  ("AML538", "information", "train_annotations.jsonl", 2)],
    "j42_image_details_missing": [],
    "j45_object_not_dict": [("AML500", "warning", "job.yml", 8), ("AML528", "warning", "train_annotations.jsonl", 2)],
    "j47_polygon_exactly_boundary": [],
    "j54_polygon_dict": [("AML500", "error", "job.yml", 8), ("AML531", "error", "train_annotations.jsonl", 2)],
    "j55_key_imageUrl": [("AML500", "error", "job.yml", 8), ("AML513", "error", "MLTable", 8), ("AML522", "error", "train_annotations.jsonl", 1)],
    "x01_label_column_annotations": [],
    "x03_train": [("AML500", "warning", "job.yml", 11), ("AML541", "warning", "../x03_val/train_annotations.jsonl", 1),
                  ("AML542", "information", "train_annotations.jsonl", 1)],
    "x04_single_image": [],
}


def test_every_shared_case_has_a_verdict():
    assert sorted(VERDICTS) == sorted(row["id"] for row in EXPECTED)


def _job(row: dict, tmp_path: Path) -> Path:
    copy_case(row["id"], tmp_path)
    validation = None
    if row["validation_data"] != "-":
        copy_case(row["validation_data"], tmp_path)
        validation = f"./{row['validation_data']}"
    job = tmp_path / "job.yml"
    job.write_text(job_text(f"./{row['id']}", row["target_column_name"], validation))
    return job


def _where(tmp_path: Path, case: str, file: str | None) -> str:
    if file is None:
        return "job.yml"
    return os.path.relpath(file, tmp_path / case).replace(os.sep, "/")


@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: r["id"])
def test_case_verdict(row: dict, tmp_path: Path):
    _, found = run_check(_job(row, tmp_path))
    got = sorted((d.code, d.severity.label, _where(tmp_path, row["id"], d.file), d.range.start.line + 1) for d in found)
    assert got == sorted(VERDICTS[row["id"]])


def _outcome_ok(row: dict, items: list[dict], job: Path, folder: Path) -> bool:
    """The scorer's rule for one case (shared/reference/data-cases/README.md, expected.tsv)."""
    on_data = [i for i in items if i["path"] != str(job)]
    errors = [i for i in items if i["severity"] == "error"]
    kind = row["class"]
    if kind.startswith("REJECT"):
        training_lines = range(5, 9)  # the 0-based lines of training_data in job_text
        wanted = [i for i in errors if i["path"] != str(job) or i["range"]["start"]["line"] in training_lines]
    elif kind == "SKIP":
        wanted = [i for i in on_data if i["severity"] in ("error", "warning")]
    elif kind == "ACCEPTED-BUT-WRONG":
        wanted = on_data
    else:
        return not [i for i in items if i["severity"] in ("error", "warning")]
    if not wanted:
        return False
    if row["line"] == "-" or row["file"] == "-":
        return True
    culprit = os.path.normpath(folder / row["file"])
    lines = {i["range"]["start"]["line"] + 1 for i in wanted if os.path.normpath(i["path"]) == culprit}
    if "|" in row["line"]:
        return bool(lines & {int(n) for n in row["line"].split("|")})
    return {int(n) for n in row["line"].split(",")} <= lines


def test_check_json_meets_every_case_outcome(tmp_path: Path):
    """`automl-job-ls check --format json` on every case (one run, one job per case folder),
    judged the way the scorer judges it."""
    jobs = {}
    for row in EXPECTED:
        (tmp_path / row["id"]).mkdir()
        jobs[row["id"]] = _job(row, tmp_path / row["id"])
    proc = subprocess.run([sys.executable, "-m", "automl_job_ls.cli", "check", "--format", "json", *map(str, jobs.values())],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    items = json.loads(proc.stdout)
    failures = []
    for row in EXPECTED:
        job = jobs[row["id"]]
        mine = [i for i in items if Path(i["path"]).is_relative_to(job.parent)]
        if not _outcome_ok(row, mine, job, job.parent / row["id"]):
            failures.append((row["id"], row["class"], [(i["code"], i["severity"], i["path"], i["range"]["start"]["line"] + 1) for i in mine]))
    assert failures == []
    assert "71 job file(s) checked" in proc.stderr
