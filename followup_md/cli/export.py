"""`followup export`: the agenda for other tools, one subcommand a format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from followup_md.cli.group import Session, _echo_json, cli, pass_session
from followup_md.cli.params import TimeOfDay
from followup_md.outputs.escape import shown


@cli.group()
def export() -> None:
    """Export the follow-ups for other tools (a calendar app: `export ics`)."""


@export.command("ics")
@click.argument("path", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--horizon",
    type=click.IntRange(min=0, max=3660),
    default=30,
    show_default=True,
    help="Days ahead to include; overdue follow-ups are always in, on today.",
)
@click.option("--todo", is_flag=True, help="To-dos (VTODO) instead of all-day events.")
@click.option("--alarm", type=TimeOfDay(), metavar="HH:MM", help="A reminder at this time.")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: the events as JSON.")
@pass_session
def ics(
    session: Session,
    path: str | None,
    horizon: int,
    todo: bool,
    alarm: dt.time | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Write an iCalendar file of the follow-ups due in the next 30 days.

    One all-day event per contact, marked free so it blocks no meeting slot,
    titled "Follow up: NAME (channel)", with the reason, the objective and a
    link to the note. Subscribe to the file or import it: its UIDs stay the
    same, so a new import updates instead of duplicating. PATH defaults to
    `ics_file` in .followup.yaml, else Follow-ups.ics in the vault; `-` prints
    it. Google Calendar, Outlook and iOS do not show to-dos of subscribed
    calendars: --todo is for apps that do.

    \b
    Examples:
      followup export ics
      followup export ics ~/Calendars/follow-ups.ics --alarm 09:00
      followup export ics - --horizon 7 > week.ics
    """
    from followup_md.app import export as exporting

    if as_json and not dry_run:
        raise click.UsageError("--json goes with --dry-run (the file itself is iCalendar)")
    vault = session.vault()
    target = None if path == "-" else Path(path) if path else exporting.default_path(vault)
    options = exporting.ics_options(vault, horizon, todo=todo, alarm=alarm)
    agenda = exporting.agenda_for(vault, session.today, horizon)
    made = exporting.export_ics(vault, agenda, options, target)
    if dry_run:
        _say_dry_run(made, as_json)
        return
    if target is None:
        click.echo(made.data.decode("utf-8"), nl=False)
        return
    written = exporting.write(made)
    state = "wrote" if written else "unchanged:"
    click.echo(shown(f"{state} {target} ({len(made.items)} follow-ups)"))


def _say_dry_run(made: object, as_json: bool) -> None:
    from followup_md.app.export import Export
    from followup_md.outputs import ics as ics_out

    assert isinstance(made, Export)
    where = str(made.path) if made.path else "standard output"
    if as_json:
        events = [
            {
                "date": max(item.due.date, made.today).isoformat(),
                "due": item.due.date.isoformat(),
                "contact": item.due.contact.name,
                "path": item.due.contact.path,
                "summary": ics_out.summary(item),
            }
            for item in made.items
        ]
        _echo_json({"path": where, "events": events})
        return
    click.echo(shown(f"Would write {len(made.items)} follow-ups to {where}:"))
    for item in made.items:
        click.echo(shown(f"  {item.due.date.isoformat()}  {ics_out.summary(item)}"))
