"""Differential test: the product's engine must agree with azure-ai-ml 1.35.2 on accept/reject.

Corpus: the current and historical instance segmentation examples plus every mutation of
tests/compat/mutations.py. For each file:
  SDK rejects -> the engine reports at least one ERROR diagnostic;
  SDK accepts -> the engine reports no ERROR diagnostic (warnings are fine: that is their purpose).
Run with: pytest -m compat tests/compat
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.compat.mutations import SEEDS, Mutation, corpus, write_corpus
from tests.compat.sdk_oracle import EXAMPLES, Verdict, verdicts

pytestmark = pytest.mark.compat

# generate() is deterministic and cheap, so the cases are known at collection time (one test id each);
# the files and the (slow) SDK verdicts are produced once per session by the fixtures below.
CASES: list[Mutation] = corpus()

# Known, deliberate differences. strict=True: if one starts to agree, the test says so and the
# entry must go. There are none: every file the SDK rejects, the engine rejects.
KNOWN_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="session")
def corpus_paths(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("compat-corpus")
    return {m.name: p for m, p in zip(CASES, write_corpus(directory, CASES))}


@pytest.fixture(scope="session")
def sdk_verdicts(corpus_paths) -> dict[str, Verdict]:
    by_path = verdicts(list(corpus_paths.values()))
    return {name: by_path[path] for name, path in corpus_paths.items()}


@pytest.fixture(scope="session")
def engine():
    try:
        from automl_job_ls.diagnostics.codes import Severity
        from automl_job_ls.diagnostics.engine import analyze
    except ImportError as e:  # fail loudly: a skipped differential test would look like a passing one
        pytest.fail(f"the product engine is not importable: {e}")
    return analyze, Severity


def _describe(case: Mutation, path: Path, verdict: Verdict, result, severity_enum) -> str:
    diags = "\n".join(
        f"    {severity_enum(d.severity).name} {d.code} {d.range.start.line + 1}:{d.range.start.character + 1} {d.message}"
        for d in result.diagnostics
    ) or "    (none)"
    sdk = "accepts" if verdict.accepted else f"rejects at {verdict.stage}: {verdict.error}"
    return (
        f"\nfile: {path.name}  (kind: {case.kind}, base: {case.base})"
        f"\nSDK {sdk}"
        f"\nengine (kind {getattr(result.kind, 'name', result.kind)}) diagnostics:\n{diags}"
    )


def _param(case: Mutation):
    reason = KNOWN_DIFFERENCES.get(case.name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


def test_known_differences_name_real_cases():
    assert set(KNOWN_DIFFERENCES) <= {case.name for case in CASES}


def test_broken_jobs_are_in_the_corpus():
    """The cases a syntax error or a stray type used to hide from the engine stay judged."""
    names = {case.name for case in CASES}
    for name in ("standalone-syntax-merge-conflict", "pipeline-syntax-merge-conflict", "standalone-syntax-unterminated-quote",
                 "standalone-syntax-many-errors", "standalone-job_type-auto_ml", "standalone-document-empty",
                 "standalone-document-list-root", "standalone-document-scalar-root"):
        assert name in names


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_engine_agrees_with_sdk(case: Mutation, corpus_paths, sdk_verdicts, engine):
    analyze, Severity = engine
    path, verdict = corpus_paths[case.name], sdk_verdicts[case.name]
    result = analyze(case.text, str(path), named=True)  # as `check FILE` and `az ml job create --file FILE` judge it
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    if verdict.accepted and errors:
        # pytrace=False: the message says it all; the traceback would only dump the whole corpus dicts.
        pytest.fail("SDK accepts but the engine reports errors" + _describe(case, path, verdict, result, Severity), pytrace=False)
    if not verdict.accepted and not errors:
        pytest.fail("SDK rejects but the engine reports no error" + _describe(case, path, verdict, result, Severity), pytrace=False)


def test_oracle_accepts_and_rejects(tmp_path):
    """The oracle itself must be able to say both yes and no, or the differential test proves nothing."""
    current = SEEDS["standalone"]
    old_2022 = next((EXAMPLES / "_history/65545e4f0").rglob("*instance-segmentation*.yml"))
    mapping = tmp_path / "search-space-mapping.yml"
    mapping.write_text(current.read_text().replace("  - model_name:", "    model_name:"))
    assert isinstance(yaml.safe_load(mapping.read_text())["search_space"], dict)

    v = verdicts([current, old_2022, mapping])

    assert v[current] == Verdict(True, "", "")
    assert not v[old_2022].accepted and v[old_2022].stage == "load", v[old_2022]
    assert not v[mapping].accepted and "Not a valid list" in v[mapping].error, v[mapping]
