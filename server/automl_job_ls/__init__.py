"""automl-job-ls: language server and checker for Azure ML AutoML image instance segmentation jobs."""

__version__ = "0.1.0"
