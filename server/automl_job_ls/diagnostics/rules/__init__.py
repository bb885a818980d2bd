"""Named rules: checks JSON Schema cannot express. Each module owns its codes.

RULES run once per AutoML job in the file: `check(job, doc, store)`.
DOCUMENT_RULES run once per file: `check(doc, store)`.
"""

from . import bindings, duplicates, model_name, outputs, pipeline, search_space

RULES = (search_space.check, model_name.check, outputs.check)
DOCUMENT_RULES = (duplicates.check, pipeline.check, bindings.check)


def _fixes() -> dict:
    from .. import validator

    table = dict(validator.FIXES)
    for module in (bindings, duplicates, model_name, outputs, pipeline, search_space):
        table.update(module.FIXES)
    return table


FIXES = _fixes()  # code -> the function that builds its quick fixes
