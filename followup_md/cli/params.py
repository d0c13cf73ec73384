"""Command-line value types: strict dates, and a date or a duration."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from followup_md.core.durations import Duration, parse_duration
from followup_md.errors import UsageError


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A `YYYY-MM-DD` date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return iso_date(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD", param, ctx)


DATE = DateType()


def iso_date(value: object) -> dt.date:
    """A strict YYYY-MM-DD date (fromisoformat alone also takes 20261122). ValueError."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


class WhenType(click.ParamType):  # type: ignore[type-arg]
    """A date (YYYY-MM-DD), or a duration from today (3d, 2w, 1m, monthly)."""

    name = "DATE|DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (dt.date, Duration)):
            return value
        try:
            return iso_date(value)
        except ValueError:
            pass
        try:
            return parse_duration(value)
        except ValueError:
            self.fail(f"{value!r} is neither a date (YYYY-MM-DD) nor a duration (3d, 2w, 1m)")


def _checked_duration(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a duration but keep it as the user wrote it, for the note."""
    if value is None:
        return None
    try:
        parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value.strip()


def date_after(duration: Duration, today: dt.date) -> dt.date:
    """`duration` from `today`, or a usage error when that is past the calendar's end."""
    try:
        return duration.after(today)
    except OverflowError:
        raise UsageError(
            f"{duration} after {today.isoformat()} is past the year 9999; give a nearer "
            "date or a shorter duration"
        ) from None
