"""What every importer gives: contacts as rows, each with where it came from, and problems.

A row holds what a new contact note is made of, cleaned but not judged against the
vault: the use case decides what is new, what is already there, and writes the notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from followup_md.core.frozen import record
from followup_md.core.model import Problem


@record
class Row:
    """One contact to import, as read from one card or one line of a file."""

    name: str
    file: str
    """The file as the user named it."""
    line: int
    """The line the contact starts on (a card's BEGIN:VCARD line)."""
    card: int | None = None
    """A vCard's number in its file, counting from 1; None for a CSV row."""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    birthday: str | None = None
    """`YYYY-MM-DD`, or `--MM-DD` without the year."""
    note: str | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    """Other keys written as given: cadence, channel, objective, profile, linkedin."""
    connected: dt.date | None = None
    """LinkedIn's "Connected On": a first interaction of type `networking`."""

    @property
    def source(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} (card {self.card})" if self.card is not None else where


@dataclass
class Parsed:
    """What one file gave: its rows, its problems, and the columns it had that mean nothing
    to followup (said once, not per row)."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    kind: str = ""
    """What the file was read as: vCard, LinkedIn, CSV."""


_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: object) -> str | None:
    """One line of text: whitespace runs made one space, control characters dropped."""
    if value is None:
        return None
    text = _SPACES.sub(" ", _CONTROL.sub("", str(value))).strip()
    return text or None


def clean_note(value: object) -> str | None:
    """Free text for the note's body: its lines kept, control characters dropped."""
    if value is None:
        return None
    lines = [line.rstrip() for line in _CONTROL.sub("", str(value)).splitlines()]
    text = "\n".join(lines).strip()
    return text or None


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """The values that are not empty, each once (case ignored), first come first."""
    seen: dict[str, str] = {}
    for value in values:
        text = clean(value)
        if text is not None:
            seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


_BIRTHDAY = re.compile(
    r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})(?:[T ].*)?"
    r"|--(?P<month2>\d{2})-?(?P<day2>\d{2})"
    r"|(?P<month3>\d{1,2})-(?P<day3>\d{1,2})"
)


def birthday(value: str) -> str | None:
    """A birthday as the notes write it (`YYYY-MM-DD`, `--MM-DD` without a year), from
    vCard's forms (`1988-05-14`, `19880514`, `--0514`, `1988-05-14T00:00:00Z`) and the
    notes' own (`--05-14`, `05-14`); None when it is no real date."""
    match = _BIRTHDAY.fullmatch(value.strip())
    if match is None:
        return None
    year = match.group("year")
    month = match.group("month") or match.group("month2") or match.group("month3")
    day = match.group("day") or match.group("day2") or match.group("day3")
    try:
        date = dt.date(int(year) if year else 2000, int(month), int(day))  # 2000: a leap year
    except ValueError:
        return None
    return date.isoformat() if year else f"--{date.month:02d}-{date.day:02d}"
