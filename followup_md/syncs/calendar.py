"""Calendar files (`.ics`) into plain records of past events.

`icalendar` reads the file; `recurring-ical-events` expands recurring events (RRULE,
RDATE, EXDATE, moved occurrences) up to now, which `icalendar` alone does not do. A
record holds what `sync` needs: an id (the UID, and for an occurrence of a series its
recurrence id), the local calendar date it started on, the title, the first category,
the organizer's and attendees' addresses (lower case) with each attendee's answer,
and whether it was cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followup_md.errors import UsageError

MAX_CALENDAR = 64 * 1024 * 1024
"""A bigger file is refused: no calendar export comes near it."""


class CalendarError(UsageError):
    """A calendar file that cannot be read (exit 2)."""


@dataclass(frozen=True)
class Event:
    """One occurrence of an event, as `sync` needs it."""

    id: str
    date: dt.date
    title: str | None
    category: str | None
    """The first of its CATEGORIES, lower case."""
    organizer: str | None
    attendees: tuple[tuple[str, str], ...]
    """(address, PARTSTAT in upper case: ACCEPTED, DECLINED, NEEDS-ACTION, ...)."""
    cancelled: bool
    at: float = 0.0
    """When it started (POSIX seconds): orders the events of one day."""


def read(
    paths: Sequence[Path], until: dt.datetime, since: dt.date | None = None
) -> Iterator[Event]:
    """The events of the `.ics` files that started before `until` (and on or after
    `since`), recurring ones expanded. Raises CalendarError for a file that is missing,
    too big or not a calendar."""
    import icalendar
    import recurring_ical_events  # type: ignore[import-untyped]

    for path in paths:
        calendar = _load(path, icalendar)
        start = since or dt.date(1900, 1, 1)
        try:
            occurrences = list(recurring_ical_events.of(calendar).between(start, until))
        except Exception as exc:  # the library's own errors for a bad rule or date
            raise CalendarError(
                f"{path}: cannot expand its events ({exc}); fix or re-export it"
            ) from None
        series = {
            str(c.get("UID", ""))
            for c in calendar.walk("VEVENT")
            if any(key in c for key in ("RRULE", "RDATE", "RECURRENCE-ID"))
        }
        for component in occurrences:
            event = _event(component, until, series)
            if event is not None:
                yield event


def _load(path: Path, icalendar: Any) -> Any:
    try:
        if path.stat().st_size > MAX_CALENDAR:
            raise CalendarError(f"{path}: over {MAX_CALENDAR >> 20} MB; this is no calendar file")
        data = path.read_bytes()
    except OSError as exc:
        raise CalendarError(
            f"{path}: cannot read it ({exc.strerror or exc}); give an .ics file your calendar "
            "app exported"
        ) from None
    try:
        return icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and others for what it cannot read
        raise CalendarError(
            f"{path}: not an iCalendar file ({exc}); give an .ics file your calendar app exported"
        ) from None


def _event(component: Any, until: dt.datetime, series: set[str]) -> Event | None:
    """The occurrence as a record; an occurrence of a series (`series`: their UIDs) has
    its recurrence id in its id."""
    start = component.get("DTSTART")
    if start is None:
        return None
    when = start.dt
    if isinstance(when, dt.datetime):
        aware = when if when.tzinfo is not None else when.astimezone()
        if aware >= until:
            return None
        day = aware.astimezone().date()  # the local calendar date
        at = aware.timestamp()
    else:
        if dt.datetime.combine(when, dt.time(), until.tzinfo) >= until:
            return None
        day = when
        at = dt.datetime.combine(when, dt.time()).astimezone().timestamp()
    uid = " ".join(str(component.get("UID", "")).split())
    recurrence = component.get("RECURRENCE-ID")
    if recurrence is not None and str(component.get("UID", "")) in series:
        uid = f"{uid}/{_stamp(recurrence.dt)}"
    categories = _categories(component)
    return Event(
        id=uid or f"{day.isoformat()} {component.get('SUMMARY', '')}",
        date=day,
        title=" ".join(str(component.get("SUMMARY", "")).split()) or None,
        category=categories[0].lower() if categories else None,
        organizer=_address(component.get("ORGANIZER")),
        attendees=tuple(
            (address, str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper())
            for a in _list(component.get("ATTENDEE"))
            if (address := _address(a)) is not None
        ),
        cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
        at=at,
    )


def _stamp(value: dt.date) -> str:
    """A recurrence id as iCalendar writes it: 20261109T100000Z, or 20261109."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _categories(component: Any) -> list[str]:
    found: list[str] = []
    for value in _list(component.get("CATEGORIES")):
        cats = getattr(value, "cats", None)
        found += [str(c).strip() for c in (cats if cats is not None else [value]) if str(c).strip()]
    return found


def _address(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text else None
