"""The `followup` command line: parse arguments, call the use cases, render, echo.

The only module that imports click. Domain errors carry their exit code and are
turned into a message in one place, `FollowupGroup.invoke`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from followup_md import __version__, app, render
from followup_md.errors import FollowupError

F = TypeVar("F", bound=Callable[..., Any])


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A `YYYY-MM-DD` date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD", param, ctx)


DATE = DateType()


@dataclass(frozen=True)
class Session:
    """What the group options give every command: which vault, and which day it is."""

    vault_path: Path
    today: dt.date

    def vault(self) -> app.Vault:
        return app.open_vault(self.vault_path)


pass_session = click.make_pass_decorator(Session)


class FollowupGroup(click.Group):
    """Turns any FollowupError into `Error: ...` on stderr and its exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FollowupError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)


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
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


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


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--no-write", is_flag=True, help="Do not write the agenda note.")
@click.option(
    "--horizon",
    type=click.IntRange(min=0),
    help="Days ahead that count as upcoming (default 7, or `horizon` in .followup.yaml).",
)
@click.option(
    "--no-cache", is_flag=True, help="Read every note afresh; neither use nor update the cache."
)
@pass_session
def agenda(
    session: Session, as_json: bool, no_write: bool, horizon: int | None, no_cache: bool
) -> None:
    """Compute who is due, print it, and write the agenda note.

    \b
    Buckets: overdue, today, the next N days (--horizon), later.
    The note is written only when its content changed.
    """
    vault = session.vault()
    computed = app.agenda(
        vault, session.today, horizon, use_cache=not no_cache, progress=_progress_bar()
    )
    written = False if no_write else app.write_agenda(vault, computed)
    if as_json:
        _echo_json(render.agenda_json(computed))
        return
    click.echo(render.agenda_text(computed))
    if not no_write:
        state = "wrote" if written else "unchanged:"
        click.echo(render.style(f"\n{state} {vault.agenda_path}", "dim"))


@cli.command()
@click.argument("contact")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@pass_session
def show(session: Session, contact: str, as_json: bool) -> None:
    """Show a contact's timeline, its next follow-up, and exactly why.

    CONTACT is a file name, a name or an alias, in any case; a unique prefix is enough.
    """
    vault = session.vault()
    found = app.report(vault, contact, session.today)
    if as_json:
        data: dict[str, Any] = {
            "name": found.contact.name,
            "path": found.contact.path,
            "status": found.contact.status,
            "due": render.item_json(found.item) if found.item else None,
            "quiet": found.quiet is not None,
            "problems": [render.problem_json(p) for p in found.problems],
        }
        _echo_json(data)
        return
    click.echo(
        render.contact_text(found.contact, found.history, found.item, found.quiet, found.problems)
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@pass_session
def check(session: Session, as_json: bool) -> None:
    """Validate every note; list each problem as path:line: message.

    Exits 1 when there are problems, so it fits in scripts and git hooks.
    """
    vault = session.vault()
    found = app.read(vault)
    problems = sorted(found.problems, key=lambda p: (p.path, p.line or 0))
    if as_json:
        _echo_json(
            {
                "contacts": len(found.contacts),
                "problems": [render.problem_json(p) for p in problems],
            }
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        notes = len({p.path for p in problems})
        if problems:
            click.echo(
                f"{len(problems)} problem(s) in {notes} note(s); "
                f"{len(found.contacts)} contact(s) read.",
                err=True,
            )
        else:
            click.echo(f"No problems: {len(found.contacts)} contact(s) read.")
    if problems:
        sys.exit(1)


def main() -> None:
    cli(prog_name="followup")
