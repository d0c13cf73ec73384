"""Validating loaded front matter into a Contact, collecting problems as it goes.

A bad value costs only itself: it is reported, with its file line where known, and
left out, and the rest of the note is still read. Every user value a message quotes
is cut to size (`limits.quoted`), so no message grows with the note.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from followup_md.core.durations import DURATION_HELP, Duration, parse_duration, to_date
from followup_md.core.model import (
    NO_FOLLOW_UP,
    Birthday,
    Contact,
    Direction,
    FollowUp,
    Interaction,
    ParsedNote,
    Problem,
    Status,
    assembled,
)
from followup_md.core.properties import KEYS as SYNCED_KEYS
from followup_md.notes.limits import MAX_MESSAGE, cut, quoted, reason
from followup_md.notes.typos import INTERACTION_FIELDS, MAX_TYPO_CHECKS, field_typo, key_typos
from followup_md.notes.yaml_fast import Loaded

_DIRECTIONS: dict[str, Direction] = {
    "in": "in", "inbound": "in", "incoming": "in", "received": "in",
    "out": "out", "outbound": "out", "outgoing": "out", "sent": "out",
}  # fmt: skip

_STATUSES: tuple[Status, ...] = ("active", "paused", "closed")

_FIELDS = frozenset(INTERACTION_FIELDS)

# The summary is stripped after the match: a lazy summary before `\s*$` took quadratic
# time on a long run of spaces, and a hostile note can hold a megabyte of them.
_ONE_LINE = re.compile(
    r"^\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"\s+(?P<type>[^\s:]+)"
    r"(?:\s+(?P<direction>in|out))?"
    r"\s*(?::(?P<summary>.*))?$",
    re.I | re.S,
)

_ONE_LINE_KEY = re.compile(
    r"\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})\s+(?P<type>[^\s:]+)(?:\s+(?P<direction>in|out))?\s*",
    re.I,
)
"""`_ONE_LINE` up to its summary, for the key YAML made of an unquoted one-line interaction
(`- 2026-11-20 event: Met`), whose summary is the key's value. A key with a ':' (a time)
never matches: it is read as the line `key: value`, as written."""

STARTS_WITH_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
"""How a one-line interaction (and YAML's reading of it unquoted as a key) begins."""

ONE_LINE_HELP = "write it as 'YYYY-MM-DD TYPE [in|out]: summary'"

_LONGEST_DURATION = 30
"""Longer text is no duration (`fortnightly`, `36500 days`); its number is not converted."""


_BIRTHDAY = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})")
"""A birthday without its year: `--05-14` (ISO 8601's form) or `05-14`."""


class Validator:
    """Turns loaded front matter into a Contact, collecting problems as it goes."""

    def __init__(self, path: str, loaded: Loaded) -> None:
        self.path = path
        self.data: dict[Any, Any] = loaded.data
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.checks = MAX_TYPO_CHECKS  # interaction fields left to look at for typos

    def report(self, key: str | None, message: str, line: int | None = None) -> None:
        if line is None and key is not None:
            line = self.loaded.key_lines.get(key)
        self.problems.append(Problem(self.path, line, cut(message, MAX_MESSAGE)))

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
            self.report(key, f"'{key}' should be a single value, not a {_kind(value)}; ignored")
            return None
        text = _scalar_text(value).strip()
        return text or None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, list):
            items = [_scalar_text(v).strip() for v in value if not isinstance(v, (dict, list))]
            return tuple(item for item in items if item)
        if isinstance(value, dict):
            self.report(key, f"'{key}' should be a list; ignored")
            return ()
        return tuple(part.strip() for part in _scalar_text(value).split(",") if part.strip())

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

    # -- interactions

    def interactions(self) -> list[Interaction]:
        value = self.data.get("interactions")
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(
                "interactions",
                f"'interactions' should be a list (one '- ' line per interaction), not a "
                f"{_kind(value)}; no interaction was read",
            )
            return []
        lines = self.loaded.item_lines.get("interactions", [])
        found = []
        for index, item in enumerate(value):
            line = lines[index] if index < len(lines) else self.loaded.key_lines.get("interactions")
            interaction = self.interaction(item, line)
            if interaction is not None:
                found.append(interaction)
        return found

    def interaction(self, item: object, line: int | None) -> Interaction | None:
        if isinstance(item, str):
            return self.one_line(item, line)
        if isinstance(item, dict):
            if len(item) == 1 and "date" not in item:
                ((key, value),) = item.items()
                if key.__class__ is str:
                    match = _ONE_LINE_KEY.fullmatch(key)
                    if match is not None and not isinstance(value, (dict, list)):
                        if value is None:
                            return self.one_line_match(match, None, key, line)
                        summary = _scalar_text(value)
                        return self.one_line_match(match, summary, f"{key}: {summary}", line)
                if (
                    isinstance(key, str)
                    and STARTS_WITH_DATE.match(key)
                    and not isinstance(value, (dict, list))
                ):
                    # `- 2026-11-20 event: Met` unquoted: YAML reads a one-key mapping.
                    text = key if value is None else f"{key}: {_scalar_text(value)}"
                    return self.one_line(text, line)
            return self.mapping(item, line)
        self.report(
            None,
            f"interaction {quoted(_scalar_text(item))} has no type; {ONE_LINE_HELP}; skipped",
            line,
        )
        return None

    def one_line(self, text: str, line: int | None) -> Interaction | None:
        match = _ONE_LINE.match(text)
        if match is None:
            self.report(
                None, f"cannot read interaction {quoted(text)}: {ONE_LINE_HELP}; skipped", line
            )
            return None
        return self.one_line_match(match, match.group("summary"), text, line)

    def one_line_match(
        self, match: re.Match[str], summary: str | None, text: str, line: int | None
    ) -> Interaction | None:
        """The interaction of a one-line match (`_ONE_LINE`, or `_ONE_LINE_KEY` and the
        summary YAML gave as the key's value); `text` is the line, for a message."""
        try:
            when = to_date(match.group("date"))
        except ValueError as exc:
            self.report(None, f"interaction {quoted(text)}: {reason(exc, text)}; skipped", line)
            return None
        type_, direction = match.group("type", "direction")
        return assembled(
            Interaction, date=when, type=type_.lower(),
            direction="in" if direction is not None and direction.lower() == "in" else "out",
            channel=None, summary=(summary or "").strip() or None, follow_up=None, outcome=None,
            line=line, id=None,
        )  # fmt: skip

    def mapping(self, item: dict[Any, Any], line: int | None) -> Interaction | None:
        when = item.get("date")
        if when is None:
            self.report(None, "interaction has no 'date'; add one (YYYY-MM-DD); skipped", line)
            return None
        if when.__class__ is not dt.date:
            try:
                when = to_date(when)
            except ValueError as exc:
                self.report(None, f"interaction date: {reason(exc, item['date'])}; skipped", line)
                return None
        if 4 <= len(item) <= 5:  # date, type, direction, summary (channel): as most are
            kind, way, summary = item.get("type"), item.get("direction"), item.get("summary")
            channel = item.get("channel")
            if (
                kind.__class__ is str
                and way.__class__ is str
                and summary.__class__ is str
                and (channel.__class__ is str or (channel is None and len(item) == 4))
            ):
                way = way.strip()
                direction = _DIRECTIONS.get(way.lower()) if way else "out"
                if direction is not None:  # else the general path below reports it
                    return assembled(
                        Interaction, date=when, type=(kind.strip() or "interaction").lower(),
                        direction=direction, channel=channel and channel.strip() or None,
                        summary=summary.strip() or None, follow_up=None, outcome=None,
                        line=line, id=None,
                    )  # fmt: skip
        if self.checks > 0 and not _FIELDS.issuperset(item):
            for key in item:
                if self.checks > 0 and (typo := field_typo(key)) is not None:
                    self.checks -= 1
                    if typo:
                        self.report(None, typo, line)
        text = self.item_text
        return assembled(
            Interaction,
            date=when,
            type=(text(item, "type", line) or "interaction").lower(),
            direction=self.direction(item, line),
            channel=text(item, "channel", line),
            summary=text(item, "summary", line),
            follow_up=self.follow_up(item, line),
            outcome=text(item, "outcome", line),
            line=line,
            id=text(item, "id", line),
        )

    def item_text(self, item: dict[Any, Any], key: str, line: int | None) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value.strip() or None
        if isinstance(value, (dict, list)):
            self.report(None, f"interaction '{key}' should be a single value; ignored", line)
            return None
        return _scalar_text(value).strip() or None

    def direction(self, item: dict[Any, Any], line: int | None) -> Direction:
        raw = self.item_text(item, "direction", line)
        if raw is None:
            return "out"
        direction = _DIRECTIONS.get(raw.lower())
        if direction is None:
            self.report(
                None,
                f"interaction direction '{cut(raw)}' is not 'in' or 'out'; counted as out",
                line,
            )
            return "out"
        return direction

    def follow_up(self, item: dict[Any, Any], line: int | None) -> FollowUp | None:
        value = item.get("follow_up")
        if value is None:
            return None
        if value.__class__ is dt.date:
            return value  # as to_date gives it back
        if value is False or (isinstance(value, str) and value.strip().lower() == NO_FOLLOW_UP):
            return NO_FOLLOW_UP
        if isinstance(value, (dt.date, str)):
            try:
                return to_date(value)
            except ValueError:
                pass  # not a date: perhaps a duration
        try:
            return parse_duration(value)
        except ValueError:
            self.report(
                None,
                f"interaction follow_up {quoted(_scalar_text(value))} is not a duration, a date or "
                "'none'; ignored",
                line,
            )
            return None


def _scalar_text(value: object) -> str:
    if value.__class__ is str or not isinstance(value, (bool, dt.date)):
        return str(value)  # most are text already
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__
