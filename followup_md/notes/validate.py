"""Validating loaded front matter into a Contact, collecting problems as it goes.

A bad value costs only itself: it is reported, with its file line where known, and
left out, and the rest of the note is still read. Every user value a message quotes
is cut to size (`limits.quoted`), so no message grows with the note.
"""

from __future__ import annotations

import datetime as dt
import re

from followup_md.core.durations import DURATION_HELP, Duration, parse_duration, to_date
from followup_md.core.model import Birthday, Contact, ParsedNote, Status, assembled
from followup_md.core.properties import KEYS as SYNCED_KEYS
from followup_md.notes.history import STARTS_WITH_DATE as STARTS_WITH_DATE
from followup_md.notes.history import HistoryChecks, kind_of, scalar_text
from followup_md.notes.limits import cut, quoted, reason
from followup_md.notes.typos import key_typos

_STATUSES: tuple[Status, ...] = ("active", "paused", "closed")

_LONGEST_DURATION = 30
"""Longer text is no duration (`fortnightly`, `36500 days`); its number is not converted."""


_BIRTHDAY = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})")
"""A birthday without its year: `--05-14` (ISO 8601's form) or `05-14`."""


class Validator(HistoryChecks):
    """Turns loaded front matter into a Contact, collecting problems as it goes: the
    fields here, the interactions in `HistoryChecks`."""

    def contact(self) -> ParsedNote:
        for key, first, second in self.loaded.duplicates:
            self.report(
                None,
                f"'{cut(key)}' appears twice (lines {first} and {second}); YAML keeps only the "
                "second one: merge them into one",
                second,
            )
        stem = self.path.rsplit("/", 1)[-1]
        stem = stem[:-3] if stem.lower().endswith(".md") else stem
        contact = assembled(
            Contact,
            path=self.path,
            name=self.text("name") or stem,
            aliases=self.text_list("aliases"),
            status=self.status(),
            channel=self.text("channel"),
            objective=self.text("objective"),
            cadence=self.duration("cadence"),
            next=self.date("next"),
            snooze=self.date("snooze"),
            tags=tuple(tag.lstrip("#") for tag in self.text_list("tags")),
            email=self.text("email"),
            phone=self.text("phone"),
            company=self.text("company"),
            profile=self.text("profile"),
            birthday=self.birthday(),
            added=self.date("added") or self.created(),
            interactions=(history := tuple(self.interactions())),
            logged=len(history),  # the whole history; caches keep only its tail
            properties=self.properties(),
            emails=self.text_list("emails"),
        )
        self.problems.extend(key_typos(self.path, self.loaded))
        problems = sorted(self.problems, key=lambda p: p.line or 0)
        return assembled(ParsedNote, contact=contact, problems=tuple(problems), dated=None)

    # -- scalar fields

    def properties(self) -> tuple[tuple[str, str | None], ...]:
        """The synced properties the note holds (see `Contact.properties`); never a problem:
        they are output only, and a wrong value is just rewritten."""
        found = []
        for key in SYNCED_KEYS:
            if key in self.data:
                value = self.data[key]
                text = value.isoformat() if type(value) is dt.date else value
                found.append((key, text if text.__class__ is str else None))
        return tuple(found)

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value.strip() or None
        if isinstance(value, (dict, list)):
            self.report(key, f"'{key}' should be a single value, not a {kind_of(value)}; ignored")
            return None
        text = scalar_text(value).strip()
        return text or None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, list):
            items = [scalar_text(v).strip() for v in value if not isinstance(v, (dict, list))]
            return tuple(item for item in items if item)
        if isinstance(value, dict):
            self.report(key, f"'{key}' should be a list; ignored")
            return ()
        return tuple(part.strip() for part in scalar_text(value).split(",") if part.strip())

    def status(self) -> Status:
        raw = self.text("status")
        if raw is None:
            return "active"
        status = raw.lower()
        for known in _STATUSES:
            if status == known:
                return known
        self.report(
            "status",
            f"unknown status '{cut(raw)}': use active, paused or closed; counted as active",
        )
        return "active"

    def duration(self, key: str) -> Duration | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, str) and len(value.strip()) > _LONGEST_DURATION:
                raise ValueError(f"{quoted(value)} is not a duration ({DURATION_HELP})")
            duration = parse_duration(value)
        except ValueError as exc:
            self.report(key, f"'{key}': {reason(exc, value)}; no {key} is used until it is fixed")
            return None
        if not (duration.days or duration.months):
            self.report(
                key,
                f"'{key}': {quoted(value)} is zero; give a positive one (30d, monthly)"
                f"; no {key} is used until it is fixed",
            )
            return None
        return duration

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return to_date(value)
        except ValueError as exc:
            self.report(key, f"'{key}': {reason(exc, value)}; it is ignored until it is fixed")
            return None

    def created(self) -> dt.date | None:
        """Obsidian's `created`, when it holds a date: other tools write it in their own
        formats, which are theirs, so one that is not a date is quietly left alone."""
        value = self.data.get("created")
        try:
            return to_date(value) if value not in (None, "") else None
        except ValueError:
            return None

    def birthday(self) -> Birthday | None:
        """`1960-05-14`, or without a year: `--05-14` or `05-14`."""
        value = self.data.get("birthday")
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            return Birthday(value.month, value.day, value.year)
        match = _BIRTHDAY.fullmatch(str(value).strip())
        if match is not None:
            month, day = int(match.group(1)), int(match.group(2))
            try:
                dt.date(2000, month, day)  # a leap year: 02-29 is a real birthday
            except ValueError:
                pass
            else:
                return Birthday(month, day)
        self.report(
            "birthday",
            f"'birthday': {quoted(value)} is not a birthday; write it as YYYY-MM-DD, or "
            "--MM-DD without the year; it is ignored until it is fixed",
        )
        return None
