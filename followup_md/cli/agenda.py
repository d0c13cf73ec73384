"""`followup agenda` and `followup check`."""

from __future__ import annotations

import sys

import click

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.ticks import Applied
from followup_md.cli.group import (
    Session,
    _echo_json,
    _progress_bar,
    cli,
    echo_text,
    pass_session,
    stdout_is_terminal,
    terminal_width,
)
from followup_md.cli.properties import report_synced
from followup_md.core.settings import MAX_HORIZON
from followup_md.outputs import json as json_out
from followup_md.outputs import terminal
from followup_md.outputs.escape import shown


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--no-write", is_flag=True, help="Do not write the agenda note.")
@click.option(
    "--horizon",
    type=click.IntRange(min=0, max=MAX_HORIZON),
    help="Days ahead that count as upcoming (default 7, or `horizon` in .followup.yaml).",
)
@click.option(
    "--no-cache", is_flag=True, help="Read every note afresh; neither use nor update the cache."
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="List every line, in the note and here (Later, Missed and Gone quiet are capped).",
)
@pass_session
def agenda(
    session: Session,
    as_json: bool,
    no_write: bool,
    horizon: int | None,
    no_cache: bool,
    everything: bool,
) -> None:
    """Compute who is due, print it, and write the agenda note.

    \b
    Buckets: overdue, today, the next N days (--horizon), later.
    The note is written only when its content changed. Lines ticked in it
    (`- [x]`) are first recorded as `followup done` would (not with --no-write).
    The note lists `agenda_lines` (50) lines under Later, Missed and Gone quiet
    and counts the rest; --all lists them all (--json always does).
    """
    vault = session.vault()
    colored = session.colored(stdout_is_terminal())
    text = "text" if colored else "plain"
    kinds: tuple[str, ...] = ("json",) if as_json else (text,)
    if not no_write:
        kinds += ("markdown",)
    pipeline = AgendaPipeline(
        vault, use_cache=not no_cache, progress=_progress_bar(), everything=everything
    )
    if not no_write:
        _say_ticks(pipeline.apply_ticks(session.today), colored)
    outputs = pipeline.outputs(session.today, horizon, kinds)
    synced = None if no_write else pipeline.sync()
    if synced is not None and synced.problems and pipeline.computed is not None:
        failed = pipeline.with_problems(pipeline.computed, synced.problems)
        outputs = pipeline.render(failed, kinds)  # the note says so too, not only stderr
    written = False if no_write else pipeline.write(outputs["markdown"])
    if not no_write:
        pipeline.write_calendar()  # `ics_file`, when set
    if as_json:
        echo_text(outputs["json"])
        report_synced(synced, None)
        if pipeline.occupied:
            _left_alone(vault.agenda_path)
        return
    width = terminal_width()
    shown_text = outputs[text] if width is None else terminal.wrapped(outputs[text], width)
    echo_text(shown_text, color=colored)  # plain text needs no stripping
    report_synced(synced, colored)
    if pipeline.occupied:
        _left_alone(vault.agenda_path)
    if not no_write:
        state = "wrote" if written else "unchanged:"
        line = f"\n{state} {vault.agenda_path}"
        click.echo(terminal.style(line, "dim") if colored else line, color=colored)


def _say_ticks(applied: Applied, colored: bool) -> None:
    """What the ticks in the agenda note came to, on stderr (stdout may be JSON)."""
    for line in applied.report():
        click.echo(shown(line), err=True)


def _left_alone(path: object) -> None:
    """A note of the user's sits at the agenda path: the agenda was shown, not written."""
    click.echo(
        f"Not written: {path} is a note of yours (see Problems); rename that note, or set "
        "agenda_file in .followup.yaml to another path",
        err=True,
    )
    sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@pass_session
def check(session: Session, as_json: bool) -> None:
    """Validate every note; list each problem as path:line: message.

    Exits 1 when there are problems, so it fits in scripts and git hooks.
    """
    agenda = AgendaPipeline(session.vault(), progress=_progress_bar()).agenda(session.today)
    problems, contacts = agenda.problems, agenda.contacts
    if as_json:
        _echo_json(json_out.check_json(contacts, problems))
    else:
        for problem in problems:
            click.echo(shown(str(problem)))
        notes = len({p.path for p in problems})
        if problems:
            click.echo(
                f"{len(problems)} problem(s) in {notes} note(s); {contacts} contact(s) read.",
                err=True,
            )
        else:
            click.echo(f"No problems: {contacts} contact(s) read.")
    if problems:
        sys.exit(1)
