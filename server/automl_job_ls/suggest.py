"""Did-you-mean suggestions, with the standard library's difflib.

The names are a few dozen keys or enum values at a time, so a compiled fuzzy matcher buys
nothing: `bench/did_you_mean.py` compares this with rapidfuzz on every suggestion the checks make.
"""

from __future__ import annotations

import difflib
from typing import Iterable

# Below this similarity (0-1) a suggestion is more noise than help.
_CUTOFF = 0.7
_MIN_PREFIX = 4


def _fold(name: str) -> str:
    # Compare case-insensitively: `Learning_Rate` should still find `learning_rate`.
    return name.lower()


def closest(word: str, options: list[str]) -> str | None:
    """The most similar option (ratio of matching characters) at or above the cutoff."""
    folded = {}
    for option in options:
        folded.setdefault(_fold(option), option)  # the first spelling wins, as in the choices' order
    match = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=_CUTOFF)
    return folded[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    options = [c for c in choices if c != word]
    if not word or not options:
        return None
    match = closest(word, options)
    if match:
        return match
    # A clipped name (`median` for `median_stopping`) scores low on edit distance; a long enough
    # prefix of exactly one choice is still a clear suggestion.
    folded = _fold(word)
    starts = [c for c in options if _fold(c).startswith(folded)]
    return starts[0] if len(folded) >= _MIN_PREFIX and len(starts) == 1 else None


def phrase(best: str | None) -> str:
    """The sentence appended to a message for a suggestion, or nothing."""
    return f" Did you mean `{best}`?" if best else ""
