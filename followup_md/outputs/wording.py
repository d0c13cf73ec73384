"""How dates, counts and reasons read, the same in every output."""

from __future__ import annotations

import datetime as dt
import re

from followup_md.core.durations import plural
from followup_md.core.model import (
    Agenda,
    AgendaItem,
    Contact,
    Due,
    Missed,
    Quiet,
)
from followup_md.outputs.escape import shown

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""English as the rest of the output (strftime's %a, in the C locale, and slower)."""


def weekday_date(date: dt.date) -> str:
    """`Mon 2026-11-23`."""
    return f"{_WEEKDAYS[date.weekday()]} {date.isoformat()}"


def delta(days: int) -> str:
    """`3 days overdue`, `today`, `tomorrow`, `in 5 days`."""
    if days < 0:
        return f"{-days} day overdue" if days == -1 else f"{-days} days overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary_counts(agenda: Agenda) -> list[str]:
    counts = {name: len(agenda.bucket(name)) for name in ("overdue", "today", "upcoming", "later")}
    parts = [
        f"{counts['overdue']} overdue",
        f"{counts['today']} today",
        f"{counts['upcoming']} in the next {plural(agenda.horizon, 'day')}",
        f"{counts['later']} later",
    ]
    if agenda.missed:
        parts.append(f"{len(agenda.missed)} missed")
    if agenda.quiet:
        parts.append(f"{len(agenda.quiet)} gone quiet")
    if agenda.problems:
        parts.append(plural(len(agenda.problems), "problem"))
    return parts


def _when_notes(due: Due) -> list[str]:
    notes = []
    if due.shifted_from is not None:
        notes.append(f"moved from {weekday_date(due.shifted_from)}")
    return notes


def _objective(due: Due) -> str | None:
    objective = due.contact.objective
    return _one_line(objective) if objective else None


def _quiet_text(quiet: Quiet) -> str:
    text = (
        f"no reply to {plural(quiet.unanswered, 'message')}, "
        f"the last on {quiet.last.date.isoformat()}"
    )
    if quiet.cadence_due is not None:
        return f"{text}; keep-in-touch cadence resumes {quiet.cadence_due.isoformat()}"
    return f"{text}; no more nudges (set a cadence to stay in touch, or close the contact)"


_SHELL_PLAIN = re.compile(r"[\w@%+=:,./-]+")
_SHELL_SPECIAL = re.compile(r'["\\$`!]')


def shell_word(text: str) -> str:
    """`text` as one word a POSIX shell (and, quoted with ", most others) reads back.

    Plain when it needs nothing, in double quotes when they are enough, else in
    single quotes. Control characters are made visible first (`escape.shown`).
    """
    text = shown(text)
    if _SHELL_PLAIN.fullmatch(text):
        return text
    if not _SHELL_SPECIAL.search(text):
        return f'"{text}"'
    return "'" + text.replace("'", "'\"'\"'") + "'"


def missed_command(missed: Missed) -> str:
    """The command that clears a missed follow-up that was not done."""
    name = shell_word(missed.due.contact.name)
    if name.startswith("-"):  # not an option: after `--`, everything is an argument
        return f"followup done --no-reply -- {name}"
    return f"followup done {name} --no-reply"


def missed_parts(missed: Missed, today: dt.date, command: str) -> list[str]:
    """A missed follow-up in a few short parts (user text shown safely): when it was
    due, why, how to clear it (`command` as the medium shows code), and when the
    cadence brings the contact back meanwhile."""
    due = missed.due
    parts = [
        f"due {weekday_date(due.date)} ({delta((due.date - today).days)})",
        shown(due.reason),
        f"log it if it was done, or {command}",
    ]
    if missed.cadence_due is not None:
        cadence = weekday_date(missed.cadence_due)
        parts.append(f"meanwhile the keep-in-touch cadence is due {cadence}")
    return parts


def profile_name(contact: Contact, item: AgendaItem | None) -> str | None:
    """The profile whose timing applies to the contact: the one its due item was planned
    with, else the one the contact carries (`app.contacts.report` fills it in)."""
    return item.due.profile if item is not None else contact.profile
