"""Writing a cache file as its parts come: none is ever joined whole in memory.

At 100,000 notes a part joined whole (the notes' texts, the agenda rows) would take
50 MB, twice (text, then bytes); written as they come, a few thousand lines at a time,
a cache costs its writer no more than what it holds anyway.
"""

from __future__ import annotations

import contextlib
import os
import zlib
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


class LinesPart:
    """ASCII lines pushed one at a time into the last part of a `Writer`, joined by line
    breaks and written a few thousand at a time."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer
        self._batch: list[str] = []
        self._joint = b""
        writer.part()

    def add(self, lines: Iterable[str]) -> None:
        batch = self._batch
        batch.extend(lines)
        if len(batch) >= _LINES_AT_ONCE:
            whole = len(batch) - len(batch) % _LINES_AT_ONCE
            for at in range(0, whole, _LINES_AT_ONCE):
                self._write(batch[at : at + _LINES_AT_ONCE])
            del batch[:whole]

    def close(self) -> None:
        """Write the lines still held (more may follow)."""
        if self._batch:
            self._write(self._batch)
            self._batch = []

    def _write(self, lines: list[str]) -> None:
        self._writer.grow(self._joint + "\n".join(lines).encode("ascii"))
        self._joint = b"\n"


class Writer:
    """A new cache file, written as its parts come, then put in place of `file` at once
    (a cache is derived data: no fsync, a crash may lose it but never tear it).

    The parts can be handed over (`part`) or pushed a piece at a time (`grow` the last
    one): a cold run writes its agenda rows as it plans them, while the notes cache
    takes the notes. The header, `head` of the parts' sizes and the CRC-32 of all their
    bytes, is known only at the end: it is written last (`done`), over `room` bytes kept
    for it, padded with spaces (which JSON takes). Until then the file has a temporary
    name; `abandon` removes it.
    """

    def __init__(self, file: Path, magic: bytes, room: int) -> None:
        fd, self._temp = make_temp(file.parent)
        self._file, self._magic, self._room = file, magic, room
        self._sizes: list[int] = []
        self._crc = 0
        try:
            self._handle = os.fdopen(fd, "wb")
            self._handle.write(magic + b" " * room + b"\n")
        except BaseException:
            self.abandon()
            raise

    def part(self, pieces: Iterable[bytes] = ()) -> None:
        """Write one more part, of these pieces."""
        self._sizes.append(0)
        for piece in pieces:
            self.grow(piece)

    def grow(self, piece: bytes) -> None:
        """Write `piece` at the end of the last part."""
        self._sizes[-1] += self._handle.write(piece)
        self._crc = zlib.crc32(piece, self._crc)

    def done(self, head: Callable[[list[int], int], bytes]) -> None:
        """Write the header and put the file in place."""
        header = head(self._sizes, self._crc)
        if len(header) > self._room:
            raise OSError(f"a cache header of {len(header)} bytes: {self._room} were kept")
        self._handle.seek(len(self._magic))
        self._handle.write(header.ljust(self._room))
        self._handle.close()
        os.replace(self._temp, self._file)

    def abandon(self) -> None:
        """Close and remove the file being written (nothing takes the place of `file`)."""
        with contextlib.suppress(OSError, AttributeError):
            self._handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self._temp)
