"""The closest known name to a mistyped one, for "Did you mean ...?" hints. Pure.

Shared so every place that rejects an unknown name (configuration keys, note keys)
suggests the same way: by edit distance, case ignored. (Finding a contact by a misspelt
name is another job, with several candidates: app/contacts.py.)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

FAR = 3
"""Edits within which an unknown setting is offered the known one (a note's keys, which
may be the user's own properties, are held to 2: see `typo_of`)."""


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name most like `word` (ignoring case), or None when none is close."""
    return typo_of(word, tuple(known), far=FAR)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` Did you mean 'name'?` to append to an error message, or "" when nothing is close."""
    match = closest(word, known)
    return f" Did you mean '{match}'?" if match else ""


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """The edit distance between `a` and `b`: insertions, deletions and substitutions.

    With `limit`, any distance over it is returned as `limit + 1` (and found sooner).
    """
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = 0 if char == other else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


SHORT = 6
"""Names shorter than this are matched at distance 1 only (two edits make any short word)."""


@functools.lru_cache(maxsize=4096)
def typo_of(word: str, known: tuple[str, ...], *, far: int = 2) -> str | None:
    """The known name `word` is a slip of the keyboard for, or None.

    Within distance `far` (1 when either name is shorter than SHORT letters), case
    ignored; the nearest wins, the first of equals. A known name itself is no typo.
    Cached: a vault repeats its own keys in every note, and each is judged once.
    """
    folded = word.casefold()
    best: tuple[int, str] | None = None
    for name in known:
        if name == word:
            return None
        limit = 1 if min(len(folded), len(name)) < SHORT else far
        if abs(len(folded) - len(name)) > limit:
            continue
        distance = levenshtein(folded, name.casefold(), limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None
