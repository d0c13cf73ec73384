"""The `followup` group: its options, the session every command gets, and the one place
where domain errors become messages and exit codes.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from followup_md import __version__
from followup_md.app import vaults
from followup_md.cli.params import DATE
from followup_md.core.names import has_undecodable
from followup_md.errors import FollowupError, UsageError
from followup_md.outputs import json as json_out
from followup_md.outputs.escape import shown, shown_lines


@dataclass(frozen=True)
class Session:
    """What the group options give every command: which vault, and which day it is."""

    vault_path: Path
    today: dt.date

    def vault(self) -> vaults.Vault:
        return vaults.open_vault(self.vault_path)


pass_session = click.make_pass_decorator(Session)


class FollowupGroup(click.Group):
    """Turns any FollowupError into `Error: ...` on stderr and its exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            _refuse_undecodable(ctx.args)
            return super().invoke(ctx)
        except FollowupError as exc:
            click.echo(f"Error: {shown_lines(exc.message)}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # the file system said no where no use case expected it
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {shown_lines(f'{where}{exc.strerror or exc}')}", err=True)
            ctx.exit(1)


def _refuse_undecodable(args: list[str]) -> None:
    """Names, summaries and types are written into notes as UTF-8 text: an argument holding
    bytes that are not UTF-8 (a mistyped or mis-encoded shell argument) is refused here,
    once, rather than failing halfway through a command."""
    for arg in args:
        if has_undecodable(arg):
            raise UsageError(
                f"the argument '{shown(arg)}' holds bytes that are not valid UTF-8 text; "
                "type it again, or check your terminal's encoding"
            )


PROGRESS_FROM = 2000
"""A cold read of at least this many notes shows a progress bar on a terminal."""


def _progress_bar() -> Callable[[int, int], None] | None:
    """A progress callback drawing on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < PROGRESS_FROM:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Reading notes", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


def _echo_json(data: Any) -> None:
    click.echo(json_out.dumps(data))


@click.group(cls=FollowupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault",
    type=click.Path(path_type=Path),
    envvar="FOLLOWUP_VAULT",
    default=".",
    show_default="the current folder, or $FOLLOWUP_VAULT",
    help="The folder of Markdown notes.",
)
@click.option(
    "--today",
    type=DATE,
    envvar="FOLLOWUP_TODAY",
    help="Compute as of this date instead of today (also $FOLLOWUP_TODAY).",
)
@click.version_option(__version__, prog_name="followup")
@click.pass_context
def cli(ctx: click.Context, vault: Path, today: dt.date | None) -> None:
    """Who to follow up with, when, why and on which channel.

    Each contact is a Markdown note whose front matter holds its interactions.
    The agenda is computed from them and written to Follow-ups.md in the vault.

    \b
    Examples:
      followup --vault ~/notes agenda
      followup agenda --json --no-write | jq '.items[] | .name'
      followup show "Dana Park"
      followup check
    """
    ctx.obj = Session(vault, today or dt.date.today())
