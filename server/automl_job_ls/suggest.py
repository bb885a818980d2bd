"""Did-you-mean suggestions, backed by rapidfuzz."""

from __future__ import annotations

from typing import Iterable

from rapidfuzz import fuzz, process, utils

# Below this similarity (0-100) a suggestion is more noise than help.
_CUTOFF = 70
_MIN_PREFIX = 4


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    options = [c for c in choices if c != word]
    if not word or not options:
        return None
    # Compare case-insensitively: `Learning_Rate` should still find `learning_rate`.
    match = process.extractOne(word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=_CUTOFF)
    if match:
        return match[0]
    # A clipped name (`median` for `median_stopping`) scores low on edit distance; a long enough
    # prefix of exactly one choice is still a clear suggestion.
    folded = word.lower()
    starts = [c for c in options if c.lower().startswith(folded)]
    return starts[0] if len(folded) >= _MIN_PREFIX and len(starts) == 1 else None


def phrase(best: str | None) -> str:
    """The sentence appended to a message for a suggestion, or nothing."""
    return f" Did you mean `{best}`?" if best else ""
