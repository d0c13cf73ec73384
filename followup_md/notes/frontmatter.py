"""Finding a note's front matter: the YAML between the opening and closing `---` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    """The YAML text between the `---` lines, and the file line it starts on."""

    yaml: str
    first_line: int
    end: int
    """Offset in the decoded text just past the closing line."""


class UnclosedFrontMatter(Exception):
    pass


def split_front_matter(text: str) -> FrontMatter | None:
    """Find front matter at the very start of `text` (BOM already removed).

    Returns None when the note has none. Raises UnclosedFrontMatter when a
    `---` opens it and no `---` closes it.
    """
    if not text.startswith("---"):
        return None
    newline = text.find("\n")
    if newline == -1 or text[3:newline].strip():
        return None
    start = newline + 1
    closing = _CLOSING.search(text, start)
    if closing is None:
        raise UnclosedFrontMatter
    end = text.find("\n", closing.end())
    return FrontMatter(text[start : closing.start()], 2, len(text) if end == -1 else end + 1)


def decode(raw: bytes) -> str:
    """UTF-8 with or without a BOM. Raises UnicodeDecodeError."""
    return raw.decode("utf-8-sig")
