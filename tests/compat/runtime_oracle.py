"""The real training runtime as an offline oracle (data-rules.md §e.2), run in `.venv-oracle`.

    .venv-oracle/bin/python tests/compat/runtime_oracle.py CASES.json

CASES.json is a list of {"folder": ..., "label_column": ...}; prints one JSON list of results:
{"folder", "runtime": {"num_images", "classes", "objects": {image: [[class, iscrowd, segments]]}} | {"error"}}. The vision runtime's
heavy imports (torch, cv2, ...) are answered by MagicMock modules, so only its pure-Python data
path runs: get_dataset_from_mltable -> _validate_image_column -> AmlDatasetObjectDetection.
rslex's telemetry is switched off (HBI_MODE) before its first use, so nothing reaches the network;
the caller gives this process a scratch TMPDIR, where dataprep writes its logs and spill files.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import logging
import sys
import types
from unittest import mock

STUBBED = {
    "torch", "torchvision", "cv2", "sklearn", "PIL", "pycocotools", "skimage", "simplification", "mlflow", "pynvml",
    "psutil", "timm", "pretrainedmodels", "captum", "saliency", "colorcet", "matplotlib", "ignite", "resnest",
    "onnxruntime", "onnx",
}


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        module = mock.MagicMock(name=spec.name)
        module.__path__ = []  # a package: submodules resolve to more stubs
        module.__spec__ = spec
        module.__file__ = f"<stub {spec.name}>"
        module.__version__ = "0.0"
        module.__name__ = spec.name
        return module

    def exec_module(self, module):
        return None


class _StubFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in STUBBED:
            return importlib.machinery.ModuleSpec(fullname, _StubLoader(), is_package=True)
        return None


sys.meta_path.insert(0, _StubFinder())

import azureml.dataprep.api._rslex_executor as rx  # noqa: E402

rx.HBI_MODE = True  # before the first rslex use: no telemetry lookups
logging.disable(logging.CRITICAL)

from azureml.automl.dnn.vision.common import utils  # noqa: E402
from azureml.automl.core.shared.constants import MLTableDataLabel  # noqa: E402
from azureml.automl.dnn.vision.common.dataset_helper import AmlDatasetHelper  # noqa: E402
from azureml.automl.dnn.vision.object_detection.data.datasets import AmlDatasetObjectDetection  # noqa: E402


class _Workspace:
    subscription_id = "sub"
    resource_group = "rg"
    name = "ws"


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) < 600 else text[:600]


def runtime_load(folder: str, label_column: str) -> dict:
    try:
        data = json.dumps({"TrainData": {"ResolvedUri": folder}})
        dataset = utils.get_dataset_from_mltable(data, _Workspace(), MLTableDataLabel.TrainData)
        AmlDatasetHelper._validate_image_column(dataset, "image_url")
        result = AmlDatasetObjectDetection(
            dataset=dataset, is_train=True, ignore_data_errors=True, use_bg_label=True, masks_required=True,
            label_column_name=None if label_column == "label" else label_column, settings={"stream_image_files": True},
        )
        objects = {}
        for element in result._image_elements:
            # Invalid objects never reach the annotations; removed segments are gone from the polygon.
            objects[element.image_url] = [
                [str(a.label), int(a.iscrowd), len(a._normalized_mask_poly or [])] for a in result._annotations[element]
            ]
        return {"num_images": len(result._image_elements), "classes": [str(c) for c in result.classes], "objects": objects}
    except BaseException as exc:  # rslex panics are BaseExceptions
        return {"error": _short(exc)}


def main() -> None:
    cases = json.loads(open(sys.argv[1]).read())
    out = []
    for case in cases:
        out.append({"folder": case["folder"], "runtime": runtime_load(case["folder"], case.get("label_column", "label"))})
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()
