"""The `followup` command line: parse arguments, call the use cases, render, echo.

The only module that imports click. Domain errors carry their exit code and are
turned into a message in one place, `FollowupGroup.invoke`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from followup_md import __version__, app, render
from followup_md.config import MAX_HORIZON
from followup_md.durations import Duration, parse_duration
from followup_md.errors import FollowupError

F = TypeVar("F", bound=Callable[..., Any])


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A `YYYY-MM-DD` date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return iso_date(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD", param, ctx)


DATE = DateType()


def iso_date(value: object) -> dt.date:
    """A strict YYYY-MM-DD date (fromisoformat alone also takes 20261122). ValueError."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


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
        except OSError as exc:  # the file system said no where no use case expected it
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)


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
    type=click.IntRange(min=0, max=MAX_HORIZON),
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
    colored = sys.stdout.isatty()
    text = "text" if colored else "plain"
    kinds: tuple[str, ...] = ("json",) if as_json else (text,)
    if not no_write:
        kinds += ("markdown",)
    outputs = app.agenda_outputs(
        vault, session.today, horizon, kinds, use_cache=not no_cache, progress=_progress_bar()
    )
    written = False if no_write else app.write_agenda_text(vault, outputs["markdown"])
    if as_json:
        click.echo(outputs["json"])
        return
    click.echo(outputs[text], color=True)  # plain text needs no stripping
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


# ------------------------------------------------------------------ changing notes


def _echo_recorded(what: str, recorded: app.Recorded) -> None:
    """What was done to which note, then the contact's next follow-up, in words."""
    contact = recorded.contact
    click.echo(f"{what} — {contact.name} ({contact.path})")
    if recorded.item is not None:
        due = recorded.item.due
        channel = f" via {due.channel}" if due.channel else ""
        click.echo(
            f"Next follow-up: {render.weekday_date(due.date)} ({render.delta(recorded.item.days)})"
            f"{channel}: {due.reason}"
        )
    elif contact.status != "active":
        click.echo(f"No follow-up: the contact is {contact.status}.")
    elif recorded.quiet is not None:
        click.echo(
            "No follow-up: no more nudges after the last one; set a cadence to stay in touch."
        )
    else:
        click.echo("No follow-up scheduled: add a cadence or a `next` date to get one.")


class WhenType(click.ParamType):  # type: ignore[type-arg]
    """A date (YYYY-MM-DD), or a duration from today (3d, 2w, 1m, monthly)."""

    name = "DATE|DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (dt.date, Duration)):
            return value
        try:
            return iso_date(value)
        except ValueError:
            pass
        try:
            return parse_duration(value)
        except ValueError:
            self.fail(f"{value!r} is neither a date (YYYY-MM-DD) nor a duration (3d, 2w, 1m)")


@cli.command()
@click.argument("contact")
@click.option(
    "-t",
    "--type",
    "type_",
    default="followup",
    show_default=True,
    help="One word: email, call, meeting, interview, event, message, ...",
)
@click.option("-s", "--summary", help="What was said.")
@click.option("--in", "direction", flag_value="in", help="They reached out or replied.")
@click.option(
    "--out", "direction", flag_value="out", default=True, help="You reached out (default)."
)
@click.option("--date", "when", type=DATE, help="When it happened (default: today).")
@click.option("--channel", help="How (default: the contact's preferred channel).")
@click.option(
    "--follow-up",
    "follow_up",
    metavar="DURATION|DATE|none",
    help="When to follow up after this one; none: no answer is expected.",
)
@click.option("--outcome", help="A word: replied, converted, declined, ...")
@pass_session
def log(
    session: Session, contact: str, type_: str, summary: str | None, direction: str,
    when: dt.date | None, channel: str | None, follow_up: str | None, outcome: str | None,
) -> None:  # fmt: skip
    """Record an interaction in a contact's note.

    Only the new lines are added, in the style the list already uses; nothing
    else in the note changes.

    \b
    Examples:
      followup log dana -t interview -s "Panel interview with the CTO"
      followup log "Bob Stone" -t email --in -s "Asked for a quote"
      followup log kim -t call --follow-up 2w --outcome replied
    """
    from followup_md.edit import NewInteraction

    vault = session.vault()
    new = NewInteraction(
        date=when or session.today,
        type=type_,
        direction="in" if direction == "in" else "out",
        channel=channel,
        summary=summary,
        follow_up=follow_up,
        outcome=outcome,
    )
    recorded = app.log(vault, contact, new, session.today)
    _echo_recorded(f"Recorded {new.type} {new.direction} on {new.date.isoformat()}", recorded)


@cli.command()
@click.argument("contact")
@click.option("-s", "--summary", help="What you sent or said.")
@pass_session
def done(session: Session, contact: str, summary: str | None) -> None:
    """Record that you just followed up with CONTACT (today, outgoing).

    After a keep-in-touch message or an answer to them, no reply is expected, so
    no nudges follow; after any other follow-up the nudges apply.
    """
    recorded = app.done(session.vault(), contact, session.today, summary)
    _echo_recorded(f"Recorded a follow-up on {session.today.isoformat()}", recorded)


@cli.command()
@click.argument("contact")
@click.argument("until", type=WhenType())
@pass_session
def snooze(session: Session, contact: str, until: dt.date | Duration) -> None:
    """Nothing is due for CONTACT before UNTIL (a date, or a duration from today).

    \b
    Examples:
      followup snooze dana 2026-12-01
      followup snooze "Bob Stone" 2w
    """
    day = until.after(session.today) if isinstance(until, Duration) else until
    recorded = app.snooze(session.vault(), contact, day, session.today)
    _echo_recorded(f"Snoozed until {day.isoformat()}", recorded)


@cli.command()
@click.argument("contact")
@click.argument("status", type=click.Choice(["active", "paused", "closed"]))
@pass_session
def status(session: Session, contact: str, status: str) -> None:
    """Set CONTACT's status: active, paused (no follow-ups for now) or closed."""
    recorded = app.set_status(session.vault(), contact, status, session.today)  # type: ignore[arg-type]
    _echo_recorded(f"Status {status}", recorded)


def _checked_duration(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a duration but keep it as the user wrote it, for the note."""
    if value is None:
        return None
    try:
        parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value.strip()


@cli.command()
@click.argument("name")
@click.option("--email")
@click.option("--phone")
@click.option("--channel", help="Preferred channel: email, phone, linkedin, ...")
@click.option("--company")
@click.option(
    "--cadence", callback=_checked_duration, help="Keep-in-touch interval: 30d, monthly, ..."
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--objective", help="What the next follow-up should achieve.")
@pass_session
def add(
    session: Session, name: str, email: str | None, phone: str | None, channel: str | None,
    company: str | None, cadence: str | None, tags: tuple[str, ...], objective: str | None,
) -> None:  # fmt: skip
    """Create a contact note named after NAME in the contacts folder.

    Uses the vault's `contact_template` note when configured (filling {{title}},
    {{date}} and {{time}}), else a built-in one. An existing note is never
    overwritten.

    \b
    Example:
      followup add "Dana Park" --email dana@example.com --channel email --cadence 30d
    """
    now = dt.datetime.combine(session.today, dt.datetime.now().time())
    fields: dict[str, Any] = {
        "company": company, "email": email, "phone": phone, "channel": channel,
        "objective": objective, "cadence": cadence,
        "tags": [tag.lstrip("#") for tag in tags],
    }  # fmt: skip
    created = app.add_contact(session.vault(), name, fields, now)
    _echo_recorded("Created", created.recorded)


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
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every event, kept or ignored.")
@click.pass_context
def watch(ctx: click.Context, debounce: int, poll: bool, quiet: bool, verbose: bool) -> None:
    """Keep the agenda note fresh: rewrite it whenever the notes change.

    Runs in the foreground until Ctrl-C or SIGTERM (`followup service install`
    keeps it running in the background). A full scan at start, then only what
    changed is re-read; the agenda is rewritten only when its content changes,
    and again at midnight. Logs go to stderr, one line per action.

    \b
    Examples:
      followup --vault ~/notes watch
      followup watch --poll --debounce 1000   # a network drive
    """
    from followup_md import watch as watching

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
    from followup_md import service as services

    unit = services.plan(session.vault().root, system=system)
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
    from followup_md import service as services

    unit = services.plan(session.vault_path.expanduser().resolve(), system=system)
    for line in services.uninstall(unit, dry_run=dry_run):
        click.echo(line)


def main() -> None:
    cli(prog_name="followup")
