"""`followup import`: contacts from vCards, LinkedIn's export and CSV files, as new notes.

Says what it created (or would, with --dry-run), what it skipped as already there and
why, and every row it could not read with its file and line; exit 1 when there was one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup_md.cli.group import Session, _echo_json, _progress_bar, cli, pass_session
from followup_md.cli.params import StrictCommand
from followup_md.outputs.escape import shown

if TYPE_CHECKING:
    from followup_md.app.importing import ImportReport

PROGRESS_FROM = 500
"""An import of at least this many rows shows a progress bar on a terminal."""


@cli.command("import", cls=StrictCommand)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--dry-run", is_flag=True, help="Say what would be created and skipped; write nothing."
)
@click.option(
    "--tag", "tags", multiple=True, help="A tag every new contact gets (repeat for more)."
)
@click.option("--profile", help="The profile every new contact gets: professional, personal, ...")
@click.option("--json", "as_json", is_flag=True, help="The result as JSON.")
@pass_session
def import_(
    session: Session,
    files: tuple[Path, ...],
    dry_run: bool,
    tags: tuple[str, ...],
    profile: str | None,
    as_json: bool,
) -> None:
    """Create contact notes from vCard (.vcf) and CSV files.

    vCards (2.1, 3.0, 4.0, one or many a file), LinkedIn's Connections.csv, or
    any CSV whose header names a name column (name, or first and last name).
    A contact already in the vault (same email; same name when it has no
    email) is skipped, never changed: importing a file again changes nothing.
    A row that cannot be read is reported with its line and skipped; the
    others import. Exit 1 when a row could not be read.

    \b
    Examples:
      followup import contacts.vcf --dry-run
      followup import Connections.csv --tag linkedin --profile professional
      followup import people.csv --json
    """
    from followup_md.app import importing

    now = dt.datetime.combine(session.today, dt.datetime.now().time())
    report = importing.import_files(
        session.vault(),
        files,
        now,
        tags=tags,
        profile=profile,
        dry_run=dry_run,
        progress=None if as_json else _progress_bar("Importing", PROGRESS_FROM),
        read_progress=None if as_json else _progress_bar(),
    )
    if as_json:
        _echo_json(as_data(report))
    else:
        _echo_report(report)
    if report.problems:
        click.get_current_context().exit(1)


def as_data(report: ImportReport) -> dict[str, Any]:
    """The JSON shape the README documents."""
    return {
        "dry_run": report.dry_run,
        "created": report.created,
        "skipped": [
            {"name": s.name, "reason": s.reason, "source": s.source} for s in report.skipped
        ],
        "problems": [
            {"file": p.path, "line": p.line, "message": p.message} for p in report.problems
        ],
        "ignored_columns": report.ignored,
    }


def _echo_report(report: ImportReport) -> None:
    verb = "Would create" if report.dry_run else "Created"
    for path in report.created:
        click.echo(shown(f"{verb} {path}"))
    for skipped in report.skipped:
        click.echo(shown(f"Skipped {skipped.name} ({skipped.source}): {skipped.reason}"))
    for file, columns in report.ignored.items():
        click.echo(shown(f"{file}: columns ignored: {', '.join(columns)}"))
    for problem in report.problems:
        click.echo(shown(str(problem)))
    counts = (
        f"{len(report.created)} {'to create' if report.dry_run else 'created'}, "
        f"{len(report.skipped)} skipped as already there, "
        f"{len(report.problems)} {'problem' if len(report.problems) == 1 else 'problems'}"
    )
    tail = " (dry run: nothing was written)" if report.dry_run else ""
    click.echo(shown(f"Import: {counts}{tail}."))
