"""The closest known name to a mistyped one, for "Did you mean ...?" hints. Pure.

Shared so every place that rejects an unknown name (configuration keys, note keys)
suggests the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6
"""difflib's similarity ratio below which a name is not offered as a suggestion."""


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name most like `word` (ignoring case), or None when none is close."""
    by_folded = {name.casefold(): name for name in known}
    found = difflib.get_close_matches(word.casefold(), by_folded, n=1, cutoff=CUTOFF)
    return by_folded[found[0]] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` Did you mean 'name'?` to append to an error message, or "" when nothing is close."""
    match = closest(word, known)
    return f" Did you mean '{match}'?" if match else ""
