"""What one note may cost, in one place: the bounds a hostile file runs into.

A note is read by every command and by the watcher, so a single file must not be able
to take minutes, gigabytes or a traceback: past these bounds it is a problem with a
short message, and the other notes are read as usual.
"""

from __future__ import annotations

import reprlib

FIRST_BLOCK = 4096
"""Bytes read first: enough to see whether the file opens front matter, or is not text."""

MAX_FRONT_MATTER = 2**20
"""Front matter over 1 MB is refused unread; nobody writes a contact that long."""

MAX_DEPTH = 100
"""Nesting deeper than this (counting what aliases bring in) is refused."""

MAX_ALIASED_VALUES = 10_000
"""Values that aliases may repeat in one document; beyond it, the note is refused."""

MAX_ALIASED_TEXT = MAX_FRONT_MATTER
"""Characters that aliases may repeat in one document (one long text repeated)."""

MAX_INT_DIGITS = 30
"""Longer whole numbers stay text: Python refuses to print ints of over 4,300 digits."""

MAX_QUOTED = 80
"""Characters of a user's value quoted in a message; the rest is cut with '…'."""

MAX_MESSAGE = 400
"""A last net: no problem message is longer, whatever went into it."""

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = MAX_QUOTED
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxset = _SHORT.maxtuple = 6
_SHORT.maxlevel = 3


def cut(text: str, limit: int = MAX_QUOTED) -> str:
    """`text` itself when short, else its first `limit` characters and '…'."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(value: object) -> str:
    """`repr(value)` as a message shows it: a string cut to MAX_QUOTED, a list to a few items.

    Never walks or prints a whole value, so its cost and length do not grow with it.
    """
    if isinstance(value, str):
        shown = repr(cut(value))
        return shown if len(shown) <= MAX_QUOTED + 3 else shown[:MAX_QUOTED] + "…" + shown[0]
    return cut(_SHORT.repr(value), MAX_QUOTED + 3)


def reason(exc: Exception, value: object) -> str:
    """The text of `exc`, which quotes `value` in full, with that value cut to size."""
    text = str(exc)
    if len(text) > MAX_QUOTED * 2:
        text = text.replace(repr(value), quoted(value), 1)
    return cut(text, MAX_MESSAGE // 2)
