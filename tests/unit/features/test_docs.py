"""The documentation texts that hover and completion show: a key's full text, a description's first sentence."""

from __future__ import annotations

import pytest

from automl_job_ls.features.docs import key_doc, one_line
from automl_job_ls.schema import store


def test_up_to_twelve_values_are_listed():
    def listed(count: int) -> str:
        return key_doc(store(), "k", {"type": "string", "enum": [f"v{i}" for i in range(count)]}, True)
    assert listed(12) == "**k** (string)\n\nAllowed values: " + ", ".join(f"`v{i}`" for i in range(12))
    assert listed(13) == "**k** (string)"


def test_a_key_of_no_stated_type():
    assert key_doc(store(), "k", {}, True) == "**k** (any)"


@pytest.mark.parametrize(("description", "shown"), [
    ("Alpha  beta.\n  Gamma.", "Alpha beta"),  # whitespace folded, cut at the first sentence
    ("One. Two. Three.", "One"),
    ("First part; second part. Third.", "First part; second part"),  # a sentence end before a semicolon
    ("First part; second part", "First part"),
    ("A. b", "A"),
    (". Starts with a stop", ". Starts with a stop"),  # nothing before the stop: not a sentence
    ("a" * 119 + ". rest", "a" * 119),  # a first sentence of 119 characters fits
    ("a" * 120 + ". rest", "a" * 117 + "..."),  # one of 120 does not: cut to the width
    ("a" * 120, "a" * 120),  # a description of 120 characters fits whole
    ("a" * 121, "a" * 117 + "..."),
    ("ab " * 50, "ab " * 38 + "ab..."),  # cut at the last space within 117 characters
])
def test_a_description_in_one_line(description, shown):
    assert one_line(description) == shown
