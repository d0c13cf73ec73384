"""What makes an agenda line a task the Obsidian Tasks plugin reads: its due date, its tag
and its block id. Pure.

The Tasks plugin reads a task's fields from the end of its line (`📅 YYYY-MM-DD` for the
due date, Tasks Emoji Format), after taking off a block id (` ^id`, letters, digits and
dashes) and tags; so the line ends `… 📅 date[ #tag] ^fu-<hash>-<count>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from followup_md.core.model import Contact

HASH_CHARS = 12
"""Hex characters of the path's digest in an id: 48 bits, so 100,000 notes share one with
a chance of about 1 in 56,000 (the birthday bound); a test tries 100,000 paths."""


def block_id(contact: Contact) -> str:
    """`fu-<hash>-<count>`: a digest of the note's vault-relative path (never its name, so
    any name gives a valid Obsidian block id) and how many interactions the note had."""
    digest = hashlib.blake2b(
        contact.path.encode("utf-8", "surrogateescape"), digest_size=HASH_CHARS // 2
    ).hexdigest()
    return f"fu-{digest}-{contact.logged}"


def task_tail(contact: Contact, due: dt.date, tag: str = "") -> str:
    """The end of the agenda line: ` 📅 YYYY-MM-DD[ #tag] ^fu-<id>`."""
    tagged = f" {tag}" if tag else ""
    return f" 📅 {due.isoformat()}{tagged} ^{block_id(contact)}"
