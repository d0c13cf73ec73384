"""Values kept in the order of unique keys, cheap to change a few at a time."""

from __future__ import annotations

from bisect import bisect_left, insort
from operator import itemgetter
from typing import Any, Generic, TypeVar

_V = TypeVar("_V")
_key_of = itemgetter(0)


class Ordered(Generic[_V]):
    """Values kept in the order of their keys, which are unique (they end with the note's
    path), so values are never compared: a burst of adds (a first build) is sorted once,
    a few are inserted by bisection, and a removal is found by bisection. One changed
    note then costs no sort of the thousands of others (the watcher's edits)."""

    def __init__(self) -> None:
        self._pairs: list[tuple[tuple[Any, ...], _V]] = []
        self._added: list[tuple[tuple[Any, ...], _V]] = []

    def add(self, key: tuple[Any, ...], value: _V) -> None:
        self._added.append((key, value))

    def remove(self, key: tuple[Any, ...]) -> None:
        pairs = self._merged()
        del pairs[bisect_left(pairs, key, key=_key_of)]

    def values(self) -> list[_V]:
        return [value for _, value in self._merged()]

    def _merged(self) -> list[tuple[tuple[Any, ...], _V]]:
        added, self._added = self._added, []
        if len(added) > len(self._pairs) // 8:
            self._pairs.extend(added)
            self._pairs.sort(key=_key_of)
        else:
            for pair in added:
                insort(self._pairs, pair, key=_key_of)
        return self._pairs
