"""Where followup may write a note of its own (the agenda note, the stats note): a file
inside the vault that is missing, empty, or carries its marker; never a link, a path that
leads outside the vault, a folder, or a note of the user's. Each refusal is a
configuration error that names the setting to change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from followup_md.core.model import HEAD_BYTES
from followup_md.errors import ConfigError
from followup_md.files import inside


def check_owned(
    root: Path,
    target: Path,
    setting: str,
    is_ours: Callable[[bytes], bool],
    what: str,
    writer: str = "followup",
) -> None:
    """Raise ConfigError unless `target` may hold `what` ("the agenda note"); `setting` is
    the key and value that name it (`agenda_file (Follow-ups.md)`), `is_ours` reads a
    file's first bytes for the marker; `writer` is the command that writes it."""
    if target.is_symlink() or not inside(root, target):
        raise ConfigError(
            f"{target} is a link or leads outside the vault; {what} is written only "
            f"as a file inside the vault: set {setting} in .followup.yaml to another path"
        )
    try:
        with open(target, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise ConfigError(
            f"{target} is a folder; set {setting} in .followup.yaml to a note's path"
        ) from None
    if not is_ours(head):
        raise ConfigError(
            f"{target} exists and was not written by {writer}, so it was not replaced: "
            f"rename that note, or set {setting} in .followup.yaml to another path"
        )
