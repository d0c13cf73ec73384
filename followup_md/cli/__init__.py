"""The `followup` command line: parse arguments, call the use cases, render, echo.

The only sub-package that imports click. Commands live in modules by topic and
register on the group in `group.py`, where domain errors become messages, once.
"""

from followup_md.cli import (  # noqa: F401 (registers the commands)
    agenda,
    digest,
    draft,
    export,
    importing,
    init,
    recording,
    show,
    stats,
    sync,
    undo,
    watch,
)
from followup_md.cli.group import cli


def main() -> None:
    cli(prog_name="followup")


__all__ = ["cli", "main"]
