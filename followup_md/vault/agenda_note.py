"""Writing the agenda note: only where the vault allows it, and never over a note of the user's.

Only a missing or empty file, or one this program wrote (it carries the marker), is
ever replaced; a link, a path leading outside the vault or a folder at that path is a
configuration error that says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

from followup_md.core.model import is_generated
from followup_md.errors import ConfigError, VaultError, WriteFailed
from followup_md.files import inside, write_if_changed


def write_agenda_note(root: Path, agenda_file: str, markdown: str) -> bool:
    """Write the rendered agenda note if its content changed; True when it was written."""
    target = root / agenda_file
    if not root.is_dir():
        raise VaultError(f"vault folder {root} has gone; the agenda was not written")
    _check_target(root, agenda_file, target)
    try:
        if target.parent != root:
            target.parent.mkdir(parents=True, exist_ok=True)  # a subfolder from agenda_file
        return write_if_changed(target, markdown.encode("utf-8"))
    except OSError as exc:
        raise WriteFailed(
            f"cannot write the agenda note {target}: {exc.strerror or exc}; check that it is "
            "a file you may write (agenda_file in .followup.yaml names it), or use --no-write"
        ) from None


def _check_target(root: Path, agenda_file: str, target: Path) -> None:
    setting = f"agenda_file ({agenda_file})"
    if target.is_symlink() or not inside(root, target):
        raise ConfigError(
            f"{target} is a link or leads outside the vault; the agenda note is written only "
            f"as a file inside the vault: set {setting} in .followup.yaml to another path"
        )
    try:
        with open(target, "rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise ConfigError(
            f"{target} is a folder; set {setting} in .followup.yaml to a note's path"
        ) from None
    if not is_generated(head):
        raise ConfigError(
            f"{target} exists and was not written by followup, so it was not replaced: "
            f"rename that note, or set {setting} in .followup.yaml to another path"
        )
