"""Finding a note's front matter: the YAML between the opening and closing `---` lines.

The reader reads only what it needs of a file: a first block says whether the note
opens front matter at all (or is not text), and then only the front matter, up to
MAX_FRONT_MATTER, is read. The body is never read for the schedule, so a note's
size costs nothing.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from followup_md.core.frozen import record
from followup_md.notes.limits import FIRST_BLOCK, MAX_FRONT_MATTER

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_CLOSING_BYTES = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)")
"""The newline before a closing line, then that line: a literal first, so found fast."""
_CHUNK = 64 * 1024


@record
class FrontMatter:
    """The YAML text between the `---` lines, and the file line it starts on."""

    yaml: str
    first_line: int
    end: int
    """Offset in the decoded text just past the closing line."""


class UnclosedFrontMatter(Exception):
    pass


class FrontMatterTooLarge(Exception):
    """Front matter that runs past MAX_FRONT_MATTER (or never closes before it)."""


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


def read_head(handle: BinaryIO) -> bytes:
    """The part of an open note the reader needs: front matter and its closing line.

    A first block when the note opens no front matter; else more, chunk by chunk,
    until the closing line or a little past MAX_FRONT_MATTER. The rest is not read.
    """
    head = handle.read(FIRST_BLOCK)
    start = _opening_end(head)
    if start is None or _CLOSING_BYTES.search(head, start - 1, head.rfind(b"\n") + 1):
        return head
    buffer = bytearray(head)
    searched = start - 1
    while True:
        complete = buffer.rfind(b"\n") + 1  # a closing line is looked for only once whole
        if complete - 1 > searched:
            if _CLOSING_BYTES.search(buffer, searched, complete):
                return bytes(buffer)
            searched = complete - 1
        if len(buffer) > start + MAX_FRONT_MATTER:
            return bytes(buffer)
        chunk = handle.read(_CHUNK)
        if not chunk:
            return bytes(buffer)
        buffer += chunk


@record
class RawFrontMatter:
    """The front matter's bytes, not yet decoded, and the file line it starts on."""

    yaml: bytes
    first_line: int


def find_front_matter(raw: bytes) -> RawFrontMatter | None:
    """The front matter at the start of a note's bytes (a BOM allowed), or None.

    Looks no further than MAX_FRONT_MATTER past the opening line, so a whole file
    passed in costs no more than its head. Raises UnclosedFrontMatter, or
    FrontMatterTooLarge when it runs past the limit.
    """
    start = _opening_end(raw)
    if start is None:
        return None
    limit = start + MAX_FRONT_MATTER
    if len(raw) <= limit + FIRST_BLOCK:
        end = len(raw)
    else:  # only whole lines, so a longer line is not taken for a closing one
        end = raw.rfind(b"\n", start, limit + FIRST_BLOCK) + 1
    closing = _CLOSING_BYTES.search(raw, start - 1, end)
    if closing is None:
        if len(raw) > limit:
            raise FrontMatterTooLarge
        raise UnclosedFrontMatter
    if closing.start() + 1 - start > MAX_FRONT_MATTER:
        raise FrontMatterTooLarge
    return RawFrontMatter(raw[start : closing.start() + 1], 2)


def _opening_end(raw: bytes) -> int | None:
    """Just past an opening `---` line in the first block, as split_front_matter reads it."""
    first = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    if raw[first : first + 3] != b"---":
        return None
    newline = raw.find(b"\n", first, FIRST_BLOCK)
    if newline == -1:
        return None
    if newline > first + 3 and raw[first + 3 : newline].decode("utf-8", "replace").strip():
        return None
    return newline + 1


def not_text(raw: bytes) -> tuple[int, str] | None:
    """Line and message when the first block shows the file is not UTF-8 text, else None.

    UTF-16 (Windows "Unicode") is the common case: with its byte-order mark, or
    without, when its ASCII letters come with NUL bytes; binary files hold NULs too.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return 1, (
            "the file is not UTF-8 text: it starts with a UTF-16 byte-order mark; "
            "save it as UTF-8 so it can be read"
        )
    nul = raw.find(b"\0", 0, FIRST_BLOCK)
    if nul == -1:
        return None
    return raw.count(b"\n", 0, nul) + 1, (
        "the file is not UTF-8 text: it holds a NUL byte (it may be UTF-16 or a binary "
        "file); save it as UTF-8 so it can be read, or give it another extension than .md"
    )
