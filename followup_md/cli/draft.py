"""`followup draft`: a ready-to-edit message for a contact's current follow-up."""

from __future__ import annotations

import click

from followup_md.cli.group import Session, cli, pass_session
from followup_md.cli.show import complete_contact
from followup_md.outputs import wording
from followup_md.outputs.escape import shown_lines


@cli.command()
@click.argument("contact", shell_complete=complete_contact)
@click.option(
    "-T",
    "--template",
    metavar="NAME",
    help="Use this draft instead of the one the situation calls for (e.g. nudge-3, "
    "keep-in-touch-short, or a note of yours in the drafts folder).",
)
@click.option("--mailto", is_flag=True, help="Print a mailto: link instead of the text.")
@click.option("--copy", is_flag=True, help="Also put the text on the clipboard.")
@pass_session
def draft(session: Session, contact: str, template: str | None, mailto: bool, copy: bool) -> None:
    """Print a message for CONTACT's current follow-up, ready to edit and send.

    Chosen by the situation (a thank-you after an interview, a recap after a
    meeting, the first, second or last nudge, a birthday, keep in touch ...) and
    the channel (an email has a Subject: line; a text, chat or LinkedIn message is
    shorter). Filled from the note: first name, the last interaction, the
    objective as the ask, an `offer`. What it is for goes to stderr, the message
    to stdout.

    \b
    Examples:
      followup draft dana
      followup draft "Erik Dahl" --mailto | xargs xdg-open
      followup draft kim --template nudge-3 --copy
    """
    from followup_md.app.drafts import draft as make_draft

    made = make_draft(session.vault(), contact, session.today, template, email=mailto)
    click.echo(shown_lines(_header(made, session)), err=True)
    if mailto:
        if not made.to:
            click.echo("Note: the note has no `email`; the link has no address.", err=True)
        click.echo(made.mailto())
    else:
        click.echo(made.text())
    if copy:
        from followup_md.outputs.clipboard import copy as to_clipboard

        tool = to_clipboard(made.text())
        said = (
            f"Copied to the clipboard ({tool})."
            if tool
            else "Not copied: no clipboard tool found (pbcopy, wl-copy, xclip, xsel or clip)."
        )
        click.echo(said, err=True)


def _header(made: object, session: Session) -> str:
    from followup_md.app.drafts import Draft

    assert isinstance(made, Draft)
    who = made.contact.name
    if made.due is None:
        what = f"Nothing is due for {who}: a keep-in-touch draft"
    else:
        days = (made.due.date - session.today).days
        what = (
            f"{made.situation} for {who}, due {wording.weekday_date(made.due.date)} "
            f"({wording.delta(days)}): {made.due.reason}"
        )
    where = f"{made.channel or 'no channel'}" + (f" to {made.to}" if made.to else "")
    source = "built-in" if made.source == "built-in" else made.source
    return f"{what}\n{where} · draft {made.template} ({source})\n"
