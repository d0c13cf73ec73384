"""The `followup` command line: parse arguments, call the use cases, render, echo.

The only sub-package that imports click. Commands live in modules by topic and
register on the group in `group.py`, where domain errors become messages, once. A
command's module is imported only when that command runs (or help lists them all):
`followup show` does not pay for loading `stats` or `import`.
"""

import importlib

from followup_md.cli.group import cli

COMMAND_MODULES = {
    "add": "recording",
    "agenda": "agenda",
    "check": "agenda",
    "digest": "digest",
    "done": "recording",
    "draft": "draft",
    "export": "export",
    "import": "importing",
    "init": "init",
    "log": "recording",
    "next": "recording",
    "service": "watch",
    "show": "show",
    "snooze": "recording",
    "stats": "stats",
    "status": "recording",
    "sync": "sync",
    "undo": "undo",
    "watch": "watch",
}
"""Each command's module in cli/ (a test holds it to what the modules define)."""

cli.modules = COMMAND_MODULES


def main() -> None:
    cli(prog_name="followup")


def load_all() -> None:
    """Import every command's module (for tools that walk the whole command tree)."""
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"followup_md.cli.{module}")


__all__ = ["COMMAND_MODULES", "cli", "load_all", "main"]
