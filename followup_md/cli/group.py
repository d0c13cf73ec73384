"""The `followup` group: its options, the session every command gets, and the one place
where domain errors become messages and exit codes.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from followup_md import __version__, dirs
from followup_md.app import vaults
from followup_md.cli.params import DATE, iso_date
from followup_md.core.names import has_undecodable
from followup_md.errors import FollowupError, UsageError
from followup_md.outputs import json as json_out
from followup_md.outputs.escape import shown, shown_lines


@dataclass
class Session:
    """What the global options give every command: which vault, which day, what colour.

    `--vault`, `--today` and `--color/--no-color` are taken before the subcommand (by
    the group) and after it (by every command): `merge` joins both. The vault is found
    only when a command asks for it, so `--help` and `init` need none.
    """

    vault_option: Path | None = None
    today_option: dt.date | None = None
    color: bool | None = None
    """--color (True), --no-color (False), or neither (None: NO_COLOR, then the terminal)."""
    _today: dt.date | None = None

    @property
    def pinned(self) -> dt.date | None:
        """The date given by --today or FOLLOWUP_TODAY, or None for the clock's."""
        if self.today_option is not None:
            return self.today_option
        raw = os.environ.get("FOLLOWUP_TODAY")
        if not raw:
            return None
        try:
            return iso_date(raw)
        except ValueError:
            raise UsageError(
                f"FOLLOWUP_TODAY: {shown(raw)!r} is not a date; write it as YYYY-MM-DD"
            ) from None

    @property
    def today(self) -> dt.date:
        if self._today is None:
            self._today = self.pinned or dt.date.today()
        return self._today

    def _vault_and_source(self) -> tuple[Path, str]:
        if self.vault_option is not None:
            return self.vault_option, "--vault"
        env = os.environ.get("FOLLOWUP_VAULT")
        if env:
            return Path(env), "FOLLOWUP_VAULT"
        return vaults.find_vault(Path.cwd(), dirs.user_config_file())

    @property
    def vault_path(self) -> Path:
        return self._vault_and_source()[0]

    def vault(self) -> vaults.Vault:
        return vaults.open_vault(*self._vault_and_source())

    def colored(self, is_terminal: bool) -> bool:
        """Whether to print styles: --color/--no-color, else not under a non-empty
        NO_COLOR, else only on a terminal."""
        if self.color is not None:
            return self.color
        return not os.environ.get("NO_COLOR") and is_terminal

    def echo_color(self) -> bool | None:
        """For click.echo: False strips every style, None leaves it to the terminal."""
        if self.color is None and os.environ.get("NO_COLOR"):
            return False
        return self.color


pass_session = click.make_pass_decorator(Session)


class FollowupGroup(click.Group):
    """Turns any FollowupError into `Error: ...` on stderr and its exit code, once.

    Every command registered on it takes the global options after its name too, its
    choices match in any case, and the command list shows whole short descriptions.
    """

    group_class = type  # `service` and any other subgroup are FollowupGroups too
    modules: dict[str, str] = {}
    """Commands defined in a module of cli/ not imported yet: name -> module."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.modules:
            importlib.import_module(f"followup_md.cli.{self.modules[cmd_name]}")  # registers it
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in self.modules:
            for module in sorted(set(self.modules.values())):  # a typo: offer every name
                importlib.import_module(f"followup_md.cli.{module}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            _refuse_undecodable(ctx.args)
            return super().invoke(ctx)
        except FollowupError as exc:
            click.echo(f"Error: {shown_lines(exc.message)}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `followup agenda --json | head`: the reader has had enough
            _quiet_stdout()
            ctx.exit(0)
        except OSError as exc:  # the file system said no where no use case expected it
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {shown_lines(f'{where}{exc.strerror or exc}')}", err=True)
            ctx.exit(1)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        for param in cmd.params:
            if isinstance(param.type, click.Choice):
                param.type.case_sensitive = False
        if getattr(cmd, "global_options", True):
            _take_global_options(cmd)
        super().add_command(cmd, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _quiet_stdout() -> None:
    """Point stdout at the null device: the interpreter's last flush into the closed pipe
    would otherwise print an error of its own at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to flush
        pass


VAULT_HELP = (
    "The folder of Markdown notes (also $FOLLOWUP_VAULT). Else the nearest folder up from "
    "here holding .followup.yaml or .obsidian/, else the vault of `followup init --global`."
)
TODAY_HELP = "Compute as of this date instead of today (also $FOLLOWUP_TODAY)."
COLOR_HELP = "Style the output, or never (also NO_COLOR). Default: styles on a terminal only."


def _global_params() -> list[click.Parameter]:
    """`--vault`, `--today`, `--color/--no-color` as every command takes them after its name."""
    return [
        click.Option(["--vault", "global_vault"], type=click.Path(path_type=Path), help=VAULT_HELP),
        click.Option(["--today", "global_today"], type=DATE, help=TODAY_HELP),
        click.Option(["--color/--no-color", "global_color"], default=None, help=COLOR_HELP),
    ]


_GLOBALS = (
    ("global_vault", "--vault", "vault_option"),
    ("global_today", "--today", "today_option"),
    ("global_color", "--color/--no-color", "color"),
)


def _take_global_options(cmd: click.Command) -> None:
    """Add the global options to `cmd`, merged into the Session before it runs."""
    if any(param.name == "global_vault" for param in cmd.params):
        return
    cmd.params.extend(_global_params())
    original = cmd.callback

    def callback(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name, None) for name, _, _ in _GLOBALS}
        merge_global_options(click.get_current_context(), given)
        return original(*args, **kwargs) if original is not None else None

    cmd.callback = functools.update_wrapper(callback, original) if original else callback


def merge_global_options(ctx: click.Context, given: dict[str, Any]) -> None:
    """Join the options given after a command's name to those given before it: one given
    in both places is refused (exit 2). Then check $FOLLOWUP_TODAY, and set the colour."""
    session = ctx.find_object(Session)
    if session is None:  # a command invoked on its own, without the group
        session = ctx.ensure_object(Session)
    for name, flag, attribute in _GLOBALS:
        if ctx.get_parameter_source(name) is not ParameterSource.COMMANDLINE:
            continue
        if getattr(session, attribute) is not None:
            raise click.UsageError(
                f"{flag} is given both before and after the command; give it once",
                ctx,
            )
        setattr(session, attribute, given[name])
    ctx.find_root().params["today"] = session.pinned  # the watcher pins its clock to it
    ctx.color = session.echo_color()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """The width to wrap text to: the terminal's (or $COLUMNS), None when not a terminal."""
    if not stdout_is_terminal():
        return None
    import shutil  # only on a terminal

    return shutil.get_terminal_size().columns


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


def _progress_bar(
    label: str = "Reading notes", start: int = PROGRESS_FROM
) -> Callable[[int, int], None] | None:
    """A progress callback drawing on stderr from `start` items on, or None when stderr is
    not a terminal."""
    if not sys.stderr.isatty():
        return None
    ctx = click.get_current_context(silent=True)
    session = ctx.find_object(Session) if ctx is not None else None
    if session is not None and not session.colored(True):
        return None  # the bar hides and shows the cursor with escape sequences
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < start:
            return
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


def _echo_json(data: Any) -> None:
    echo_text(json_out.dumps(data))


ECHO_SLICE = 1 << 16
"""Characters printed at a time by `echo_text` (cut after a line break)."""


def echo_text(text: str, color: bool | None = None) -> None:
    """Print `text` and a line break a slice of whole lines at a time: printed whole, the
    megabytes of a 100,000-contact agenda are copied twice more (with the line break, then
    encoded), which was the peak of a cold run's memory."""
    start = 0
    while len(text) - start > ECHO_SLICE:
        end = text.rfind("\n", start, start + ECHO_SLICE) + 1 or start + ECHO_SLICE
        click.echo(text[start:end], nl=False, color=color)
        start = end
    click.echo(text[start:], color=color)


@click.group(cls=FollowupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", type=click.Path(path_type=Path), help=VAULT_HELP)
@click.option("--today", type=DATE, help=TODAY_HELP)
@click.option("--color/--no-color", default=None, help=COLOR_HELP)
@click.version_option(__version__, prog_name="followup")
@click.pass_context
def cli(ctx: click.Context, vault: Path | None, today: dt.date | None, color: bool | None) -> None:
    """Who to follow up with, when, why and on which channel.

    Each contact is a Markdown note whose front matter holds its interactions.
    The agenda is computed from them and written to Follow-ups.md in the vault.

    \b
    Examples:
      followup init ~/notes --global   # once: make ~/notes your vault
      followup agenda
      followup agenda --json --no-write | jq '.items[] | .name'
      followup show "Dana Park"
      followup check
    """
    given = ctx.get_parameter_source("color") is ParameterSource.COMMANDLINE
    ctx.obj = Session(vault, today, color if given else None)
    ctx.color = ctx.obj.echo_color()
