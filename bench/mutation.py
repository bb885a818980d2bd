"""Mutation check: do the tests notice when the feature modules or the rules change?

mutmut (3.x) makes small changes ("mutants") to every function of the targets below, one at a
time, and runs the tests that reach the changed function. A mutant the tests do not notice
("survived") is either a behaviour no test pins down, or a change nobody can observe
(an equivalent mutant). This prints, per module: mutants generated / killed / survived /
timeout / skipped (no test reaches the function) / unchecked (not reached before the deadline,
or a verdict mutmut calls suspicious).

mutmut is not a test dependency (no test runs it); install it into the venv first:

    .venv/bin/python -m pip install 'mutmut==3.8.1'
    .venv/bin/python bench/mutation.py --minutes 40 rules   # or: features, navigation, completion, hover; all by default
    .venv/bin/python bench/mutation.py --report                # the figures of the last runs
    .venv/bin/python bench/mutation.py --survivors rules       # each survivor as a diff

Each campaign works in its own copy under `.cache/mutation/<campaign>/` (mutmut wants the code
in `src/`, and writes its mutants next to it), with one worker process; it resumes where a run
stopped, and re-checks only the functions whose code changed: after adding tests, run with
`--fresh` (it starts over), or the survivors of unchanged functions are not checked again.
A campaign tests its modules with a selection that covers them in seconds, not the whole suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "automl_job_ls"
CACHE = REPO / ".cache" / "mutation"

# campaign -> (modules to mutate, relative to the package; the tests that cover them)
CAMPAIGNS = {
    "features": (
        ["features/*.py"],
        ["tests/unit/features", "tests/unit/test_rules.py", "tests/client"],
    ),
    # The feature modules but completion and hover, whose campaigns are long: a quick re-check.
    "navigation": (
        ["features/symbols.py", "features/folding.py", "features/links.py", "features/definition.py", "features/rename.py",
         "features/binding_completion.py", "features/code_actions.py", "features/snippets.py"],
        ["tests/unit/features", "tests/client/test_accepting.py"],
    ),
    # Completion alone, with the tests that run in seconds (not the every-spot client sweep).
    "completion": (
        ["features/completion.py"],
        ["tests/unit/features", "tests/client/test_accepting.py"],
    ),
    "rules": (
        ["diagnostics/rules/*.py"],
        ["tests/unit/test_rules.py", "tests/unit/test_rule_messages.py", "tests/unit/test_defects.py", "tests/unit/features",
         "tests/client/test_quick_fixes.py"],
    ),
    # the hover and the documentation text it shows: a quick campaign to re-run after hover tests
    "hover": (
        ["features/hover.py", "features/docs.py"],
        ["tests/unit/features"],
    ),
}

# mutmut's exit codes, as its own `results` command names them (mutmut/stats.py)
STATUS = {1: "killed", 3: "killed", 0: "survived", 36: "timeout", -24: "timeout", 24: "timeout",
          152: "timeout", 255: "timeout", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}
COLUMNS = ("generated", "killed", "survived", "timeout", "skipped", "unchecked")


def _workspace(name: str, fresh: bool) -> Path:
    """A copy of the package (as `src/`) and the tests, with mutmut's settings for `name`."""
    modules, selection = CAMPAIGNS[name]
    work = CACHE / name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    # The copy is refreshed on every run; mutmut notices changed functions and re-checks them.
    for source, target in ((REPO / "server" / PACKAGE, work / "src" / PACKAGE), (REPO / "tests", work / "tests"),
                           (REPO / "schemas", work / "schemas"), (REPO / "docs", work / "docs")):
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    # The tests find the reference jobs in `shared/` beside the repository root, which mutmut's
    # `mutants/` copy is: so `shared` goes beside it.
    shared = work / "shared"
    if not shared.exists():
        shared.symlink_to((REPO.parent / "shared").resolve())
    config = "\n[tool.mutmut]\n" + "\n".join([
        f'source_paths = ["src/{PACKAGE}"]',
        "only_mutate = [" + ", ".join(f'"src/{PACKAGE}/{m}"' for m in modules) + "]",
        "also_copy = [\"schemas\", \"docs\"]",
        "pytest_add_cli_args_test_selection = [" + ", ".join(f'"{s}"' for s in selection) + "]",
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
    ]) + "\n"
    (work / "pyproject.toml").write_text((REPO / "pyproject.toml").read_text() + config)
    return work


def _run(name: str, minutes: float, fresh: bool) -> None:
    work = _workspace(name, fresh)
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        sys.exit(f"mutation: {mutmut} not found; install it: {sys.executable} -m pip install 'mutmut==3.8.1'")
    started = time.monotonic()
    log = (work / "run.log").open("w")
    process = subprocess.Popen([str(mutmut), "run", "--max-children", "1"], cwd=work, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        process.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGINT)  # mutmut saves what it has checked so far
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    print(f"{name}: {time.monotonic() - started:.0f} s (exit {process.returncode}; log in {work / 'run.log'})")


def _results(name: str) -> dict[str, dict[str, int | None]]:
    """module -> mutant -> exit code, from mutmut's files of the last run."""
    root = CACHE / name / "mutants" / "src" / PACKAGE
    out = {}
    for meta in sorted(root.rglob("*.py.meta")):
        module = meta.relative_to(root).as_posix()[: -len(".py.meta")] + ".py"
        out[module] = json.loads(meta.read_text())["exit_code_by_key"]
    return out


def _report(names: list[str]) -> None:
    width = 36
    print(f"{'module':<{width}}" + "".join(f"{c:>10}" for c in COLUMNS))
    total = Counter()
    for name in names:
        for module, codes in _results(name).items():
            counts = Counter(STATUS.get(code, "suspicious") for code in codes.values())
            row = {"generated": len(codes), "killed": counts["killed"], "survived": counts["survived"],
                   "timeout": counts["timeout"], "skipped": counts["no tests"] + counts["skipped"]}
            row["unchecked"] = len(codes) - sum(row[c] for c in COLUMNS[1:5])
            total.update(row)
            print(f"{module:<{width}}" + "".join(f"{row[c]:>10}" for c in COLUMNS))
    print(f"{'total':<{width}}" + "".join(f"{total[c]:>10}" for c in COLUMNS))


def _survivors(name: str) -> None:
    mutmut = Path(sys.executable).with_name("mutmut")
    for codes in _results(name).values():
        for mutant, code in codes.items():
            if code == 0:
                shown = subprocess.run([str(mutmut), "show", mutant], cwd=CACHE / name, capture_output=True, text=True)
                print(shown.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("campaigns", nargs="*", help=f"any of {', '.join(CAMPAIGNS)} (default: all)")
    parser.add_argument("--minutes", type=float, default=45, help="stop each campaign after this long")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument("--report", action="store_true", help="only print the figures of the last runs")
    parser.add_argument("--survivors", action="store_true", help="only print each surviving mutant's diff")
    args = parser.parse_args()
    names = args.campaigns or list(CAMPAIGNS)
    unknown = [n for n in names if n not in CAMPAIGNS]
    if unknown:
        parser.error(f"unknown campaign {', '.join(unknown)}; choose from {', '.join(CAMPAIGNS)}")
    if args.survivors:
        for name in names:
            _survivors(name)
        return
    if not args.report:
        for name in names:
            _run(name, args.minutes, args.fresh)
    _report(names)


if __name__ == "__main__":
    main()
