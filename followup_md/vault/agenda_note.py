"""Writing the agenda note: only where the vault allows it, and never over a note of the user's.

Only a missing or empty file, or one this program wrote (it carries the marker), is
ever replaced; a link, a path leading outside the vault or a folder at that path is a
configuration error that says how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from followup_md.core.model import is_generated
from followup_md.errors import VaultError, WriteFailed
from followup_md.files import TargetChanged, TargetGone, atomic_write
from followup_md.vault.owned import check_owned

Merge = Callable[[str, str], str]
"""What is on disk and the new agenda -> the text to write (what the person added kept)."""


def write_agenda_note(
    root: Path,
    agenda_file: str,
    markdown: str,
    merge: Merge | None = None,
    *,
    plain: bytes | None = None,
) -> tuple[bool, bytes]:
    """Write the rendered agenda note if its content changed: whether it was, and the
    bytes the note now holds (smaller than its text, kept by a watcher).

    `merge` takes what the note holds now into the new text (ticks, typed summaries); the
    note is replaced only if it still holds what was merged, else merged again, so an
    edit saved meanwhile is never written over. A note holding exactly `plain` (what was
    last written with nothing merged in) has nothing to merge: it is not decoded.
    """
    target = root / agenda_file
    if not root.is_dir():
        raise VaultError(f"vault folder {root} has gone; the agenda was not written")
    check_owned(root, target, f"agenda_file ({agenda_file})", is_generated, "the agenda note")
    try:
        if target.parent != root:
            target.parent.mkdir(parents=True, exist_ok=True)  # a subfolder from agenda_file
        for _attempt in range(3):
            old = _current(target)
            text = markdown
            if old and merge and old != plain:
                text = merge(old.decode("utf-8", "replace"), markdown)
            data = text.encode("utf-8")
            if old == data:
                return False, data
            try:
                atomic_write(target, data, expect=old)
            except (TargetChanged, TargetGone):
                continue  # saved meanwhile: merge what it holds now
            return True, data
    except OSError as exc:
        raise WriteFailed(
            f"cannot write the agenda note {target}: {exc.strerror or exc}; check that it is "
            "a file you may write (agenda_file in .followup.yaml names it), or use --no-write"
        ) from None
    raise WriteFailed(f"the agenda note {target} kept changing while it was written; try again")


def _current(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
