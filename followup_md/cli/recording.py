"""The commands that change notes: `log`, `done`, `snooze`, `status` and `add`.

Each prints what it recorded in which note, then the contact's next follow-up. The use
cases (and the writer behind them) are imported inside the commands, so that the other
commands do not pay for loading them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from followup_md.cli.group import Session, cli, pass_session
from followup_md.cli.params import DATE, WhenType, _checked_duration, date_after
from followup_md.core.durations import Duration
from followup_md.outputs import terminal

if TYPE_CHECKING:
    from followup_md.app.recording import Recorded


def _echo_recorded(what: str, recorded: Recorded) -> None:
    """What was done to which note, then the contact's next follow-up, in words."""
    click.echo(terminal.recorded_text(what, recorded.contact, recorded.item, recorded.quiet))


@cli.command()
@click.argument("contact")
@click.option(
    "-t",
    "--type",
    "type_",
    default="followup",
    show_default=True,
    help="One word: email, call, meeting, interview, event, message, ...",
)
@click.option("-s", "--summary", help="What was said.")
@click.option("--in", "direction", flag_value="in", help="They reached out or replied.")
@click.option(
    "--out", "direction", flag_value="out", default=True, help="You reached out (default)."
)
@click.option("--date", "when", type=DATE, help="When it happened (default: today).")
@click.option("--channel", help="How (default: the contact's preferred channel).")
@click.option(
    "--follow-up",
    "follow_up",
    metavar="DURATION|DATE|none",
    help="When to follow up after this one; none: no answer is expected.",
)
@click.option("--outcome", help="A word: replied, converted, declined, ...")
@pass_session
def log(
    session: Session, contact: str, type_: str, summary: str | None, direction: str,
    when: dt.date | None, channel: str | None, follow_up: str | None, outcome: str | None,
) -> None:  # fmt: skip
    """Record an interaction in a contact's note.

    Only the new lines are added, in the style the list already uses; nothing
    else in the note changes.

    \b
    Examples:
      followup log dana -t interview -s "Panel interview with the CTO"
      followup log "Bob Stone" -t email --in -s "Asked for a quote"
      followup log kim -t call --follow-up 2w --outcome replied
    """
    from followup_md.app import recording

    recorded = recording.log(
        session.vault(),
        contact,
        session.today,
        date=when or session.today,
        type=type_,
        direction="in" if direction == "in" else "out",
        channel=channel,
        summary=summary,
        follow_up=follow_up,
        outcome=outcome,
    )
    _echo_recorded(recorded.what, recorded)


@cli.command()
@click.argument("contact")
@click.option("-s", "--summary", help="What you sent or said.")
@pass_session
def done(session: Session, contact: str, summary: str | None) -> None:
    """Record that you just followed up with CONTACT (today, outgoing).

    After a keep-in-touch message or an answer to them, no reply is expected, so
    no nudges follow; after any other follow-up the nudges apply.
    """
    from followup_md.app import recording

    recorded = recording.done(session.vault(), contact, session.today, summary)
    _echo_recorded(f"Recorded a follow-up on {session.today.isoformat()}", recorded)


@cli.command()
@click.argument("contact")
@click.argument("until", type=WhenType())
@pass_session
def snooze(session: Session, contact: str, until: dt.date | Duration) -> None:
    """Nothing is due for CONTACT before UNTIL (a date, or a duration from today).

    \b
    Examples:
      followup snooze dana 2026-12-01
      followup snooze "Bob Stone" 2w
    """
    from followup_md.app import recording

    day = date_after(until, session.today) if isinstance(until, Duration) else until
    recorded = recording.snooze(session.vault(), contact, day, session.today)
    _echo_recorded(f"Snoozed until {day.isoformat()}", recorded)


@cli.command()
@click.argument("contact")
@click.argument("status", type=click.Choice(["active", "paused", "closed"]))
@pass_session
def status(session: Session, contact: str, status: str) -> None:
    """Set CONTACT's status: active, paused (no follow-ups for now) or closed."""
    from followup_md.app import recording

    recorded = recording.set_status(session.vault(), contact, status, session.today)  # type: ignore[arg-type]
    _echo_recorded(f"Status {status}", recorded)


@cli.command()
@click.argument("name")
@click.option("--email")
@click.option("--phone")
@click.option("--channel", help="Preferred channel: email, phone, linkedin, ...")
@click.option("--company")
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
