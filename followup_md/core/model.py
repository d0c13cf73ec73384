"""The values every layer shares: contacts, interactions, due items, problems.

Frozen dataclasses only; no I/O, no YAML, no Click. The reader builds them, the
engine consumes them, the renderers display them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union

from followup_md.core.durations import Duration
from followup_md.core.frozen import record

if TYPE_CHECKING:
    from followup_md.core.mentions import Mention
from followup_md.core.mentions import Dated

Direction = Literal["in", "out"]
Status = Literal["active", "paused", "closed"]
Rule = Literal["next", "follow_up", "reply", "scenario", "nudge", "cadence", "birthday"]
Bucket = Literal["overdue", "today", "upcoming", "later"]

NO_FOLLOW_UP: Literal["none"] = "none"
"""`follow_up: none` on an interaction: it expects no answer and schedules nothing."""

FollowUp = Union[Duration, dt.date, Literal["none"]]  # noqa: UP007 (a runtime alias on 3.10)

PropertyChanges = tuple[tuple[str, Union[str, None]], ...]  # noqa: UP007 (runtime alias)
"""Front-matter properties to set, each to the text given, or to remove (None): what a
note needs for the values `sync_properties` keeps to be current (see core/properties.py)."""

BUCKETS: tuple[Bucket, ...] = ("overdue", "today", "upcoming", "later")

AGENDA_MARKER = (
    "<!-- followup-md: generated file, rewritten on every run. Edit the contact notes instead. -->"
)
"""First line of every agenda note: says it is generated. Only a file carrying it (or a
missing or empty one) is ever replaced by the agenda."""


HEAD_BYTES = 4096
"""How much of a file is read to tell whether followup wrote it."""


def is_generated(head: bytes) -> bool:
    """Whether a file whose first HEAD_BYTES are `head` is the agenda note followup wrote,
    or empty, so that followup may replace it."""
    return carries_marker(head, AGENDA_MARKER)


def carries_marker(head: bytes, marker: str) -> bool:
    """The file starts with `marker` (after a byte order mark), or it is empty or blank
    through and through: `head` is the whole file (shorter than HEAD_BYTES). A marker
    quoted further down, or blank lines before a note's text, never count."""
    if len(head) < HEAD_BYTES and not head.strip():
        return True
    return head.removeprefix(b"\xef\xbb\xbf").startswith(marker.encode("utf-8"))


@record
class Problem:
    """Something wrong in one note (or the vault), reported and never fatal."""

    path: str
    line: int | None
    message: str
    kept: str | None = None
    """A line of the agenda note kept as the person left it: a tick that could not be
    applied, shown again below the problem so it is not lost."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@record
class Interaction:
    """One entry of a contact's `interactions` list."""

    date: dt.date
    type: str
    direction: Direction = "out"
    channel: str | None = None
    summary: str | None = None
    follow_up: FollowUp | None = None
    outcome: str | None = None
    line: int | None = None
    """1-based line in the note where this interaction starts, when known."""
    id: str | None = None
    """Where it came from, when a sync wrote it (a Message-ID, an event's UID): what makes
    a second sync skip it."""

    def describe(self) -> str:
        """`email out on 2026-11-10`: enough to find it in the note again."""
        return f"{self.type} {self.direction} on {self.date.isoformat()}"


@record
class Birthday:
    """`birthday: 1960-05-14`, or without a year (`--05-14`, `05-14`)."""

    month: int
    day: int
    year: int | None = None

    def on(self, year: int) -> dt.date:
        """The birthday in `year`; 29 February falls on the 28th in other years."""
        if self.month == 2 and self.day == 29:
            try:
                return dt.date(year, 2, 29)
            except ValueError:
                return dt.date(year, 2, 28)
        return dt.date(year, self.month, self.day)


@record
class Contact:
    """A note whose front matter has `interactions`, `cadence`, `next` or `birthday`."""

    path: str
    """Vault-relative, `/`-separated, with the `.md` extension."""
    name: str
    aliases: tuple[str, ...] = ()
    status: Status = "active"
    channel: str | None = None
    objective: str | None = None
    cadence: Duration | None = None
    next: dt.date | None = None
    snooze: dt.date | None = None
    tags: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    profile: str | None = None
    """The profile the note names (`profile:`), if any; tags and the default decide else."""
    birthday: Birthday | None = None
    added: dt.date | None = None
    """When the contact was added (`added:` or Obsidian's `created:`): a cadence with no
    interaction yet is due from then, so neglect shows."""
    interactions: tuple[Interaction, ...] = ()
    """In file order; the engine orders them by date."""
    logged: int = 0
    """How many interactions the note holds, the whole history (caches keep only the
    tail of `interactions`): the agenda line's block id carries it."""
    properties: tuple[tuple[str, str | None], ...] = ()
    """The values the note holds for the properties `sync_properties` keeps (see
    core/properties.py), present ones only: the text of a text or a date, None for any
    other kind of value. Compared with the wanted ones, so only a change is written."""
    emails: tuple[str, ...] = ()
    """`emails:`, the contact's other addresses (a list), as written: `sync` matches them
    besides `email`."""

    @property
    def link_target(self) -> str:
        """The path without `.md`, as an Obsidian wikilink wants it."""
        return self.path[:-3] if self.path.lower().endswith(".md") else self.path


@record
class ParsedNote:
    """What one note gave the reader: a contact (or None) and the problems found in it."""

    contact: Contact | None
    problems: tuple[Problem, ...] = ()
    dated: Dated | None = None
    """A dated note's date and links, read when mentions count (never for a contact)."""


_Frozen = TypeVar("_Frozen")


def assembled(cls: type[_Frozen], **fields: Any) -> _Frozen:
    """`cls(**fields)` for one of these frozen dataclasses, given every field by name.

    A frozen dataclass's __init__ sets each field through object.__setattr__; the reader
    makes one Interaction per line of history, and this is several times cheaper. For
    classes without __post_init__ (none here has one) and only with every field given.
    """
    made: Any = object.__new__(cls)
    made.__dict__.update(fields)
    return made  # type: ignore[no-any-return]


@record
class Due:
    """When a contact is due, by which rule, and because of which interaction."""

    contact: Contact
    date: dt.date
    rule: Rule
    reason: str
    basis: Interaction | None
    """The interaction the date was computed from (None for `next`/`cadence` with no history)."""
    channel: str | None
    nudge: int | None = None
    """For rule `nudge`: which nudge this is (1-based)."""
    nudges_total: int | None = None
    snoozed_from: dt.date | None = None
    """The date `snooze` pushed later (as it would have been shown, after any move)."""
    shifted_from: dt.date | None = None
    """The date before a weekend or holiday moved it."""
    profile: str = "professional"
    """The profile whose timing gave this date."""


@record
class Quiet:
    """A contact who did not answer any nudge: no more nudges, only its cadence remains."""

    contact: Contact
    last: Interaction
    unanswered: int
    cadence_due: dt.date | None


@record
class Missed:
    """A follow-up overdue by more than `stale_after`: moved out of Overdue, still said."""

    due: Due
    """The stale follow-up, as it would have been shown."""
    cadence_due: dt.date | None
    """When the contact's cadence brings it back meanwhile, if it has one (None when a
    later `next` stands in)."""

    def sort_key(self) -> tuple[dt.date, str, str]:
        """Its place among the agenda's Missed: by date, then name, then path. (A row
        cache may keep it apart, to unpack only the Missed an agenda shows.)"""
        contact = self.due.contact
        return (self.due.date, contact.name.casefold(), contact.path)


@record
class AgendaItem:
    due: Due
    bucket: Bucket
    days: int
    """Due date minus today: negative when overdue."""


@record
class Agenda:
    today: dt.date
    horizon: int
    items: tuple[AgendaItem, ...]
    quiet: tuple[Quiet, ...]
    problems: tuple[Problem, ...]
    contacts: int
    """How many contacts were read (active or not)."""
    inactive: int
    """How many contacts are paused or closed."""
    missed: tuple[Missed, ...] = ()
    properties: tuple[tuple[str, PropertyChanges, Mention | None], ...] = ()
    """(sync_properties) each note whose kept properties are out of date, by path, with
    what to change and the mention it was planned with (the note's values must follow
    the agenda); empty when every note is current or the setting is off."""
    by_bucket: Mapping[Bucket, tuple[AgendaItem, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The items grouped by bucket (derived from `items`, filled by the engine)."""

    def bucket(self, name: Bucket) -> tuple[AgendaItem, ...]:
        if self.by_bucket:
            return self.by_bucket.get(name, ())
        return tuple(item for item in self.items if item.bucket == name)
