"""`followup sync`: log interactions from the mail and calendars kept on this disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from followup_md.cli.group import Session, _echo_json, _progress_bar, cli, pass_session
from followup_md.cli.params import DATE
from followup_md.outputs.escape import shown

MAIL_PROGRESS_FROM = 5000
"""A sync reading at least this many messages shows a progress bar on a terminal."""

_PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
_SINCE = click.option(
    "--since", type=DATE, metavar="YYYY-MM-DD", help="Only what happened on or after this date."
)
_DRY_RUN = click.option("--dry-run", is_flag=True, help="Say what would be added; write nothing.")
_JSON = click.option("--json", "as_json", is_flag=True, help="The summary as one JSON object.")


@cli.group()
def sync() -> None:
    """Log interactions from your mail and calendars (read only, never changed).

    Needs `me:` in .followup.yaml: your own addresses. A message whose From, To or
    Cc holds a contact's `email` (or one of `emails`) is logged in the contact's
    note once, by its Message-ID; a past meeting with a contact, by its UID.
    """


@sync.command("mail")
@_PATHS
@_SINCE
@_DRY_RUN
@_JSON
@pass_session
def sync_mail(
    session: Session, paths: tuple[Path, ...], since: dt.date | None, dry_run: bool, as_json: bool
) -> None:
    """Log the emails exchanged with contacts: Maildir folders, mbox files, .eml files.

    Only headers are read, never bodies. Each message to or from a contact becomes
    an `email` interaction (in: they wrote; out: one of your `me` addresses did),
    summed up by its subject, with its Message-ID as `id`, so a second run adds
    nothing. Mailing-list, bulk and automatic mail, no-reply senders and messages
    to more than `sync_max_recipients` contacts are skipped.

    \b
    Examples:
      followup sync mail ~/Mail/work
      followup sync mail ~/Mail/work/INBOX ~/Mail/work/Sent --since 2026-11-01
      followup sync mail ~/archive.mbox --dry-run
    """
    from followup_md.app import syncing

    # JSON is for programs: no bar (as `import`).
    progress = None if as_json else _progress_bar("Reading mail", MAIL_PROGRESS_FROM)
    report = syncing.sync_mail(
        session.vault(), list(paths), session.today, since=since, dry_run=dry_run, progress=progress
    )
    _say(report, as_json)


@sync.command("calendar")
@_PATHS
@_SINCE
@_DRY_RUN
@_JSON
@pass_session
def sync_calendar(
    session: Session, paths: tuple[Path, ...], since: dt.date | None, dry_run: bool, as_json: bool
) -> None:
    """Log the past meetings with contacts from .ics files.

    An event whose organizer or attendees include a contact's address is logged
    as a `meeting` (or as its first category, when that names a known type),
    summed up by its title, with its UID (and recurrence id) as `id`. Recurring
    events count once per occurrence up to now (at most the latest 1,000 of a
    series); cancelled events, events you declined, future events and contacts
    who declined are not logged. Without --since, from two years back.

    \b
    Examples:
      followup sync calendar ~/calendar.ics
      followup sync calendar work.ics --since 2026-11-01 --dry-run
    """
    from followup_md.app import syncing

    today = session.today
    if session.pinned is None:
        now = dt.datetime.now().astimezone()
    else:  # --today: as of the end of that day
        now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time()).astimezone()
    report = syncing.sync_calendar(
        session.vault(), list(paths), today, now, since=since, dry_run=dry_run
    )
    _say(report, as_json)


def _say(report: Any, as_json: bool) -> None:
    from followup_md.app.syncing import Report

    assert isinstance(report, Report)
    if as_json:
        _echo_json(_as_json(report))
    else:
        for line in _lines(report):
            click.echo(shown(line))
    for problem in report.failed:
        click.echo(shown(f"Error: {problem}"), err=True)
    if report.failed:
        click.get_current_context().exit(1)


def _lines(report: Any) -> list[str]:
    what = "message" if report.kind == "mail" else "event"
    what += "" if report.read == 1 else "s"
    verb = "Would add" if report.dry_run else "Added"
    contacts = len(report.added)
    lines = [f"Read {report.read} {what}."]
    lines.append(
        f"{verb} {report.total} interaction{'s' if report.total != 1 else ''} to "
        f"{contacts} contact{'s' if contacts != 1 else ''}{':' if contacts else '.'}"
    )
    for path, added in report.added.items():
        lines.append(f"  {report.names.get(path, path)} ({path}): {len(added)}")
        lines += [
            f"    {n.date.isoformat()} {n.type} {n.direction}: {n.summary or ''}".rstrip(": ")
            for n in added
        ]
    if report.skipped:
        lines.append("Skipped:")
        lines += [f"  {count} {why}" for why, count in report.skipped.most_common()]
    for problem in report.unread:
        lines.append(f"Not read (fix it, then sync again): {problem}")
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return lines


def _as_json(report: Any) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "dry_run": report.dry_run,
        "read": report.read,
        "added": [
            {
                "path": path,
                "name": report.names.get(path, path),
                "interactions": [
                    {
                        "date": n.date.isoformat(),
                        "type": n.type,
                        "direction": n.direction,
                        "summary": n.summary,
                        "id": n.id,
                    }
                    for n in added
                ],
            }
            for path, added in report.added.items()
        ],
        "skipped": dict(report.skipped.most_common()),
        "failed": list(report.failed),
        "unread": [{"path": p.path, "line": p.line, "message": p.message} for p in report.unread],
    }
