"""`followup undo`: revert the latest change a followup command made to a note."""

from __future__ import annotations

import click

from followup_md.cli.group import Session, cli, pass_session
from followup_md.outputs.escape import shown


@cli.command()
@click.option(
    "--list", "as_list", is_flag=True, help="List the recorded changes, latest last; undo nothing."
)
@click.option(
    "--drop",
    is_flag=True,
    help="Forget the latest change without touching its note (when it cannot be undone).",
)
@pass_session
def undo(session: Session, as_list: bool, drop: bool) -> None:
    """Revert the latest change `log`, `done`, `next`, `snooze`, `status` or `add` made.

    Only while the note is still exactly as that command left it: otherwise nothing is
    changed (exit 1). Undoing `add` removes the new note. Each undo reverts one change,
    the latest first; the journal keeps the last 100, in the state folder.

    \b
    Examples:
      followup undo --list
      followup undo
      followup undo --drop   # forget a change whose note was edited since
    """
    from followup_md.app import undo as journal  # loaded only when undoing

    root = session.vault().root
    if as_list:
        entries = [change for change in journal.changes() if journal.in_vault(change, root)]
        if not entries:
            click.echo("No change to undo.")
        for change in entries:
            click.echo(shown(change.line()))
        return
    change = journal.undo(root, drop=drop)
    what = "Forgot" if drop else "Removed" if change.before is None else "Restored"
    click.echo(shown(f"Undid `followup {change.command}` ({change.time}): {what} {change.path}"))
