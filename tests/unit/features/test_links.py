"""Document links to local files."""

from __future__ import annotations

from automl_job_ls.document import parse
from automl_job_ls.features import links
from automl_job_ls.nodes import Range



def test_links_skip_remote_and_missing_paths(tmp_path):
    (tmp_path / "data").mkdir()
    text = "type: automl\ntask: image_instance_segmentation\ntraining_data:\n  path: data\nvalidation_data:\n  path: azureml:val:1\ntest_data:\n  path: nope\n"
    found = links.links(parse(text), tmp_path)
    assert [(link.range, link.target) for link in found] == [(Range.of(3, 8, 3, 12), tmp_path / "data")]
