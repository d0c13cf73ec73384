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
import re
from collections.abc import Iterator

from followup_md.core.frozen import record
from followup_md.core.model import Contact

HASH_CHARS = 12
"""Hex characters of the path's digest in an id: 48 bits, so 100,000 notes share one with
a chance of about 1 in 56,000 (the birthday bound); a test tries 100,000 paths."""


def path_hash(path: str) -> str:
    """The digest of a note's vault-relative path that names it in block ids."""
    import hashlib  # here: a command that prints a stored agenda need not load OpenSSL

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


@record
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


_TAIL = re.compile(
    r"📅\uFE0F? ?\d{4}-\d{2}-\d{2}"
    r"(?P<meta>(?:[ \t]+(?:#[^\s#]+|✅\uFE0F? ?\d{4}-\d{2}-\d{2}))*)"
    rf"[ \t]+\^fu-(?P<hash>[0-9a-f]{{{HASH_CHARS}}})-(?P<count>\d{{1,9}})(?![0-9A-Za-z])"
)
"""A line's own tail: the due date, then only tags and the Tasks plugin's `✅` date, then
the id. The last such tail on a line is its own: text copied from a note into the
reason comes before it, so an id or a date in a summary is never read."""
_BOX = re.compile(r"[ \t]*(?:>[ \t]*)*[-*+] \[(?P<mark>[^\]\n])\] ")
_DONE = re.compile(r"✅\uFE0F? ?(\d{4}-\d{2}-\d{2})")
_LINK = re.compile(r"\[\[([^\]|#^]+)")
_LEADING = re.compile(r"^[\s\-–—:]+")
_OWN_ID = re.compile(rf" \^fu-([0-9a-f]{{{HASH_CHARS}}})-(\d{{1,9}})$")
_TICKED = re.compile(r"\[[xX]\]")
_TYPED = re.compile(rf"\^fu-[0-9a-f]{{{HASH_CHARS}}}-\d+(?!\d)[^\S\n]*[^\s]")
"""Text after an id: after all its digits (`-10` is no `-1` followed by `0`), and after
any spaces but a line's end."""


def _added(text: str) -> bool:
    """Whether the person may have added something to the agenda note: a tick, or text
    after an id. Two searches, each led by a literal, take a third of the time of one
    search for either (2 ms for the 1.2 MB note of 10,000 contacts, against 6)."""
    return _TICKED.search(text) is not None or _TYPED.search(text) is not None


@record
class _Line:
    """An agenda line read back: its box, its tail, what follows the id."""

    mark: str
    tail: re.Match[str]
    after: str
    """Everything after the id, as typed (with any `✅` date the Tasks plugin put there)."""

    @property
    def id(self) -> str:
        return f"fu-{self.tail['hash']}-{self.tail['count']}"

    @property
    def ticked(self) -> bool:
        return self.mark in "xX"

    def done(self) -> dt.date | None:
        found = _DONE.search(self.tail["meta"]) or _DONE.search(self.after)
        if found is None:
            return None
        try:
            return dt.date.fromisoformat(found[1])
        except ValueError:
            return None  # not a date: the tick still counts, dated today


def _read_line(line: str) -> _Line | None:
    box = _BOX.match(line)
    if box is None:
        return None
    tails = list(_TAIL.finditer(line, box.end()))
    if not tails:
        return None
    tail = tails[-1]  # the last one is the line's own
    return _Line(box["mark"], tail, line[tail.end() :])


def find_ticks(text: str) -> Iterator[Tick]:
    """Every ticked line of the agenda note `text` that carries a `^fu-` id in its tail."""
    for number, raw in enumerate(text.split("\n"), 1):
        if "^fu-" not in raw:
            continue
        line = raw.rstrip("\r")
        read = _read_line(line)
        if read is None or not read.ticked:
            continue
        summary = _LEADING.sub("", _DONE.sub("", read.after))
        link = _LINK.search(line, 0, read.tail.start())
        yield Tick(
            line=number,
            text=line,
            hash=read.tail["hash"],
            count=int(read.tail["count"]),
            done=read.done(),
            summary=" ".join(summary.split()) or None,
            target=link[1].strip() if link else None,
        )


def carry_over(old: str, new: str) -> tuple[str, int]:
    """`new`, with what the person added in `old` to the lines `new` still has open under
    the same id: the tick (with its `✅` date) and the text typed after the id; so a tick
    not recorded yet (another machine records them, or it came while the agenda was being
    rewritten) and a summary typed before the tick are never lost. Also how many ticks."""
    if not old or not _added(old):
        return new, 0
    added: dict[str, _Line] = {}
    for raw in old.split("\n"):
        read = _read_line(raw.rstrip("\r")) if "^fu-" in raw else None
        if read is not None and (read.ticked or read.after.strip()):
            added.setdefault(read.id, read)
    lines = new.split("\n")
    carried = 0
    for index, line in enumerate(lines):
        own = _OWN_ID.search(line) if added else None
        read = added.pop(f"fu-{own[1]}-{own[2]}", None) if own else None
        box = _BOX.match(line) if read else None
        if read is None or own is None or box is None or box["mark"] != " ":
            continue
        if read.ticked:
            line = line[: box.start("mark")] + read.mark + line[box.end("mark") : own.start()]
            line += "".join(f" {m[0]}" for m in _DONE.finditer(read.tail["meta"]))
            line += own[0]
            carried += 1
        lines[index] = line + read.after
    return "\n".join(lines), carried
