"""`followup stats`: what the follow-up effort achieves, as a table, JSON or a note."""

from __future__ import annotations

import datetime as dt

import click

from followup_md.app import stats as stats_app
from followup_md.cli.group import (
    Session,
    _echo_json,
    _progress_bar,
    cli,
    pass_session,
    stdout_is_terminal,
)
from followup_md.cli.params import DATE
from followup_md.outputs import stats as stats_out
from followup_md.outputs.stats_note import stats_note


@cli.command()
@click.option(
    "--since", type=DATE, help="Count only messages and follow-ups from this date (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--write", is_flag=True, help="Also write the stats note (`stats_file`) into the vault."
)
@pass_session
def stats(session: Session, since: dt.date | None, as_json: bool, write: bool) -> None:
    """What your follow-ups achieve: reply rates, timeliness, outcomes, today's load.

    \b
    A message counts as answered when they replied within `reply_window` (14 days)
    and before your next message; rates leave out messages still waiting.
    --write writes the note, with Mermaid charts, only when its content changed.
    \b
    Examples:
      followup stats
      followup stats --since 2026-09-01 --json
      followup stats --write
    """
    vault = session.vault()
    found = stats_app.stats(vault, session.today, since, _progress_bar())
    if as_json:
        _echo_json(stats_out.stats_json(found))
    else:
        colored = session.colored(stdout_is_terminal())
        click.echo(stats_out.stats_text(found, colored), color=colored)
    if write:
        written = stats_app.write_note(vault, stats_note(found))
        state = "wrote" if written else "unchanged:"
        click.echo(f"{state} {vault.root / vault.settings.stats_file}", err=as_json)
