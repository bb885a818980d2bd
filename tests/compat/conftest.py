import importlib.util
import sys
from pathlib import Path

# Let the differential tests import the product from the source tree when it is not pip-installed.
_SERVER = Path(__file__).resolve().parents[2] / "server"
if importlib.util.find_spec("automl_job_ls") is None and _SERVER.is_dir():
    sys.path.insert(0, str(_SERVER))
