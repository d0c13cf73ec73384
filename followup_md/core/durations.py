"""Durations ("3d", "2 weeks", "quarterly") and date coercion. Pure functions.

Months are calendar months with end-of-month clamping (Jan 31 + 1m = Feb 28/29),
so a "monthly" cadence stays on the same day of the month where it can.
"""

from __future__ import annotations

import datetime as dt
import re

from followup_md.core.frozen import record

_UNITS = {
    "d": (1, 0), "day": (1, 0), "days": (1, 0),
    "w": (7, 0), "wk": (7, 0), "week": (7, 0), "weeks": (7, 0),
    "m": (0, 1), "mo": (0, 1), "month": (0, 1), "months": (0, 1),
    "y": (0, 12), "yr": (0, 12), "year": (0, 12), "years": (0, 12),
}  # fmt: skip

_WORDS = {
    "daily": (1, 0),
    "weekly": (7, 0),
    "biweekly": (14, 0),
    "fortnightly": (14, 0),
    "monthly": (0, 1),
    "quarterly": (0, 3),
    "yearly": (0, 12),
    "annually": (0, 12),
}

_DURATION = re.compile(r"^\s*(\d+)\s*([a-z]+)?\s*$")


@record
class Duration:
    """A span of whole days plus whole calendar months."""

    days: int = 0
    months: int = 0

    def after(self, start: dt.date) -> dt.date:
        """`start` plus this duration, clamping to the end of a shorter month."""
        return add_months(start, self.months) + dt.timedelta(days=self.days)

    def every(self) -> str:
        """`every month`, `every 2 weeks`: how a cadence reads in a sentence."""
        text = str(self)
        return f"every {text[2:]}" if text.startswith("1 ") else f"every {text}"

    def __str__(self) -> str:
        if self.months and not self.days:
            if self.months % 12 == 0:
                return plural(self.months // 12, "year")
            return plural(self.months, "month")
        if not self.months:
            if self.days and self.days % 7 == 0:
                return plural(self.days // 7, "week")
            return plural(self.days, "day")
        return f"{plural(self.months, 'month')} and {plural(self.days, 'day')}"


def plural(n: int, unit: str) -> str:
    """`1 day`, `2 days`: English plurals of the regular words followup uses."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def add_months(start: dt.date, months: int) -> dt.date:
    """`start` plus calendar months, clamped to the end of a shorter month.

    Raises OverflowError beyond the calendar, as `date + timedelta` does, so callers
    catch one exception for any date arithmetic that leaves it.
    """
    if not months:
        return start
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"{start.isoformat()} plus {months} months is beyond the calendar")
    return dt.date(year, month + 1, min(start.day, _days_in_month(year, month + 1)))


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_duration(value: object) -> Duration:
    """Read `3d`, `2w`, `1m`, `1y`, `10` (days), `2 weeks`, `quarterly`, ...

    Raises ValueError with a message that says what is accepted.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration ({DURATION_HELP})")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative; a duration counts forward ({DURATION_HELP})")
        return _bounded(Duration(days=value), value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _WORDS:
            days, months = _WORDS[text]
            return Duration(days, months)
        match = _DURATION.match(text)
        if match:
            count = int(match.group(1))
            unit = match.group(2) or "d"
            if unit in _UNITS:
                days, months = _UNITS[unit]
                return _bounded(Duration(days * count, months * count), value)
    raise ValueError(f"{value!r} is not a duration ({DURATION_HELP})")


MAX_YEARS = 100
"""No follow-up interval is longer; a longer one is a typo (and could leave the calendar)."""


def _bounded(duration: Duration, written: object) -> Duration:
    if duration.days > MAX_YEARS * 366 or duration.months > MAX_YEARS * 12:
        raise ValueError(f"{written!r} is longer than {MAX_YEARS} years; write a shorter duration")
    return duration


DURATION_HELP = "use e.g. 3d, 2w, 1m, 1y, 10, '2 weeks' or a word like weekly, monthly, quarterly"

_ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def to_date(value: object) -> dt.date:
    """Coerce what YAML gave us into a date, keeping the date as written.

    Accepts `date`, `datetime` (aware or naive: the date part as written counts),
    and ISO strings with or without a time (`2026-11-20`, `2026-11-20T10:30`,
    `2026-11-20 10:30:00+01:00`). Raises ValueError otherwise.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        known = _DATES.get(value)
        if known is not None:
            return known
        match = _ISO_DATETIME.match(value.strip())
        if match:
            year, month, day = match.group(1, 2, 3)
            try:
                date = dt.date(int(year), int(month), int(day))
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a real date ({exc})") from None
            if len(_DATES) >= 4096:
                _DATES.clear()
            _DATES[value] = date
            return date
    raise ValueError(f"{value!r} is not a date (write it as YYYY-MM-DD)")


_DATES: dict[str, dt.date] = {}
"""Dates read from text: the same few hundred days recur in every note's history."""
