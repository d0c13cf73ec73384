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
from pathlib import Path
from typing import Any

from followup_md.core.frozen import record
from followup_md.errors import UsageError

MAX_CALENDAR = 64 * 1024 * 1024
"""A bigger file is refused: no calendar export comes near it."""

MAX_TEXT = 300
"""A longer title is cut (with `…`), as a mail subject is."""

MAX_ID = 998
"""A longer UID is cut, as a Message-ID is."""

MAX_STARTS = 50_000
"""A series whose rule starts more often than this from its DTSTART to now (every minute
since 1900, say) is skipped, never expanded: no calendar holds such a meeting."""

MAX_SERIES = 1_000
"""At most this many occurrences of one series are read (the latest)."""

MAX_FILE = 20_000
"""At most this many occurrences of one file are read; the rest of it is passed over."""

LOOK_BACK = dt.timedelta(days=730)
"""Without `since`, events from this long before `until` on (two years)."""

NO_START = "event without a start (DTSTART)"
NOT_EXPANDED = "event that cannot be expanded"
TOO_MANY = "series skipped: too many occurrences"
CUT = "series cut: too many occurrences (the latest kept)"
FILE_CUT = "file cut: too many occurrences"


class CalendarError(UsageError):
    """A calendar file that cannot be read (exit 2)."""


@record
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


@record
class Skipped:
    """Events (or series) passed over, and why: the others are read."""

    why: str
    count: int = 1
    event: bool = True
    """True when `count` is of events read (else of series or files cut)."""


@record
class BadFile:
    """A file that cannot be read at all; the other files are."""

    message: str


class _TooMany(Exception):
    """A series whose rule starts more than MAX_STARTS times before `until`."""


def read(
    paths: Sequence[Path], until: dt.datetime, since: dt.date | None = None
) -> Iterator[Event | Skipped | BadFile]:
    """The events of the `.ics` files that started before `until` (and on or after
    `since`, else within LOOK_BACK of `until`), recurring ones expanded lazily and capped
    (MAX_STARTS, MAX_SERIES, MAX_FILE). An event or series that cannot be read is a
    Skipped, a file that cannot be read a BadFile; neither stops the others."""
    import icalendar

    start = since or (until - LOOK_BACK).date()
    for path in paths:
        try:
            calendar = _load(path, icalendar)
        except CalendarError as exc:
            yield BadFile(exc.message)
            continue
        yield from _file(path, calendar, start, until)


def _file(
    path: Path, calendar: Any, start: dt.date, until: dt.datetime
) -> Iterator[Event | Skipped | BadFile]:
    import recurring_ical_events  # type: ignore[import-untyped]

    events = calendar.subcomponents
    bad = [c for c in events if getattr(c, "name", "") == "VEVENT" and "DTSTART" not in c]
    if bad:
        calendar.subcomponents = [c for c in events if not any(c is b for b in bad)]
        yield Skipped(NO_START, len(bad))
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
    except Exception as exc:  # the library's own errors for a bad calendar
        yield BadFile(f"{path}: cannot expand its events ({exc}); fix or re-export it")
        return
    vevents = calendar.walk("VEVENT")
    series = {
        str(c.get("UID", ""))
        for c in vevents
        if any(key in c for key in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }
    uids = {str(c["UID"]) if "UID" in c else id(c) for c in vevents}
    if len(uids) > len(query.series):  # the library passed over a series it cannot read
        yield Skipped(NOT_EXPANDED, len(uids) - len(query.series))
    left = MAX_FILE
    for one in query.series:
        try:
            occurrences = _occurrences(one, start, until)
        except _TooMany:
            yield Skipped(TOO_MANY, event=False)
            continue
        except Exception:  # a bad rule or date of this series: the others are read
            yield Skipped(NOT_EXPANDED)
            continue
        if len(occurrences) > MAX_SERIES:
            occurrences = occurrences[-MAX_SERIES:]
            yield Skipped(CUT, event=False)
        if len(occurrences) > left:
            yield Skipped(FILE_CUT, event=False)
            return
        left -= len(occurrences)
        for occurrence in occurrences:
            try:
                event = _event(occurrence.as_component(False), until, series)
            except Exception:  # a value icalendar cannot give: that occurrence only
                event = None
                yield Skipped(NOT_EXPANDED)
            if event is not None:
                yield event


def _occurrences(series: Any, start: dt.date, until: dt.datetime) -> list[Any]:
    """The series' occurrences from `start` to `until`, in order. Its rules are first
    run lazily from DTSTART: past MAX_STARTS before `until`, _TooMany."""
    for rule in getattr(getattr(series, "recurrence", None), "rrules", ()):
        for count, when in enumerate(rule):
            if _later(when, until):
                break
            if count >= MAX_STARTS:
                raise _TooMany
    found: list[Any] = []
    for occurrence in series.between(start, until):
        found.append(occurrence)
        if len(found) > MAX_STARTS:
            raise _TooMany
    found.sort()
    return found


def _later(when: dt.date, until: dt.datetime) -> bool:
    if not isinstance(when, dt.datetime):
        return when > until.date()
    if when.tzinfo is None:
        return when >= until.astimezone().replace(tzinfo=None)
    return when >= until


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
    uid = clean(str(component.get("UID", "")), MAX_ID, "")
    recurrence = component.get("RECURRENCE-ID")
    if recurrence is not None and str(component.get("UID", "")) in series:
        uid = f"{uid[: MAX_ID - 20]}/{_stamp(recurrence.dt)}"
    categories = _categories(component)
    return Event(
        id=uid or clean(f"{day.isoformat()} {component.get('SUMMARY', '')}", MAX_ID, ""),
        date=day,
        title=clean(str(component.get("SUMMARY", "")), MAX_TEXT) or None,
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


def clean(text: str, limit: int, more: str = "…") -> str:
    """`text` on one line, control characters (an escape sequence's ESC) as spaces,
    no longer than `limit` (cut, ending with `more`)."""
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - len(more)].rstrip() + more
    return text


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
