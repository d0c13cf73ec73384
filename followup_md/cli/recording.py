"""The commands that change notes: `log`, `done`, `next`, `snooze`, `status` and `add`.

Each prints what it recorded in which note, then the contact's next follow-up. The use
cases (and the writer behind them) are imported inside the commands, so that the other
commands do not pay for loading them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followup_md.cli.group import Session, cli, pass_session
from followup_md.cli.params import (
    DAY_FORMS,
    PAST_DAY,
    DayWord,
    FollowUpType,
    StrictCommand,
    WhenType,
    _checked_duration,
    day_of,
)
from followup_md.cli.show import complete_contact
from followup_md.core.durations import Duration
from followup_md.core.model import NO_FOLLOW_UP
from followup_md.errors import UsageError
from followup_md.outputs import terminal
from followup_md.outputs.escape import shown

if TYPE_CHECKING:
    from followup_md.app.recording import Recorded


def _echo_recorded(what: str, recorded: Recorded) -> None:
    """What was done to which note, then the contact's next follow-up, in words."""
    click.echo(terminal.recorded_text(what, recorded.contact, recorded.item, recorded.quiet))
    if recorded.warning:
        click.echo(f"Warning: {shown(recorded.warning)}", err=True)


F = TypeVar("F", bound=Callable[..., Any])


def _interaction_options(type_help: str) -> Callable[[F], F]:
    """`--type`, `--date`, `--follow-up` and `--no-reply`: what `log` and `done` share."""
    options = [
        click.option(
            "-t", "--type", "type_", default="followup", show_default=True, help=type_help
        ),
        click.option(
            "--date",
            "when",
            type=PAST_DAY,
            help=f"When it happened: {DAY_FORMS}; a weekday is the latest one, today "
            "included (default: today).",
        ),
        click.option(
            "--follow-up",
            "follow_up",
            type=FollowUpType(),
            metavar="DURATION|DATE|none",
            help="When to follow up after this one: a duration from it (2w), a date "
            "(2026-12-01, or fri: the next one after today), or none.",
        ),
        click.option(
            "--no-reply",
            is_flag=True,
            help="No answer is expected (writes follow_up: none): no nudges follow.",
        ),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _follow_up(follow_up: str | DayWord | None, no_reply: bool, today: dt.date) -> str | None:
    """The follow_up to write, as the options gave it; --no-reply is `none`."""
    if no_reply and follow_up is not None:
        raise click.UsageError(
            "--no-reply and --follow-up contradict each other: --no-reply writes "
            "follow_up: none; give one of them"
        )
    if no_reply:
        return NO_FOLLOW_UP
    return day_of(follow_up, today).isoformat() if isinstance(follow_up, DayWord) else follow_up


@cli.command(cls=StrictCommand)
@click.argument("contact", shell_complete=complete_contact)
@_interaction_options("One word: email, call, meeting, interview, event, message, ...")
@click.option("-s", "--summary", help="What was said.")
@click.option("--in", "direction", flag_value="in", help="They reached out or replied.")
@click.option(
    "--out", "direction", flag_value="out", default=True, help="You reached out (default)."
)
@click.option("--channel", help="How (default: the contact's preferred channel).")
@click.option("--outcome", help="A word: replied, converted, declined, ...")
@pass_session
def log(
    session: Session, contact: str, type_: str, when: dt.date | DayWord | None,
    follow_up: str | DayWord | None, no_reply: bool, summary: str | None, direction: str,
    channel: str | None, outcome: str | None,
) -> None:  # fmt: skip
    """Record an interaction in a contact's note.

    Only the new lines are added, in the style the list already uses; nothing
    else in the note changes.

    \b
    Examples:
      followup log dana -t interview -s "Panel interview with the CTO"
      followup log "Bob Stone" -t email --in -s "Asked for a quote"
      followup log kim -t call --date yesterday --follow-up 2w --outcome replied
      followup log sam -t message --no-reply -s "Congratulations on the launch"
    """
    from followup_md.app import recording

    written_follow_up = _follow_up(follow_up, no_reply, session.today)
    recorded = recording.log(
        session.vault(),
        contact,
        session.today,
        date=day_of(when or session.today, session.today),
        type=type_,
        direction="in" if direction == "in" else "out",
        channel=channel,
        summary=summary,
        follow_up=written_follow_up,
        outcome=outcome,
    )
    _echo_recorded(recorded.what, recorded)


@cli.command(cls=StrictCommand)
@click.argument("contact", shell_complete=complete_contact)
@_interaction_options("One word, instead of followup: email, call, message, ...")
@click.option("-s", "--summary", help="What you sent or said.")
@pass_session
def done(
    session: Session, contact: str, type_: str, when: dt.date | DayWord | None,
    follow_up: str | DayWord | None, no_reply: bool, summary: str | None,
) -> None:  # fmt: skip
    """Record that you just followed up with CONTACT (outgoing, today unless --date).

    After a keep-in-touch message or an answer to them, no reply is expected, so
    no nudges follow; after any other follow-up the nudges apply. --no-reply or
    --follow-up decide that instead.

    \b
    Examples:
      followup done dana -s "Sent the thank-you"
      followup done kim --no-reply -s "Happy new year"
      followup done "Bob Stone" -t call --date fri --follow-up 2w
    """
    from followup_md.app import recording

    written_follow_up = _follow_up(follow_up, no_reply, session.today)
    recorded = recording.done(
        session.vault(),
        contact,
        session.today,
        summary,
        date=day_of(when, session.today) if when is not None else None,
        type=type_,
        follow_up=written_follow_up,
    )
    _echo_recorded(recorded.what, recorded)


YES_HELP = "Set a date in the past without asking."


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _past_day_confirmed(what: str, day: dt.date, today: dt.date, yes: bool) -> None:
    """A date gone by is most likely a slip: asked on a terminal, refused otherwise."""
    if day >= today or yes:
        return
    said = f"{what} {day.isoformat()} is in the past (today is {today.isoformat()})"
    if not _stdin_is_terminal():
        raise UsageError(f"{said}; give a later date, or --yes to set it anyway")
    click.confirm(f"{said}: set it anyway?", default=False, abort=True, err=True)


def _set_day(
    session: Session,
    command: str,
    contact: str,
    when: dt.date | Duration | DayWord,
    yes: bool,
    said: str,
) -> None:
    """`next` and `snooze`: the day seen from today, confirmed when past, then set."""
    from followup_md.app import recording

    day = day_of(when, session.today)
    _past_day_confirmed(command, day, session.today, yes)
    change = recording.set_next if command == "next" else recording.snooze
    recorded = change(session.vault(), contact, day, session.today)
    _echo_recorded(f"{said} {day.isoformat()}", recorded)


@cli.command("next", cls=StrictCommand)
@click.argument("contact", shell_complete=complete_contact)
@click.argument("day", metavar="DATE|DURATION", type=WhenType())
@click.option("-y", "--yes", is_flag=True, help=YES_HELP)
@pass_session
def next_(session: Session, contact: str, day: dt.date | Duration | DayWord, yes: bool) -> None:
    """Follow up with CONTACT on DATE, or a DURATION from today (sets `next`).

    DATE is YYYY-MM-DD, today, tomorrow, or a weekday (mon or monday, any case:
    the next one after today).

    \b
    Examples:
      followup next dana 2026-12-01
      followup next "Bob Stone" 2w
      followup next kim fri
    """
    _set_day(session, "next", contact, day, yes, "Next follow-up set for")


@cli.command(cls=StrictCommand)
@click.argument("contact", shell_complete=complete_contact)
@click.argument("until", metavar="DATE|DURATION", type=WhenType())
@click.option("-y", "--yes", is_flag=True, help=YES_HELP)
@pass_session
def snooze(session: Session, contact: str, until: dt.date | Duration | DayWord, yes: bool) -> None:
    """Nothing is due for CONTACT before DATE, or a DURATION from today.

    DATE is YYYY-MM-DD, today, tomorrow, or a weekday (mon or monday, any case:
    the next one after today).

    \b
    Examples:
      followup snooze dana 2026-12-01
      followup snooze "Bob Stone" 2w
      followup snooze kim mon
    """
    _set_day(session, "snooze", contact, until, yes, "Snoozed until")


@cli.command(cls=StrictCommand)
@click.argument("contact", shell_complete=complete_contact)
@click.argument("status", type=click.Choice(["active", "paused", "closed"]))
@pass_session
def status(session: Session, contact: str, status: str) -> None:
    """Set CONTACT's status: active, paused (no follow-ups for now) or closed."""
    from followup_md.app import recording

    recorded = recording.set_status(session.vault(), contact, status, session.today)  # type: ignore[arg-type]
    _echo_recorded(f"Status {status}", recorded)


@cli.command(cls=StrictCommand)
@click.argument("name")
@click.option("--email", help="Email address (also makes email the channel when none is set).")
@click.option("--phone", help="Phone number.")
@click.option("--channel", help="Preferred channel: email, phone, linkedin, ...")
@click.option("--company", help="Company or organisation.")
@click.option(
    "--cadence", callback=_checked_duration, help="Keep-in-touch interval: 30d, monthly, ..."
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--objective", help="What the next follow-up should achieve.")
@pass_session
def add(
    session: Session, name: str, email: str | None, phone: str | None, channel: str | None,
    company: str | None, cadence: str | None, tags: tuple[str, ...], objective: str | None,
) -> None:  # fmt: skip
    """Create a contact note named after NAME in the contacts folder.

    Uses the vault's `contact_template` note when configured (filling {{title}},
    {{date}} and {{time}}), else a built-in one. An existing note is never
    overwritten.

    \b
    Example:
      followup add "Dana Park" --email dana@example.com --channel email --cadence 30d
    """
    from followup_md.app import recording

    now = dt.datetime.combine(session.today, dt.datetime.now().time())
    fields: dict[str, Any] = {
        "company": company, "email": email, "phone": phone, "channel": channel,
        "objective": objective, "cadence": cadence,
        "tags": [tag.lstrip("#") for tag in tags],
    }  # fmt: skip
    created = recording.add_contact(session.vault(), name, fields, now)
    _echo_recorded("Created", created.recorded)
