"""Writing a cache file as its parts come: none is ever joined whole in memory.

At 100,000 notes a part joined whole (the notes' texts, the agenda rows) would take
50 MB, twice (text, then bytes); written as they come, a few thousand lines at a time,
a cache costs its writer no more than what it holds anyway.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from followup_md.files import make_temp

Part = bytes | Iterable[bytes]
"""A part of a cache file: bytes, or chunks written as they come (never joined whole)."""

_LINES_AT_ONCE = 4096


def chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """ASCII lines joined by line breaks, a few thousand at a time: at 100,000 notes a
    part joined whole would take 50 MB, twice (text, then bytes)."""
    batch: list[str] = []
    joint = b""
    for line in lines:
        batch.append(line)
        if len(batch) == _LINES_AT_ONCE:
            yield joint + "\n".join(batch).encode("ascii")
            batch, joint = [], b"\n"
    if batch:
        yield joint + "\n".join(batch).encode("ascii")


def encoded(text: str, at_once: int = 1 << 20) -> Iterator[bytes]:
    """`text` in UTF-8 (lone surrogates kept), a slice at a time."""
    for at in range(0, len(text), at_once):
        yield text[at : at + at_once].encode("utf-8", "surrogatepass")


def replace_file(
    file: Path, magic: bytes, room: int, head: Callable[[list[int]], bytes], parts: Iterable[Part]
) -> None:
    """Replace `file` atomically with a new one (mode 0600) of `magic`, a header line and
    `parts`, written as they come (a cache is derived data: no fsync, a crash may lose it
    but never tear it).

    The header, `head` of the parts' sizes, is known only once they are written: it is
    written last, over `room` bytes kept for it, padded with spaces (which JSON takes).
    """
    fd, temp = make_temp(file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(magic + b" " * room + b"\n")
            sizes = []
            for part in parts:
                pieces = (part,) if isinstance(part, bytes) else part
                sizes.append(sum(handle.write(piece) for piece in pieces))
            header = head(sizes)
            if len(header) > room:
                raise OSError(f"a cache header of {len(header)} bytes: {room} were kept")
            handle.seek(len(magic))
            handle.write(header.ljust(room))
        os.replace(temp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
