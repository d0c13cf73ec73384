"""How dates, counts and reasons read, the same in every output."""

from __future__ import annotations

import datetime as dt

from followup_md.core.durations import plural
from followup_md.core.model import (
    Agenda,
    Due,
    Quiet,
)


def weekday_date(date: dt.date) -> str:
    return f"{date:%a} {date.isoformat()}"


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
