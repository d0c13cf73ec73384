"""What `sync_properties` did, said by the commands that run it (`agenda`)."""

from __future__ import annotations

import sys

import click

from followup_md.app.properties import Synced
from followup_md.outputs import terminal
from followup_md.outputs.escape import shown


def report_synced(synced: Synced | None, colored: bool | None) -> None:
    """A line for the notes whose properties were updated (not with `--json`, whose
    stdout is one object: `colored` None), and each failure on stderr, then exit 1
    once the rest of the output is out."""
    if synced is None:
        return
    count = len(synced.written)
    if count and colored is not None:
        line = f"updated the properties of {count} note{'s' if count != 1 else ''}"
        click.echo(terminal.style(line, "dim") if colored else line, color=colored)
    for message in synced.failed:
        click.echo(shown(f"properties not updated: {message}"), err=True)
    if synced.failed:
        sys.exit(1)
