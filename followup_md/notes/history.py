"""Validating a note's history: each interaction, one line or a mapping, into the model.

The half of the validator (`validate.Validator`) that reads `interactions`, with the
state both halves share: the note, what was loaded, and the problems found so far. An
interaction that cannot be read is reported with its file line and skipped; the rest
of the history still counts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from followup_md.core.durations import parse_duration, to_date
from followup_md.core.model import (
    NO_FOLLOW_UP,
    Direction,
    FollowUp,
    Interaction,
    Problem,
    assembled,
)
from followup_md.notes.limits import MAX_MESSAGE, cut, quoted, reason
from followup_md.notes.typos import INTERACTION_FIELDS, MAX_TYPO_CHECKS, field_typo
from followup_md.notes.yaml_fast import Loaded

_DIRECTIONS: dict[str, Direction] = {
    "in": "in", "inbound": "in", "incoming": "in", "received": "in",
    "out": "out", "outbound": "out", "outgoing": "out", "sent": "out",
}  # fmt: skip

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


class HistoryChecks:
    """Reads a note's interactions, collecting problems as it goes (see `Validator`)."""

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

    def interactions(self) -> list[Interaction]:
        value = self.data.get("interactions")
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(
                "interactions",
                f"'interactions' should be a list (one '- ' line per interaction), not a "
                f"{kind_of(value)}; no interaction was read",
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
                        summary = scalar_text(value)
                        return self.one_line_match(match, summary, f"{key}: {summary}", line)
                if (
                    isinstance(key, str)
                    and STARTS_WITH_DATE.match(key)
                    and not isinstance(value, (dict, list))
                ):
                    # `- 2026-11-20 event: Met` unquoted: YAML reads a one-key mapping.
                    text = key if value is None else f"{key}: {scalar_text(value)}"
                    return self.one_line(text, line)
            return self.mapping(item, line)
        self.report(
            None,
            f"interaction {quoted(scalar_text(item))} has no type; {ONE_LINE_HELP}; skipped",
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
        return scalar_text(value).strip() or None

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
                f"interaction follow_up {quoted(scalar_text(value))} is not a duration, a date or "
                "'none'; ignored",
                line,
            )
            return None


def scalar_text(value: object) -> str:
    if value.__class__ is str or not isinstance(value, (bool, dt.date)):
        return str(value)  # most are text already
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()


def kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__
