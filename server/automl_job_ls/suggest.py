"""Did-you-mean suggestions, backed by rapidfuzz."""

from __future__ import annotations

from typing import Iterable

from rapidfuzz import fuzz, process, utils

# Below this similarity (0-100) a suggestion is more noise than help.
_CUTOFF = 70


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    options = [c for c in choices if c != word]
    if not word or not options:
        return None
    # Compare case-insensitively: `Learning_Rate` should still find `learning_rate`.
    match = process.extractOne(word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=_CUTOFF)
    return match[0] if match else None


def hint(word: str, choices: Iterable[str]) -> str:
    best = did_you_mean(word, choices)
    return f" Did you mean `{best}`?" if best else ""
