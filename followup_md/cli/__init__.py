"""The `followup` command line: parse arguments, call the use cases, render, echo.

The only sub-package that imports click. Commands live in modules by topic and
register on the group in `group.py`, where domain errors become messages, once. A
command's module is imported only when that command runs (or help lists them all):
`followup show` does not pay for loading `stats` or `import`.
"""

import contextlib
import importlib
import os
import sys

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
    """The `followup` program: run the command, then end the process at once.

    A command's records (10,000 notes' agenda rows) are freed by the end of the process,
    not one by one by the interpreter's teardown (10 ms at 10,000 notes). What a normal
    exit does that matters still happens: output flushed, exit handlers run. (A thread
    still running would be cut off: no command leaves one; the watcher ends its own.)"""
    _null_for_closed_streams()
    try:
        cli(prog_name="followup")
        code = 0
    except SystemExit as done:
        code = _exit_code(done.code)
    import atexit

    atexit._run_exitfuncs()  # logging's flush, a pool's shutdown: whatever was registered
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the descriptor closed (`followup digest >&-`)
            continue
        with contextlib.suppress(OSError, ValueError):  # a reader that left, a closed stream
            stream.flush()
    os._exit(code)


def _null_for_closed_streams() -> None:
    """A standard stream closed at start (`followup agenda 2>&-`) is opened on the null
    device: the command finds a stream where it asks `isatty()` or writes, and no file
    it opens (a note being written) takes descriptor 0, 1 or 2, where a stray write
    would land in it."""
    while True:
        try:
            fd = os.open(os.devnull, os.O_RDWR)
        except OSError:
            return
        if fd > 2:
            os.close(fd)
            break
    for number, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(number, mode, closefd=False))  # noqa: SIM115


def _exit_code(code: object) -> int:
    """The exit status `sys.exit(code)` gives: None is 0, a message is printed, then 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def load_all() -> None:
    """Import every command's module (for tools that walk the whole command tree)."""
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"followup_md.cli.{module}")


__all__ = ["COMMAND_MODULES", "cli", "load_all", "main"]
