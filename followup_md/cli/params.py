"""Command-line value types: strict dates, days in words, a date or a duration.

A day in words (`today`, `fri`) means nothing until today is known, and today is a
group option: the types give a `DayWord`, and the command resolves it with the
session's today (`day_of`), so the types stay free of the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from followup_md.core.durations import Duration, parse_duration, to_date
from followup_md.core.frozen import record
from followup_md.core.model import NO_FOLLOW_UP
from followup_md.core.settings import time_of_day
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


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1}

DAY_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow, or a weekday (monday or mon, any case)"
"""What a day on the command line may be, for help texts and error messages."""


def day_word(text: str) -> str | None:
    """`today`, `yesterday`, `tomorrow` or a weekday's whole name, for what the user
    wrote (a whole name or its first three letters, any case); None for anything else."""
    word = text.strip().lower()
    if word in _OFFSETS or word in WEEKDAYS:
        return word
    return next((day for day in WEEKDAYS if word == day[:3]), None)


def resolve_day(text: str, today: dt.date, *, ahead: bool) -> dt.date:
    """The day `text` names, seen from `today`. ValueError when it names none.

    A weekday is the next one after today when `ahead` (a plan: `next`, `snooze`;
    on a Monday, `mon` is a week later), else the latest one, today included (what
    happened: `--date`; on a Friday, `fri` is today). `today`, `yesterday` and
    `tomorrow` mean just that either way.
    """
    word = day_word(text)
    if word is None:
        raise ValueError(f"{text!r} is not a day ({DAY_FORMS})")
    if word in _OFFSETS:
        days = _OFFSETS[word]
    elif ahead:
        days = (WEEKDAYS.index(word) - today.weekday() - 1) % 7 + 1
    else:
        days = -((today.weekday() - WEEKDAYS.index(word)) % 7)
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:
        raise UsageError(
            f"{word} as seen from {today.isoformat()} is outside the calendar; give a date"
        ) from None


@record
class DayWord:
    """A day in words, as the command line gave it, until today is known."""

    word: str
    ahead: bool
    """The next such weekday after today, else the latest one, today included."""

    def on(self, today: dt.date) -> dt.date:
        return resolve_day(self.word, today, ahead=self.ahead)


def day_of(value: dt.date | Duration | DayWord, today: dt.date) -> dt.date:
    """The date a DATE, DURATION (from today) or day in words stands for, seen from today."""
    if isinstance(value, DayWord):
        return value.on(today)
    if isinstance(value, Duration):
        return date_after(value, today)
    return value


class DayType(click.ParamType):  # type: ignore[type-arg]
    """A date: YYYY-MM-DD, or a day in words resolved later against today."""

    name = "DATE"

    def __init__(self, *, ahead: bool) -> None:
        self.ahead = ahead

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (dt.date, DayWord)):
            return value
        try:
            return iso_date(value)
        except ValueError:
            pass
        word = day_word(str(value))
        if word is None:
            self.fail(f"{value!r} is not a date; give {DAY_FORMS}", param, ctx)
        return DayWord(word, self.ahead)


PAST_DAY = DayType(ahead=False)
"""When something happened: a weekday is the latest one, today included."""


class WhenType(click.ParamType):  # type: ignore[type-arg]
    """A date (YYYY-MM-DD, or a day in words: the next such weekday after today), or a
    duration from today (3d, 2w, 1m, monthly)."""

    name = "DATE|DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (dt.date, Duration, DayWord)):
            return value
        try:
            return iso_date(value)
        except ValueError:
            pass
        word = day_word(str(value))
        if word is not None:
            return DayWord(word, ahead=True)
        try:
            return parse_duration(value)
        except ValueError:
            self.fail(
                f"{value!r} is neither a date ({DAY_FORMS}) nor a duration from today "
                "(3d, 2w, 1m, monthly)",
                param,
                ctx,
            )


class FollowUpType(click.ParamType):  # type: ignore[type-arg]
    """A follow_up as the note will hold it: a duration or a date as the user wrote it,
    `none`, or a day in words (the next such weekday after today), resolved later."""

    name = "DURATION|DATE|none"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, DayWord):
            return value
        text = str(value).strip()
        word = day_word(text)
        if word is not None:
            return DayWord(word, ahead=True)
        if text.lower() == NO_FOLLOW_UP:
            return NO_FOLLOW_UP
        try:
            to_date(text)
            return text
        except ValueError as exc:
            if re.match(r"\d{4}-", text):  # meant as a date
                self.fail(f"follow_up {exc}", param, ctx)
        try:
            parse_duration(text)
            return text
        except ValueError as exc:
            if text[:1].isdigit():  # meant as a duration
                self.fail(f"follow_up {exc}", param, ctx)
        self.fail(
            f"follow_up {text!r} is not a duration, a date or 'none': give a duration "
            f"(3d, 2w, 1m, monthly), a date ({DAY_FORMS}), or none",
            param,
            ctx,
        )


def _checked_duration(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a duration but keep it as the user wrote it, for the note."""
    if value is None:
        return None
    try:
        duration = parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if not (duration.days or duration.months):
        raise click.BadParameter(f"{value.strip()!r} is zero; give a positive one (30d, monthly)")
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


class StrictCommand(click.Command):
    """A command that refuses an option given twice (`-s x -s y` would keep only "y")
    and two flags that set the same thing (`--in --out`): exit 2, naming them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_repeats(self, args)
        return super().parse_args(ctx, args)


def _refuse_repeats(command: click.Command, args: list[str]) -> None:
    options: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                options[name] = param
    seen: dict[str, tuple[str, click.Option]] = {}  # the parameter's name -> first given
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            break
        if not token.startswith("-") or token == "-" or re.fullmatch(r"-\d.*", token):
            continue
        name = token.split("=", 1)[0] if token.startswith("--") else token[:2]
        option = options.get(name)
        if option is None or option.multiple or option.count or option.name is None:
            continue
        attached = "=" in token if token.startswith("--") else len(token) > 2
        if not option.is_flag and not attached:
            next(tokens, None)  # its value, which may look like an option
        if option.name not in seen:
            seen[option.name] = (name, option)
            continue
        first, first_option = seen[option.name]
        if first_option is option and (name in option.opts) == (first in option.opts):
            raise UsageError(f"{_named(option)} is given twice: give it once")
        raise UsageError(f"{first} and {name} contradict each other: give one of them")


def _named(option: click.Option) -> str:
    return "/".join(option.opts)


class TimeOfDay(click.ParamType):  # type: ignore[type-arg]
    """A time of day, HH:MM (24-hour, local)."""

    name = "HH:MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.time):
            return value
        try:
            return time_of_day(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
