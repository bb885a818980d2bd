"""The rules of one JSONL line (one image), as the training runtime applies them.

`check_row` returns what the runtime does with the row (is the image kept, which classes its
valid objects add) and a `Finding` for each problem, placed by a JSON path inside the line.
Clean rows, by far the most common, take the fast path: type tests and C-level min/max, no
allocation. Lines that differ from the documented format in any way are also walked by the
annotation JSON Schema (`schema_findings`), which reports what the runtime rules do not.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Union

from ..schema_extension import fill
from .schemas import annotation_validator, schema_difference

JsonPath = tuple[Union[str, int], ...]


class Finding(NamedTuple):
    code: str
    message: str
    path: JsonPath  # where in the line; () for the whole line
    on_key: bool = False  # point at the key rather than its value


class Row(NamedTuple):
    has_url: bool  # the row has an `image_url` key
    has_labels: bool  # the row has the label column
    kept: bool  # the image survives the runtime's skips
    classes: tuple  # class values of the image's valid objects
    dropped_objects: int
    findings: list
    conforms: bool  # exactly the documented format: no schema walk needed


MISSING = object()
BBOX_KEYS = ("topX", "topY", "bottomX", "bottomY")
# isCrowd: the runtime reads 1 only for these; every other value silently becomes 0.
CROWD_ONE = frozenset({"true", "True", "1", 1, True, 1.0})
CROWD_ZERO = frozenset({"false", "False", "0", 0, False, None})
_CROWD_DOCUMENTED = frozenset({0, 1, True, False, "0", "1", "true", "false", "True", "False"})
_FORMATS = frozenset({"jpg", "jpeg", "png", "jpe", "jfif", "bmp", "tif", "tiff"})

# image_url values rslex converts to a stream (observed), and the forms it does not.
_STREAM_PREFIXES = ("azureml://subscriptions/", "AmlDatastore://", "https://", "http://", "wasbs://", "wasb://",
                    "abfss://", "abfs://", "adl://", "file:///")
_NOT_STREAMS = (
    ("azureml://datastores/", "the short `azureml://datastores/...` form is not converted; write the long form "
     "`azureml://subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/datastores/<datastore>/paths/<path>`"),
    ("azureml://locations/", "`azureml://locations/...` data URIs are not converted; point at the file in a datastore"),
)
_NUMBER = (int, float)
_RUNTIME_NUMBER = (int, float, bool)  # the runtime does arithmetic on them: true is 1


def _url_problem(url: Any) -> tuple[str, str] | None:
    """(code, why) when `image_url` cannot be a stream; None when it can."""
    if url.__class__ is str and url.startswith(_STREAM_PREFIXES):
        if url.startswith("azureml://") and ("/datastores/" not in url or "/paths/" not in url):
            return "AML524", "an `azureml://subscriptions/...` URI needs `/datastores/<datastore>/paths/<path>`"
        return None
    if url is None:
        return "AML524", "`image_url` is null"
    if url.__class__ is not str:
        return "AML524", f"`image_url` is {_kind(url)}, not a URI"
    if not url.strip():
        return "AML524", "`image_url` is empty"
    for prefix, why in _NOT_STREAMS:
        if url.startswith(prefix):
            return "AML524", why
    head, sep, _ = url.partition("://")
    if sep and head.replace("+", "").replace("-", "").replace(".", "").isalnum() and head[:1].isalpha():
        return "AML525", f"`{head}://` is not a scheme the runtime is known to stream (it reads azureml://, https://, wasbs:// and abfss://)"
    if len(url) > 2 and url[1] == ":" and url[2] in "\\/" or url.startswith("/"):
        return "AML524", f"`{_short(url)}` is a local path: the runtime never resolves it on the compute. Upload the images to a datastore and write its URI"
    return "AML524", (f"`{_short(url)}` is a relative path: the runtime never resolves it against the MLTable folder. "
                      "Write the image's absolute URI, e.g. `azureml://subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/datastores/<datastore>/paths/<path>`")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def check_row(row: dict, label_key: str, bools: bool = True) -> Row:
    """`bools`: the line's text holds `true` or `false` (else coordinates need no bool check)."""
    findings: list[Finding] = []
    conforms = True
    url = row.get("image_url", MISSING)
    has_url = url is not MISSING
    if url.__class__ is not str or not url.startswith(_STREAM_PREFIXES) or url.startswith("azureml://"):
        if has_url:
            problem = _url_problem(url)
            if problem is not None:
                findings.append(Finding(problem[0], f"{problem[1]}.", ("image_url",)))
        if url.__class__ is not str or not url:
            conforms = False
    details = row.get("image_details", MISSING)
    if details is not MISSING and not _details_documented(details):
        conforms = False
    labels = row.get(label_key, MISSING)
    if labels is MISSING:
        return Row(has_url, False, False, (), 0, findings, False)
    if labels.__class__ is not list:
        findings.append(Finding(
            "AML527",
            f"`{label_key}` is {_kind(labels)}, not a list of objects: the runtime drops this image "
            "(`Error in annotations. Skipping image`). Write `[]` for an image without objects.",
            (label_key,),
        ))
        return Row(has_url, True, False, (), 0, findings, False)
    classes = []
    failed = False  # an object makes the runtime drop the whole image
    dropped = 0
    notes: list[Finding] = []  # object-level findings, reported only when the image is kept
    for index, obj in enumerate(labels):
        status = _object(obj, label_key, index, findings, notes, bools)
        if status is _EXC:
            failed = True
            conforms = False
        elif status is _INVALID:
            dropped += 1
            conforms = False
        else:
            if status is not _OK_CANON:
                conforms = False
                status = status[0]
            else:
                status = obj["label"]
            classes.append(status)
    if failed:
        return Row(has_url, True, False, (), len(labels), findings, False)
    if labels and not classes:
        # Every object invalid: the runtime also drops the image (`No valid annotations`).
        for finding in notes:
            if finding.code == "AML529":
                findings.append(finding._replace(message=finding.message.replace(
                    "drops this object", "drops this object, and with it the image (no valid object is left)")))
            else:
                findings.append(finding)
        return Row(has_url, True, False, (), dropped, findings, False)
    findings.extend(notes)
    return Row(has_url, True, True, tuple(classes), dropped, findings, conforms)


def _details_documented(details: Any) -> bool:
    if details.__class__ is not dict:
        return False
    fmt = details.get("format", "jpg")
    if fmt.__class__ is not str or fmt not in _FORMATS:
        return False
    width, height = details.get("width", 1), details.get("height", 1)
    return (width.__class__ is int and width >= 1 or _pixels(width)) and (height.__class__ is int and height >= 1 or _pixels(height))


def _pixels(value: Any) -> bool:
    if value.__class__ is str:
        digits = value[:-2] if value.endswith("px") else value
        return digits.isdigit() and digits.isascii()
    if value.__class__ is int:
        return value >= 1
    return value.__class__ is float and value.is_integer() and value >= 1


# Object outcomes: the runtime keeps it (its class, or _OK_CANON for the documented form),
# drops it (_INVALID), drops the whole image (_EXC).
_EXC, _INVALID, _OK_CANON = object(), object(), object()


def _object(obj: Any, label_key: str, index: int, findings: list, notes: list, bools: bool):
    where = (label_key, index)
    if obj.__class__ is not dict:
        findings.append(Finding(
            "AML528",
            f"This object is {_kind(obj)}, not a mapping: the runtime drops the whole image "
            "(`the label column ... should be a dictionary`).",
            where,
        ))
        return _EXC
    canon = True
    crowd = obj.get("isCrowd", MISSING)
    if crowd is not MISSING:
        try:
            if crowd not in CROWD_ONE and crowd not in CROWD_ZERO:
                notes.append(Finding(
                    "AML532",
                    f"`isCrowd` is {_crowd_text(crowd)}: the runtime reads it as 0 (not a crowd). It reads 1 only for "
                    "`1`, `true`, `\"1\"`, `\"true\"` and `\"True\"`.",
                    where + ("isCrowd",),
                ))
                canon = False
            elif crowd not in _CROWD_DOCUMENTED or crowd.__class__ is float:
                canon = False
        except TypeError:  # a list or a mapping: unhashable, and outside the runtime's try
            findings.append(Finding(
                "AML531",
                f"`isCrowd` is {_kind(crowd)}: the run crashes (`TypeError: unhashable type`). Write 0 or 1.",
                where + ("isCrowd",),
            ))
            return _EXC
    label = obj.get("label", MISSING)
    polygon = obj.get("polygon", MISSING)
    if label is MISSING or (polygon is MISSING and not all(k in obj for k in BBOX_KEYS)):
        missing = "`label`" if label is MISSING else "`polygon`"
        findings.append(Finding(
            "AML528",
            f"This object has no {missing}: the runtime drops the whole image (`Incomplete Record`), its other objects too.",
            where,
        ))
        return _EXC
    if label.__class__ is not str:
        if label.__class__ not in (int, bool):
            findings.append(Finding(
                "AML528",
                f"The class is {_kind(label)}: the runtime drops the whole image (`Expected a string or an integer for "
                "the class field`). Write the class name as a string.",
                where + ("label",),
            ))
            return _EXC
        canon = False
    if polygon is MISSING:
        notes.append(Finding(
            "AML529",
            "This object has a bounding box but no `polygon`: instance segmentation needs masks, so the runtime drops this object.",
            where,
            True,
        ))
        return _INVALID
    status = _polygon(polygon, where + ("polygon",), findings, notes, bools)
    if status is _EXC or status is _INVALID:
        return status
    return _OK_CANON if canon and status is True else (label,)


def _crowd_text(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def _polygon(polygon: Any, where: JsonPath, findings: list, notes: list, bools: bool):
    """True when the object keeps a usable polygon (segments may have been removed)."""
    cls = polygon.__class__
    if cls is dict:
        findings.append(Finding(
            "AML531",
            "`polygon` is a mapping: the run crashes (`KeyError: 0`). Write a list of segments: `[[x1, y1, x2, y2, x3, y3, ...]]`.",
            where,
        ))
        return _EXC
    if not polygon:
        notes.append(Finding("AML529", f"`polygon` is {_empty(polygon)}: the runtime drops this object.", where))
        return _INVALID
    if cls is not list:
        findings.append(Finding(
            "AML528",
            f"`polygon` is {_kind(polygon)}, not a list of segments: the runtime drops the whole image "
            "(`Expected a list of list for polygon coordinates`).",
            where,
        ))
        return _EXC
    first = polygon[0]
    if first.__class__ is list:
        if not first:
            notes.append(Finding(
                "AML529",
                "The first segment of `polygon` is empty: the runtime drops this object, even if later segments are good.",
                where + (0,),
            ))
            return _INVALID
    elif not first:  # 0, null: read as an empty first segment
        what = "a flat list of numbers starting with 0" if first.__class__ in _NUMBER else f"a list whose first segment is {_kind(first)}"
        notes.append(Finding(
            "AML529",
            f"`polygon` is {what}, not a list of segments: the runtime drops this object. Write `[[x1, y1, ...]]`.",
            where,
        ))
        return _INVALID
    else:
        message = ("`polygon` is a flat list of numbers, not a list of segments" if first.__class__ in _NUMBER
                   else f"`polygon` holds {_kind(first)} where a segment (a list of numbers) belongs")
        findings.append(Finding(
            "AML528",
            f"{message}: the runtime drops the whole image (`Expected a list of list for polygon coordinates`). "
            "Write `[[x1, y1, x2, y2, ...]]`.",
            where,
        ))
        return _EXC
    canon = True
    kept = 0
    xs_min = ys_min = 2.0
    xs_max = ys_max = -1.0
    removed = []
    for index, segment in enumerate(polygon):
        if segment.__class__ is not list or not segment:
            what = "empty" if segment == [] or segment is None else _kind(segment)
            findings.append(Finding(
                "AML528",
                f"Segment {index + 1} of `polygon` is {what}: the runtime drops the whole image "
                "(`Expected a list of list for polygon coordinates`).",
                where + (index,),
            ))
            return _EXC
        xs, ys = segment[0::2], segment[1::2]
        try:
            # min/max raise TypeError for strings, null or lists next to numbers (JSON has no other
            # comparable types), so numbers at both ends mean numbers throughout.
            x_low, x_high, y_low, y_high = min(xs), max(xs), min(ys), max(ys)
            if (x_low.__class__ not in _RUNTIME_NUMBER or x_high.__class__ not in _RUNTIME_NUMBER
                    or y_low.__class__ not in _RUNTIME_NUMBER or y_high.__class__ not in _RUNTIME_NUMBER):
                raise TypeError
        except (TypeError, ValueError):  # ValueError: a segment of one value has no ys
            bad = next((i for i, v in enumerate(segment) if v.__class__ not in _RUNTIME_NUMBER), None)
            if bad is not None:
                findings.append(Finding(
                    "AML528",
                    f"Coordinate {bad + 1} of segment {index + 1} is {_kind(segment[bad])}, not a number: the runtime drops "
                    "the whole image (`Expected a list of list for polygon coordinates`).",
                    where + (index, bad),
                ))
                return _EXC
        count = len(segment)
        if count % 2:
            findings.append(Finding(
                "AML528",
                f"Segment {index + 1} of `polygon` has {count} numbers, an odd count: the runtime drops the whole image "
                "(`Invalid Polygon: should be equal numbers of Xs and Ys`).",
                where + (index,),
            ))
            return _EXC
        if bools and any(v.__class__ is bool for v in segment):
            canon = False  # the runtime reads true/false as 1/0; the docs want numbers
        if count < 6:
            removed.append((where + (index,), f"Segment {index + 1} of `polygon` has {count // 2} point(s); at least 3 (6 numbers) are needed"))
            continue
        if x_low < 0 or y_low < 0 or x_high > 1 or y_high > 1:
            bad = next(i for i, v in enumerate(segment) if v < 0 or v > 1)
            removed.append((where + (index, bad), f"Coordinate {segment[bad]} of segment {index + 1} is outside [0, 1] "
                            "(coordinates are fractions of the image's width and height)"))
            continue
        kept += 1
        if x_low < xs_min:
            xs_min = x_low
        if x_high > xs_max:
            xs_max = x_high
        if y_low < ys_min:
            ys_min = y_low
        if y_high > ys_max:
            ys_max = y_high
    if not kept:
        reasons = "; ".join(why for _, why in removed)
        notes.append(Finding("AML529", f"{reasons}: the runtime removes every segment, so it drops this object.", removed[0][0]))
        return _INVALID
    if not (xs_min < xs_max and ys_min < ys_max):
        notes.append(Finding(
            "AML529",
            "The polygon has no area (its points lie on one line): the runtime drops this object.",
            where,
        ))
        return _INVALID
    for here, why in removed:
        notes.append(Finding("AML530", f"{why}: the runtime silently removes this segment; the object keeps the others.", here))
    return True if canon and not removed else (None,)  # (None,): kept, not in the documented form


def _empty(value: Any) -> str:
    return {type(None): "null", list: "an empty list", str: "an empty string"}.get(type(value), f"`{value}`")


# -- the documented format (JSON Schema) ------------------------------------------------------------
def schema_findings(row: dict, label_key: str, taken: list[Finding]) -> list[Finding]:
    """Where the row differs from the documented format and no runtime rule said so already."""
    out = []
    for error in annotation_validator(label_key).iter_errors(row):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            if not path:
                continue  # a missing image_url or label column: the dataset rules say what it does
            path = path + (missing,)
        if any(_overlaps(path, f.path) for f in taken):
            continue
        if len(path) == 3 and path[0] == label_key and path[2] == "label" and error.validator == "type":
            continue  # a class that is not a string: the dataset rules say what the runtime does (AML533, AML534)
        report = schema_difference(path)
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the line"
        message = fill(report.message, where=where, what=_schema_words(error))
        out.append(Finding(report.code, message, path, error.validator == "required"))
    return out


def _schema_words(error) -> str:
    """A jsonschema error in JSON terms (`null`, not Python's `None`)."""
    value, expected = _json(error.instance), error.validator_value
    kind = error.validator
    if kind == "enum":
        return f"is {value}; the docs allow {', '.join(_json(v) for v in expected)}"
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else expected
        return f"is {_kind(error.instance)}; the docs want {' or '.join(_TYPE_WORDS.get(t, t) for t in wanted)}"
    if kind == "required":
        return "is missing"
    if kind in ("minimum", "maximum"):
        return f"is {value}; the docs want at {'least' if kind == 'minimum' else 'most'} {expected}"
    if kind == "minItems":
        return f"has {len(error.instance)} item(s); the docs want at least {expected}"
    if kind == "minLength":
        return "is empty"
    if kind in ("oneOf", "anyOf"):
        return f"is {value}; the docs want {error.schema.get('description', 'another value').rstrip('.').lower()}"
    return error.message


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string", "number": "a number", "integer": "an integer",
               "boolean": "a boolean", "null": "null"}


def _json(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _overlaps(a: JsonPath, b: JsonPath) -> bool:
    """One path inside the other, or both in the same polygon segment (label, i, polygon, j)."""
    n = min(len(a), len(b), 4)
    return n > 0 and a[:n] == b[:n]
