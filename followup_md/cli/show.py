"""`followup show`: one contact's timeline, its next follow-up and exactly why."""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from followup_md.cli.group import Session, _echo_json, cli, pass_session
from followup_md.outputs import json as json_out
from followup_md.outputs import terminal, wording


def complete_contact(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of CONTACT: the vault's contact names from its cache (instant at
    10,000 contacts); nothing at all when the vault cannot be found or read."""
    from followup_md.app import contacts

    try:
        return [CompletionItem(name) for name in contacts.names(_vault_of(ctx), incomplete)]
    except Exception:  # noqa: BLE001 (completion must never print an error into the shell)
        return []


def _vault_of(ctx: click.Context) -> Path:
    """The vault a command being completed would use: --vault (before or after the
    command), FOLLOWUP_VAULT, else the vault found from the current folder."""
    for context in (ctx, ctx.find_root()):
        for key in ("global_vault", "vault"):
            given = context.params.get(key)
            if given:
                return Path(given)
    if os.environ.get("FOLLOWUP_VAULT"):
        return Path(os.environ["FOLLOWUP_VAULT"])
    from followup_md import dirs
    from followup_md.app import vaults

    return vaults.find_vault(Path.cwd(), dirs.user_config_file())[0]


@cli.command()
@click.argument("contact", shell_complete=complete_contact)
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
        data = json_out.contact_json(
            found.contact,
            found.item,
            found.quiet,
            found.problems,
            history=found.history,
            missed=found.missed,
            fields=found.fields,
            mentions=found.mentions,
        )
        _echo_json(data)
        return
    click.echo(
        terminal.contact_text(
            found.contact, found.history, found.item, found.quiet, found.problems, found.mentions
        )
    )
    if found.missed is not None:
        missed = found.missed
        parts = wording.missed_parts(missed, session.today, wording.missed_command(missed))
        click.echo("Missed: " + "; ".join(parts))
