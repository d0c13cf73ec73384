"""What makes an agenda line a task the Obsidian Tasks plugin reads (its due date, its tag
and its block id), and reading the person's ticks back from those lines. Pure.

The Tasks plugin reads a task's fields from the end of its line (`📅 YYYY-MM-DD` for the
due date, Tasks Emoji Format), after taking off a block id (` ^id`, letters, digits and
dashes) and tags; so the line ends `… 📅 date[ #tag] ^fu-<hash>-<count>`.

A tick is `[x]` or `[X]` on a line that carries a `^fu-` id wherever it stands: the Tasks
plugin appends `✅ YYYY-MM-DD` when it ticks, before the id or after it. What the person
typed after the id is the summary of what they did; nothing else on the line is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from followup_md.core.model import Contact

HASH_CHARS = 12
"""Hex characters of the path's digest in an id: 48 bits, so 100,000 notes share one with
a chance of about 1 in 56,000 (the birthday bound); a test tries 100,000 paths."""


def path_hash(path: str) -> str:
    """The digest of a note's vault-relative path that names it in block ids."""
    raw = path.encode("utf-8", "surrogateescape")
    return hashlib.blake2b(raw, digest_size=HASH_CHARS // 2).hexdigest()


def block_id(contact: Contact) -> str:
    """`fu-<hash>-<count>`: a digest of the note's vault-relative path (never its name, so
    any name gives a valid Obsidian block id) and how many interactions the note had."""
    return f"fu-{path_hash(contact.path)}-{contact.logged}"


def task_tail(contact: Contact, due: dt.date, tag: str = "") -> str:
    """The end of the agenda line: ` 📅 YYYY-MM-DD[ #tag] ^fu-<id>`."""
    tagged = f" {tag}" if tag else ""
    return f" 📅 {due.isoformat()}{tagged} ^{block_id(contact)}"


@dataclass(frozen=True)
class Tick:
    """A ticked agenda line, as the person left it."""

    line: int
    """1-based line in the agenda note."""
    text: str
    """The whole line as found."""
    hash: str
    """The path digest of its id: which note it is for."""
    count: int
    """The note's interaction count when the line was written: the tick applies only
    while the note still has that many, so it applies once."""
    done: dt.date | None
    """The Tasks plugin's `✅` date, if any."""
    summary: str | None
    """What the person typed after the id."""
    target: str | None
    """The line's first wikilink target, to name the line in a problem."""

    @property
    def id(self) -> str:
        return f"fu-{self.hash}-{self.count}"

    def date(self, today: dt.date) -> dt.date:
        """The interaction's date: the `✅` date, never later than today; else today."""
        return min(self.done, today) if self.done else today


_TICKED = re.compile(r"[ \t]*(?:>[ \t]*)*[-*+] \[[xX]\] ")
_ID = re.compile(rf"(?:^|[ \t])\^fu-([0-9a-f]{{{HASH_CHARS}}})-(\d{{1,9}})(?![0-9A-Za-z])")
_DONE = re.compile(r"✅\uFE0F? *(\d{4}-\d{2}-\d{2})")
_LINK = re.compile(r"\[\[([^\]|#^]+)")
_LEADING = re.compile(r"^[\s\-–—:]+")


def find_ticks(text: str) -> Iterator[Tick]:
    """Every ticked line of the agenda note `text` that carries a `^fu-` id."""
    for number, line in enumerate(text.split("\n"), 1):
        if "^fu-" not in line or not _TICKED.match(line):
            continue
        found = _ID.search(line)
        if found is None:
            continue
        yield _tick(number, line.rstrip("\r"), found)


def _tick(number: int, line: str, found: re.Match[str]) -> Tick:
    after = line[found.end() :]
    done = _done_date(line)
    summary = _LEADING.sub("", _DONE.sub("", after)).strip()
    link = _LINK.search(line[: found.start()])
    return Tick(
        line=number,
        text=line,
        hash=found[1],
        count=int(found[2]),
        done=done,
        summary=" ".join(summary.split()) or None,
        target=link[1].strip() if link else None,
    )


def _done_date(line: str) -> dt.date | None:
    for found in _DONE.finditer(line):
        try:
            return dt.date.fromisoformat(found[1])
        except ValueError:
            continue  # not a date: the line still counts as ticked, dated today
    return None
