"""`followup sync`: messages and events matched to contacts, and logged in their notes.

One address -> contacts index is built once per sync from the cached scan (each note's
`email` and `emails`). Each message or event becomes at most one candidate interaction
per contact it involves; candidates are grouped by note, and each note that has any is
read whole (the cache keeps only the tail of a history) to drop those whose `id` it
already holds. What is left is written in ONE proven edit per note, through the safe
writer (lock, proof, atomic replace), the ids checked again under the lock. A note with
nothing new is never touched; one that cannot be read or changed is reported and the
others go on. `dry_run` reads everything and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from followup_md.app.agenda import read
from followup_md.app.contacts import LatestMention, latest_mentions
from followup_md.app.properties import then_sync
from followup_md.app.vaults import Vault
from followup_md.core.frozen import record
from followup_md.core.model import Contact, Problem
from followup_md.errors import ConfigError, EditRefused
from followup_md.files import inside
from followup_md.syncs import calendar, mail

if TYPE_CHECKING:
    from followup_md.notes.writer import NewInteraction

Progress = Callable[[int, int], None]

COPY = "a copy of one read before (the same id)"

MESSAGE_TYPES = frozenset({"email", "message", "followup", "feedback", "letter", "text"})
"""Besides the conversations and the types with a rule: what an event's category may name."""


@record
class _Candidate:
    at: float
    new: NewInteraction


@dataclass
class Report:
    """What a sync read, added (or would add), skipped and why, and what failed."""

    kind: str
    """`mail` or `calendar`."""
    dry_run: bool = False
    read: int = 0
    added: dict[str, list[NewInteraction]] = field(default_factory=dict)
    """Vault-relative note path -> the interactions added to it, in order."""
    names: dict[str, str] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    """Why -> how many messages (or events)."""
    failed: list[str] = field(default_factory=list)
    """One message per note that could not be changed (it names the note)."""
    unread: tuple[Problem, ...] = ()
    """Notes that could not be read as contacts, so nothing could be matched to them."""

    @property
    def total(self) -> int:
        return sum(len(found) for found in self.added.values())


class _Index:
    """Addresses (lower case) -> the contacts that hold them, and your own addresses."""

    def __init__(self, vault: Vault) -> None:
        if not vault.settings.me:
            raise ConfigError(
                f"{vault.root / vault.config_file}: `me` is not set; sync needs your own "
                "addresses to tell your mail from theirs: add `me: [you@example.com]`"
            )
        self.me = frozenset(vault.settings.me)
        scan = read(vault)
        self.contacts: dict[str, Contact] = {c.path: c for c in scan.contacts}
        self.by_address: dict[str, list[str]] = defaultdict(list)
        for contact in scan.contacts:
            for raw in (contact.email, *contact.emails):
                address = _address(raw)
                if address and address not in self.me:
                    paths = self.by_address[address]
                    if contact.path not in paths:
                        paths.append(contact.path)
        problems = {p.path: p for p in scan.problems if p.path not in self.contacts}
        self.unread = tuple(problems.values())

    def paths(self, addresses: Iterable[str | None]) -> list[str]:
        found: dict[str, None] = {}
        for address in addresses:
            for path in self.by_address.get(address or "", ()):
                found[path] = None
        return list(found)


def _address(raw: str | None) -> str | None:
    """`Dana <dana@x.example>`, `mailto:dana@x.example` or the address alone, lower case."""
    if not raw:
        return None
    address = email.utils.parseaddr(raw.strip().removeprefix("mailto:"))[1].strip().lower()
    return address if "@" in address else None


def _check_date(day: dt.date | None, today: dt.date, since: dt.date | None) -> str | None:
    if day is None:
        return "no date that reads"
    if since is not None and day < since:
        return "before --since"
    if day > today:
        return "dated after today"
    return None


def sync_mail(
    vault: Vault,
    paths: Sequence[Path],
    today: dt.date,
    *,
    since: dt.date | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Log the messages under `paths` (Maildirs, mbox files, folders of `.eml`, message
    files) that involve a contact. Raises ConfigError without `me`, MailError for a
    path that is no mail."""
    from followup_md.notes.writer import NewInteraction

    index = _Index(vault)
    report = Report("mail", dry_run, unread=index.unread)
    limit = vault.settings.sync_max_recipients
    found: dict[str, dict[str, _Candidate]] = defaultdict(dict)
    for message in mail.read(paths, progress):
        report.read += 1
        why = message.not_conversation or _check_date(message.date, today, since)
        direction: Literal["in", "out"] = "in"
        if message.sender in index.me:
            direction, paths_of = "out", index.paths(message.recipients)
        else:
            direction, paths_of = "in", index.paths([message.sender])
        involved = len(index.paths([message.sender, *message.recipients]))
        if why is None and not paths_of:
            why = "not from you to a contact, or from a contact"
        if why is None and involved > limit:
            why = f"with more than {limit} contacts (sync_max_recipients)"
        if why is None and any(message.id in found[path] for path in paths_of):
            why = COPY
        if why is not None or message.date is None:
            report.skipped[why or ""] += 1
            continue
        for path in paths_of:
            new = NewInteraction(
                message.date, "email", direction, summary=message.subject, id=message.id
            )
            found[path][message.id] = _Candidate(message.at, new)
    _write_all(vault, index, found, today, report)
    return report


def sync_calendar(
    vault: Vault,
    paths: Sequence[Path],
    today: dt.date,
    now: dt.datetime,
    *,
    since: dt.date | None = None,
    dry_run: bool = False,
) -> Report:
    """Log the past events of the `.ics` files whose organizer or attendees include a
    contact: cancelled ones, ones you declined and future ones are not, nor a contact
    who declined. Raises ConfigError without `me`; a file that is no calendar is in
    `failed`, and the others are read."""
    from followup_md.notes.writer import NewInteraction

    index = _Index(vault)
    report = Report("calendar", dry_run, unread=index.unread)
    settings = vault.settings
    known = settings.conversations | set(settings.rules) | MESSAGE_TYPES
    found: dict[str, dict[str, _Candidate]] = defaultdict(dict)
    for event in calendar.read(paths, now, since):
        if isinstance(event, calendar.BadFile):
            report.failed.append(event.message)
            continue
        if isinstance(event, calendar.Skipped):
            report.read += event.count if event.event else 0
            report.skipped[event.why] += event.count
            continue
        report.read += 1
        others = [a for a, answer in event.attendees if a not in index.me and answer != "DECLINED"]
        declined = any(a in index.me and answer == "DECLINED" for a, answer in event.attendees)
        paths_of = index.paths([event.organizer, *others])
        why = "cancelled" if event.cancelled else "declined by you" if declined else None
        why = why or _check_date(event.date, today, since)
        if why is None and not paths_of:
            why = "no contact invited"
        if why is None and len(paths_of) > settings.sync_max_recipients:
            why = f"with more than {settings.sync_max_recipients} contacts (sync_max_recipients)"
        if why is None and any(event.id in found[path] for path in paths_of):
            why = COPY
        if why is not None:
            report.skipped[why] += 1
            continue
        kind = event.category if event.category in known else "meeting"
        for path in paths_of:
            new = NewInteraction(event.date, kind or "meeting", summary=event.title, id=event.id)
            found[path][event.id] = _Candidate(event.at, new)
    _write_all(vault, index, found, today, report)
    return report


def _write_all(
    vault: Vault,
    index: _Index,
    found: dict[str, dict[str, _Candidate]],
    today: dt.date,
    report: Report,
) -> None:
    """Each note with candidates: read whole, the ids it holds dropped, the rest written
    in one proven edit (unless a dry run). Failures are reported, the others go on."""
    from followup_md.notes.reader import read_note

    latest = None  # each contact's latest mention, read once (sync_properties plans with it)
    if vault.settings.sync_properties and not report.dry_run:
        latest = latest_mentions(vault, today)
    for path in sorted(found):
        candidates = sorted(found[path].values(), key=lambda c: (c.new.date, c.at))
        news = [c.new for c in candidates]
        contact = index.contacts[path]
        file = vault.root / path
        if not inside(vault.root, file):
            report.failed.append(f"{path}: left alone: it links to a file outside the vault")
            continue
        parsed = read_note(file, path)
        if parsed.contact is None:
            why = parsed.problems[0].message if parsed.problems else "it is no longer a contact"
            report.failed.append(f"{path}: left alone: {why}")
            continue
        held = {i.id for i in parsed.contact.interactions if i.id is not None}
        new = [n for n in news if n.id not in held]
        if len(new) < len(news):
            report.skipped["already in the note"] += len(news) - len(new)
        if not new:
            continue
        try:
            if not report.dry_run:
                _write(vault, file, path, new, contact.channel, today, latest)
        except EditRefused as exc:
            report.failed.append(exc.message)
            continue
        report.added[path] = new
        report.names[path] = parsed.contact.name


def _write(
    vault: Vault,
    file: Path,
    path: str,
    news: list[NewInteraction],
    channel: str | None,
    today: dt.date,
    latest: LatestMention | None = None,
) -> None:
    """One proven edit adding `news`; the ids are checked again on the text as it is
    under the lock, so a sync running at the same time never doubles one."""
    from followup_md.notes import writer
    from followup_md.notes.reader import parse_note

    def add(text: str) -> str:
        contact = parse_note(text.encode("utf-8"), path).contact
        held = {i.id for i in contact.interactions if i.id} if contact is not None else set()
        fresh = [n for n in news if n.id not in held]
        return writer.add_interactions(text, fresh, preferred_channel=channel)

    what = f"add {len(news)} synced interaction{'s' if len(news) > 1 else ''}"
    writer.update_note(file, then_sync(vault, path, today, add, None, latest), describe=what)


def sync_paths(
    vault: Vault, paths: Sequence[Path], today: dt.date, now: dt.datetime
) -> list[Report]:
    """The watcher's sync of what changed: `.ics` files as calendars, the rest as mail."""
    icals = [p for p in paths if p.suffix.lower() == ".ics"]
    mails = [p for p in paths if p.suffix.lower() != ".ics"]
    reports = []
    if mails:
        reports.append(sync_mail(vault, mails, today))
    if icals:
        reports.append(sync_calendar(vault, icals, today, now))
    return reports
