"""`followup digest`: one line saying who is due, for cron or a status bar."""

from __future__ import annotations

import click

from followup_md.app.agenda import AgendaPipeline
from followup_md.cli.group import Session, cli, pass_session
from followup_md.outputs.digest import digest_text


@cli.command()
@pass_session
def digest(session: Session) -> None:
    """Print one line summarising who is due today or overdue.

    Prints nothing (and exits 0) when nobody is due. Reads only: never writes the
    agenda note or any other note.

    \b
    Examples:
      followup --vault ~/notes digest
      3 follow-ups due: Alice, Bob, Chen
    """
    text = digest_text(AgendaPipeline(session.vault()).agenda(session.today))
    if text is not None:
        click.echo(text)
