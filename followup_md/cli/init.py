"""`followup init`: make a folder a vault, and with --global record it as yours."""

from __future__ import annotations

from pathlib import Path

import click

from followup_md import dirs
from followup_md.app.setup import init_vault, write_base
from followup_md.cli.group import cli
from followup_md.core.config_spec import OPTIONS
from followup_md.outputs.escape import shown


class InitCommand(click.Command):
    """`init` takes its folder as PATH, not --vault; its help ends with every setting."""

    global_options = False

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Settings in .followup.yaml (all optional)"):
            formatter.write_dl(
                [
                    (option.name, f"{option.help} (default: {option.default or 'empty'})")
                    for option in OPTIONS
                ]
            )
        super().format_epilog(ctx, formatter)


@cli.command(cls=InitCommand, short_help="Make a folder a vault: write its .followup.yaml.")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--global",
    "record",
    is_flag=True,
    help="Also record the folder as your vault in the user configuration, used from "
    "anywhere when no --vault is given and no vault is found above the current folder.",
)
@click.option(
    "--base",
    is_flag=True,
    help="Also write Follow-ups.base beside the agenda note: an Obsidian base (views Due, "
    "By profile, Gone quiet) over the properties sync_properties keeps. Never overwritten.",
)
def init(path: Path | None, record: bool, base: bool) -> None:
    """Make PATH (default: the current folder) a vault: write .followup.yaml.

    Every setting is written commented out, with its default and meaning: the file
    changes nothing until you edit it. An existing .followup.yaml is left untouched.

    \b
    Examples:
      followup init                  # the current folder
      followup init ~/notes --global # and use ~/notes from anywhere
      followup init --base           # and an Obsidian base of the follow-ups
    """
    done = init_vault(path or Path.cwd(), dirs.user_config_file() if record else None)
    where = shown(str(done.config_file))
    if done.written:
        click.echo(
            f"Wrote {where}: every setting commented out at its default; edit it to change one."
        )
    else:
        click.echo(f"{where} already exists: left untouched.")
    if done.recorded_in is not None:
        vault = shown(str(done.config_file.parent))
        click.echo(f"Recorded {vault} as your vault in {shown(str(done.recorded_in))}.")
    if base:
        _write_base(done.config_file)


def _write_base(config_file: Path) -> None:
    written = write_base(config_file.parent)
    where = shown(str(written.file))
    if written.written:
        click.echo(f"Wrote {where}: open it in Obsidian for the views Due, By profile, Gone quiet.")
    else:
        click.echo(f"{where} already exists: left untouched.")
    if not written.synced:
        click.echo(
            "Warning: sync_properties is off, so no note carries the properties the base "
            f"shows: set `sync_properties: true` in {shown(str(config_file))}, then "
            "run `followup agenda`.",
            err=True,
        )
