"""Writing the stats note: as the agenda note is written, never over a note of the user's.

Only a missing or empty file, or one `followup stats --write` wrote (it carries the
stats marker), is ever replaced, atomically and only when its content changed; a link,
a path leading outside the vault or a folder at that path is a configuration error
that says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

from followup_md.core.stats import is_stats_note
from followup_md.errors import VaultError, WriteFailed
from followup_md.files import write_if_changed
from followup_md.vault.owned import check_owned


def write_stats_note(root: Path, stats_file: str, markdown: str) -> bool:
    """Write the rendered stats note if its content changed; True when it was written."""
    target = root / stats_file
    if not root.is_dir():
        raise VaultError(f"vault folder {root} has gone; the stats note was not written")
    check_owned(
        root,
        target,
        f"stats_file ({stats_file})",
        is_stats_note,
        "the stats note",
        "followup stats",
    )
    try:
        if target.parent != root:
            target.parent.mkdir(parents=True, exist_ok=True)  # a subfolder from stats_file
        return write_if_changed(target, markdown.encode("utf-8"))
    except OSError as exc:
        raise WriteFailed(
            f"cannot write the stats note {target}: {exc.strerror or exc}; check that it is "
            "a file you may write (stats_file in .followup.yaml names it), or leave out --write"
        ) from None
