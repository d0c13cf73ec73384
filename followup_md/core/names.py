"""Facts about note names that both the vault and the outputs need.

A file name may hold bytes that are not UTF-8 (kept by Python as lone surrogates), or
characters Obsidian reads as link syntax; such a note can still be read and scheduled,
but it cannot be linked to in the usual way, and the user is told to rename it.
"""

from __future__ import annotations

import re

_UNLINKABLE = re.compile(r"[#^|\[\]]")
"""What Obsidian reads as link syntax inside `[[...]]`: a heading, a block, a label, the end."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")


def has_undecodable(text: str) -> bool:
    """Whether `text` (a file name) holds bytes that were not valid UTF-8."""
    return not text.isascii() and _UNDECODABLE.search(text) is not None


def is_linkable(path: str) -> bool:
    """Whether a wikilink can name the note at `path`: printable, without link syntax."""
    return path.isprintable() and _UNLINKABLE.search(path) is None


def name_problem(path: str) -> str | None:
    """Why the note at `path` should be renamed, if it should."""
    if has_undecodable(path):
        return (
            "the file name holds bytes that are not valid UTF-8 (shown as \\xNN); the note "
            "is read, but cannot be linked to: rename it"
        )
    if not is_linkable(path):
        return (
            "the file name holds a character Obsidian cannot link to (# ^ | [ ] or a "
            "control character); the agenda links it another way: rename it to link it "
            "everywhere"
        )
    return None
