"""`followup show`: one contact's timeline, its next follow-up and exactly why."""

from __future__ import annotations

import click

from followup_md.cli.group import Session, _echo_json, cli, pass_session
from followup_md.outputs import json as json_out
from followup_md.outputs import terminal


@cli.command()
@click.argument("contact")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@pass_session
def show(session: Session, contact: str, as_json: bool) -> None:
    """Show a contact's timeline, its next follow-up, and exactly why.

    CONTACT is a file name, a name or an alias, in any case; a unique prefix is enough.
    """
    from followup_md.app import contacts  # loaded only when a contact is shown

    vault = session.vault()
    found = contacts.report(vault, contact, session.today)
    if as_json:
        _echo_json(json_out.contact_json(found.contact, found.item, found.quiet, found.problems))
        return
    click.echo(
        terminal.contact_text(found.contact, found.history, found.item, found.quiet, found.problems)
    )
