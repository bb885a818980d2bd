"""Did-you-mean with difflib (what ships) side by side with rapidfuzz (what shipped before).

Runs the checks over every defect fixture, the reference examples and the differential corpus
(hundreds of typos of every key), records each suggestion the checks ask for, and answers it with
both matchers. Prints how many suggestions differ, and each one that does.

    .venv/bin/python bench/did_you_mean.py      # rapidfuzz is not a dependency: pip install it first
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from automl_job_ls import suggest  # noqa: E402
from automl_job_ls.diagnostics.engine import analyze  # noqa: E402
from tests.compat.mutations import corpus  # noqa: E402

try:
    from rapidfuzz import fuzz, process, utils
except ImportError:
    sys.exit("bench/did_you_mean.py compares with rapidfuzz: .venv/bin/pip install rapidfuzz")


def rapidfuzz_closest(word: str, options: list[str]) -> str | None:
    """The matcher of the previous release: Indel ratio on lower-cased, punctuation-free text."""
    match = process.extractOne(word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=70)
    return match[0] if match else None


def main() -> int:
    texts = [p.read_text() for p in sorted((REPO / "tests" / "fixtures" / "defects").glob("*.yml"))]
    texts += [m.text for m in corpus()]
    calls: list[tuple[str, tuple[str, ...]]] = []
    difflib_closest = suggest.closest

    def recording(word: str, options: list[str]) -> str | None:
        calls.append((word, tuple(options)))
        return difflib_closest(word, options)

    suggest.closest = recording  # did_you_mean looks `closest` up at call time
    for text in texts:
        analyze(text)
    unique = sorted(set(calls))

    def answers(matcher) -> tuple[list[str | None], float]:
        suggest.closest = matcher
        started = time.perf_counter()
        out = [suggest.did_you_mean(word, options) for word, options in unique]
        return out, time.perf_counter() - started

    ours, t_ours = answers(difflib_closest)
    theirs, t_theirs = answers(rapidfuzz_closest)
    suggest.closest = difflib_closest
    differ = [(w, a, b) for (w, _), a, b in zip(unique, ours, theirs) if a != b]
    print(f"{len(texts)} job texts, {len(calls)} did-you-mean calls, {len(unique)} distinct (word, names)")
    print(f"suggestions given: difflib {sum(a is not None for a in ours)}, rapidfuzz {sum(b is not None for b in theirs)}")
    print(f"time for the distinct calls: difflib {t_ours * 1000:.1f} ms, rapidfuzz {t_theirs * 1000:.1f} ms")
    print(f"different answers: {len(differ)}")
    for word, a, b in differ:
        print(f"  {word!r}: difflib {a!r}, rapidfuzz {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
