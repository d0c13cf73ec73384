"""A long-running watcher's memory: big passing blocks go back to the system when freed.

Each update of a large vault's agenda makes a few blocks of megabytes that live only
for the update (the note's new text, the bytes written). glibc serves blocks that big
with their own mappings, given back when freed, until the first such free: it then
raises that threshold to the freed block's size, and later ones come from the heap,
which keeps the pages and grows with fragmentation (measured at 10,000 notes: 12 MB
more after a few edits, none with the threshold fixed). Fixing the threshold at its
default keeps the watcher's memory what its data needs.
"""

from __future__ import annotations

import ctypes
import sys

_M_MMAP_THRESHOLD = -3
"""mallopt's parameter (glibc's malloc.h); setting it turns the raising off."""

THRESHOLD = 128 * 1024
"""glibc's default: blocks from this size get their own mapping."""


def return_big_blocks() -> bool:
    """On glibc, keep big blocks in their own mappings (see the module's docstring);
    elsewhere nothing. True when the setting took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        if not hasattr(libc, "gnu_get_libc_version"):  # musl and others: not glibc
            return False
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
    except OSError:
        return False
