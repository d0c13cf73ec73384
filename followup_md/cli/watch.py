"""`followup watch` and `followup service`: thin, the work is in `followup_md.daemon`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from followup_md.cli.group import Session, cli, pass_session

# ------------------------------------------------------------- watch and service (issue 4)
# Thin: parse, call followup_md.watch / followup_md.service, echo. Both are imported
# inside the commands so the other commands never pay for importing watchdog.


@cli.command()
@click.option(
    "--debounce",
    type=click.IntRange(min=0),
    default=300,
    show_default=True,
    metavar="MS",
    help="Recompute this many milliseconds after the last change of a burst.",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Poll instead of native events (network drives, file systems without events).",
)
@click.option(
    "--notify",
    is_flag=True,
    help="Once a day, at notify_at (default 09:00), show who is due as a desktop notification.",
)
@click.option(
    "--no-ticks",
    is_flag=True,
    help="Do not record lines ticked in the agenda note (another machine sharing the vault does).",
)
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every event, kept or ignored.")
@click.pass_context
def watch(
    ctx: click.Context,
    debounce: int,
    poll: bool,
    notify: bool,
    no_ticks: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Keep the agenda note fresh: rewrite it whenever the notes change.

    Runs in the foreground until Ctrl-C or SIGTERM (`followup service install`
    keeps it running in the background). A full scan at start, then only what
    changed is re-read; the agenda is rewritten only when its content changes,
    and again at midnight. A line ticked in the agenda note is recorded as
    `followup done` would, once the note has been left alone for 2 seconds.
    Logs go to stderr, one line per action.

    \b
    Examples:
      followup --vault ~/notes watch
      followup watch --poll --debounce 1000   # a network drive
      followup watch --notify                 # and a daily desktop notification
      followup watch --no-ticks               # a second machine on a synced vault
    """
    from followup_md.daemon import loop as watching

    session = ctx.find_object(Session)
    assert session is not None
    pinned: dt.date | None = ctx.find_root().params.get("today")
    clock: Callable[[], dt.date] = (lambda: pinned) if pinned else dt.date.today
    watching.run(
        session.vault(),
        clock=clock,
        debounce=debounce / 1000,
        poll=poll,
        verbosity=1 if verbose else -1 if quiet else 0,
        notify=notify,
        ticks=not no_ticks,
    )


@cli.group()
def service() -> None:
    """Run `followup watch` for this vault at every login.

    A systemd user unit on Linux, a launchd agent on macOS, a Task Scheduler task
    on Windows; one per vault, named after it.

    \b
    Examples:
      followup --vault ~/notes service install --dry-run
      followup --vault ~/notes service install
      followup --vault ~/notes service uninstall
    """


_SYSTEM_OPTION = click.option(
    "--platform",
    "system",
    type=click.Choice(["linux", "macos", "windows"]),
    hidden=True,
    help="Generate for this platform instead of the current one (for tests).",
)


@service.command("install")
@click.option("--dry-run", is_flag=True, help="Print the unit and the commands; write nothing.")
@_SYSTEM_OPTION
@pass_session
def service_install(session: Session, dry_run: bool, system: Any) -> None:
    """Write the unit that starts `followup watch` for this vault at login."""
    from followup_md.daemon import service as services

    unit = services.for_vault(session.vault().root, system=system)
    for line in services.install(unit, dry_run=dry_run):
        click.echo(line)


@service.command("uninstall")
@click.option("--dry-run", is_flag=True, help="Print what would be removed; remove nothing.")
@_SYSTEM_OPTION
@pass_session
def service_uninstall(session: Session, dry_run: bool, system: Any) -> None:
    """Remove this vault's unit (and say how to stop the running watcher).

    Works even when the vault folder is gone or its settings are broken.
    """
    from followup_md.daemon import service as services

    unit = services.for_vault(session.vault_path.expanduser().resolve(), system=system)
    for line in services.uninstall(unit, dry_run=dry_run):
        click.echo(line)
