"""The agenda as an iCalendar file (RFC 5545), so follow-ups show in any calendar app.

One all-day event per due follow-up, marked free (`TRANSP:TRANSPARENT`) so it never
blocks a meeting slot; overdue ones sit on today. Google Calendar, Outlook and iOS do not
show to-dos (`VTODO`) of a subscribed calendar, so those are an option. UIDs depend only
on the vault and the note, so importing again or subscribing updates instead of
duplicating; `DTSTAMP` is today's midnight (UTC), so the file changes only when the
follow-ups do and a watcher writes it only then. The `icalendar` library does the
format: line folding, escaping of commas, semicolons and backslashes, UTF-8.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from urllib.parse import quote

import icalendar

from followup_md.core.frozen import record
from followup_md.core.model import Agenda, AgendaItem
from followup_md.outputs.wording import _objective, delta

PRODID = "-//followup-md//follow-ups//EN"


@record
class IcsOptions:
    horizon: int = 30
    """Days ahead to include (overdue follow-ups are always in, on today)."""
    todo: bool = False
    """To-dos (`VTODO`, due that day) instead of all-day events."""
    alarm: dt.time | None = None
    """A reminder at this time of day on the day."""
    vault_key: str = ""
    """What makes UIDs differ between vaults (the vault's path)."""
    obsidian_vault: str | None = None
    """The vault's name when it is an Obsidian vault: descriptions then link to the note."""


def included(agenda: Agenda, horizon: int) -> list[AgendaItem]:
    """The follow-ups the file holds: everything due up to `horizon` days ahead."""
    last = agenda.today + dt.timedelta(days=horizon)
    return [item for item in agenda.items if item.due.date <= last]


def uid(vault_key: str, path: str) -> str:
    """Stable per vault and note: a calendar updates the event instead of adding one."""
    digest = hashlib.blake2b(f"{vault_key}\0{path}".encode("utf-8", "surrogateescape"))
    return f"{digest.hexdigest()[:32]}@followup-md"


def note_url(vault: str, path: str) -> str:
    """`obsidian://open?vault=…&file=…`, every value percent-encoded (Obsidian URI docs)."""
    file = path[:-3] if path.lower().endswith(".md") else path
    return f"obsidian://open?vault={quote(vault, safe='')}&file={quote(file, safe='')}"


def calendar(agenda: Agenda, options: IcsOptions) -> bytes:
    """The iCalendar file of the agenda's follow-ups."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Follow-ups")
    stamp = dt.datetime.combine(agenda.today, dt.time(0), tzinfo=dt.timezone.utc)
    for item in included(agenda, options.horizon):
        cal.add_component(_component(item, agenda.today, stamp, options))
    return bytes(cal.to_ical())


def _component(
    item: AgendaItem, today: dt.date, stamp: dt.datetime, options: IcsOptions
) -> icalendar.Component:
    due = item.due
    day = max(due.date, today)
    component: icalendar.Component = icalendar.Todo() if options.todo else icalendar.Event()
    component.add("uid", uid(options.vault_key, due.contact.path))
    component.add("dtstamp", stamp)
    component.add("summary", summary(item))
    component.add("description", "\n".join(_description(item, options)))
    if options.todo:
        component.add("dtstart", day)  # an alarm is relative to it (RFC 5545, 3.8.6.3)
        component.add("due", day)
    else:
        component.add("dtstart", day)
        component.add("dtend", day + dt.timedelta(days=1))
        component.add("transp", "TRANSPARENT")
    if options.obsidian_vault is not None:
        component.add("url", note_url(options.obsidian_vault, due.contact.path))
    if options.alarm is not None:
        component.add_component(_alarm(summary(item), options.alarm))
    return component


def summary(item: AgendaItem) -> str:
    """`Follow up: Dana Park (email)`."""
    channel = f" ({item.due.channel})" if item.due.channel else ""
    return f"Follow up: {item.due.contact.name}{channel}"


def _description(item: AgendaItem, options: IcsOptions) -> Iterable[str]:
    due = item.due
    yield due.reason
    if item.days < 0:
        yield f"Due {due.date.isoformat()} ({delta(item.days)})."
    objective = _objective(due)
    if objective:
        yield f"Objective: {objective}"
    if options.obsidian_vault is not None:
        yield note_url(options.obsidian_vault, due.contact.path)
    else:
        yield f"Note: {due.contact.path}"


def _alarm(text: str, at: dt.time) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", dt.timedelta(hours=at.hour, minutes=at.minute))  # from the day's start
    return alarm
