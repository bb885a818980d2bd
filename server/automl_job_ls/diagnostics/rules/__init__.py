"""Named rules: checks JSON Schema cannot express. Each module owns its codes and exposes
`check(job, doc, store)`; RULES lists them in the order they run."""

from . import duplicates, model_name, outputs, pipeline, search_space

RULES = (search_space.check, model_name.check, outputs.check, pipeline.check)
DOCUMENT_RULES = (duplicates.check,)
