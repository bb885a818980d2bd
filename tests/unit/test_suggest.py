"""Did-you-mean (difflib): the suggestions users see for the typos of the defect fixtures and
the differential corpus. bench/did_you_mean.py compares the same calls with rapidfuzz."""

from __future__ import annotations

import pytest

from automl_job_ls.suggest import did_you_mean, phrase

KEYS = ["learning_rate", "learning_rate_scheduler", "evaluation_frequency", "early_stopping", "number_of_epochs"]
POLICIES = ["bandit", "median_stopping", "truncation_selection"]
MODELS = [f"maskrcnn_resnet{n}_fpn" for n in (18, 34, 50, 101, 152)]


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("lerning_rate", KEYS, "learning_rate"),  # a dropped letter
        ("evaluation_frequncy", KEYS, "evaluation_frequency"),
        ("eraly_stopping", KEYS, "early_stopping"),  # swapped letters
        ("number_of_epochss", KEYS, "number_of_epochs"),  # a doubled letter
        ("Learning_Rate", KEYS, "learning_rate"),  # another letter case
        ("median", POLICIES, "median_stopping"),  # a clipped name: the prefix rule
        ("maskrcnn_resnet50", MODELS, "maskrcnn_resnet50_fpn"),
        ("maskrcnn_resnet99_fpn", MODELS, "maskrcnn_resnet50_fpn"),  # the one answer rapidfuzz gives otherwise
        ("Bandit", POLICIES, "bandit"),
        ("learning", KEYS, "learning_rate"),  # close enough to the shorter name
    ],
)
def test_suggestion_for_a_typo(word, choices, expected):
    assert did_you_mean(word, choices) == expected


@pytest.mark.parametrize(
    ("word", "choices"),
    [
        ("batch", KEYS),  # nothing close
        ("med", POLICIES),  # a prefix too short to be sure
        ("stopping", ["early_stopping_delay", "early_stopping_patience"]),  # far from both
        ("", KEYS),
        ("bandit", ["bandit"]),  # the word itself is no suggestion
        ("anything", []),
    ],
)
def test_no_suggestion(word, choices):
    assert did_you_mean(word, choices) is None


def test_first_spelling_wins_between_names_that_differ_only_in_case():
    assert did_you_mean("sgdd", ["SGD", "sgd"]) == "SGD"


def test_phrase():
    assert phrase("learning_rate") == " Did you mean `learning_rate`?"
    assert phrase(None) == ""
